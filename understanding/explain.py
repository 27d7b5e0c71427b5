"""Why the agent answered or asked (`quarry explain`, the API's `explain` flag): each word's
role as the reader took it, every reading tried in order and what became of it, the result."""

from __future__ import annotations

import re
from collections.abc import Mapping

from models.ask import Candidate, CubeQuery, Explanation, Plan, WordRole
from understanding import interpret, offline, plans, remembered, spelling
from understanding.catalog import Catalog
from understanding.language import Token, is_function_word, numbers_as_digits
from understanding.reader import (
    ComparisonItem,
    Item,
    MemberItem,
    ScopeItem,
    TimeItem,
    ValueItem,
    VerbItem,
    WordItem,
)


def explain(question: str, catalog: Catalog, words: Mapping[str, str] | None = None) -> Explanation:
    """`words`: the tenant's remembered phrases and their meanings, read where the agent would
    otherwise ask, as a run reads them."""
    trace: list[Candidate] = []
    read = spelling.corrected(question, offline.lexicon_of(catalog))
    if read != question:
        trace.append(
            Candidate(reading=f'read as "{read}"', outcome="chosen", detail="slips corrected")
        )
    try:
        found = offline.understand(question, catalog, trace=trace)
    except offline.NeedsClarification as asked:
        taught = remembered.understand(question, catalog, [], words) if words else None
        if taught is not None and taught.found is not None and words is not None:
            trace += [
                Candidate(
                    reading=f'"{phrase}" read as "{words[phrase]}"',
                    outcome="chosen",
                    detail="a remembered word of this tenant",
                )
                for phrase in taught.used
            ]
            return _answered(question, read, catalog, taught.found, trace)
        return Explanation(
            question=question,
            words=roles(read, catalog),
            candidates=trace,
            outcome="asked",
            result=asked.question,
        )
    return _answered(question, read, catalog, found, trace)


def _answered(
    question: str, read: str, catalog: Catalog, found: CubeQuery | Plan, trace: list[Candidate]
) -> Explanation:
    if isinstance(found, CubeQuery):
        result = interpret.describe(found, catalog).text
    else:
        result = found.description
    return Explanation(
        question=question,
        words=_with_rule(roles(read, catalog), read, trace),
        candidates=trace,
        outcome="answered",
        result=result,
    )


# Slots of a rule's pattern that hold its own words ("grow", "times"), not a sub-question's.
RULE_WORD_SLOTS = frozenset({"change", "times"})


def _with_rule(words: list[WordRole], question: str, trace: list[Candidate]) -> list[WordRole]:
    """The words a chosen plan rule reads itself ("only", "than"), said as the rule's."""
    chosen = next((c for c in reversed(trace) if c.outcome == "chosen"), None)
    rule = next((r for r in plans.RULES if chosen and r.name == chosen.reading), None)
    match = rule.pattern.match(numbers_as_digits(question)) if rule else None
    if rule is None or match is None:
        return words
    inside = [match.span(g) for g in match.re.groupindex if g not in RULE_WORD_SLOTS]
    own = set(re.findall(r"[a-z']+", _literal(match, inside).lower()))
    return [
        WordRole(text=w.text, role=f"read by the plan rule: {rule.name}")
        if w.text.lower() in own and w.role in ("not understood", "function word (no data)")
        else w
        for w in words
    ]


def _literal(match: re.Match[str], inside: list[tuple[int, int]]) -> str:
    """The question's characters the rule's pattern matched outside its slots."""
    start, end = match.span()
    return "".join(
        match.string[i] if not any(a <= i < b for a, b in inside) else " "
        for i in range(start, end)
    )


def roles(question: str, catalog: Catalog) -> list[WordRole]:
    """The question's spans, in order, each with the evidence the reader found for it."""
    reading = offline.read(question, catalog)
    found: list[WordRole] = []
    position = 0
    for item in sorted(reading.items, key=lambda i: i.start):
        for token in reading.tokens[position : item.start]:
            found.append(WordRole(text=token.text, role=_plain(token)))
        found.append(WordRole(text=reading.text(item), role=role(item)))
        position = max(position, item.end)
    for token in reading.tokens[position:]:
        found.append(WordRole(text=token.text, role=_plain(token)))
    return found


def _plain(token: Token) -> str:
    if not any(c.isalnum() for c in token.norm):
        return "punctuation"
    return "function word (no data)" if is_function_word(token) else "not understood"


def role(item: Item) -> str:
    if isinstance(item, MemberItem):
        return "names " + " | ".join(m.short_title.lower() for m in item.members[:4])
    if isinstance(item, ValueItem):
        return "value " + " | ".join(
            f"{m.dimension.short_title.lower()} {', '.join(m.values[:3])}" for m in item.matches
        )
    if isinstance(item, TimeItem):
        return f"period ({item.kind}{': ' + item.label if item.label else ''})"
    if isinstance(item, ComparisonItem):
        unit = f" {item.unit}" if item.unit else ""
        return f"comparison {item.op} {item.value:g}{unit}"
    if isinstance(item, VerbItem):
        return "verb of " + " | ".join(m.short_title.lower() for m in item.members[:3])
    if isinstance(item, ScopeItem):
        return "true of every row"
    if isinstance(item, WordItem):
        value = f": {item.value}" if item.value else ""
        return f"{item.kind} word{value}"
    return type(item).__name__
