"""The thing at an extreme of one of its columns: "the most recent hire", "which airport sits
highest", "the customer who placed the latest order". One query, nothing to combine: the
things listed with the column, ranked by it, the first kept; no figure over rows is asked.

Tried only where one query does not account for the words (a single query reads "the most
seats" of a plane as the total of its one row, which is the same number)."""

from __future__ import annotations

import re

from models.ask import CubeFilter, CubeQuery
from understanding.catalog import Member
from understanding.language import IDENTIFIER_WORDS, SIZE_WORDS, plural, same_unit, syllables
from understanding.plans.parts import Context, NotThisRule
from understanding.reader import Item, MemberItem, Reading, TimeItem, ValueItem, VerbItem, WordItem

# Words beside the ranking that add nothing to it: "which", "the top 3", "single".
_QUIET = ("question", "limit", "one row", "label", "connector")
# The last word of a column that numbers things: "order number", "part key".
_NUMBERING = (*IDENTIFIER_WORDS, "number")
# Rows shown after the one thing asked for, so that things tied with it are seen.
TIES_SHOWN = 2


def extreme(m: re.Match[str], ctx: Context) -> CubeQuery:
    reading = ctx.read(m[0])
    if reading.leftovers():
        raise NotThisRule("words no reading accounts for")
    rank, attribute, named = _ranked(reading, ctx)
    scope, said = _scope(reading, rank, attribute, ctx)
    others = [i for i in reading.items if i is not rank and i is not named and i not in said]
    entity = _entity(others, attribute)
    who = any(t.norm in ("who", "whom") for t in reading.tokens)
    if reading.tokens and reading.tokens[0].norm == "when":
        shown = []  # "when was the last order placed": the date itself
    elif entity is not None:
        done = any(isinstance(i, VerbItem) for i in reading.items)
        if who and done and _names_only_rows(entity, attribute):
            raise NotThisRule("who did it is not named")  # "who placed the newest order"
        if rank.end == entity.start and not _own_column(entity, attribute):
            raise NotThisRule("the adjective is not of these things")  # "youngest manager"
        shown = _shown(entity, attribute, ctx, chosen=named is not None)
    elif who:
        shown = _display(attribute.cube, ctx)  # "who is the most recent hire"
    elif reading.tokens and reading.tokens[0].norm == "which":
        raise NotThisRule("which things are ranked is not named")  # "which was colder"
    else:
        shown = []  # "what is the latest order date": the date itself
    limit = next((w for w in reading.words("limit") if w.number), None)
    count = limit.number if limit and limit.number else 1
    direction = "desc" if rank.value == "desc" else "asc"
    return CubeQuery(
        dimensions=[*shown, attribute.name],
        filters=[*scope.filters, CubeFilter(member=attribute.name, operator="set")],
        timeDimensions=scope.timeDimensions,
        order=[(attribute.name, direction)],
        # things with the same value tie: the one thing asked for is shown with the next
        # ones, so that a tie is seen and never passed off as the one answer
        limit=count + TIES_SHOWN if shown and count == 1 else count,
        offset=limit.offset if limit and limit.offset else None,
    )


def _scope(
    reading: Reading, rank: WordItem, attribute: Member, ctx: Context
) -> tuple[CubeQuery, list[Item]]:
    """The rows ranked, limited as the question says: "the biggest order in 1995", "the most
    recent order from a German customer". Read as a count of those rows ("how many orders in
    1995"), so that periods and values mean what they mean everywhere; a count that is not
    of those rows alone means the words ask more than the thing at an extreme."""
    after = [i for i in reading.items if i.start > rank.end and isinstance(i, TimeItem | ValueItem)]
    times = [i for i in reading.items if isinstance(i, TimeItem)]
    if not after and not times:
        return CubeQuery(), []
    count = ctx.catalog.count_measure(attribute.cube)
    if count is None or not count.phrases:
        raise NotThisRule("the rows ranked have no name to count them by")
    start = min(i.start for i in after) if after else len(reading.tokens)
    tail = [t.text for t in reading.tokens[start:]]
    before = [reading.text(i) for i in times if i.start < start]
    query = ctx.query(" ".join(["How many", plural(count.phrases[0]), *before, *tail]))
    if query.measures != [count.name] or query.dimensions:
        raise NotThisRule("more is asked than the thing at an extreme")
    said = [i for i in reading.items if i.start >= start or i in times]
    return query, [i for i in said if not isinstance(i, MemberItem | VerbItem)]


