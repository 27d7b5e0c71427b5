"""Temporal workflows. Modules here stay deterministic and import-light."""
