"""Knowledge pages: ideas, their editing and discussion, projects and groups, idea rounds."""
