"""The codec endpoint: lets the Temporal Web UI and `temporal --codec-endpoint` show operators
decrypted payloads. POST /codec/decode and /codec/encode take and give `{"payloads": [...]}` in
Temporal's JSON form. Admin token required, except in open (dev) mode."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from google.protobuf import json_format
from temporalio.api.common.v1 import Payloads

from api.auth import ADMIN, Caller, authenticate
from services.codec import EncryptionCodec, UnknownKeyError

router = APIRouter(prefix="/codec", tags=["codec"])


def _codec(request: Request) -> EncryptionCodec:
    codec: EncryptionCodec | None = request.app.state.codec
    if codec is None:
        raise HTTPException(404, "payload encryption is off: set QUARRY_ENCRYPTION_KEY")
    caller: Caller = authenticate(request)
    if caller.tenant != ADMIN and not request.app.state.settings.open_mode:
        raise HTTPException(403, "the codec endpoint needs the admin token")
    return codec


async def _payloads(request: Request) -> Payloads:
    try:
        return json_format.Parse(await request.body(), Payloads())
    except json_format.ParseError as exc:
        # protobuf's message may quote the body (an unknown field's name): kept short
        raise HTTPException(422, f"not a Payloads JSON body: {str(exc)[:200]}") from None


def _json(payloads: list[Any]) -> dict[str, Any]:
    return json_format.MessageToDict(Payloads(payloads=payloads))


@router.post("/decode")
async def decode(request: Request) -> dict[str, Any]:
    codec = _codec(request)
    try:
        return _json(await codec.decode(list((await _payloads(request)).payloads)))
    except UnknownKeyError as exc:
        raise HTTPException(422, str(exc)) from None


@router.post("/encode")
async def encode(request: Request) -> dict[str, Any]:
    codec = _codec(request)
    return _json(await codec.encode(list((await _payloads(request)).payloads)))
