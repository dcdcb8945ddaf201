"""qnet: the backend of a peer network for people who improve health and care across the UK."""

__version__ = "0.1.0"
