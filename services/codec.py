"""AES-GCM payload encryption: every payload Temporal stores (inputs, results, signals, queries)
is ciphertext, so questions, queries and answers never sit in Temporal's database in clear.

Each payload names the key that sealed it (`encryption-key-id`), so keys can rotate: seal with
the newest key, keep older ones listed to open what they sealed.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import os
from collections.abc import Iterable, Sequence

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from temporalio.api.common.v1 import Payload
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.converter import (
    DataConverter,
    DefaultFailureConverterWithEncodedAttributes,
    PayloadCodec,
)

from services.settings import Settings

ENCODING = b"binary/encrypted"
KEY_ID = "encryption-key-id"
NONCE_BYTES = 12


class UnknownKeyError(ValueError):
    """A payload was sealed with a key this process does not have."""


def key_id(key: bytes) -> str:
    return hashlib.sha256(key).hexdigest()[:16]


class EncryptionCodec(PayloadCodec):
    def __init__(self, current: bytes, older: Iterable[bytes] = ()) -> None:
        self._current_id = key_id(current).encode()
        self._keys = {key_id(k).encode(): AESGCM(k) for k in (*older, current)}

    async def encode(self, payloads: Sequence[Payload]) -> list[Payload]:
        return [self._seal(p) for p in payloads]

    async def decode(self, payloads: Sequence[Payload]) -> list[Payload]:
        return [self._open(p) for p in payloads]

    def _seal(self, payload: Payload) -> Payload:
        nonce = os.urandom(NONCE_BYTES)
        sealed = self._keys[self._current_id].encrypt(nonce, payload.SerializeToString(), None)
        return Payload(
            metadata={"encoding": ENCODING, KEY_ID: self._current_id}, data=nonce + sealed
        )

    def _open(self, payload: Payload) -> Payload:
        if payload.metadata.get("encoding") != ENCODING:
            return payload  # written before encryption was turned on
        aes = self._keys.get(payload.metadata.get(KEY_ID, b""))
        if aes is None:
            raise UnknownKeyError(f"no key {payload.metadata.get(KEY_ID, b'').decode()!r}")
        nonce, sealed = payload.data[:NONCE_BYTES], payload.data[NONCE_BYTES:]
        return Payload.FromString(aes.decrypt(nonce, sealed, None))


def decode_key(text: str) -> bytes:
    key = base64.b64decode(text.strip(), validate=True)
    if len(key) not in (16, 24, 32):
        raise ValueError("QUARRY_ENCRYPTION_KEY must be 16, 24 or 32 bytes, base64-encoded")
    return key


def codec_from(settings: Settings) -> EncryptionCodec | None:
    if settings.encryption_key is None:
        return None
    older = [decode_key(k) for k in settings.encryption_old_keys.split(",") if k.strip()]
    return EncryptionCodec(decode_key(settings.encryption_key.get_secret_value()), older)


def data_converter(settings: Settings) -> DataConverter:
    """The one converter every client uses: pydantic, plus encryption when a key is set (then
    failure messages and stack traces are encrypted too)."""
    codec = codec_from(settings)
    if codec is None:
        return pydantic_data_converter
    return dataclasses.replace(
        pydantic_data_converter,
        payload_codec=codec,
        failure_converter_class=DefaultFailureConverterWithEncodedAttributes,
    )
