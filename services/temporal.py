"""The Temporal client: one data converter (pydantic) on every client Quarry builds."""

from __future__ import annotations

from temporalio.client import Client
from temporalio.contrib.pydantic import pydantic_data_converter

from services.settings import Settings


async def connect(settings: Settings, lazy: bool = False) -> Client:
    """`lazy` defers the connection to first use, so a caller can start before Temporal is up."""
    return await Client.connect(
        settings.temporal_address,
        namespace=settings.temporal_namespace,
        data_converter=pydantic_data_converter,
        lazy=lazy,
    )
