"""The report's Word templates (kk, ru) and their build script; installed as package data."""
