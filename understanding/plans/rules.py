"""The plan grammar: questions that need more than one query, one rule per phenomenon.

A rule is data: a name, a pattern over the question's words, the combining step its plan ends
in, when it is tried, and examples (which are also its tests: tests/unit/test_plans.py). Its
production splits the question into sub-questions, each read by the single-query agent, so a
plan understands exactly the words a single query would, plus the rule's own.

When a rule is tried:
- `first`: its words would be misread by one query ("both", "only", "but never", "more ...
  than <a named thing>"); where its plan cannot be built, one query is tried, which must then
  account for those words itself (they are no stop words), and a comparison with a named
  thing that fits no plan is asked about;
- `fallback`: only when no single query accounts for every word ("share of", "per", "how many
  <things> had ...").
"""

from __future__ import annotations

import calendar
import contextlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from lemminflect import getAllLemmas

from models.ask import CombineOp, CubeFilter, CubeQuery, Plan
from understanding.catalog import Member
from understanding.compose import NeedsClarification
from understanding.interpret import condition
from understanding.language import (
    IDENTIFIER_WORDS,
    QUESTION_WORDS,
    SMALL_NUMBERS,
    Token,
    agent_nouns,
    conversion,
    is_clause_verb,
    is_function_word,
    plural,
    same_noun,
    same_unit,
    singular,
    standalone_unit,
    tokenize,
)
from understanding.plans.extreme import extreme
from understanding.plans.parts import (
    Context,
    NotThisRule,
    as_which,
    grouped,
    parallels,
    scope_words,
    swap,
    trailing_scope,
    values_of,
)
from understanding.reader import (
    ComparisonItem,
    MemberItem,
    Reading,
    ScopeItem,
    TimeItem,
    ValueItem,
    VerbItem,
    WordItem,
)

Build = Callable[[re.Match[str], Context], CubeQuery | Plan]


@dataclass(frozen=True)
class Rule:
    name: str
    # lookup, extreme, peak, who: one query, nothing to combine (a column of one thing; the
    # thing at an extreme of a column; the period with the most; the things whose verb it is)
    combine: CombineOp | Literal["lookup", "extreme", "peak", "who"]
    pattern: re.Pattern[str]
    build: Build
    tier: Literal["first", "fallback"]
    examples: tuple[str, ...]


