"""Knowledge sharing: ideas, comments, projects, groups, idea rounds and similar work."""
