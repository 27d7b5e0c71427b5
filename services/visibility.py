"""Registers Quarry's search attributes on the namespace: idempotent, run at every start-up."""

from __future__ import annotations

import logging

from temporalio.api.enums.v1 import IndexedValueType
from temporalio.api.operatorservice.v1 import AddSearchAttributesRequest
from temporalio.client import Client
from temporalio.service import RPCError, RPCStatusCode

from models.search_attributes import ALL

log = logging.getLogger("quarry.visibility")


async def register_search_attributes(client: Client, namespace: str) -> None:
    request = AddSearchAttributesRequest(
        namespace=namespace,
        search_attributes={
            key.name: IndexedValueType.ValueType(int(key.indexed_value_type)) for key in ALL
        },
    )
    try:
        await client.operator_service.add_search_attributes(request)
    except RPCError as exc:
        if exc.status != RPCStatusCode.ALREADY_EXISTS:
            raise
    log.info("search attributes registered: %s", ", ".join(k.name for k in ALL))
