"""The embedded stack: Temporal dev server, Redis, Cube, worker and API, started by `quarry up`."""
