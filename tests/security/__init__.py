"""The security layer: each finding of an attack on the service (by an outsider, or by a tenant
against another) as a test that failed before it was closed."""
