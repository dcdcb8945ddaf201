"""The coordinator's tools: clustering runs and what each cluster is, insights, pairing and introductions."""
