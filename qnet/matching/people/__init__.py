"""People: profiles and skills, people search and its evidence, suggestions, connections, who could help, import."""
