"""Frozen copies of code that was rewritten, kept only as the reference the new code must match."""
