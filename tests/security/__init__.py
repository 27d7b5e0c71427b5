"""The security layer: each finding of a probe as an outside attacker or a malicious tenant
(published ports without authentication, secrets not required, parts listening where they
should not, data readable by other users, error pages that leak internals) as a test that
failed on the code before the fix. Tests that read files or start single processes run
without the stack; those that probe the running embedded stack are marked `integration` and
share the session `stack` fixture of tests/conftest.py."""
