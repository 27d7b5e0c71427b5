"""The Temporal client: one data converter (pydantic, encrypted when a key is set) and tracing on
every client Quarry builds."""

from __future__ import annotations

from temporalio.client import Client
from temporalio.contrib.opentelemetry import TracingInterceptor
from temporalio.runtime import Runtime

from services.codec import data_converter
from services.settings import Settings


async def connect(settings: Settings, lazy: bool = False, runtime: Runtime | None = None) -> Client:
    """`lazy` defers the connection to first use, so a caller can start before Temporal is up."""
    return await Client.connect(
        settings.temporal_address,
        namespace=settings.temporal_namespace,
        data_converter=data_converter(settings),
        interceptors=[TracingInterceptor()],
        lazy=lazy,
        runtime=runtime,
    )
