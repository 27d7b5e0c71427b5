"""Offline understanding: matches a question against the catalog's phrases and sampled values.

No model is needed: measures and dimensions are found by their titles and synonyms (longest
phrase first), filter values by the values sampled from Cube, time ranges by month names and
years, order and limits by words like "top 5" or "fewest". When nothing measurable is found, it
asks; it does not guess.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from typing import Literal

from services.understanding.catalog import Catalog, Member
from workflows.models import CubeFilter, CubeQuery, TimeDimension

DATA_YEAR = 2013
DESC_WORDS = (
    "most",
    "highest",
    "top",
    "largest",
    "biggest",
    "longest",
    "busiest",
    "maximum",
    "worst",
    "greatest",
)
ASC_WORDS = ("least", "fewest", "lowest", "smallest", "shortest", "minimum", "quietest")
VAGUE_WORDS = ("best", "good", "bad", "better", "nicest", "ones", "stuff", "things")
MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update(
    {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name and name != "May"}
)
Granularity = Literal["day", "week", "quarter", "year"]
GRANULARITIES: dict[Granularity, tuple[str, ...]] = {
    "day": ("by day", "per day", "each day", "daily", "by date", "per date"),
    "week": ("by week", "per week", "each week", "weekly"),
    "quarter": ("by quarter", "per quarter", "each quarter", "quarterly"),
}
NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "twenty": 20,
}


class NeedsClarification(Exception):
    def __init__(self, question: str, options: list[str]) -> None:
        super().__init__(question)
        self.question = question
        self.options = options


@dataclass
class _Text:
    """The question, lowercased, with spans already claimed by a match blanked out."""

    raw: str
    text: str = ""
    claimed: list[tuple[int, int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.text = " " + re.sub(r"[^\w%().-]+", " ", self.raw.lower()).strip() + " "

    def find(self, phrase: str) -> re.Match[str] | None:
        for match in re.finditer(rf"(?<=[\s(]){re.escape(phrase)}(?=[\s).?!,])", self.text):
            if not any(a < match.end() and match.start() < b for a, b in self.claimed):
                return match
        return None

    def claim(self, match: re.Match[str]) -> None:
        self.claimed.append((match.start(), match.end()))

    def before(self, match: re.Match[str], words: int = 3) -> str:
        return " ".join(self.text[: match.start()].split()[-words:])


def understand(question: str, catalog: Catalog) -> CubeQuery:
    text = _Text(question)
    values = _value_hits(question, text, catalog)
    for _, _, match in values:
        text.claim(match)
    measure = _measure(text, catalog)
    filters = _value_filters(text, values, catalog, measure)
    time_range = _time_range(text)
    granularity = _granularity(text)
    groups = _groups(text, catalog, measure)
    query = CubeQuery(
        measures=[measure.name], dimensions=_with_labels(groups, catalog), filters=filters
    )
    time_dim = catalog.time_dimension(measure.cube)
    if (time_range or granularity) and time_dim is not None:
        query.timeDimensions = [
            TimeDimension(dimension=time_dim.name, dateRange=time_range, granularity=granularity)
        ]
    _order_and_limit(text, query, measure, groups)
    return query


def _measure(text: _Text, catalog: Catalog) -> Member:
    hits = _phrase_hits(text, catalog.measures())
    if not hits:
        vague = [w for w in VAGUE_WORDS if text.find(w)]
        options = [m.title for m in catalog.measures() if m.cube == "flights"][:6]
        detail = f' ("{vague[0]}" by which measure?)' if vague else ""
        raise NeedsClarification(
            f"I need clarification: which number should I compute{detail}?", options
        )
    member, match = hits[0]
    text.claim(match)
    return member


def _phrase_hits(text: _Text, members: list[Member]) -> list[tuple[Member, re.Match[str]]]:
    """Members whose phrase occurs, longest phrase first.

    Ties go to the more specific member ("cancelled" beats the plain count that "flights" names),
    then to the flights cube, the data set's centre.
    """
    hits: list[tuple[tuple[int, bool, bool], Member, re.Match[str]]] = []
    for member in members:
        for phrase in member.phrases:
            if match := text.find(phrase):
                rank = (
                    -len(phrase.split()),
                    member.name.endswith(".count"),
                    member.cube != "flights",
                )
                hits.append((rank, member, match))
    hits.sort(key=lambda h: h[0])
    return [(member, match) for _, member, match in hits]


def _groups(text: _Text, catalog: Catalog, measure: Member) -> list[Member]:
    groups: list[Member] = []
    for member, match in _phrase_hits(text, catalog.dimensions()):
        if member.type == "time" or not catalog.joinable(member.name, measure.name):
            continue
        if text.find(text.text[match.start() : match.end()].strip()) is None:
            continue  # its words were claimed by a longer phrase
        if any(g.name == member.name for g in groups):
            continue
        text.claim(match)
        groups.append(member)
    return groups


def _with_labels(groups: list[Member], catalog: Catalog) -> list[str]:
    """Grouped codes bring their readable names along, so answers say "F9 (Frontier ...)"."""
    names = [g.name for g in groups]
    for group in groups:
        label = group.label_member
        if label and label in catalog.members and label not in names:
            names.insert(names.index(group.name) + 1, label)
    return names


def _value_filters(
    text: _Text,
    hits: list[tuple[str, list[Member], re.Match[str]]],
    catalog: Catalog,
    measure: Member,
) -> list[CubeFilter]:
    """Filters from values named in the question, on dimensions the measure can be sliced by."""
    found: dict[str, CubeFilter] = {}
    for value, dims, match in hits:
        usable = [d for d in dims if catalog.joinable(d.name, measure.name)]
        if not usable:
            continue
        dim = _pick_dimension(text, match, usable)
        found.setdefault(dim.name, CubeFilter(member=dim.name, operator="equals", values=[value]))
    return list(found.values())


def _value_hits(
    question: str, text: _Text, catalog: Catalog
) -> list[tuple[str, list[Member], re.Match[str]]]:
    by_value: dict[str, list[Member]] = {}
    for dim_name, values in catalog.values.items():
        for value in values:
            by_value.setdefault(value, []).append(catalog.members[dim_name])
    hits = []
    for value, dims in by_value.items():
        alias = _alias(value, question)
        if alias and (match := text.find(alias.lower())):
            hits.append((value, dims, match))
    return hits


def _alias(value: str, question: str) -> str | None:
    """How a question may name a value: a code exactly as written, or a name's first word."""
    if value.isupper() and len(value) <= 4 and value.isalnum():
        return value if re.search(rf"\b{re.escape(value)}\b", question) else None
    first = value.split()[0].strip(".,")
    if len(first) >= 4 and first[0].isupper() and re.search(rf"\b{re.escape(first)}\b", question):
        return first
    return None