def _own_column(entity: MemberItem, attribute: Member) -> bool:
    """The column is of the noun's own things: "the youngest employee", not the employee of
    the youngest manager."""
    return any(
        m.cube == attribute.cube
        or attribute.name in (*m.aliases, m.label_member or "")
        or attribute.cube in {a.split(".")[0] for a in m.aliases}
        for m in entity.members
    )


def _ranked(reading: Reading, ctx: Context) -> tuple[WordItem, Member, MemberItem | None]:
    """The ranking word, the column it ranks by, and the noun that named the column if one
    did ("the highest altitude"; "the most recent order": the order's date)."""
    ranks = _most_said_of_an_adjective(
        reading, reading.words("time extreme", "polar", "superlative")
    )
    if len(ranks) != 1:
        raise NotThisRule("not one word that ranks")
    rank = ranks[0]
    after = next((i for i in reading.items if i.start == _past_quiet(reading, rank.end)), None)
    named = after if isinstance(after, MemberItem) else None
    columns = [d for d in named.members if _rankable(d)] if named else []
    if not columns and named is not None and reading.text(rank).lower() in SIZE_WORDS:
        columns = _size_of(named, ctx)
    if len(columns) > 1 and named is not None:
        columns = _home(columns, reading.text(named), ctx)
    if len(columns) > 1:
        raise NotThisRule("several columns could be ranked")
    if columns:
        return rank, columns[0], named
    if rank.kind == "polar" and rank.member is not None and _rankable(rank.member):
        return rank, _adjective_of_the_things(rank, rank.member, reading, ctx), None
    if rank.kind == "time extreme":
        return rank, _date_of(rank, named, reading, ctx), None
    raise NotThisRule("no column of a thing is ranked")


def _most_said_of_an_adjective(reading: Reading, ranks: list[WordItem]) -> list[WordItem]:
    """ "the most expensive", "the least expensive": one ranking, the adjective's (turned
    around after "least")."""
    if len(ranks) != 2 or ranks[0].kind != "superlative" or ranks[1].kind != "polar":
        return ranks
    most, adjective = ranks
    if most.end != adjective.start or syllables(reading.text(adjective).lower()) == 1:
        return ranks  # "the most long flights": "long" ranks with "longest"; "most" counts
    if most.value == "asc":  # this reading's own items: the words read together
        adjective.value = "asc" if adjective.value == "desc" else "desc"
    most.used = True
    return [adjective]


def _adjective_of_the_things(
    rank: WordItem, first: Member, reading: Reading, ctx: Context
) -> Member:
    """ "the priciest part": of the columns the adjective is said of (an order's price, a
    part's), the one of the things named; else the first declared."""
    cubes = {m.cube for i in reading.of(MemberItem) if isinstance(i, MemberItem) for m in i.members}
    said = [*first.higher, *first.lower]
    own = [
        d
        for d in ctx.catalog.dimensions()
        if d.cube in cubes and _rankable(d) and set(said) & {*d.higher, *d.lower}
    ]
    if first in own or len(own) != 1:
        return first
    return own[0]


def _past_quiet(reading: Reading, position: int) -> int:
    """The position after words that add nothing to a ranking ("the largest single order")."""
    for word in reading.words(*_QUIET):
        if word.start == position:
            return word.end
    return position


def _size_of(noun: MemberItem, ctx: Context) -> list[Member]:
    """ "the biggest order": the one amount its things carry (a column summed by default on
    their own rows); none, or several, and the size is not said."""
    return ctx.catalog.amounts({m.cube for m in noun.members if m.agg == "count"})


def _rankable(member: Member) -> bool:
    """A column whose values rank things: not an hour or a month of something."""
    if member.kind != "dimension" or member.time_part or member.unit == "clock":
        return False
    return member.type in ("number", "time")


