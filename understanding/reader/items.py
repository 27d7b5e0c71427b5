"""What the reader finds: items of evidence, each over a span of the question's words."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import UnionType

from understanding import language as lang
from understanding.catalog import Member
from understanding.language import Token
from understanding.lexicon import ValueMatch


@dataclass
class Item:
    start: int
    end: int
    used: bool = field(default=False, kw_only=True)


@dataclass
class MemberItem(Item):
    """A phrase naming members: "departure delay", "flights" (a count), "airline" (several)."""

    members: list[Member]


@dataclass
class VerbItem(Item):
    """A verb of the data ("departed", "built"): neutral, unless a comparison needs its role;
    `realized` where it also says the row took place ("miles flown")."""

    members: list[Member]
    realized: bool = field(default=False, kw_only=True)


@dataclass
class ScopeItem(Item):
    """Words true of every row ("New York City airports" of flights from NYC)."""

    members: list[Member]


@dataclass
class ValueItem(Item):
    matches: list[ValueMatch]


@dataclass
class TimeItem(Item):
    """A period: a date, months (a month, a range, a quarter, a season) or a year. The year is
    the question's, or None: then the data's own year applies (see compose/periods.py)."""

    kind: str  # "date" | "span" | "months" | "year"
    months: tuple[int, ...] = ()  # a span's first and last month
    day: int | None = None
    last_day: int | None = None  # a span's last day; 0 and below count back from month end
    last_year: int | None = None  # a span of years' last
    year: int | None = None
    label: str = ""
    open: str = ""  # "before", "after", "since", "until": from or to the period


@dataclass
class ComparisonItem(Item):
    op: str  # gt gte lt lte equals between
    value: float
    unit: str | None = None  # "minutes", "miles", "clock", "year", ... or None
    upper: float | None = None  # for "between"
    sign: int = 0  # -1 where the number is signed by a word ("30 minutes early")
    sign_word: str = ""
    quantity_end: int = 0  # where the number (and unit) ends
    member: Member | None = None  # the column, where the words name it ("older than 1980")


@dataclass
class WordItem(Item):
    kind: str  # agg superlative frequency quality polar group question negation missing
    #            compare connector order limit granularity sign unit "one row"
    value: str = ""
    number: int | None = None
    member: Member | None = None
    offset: int = 0  # a limit's rows ranked above the ones listed ("the second busiest": 1)


@dataclass
class Reading:
    question: str
    tokens: list[Token]
    items: list[Item]

    def of(self, kind: type[Item] | UnionType) -> list[Item]:
        return [i for i in self.items if isinstance(i, kind)]

    def words(self, *kinds: str) -> list[WordItem]:
        return [i for i in self.items if isinstance(i, WordItem) and i.kind in kinds]

    def text(self, item: Item) -> str:
        return " ".join(t.text for t in self.tokens[item.start : item.end])

    def leftovers(self) -> list[tuple[int, int]]:
        """Spans of content words nothing explained."""
        claimed = [False] * len(self.tokens)
        for item in self.items:
            for i in range(item.start, item.end):
                claimed[i] = True
        spans: list[tuple[int, int]] = []
        for i, token in enumerate(self.tokens):
            # punctuation explains nothing and needs nothing; "7:00" or "1.5" is content
            if (
                claimed[i]
                or lang.is_function_word(token)
                or not any(c.isalnum() for c in token.norm)
            ):
                continue
            if spans and spans[-1][1] == i:
                spans[-1] = (spans[-1][0], i + 1)
            else:
                spans.append((i, i + 1))
        return spans
