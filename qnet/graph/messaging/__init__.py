"""Reaching people in the graph: conversations, blocks, message flags, notifications, fan-out, activity facts."""
