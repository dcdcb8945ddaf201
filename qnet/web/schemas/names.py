"""The name field every schema uses; its rules belong to the people area (qnet.matching.people.names)."""

from qnet.matching.people.names import Name

__all__ = ["Name"]
