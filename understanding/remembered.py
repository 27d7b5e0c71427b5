"""Understanding with a tenant's remembered words: an approved phrase's meaning is read the way a
person's answer to a question back is (offline.with_answer), so it is evidence, never a bypass:
the query built from it is composed and validated against /meta like any other.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from models.ask import CubeQuery, Plan
from models.vocabulary import Approved, normalize_phrase
from understanding import offline
from understanding.catalog import Catalog


def usable(
    approved: list[Approved], catalog: Catalog
) -> tuple[dict[str, Approved], list[tuple[Approved, str]]]:
    """The approved entries the model can still read, by phrase; and those naming a member
    that left the model, each with the reason it is set aside."""
    words: dict[str, Approved] = {}
    vanished: list[tuple[Approved, str]] = []
    for entry in approved:
        if gone := [m for m in entry.members if m not in catalog.members]:
            vanished.append((entry, f"{', '.join(gone)} is no longer in the data model"))
        else:
            words[entry.phrase] = entry
    return words, vanished


@dataclass
class Outcome:
    found: CubeQuery | Plan | None = None
    ask: offline.NeedsClarification | None = None
    used: list[str] = field(default_factory=list)  # remembered phrases read as evidence
    learned: list[tuple[str, str]] = field(default_factory=list)  # (words asked, answer)


def understand(
    question: str, catalog: Catalog, answers: list[str], remembered: Mapping[str, str]
) -> Outcome:
    """Where the agent would ask about words the tenant taught it, it reads their meaning
    instead; the person's answers go, in order, to the questions still asked."""
    outcome = Outcome()
    applied: list[str] = []
    pending = list(answers)
    while True:
        try:
            outcome.found = offline.understand(question, catalog, applied)
            return outcome
        except offline.NeedsClarification as ask:
            words = (
                offline.asked_words(question, catalog, applied) if remembered or pending else None
            )
            phrase = normalize_phrase(words) if words else None
            if phrase is not None and phrase in remembered and phrase not in outcome.used:
                outcome.used.append(phrase)
                applied.append(remembered[phrase])
            elif pending:
                answer = pending.pop(0)
                if words:
                    outcome.learned.append((words, answer))
                applied.append(answer)
            else:
                outcome.ask = ask
                return outcome
