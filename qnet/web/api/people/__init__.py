"""The people API: members and profiles, search, suggestions and connections."""
