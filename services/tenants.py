"""What a tenant's name may be, checked wherever one is made: keys, settings, request headers.

One pattern for all of them, so that no path can create a tenant the others would refuse, and
none can create `*`, the admin token's tenant, which sees and manages every tenant's runs.
"""

from __future__ import annotations

import re

ADMIN = "*"  # the admin token's tenant (api/auth.py): never a name a key or a setting may give
TENANT_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,64}")
RULE = "1-64 letters, digits, '-' or '_'"


def tenant_problem(name: str) -> str | None:
    """Why `name` cannot be a tenant, or None when it can."""
    if name == ADMIN:
        return "'*' is the admin token's tenant: a key or a setting may not give it"
    if not TENANT_PATTERN.fullmatch(name):
        shown = name if len(name) <= 70 else name[:64] + "..."
        return f"tenant {shown!r} is not a valid name ({RULE})"
    return None


def check_tenant(name: str) -> str:
    """`name`, or ValueError saying why it cannot be a tenant."""
    if (problem := tenant_problem(name)) is not None:
        raise ValueError(problem)
    return name
