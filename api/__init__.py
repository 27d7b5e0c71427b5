"""The REST API: submit questions, read runs, health."""
