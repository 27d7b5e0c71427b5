"""The AES-GCM payload codec: round trips, key rotation, refusing unknown keys."""

from __future__ import annotations

import base64
import os

import pytest
from temporalio.api.common.v1 import Payload

from services.codec import ENCODING, KEY_ID, EncryptionCodec, UnknownKeyError, decode_key, key_id


def payload(text: str) -> Payload:
    return Payload(metadata={"encoding": b"json/plain"}, data=text.encode())


async def test_sealed_payloads_hide_their_content_and_open_again() -> None:
    codec = EncryptionCodec(os.urandom(32))
    [sealed] = await codec.encode([payload('"How many flights to HNL?"')])
    assert sealed.metadata["encoding"] == ENCODING
    assert b"HNL" not in sealed.data
    [opened] = await codec.decode([sealed])
    assert opened == payload('"How many flights to HNL?"')


async def test_rotation_reads_old_payloads_and_writes_with_the_new_key() -> None:
    old, new = os.urandom(32), os.urandom(32)
    [from_before] = await EncryptionCodec(old).encode([payload("1")])
    rotated = EncryptionCodec(new, older=[old])
    assert await rotated.decode([from_before]) == [payload("1")]
    [fresh] = await rotated.encode([payload("2")])
    assert fresh.metadata[KEY_ID] == key_id(new).encode()


async def test_a_payload_sealed_with_an_unknown_key_is_refused() -> None:
    [sealed] = await EncryptionCodec(os.urandom(32)).encode([payload("x")])
    with pytest.raises(UnknownKeyError):
        await EncryptionCodec(os.urandom(32)).decode([sealed])


async def test_plain_payloads_from_before_encryption_pass_through() -> None:
    assert await EncryptionCodec(os.urandom(16)).decode([payload("7")]) == [payload("7")]


def test_keys_must_be_aes_sized() -> None:
    assert len(decode_key(base64.b64encode(os.urandom(24)).decode())) == 24
    with pytest.raises(ValueError, match="16, 24 or 32"):
        decode_key(base64.b64encode(b"short").decode())
