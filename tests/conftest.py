"""Shared test set-up: the integration marker is skipped unless asked for (`-m integration`)."""
