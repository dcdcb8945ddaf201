"""People pages: search and profiles."""
