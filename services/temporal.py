"""The Temporal client: one data converter (pydantic, encrypted when a key is set), tracing, and
the transport security a production cluster asks for (TLS, a client certificate for mutual TLS,
a bearer token for its authorizer) on every client Quarry builds."""

from __future__ import annotations

from pathlib import Path

from temporalio.client import Client
from temporalio.contrib.opentelemetry import TracingInterceptor
from temporalio.runtime import Runtime
from temporalio.service import TLSConfig

from services.codec import data_converter
from services.settings import Settings


class TemporalTlsError(ValueError):
    """TLS settings that cannot work together, said before any connection is tried."""


async def connect(settings: Settings, lazy: bool = False, runtime: Runtime | None = None) -> Client:
    """`lazy` defers the connection to first use, so a caller can start before Temporal is up."""
    api_key = settings.temporal_api_key
    return await Client.connect(
        settings.temporal_address,
        namespace=settings.temporal_namespace,
        data_converter=data_converter(settings),
        interceptors=[TracingInterceptor()],
        lazy=lazy,
        runtime=runtime,
        tls=tls_config(settings),
        api_key=api_key.get_secret_value() if api_key is not None else None,
    )


def tls_config(settings: Settings) -> TLSConfig | bool:
    """False (plain gRPC, the embedded dev server) unless TLS is asked for; with a CA file the
    server is checked against it (else the system's roots), with a certificate and key this
    client proves who it is (mutual TLS). Errors name the setting, never a key's content."""
    cert, key = settings.temporal_tls_cert_file, settings.temporal_tls_key_file
    if (cert is None) != (key is None):
        raise TemporalTlsError(
            "TEMPORAL_TLS_CERT_FILE and TEMPORAL_TLS_KEY_FILE go together: set both or neither"
        )
    files = (settings.temporal_tls_ca_file, cert, key)
    if not settings.temporal_tls and all(f is None for f in files):
        return False
    return TLSConfig(
        server_root_ca_cert=_read(settings.temporal_tls_ca_file, "TEMPORAL_TLS_CA_FILE"),
        domain=settings.temporal_tls_server_name,
        client_cert=_read(cert, "TEMPORAL_TLS_CERT_FILE"),
        client_private_key=_read(key, "TEMPORAL_TLS_KEY_FILE"),
    )


def _read(path: Path | None, setting: str) -> bytes | None:
    if path is None:
        return None
    try:
        return path.read_bytes()
    except OSError as exc:
        raise TemporalTlsError(f"{setting}: cannot read {path} ({exc.strerror})") from None
