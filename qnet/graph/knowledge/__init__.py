"""Knowledge sharing in the graph: ideas, comments, projects, groups, rounds, follows and similar work."""
