"""Offline understanding: a question -> a Cube query, with no model, from /meta and sampled values.

The reader (reader/) finds evidence for every span of the question; the composer (compose/)
builds the query from it and asks when any word is unexplained or any evidence does not fit.
See DESIGN.md, "Understanding a question".
"""

from __future__ import annotations

from models.ask import Candidate, CubeQuery, Plan
from understanding import plans, spelling
from understanding.catalog import Catalog
from understanding.compose import Composer, NeedsClarification
from understanding.lexicon import Lexicon, build_lexicon
from understanding.reader import Reader, Reading

__all__ = ["NeedsClarification", "read", "understand"]


def understand(
    question: str,
    catalog: Catalog,
    clarifications: list[str] | None = None,
    trace: list[Candidate] | None = None,
) -> CubeQuery | Plan:
    """The query (or plan of queries) for a question and the answers given to earlier
    clarifications; raises NeedsClarification when some of it is not understood."""
    text = spelling.corrected(question, lexicon_of(catalog))
    for answer in clarifications or []:
        text = with_answer(text, answer, catalog)
    return plans.understand(
        text,
        catalog,
        lambda q, part=False: compose(q, catalog, part),
        lambda q: read(q, catalog),
        trace,
    )


def compose(question: str, catalog: Catalog, part: bool = False) -> CubeQuery:
    """One query for the question (or for a plan's sub-question), or NeedsClarification."""
    reading = read(question, catalog)
    composer = Composer(reading=reading, catalog=catalog, lexicon=lexicon_of(catalog))
    composer.lists_things = not part
    return composer.compose()


def read(question: str, catalog: Catalog) -> Reading:
    return Reader(question, catalog, lexicon_of(catalog)).read()


def with_answer(question: str, answer: str, catalog: Catalog) -> str:
    """The question with a clarification's answer in place of the words the agent asked about
    ("flights to Atlantis" + "Atlanta (ATL)"), or after it when it asked about no words in
    particular ("which number should I compute?")."""
    reading = read(question, catalog)
    try:
        Composer(reading=reading, catalog=catalog, lexicon=lexicon_of(catalog)).compose()
        return f"{question} {answer}"
    except NeedsClarification as clarification:
        asked = clarification
        spans = sorted(asked.spans)
    if not spans:
        return f"{question} {answer}"
    words = [t.text for t in reading.tokens]
    first = spans[0][0]
    if asked.insert:  # "less than 45 minutes" + "air time": "air time less than 45 minutes"
        words[first:first] = [answer]
        return " ".join(words)
    for start, end in reversed(spans):
        words[start:end] = [answer] if start == first else []
    return " ".join(words)


def lexicon_of(catalog: Catalog) -> Lexicon:
    """Built once per catalog: the catalog is itself cached per tenant."""
    if catalog.lexicon is None:
        catalog.lexicon = build_lexicon(catalog)
    return catalog.lexicon  # type: ignore[return-value]


def asked_words(question: str, catalog: Catalog, clarifications: list[str]) -> str | None:
    """The words the question (with the answers so far in place) asks about, as with_answer
    would replace them; None when it asks about no words in particular."""
    text = question
    for answer in clarifications:
        text = with_answer(text, answer, catalog)
    reading = read(text, catalog)
    try:
        Composer(reading=reading, catalog=catalog, lexicon=lexicon_of(catalog)).compose()
        return None
    except NeedsClarification as asked:
        if not asked.spans or asked.insert:
            return None
        spans = sorted(asked.spans)
    return " ".join(t.text for start, end in spans for t in reading.tokens[start:end])


def members_of(words: str, catalog: Catalog) -> list[str]:
    """The model members that words read as (a value's dimension, a named measure)."""
    found: set[str] = set()
    for item in read(words, catalog).items:
        found.update(m.name for m in getattr(item, "members", None) or [])
        found.update(match.dimension.name for match in getattr(item, "matches", None) or [])
        if (member := getattr(item, "member", None)) is not None:
            found.add(member.name)
    return sorted(found)
