"""The built-in synthetic demo school (`school.generate_demo`), with invented names and texts."""

from .school import generate_demo

__all__ = ["generate_demo"]
