"""With QUARRY_ENCRYPTION_KEY set, Temporal's database never holds a question in clear, and the
codec endpoint shows operators the decrypted payloads."""

from __future__ import annotations

import base64
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from stack.launch import LaunchedStack, launched_stack, ports

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def encrypted(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LaunchedStack]:
    key = base64.b64encode(os.urandom(32)).decode()
    env = {**ports(17400), "QUARRY_ENCRYPTION_KEY": key}
    with launched_stack(tmp_path_factory.mktemp("encrypted"), env) as running:
        yield running


def test_the_canary_question_is_nowhere_in_temporal_in_clear(encrypted: LaunchedStack) -> None:
    # A threshold no other run uses: every word is understood, and the number is unique.
    limit = 100_000_000 + uuid.uuid4().int % 800_000_000
    canary = f"How many flights to LAX departed more than {limit} minutes late?"
    reply = httpx.post(
        f"{encrypted.api}/v1/questions", json={"question": canary, "wait_seconds": 30}, timeout=60
    )
    assert reply.json()["status"] == "completed"
    assert reply.json()["question"] == canary  # the API, holding the key, reads it back
    token = str(limit).encode()
    stored = [p for p in encrypted.data_dir.glob("temporal.sqlite*") if p.stat().st_size]
    assert stored, "Temporal wrote nothing?"
    for path in stored:
        assert token not in Path(path).read_bytes(), f"{path.name} holds the question in clear"
    assert b"flights.count" not in b"".join(p.read_bytes() for p in stored)  # the query too


def test_the_codec_endpoint_decrypts_for_operators(encrypted: LaunchedStack) -> None:
    plain = {
        "metadata": {"encoding": base64.b64encode(b"json/plain").decode()},
        "data": base64.b64encode(b'"secret question"').decode(),
    }
    token = (encrypted.data_dir / "admin-token").read_text().strip()
    admin = {"Authorization": f"Bearer {token}"}
    sealed = httpx.post(f"{encrypted.api}/codec/encode", json={"payloads": [plain]}, headers=admin)
    assert sealed.status_code == 200
    assert base64.b64decode(sealed.json()["payloads"][0]["data"]) != b'"secret question"'
    opened = httpx.post(f"{encrypted.api}/codec/decode", json=sealed.json(), headers=admin)
    assert opened.json()["payloads"][0]["data"] == plain["data"]
    preflight = httpx.options(
        f"{encrypted.api}/codec/decode",
        headers={"Origin": "http://localhost:8233", "Access-Control-Request-Method": "POST"},
    )
    assert preflight.headers["access-control-allow-origin"] == "http://localhost:8233"
    garbage = httpx.post(f"{encrypted.api}/codec/decode", content=b"{]", headers=admin)
    assert garbage.status_code == 422
