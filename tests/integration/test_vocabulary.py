"""Remembered words on the real stack (the issue's done-when script): a question is asked back,
answered, the entry approved; three rewordings are then answered directly and right; "wrong"
feedback takes the entry out of use; another tenant's same question is still asked back."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.conftest import Stack
from tests.integration.test_service_layer import admin_token
from tests.polling import eventually

pytestmark = pytest.mark.integration

ASKED = "How many flights went to Sin City?"
REWORDINGS = [
    "How many flights flew to sin city?",
    "Number of flights to Sin City",
    "How many flights went to Sin City in 2013?",
]


def ask(api: httpx.Client, tenant: str, question: str) -> dict[str, Any]:
    reply = api.post(
        "/v1/questions",
        json={"question": question, "wait_seconds": 30},
        headers={"X-Quarry-Tenant": tenant},
    )
    assert reply.status_code in (200, 202), reply.text
    return reply.json()  # type: ignore[no-any-return]


def test_a_tenant_teaches_quarry_a_phrase(api: httpx.Client, stack: Stack) -> None:
    admin = {"Authorization": f"Bearer {admin_token(stack)}"}
    las = ask(api, "vocab-a", "How many flights went to LAS?")["answer"]["rows"]

    asked = ask(api, "vocab-a", ASKED)
    assert asked["status"] == "needs_clarification", asked
    run = asked["run_id"]
    as_a = {"X-Quarry-Tenant": "vocab-a"}
    reply = api.post(f"/v1/runs/{run}/clarify", json={"answer": "Las Vegas"}, headers=as_a)
    assert reply.status_code == 202, reply.text
    done = eventually(
        lambda: api.get(f"/v1/runs/{run}", headers=as_a).json(),
        lambda v: v["status"] == "completed",
        30,
    )
    assert done["answer"]["rows"] == las
    assert "can be remembered" in done["answer"]["remembered"][0]

    entries = api.get("/v1/vocabulary", params={"tenant": "vocab-a"}, headers=admin).json()
    assert [(e["phrase"], e["meaning"], e["status"]) for e in entries] == [
        ("sin city", "Las Vegas", "suggested")
    ]
    assert entries[0]["run_id"] == run
    assert api.get("/v1/vocabulary", params={"tenant": "vocab-a"}).status_code == 403
    entry = entries[0]["id"]
    approved = api.post(
        f"/v1/vocabulary/{entry}/approve", params={"tenant": "vocab-a"}, headers=admin
    )
    assert approved.json()["status"] == "approved", approved.text

    why = api.post("/v1/questions/explain", json={"question": ASKED}, headers=as_a).json()
    assert why["outcome"] == "answered", why  # `quarry explain` reads the words as a run does

    answered = [ask(api, "vocab-a", question) for question in REWORDINGS]
    for view in answered:
        assert view["status"] == "completed", view
        assert view["clarifications"] == []
        assert view["answer"]["rows"] == las  # right: the same count as asking for LAS
        assert "sin city: Las Vegas, as you told us on" in view["answer"]["interpretation"]

    wrong = api.post(
        f"/v1/runs/{answered[0]['run_id']}/feedback",
        json={"verdict": "wrong", "note": "I meant Reno"},
        headers=as_a,
    )
    assert wrong.status_code == 200, wrong.text
    assert wrong.json()["set_aside"] == [entry]
    again = ask(api, "vocab-a", REWORDINGS[1])
    assert again["status"] == "needs_clarification", again  # the pair is out of use

    assert ask(api, "vocab-b", ASKED)["status"] == "needs_clarification"


def test_bad_vocabulary_requests_get_clear_4xx(api: httpx.Client, stack: Stack) -> None:
    admin = {"Authorization": f"Bearer {admin_token(stack)}"}
    missing = api.post("/v1/vocabulary/999999/approve", params={"tenant": "x"}, headers=admin)
    assert missing.status_code == 404 and "no vocabulary entry" in missing.json()["detail"]
    huge = api.delete(f"/v1/vocabulary/{2**70}", params={"tenant": "x"}, headers=admin)
    assert huge.status_code == 422
    bad_tenant = api.get("/v1/vocabulary", params={"tenant": "a b"}, headers=admin)
    assert bad_tenant.status_code == 422
    verdict = api.post("/v1/runs/ask-0/feedback", json={"verdict": "maybe"})
    assert verdict.status_code == 422
