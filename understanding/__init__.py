"""Turning a question into a Cube query: the catalog built from /meta, and the providers."""
