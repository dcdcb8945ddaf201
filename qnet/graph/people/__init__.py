"""People in the graph: profiles, skills, search candidates, suggestions, connections, collaborators."""
