"""What a worker or API process checks before it starts: outside the embedded dev stack, no
payload may reach Temporal in clear, so a missing encryption key stops the process with one
clear line (and a non-zero exit) instead of a service that quietly stores questions in clear."""

from __future__ import annotations

from services.codec import decode_key
from services.settings import Settings
from services.temporal import TemporalTlsError, tls_config

MISSING_KEY = (
    "QUARRY_ENCRYPTION_KEY is not set; outside the embedded dev stack (`quarry up`) every "
    "payload Temporal stores must be encrypted. Set it on every worker and API process "
    "(README, Payload encryption)."
)


def startup_problem(settings: Settings) -> str | None:
    """Why this process must not start, or None."""
    if settings.encryption_key is None:
        if not settings.embedded_dev_stack:
            return MISSING_KEY
    else:
        try:
            decode_key(settings.encryption_key.get_secret_value())
        except ValueError:  # the message names the setting, never the key
            return "QUARRY_ENCRYPTION_KEY must be base64 of 16, 24 or 32 bytes"
    try:
        tls_config(settings)
    except TemporalTlsError as exc:
        return str(exc)
    return None


def refuse_unsafe_start(settings: Settings, process: str) -> None:
    """Exits (status 1, one line on stderr) when `startup_problem` finds a reason."""
    if (problem := startup_problem(settings)) is not None:
        raise SystemExit(f"quarry {process} refuses to start: {problem}")
