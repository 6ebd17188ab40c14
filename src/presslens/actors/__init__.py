"""The `actors` layer: every way an article refers to each actor, with the voice that does it."""

from .naming import name_actors

__all__ = ["name_actors"]
