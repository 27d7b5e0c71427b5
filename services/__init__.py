"""Service layer: settings, clients and cross-cutting services for activities and the API."""
