"""The local test site (see server.py)."""