def _re(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


END = r"\s*[?.!]*\s*$"
NOT = r"(?:never|not|did\s+not|didn'?t|do\s+not|don'?t|does\s+not|doesn'?t|no\s+longer)"
# ", as a percent", "in percent": how a share is written, said after the question
PERCENT = (
    r"(?:,?\s*(?:as\s+an?|as|in)\s+(?:percent(?:age)?|%)"
    r"|\s*[?.]?\s*\(\s*(?:(?:as\s+an?|as|in)\s+)?(?:percent(?:age)?|%)\s*\))?"
)
MORE = ("more", "higher", "greater", "larger", "bigger", "longer")
LESS = ("fewer", "less", "lower", "smaller", "shorter")
QUALITY = ("better", "worse")
COMPARED = MORE + LESS + QUALITY
# "how many more", "how many minutes longer": a difference asked, perhaps in a unit
HOW_MUCH = r"\bhow\s+(?:many|much)(?:\s+(?P<unit>\w+))?\s*$"
EXCEED = ("exceed", "beat", "top", "surpass", "outnumber", "outstrip", "outpace")


# -- set logic between groups ------------------------------------------------------------------


def _set_plan(
    op: CombineOp, queries: list[CubeQuery], count: bool, says: str, ctx: Context
) -> Plan:
    """A plan over the group labels of `queries` (their first dimension): which, or how many.
    `says` describes it after the groups' name: "airlines {says}"."""
    group = plural(ctx.title(queries[0].dimensions[0]).lower())
    return Plan(
        queries=queries,
        combine=op,
        count=count,
        description=f"{group} {says}",
        title=f"Number of {group}" if count else "",
    )


def _subtract(m: re.Match[str], ctx: Context) -> Plan:
    # "only from Newark, not from JFK": what "only" means is the difference that follows
    head, count = as_which(re.sub(r"\bonly\s+", "", m["head"], flags=re.IGNORECASE))
    # "but from neither JFK nor LaGuardia": those with either are taken away
    tail = (m["cue"] or "") + re.sub(r"\bnor\b", "or", m["tail"], flags=re.IGNORECASE)
    tail = tail.removesuffix(")")  # "(not from EWR or LGA)"
    both = re.search(r"\bboth\s+", head, re.IGNORECASE)
    heads = _each_value(head[: both.start()] + head[both.end() :], ctx) if both else [head]
    if len(heads) > 3:
        raise NotThisRule("more than four sets")
    kept = [ctx.groups(h) for h in heads]
    b = ctx.groups(swap(heads[0], tail, ctx))
    for a in kept:
        _same_groups(a, b)
    if both and any(f in b.filters for f in kept[0].filters if f not in kept[1].filters):
        # "to Nashville from both JFK and LGA but never to Atlanta": never from which?
        raise NeedsClarification(
            "I understood both of two values and one never, but not which of the others the "
            "one never holds with: ask for the two sets and the one left out apart?",
            [],
        )
    each = " and ".join(scope_words(a, ctx) for a in kept)
    says = f"with {'each of: ' if both else ''}{each}, minus those with {scope_words(b, ctx)}"
    plan = _set_plan("subtract", [*kept, b], count, says, ctx)
    return plan.model_copy(update={"required": len(kept)})


def _both(m: re.Match[str], ctx: Context) -> Plan:
    text, count = as_which(f"{m['pre']} {m['rest']}")
    return _intersect(_each_value(text, ctx), count, ctx)


def _each_value(text: str, ctx: Context) -> list[str]:
    """ "flew to both Miami and Seattle": the question once for each value (or period) listed."""
    reading = ctx.read(text)
    values = [i for i in reading.items if isinstance(i, ValueItem)]
    by_dimension: dict[str, list[ValueItem]] = {}
    for item in values:
        same = by_dimension.setdefault(item.matches[0].dimension.name, [])
        if same and same[-1].matches[0].values == item.matches[0].values:
            # "Hartsfield in Atlanta": one airport named twice is one value
            same[-1] = ValueItem(same[-1].start, item.end, matches=same[-1].matches)
            continue
        same.append(item)
    listed = next((items for items in by_dimension.values() if len(items) >= 2), None)
    words = [t.text for t in reading.tokens]
    if listed is None:
        return _each_period(reading, words)
    start, end = listed[0].start, listed[-1].end
    return [
        " ".join([*words[:start], *words[item.start : item.end], *words[end:]]) for item in listed
    ]


def _every_year(m: re.Match[str], ctx: Context) -> Plan:
    """ "customers who ordered in every year from 1993 through 1996": in each of the years."""
    first, last = int(m["a"]), int(m["b"])
    if last <= first:
        raise NotThisRule("not two years or more")
    if last - first > 3:
        raise NeedsClarification(
            f"I understood every year from {first} to {last}, but I can compare at most four "
            "years at once: which ones?",
            [],
        )
    text, count = as_which(f"{m['pre']} {m['post']}")
    return _intersect([f"{text} in {year}" for year in range(first, last + 1)], count, ctx)


def _each_period(reading: Reading, words: list[str]) -> list[str]:
    """ "in both 1995 and 1996", "in both January and December": the question once for each
    period listed (a range, "January to March", is one period)."""
    periods = [i for i in reading.items if isinstance(i, TimeItem)]
    if len(periods) >= 2:
        start, end = periods[0].start, periods[-1].end
        return [" ".join([*words[:start], *words[p.start : p.end], *words[end:]]) for p in periods]
    said = {w.lower() for w in words[periods[0].start : periods[0].end]} if periods else set()
    if len(periods) == 1 and periods[0].kind == "months" and said & {"and", ","}:
        item = periods[0]
        return [
            " ".join([*words[: item.start], calendar.month_name[month], *words[item.end :]])
            for month in item.months
        ]
    raise NotThisRule("no two values of one thing are named")


def _all_of(m: re.Match[str], ctx: Context) -> Plan:
    """ "all three New York airports": every value of the column the words name."""
    n = int(m["n"])
    rest = ctx.read(m["rest"])
    first = rest.items[0] if rest.items else None
    if first is None or first.start != 0 or not isinstance(first, ScopeItem | MemberItem):
        raise NotThisRule("no set of things follows")
    dimensions = [
        ctx.catalog.members[name]
        for member in first.members
        for name in [member.scope_of or member.name]
        if name in ctx.catalog.values
    ]
    fits = [d for d in dimensions if len(values_of(d, ctx)) == n]
    if len({tuple(values_of(d, ctx)) for d in fits}) != 1:  # the same airports in two tables
        raise NotThisRule(f"no one set of exactly {n} values")
    after = _restatement_dropped(rest, first.end, values_of(fits[0], ctx))
    texts = [f"{m['pre']} {value} {after}" for value in values_of(fits[0], ctx)]
    which = [as_which(t) for t in texts]
    return _intersect([t for t, _ in which], which[0][1], ctx)


def _restatement_dropped(rest: Reading, start: int, values: list[str]) -> str:
    """The words from `start`, less a parenthesis that lists the very values ("all three
    airports (EWR, JFK and LGA)"): it says the set again, and each value stands for it."""
    tokens = rest.tokens[start:]
    close = next((n for n, t in enumerate(tokens) if t.text == ")"), None)
    if tokens[:1] and tokens[0].text == "(" and close is not None:
        inside = {t.norm for t in tokens[1:close] if t.norm not in (",", "and", "&")}
        if inside == {v.lower() for v in values}:
            tokens = tokens[close + 1 :]
    return " ".join(t.text for t in tokens)


def _intersect(texts: list[str], count: bool, ctx: Context) -> Plan:
    queries = [ctx.groups(t) for t in texts]
    if len(queries) > 4:
        raise NotThisRule("more than four sets")
    for other in queries[1:]:
        _same_groups(queries[0], other)
    each = " and ".join(scope_words(q, ctx) for q in queries)
    return _set_plan("intersect", queries, count, f"with each of: {each}", ctx)


def _same_groups(a: CubeQuery, b: CubeQuery) -> None:
    if a.dimensions[:1] != b.dimensions[:1] or a == b:
        raise NotThisRule("the sets are not of the same things")
    listed = {f.member for f in a.filters} | {f.member for f in b.filters}
    if a.dimensions[0] in listed:
        raise NotThisRule("the sets are of the values named")


def _only(m: re.Match[str], ctx: Context) -> CubeQuery | Plan:
    """ "Which carriers only fly to Atlanta?": the groups with that value and no other (the
    groups with it, minus those with any other). Where nothing is grouped, "only" restricts
    what the rest already says ("show only flights to Boston"): one query of the rest."""
    rest = f"{m['pre']} {m['rest']}".strip()
    if re.match(r"\d", m["rest"]):
        raise NotThisRule("a number follows: as many and no more")  # "only 1 carrier"
    text, count = as_which(rest)
    query = ctx.query(text)
    kept = [f for f in query.filters if f.operator == "equals"]
    if not query.dimensions:
        return ctx.query(rest)
    if len(kept) != 1 or kept[0].member in query.dimensions:
        # "carriers that flew out of only one of the airports": groups, but no one value
        raise NotThisRule("no one value that the groups have alone")
    if sum(f.member == kept[0].member for f in query.filters) > 1:
        raise NotThisRule("the value is limited in more than one way")
    with_it = grouped(query)
    others = with_it.model_copy(
        update={
            "filters": [
                f.model_copy(update={"operator": "notEquals"}) if f is kept[0] else f
                for f in with_it.filters
            ]
        }
    )
    says = f"with {scope_words(with_it, ctx)} and nothing else"
    return _set_plan("subtract", [with_it, others], count, says, ctx)


def _without(m: re.Match[str], ctx: Context) -> Plan:
    """ "Which carriers never flew to Atlanta?", "...served neither ATL nor ORD", "...had no
    cancellations in September": every group, minus the groups that have it. The rows of the
    others are not the answer (a carrier with one Atlanta flight flew there)."""
    positive = f"{m['lead'] or 'Which'} {m['noun']} {m['rest']}"
    positive = re.sub(r"\bnor\b", "or", positive, flags=re.IGNORECASE)
    text, count = as_which(positive)
    having = ctx.groups(text)
    # "customers in Germany who never ordered": Germany says which customers, it is not lacked
    described = {
        v
        for i in ctx.read(m["noun"]).items
        if isinstance(i, ValueItem)
        for x in i.matches
        for v in x.values
    }
    kept = [
        f
        for f in having.filters
        if f.member not in having.measures and not (f.values and set(f.values) <= described)
    ]
    if not kept:
        raise NotThisRule("nothing that the groups lack is named")
    every = having.model_copy(update={"filters": [f for f in having.filters if f not in kept]})
    if every.dimensions[0] in {f.member for f in kept}:
        raise NotThisRule("the groups are the values named")
    says = f"({scope_words(every, ctx)}) without {scope_words(having, ctx)}"
    return _set_plan("subtract", [every, having], count, says, ctx)


_AT_LEAST = {"lt": "gte", "lte": "gt"}


def _few(m: re.Match[str], ctx: Context) -> Plan:
    """ "Which airlines had fewer than 10 cancellations?": the groups with no such rows at all
    have fewer too, and one query lists only groups that have some. Every group, minus those
    with at least as many."""
    text, count = as_which(m[0])
    query = ctx.groups(text)
    measure = ctx.catalog.members[query.measures[0]]
    below = [f for f in query.filters if f.member in query.measures and f.operator in _AT_LEAST]
    rows = [f for f in query.filters if f.member not in query.measures]
    if not below or measure.agg not in ("count", "countDistinct"):
        raise NotThisRule("no count held under a number")
    if not rows and not query.timeDimensions:
        raise NotThisRule("every group has rows to count")  # one query lists them all
    if any(t.granularity for t in query.timeDimensions):
        raise NotThisRule("the groups are counted per period")
    enough = [f.model_copy(update={"operator": _AT_LEAST[f.operator]}) for f in below]
    reached = query.model_copy(update={"filters": [*rows, *enough]})
    # what the groups are ("customers in the BUILDING segment") stays; what is counted goes
    own = [f for f in rows if ctx.catalog.members[f.member].cube != measure.cube]
    every = query.model_copy(update={"filters": own, "timeDimensions": []})
    limit = " and ".join(condition(f, ctx.catalog) for f in below)
    scope = scope_words(query.model_copy(update={"filters": rows}), ctx)
    says = f"with {limit} ({scope}), those with none included"
    return _set_plan("subtract", [every, reached], count, says, ctx)


# -- a figure against a named reference, or between two periods --------------------------------


def _than(m: re.Match[str], ctx: Context) -> Plan:
    ref = ctx.read(m["ref"])
    named = [i for i in ref.items if isinstance(i, ValueItem | TimeItem)]
    # "than 5", "than $50": a number, whatever sign of a unit comes before it
    words = [t for t in tokenize(m["ref"]) if any(c.isalnum() for c in t.norm)]
    if not named or any(t.is_number or t.norm in SMALL_NUMBERS for t in words[:1]):
        raise NotThisRule("a threshold, not a named reference")
    others = [
        i
        for i in ref.items
        if isinstance(i, ComparisonItem)
        or (isinstance(i, WordItem) and i.kind in ("comparative", "superlative", "frequency"))
    ]
    if others:  # "more cancelled flights than Delta but fewer flights overall": two at once
        said = " ".join(t.text for t in ref.tokens[others[0].start :])
        raise NeedsClarification(
            f'I understood the comparison with {m["ref"].split()[0]}, but not "{said}" with it: '
            "ask for one comparison at a time.",
            [],
        )
    more = m["cmp"].lower() in MORE if m["cmp"].lower() not in QUALITY else None
    try:
        asked = re.search(HOW_MUCH, m["pre"], re.I)
        if asked and not m["times"]:
            return _difference(m, ctx, more, asked["unit"])
        if asked and m["times"] and "many" in asked[0].lower():
            return _times(m, ctx, more)
        return _against(m, ctx, named[0], more)
    except NotThisRule as why:
        # One query would answer a different question (the reference's own figure): ask.
        said = f"{m['cmp']} {m['what']} than {m['ref']}".replace("  ", " ")
        raise NeedsClarification(
            f'I understood "{said}" as a comparison with {m["ref"]}, but not what is compared'
            f" ({why}). Ask for each figure, or for the groups ranked.",
            [],
        ) from None


def _two_figures(first_text: str, second_text: str, ctx: Context) -> tuple[CubeQuery, CubeQuery]:
    """The two sides of a difference, a ratio or a change: one figure each, of one measure,
    and not the same figure twice."""
    a, b = ctx.query(first_text), ctx.query(second_text)
    if a.dimensions or b.dimensions or a.measures != b.measures:
        raise NotThisRule("one figure is needed on each side")
    if a == b:
        raise NotThisRule("the two sides are the same")
    return a, b


def _against_the_reference(
    m: re.Match[str], ctx: Context, lead: str
) -> tuple[CubeQuery, CubeQuery]:
    """The figure as asked, and the same figure with the reference ("than Delta") in its place;
    a scope said after the reference ("than LaGuardia in December") holds for both."""
    if len(parallels(m["what"], m["ref"], ctx)) > 1:
        raise NotThisRule("two things compared at once")  # "Delta from JFK than United from EWR"
    named, shared = trailing_scope(m["ref"], ctx, m["what"])
    # "In 1997, how many more ...": what is said before the question holds for both too
    before = re.sub(HOW_MUCH, "", m.groupdict().get("pre") or "", flags=re.I)
    first_text = f"{lead} {m['what']} {shared} {before.strip(' ,')}".strip()
    return _two_figures(first_text, swap(first_text, named, ctx), ctx)


def _higher(more: bool | None, m: re.Match[str], measure: str, ctx: Context) -> bool:
    """ "more" is higher; "worse" is higher where less of the figure is better (a delay)."""
    if more is not None:
        return more
    member = ctx.catalog.members[measure]
    column = ctx.catalog.members.get(member.of or "")
    better = member.better or (column.better if column else None)
    if better not in ("higher", "lower"):
        raise NotThisRule(f"the data does not say which {member.short_title.lower()} is better")
    return (better == "higher") == (m["cmp"].lower() == "better")


def _difference(m: re.Match[str], ctx: Context, more: bool | None, unit: str | None) -> Plan:
    lead = "How many" if "many" in m["pre"].lower() else "What"
    if re.match(r"\s*(?:was|is|were|are)\b", m["what"], re.I):
        lead = "What"  # "how many minutes longer was the average delay": what the delay was
    if lead == "What" and re.match(r"\s*(?:did|does|do|has|have|had)\b", m["what"], re.I):
        lead = "How much"  # "how much more did we sell": how much did we sell, each side
    a, b = _against_the_reference(m, ctx, lead)
    if unit:
        _in_its_own_unit(unit, a.measures[0], ctx)
    a, b = (a, b) if _higher(more, m, a.measures[0], ctx) else (b, a)
    return _minus(a, b, ctx, "Difference")


def _in_its_own_unit(word: str, measure: str, ctx: Context) -> None:
    """ "How many minutes longer was the average delay": the difference in the figure's own
    unit; in another ("how many hours longer") it would need converting, which is asked."""
    member = ctx.catalog.members[measure]
    column = ctx.catalog.members.get(member.of or "")
    own = member.unit or (column.unit if column else None)
    said = standalone_unit(tokenize(word)[0], "")
    if said is None or said != (own, 1.0):
        raise NotThisRule(f'not a difference in "{word}"')


def _times(m: re.Match[str], ctx: Context, more: bool | None) -> Plan:
    """ "how many times more flights did United schedule than Alaska": one over the other."""
    a, b = _against_the_reference(m, ctx, "How many")
    a, b = (a, b) if _higher(more, m, a.measures[0], ctx) else (b, a)
    title = ctx.title(a.measures[0])
    return Plan(
        queries=[a, b],
        combine="ratio",
        description=f"{title} ({scope_words(a, ctx)}) divided by {title.lower()} "
        f"({scope_words(b, ctx)})",
        title=f"Times the {title.lower()}",
    )


def _exceeds(m: re.Match[str], ctx: Context) -> Plan:
    a, b = _against_the_reference(m, ctx, "What")
    return _minus(a, b, ctx, "Difference")


def _against_own_period(m: re.Match[str], ctx: Context, more: bool | None) -> Plan:
    """ "Which segments brought in more revenue in 1997 than in 1996?": each group against its
    own figure in the other period."""
    text = f"{m['pre']} {m['what']}"
    later = ctx.groups(text)
    earlier = ctx.groups(swap(text, m["ref"], ctx))
    if later.dimensions != earlier.dimensions or later.measures != earlier.measures:
        raise NotThisRule("not the same groups and figure in both periods")
    if later == earlier or not later.timeDimensions:
        raise NotThisRule("not two periods")
    return _each_against_itself(later, earlier, _higher(more, m, later.measures[0], ctx), ctx)


def _groups_changed(m: re.Match[str], ctx: Context) -> Plan:
    """ "Which market segments grew their revenue from 1996 to 1997?": each group's figure at
    the end against its own at the start."""
    if not (_a_period_only(m["a"], ctx) and _a_period_only(m["b"], ctx)):
        raise NotThisRule("the two ends are not periods")  # "from JFK to Miami"
    earlier_text, later_text = _from_to(m)
    earlier = ctx.groups(f"{earlier_text} by {m['groups']}")
    later = ctx.groups(f"{later_text} by {m['groups']}")
    if later.dimensions != earlier.dimensions or later.measures != earlier.measures:
        raise NotThisRule("not the same groups and figure at both ends")
    if later == earlier or not later.timeDimensions:
        raise NotThisRule("not two periods")
    return _each_against_itself(later, earlier, not _falls(m["change"]), ctx)


PREPOSITIONS_OF_TIME = ("in", "for", "during", "of", "on", "over")


def _periods_side_by_side(m: re.Match[str], ctx: Context) -> Plan:
    """ "average delay in July vs December", "compare revenue in 1995 with 1996": the same
    figure for each period, side by side."""
    if not m["compare"] and m["cmp"].lower() in ("with", "to", "and"):
        raise NotThisRule("no word that compares")
    later = m["b"].strip()
    if not _a_period_only(later, ctx):
        raise NotThisRule("the second is not a period")
    what, earlier = _period_at_end(m["pre"], ctx)
    queries = [ctx.query(f"{what} in {period}") for period in (earlier, later)]
    if any(
        q.dimensions or not q.timeDimensions or q.timeDimensions[0].granularity for q in queries
    ):
        raise NotThisRule("not one figure for each of two periods")
    if queries[0].measures != queries[1].measures or queries[0] == queries[1]:
        raise NotThisRule("not the same figure in two periods")
    return Plan(
        queries=queries,
        combine="each",
        labels=[earlier, later],
        description=f"{ctx.title(queries[0].measures[0])} ({scope_words(queries[0], ctx)}) "
        f"beside ({scope_words(queries[1], ctx)})",
        title="Period",
    )


def _period_at_end(text: str, ctx: Context) -> tuple[str, str]:
    """ "the average departure delay in July" -> ("the average departure delay", "July"):
    the longest run of words at the end that names only a period."""
    words = text.split()
    for k in range(min(4, len(words) - 1), 0, -1):
        period = words[-k:]
        if period[0].lower() not in PREPOSITIONS_OF_TIME and _a_period_only(" ".join(period), ctx):
            if not ctx.read(period[0]).items and not period[0].isdigit():
                continue  # "were there in July": the period is "July" alone
            rest = words[:-k]
            while rest and rest[-1].lower() in PREPOSITIONS_OF_TIME:
                rest = rest[:-1]
            return " ".join(rest), " ".join(period)
    raise NotThisRule("the first is not a period")


def _a_period_only(text: str, ctx: Context) -> bool:
    reading = ctx.read(f"in {text}")  # "May" alone may be the verb
    return bool(reading.items) and all(isinstance(i, TimeItem) for i in reading.items)


def _falls(verb: str) -> bool:
    verb = re.sub(r"\s+", " ", verb.lower())
    return verb.startswith(FALLS) or verb in ("fell", "go down", "went down", "shrank", "sank")


def _each_against_itself(later: CubeQuery, earlier: CubeQuery, rose: bool, ctx: Context) -> Plan:
    measure = ctx.title(later.measures[0]).lower()
    groups = plural(ctx.title(later.dimensions[0]).lower())
    side = "higher" if rose else "lower"
    return Plan(
        queries=[later, earlier],
        combine="rose" if rose else "fell",
        description=f"{groups} whose {measure} ({scope_words(later, ctx)}) is {side} than "
        f"their own ({scope_words(earlier, ctx)})",
    )


def _against(m: re.Match[str], ctx: Context, named: object, more: bool | None) -> Plan:
    if isinstance(named, TimeItem):
        return _against_own_period(m, ctx, more)
    # what the reference's words say besides the reference ("HOUSEHOLD in 1994") holds for
    # every group compared
    ref = ctx.read(m["ref"])
    besides = " ".join(
        t.text
        for n, t in enumerate(ref.tokens)
        if not (isinstance(named, ValueItem) and named.start <= n < named.end)
    )
    groups = ctx.groups(f"{m['pre']} {m['what']} {besides}")
    key = groups.dimensions[0]
    if not isinstance(named, ValueItem) or len(groups.measures) != 1:
        raise NotThisRule("the reference is not one of the things compared")
    compared = {
        member.name
        for item in ctx.read(m["what"]).items
        if isinstance(item, MemberItem)
        for member in item.members
        if member.kind == "measure"
    }
    if compared and groups.measures[0] not in compared:
        # "customers placed more orders than Germany's": the orders are compared
        raise NotThisRule(f'the figure compared is not "{m["what"]}"')
    match = next((v for v in named.matches if v.dimension.name == key), None)
    if match is None or len(match.values) != 1:
        raise NotThisRule("the reference is not one of the things compared")
    reference = groups.model_copy(
        update={
            "dimensions": [],
            "filters": [
                *groups.filters,
                CubeFilter(member=key, operator="equals", values=list(match.values)),
            ],
        }
    )
    label = ctx.catalog.label(key, match.values[0])
    measure = ctx.title(groups.measures[0]).lower()
    more = _higher(more, m, groups.measures[0], ctx)
    side = "above" if more else "below"
    return Plan(
        queries=[groups.model_copy(update={"order": [(groups.measures[0], "desc")]}), reference],
        combine="above" if more else "below",
        description=f"{plural(ctx.title(key).lower())} whose {measure} is {side} that of {label}",
    )


def _against_the_average(m: re.Match[str], ctx: Context) -> Plan:
    """ "Which order priorities had an average order value above the overall 1997 average?":
    each group's average against the same average over all its rows. (Of a total, "the
    average" would be the groups' mean, which is another question: asked.)"""
    if any(isinstance(i, ValueItem) for i in ctx.read(m["scope"]).items):
        raise NotThisRule("the average of a named thing, not the overall one")  # "Delta's"
    rest, of_all = _of_all(m["rest"])
    if of_all and rest.strip(" ?.!"):
        raise NotThisRule("words after 'of all' that may limit either side")  # asked
    return _average_plan(f"{m['pre']} {m['scope']} {rest}", m["side"], of_all, ctx)


def _above_average(m: re.Match[str], ctx: Context) -> Plan:
    """ "How many Canadian suppliers have an above-average account balance?"."""
    return _average_plan(f"{m['pre']} {m['what']}", m["side"], False, ctx)


def _of_all(rest: str) -> tuple[str, bool]:
    """ "... average of all suppliers": the average over every one of them, whatever the
    groups are limited to."""
    found = re.match(r"\s*(?:of|for|across|among|over)\s+(?:all|every)\b(?:\s+the)?\s+\w+", rest)
    return (rest[found.end() :], True) if found else (rest, False)


def _average_plan(text: str, side: str, of_all: bool, ctx: Context) -> Plan:
    which, counted = as_which(text)
    groups = ctx.groups(which)
    measure = ctx.catalog.members[groups.measures[0]]
    if measure.agg != "avg":
        raise NotThisRule("only an average is compared with the overall one")
    overall = groups.model_copy(
        update={"dimensions": [], "filters": [] if of_all else groups.filters}
    )
    above = side.lower().split()[0] in ("above", "over", "higher", "greater", "more")
    title = ctx.title(measure.name).lower()
    things = plural(ctx.title(groups.dimensions[0]).lower())
    counted_title = f"Number of {things}" if counted else ""
    if groups.filters or groups.timeDimensions:
        things = f"{things} ({scope_words(groups, ctx)})"
    return Plan(
        queries=[groups.model_copy(update={"order": [(measure.name, "desc")]}), overall],
        combine="above" if above else "below",
        count=counted,
        description=f"{things} whose {title} is "
        f"{'above' if above else 'below'} the {title} over all of them "
        f"({scope_words(overall, ctx)})",
        title=counted_title,
    )


AGAINST_THE_AVERAGE = Rule(
    name="groups against the overall average",
    combine="above",
    pattern=_re(
        r"^(?P<pre>.+?)\s+(?P<side>above|over|higher\s+than|greater\s+than|more\s+than|below|"
        r"under|lower\s+than|less\s+than)\s+(?:the\s+)?(?:overall\s+)?(?P<scope>[^?]*?)\s*"
        rf"(?:average|mean)(?P<rest>.*?){END}"
    ),
    build=_against_the_average,
    tier="first",
    examples=(
        "Which order priorities had an average order value above the overall 1997 average?",
        "Which airlines had an average departure delay below the overall average?",
    ),
)

ABOVE_AVERAGE = Rule(
    name="things with an above-average figure",
    combine="above",
    pattern=_re(
        r"^(?P<pre>.+?)\s+(?:an?\s+)?(?P<side>above|below)[-\s]average\s+(?P<what>.+?)" + END
    ),
    build=_above_average,
    tier="first",
    examples=("How many Canadian suppliers have an above-average account balance?",),
)


def _fewest(m: re.Match[str], ctx: Context) -> Plan:
    """ "Which carrier had the fewest cancellations?": a group with none has no rows in the
    query's answer, so the groups come from the rows without what describes the thing counted
    (a condition on a number, an ordinary-word value such as "cancelled"), each with 0 where
    none are counted."""
    query = ctx.query(m.string)
    measure = ctx.catalog.members[query.measures[0]] if query.measures else None
    if measure is None or not query.dimensions or query.order[:1] != [(measure.name, "asc")]:
        raise NotThisRule("not the groups with the fewest")
    if measure.agg not in ("count", "countDistinct", "sum"):
        raise NotThisRule("only a count or a total is 0 where there are no rows")
    counted = [f for f in query.filters if _describes_the_counted(f, measure.cube, ctx)]
    if not counted:
        raise NotThisRule("every group has rows of what is counted")
    groups = query.model_copy(
        update={"filters": [f for f in query.filters if f not in counted], "order": []}
    )
    title = ctx.title(measure.name)
    return Plan(
        queries=[
            query.model_copy(update={"limit": None}),
            groups.model_copy(update={"limit": None}),
        ],
        combine="least",
        description=f"{plural(ctx.title(query.dimensions[0]).lower())} by {title.lower()} "
        f"({scope_words(query, ctx)}), with none counting 0, fewest first",
        title=title,
    )


def _describes_the_counted(f: CubeFilter, cube: str, ctx: Context) -> bool:
    """A condition on the counted rows' own column ("cancelled", "delayed over an hour"), not
    on the things grouped ("planes with more than 300 seats")."""
    member = ctx.catalog.members[f.member]
    if member.kind != "dimension" or member.cube != cube:
        return False
    return f.operator in _COMPARED or (f.operator == "equals" and member.common_words)


FEWEST = Rule(
    name="the groups with the fewest, those with none too",
    combine="least",
    pattern=_re(r"^(?=.*\b(?:fewest|(?<!at\s)least|lowest\s+number|smallest\s+number)\b).+$"),
    build=_fewest,
    tier="first",
    examples=(
        "Which carrier had the fewest cancellations?",
        "Which airline had the fewest flights delayed by more than 2 hours at JFK?",
    ),
)


# -- groups counted, shares, ratios, anti-joins (when one query cannot say it) ----------------


def _count_groups(m: re.Match[str], ctx: Context) -> CubeQuery | Plan:
    # "how many different customers placed at least one order": the groups are distinct
    rest = re.sub(r"^(?:different|distinct|unique|separate)\s+", "", m["rest"], flags=re.I)
    query = ctx.query(f"Which {rest}")
    said = [f for f in query.filters if f.member in query.measures]
    each = re.search(r"\b(?:each|every|per)\b", m[0], re.IGNORECASE)
    if said and not each and all((f.operator, f.values) in _ANY_AT_ALL for f in said):
        # "orders with at least one late line item": orders with a late line item, each
        # counted once by one query (the groups may be more than one query returns)
        plain = re.sub(r"\bat\s+least\s+(?:one|1)\b", "a", m[0], flags=re.I)
        if plain != m[0]:
            with contextlib.suppress(NotThisRule):  # else the groups are counted below
                return ctx.query(plain)
    grains = [t.granularity for t in query.timeDimensions if t.granularity]
    if not query.dimensions and len(grains) == 1:
        return _count_periods(query, grains[0], ctx)
    if not query.dimensions or not any(f.member in query.measures for f in query.filters):
        raise NotThisRule("no condition on the groups' figures")
    if any(t.granularity for t in query.timeDimensions):
        raise NotThisRule("the groups are counted per period, not once")
    group = plural(ctx.title(query.dimensions[0]).lower())
    counted = query.model_copy(update={"order": [], "limit": None})
    conditions = [condition(f, ctx.catalog) for f in query.filters]
    return Plan(
        queries=[counted],
        combine="count",
        description=f"how many {group} have {' and '.join(conditions)}",
        title=f"Number of {group}",
    )


_ANY_AT_ALL = (("gte", ["1"]), ("gt", ["0"]))


def _count_periods(query: CubeQuery, grain: str, ctx: Context) -> Plan:
    """ "How many days had more than 1000 flights?", "On how many days were flights to Denver
    cancelled?": the periods with rows that meet the condition, counted."""
    cube = ctx.catalog.members[query.measures[0]].cube
    if not any(
        f.member in query.measures or _describes_the_counted(f, cube, ctx) for f in query.filters
    ):
        raise NotThisRule(f"no condition on the {grain}s")  # "days at JFK": every one
    counted = query.model_copy(update={"order": [], "limit": None})
    figure = [condition(f, ctx.catalog) for f in query.filters if f.member in query.measures]
    rows = [condition(f, ctx.catalog) for f in query.filters if f.member not in query.measures]
    measure = ctx.title(query.measures[0]).lower()
    said = [f"{measure} ({'; '.join(rows)})"] if rows else []
    return Plan(
        queries=[counted],
        combine="count",
        description=f"how many {grain}s have {' and '.join(said + figure)}",
        title=f"Number of {grain}s",
    )


def _share(m: re.Match[str], ctx: Context) -> Plan:
    """ "What share of the flights to Boston did JetBlue operate?": the whole is the noun
    phrase after "of", the part the whole with what the rest says of it."""
    # "In 1995, what share of ...": what is said first holds for the part and the whole
    return _part_and_whole(m["rest"], _said_of_no_group(m.string[: m.start("rest")], ctx), ctx)


def _share_by_group(m: re.Match[str], ctx: Context) -> Plan:
    """ "Which airline had the highest share of flights delayed by more than an hour?": each
    group's share, the groups ranked by it."""
    single = _part_and_whole(m["rest"], (m["pre"] or "").strip(" ,"), ctx)
    part, whole = single.queries
    kept: list[CubeFilter] = []
    if m["among"]:  # "Among carriers with 10,000 flights, which had ...": the groups' own say
        among = ctx.query(f"Which {m['among']}")
        kept = [f for f in among.filters if f.member in among.measures]
        if among.measures != whole.measures or len(kept) != len(among.filters):
            raise NotThisRule("the groups are said by another figure")
        groups = among.dimensions
    else:
        groups = ctx.query(f"{m['rest']} for each {m['groups']}").dimensions
    if not groups:
        raise NotThisRule("no groups to rank")
    low = m["dir"].lower() in ("lowest", "smallest")
    part = part.model_copy(
        update={"dimensions": groups, "order": [(part.measures[0], "asc" if low else "desc")]}
    )
    cube = ctx.catalog.members[part.measures[0]].cube
    before = _values_before_the_noun(m["rest"], ctx)
    unsaid = [
        f
        for f in part.filters
        if f not in whole.filters
        and not _describes_the_counted(f, cube, ctx)
        and not set(f.values) <= before
    ]
    if unsaid:  # "... delayed by an hour at JFK": JFK's share, or JFK's part of all?
        raise NotThisRule("not clear which rows the share is of")
    whole = whole.model_copy(
        update={
            "dimensions": groups,
            "filters": [*whole.filters, *kept],
            "timeDimensions": part.timeDimensions,  # "in July": the period of both
        }
    )
    title = ctx.title(whole.measures[0]).lower()
    return Plan(
        queries=[part, whole],
        combine="shares",
        description=f"{plural(ctx.title(groups[0]).lower())} by {title} "
        f"({scope_words(part, ctx)}) as a share of {title} ({scope_words(whole, ctx)}), "
        f"{'lowest' if low else 'highest'} first",
        title="Share (%)",
    )


def _part_and_whole(said: str, scope: str, ctx: Context) -> Plan:
    rest = f"{said} {scope}".strip()
    tokens = tokenize(said)
    cuts = [i for i, t in enumerate(tokens) if i > 0 and is_clause_verb(t)]
    cuts = cuts or _verb_after_the_noun(said, ctx)
    if not cuts:
        whole = _without_values_before_the_noun(said, ctx)
        return _share_plan(f"{whole} {scope}".strip(), rest, ctx)
    # the verb that begins what is said of the whole: the first whose whole covers the same
    # period as the part ("the revenue from items shipped in September came from PROMO
    # parts": "came", not "shipped"), else the first that makes a share at all
    plans: list[Plan] = []
    for cut in cuts:
        try:
            whole = " ".join(
                t.text + ("'s" if t.possessive else "") for t in tokens[:cut]
            )  # United's
            plans.append(_share_plan(f"{whole} {scope}".strip(), rest, ctx))
        except NotThisRule:
            continue
    same = [p for p in plans if p.queries[0].timeDimensions == p.queries[1].timeDimensions]
    if not (same or plans):
        raise NotThisRule("no whole and part found")
    return (same or plans)[0]


def _verb_after_the_noun(said: str, ctx: Context) -> list[int]:
    """ "American's flights go to DFW": a word that is also a noun ("go") starts what is said
    of the whole where it is the first verb after the whole's noun."""
    reading = ctx.read(said)
    noun = next((i for i in reading.items if isinstance(i, MemberItem)), None)
    if noun is None:
        return []
    named = {
        n
        for i in reading.items
        if isinstance(i, ValueItem | MemberItem | TimeItem)
        for n in range(i.start, i.end)
    }  # "flights to Long Beach go out of JFK": "long" is a name's word, not a verb
    verbs = [
        n
        for n, t in enumerate(reading.tokens)
        if n >= noun.end
        and n not in named
        and "VERB" in getAllLemmas(t.norm)
        and t.norm not in ("in", "on")
    ]
    return verbs[:1]


_PER_GROUP = ("group", "superlative", "limit", "order", "comparative", "frequency")


def _said_of_no_group(before: str, ctx: Context) -> str:
    """What is said before the share: a scope that holds for it ("In 1995, what share"), or
    groups ranked by it ("Among carriers with 10,000 flights, which had the highest share"),
    which no single share answers."""
    reading = ctx.read(before)
    for item in reading.items:
        ranks = isinstance(item, WordItem) and item.kind in _PER_GROUP
        which = isinstance(item, WordItem) and reading.tokens[item.start].norm == "which"
        if ranks or which or isinstance(item, MemberItem | ComparisonItem):
            raise NotThisRule("a share for each of several groups")
    said = re.split(r"\b(?:what|how\s+much)\b", before, maxsplit=1, flags=re.IGNORECASE)[0]
    return said.strip(" ,") if len(said) < len(before) else ""


def _before_the_noun(reading: Reading) -> list[ValueItem]:
    """ "urgent orders": the values said of the counted things, as an adjective is."""
    noun = next((i for i in reading.items if isinstance(i, MemberItem)), None)
    if noun is None:
        return []
    return [i for i in reading.items if isinstance(i, ValueItem) and i.end <= noun.start]


def _values_before_the_noun(text: str, ctx: Context) -> set[str]:
    return {v for i in _before_the_noun(ctx.read(text)) for m in i.matches for v in m.values}


def _without_values_before_the_noun(text: str, ctx: Context) -> str:
    """ "urgent orders in 1996" -> "orders in 1996": the part is the values said of the noun,
    the whole the noun without them."""
    reading = ctx.read(text)
    values = _before_the_noun(reading)
    if not values:
        raise NotThisRule("no part named after the whole")
    cut = {n for v in values for n in range(v.start, v.end)}
    return " ".join(t.text for n, t in enumerate(reading.tokens) if n not in cut)


def _share_of(m: re.Match[str], ctx: Context) -> Plan:
    """ "Of all the flights to Denver, what percent were Frontier?" """
    return _share_plan(m["whole"], f"{m['whole']} {m['clause']}", ctx)


def _ratio_of(m: re.Match[str], ctx: Context) -> Plan:
    """ "the ratio of JFK flights to LaGuardia flights": one figure over another; what is said
    before ("For 1997 orders, what's the ratio ...") holds for both."""
    before = m.string[: m.start("a")]
    said = re.split(r"\b(?:what|how|ratio)\b", before, maxsplit=1, flags=re.IGNORECASE)[0]
    scope = said.strip(" ,")
    a = ctx.query(f"{m['a']} {scope}".strip())
    try:
        b = ctx.query(f"{m['b']} {scope}".strip())
    except NotThisRule:  # "flights in August vs February": the first figure, for February
        b = ctx.query(f"{swap(m['a'], m['b'], ctx)} {scope}".strip())
    same_rows = {ctx.catalog.members[q.measures[0]].cube for q in (a, b) if q.measures}
    if b.timeDimensions and not a.timeDimensions and len(same_rows) == 1:
        a = a.model_copy(update={"timeDimensions": b.timeDimensions})  # "... to Y in 1997"
    if a.dimensions or b.dimensions:
        raise NotThisRule("a ratio needs one figure on each side")
    return Plan(
        queries=[a, b],
        combine="ratio",
        description=f"{ctx.words(a).text} divided by {ctx.words(b).text}",
        title="Ratio",
    )


def _share_plan(whole_text: str, part_text: str, ctx: Context) -> Plan:
    whole = ctx.query(whole_text)
    part = ctx.query(part_text)
    if whole.dimensions or part.dimensions or whole.measures != part.measures:
        raise NotThisRule("a share needs one figure for the part and one for the whole")
    wanted = {f.model_dump_json() for f in whole.filters}
    if not wanted <= {f.model_dump_json() for f in part.filters} or part == whole:
        raise NotThisRule("the part is not within the whole")
    if whole.timeDimensions and whole.timeDimensions != part.timeDimensions:
        raise NotThisRule("the part and the whole cover different periods")
    said_all = re.search(r"\b(?:all|every|total|overall)\b", whole_text, re.IGNORECASE)
    joined = re.search(r"\band\b", part_text[len(whole_text) :], re.IGNORECASE)
    if part.timeDimensions and len(part.filters) > len(whole.filters) and not (said_all or joined):
        # "what fraction of orders were urgent in 1996": of the orders of 1996; where the
        # period is all the part says ("what share of flights were in July"), it stays the part
        whole = whole.model_copy(update={"timeDimensions": part.timeDimensions})
    whole = _where_recorded(whole, part, ctx)
    title = ctx.title(whole.measures[0])
    return Plan(
        queries=[part, whole],
        combine="share",
        description=f"{title} ({scope_words(part, ctx)}) as a share of {title.lower()} "
        f"({scope_words(whole, ctx)})",
        title="Share (%)",
    )


_COMPARED = ("gt", "gte", "lt", "lte")


def _where_recorded(whole: CubeQuery, part: CubeQuery, ctx: Context) -> CubeQuery:
    """ "What share of flights left more than an hour late": out of the flights whose delay is
    recorded, as an average ignores the rows that have none."""
    kept = {f.member for f in whole.filters}
    compared = {
        f.member
        for f in part.filters
        if f.operator in _COMPARED
        and f.member not in kept
        and ctx.catalog.members[f.member].kind == "dimension"
    }
    recorded = [CubeFilter(member=m, operator="set") for m in sorted(compared)]
    return whole.model_copy(update={"filters": [*whole.filters, *recorded]})


def _ratio(m: re.Match[str], ctx: Context) -> Plan:
    """ "the average revenue per order in 1996", "orders per AUTOMOBILE customer": a total over
    the count of the things after "per" (the words before their noun pick which ones)."""
    # "what was the average revenue per order": the average is the ratio itself
    num = re.sub(r"\b(?:average|mean|avg)\b", " ", m["num"], flags=re.IGNORECASE).strip()
    num = re.sub(r"^(?:'?s|is|was|were|the)\b\s*", "", num, flags=re.IGNORECASE).strip()
    num = re.sub(r"^(?:the)\b\s*", "", num, flags=re.IGNORECASE)  # "what's the ..."
    words = m["after"].split()
    asked: NotThisRule | None = None
    for k in range(min(3, len(words))):
        which, den, post = " ".join(words[:k]), words[k], " ".join(["", *words[k + 1 :]])
        if not den.isalpha():
            continue
        things = f"{which} {plural(den)}".strip()
        try:
            a = ctx.query(f"total {num} of {things}{post}" if which else f"total {num}{post}")
            b = ctx.query(f"number of {things}{post}")
        except NotThisRule as exc:
            asked = asked or exc
            continue
        agg = ctx.catalog.members[b.measures[0]].agg if b.measures else ""
        total = ctx.catalog.members[a.measures[0]].agg if a.measures else ""
        if a.dimensions or b.dimensions or agg != "count" or a.measures == b.measures:
            continue
        if total in ("avg", "min", "max", "countDistinct"):  # "the minimum delay per plane"
            raise NotThisRule("only a total is divided by a count")
        return _ratio_plan(a, b, f"{ctx.title(a.measures[0])} per {den.lower()}", ctx)
    if asked is not None:
        raise asked
    raise NotThisRule("a ratio needs a total and a count")


def _ratio_plan(a: CubeQuery, b: CubeQuery, title: str, ctx: Context) -> Plan:
    return Plan(
        queries=[a, b],
        combine="ratio",
        description=f"{ctx.words(a).text} divided by {ctx.words(b).text}",
        title=title,
    )


def _never(m: re.Match[str], ctx: Context) -> Plan:
    everyone = ctx.query(f"How many {m['noun']}")
    some = ctx.query(f"How many distinct {m['noun']} {m['verb']}")
    if everyone.dimensions or some.dimensions or everyone.measures == some.measures:
        raise NotThisRule("not a count of things minus those that did something")
    noun = m["noun"].lower()
    return Plan(
        queries=[everyone, some],
        combine="difference",
        description=f"{ctx.words(everyone).text} minus those that {m['verb'].lower()} "
        f"({ctx.words(some).text})",
        title=f"Number of {noun} that never {m['verb'].lower()}",
    )


def _never_which(m: re.Match[str], ctx: Context) -> Plan:
    """ "Which customers never placed an order?": every one of the things, minus those that
    did it (grouped by the same naming column)."""
    did = ctx.groups(f"Which {m['noun']} {m['verb']}")
    named = ctx.catalog.members[did.dimensions[0]]
    count = ctx.catalog.count_measure(named.cube)
    if count is None or did.measures == [count.name] or did.filters:
        raise NotThisRule("not things minus those that did something")
    everyone = CubeQuery(measures=[count.name], dimensions=did.dimensions)
    says = f"that never {m['verb'].lower()}"
    return _set_plan("subtract", [everyone, did], False, says, ctx)


RULES: tuple[Rule, ...] = (
    Rule(
        name="set difference: in one group but not another",
        combine="subtract",
        pattern=_re(
            rf"^(?P<head>.+?)(?:,?\s+(?:but|and|yet|that)|\s*[,;\u2014-]\s*(?:i\.?\s*e\.?,?)?|"
            rf",?\s+i\.?\s*e\.?,?|\s*\((?:\s*but)?)\s*(?<=[\s(])(?:(?:{NOT}|none|nothing)(?!\s+(?:counting|including|excluding)\b)|"
            rf"(?P<cue>(?:from|to|in|at|into|"
            rf"out\s+of|by)\s+)?neither)\s+(?P<tail>.+?){END}"
        ),
        build=_subtract,
        tier="first",
        examples=(
            "Which airlines fly to Atlanta but not to Denver?",
            "How many carriers flew out of Newark but never out of LGA?",
            "Which destinations did United serve in June but not in July?",
            "How many destinations are served from Newark but from neither JFK nor LaGuardia?",
            "List the destinations you could only reach from Newark, not from JFK.",
            "How many customers placed orders in 1995 but none in 1996?",
            "How many suppliers shipped something in 1994 but nothing in 1995?",
            "Which airlines does Newark have that neither JFK nor LaGuardia has?",
        ),
    ),
    Rule(
        name="set difference: the others never did",
        combine="subtract",
        pattern=_re(
            r"^(?P<head>.+?)\s+(?:that|which)\s+(?P<cue>)(?P<tail>[\w' ]+?)\s+"
            r"(?:never|did\s+not|didn'?t|does\s+not|doesn'?t)(?:\s+(?:did|do|does))?" + END
        ),
        build=_subtract,
        tier="first",
        examples=(
            "How many destinations did JFK serve that LaGuardia never did?",
            "Which destinations does Delta serve that American does not?",
        ),
    ),
    Rule(
        name="only: groups with one value and no other",
        combine="subtract",
        pattern=_re(rf"^(?P<pre>.*?)\bonly\s+(?P<rest>.+?){END}"),
        build=_only,
        tier="first",
        examples=(
            "Which carriers only flew out of Newark?",
            "Which airlines fly only to Atlanta?",
            "How many carriers only flew out of LaGuardia?",
        ),
    ),
    Rule(
        name="groups under a count, with those that have none",
        combine="subtract",
        pattern=_re(rf"^.*\b(?:fewer|less)\s+than\b.*?{END}"),
        build=_few,
        tier="first",
        examples=(
            "Which airlines had fewer than 10 cancellations?",
            "Which destinations got fewer than 20 Delta flights in March?",
        ),
    ),
    Rule(
        name="groups without: none of a value",
        combine="subtract",
        pattern=_re(
            r"^\s*(?:(?P<lead>which|what|how\s+many)\s+|(?:list|show(?:\s+me)?|name|give\s+me)"
            r"\s+(?:the\s+|all\s+(?:the\s+)?)?)?"
            r"(?P<noun>[\w']+(?:\s+(?!(?:does|do|did|that|which|who)\b)[\w']+)*?)\s+"
            r"(?:(?:that|which|who)\s+)?"
            r"(?:(?:did|do|does|have|has|had)(?:\s+not|n'?t)|never|neither|have\s+no|has\s+no|"
            r"had\s+(?:no|zero))\s+(?P<rest>.+?)" + END
        ),
        build=_without,
        tier="first",
        examples=(
            "Which carriers never flew to Atlanta?",
            "Which airlines served neither ATL nor ORD?",
            "How many carriers did not fly to Denver in May?",
            "Which carriers had no cancelled flights in September?",
        ),
    ),
    Rule(
        name="intersection: both (or all) of the values named",
        combine="intersect",
        pattern=_re(rf"^(?P<pre>.*?)\b(?:both|all\s+of|each\s+of)\s+(?P<rest>.+?){END}"),
        build=_both,
        tier="first",
        examples=(
            "Which carriers have flights to both Miami and Seattle?",
            "How many airlines flew from both JFK and Newark?",
            "Which carriers flew to all of Boston, Denver and Miami?",
            "How many customers placed orders in both 1995 and 1996?",
            "Which carriers flew to Denver in both June and July?",
        ),
    ),
    Rule(
        name="intersection: every period of a span",
        combine="intersect",
        pattern=_re(
            r"^(?P<pre>.*?)\b(?:in|during)\s+(?:each\s+and\s+)?every\s+year\s+(?:from\s+|between\s+)?"
            r"(?P<a>(?:19|20)\d\d)\s*(?:to|through|thru|until|and|-)\s*(?P<b>(?:19|20)\d\d)"
            rf"(?P<post>.*?){END}"
        ),
        build=_every_year,
        tier="first",
        examples=("How many customers placed orders in every year from 1993 through 1996?",),
    ),
    Rule(
        name="intersection: all N of a set",
        combine="intersect",
        pattern=_re(
            rf"^(?P<pre>.*?)\b(?:all|each\s+of|every\s+one\s+of)\s+(?:of\s+)?(?:the\s+)?"
            rf"(?P<n>\d+)\s+(?P<rest>.+?){END}"
        ),
        build=_all_of,
        tier="first",
        examples=(
            "Which airlines operate from all 3 NYC airports?",
            "How many carriers served all three New York airports?",
        ),
    ),
    Rule(
        name="two periods side by side",
        combine="each",
        pattern=_re(
            r"^\s*(?:(?P<compare>compare)\s+)?(?P<pre>.+)\s+(?P<cmp>vs\.?|versus|compared\s+"
            r"(?:to|with)|against|with|to|and)\s+(?:(?:in|for|during)\s+)?(?P<b>[^,]+?)" + END
        ),
        build=_periods_side_by_side,
        tier="first",
        examples=(
            "Compare the average departure delay in July with December.",
            "revenue in 1995 vs 1996",
            "number of flights cancelled in February versus March",
        ),
    ),
    Rule(
        name="against a named reference, or the difference between two",
        combine="above",
        pattern=_re(
            rf"^(?P<pre>.*?)\b(?:(?P<times>times)\s+)?(?P<cmp>{'|'.join(COMPARED)})\b\s*"
            # "more (or fewer)": the signed difference, whichever way it goes
            rf"(?:(?:\(\s*or\s+(?:fewer|less)\s*\)|or\s+fewer)\s*)?"
            rf"(?P<what>.*?)\s+than\s+"
            rf"(?P<ref>.+?){END}"
        ),
        build=_than,
        tier="first",
        examples=(
            "Which airlines had fewer flights than Delta?",
            "Which destinations got more flights than Denver?",
            "How many more flights went to Boston than to Denver?",
            "How many fewer flights were there in February than in January?",
            "How many times more flights did JetBlue operate than Frontier?",
            "How many more (or fewer) flights were there in March than in April?",
        ),
    ),
    Rule(
        name="by how much one figure exceeds another's",
        combine="difference",
        pattern=_re(
            rf"^\s*(?:by\s+)?how\s+(?:much|many(?:\s+[a-z]+){{0,2}}?)\s+(?:did|does|do|was|is)\s+"
            rf"(?P<what>.+?)\s+(?:{'|'.join(EXCEED)})\s+(?P<ref>.+?){END}"
        ),
        build=_exceeds,
        tier="first",
        examples=(
            "By how many minutes did United's average departure delay exceed American's?",
            "How much did revenue in 1995 exceed revenue in 1994?",
        ),
    ),
    Rule(
        name="how many groups meet a condition",
        combine="count",
        pattern=_re(rf"^\s*(?:on\s+|in\s+|during\s+)?how\s+many\s+(?P<rest>.+?){END}"),
        build=_count_groups,
        tier="fallback",
        examples=(
            "How many airlines had more than 20000 flights?",
            "How many destinations received at least 5000 flights?",
            "On how many days were more than 100 flights cancelled?",
            "How many orders have more than six line items?",
        ),
    ),
    Rule(
        name="groups ranked by a share",
        combine="shares",
        pattern=_re(
            r"^\s*(?P<pre>(?:in|during|for)\s+[^,]+,\s*)?(?:among\s+(?P<among>(?:[^,]|,(?=\d))+),\s*)?"
            r"(?:which|what)(?:\s+(?P<groups>[^,]+?))?\s+"
            r"(?:had|has|have|got|saw|showed)\s+the\s+(?P<dir>highest|lowest|largest|smallest|"
            r"biggest|greatest)\s+(?:share|percentage|proportion|fraction|percent)\s+of\s+"
            rf"(?P<rest>.+?){END}"
        ),
        build=_share_by_group,
        tier="first",
        examples=(
            "Which airline had the highest share of flights delayed by more than an hour?",
            "In 1996, which nation had the lowest percentage of urgent orders?",
            "Among carriers with at least 10,000 flights, which had the highest share of "
            "flights leaving on time?",
        ),
    ),
    Rule(
        name="share of a whole",
        combine="share",
        pattern=_re(
            rf"^(?:.*?(?:\b|(?<=\s)))?(?:share|percentage|percent|proportion|fraction|%)\s+of\s+"
            rf"(?P<rest>.+?){PERCENT}{END}"
        ),
        build=_share,
        tier="fallback",
        examples=(
            "What percentage of the flights to Atlanta did Delta operate?",
            "What fraction of flights out of JFK went to Los Angeles?",
            "What share of the orders in 1996 were urgent?",
            "what % of flights out of LaGuardia were cancelled?",
        ),
    ),
    Rule(
        name="share of a whole named first",
        combine="share",
        pattern=_re(
            rf"^\s*(?:out\s+)?of\s+(?P<whole>.+?),\s*(?:what|which|how\s+much\s+of\s+a)\s+"
            rf"(?:share|percentage|percent|proportion|fraction|%)\s+(?:of\s+them\s+)?"
            rf"(?P<clause>.+?){PERCENT}{END}"
        ),
        build=_share_of,
        tier="fallback",
        examples=("Of all the flights to Miami, what percent were American?",),
    ),
    Rule(
        name="ratio of one figure to another",
        combine="ratio",
        pattern=_re(
            rf"^(?:.*?\b)?ratio\s+(?:of|between)\s+(?P<a>.+?)\s+(?:to|and|vs\.?|versus)\s+"
            rf"(?P<b>.+?){END}"
        ),
        build=_ratio_of,
        tier="fallback",
        examples=("What is the ratio of Delta flights to United flights?",),
    ),
    Rule(
        name="ratio of a total to a count",
        combine="ratio",
        pattern=_re(
            rf"^(?P<pre>.*?)\b(?:(?:average|mean|avg)\s+)?(?P<num>[\w ]+?)\s+per\s+"
            rf"(?P<after>.+?){END}"
        ),
        build=_ratio,
        tier="fallback",
        examples=(
            "What was the average revenue per order in the first quarter of 1996?",
            "Revenue per order in 1994?",
        ),
    ),
    Rule(
        name="things that never did something",
        combine="difference",
        pattern=_re(
            rf"^\s*how\s+many\s+(?P<noun>.+?)\s+(?:have\s+|has\s+|had\s+)?{NOT}\s+"
            rf"(?P<verb>.+?){END}"
        ),
        build=_never,
        tier="fallback",
        examples=("How many customers have not placed any orders?",),
    ),
    Rule(
        name="which things never did something",
        combine="subtract",
        pattern=_re(
            rf"^\s*(?:which|what|list|show|name|are\s+there\s+any)\s+(?:of\s+(?:the|our)\s+)?"
            rf"(?P<noun>\w+)\s+(?:(?:who|that|which)\s+)?(?:have\s+|has\s+|had\s+)?{NOT}\s+"
            rf"(?:yet\s+|ever\s+)?(?:been\s+)?(?P<verb>.+?)(?:\s+with\s+us)?{END}"
        ),
        build=_never_which,
        tier="fallback",
        examples=("Which customers have never placed an order?",),
    ),
)


# -- how much a figure changed between two periods or values -----------------------------------

FALLS = ("drop", "fall", "decline", "decrease", "shrink", "dip", "sink")
CHANGE = (
    r"(?P<change>go\s+up\s+or\s+down|rise\s+or\s+fall|drop|fall|fell|decline|decrease|shrink|"
    r"dip|sink|rise|rose|grow|grew|increase|climb|change|go\s+up|go\s+down|move)"
)
# what groups' figures did between two periods, in the past: "grew", "fell"
GROUP_CHANGES = (
    r"grew|rose|increased|climbed|went\s+up|fell|dropped|declined|decreased|shrank|went\s+down"
)
# "... Give me the difference in dollars.": how the answer is wanted, after the question
AFTERWORD = (
    r"(?:[?.]\s*(?:please\s+)?(?:give|show|tell)\s+(?:me\s+)?the\s+(?:difference|change)"
    r"(?P<after>[^?.]*)"
    # "(April minus March)": which way the difference goes, said again
    r"|[?.]?\s*\(\s*(?P<minuend>[\w ]+?)\s+(?:minus|less)\s+[\w ]+?\s*\))?"
)


def _change_from_to(m: re.Match[str], ctx: Context) -> Plan:
    """ "By how much did revenue drop from Q1 to Q2 1996?": the figure at each end, the later
    minus the earlier (the earlier minus the later where the verb says it fell)."""
    minuend = m.groupdict().get("minuend")
    later = m["a"] if _falls(m["change"]) else m["b"]  # a fall is the earlier minus the later
    if minuend and not later.strip().lower().startswith(minuend.strip().lower()):
        raise NotThisRule("the difference is said the other way round")  # asked, not guessed
    return _change(*_from_to(m), m, ctx)


def _change_between_periods(m: re.Match[str], ctx: Context) -> Plan:
    """ "the change in revenue from 1995 to 1996": only where both ends are periods and
    nothing else ("the increase in flights from JFK to LAX" is a route, not a change)."""
    for end in (m["a"], m["b"]):
        items = ctx.read(end).items
        if not items or not all(isinstance(i, TimeItem) for i in items):
            raise NotThisRule("the ends are not two periods alone")
    return _change_from_to(m, ctx)


def _from_to(m: re.Match[str]) -> tuple[str, str]:
    """The figure at each end of "from A to B"; a year said only at the end holds for both
    ("from Q1 to Q2 1996": Q1 of 1996)."""
    first, second = m["a"], m["b"]
    year = re.search(r"\b(?:19|20)\d\d\b", second)
    if year and not re.search(r"\b(?:19|20)\d\d\b", first):
        first = f"{first} {year[0]}"
    # "the monthly count from March to April": each end is that period, no grouping
    figure = re.sub(r"\b(?:daily|weekly|monthly|quarterly|yearly|annual)\s+", "", m["figure"])
    return f"{figure} in {first}", f"{figure} in {second}"


def _change_versus(m: re.Match[str], ctx: Context) -> Plan:
    """ "How did 1996 revenue change versus 1995?": the figure as said, and the same figure
    with the other period or value in its place."""
    later = m["figure"]
    return _change(swap(later, m["a"], ctx), later, m, ctx)


def _change(earlier_text: str, later_text: str, m: re.Match[str], ctx: Context) -> Plan:
    earlier, later = _two_figures(earlier_text, later_text, ctx)
    unit = ctx.catalog.members[earlier.measures[0]].unit
    for token in tokenize(m["after"] or ""):  # "the difference in dollars": the data's unit
        said = standalone_unit(token, "")
        if said is not None and said[0] != unit:
            raise NotThisRule(f'the figure is not in "{token.text}"')
    fell = _falls(m["change"])
    a, b = (earlier, later) if fell else (later, earlier)
    return _minus(a, b, ctx, "Drop" if fell else "Change")


def _percent_change(m: re.Match[str], ctx: Context) -> Plan:
    """ "By what percentage did revenue grow from 1993 to 1994?": the later figure's change
    from the earlier, in percent of the earlier (a fall is negative)."""
    earlier, later = _two_figures(*_from_to(m), ctx)
    title = ctx.title(later.measures[0])
    return Plan(
        queries=[later, earlier],
        combine="change",
        description=f"change of {title.lower()} from {scope_words(earlier, ctx)} to "
        f"{scope_words(later, ctx)}, in percent",
        title=f"Change in {title.lower()} (%)",
    )


def _minus(a: CubeQuery, b: CubeQuery, ctx: Context, word: str) -> Plan:
    """One figure minus the other, each said with its own scope."""
    title = ctx.title(a.measures[0])
    return Plan(
        queries=[a, b],
        combine="difference",
        description=f"{title} ({scope_words(a, ctx)}) minus {title.lower()} "
        f"({scope_words(b, ctx)})",
        title=f"{word} in {title.lower()}",
    )


CHANGES = (
    Rule(
        name="change of a figure in percent",
        combine="change",
        pattern=_re(
            rf"^\s*(?:by\s+)?(?:what|how\s+many)\s+(?:percent(?:age)?|%|per\s+cent)"
            rf"\s+(?:did|has|have)\s+(?P<figure>.+?)\s+{CHANGE}\s+"
            rf"from\s+(?P<a>.+?)\s+to\s+(?P<b>.+?){END}"
        ),
        build=_percent_change,
        tier="first",
        examples=(
            "By what percentage did revenue grow from 1993 to 1994?",
            "By what percent did the number of flights rise from February to August?",
        ),
    ),
    Rule(
        name="change of a figure, asked in percent after the question",
        combine="change",
        pattern=_re(
            rf"^\s*(?:by\s+)?how\s+(?:much\s+)?(?:did|has|have)\s+(?P<figure>.+?)\s+{CHANGE}\s+"
            rf"from\s+(?P<a>.+?)\s+to\s+(?P<b>.+?)\s*,?\s*(?:in|as\s+an?)\s+"
            rf"(?:percent(?:age)?|%|per\s+cent)(?:\s+terms)?{END}"
        ),
        build=_percent_change,
        tier="first",
        examples=(
            "How did the number of orders change from 1994 to 1995, in percent?",
            "How much did flights out of LaGuardia grow from January to March as a percentage?",
        ),
    ),
    Rule(
        name="change of a figure from one period or value to another",
        combine="difference",
        pattern=_re(
            rf"^\s*(?:by\s+)?how\s+(?:much|many\s+\w+)\s+(?:did|has|have)\s+(?P<figure>.+?)\s+"
            rf"{CHANGE}\s+from\s+(?P<a>.+?)\s+to\s+(?P<b>.+?){AFTERWORD}{END}"
        ),
        build=_change_from_to,
        tier="first",
        examples=(
            "By how much did revenue drop from Q1 to Q2 1996?",
            "How much did the number of flights grow from February to March?",
            "By how many flights did Delta's monthly count go up or down from May to June?",
        ),
    ),
    Rule(
        name="the change in a figure from one period or value to another, said as a noun",
        combine="difference",
        pattern=_re(
            r"^\s*(?:(?:what|how\s+big|how\s+large)\s+(?:was|is|were)\s+)?(?:the\s+)?(?:net\s+)?"
            r"(?P<change>change|increase|decrease|drop|decline|growth|rise|fall)\s+(?:in|of)\s+"
            rf"(?P<figure>.+?)\s+from\s+(?P<a>.+?)\s+to\s+(?P<b>.+?){AFTERWORD}{END}"
        ),
        build=_change_between_periods,
        tier="first",
        examples=(
            "What was the change in revenue from 1995 to 1996?",
            "the drop in the number of flights from August to September",
        ),
    ),
    Rule(
        name="the groups whose figure rose or fell from one period to another",
        combine="rose",
        pattern=_re(
            rf"^\s*(?:which|what)\s+(?P<groups>[^,]+?)\s+(?P<change>{GROUP_CHANGES})\s+"
            r"(?:(?:their|its|the)\s+)?(?P<figure>.+?)\s+(?:from|between)\s+(?P<a>.+?)\s+"
            rf"(?:to|and)\s+(?P<b>.+?){END}"
        ),
        build=_groups_changed,
        tier="first",
        examples=(
            "Which market segments grew their revenue from 1996 to 1997?",
            "Which carriers increased their number of flights from January to February?",
        ),
    ),
    Rule(
        name="the groups whose figure, said as theirs, rose or fell",
        combine="rose",
        pattern=_re(
            rf"^\s*(?:which|what)\s+(?P<groups>[^,]+?)(?:'s|'|\u2019s|\u2019)\s+(?P<figure>.+?)\s+"
            rf"(?P<change>{GROUP_CHANGES})\s+(?:from|between)\s+(?P<a>.+?)\s+"
            rf"(?:to|and)\s+(?P<b>.+?){END}"
        ),
        build=_groups_changed,
        tier="first",
        examples=("Which nations' revenue fell from 1995 to 1996?",),
    ),
    Rule(
        name="change of a figure against another period or value",
        combine="difference",
        pattern=_re(
            rf"^\s*(?:by\s+)?how\s+(?:much\s+)?(?:did|has|have)\s+(?P<figure>.+?)\s+{CHANGE}\s+"
            rf"(?:versus|vs\.?|compared\s+(?:to|with)|against|on)\s+(?P<a>[^?.]+?){AFTERWORD}{END}"
        ),
        build=_change_versus,
        tier="first",
        examples=(
            "How did 1996 revenue change versus 1995? Give me the difference in dollars.",
            "How much did the number of flights in March change compared to February?",
        ),
    ),
)


# -- a figure per period, averaged over the periods -------------------------------------------

AVERAGE = r"(?:on\s+average|average|avg|mean|typical(?:ly)?|usually)"
PER_PERIOD = r"(?:a|per|each|every)\s+(?P<period>day|week|month|quarter)"


def _per_period(m: re.Match[str], ctx: Context) -> Plan:
    text = re.sub(rf"\b{AVERAGE}\b,?", " ", m[0], flags=re.IGNORECASE)
    text = re.sub(rf"\b{PER_PERIOD}\b", f"per {m['period']}", text, flags=re.IGNORECASE)
    query = ctx.query(text)
    period = m["period"].lower()
    grains = [t.granularity for t in query.timeDimensions if t.granularity]
    parts = [ctx.catalog.members[d].time_part for d in query.dimensions]
    if (grains, parts) not in (([period], []), ([], [period])):
        raise NotThisRule(f"not one figure for each {period}")  # a date's, or a column's
    if ctx.catalog.members[query.measures[0]].agg not in ("count", "countDistinct", "sum"):
        raise NotThisRule("only a count or a total is averaged over periods")
    title = ctx.title(query.measures[0])
    each = query.model_copy(update={"order": [], "limit": None})
    return Plan(
        queries=[each],
        combine="mean",
        description=f"{ctx.words(each).text}, averaged over the {period}s that have any",
        title=f"Average {title.lower()} per {period}",
    )


PEAK = r"(?P<peak>largest|highest|biggest|greatest|most|maximum|max|record)"


def _peak_period(m: re.Match[str], ctx: Context) -> CubeQuery:
    """ "the largest number of flights cancelled on a single day in February": the period
    with the most, and its figure."""
    period = m["period"].lower()
    counted = re.match(r"(?:total\s+)?(?:number|count)\s+of\s+", m["what"], re.IGNORECASE)
    figure = f"most {m['what'][counted.end() :]}" if counted else f"{m['peak']} {m['what']}"
    query = ctx.query(f"Which {period} had the {figure} {m['rest']}")
    grains = [t.granularity for t in query.timeDimensions if t.granularity]
    parts = [ctx.catalog.members[d].time_part for d in query.dimensions]
    if (grains, parts) not in (([period], []), ([], [period])) or not query.order:
        raise NotThisRule(f"not the {period} with the most")
    if ctx.catalog.members[query.measures[0]].agg not in ("count", "countDistinct", "sum"):
        raise NotThisRule("only a count or a total adds up over a period")  # not a maximum
    return query.model_copy(update={"limit": 1})


PEAK_PERIOD = Rule(
    name="the most in any one period",
    combine="peak",
    pattern=_re(
        rf"^\s*(?:what|which)(?:\s*['\u2019]s|\s+(?:was|is|were|are))\s+the\s+{PEAK}\s+(?P<what>.+?)\s+"
        rf"(?:on|in|during|for)\s+(?:a|any|one)\s+(?:single\s+|one\s+)?"
        rf"(?P<period>day|week|month|hour)\b(?P<rest>.*?){END}"
    ),
    build=_peak_period,
    tier="first",
    examples=(
        "What is the highest number of flights that left JFK on any one day?",
        "What was the highest revenue in a single month of 1995?",
    ),
)


PER_PERIOD_RULE = Rule(
    name="a figure per period, averaged over the periods",
    combine="mean",
    pattern=_re(rf"^(?=.*\b{AVERAGE}\b)(?=.*\b{PER_PERIOD}\b).+$"),
    build=_per_period,
    tier="fallback",
    examples=(
        "On average, how many flights a day were scheduled out of Newark?",
        "What was the average number of orders per month in 1995?",
    ),
)


def _per_owner(m: re.Match[str], ctx: Context) -> Plan:
    """ "On average, how many line items does an order have?": the things counted, over the
    distinct owners among them (the orders that have any)."""
    averaged = m["lead"] or re.search(rf"\b{AVERAGE}\b", m["rest"], re.IGNORECASE)
    if m["det"].lower() in ("each", "every") and not averaged:
        raise NotThisRule("each one's own figure")  # "how many flights did each airline have"
    rest = re.sub(rf"\b{AVERAGE}\b,?", " ", m["rest"], flags=re.IGNORECASE).strip()
    counted = ctx.query(f"How many {m['things']} {rest}".strip())
    measure = ctx.catalog.members[counted.measures[0]]
    if measure.agg != "count" or counted.dimensions or counted.order:
        raise NotThisRule("not one count of things")
    owner = tokenize(m["owner"])
    owners = [
        d
        for d in ctx.catalog.measures()
        if d.cube == measure.cube
        and d.agg == "countDistinct"
        and _titled_after(d.short_title, owner)
    ]
    if len(owners) != 1:
        raise NotThisRule(f"no count of the {m['owner']} among the {m['things']}")
    among = counted.model_copy(update={"measures": [owners[0].name]})
    title = ctx.title(measure.name)
    return Plan(
        queries=[counted, among],
        combine="ratio",
        description=f"{title} ({scope_words(counted, ctx)}) divided by "
        f"{ctx.title(owners[0].name).lower()} among them",
        title=f"{title} per {singular(m['owner'].lower())}",
    )


def _titled_after(title: str, noun: list[Token]) -> bool:
    """ "Distinct orders" counts what "an order" names."""
    words = tokenize(title.lower())[1:]
    return len(words) == len(noun) and all(
        same_noun(a, b) for a, b in zip(words, noun, strict=True)
    )


PER_OWNER = Rule(
    name="things per owner, on average",
    combine="ratio",
    pattern=_re(
        r"^\s*(?P<lead>(?:on\s+average|typically|usually)\s*,?\s*)?how\s+many\s+(?P<things>.+?)\s+"
        r"(?:does|do|did)\s+(?P<det>a|an|each|every|one|the\s+average|the\s+typical)\s+"
        r"(?P<owner>\w+(?:\s+\w+)?)\s+(?:have|contain|include|hold|get|place|make|carry|receive)\b"
        rf"(?P<rest>.*?){END}"
    ),
    build=_per_owner,
    tier="first",
    examples=(
        "On average, how many line items does an order have?",
        "How many flights does a plane make on average?",
    ),
)


# -- figures in a unit the data is not in ---------------------------------------------------


def _in_unit(m: re.Match[str], ctx: Context) -> Plan:
    """ "average distance in kilometres", "the longest delay in hours": the question without
    its unit, answered in the data's unit, and every figure converted."""
    reading = ctx.read(m[0])
    tokens = reading.tokens
    # a unit word of its own, or a unit named after "in" ("in hours", whatever else it names)
    units = [i.start for i in reading.items if isinstance(i, WordItem) and i.kind == "unit"] or [
        n
        for n in range(1, len(tokens))
        if tokens[n - 1].norm in ("in", "as", "degrees")
        and standalone_unit(tokens[n], tokens[n - 1].norm, asked=True)
    ]
    if len(units) != 1:
        raise NotThisRule("not one unit asked for")
    start = at = end = units[0]
    while start > 0 and tokens[start - 1].norm in ("in", "as", "into", "degrees", "degree", ","):
        start -= 1
    closed = [t.norm for t in tokens[at + 1 : at + 2]] == [")"]
    if start > 0 and tokens[start - 1].norm == "(" and closed:  # "(in %)"
        start, end = start - 1, at + 1
    # "how many kilometres did United fly": asked in the data's own unit, then converted
    own = [
        i.value
        for i in reading.items
        if i.start == at and isinstance(i, WordItem) and i.number == 0
    ]
    instead = own[:1] if start == at else []
    query = ctx.query(
        " ".join(
            [*(t.text for t in tokens[:start]), *instead, *(t.text for t in tokens[end + 1 :])]
        )
    )
    measure = ctx.catalog.members[query.measures[0]] if query.measures else None
    column = ctx.catalog.members.get(measure.of or "") if measure else None
    before = tokens[at - 1].norm if at else ""
    found = conversion(column.unit, tokens[at], before) if column else None
    if measure is None or found is None:
        raise NotThisRule("no figure the data gives in a unit that converts to it")
    factor, offset, label = found
    return Plan(
        queries=[query],
        combine="convert",
        factor=factor,
        offset=offset,
        description=f"{ctx.words(query).text}, in {label}",
        title=f"{measure.short_title} ({label})",
    )


IN_UNIT = Rule(
    name="figures in another unit",
    combine="convert",
    pattern=_re(r"^.+$"),
    build=_in_unit,
    tier="fallback",
    examples=(
        "average flight distance in kilometres for flights to LAX",
        "What was the average temperature at JFK in January in Celsius?",
        "What was the longest arrival delay in hours?",
    ),
)


# -- an attribute of one named thing (one query: no combining) ---------------------------------


def _lookup(m: re.Match[str], ctx: Context) -> CubeQuery:
    """ "What is the name of the airport with code PDX?", "Who built plane N10156?": a column
    of the one thing a value names. Every other word must name that thing, the column, or be
    a function word; anything that counts, ranks, compares or dates is not a lookup."""
    reading = ctx.read(m[0])
    # "what year was N14228 built": the year a verb of the thing names, not a period
    dated = _years_named_by_verbs(reading)
    allowed = (
        "question",
        "label",
        "connector",
        "agg",
        "unit",
        *(("granularity",) if dated else ()),
    )
    if any(isinstance(i, ComparisonItem | TimeItem | ScopeItem) for i in reading.items) or any(
        isinstance(i, WordItem) and i.kind not in allowed for i in reading.items
    ):
        raise NotThisRule("more than an attribute is asked")
    if any(
        isinstance(i, MemberItem) and all(m.kind == "measure" for m in i.members)
        for i in reading.items
    ):
        raise NotThisRule("a figure over rows is asked")  # "the average salary of staff whose..."
    # "how many seats does plane N14228 have": a number the thing has, not a count of rows
    counted = [i for i in reading.items if isinstance(i, WordItem) and i.kind == "agg"]
    if any(w.value != "count" for w in counted):
        raise NotThisRule("more than an attribute is asked")
    values = [i for i in reading.items if isinstance(i, ValueItem)]
    if len(values) != 1 or any(len(match.values) != 1 for match in values[0].matches):
        raise NotThisRule("not one named thing")
    if _things_in_the_plural(reading, values[0]):
        raise NotThisRule("things listed by a value of theirs")  # "our customers in Berlin"
    # the same thing in several roles (a nation of customers and of suppliers): the role that
    # has the attribute asked for, nearest to it ("our customers in Berlin": a customer's own
    # city, not the city an order was shipped to), the first of equals
    found: list[tuple[int, CubeQuery]] = []
    for match in values[0].matches:
        try:
            query = _attribute_of(reading, values[0], match.dimension, match.values[0], ctx)
        except NotThisRule:
            continue
        attribute = ctx.catalog.members[query.dimensions[0]]
        found.append((ctx.catalog.distance(match.dimension.cube, attribute.cube), query))
    if not found:
        raise NotThisRule("no one attribute of the thing is asked")
    query = min(found, key=lambda hit: hit[0])[1]
    attribute = ctx.catalog.members[query.dimensions[0]]
    if counted and attribute.type != "number":
        raise NotThisRule("a count of rows, not an attribute")
    if any(not same_unit(w.value, attribute.unit) or w.number != 1 for w in reading.words("unit")):
        raise NotThisRule("the attribute in another unit than the data's")  # "in meters"
    return query


def _things_in_the_plural(reading: Reading, value: ValueItem) -> bool:
    """A plural noun of things the value is a column of: a list of those things, not one."""
    cubes = {match.dimension.cube for match in value.matches}
    for item in reading.items:
        if isinstance(item, MemberItem) and any(
            m.agg == "count" and m.cube in cubes for m in item.members
        ):
            said = reading.tokens[item.end - 1].norm
            if said != singular(said):
                return True
    return False


def _attribute_of(
    reading: Reading, value: ValueItem, key: Member, named: str, ctx: Context
) -> CubeQuery:
    naming = _naming(reading, key)
    covered = {t for i in (value, *naming) for t in range(i.start, i.end)}
    cubes = _described_cubes(key, ctx)
    # the column as the reader found it named ("kind of engine", "seats"), else by head noun
    named_columns = {
        member
        for item in reading.items
        if isinstance(item, MemberItem) and item not in naming
        for member in item.members
        if member.kind == "dimension" and member.cube in cubes and member.name != key.name
    }
    said = {
        t
        for item in reading.items
        if isinstance(item, MemberItem) and item not in naming
        for t in range(item.start, item.end)
    }
    words = [
        t
        for n, t in enumerate(reading.tokens)
        if n not in covered
        and not is_function_word(t)
        and t.norm not in IDENTIFIER_WORDS
        and t.norm not in QUESTION_WORDS
        and t.norm != "who"
        and any(c.isalnum() for c in t.norm)
    ]
    per_word = [found for t in words if (found := _attributes(t, key, ctx))]
    attributes = {a for found in per_word for a in found}
    dated = {d for d in _years_named_by_verbs(reading) if d.cube in cubes}
    if dated and any(t.norm == "year" for t in reading.tokens):
        attributes = dated  # "what year was it built": the year built
    if len(named_columns) == 1 and all(
        n in said for n, t in enumerate(reading.tokens) if t in words
    ):
        attributes = named_columns
    if len(attributes) > 1 and len(per_word) == 1:
        # "the department Bruce Young works in": his own department's name, not that of the
        # department his department reports to, one join further ("who manages the
        # department he works in" names two: a chain, not this rule)
        near = min(ctx.catalog.distance(key.cube, a.cube) for a in attributes)
        attributes = {a for a in attributes if ctx.catalog.distance(key.cube, a.cube) == near}
    cued = {
        member
        for n, t in enumerate(reading.tokens)
        if n not in covered
        for member in ctx.catalog.dimensions()
        if member.cube in cubes and member.name != key.name and _cued_by(t, member)
    }
    if not words and len(cued) == 1:
        attributes = cued  # "who does she report to": the one a value "reports to" is
    elif not words:
        raise NotThisRule("no one attribute of the thing is asked")
    if len(attributes) != 1:
        raise NotThisRule("no one attribute of the thing is asked")
    attribute = attributes.pop()
    return CubeQuery(
        dimensions=[attribute.name],
        filters=[CubeFilter(member=key.name, operator="equals", values=[named])],
    )


def _years_named_by_verbs(reading: Reading) -> list[Member]:
    """Columns holding a year that a verb of the question names ("built": year built)."""
    return [
        d
        for v in reading.items
        if isinstance(v, VerbItem)
        for d in v.members
        if d.kind == "dimension" and d.unit == "year"
    ]


def _naming(reading: Reading, key: Member) -> list[MemberItem]:
    """The nouns that name the thing itself: "the airport" of PDX, "the plane" of N10156."""
    return [
        i
        for i in reading.items
        if isinstance(i, MemberItem)
        and any(m.name == key.name or (m.cube == key.cube and m.agg == "count") for m in i.members)
    ]


def _described_cubes(key: Member, ctx: Context) -> set[str]:
    """Where the thing a key names is described: its aliases' cubes (an airport's), else the
    cubes its own cube joins to (a plane's, from a flight's tail number)."""
    described = ctx.catalog.described_at(key)
    if described:
        return described
    # a key that names its own cube's rows (a department's name) is described there too
    own = {key.cube} if ctx.catalog.names_its_rows(key) else set()
    return own | (ctx.catalog.reachable(key.cube) - {key.cube})


def _cued_by(token: Token, member: Member) -> bool:
    """A verb that, with its preposition, puts a value in this column ("report" of "reports
    to"); not a bare preposition."""
    verbs = {cue.split()[0] for cue in member.value_cues if len(cue.split()) > 1}
    return bool(verbs & ({token.norm} | token.lemmas))


def _attributes(token: Token, key: Member, ctx: Context) -> set[Member]:
    """The columns of the thing a word names by its head noun ("city", "name"), or by the one
    who does what the verb says ("manufactured": the manufacturer)."""
    cubes = _described_cubes(key, ctx)
    forms = getAllLemmas(token.norm)
    nouns = {token.norm, *forms.get("NOUN", ())}
    for verb in forms.get("VERB", ()):
        nouns |= agent_nouns(verb)
    found = set()
    for member in ctx.catalog.dimensions():
        if member.cube not in cubes or member.name == key.name:
            continue
        heads = {phrase.split()[-1] for phrase in member.phrases}
        if any(
            same_noun(
                Token(text=h, norm=h, lemmas=frozenset({h})),
                Token(text=n, norm=n, lemmas=frozenset({n})),
            )
            for h in heads
            for n in nouns
        ):
            found.add(member)
    return found


LOOKUP = Rule(
    name="an attribute of one named thing",
    combine="lookup",
    pattern=_re(rf"^\s*(?:what|who|which|how\s+many)\b.+?{END}"),
    build=_lookup,
    tier="first",
    examples=(
        "What city is the airport with code BUR in?",
        "Who made the plane N108UW?",
        "Which model is plane N10156?",
        "How many engines does the plane N108UW have?",
    ),
)
EXTREME = Rule(
    name="the thing at an extreme of its column",
    combine="extreme",
    pattern=_re(r"^.+$"),
    build=extreme,
    tier="fallback",
    examples=(
        "Which airport sits at the highest altitude?",
        "Which plane model has the most seats?",
        "When was the most recent order placed?",
        "Which customer placed the latest order?",
    ),
)


def _who(m: re.Match[str], ctx: Context) -> CubeQuery:
    """ "Who placed the single most expensive order?": the one kind of thing with a name whose
    verb it is (customers place orders), asked as "which customer"."""
    verbs = [i for i in ctx.read(m["rest"]).items if isinstance(i, VerbItem)]
    if not verbs:
        raise NotThisRule("no verb says what they did")
    agents = {
        member.cube
        for member in verbs[0].members
        if member.agg == "count" and ctx.catalog.names_of(member.cube)
    }
    if len(agents) != 1:
        raise NotThisRule("not one kind of thing that does it")
    count = ctx.catalog.count_measure(agents.pop())
    assert count is not None  # a cube whose column names its rows has a count
    things = re.sub(r"^number\s+of\s+", "", count.title, flags=re.IGNORECASE)  # "customers"
    query = ctx.query(f"which {singular(things.lower())} {m['rest']}")
    if query.order and query.order[0][1] == "asc":
        raise NotThisRule("the fewest: things with none have no rows to rank")
    if query.order and query.order[0][0] in query.measures and query.limit is None:
        query = query.model_copy(update={"limit": 1})  # "who ... the most": the one at the top
    return query


WHO = Rule(
    name="who: the things that did it",
    combine="who",
    pattern=_re(rf"^\s*who\s+(?P<rest>.+?){END}"),
    build=_who,
    tier="fallback",
    examples=("Who placed the single most expensive order?",),
)


RULES = (
    LOOKUP,
    *CHANGES,
    AGAINST_THE_AVERAGE,
    ABOVE_AVERAGE,
    FEWEST,
    *RULES,
    PEAK_PERIOD,
    PER_PERIOD_RULE,
    PER_OWNER,
    IN_UNIT,
    WHO,
    EXTREME,
)
