"""The knowledge API: ideas, comments, projects, groups and idea rounds."""
