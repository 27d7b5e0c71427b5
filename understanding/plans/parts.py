"""What plan rules build with: sub-questions composed as single queries, parallel parts of a
question swapped by evidence ("from LaGuardia" -> "from JFK"), and descriptions in words."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from models.ask import CubeQuery, Interpretation
from understanding import interpret
from understanding.catalog import Catalog, Member
from understanding.compose import NeedsClarification
from understanding.language import tokenize
from understanding.reader import Reading, TimeItem, ValueItem

Read = Callable[[str], Reading]


class Compose(Protocol):
    """One query for a question; `part`: a plan's sub-question, a figure or a list its words
    ask for, never things listed by name on their own."""

    def __call__(self, question: str, part: bool = False) -> CubeQuery: ...


class NotThisRule(Exception):
    """The rule's words are there but the question is not of its shape: try the next reading."""


@dataclass
class Context:
    """One question's tools: compose a sub-question, read one, and the tenant's catalog."""

    compose: Compose
    read: Read
    catalog: Catalog

    def query(self, text: str, lists: bool = False) -> CubeQuery:
        """A sub-question's query; a sub-question the agent cannot read is not this rule's.
        `lists`: things named in the plural list those things ("destinations United serves
        from Newark"), as a whole question does; a part of a share or a ratio counts them."""
        try:
            return self.compose(text, part=not lists)
        except NeedsClarification as asked:
            raise NotThisRule(asked.question) from asked

    def groups(self, text: str) -> CubeQuery:
        """Every group a sub-question lists, unranked: the set rules' sides."""
        return grouped(self.query(text, lists=True))

    def words(self, query: CubeQuery) -> Interpretation:
        return interpret.describe(query, self.catalog)

    def title(self, name: str) -> str:
        member = self.catalog.members.get(name)
        return member.short_title if member else name


def as_which(text: str) -> tuple[str, bool]:
    """ "How many carriers flew ..." -> ("Which carriers flew ...", True): the sub-questions
    list the things; the plan counts them."""
    found = re.match(r"\s*how\s+many\s+(?:of\s+(?:the|our)\s+)?", text, re.IGNORECASE)
    if found:
        return "Which " + text[found.end() :], True
    return text, False


def grouped(query: CubeQuery) -> CubeQuery:
    """A query of every group, unranked: the rule, not the words, decides what is kept."""
    if not query.dimensions:
        raise NotThisRule("the question lists no groups")
    return query.model_copy(update={"order": [], "limit": None})


def swap(head: str, tail: str, ctx: Context) -> str:
    """`head` with the part that `tail` stands in parallel to replaced by it: "Which carriers
    flew from LaGuardia" + "from JFK" -> "Which carriers flew from JFK". The parallel part is
    the one of the same kind of evidence: a value of the same column, or a period."""
    head_tokens, tail_tokens = tokenize(head), tokenize(tail)
    target = _content(ctx.read(tail))
    if target is None:
        raise NotThisRule(f'"{tail}" names no value or period')
    same = [i for i in ctx.read(head).items if _parallel(i, target)]
    if not same:
        raise NotThisRule(f'nothing in "{head}" stands where "{tail}" does')
    item = same[-1]
    start, end = item.start, item.end
    cue = [t.norm for t in tail_tokens[: target.start]]
    before = [t.norm for t in head_tokens[max(0, start - len(cue)) : start]]
    if cue and before == cue:
        start -= len(cue)
        replacement = tail_tokens
    else:
        replacement = tail_tokens[target.start :]
    words = [t.text for t in head_tokens[:start]]
    words += [t.text for t in replacement]
    words += [t.text for t in head_tokens[end:]]
    return " ".join(words)


def trailing_scope(tail: str, ctx: Context, head: str = "") -> tuple[str, str]:
    """ "LaGuardia in December" -> ("LaGuardia", "in December"): what follows the reference
    holds for both sides compared. Kept whole where what follows stands in parallel to it
    ("winter (Dec-Feb)"), names nothing, or where the first side (`head`) says its own
    ("Delta from JFK than United from Newark")."""
    own = ctx.read(head).items if head else []
    reading = ctx.read(tail)
    target = _content(reading)
    if target is None or target.end >= len(reading.tokens):
        return tail, ""
    after = reading.tokens[target.end :]
    rest = [i for i in reading.items if i.start >= target.end]
    said = [i for i in rest if isinstance(i, ValueItem | TimeItem)]
    if not said or any(_parallel(i, target) for i in rest):
        return tail, ""
    if any(_parallel(o, i) for o in own for i in said if isinstance(i, ValueItem | TimeItem)):
        return tail, ""
    named = " ".join(t.text for t in reading.tokens[: target.end])
    return named, " ".join(t.text for t in after)


def parallels(head: str, tail: str, ctx: Context) -> list[ValueItem | TimeItem]:
    """What `tail` names that stands in parallel to something `head` names."""
    own = ctx.read(head).items
    reading = ctx.read(tail)
    depth, glossed = 0, set()  # "winter (Dec-Feb)": a gloss in brackets is the same thing
    for n, token in enumerate(reading.tokens):
        depth += {"(": 1, ")": -1}.get(token.norm, 0)
        if depth:
            glossed.add(n)
    said = [
        i for i in reading.items if isinstance(i, ValueItem | TimeItem) and i.start not in glossed
    ]
    return [i for i in said if any(_parallel(o, i) for o in own)]


def _content(reading: Reading) -> ValueItem | TimeItem | None:
    for item in reading.items:
        if isinstance(item, ValueItem | TimeItem):
            return item
    return None


def _parallel(item: object, target: ValueItem | TimeItem) -> bool:
    if isinstance(target, TimeItem):
        return isinstance(item, TimeItem)
    if not isinstance(item, ValueItem):
        return False
    dims = {m.dimension.name for m in target.matches}
    return any(m.dimension.name in dims for m in item.matches)


def values_of(dimension: Member, ctx: Context) -> list[str]:
    return list(ctx.catalog.values.get(dimension.name, []))


def scope_words(query: CubeQuery, ctx: Context) -> str:
    interpretation = ctx.words(query)
    return "; ".join(interpretation.scope) or "all of the data"
