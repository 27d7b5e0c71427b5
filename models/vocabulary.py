"""A tenant's remembered words: the store's entries and what the agents say they used or learned.

Beside models/ask.py because the workflow carries them (UnderstandResult, the `remember`
activity), so a replay sees exactly what a run used and recorded.
"""

from __future__ import annotations

import re
from typing import Literal, NamedTuple

from pydantic import BaseModel, Field

EntryStatus = Literal["suggested", "approved", "set_aside"]
Verdict = Literal["right", "wrong"]


def normalize_phrase(phrase: str) -> str:
    """Case, spacing and surrounding punctuation do not change a phrase ("Sin City?")."""
    return re.sub(r"\s+", " ", phrase.strip().lower()).strip(" ?.!,;:'\"")


class Approved(NamedTuple):
    """An entry in use, as the agent reads it (lean: every `understand` call reads them)."""

    id: int
    phrase: str
    meaning: str
    members: list[str]
    created_at: str


class LearnedWord(BaseModel):
    """What an answered clarification resolved: the words asked about -> the person's answer,
    with the model members the answer reads as (to notice when they vanish from the model)."""

    phrase: str
    meaning: str
    members: list[str] = Field(default_factory=list)


class UsedWord(BaseModel):
    """An approved entry the agent read as evidence for a run, as it was when used."""

    id: int
    phrase: str
    meaning: str
    told_on: str  # the day the tenant told us, for the interpretation ("as you told us on ...")

    @property
    def note(self) -> str:
        return f"{self.phrase}: {self.meaning}, as you told us on {self.told_on}"


class RememberInput(BaseModel):
    tenant: str
    run_id: str
    question: str
    query: dict[str, object] | None = None  # the resolved query: the question -> query pair
    words: list[LearnedWord]
    at: str  # workflow time, so retries and replays record the same


class RememberResult(BaseModel):
    suggested: list[int] = Field(default_factory=list, description="Entry ids, new or existing.")


class Entry(BaseModel):
    """One remembered phrase of one tenant, with where it came from."""

    id: int
    tenant: str
    phrase: str
    meaning: str
    members: list[str] = Field(default_factory=list)
    status: EntryStatus
    reason: str | None = None
    question: str | None = None
    query: dict[str, object] | None = None
    run_id: str | None = None
    created_at: str
    created_by: str
    approved_at: str | None = None
    approved_by: str | None = None
    updated_at: str


class Feedback(BaseModel):
    tenant: str
    run_id: str
    verdict: Verdict
    note: str = ""
    at: str
    set_aside: list[int] = Field(default_factory=list, description="Entries taken out of use.")