def _home(columns: list[Member], said: str, ctx: Context) -> list[Member]:
    """Of columns one phrase names ("order date": an order's, a line's copy of it), those of
    the things the phrase names ("order")."""
    words = said.lower().split()
    parts = {" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words))}
    home = []
    for column in columns:
        count = ctx.catalog.count_measure(column.cube)
        if count and parts & set(count.phrases):
            home.append(column)
    return home or columns


def _date_of(rank: WordItem, noun: MemberItem | None, reading: Reading, ctx: Context) -> Member:
    """The date "most recent" ranks: the one a verb of the question names ("shipped": the ship
    date; "hired": the hire date), on the things the noun after it names where it names any;
    else those things' first date ("the latest order": the order date). Not a date the model
    gives adjectives of its own ("young", "old": a birth date)."""
    cubes = {m.cube for m in noun.members if m.agg == "count"} if noun else set()
    for verb in reading.items:
        if isinstance(verb, VerbItem):
            said = [
                d
                for d in verb.members
                if d.kind == "dimension" and d.type == "time" and (not cubes or d.cube in cubes)
            ]
            if len(said) == 1:
                return said[0]
    plain = [[d for d in ctx.catalog.dates_of(c) if not (d.higher or d.lower)] for c in cubes]
    dates = [found[0] for found in plain if found]
    if len(dates) != 1:
        raise NotThisRule("not one date is ranked")
    return dates[0]


def _entity(others: list[Item], attribute: Member) -> MemberItem | None:
    """The noun of the things listed; every other word must be quiet or name the ranked rows
    ("placed" and "order" in "which customer placed the most recent order")."""
    nouns: list[MemberItem] = []
    for item in others:
        if isinstance(item, WordItem) and (item.kind in _QUIET or item.used):
            continue  # "most" of "the most expensive", read with its adjective
        if isinstance(item, WordItem) and item.kind == "order" and item.start == 0:
            continue  # "List the 3 most expensive parts": asks for them, ranked anyway
        if (
            isinstance(item, WordItem)
            and item.kind == "unit"
            and same_unit(item.value, attribute.unit)
        ):
            continue  # "the biggest order, in dollars": the unit the amount is in
        if isinstance(item, VerbItem) and _of_rows(item, attribute):
            continue
        if isinstance(item, MemberItem):
            nouns.append(item)
            continue
        raise NotThisRule("more is asked than the thing at an extreme")
    listed = [n for n in nouns if not _names_only_rows(n, attribute)]
    if len(listed) > 1:
        raise NotThisRule("several things could be listed")
    chosen = listed or nouns  # "which order was the latest": the orders
    return chosen[0] if chosen else None


def _of_rows(verb: VerbItem, attribute: Member) -> bool:
    """A verb of the ranked rows or of the column: "placed" (an order), "hired", "built"."""
    return any(m.cube == attribute.cube or m.name == attribute.name for m in verb.members)


def _names_only_rows(noun: MemberItem, attribute: Member) -> bool:
    """ "order" in "placed the most recent order", "planes" in "which model has the most
    seats in the planes table": the rows ranked, not the thing listed."""
    return any(m.cube == attribute.cube and m.agg == "count" for m in noun.members)


def _shown(entity: MemberItem, attribute: Member, ctx: Context, chosen: bool) -> list[str]:
    """How the things listed are named: the noun's own naming column where the ranked column
    is of the same things or of rows that reach them, else a code naming them (an airport).
    `chosen`: the question named the column; an adjective's column is the first declared, so
    a noun of several roles (an origin or a destination airport) is then not settled by it."""
    reach = ctx.catalog.reachable(attribute.cube)
    keys = [m for m in entity.members if m.kind == "dimension" and m.type == "string"]
    counted = {m.cube for m in entity.members if m.agg == "count"}
    for key in keys:
        described = ctx.catalog.described_at(key)
        if attribute.cube in described and counted & described:
            # "which destination airport": the airports flown to, listed by their key on the
            # rows, not every airport of the table the role reads
            return _with_label(key, ctx)
    for member in entity.members:
        if member.agg == "count" and member.cube in reach:
            return _display(member.cube, ctx)
    fitting = [k for k in keys if k.cube in reach or attribute.cube in ctx.catalog.described_at(k)]
    roles = {c for k in keys for c in ctx.catalog.described_at(k)}
    if not fitting or (not chosen and len(roles) > 1):
        raise NotThisRule("the things listed are not those the column is of")
    return _with_label(fitting[0], ctx)


def _display(cube: str, ctx: Context) -> list[str]:
    """A cube's naming column: the one called what its rows are called ("employee": the
    employee's name), else its name ("part name"), else its number ("order number")."""
    count = ctx.catalog.count_measure(cube)
    called = set(count.phrases) if count else set()
    columns = [d for d in ctx.catalog.dimensions() if d.cube == cube and d.type != "time"]
    strings = [d for d in columns if d.type == "string"]
    for chosen in (
        [d for d in strings if ctx.catalog.names_its_rows(d)],
        [d for d in strings if {f"{c} name" for c in called} & set(d.phrases)],
        [d for d in columns if any(p.split()[-1] in _NUMBERING for p in d.phrases)],
    ):
        if chosen:
            return _with_label(chosen[0], ctx)
    raise NotThisRule("the things have no name to list them by")


def _with_label(member: Member, ctx: Context) -> list[str]:
    label = member.label_member
    return [member.name, label] if label and label in ctx.catalog.members else [member.name]
