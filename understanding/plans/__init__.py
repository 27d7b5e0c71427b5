"""Questions that need more than one query: a plan of up to four queries and one combining step
(models/ask.py, Plan), found by the rules of the plan grammar (rules.py)."""

from __future__ import annotations

from models.ask import Candidate, CubeQuery, Plan
from understanding.catalog import Catalog
from understanding.compose import NeedsClarification
from understanding.language import numbers_as_digits
from understanding.plans.parts import Compose, Context, NotThisRule, Read
from understanding.plans.rules import RULES, Rule

__all__ = ["RULES", "Rule", "understand"]


def understand(
    question: str,
    catalog: Catalog,
    compose: Compose,
    read: Read,
    trace: list[Candidate] | None = None,
) -> CubeQuery | Plan:
    """The reading that accounts for the question: a plan where a `first` rule's words are
    there, else one query, else a plan of a `fallback` rule; else the single query's question
    back. `trace` collects every reading tried and what became of it (`quarry explain`)."""
    tried = trace if trace is not None else []
    ctx = Context(compose=compose, read=read, catalog=catalog)
    words = numbers_as_digits(question)  # "all three" is "all 3", as the reader sees it
    for rule in RULES:
        if rule.tier == "first" and (found := _try(rule, words, ctx, tried)) is not None:
            return found
    try:
        query = compose(question)
    except NeedsClarification as asked:
        tried.append(Candidate(reading="one query", outcome="asks", detail=asked.question))
        for rule in RULES:
            if rule.tier == "fallback" and (found := _try(rule, words, ctx, tried)) is not None:
                return found
        raise asked from None
    tried.append(Candidate(reading="one query", outcome="chosen"))
    return query


def _try(
    rule: Rule, question: str, ctx: Context, tried: list[Candidate]
) -> CubeQuery | Plan | None:
    match = rule.pattern.match(question)
    if match is None:
        return None
    try:
        found = rule.build(match, ctx)
    except NotThisRule as why:
        tried.append(Candidate(reading=rule.name, outcome="not this reading", detail=str(why)))
        return None
    except NeedsClarification as asked:
        tried.append(Candidate(reading=rule.name, outcome="asks", detail=asked.question))
        raise
    tried.append(Candidate(reading=rule.name, outcome="chosen"))
    return found
