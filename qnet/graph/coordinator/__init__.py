"""The coordinator's graph: clustering runs, the community read out for them, pairing and introductions."""