def _pick_dimension(text: _Text, match: re.Match[str], dims: list[Member]) -> Member:
    """Where a value belongs to several dimensions, the words before it decide (from / to)."""
    context = text.before(match)
    for dim in dims:
        if any(re.search(rf"\b{re.escape(cue)}$", context) for cue in dim.value_cues):
            return dim
    mentioned = [d for d in dims if any(text.find(p) for p in d.phrases)]
    return (mentioned or dims)[0]


def _granularity(text: _Text) -> Granularity | None:
    """A series over time: "by day", "daily", "per week", "each quarter"."""
    for granularity, words in GRANULARITIES.items():
        for word in words:
            if match := text.find(word):
                text.claim(match)
                return granularity
    return None


def _time_range(text: _Text) -> list[str] | None:
    for name, month in MONTHS.items():
        if match := text.find(name):
            text.claim(match)
            last = calendar.monthrange(DATA_YEAR, month)[1]
            return [f"{DATA_YEAR}-{month:02d}-01", f"{DATA_YEAR}-{month:02d}-{last:02d}"]
    if match := re.search(r"\b(19|20)\d\d\b", text.text):
        year = match.group(0)
        return [f"{year}-01-01", f"{year}-12-31"]
    return None


def _order_and_limit(text: _Text, query: CubeQuery, measure: Member, groups: list[Member]) -> None:
    if not groups:
        return
    direction = _direction(text)
    if direction:
        query.order = [(measure.name, direction)]
    else:
        query.order = [(groups[0].name, "asc")]
    if limit := _limit(text):
        query.limit = limit


def _direction(text: _Text) -> Literal["asc", "desc"] | None:
    words = set(text.text.split())
    if words & set(ASC_WORDS):
        return "asc"
    if words & set(DESC_WORDS) or text.find("most common"):
        return "desc"
    return None


def _limit(text: _Text) -> int | None:
    number = rf"(\d{{1,3}}|{'|'.join(NUMBER_WORDS)})"
    superlative = "|".join((*DESC_WORDS, *ASC_WORDS))
    patterns = (
        rf"\b(?:top|first|which|what|the) {number}\b(?! percent| %)",
        rf"\b{number} (?:{superlative})\b",
    )
    for pattern in patterns:
        if match := re.search(pattern, text.text):
            return _number(match.group(1))
    return None


def _number(word: str) -> int:
    return int(word) if word.isdigit() else NUMBER_WORDS[word]
