"""Reading a question: every span of words becomes evidence of something the data or the
language knows (a member, a value, a number with its unit, a time, an aggregation, a comparison,
an order, a function word). What no reader claims is left over, and a question with leftovers is
not understood.

The reader only finds evidence; the composer (`compose/`) decides what the evidence means together.
"""

from __future__ import annotations

import calendar
import itertools
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from services.understanding import language as lang
from services.understanding.catalog import Catalog, Member
from services.understanding.language import Token
from services.understanding.lexicon import Lexicon, ValueMatch


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
    """A verb of the data ("departed", "built"): neutral, unless a comparison needs its role."""

    members: list[Member]


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
    #            compare connector order limit granularity sign
    value: str = ""
    number: int | None = None
    member: Member | None = None


@dataclass
class Reading:
    question: str
    tokens: list[Token]
    items: list[Item]

    def of(self, kind: type[Item]) -> list[Item]:
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
            if claimed[i] or lang.is_function_word(token) or not token.norm.isalnum():
                continue
            if spans and spans[-1][1] == i:
                spans[-1] = (spans[-1][0], i + 1)
            else:
                spans.append((i, i + 1))
        return spans


# The closed-class words of questions, by kind: what each word means to the composer.
_LANGUAGE_TABLES: list[tuple[str, dict[str, str]]] = [
    ("negation", dict.fromkeys(lang.NEGATIONS, "")),
    ("missing", dict.fromkeys(lang.MISSING, "")),
    (
        "frequency",
        {
            f"{w} {f}": d
            for w, d in (("most", "desc"), ("least", "asc"))
            for f in lang.FREQUENCY_WORDS
        }
        | {"busiest": "desc"},
    ),
    ("agg", lang.AGGREGATIONS),
    ("superlative", lang.SUPERLATIVES),
    ("quality", lang.QUALITY_WORDS),
    ("comparative", lang.COMPARATIVES),
    ("compare", dict.fromkeys(lang.COMPARE_WORDS, "")),
    ("group", dict.fromkeys(lang.GROUP_WORDS, "")),
    ("order", dict.fromkeys(lang.ORDER_WORDS, "")),
    (
        "direction",
        dict.fromkeys(lang.DESCENDING, "desc") | dict.fromkeys(lang.ASCENDING, "asc"),
    ),
    ("granularity", lang.GRANULARITY_WORDS),
    ("question", dict.fromkeys(lang.QUESTION_WORDS, "")),
    ("label", dict.fromkeys(lang.LABEL_WORDS, "")),
    ("connector", dict.fromkeys(lang.CONNECTORS, "")),
]


class Reader:
    def __init__(self, question: str, catalog: Catalog, lexicon: Lexicon) -> None:
        self.question = question
        self.catalog = catalog
        self.lexicon = lexicon
        self.tokens = lang.tokenize(question)
        self.claimed = [False] * len(self.tokens)
        self.items: list[Item] = []

    def read(self) -> Reading:
        for step in (
            self._holidays,
            self._times,
            self._unsupported,
            self._comparisons,
            self._sign_phrases,
            self._data_words,
            self._bare_numbers,
            self._units,
            self._language_words,
        ):
            step()
        self.items.sort(key=lambda item: item.start)
        return Reading(question=self.question, tokens=self.tokens, items=self.items)

    # -- helpers ---------------------------------------------------------------------------

    def _free(self, start: int, end: int) -> bool:
        return end <= len(self.tokens) and not any(self.claimed[start:end])

    def _claim(self, item: Item) -> None:
        for i in range(item.start, item.end):
            self.claimed[i] = True
        self.items.append(item)

    def _norm(self, i: int) -> str:
        return self.tokens[i].norm if 0 <= i < len(self.tokens) else ""

    def _match(
        self, i: int, phrases: dict[str, str] | tuple[str, ...], exact: bool = False
    ) -> tuple[int, str] | None:
        """The longest of `phrases` starting at token i: (end, phrase). Words of the data match
        by lemma ("delayed" is "delay"); closed-class words exactly ("more" is not "most")."""
        if i >= len(self.tokens):
            return None
        index = _first_words(tuple(phrases))
        keys = _plain_forms(self.tokens[i].norm) if exact else self.tokens[i].lemmas
        candidates = {p for key in keys for p in index.get(key, ())}
        best: tuple[int, str] | None = None
        for phrase in candidates:
            words = lang.phrase_tokens(phrase)
            end = i + len(words)
            if (
                words
                and self._free(i, end)
                and all(
                    a.norm in _plain_forms(b.norm) if exact else lang.same_word(a, b)
                    for a, b in zip(words, self.tokens[i:end], strict=True)
                )
                and (best is None or end > best[0])
            ):
                best = (end, phrase)
        return best

    # -- time ------------------------------------------------------------------------------

    def _holidays(self) -> None:
        """ "on Thanksgiving", "on Christmas Eve": named days of the data's year."""
        years = sorted({y for covered in self.catalog.years.values() for y in covered})
        if len(years) != 1:
            return
        for name, day in lang.holidays_of(years[0]):
            words = lang.phrase_tokens(name)
            for i in range(len(self.tokens) - len(words) + 1):
                if (
                    self._free(i, i + len(words))
                    and self.tokens[i].capitalized
                    and all(
                        lang.same_word(a, b)
                        for a, b in zip(words, self.tokens[i : i + len(words)], strict=True)
                    )
                ):
                    self._claim(
                        TimeItem(
                            i,
                            i + len(words),
                            kind="date",
                            months=(day.month,),
                            day=day.day,
                            label=name,
                        )
                    )

    def _times(self) -> None:
        i = 0
        while i < len(self.tokens):
            found = self._free(i, i + 1) and self._time_at(i)
            if found:
                item = self._open_range(found)
                self._claim(item)
                i = item.end
            else:
                i += 1
        self._merge_explicit_months()

    def _time_at(self, i: int) -> TimeItem | None:
        for parse in (
            self._date_span,
            self._week_of_month,
            self._date,
            self._month_range,
            self._quarter,
            self._half,
            self._season,
            self._months,
            self._year,
        ):
            found = parse(i)
            if found:
                return self._with_year(found)
        return None

    def _month(self, i: int) -> int | None:
        if i >= len(self.tokens):
            return None
        token = self.tokens[i]
        if token.norm in lang.MONTHS:
            if token.norm == "may" and (i == 0 or not token.capitalized):
                return None  # "may" the verb
            return lang.MONTHS[token.norm]
        if token.norm in lang.MONTH_ABBREVIATIONS and (
            token.capitalized or not lang.is_dictionary_word(token.norm)
        ):
            return lang.MONTH_ABBREVIATIONS[token.norm]
        return None

    def _day(self, i: int) -> int | None:
        norm = self._norm(i)
        day = lang.ordinal(norm)
        if day is None and norm.isdigit() and len(norm) <= 2:
            day = int(norm)
        return day if day is not None and 1 <= day <= 31 else None

    def _year_token(self, i: int) -> int | None:
        norm = self._norm(i)
        return (
            int(norm) if norm.isdigit() and len(norm) == 4 and 1900 <= int(norm) <= 2100 else None
        )

    def _date(self, i: int) -> TimeItem | None:
        norm = self._norm(i)
        if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", norm):
            y, m, d = (int(p) for p in norm.split("-"))
            return _day_item(i, i + 1, y, m, d)
        if re.fullmatch(r"\d{1,2}/\d{1,2}(?:/\d{2,4})?", norm):
            parts = [int(p) for p in norm.split("/")]
            year = parts[2] if len(parts) == 3 else None
            if year is not None and year < 100:
                year += 2000
            return _day_item(i, i + 1, year, parts[0], parts[1])
        month = self._month(i)
        if month and (day := self._day(i + 1)) is not None and self._free(i + 1, i + 2):
            return _day_item(i, i + 2, None, month, day)
        day = self._day(i)
        if day is not None and self._norm(i + 1) == "of" and (month := self._month(i + 2)):
            return _day_item(i, i + 3, None, month, day)
        if day is not None and (month := self._month(i + 1)):
            return _day_item(i, i + 2, None, month, day)
        return None

    def _date_span(self, i: int) -> TimeItem | None:
        """ "between March 1 and March 15", "from May 3 to May 9", "July 6-7"."""
        start = i + 1 if self._norm(i) in ("between", "from") else i
        first = self._date(start)
        if first is None or first.day is None:
            return None
        joiner = self._norm(first.end)
        if joiner not in ("and", "to", "through", "thru", "until", "till", "-"):
            return None
        if joiner == "and" and start == i:
            return None  # "July 4 and July 5" are two days, not a span
        last = self._date(first.end + 1)
        if last is None and joiner == "-" and (day := self._day(first.end + 1)) is not None:
            last = _day_item(first.end + 1, first.end + 2, first.year, first.months[0], day)
        if last is None or last.day is None:
            return None
        return TimeItem(
            i,
            last.end,
            kind="span",
            months=(first.months[0], last.months[0]),
            day=first.day,
            last_day=last.day,
            year=first.year or last.year,
            label=f"{first.label} to {last.label}",
        )

    def _week_of_month(self, i: int) -> TimeItem | None:
        """ "the first week of January": days 1-7; "the last week of March": its last 7 days."""
        which = lang.ordinal(self._norm(i))
        if which is None or self._norm(i + 1) != "week" or self._norm(i + 2) not in ("of", "in"):
            return None
        month = self._month(i + 3)
        if month is None or not 1 <= abs(which) <= 4:
            return None
        last = 0 if which == -1 else 7 * which  # 0: the month's last day, whatever the year
        label = f"{self.tokens[i].text} week of {calendar.month_name[month]}"
        return TimeItem(
            i, i + 4, kind="span", months=(month, month), day=last - 6, last_day=last, label=label
        )

    def _month_range(self, i: int) -> TimeItem | None:
        start = i + 1 if self._norm(i) in ("between", "from") else i
        first = self._month(start)
        if not first or self._norm(start + 1) not in (
            "to",
            "and",
            "through",
            "thru",
            "until",
            "till",
            "-",
        ):
            return None
        last = self._month(start + 2)
        if not last or (start == i and self._norm(start + 1) == "and"):
            return None
        months = tuple(range(first, last + 1)) if last >= first else ()
        if not months:
            return None
        label = f"{calendar.month_name[first]}-{calendar.month_name[last]}"
        return _months_item(i, start + 3, months, label)

    def _quarter(self, i: int) -> TimeItem | None:
        norm = self._norm(i)
        if len(norm) == 2 and norm[0] == "q" and norm[1] in "1234":
            return _quarter_item(i, i + 1, int(norm[1]))
        number = lang.ordinal(norm)
        if number and self._norm(i + 1) == "quarter":
            return _quarter_item(i, self._of_the_year(i + 2), 4 if number == -1 else number)
        if norm == "quarter" and self._norm(i + 1) in ("1", "2", "3", "4"):
            return _quarter_item(i, i + 2, int(self._norm(i + 1)))
        return None

    def _half(self, i: int) -> TimeItem | None:
        norm = self._norm(i)
        if norm in ("h1", "h2"):
            number = int(norm[1])
            return _months_item(
                i,
                i + 1,
                tuple(range(6 * number - 5, 6 * number + 1)),
                f"{'first' if number == 1 else 'second'} half",
            )
        which = lang.ordinal(norm)
        if which in (1, 2, -1) and self._norm(i + 1) == "half":
            half = 2 if which == -1 else 1 if which == 1 else 2
            months = tuple(range(6 * half - 5, 6 * half + 1))
            label = f"{'first' if half == 1 else 'second'} half"
            return _months_item(i, self._of_the_year(i + 2), months, label)
        return None

    def _of_the_year(self, i: int) -> int:
        """Extends past "of the year" / "of 2013" (the year itself is read by _with_year)."""
        if self._norm(i) == "of" and self._norm(i + 1) == "the" and self._norm(i + 2) == "year":
            return i + 3
        if self._norm(i) == "of" and self._norm(i + 1) == "year":
            return i + 2
        return i

    def _season(self, i: int) -> TimeItem | None:
        norm = self._norm(i)
        if norm not in lang.SEASONS:
            return None
        end = i + 2 if self._norm(i + 1) in ("month", "months", "season", "time") else i + 1
        months = lang.SEASONS[norm]
        names = ", ".join(calendar.month_abbr[m] for m in months)
        return _months_item(i, end, months, f"{norm} ({names})")

    def _months(self, i: int) -> TimeItem | None:
        months: list[int] = []
        j = i
        while (month := self._month(j)) and self._free(j, j + 1):
            months.append(month)
            k = j + 1
            while self._norm(k) in (",", "or", "and", "&"):
                k += 1
            if k > j + 1 and self._month(k):
                j = k
            else:
                j += 1
                break
        if not months:
            return None
        if len(months) == 1:
            return _months_item(i, j, (months[0],), calendar.month_name[months[0]])
        ordered = tuple(sorted(set(months)))
        label = ", ".join(calendar.month_name[m] for m in ordered)
        return _months_item(i, j, ordered, label)

    def _year(self, i: int) -> TimeItem | None:
        year = self._year_token(i)
        if year is None:
            return None
        comparator = self._comparator_before(i)
        if comparator:
            return None  # "built after 2010": a comparison, read next
        start = i - 1 if self._norm(i - 1) == "year" and self._free(i - 1, i) else i
        return TimeItem(start, i + 1, kind="year", year=year, label=str(year))

    def _comparator_before(self, i: int) -> bool:
        if self._norm(i - 1) == "than":
            return True  # "older than 1980"
        for length in (1, 2, 3):
            phrase = " ".join(t.norm for t in self.tokens[max(0, i - length) : i])
            if phrase in lang.COMPARATORS_BEFORE:
                return True
        return False

    def _with_year(self, item: TimeItem) -> TimeItem:
        """ "July 2013", "the first half of 2013", "Q3 2013": the year joins the period."""
        j = item.end + (1 if self._norm(item.end) in ("of", ",", "in") else 0)
        year = self._year_token(j)
        if item.year is not None or year is None or not self._free(item.end, j + 1):
            return item
        item.end = j + 1
        item.year = year
        item.label = f"{item.label} {year}"
        return item

    def _open_range(self, item: TimeItem) -> TimeItem:
        """ "before March", "after July 4th", "since June": from or to the period."""
        word = self._norm(item.start - 1)
        if word not in ("before", "after", "since", "until", "till", "through") or not self._free(
            item.start - 1, item.start
        ):
            return item
        item.start -= 1
        item.label = f"{word} {item.label}"
        item.open = word
        return item

    def _merge_explicit_months(self) -> None:
        """ "summer (July, August and September)": months named with a season replace its own."""
        times = [i for i in self.items if isinstance(i, TimeItem)]
        for season, months in itertools.pairwise(times):
            if season.label.split(" ")[0] in lang.SEASONS and len(months.months) > 1:
                gap = self.tokens[season.end : months.start]
                if all(t.norm in ("(", ",", "i.e", "ie", "that", "is") for t in gap):
                    season.kind = "explained"  # by the months that follow it
                    season.used = True

    # -- comparisons -----------------------------------------------------------------------

    def _comparisons(self) -> None:
        i = 0
        while i < len(self.tokens):
            item = self._free(i, i + 1) and (self._between(i) or self._comparison_at(i))
            if item:
                self._claim(item)
                i = item.end
            else:
                i += 1

    def _comparison_at(self, i: int) -> ComparisonItem | None:
        found = self._match(i, lang.COMPARATORS_BEFORE, exact=True)
        if not found and (polar := self._polar_comparison(i)) is not None:
            return polar
        if found:
            end, phrase = found
            quantity = self._quantity(end, counted=True)
            if quantity is None:
                return None
            value, unit, q_end = quantity
            return self._signed(
                ComparisonItem(
                    i,
                    q_end,
                    op=lang.COMPARATORS_BEFORE[phrase],
                    value=value,
                    unit=unit,
                    quantity_end=q_end,
                )
            )
        quantity = self._quantity(i)
        if quantity is None:
            return None
        value, unit, q_end = quantity
        after = self._match(q_end, lang.COMPARATORS_AFTER, exact=True)
        if after:
            end = after[0]
            if unit is not None and self._unit(end):
                end += 1  # "two or more hours"
            item = ComparisonItem(
                i,
                end,
                op=lang.COMPARATORS_AFTER[after[1]],
                value=value,
                unit=unit,
                quantity_end=end,
            )
            return self._signed(item)
        if unit is not None and unit != "year":
            signed = self._signed(
                ComparisonItem(i, q_end, op="gte", value=value, unit=unit, quantity_end=q_end)
            )
            if signed.sign_word:
                return signed  # "30 minutes late": at least that late
        return None

    def _polar_comparison(self, i: int) -> ComparisonItem | None:
        """ "older than 1980", "hotter than 90 degrees": an adjective of a column (meta
        higher/lower) compared with a number."""
        if self._norm(i + 1) != "than" or not self._free(i, i + 2):
            return None
        for word, (member, direction) in self._polar_words().items():
            if word in self.tokens[i].lemmas and self.tokens[i].norm != word:
                quantity = self._quantity(i + 2)
                if quantity is None:
                    return None
                value, unit, end = quantity
                if unit not in (None, member.unit) and not (unit == "year" and member.unit is None):
                    return None
                op = "gt" if direction == "desc" else "lt"
                return ComparisonItem(
                    i, end, op=op, value=value, unit=unit, quantity_end=end, member=member
                )
        return None

    def _unsupported(self) -> None:
        """Words whose meaning no query here can carry ("made up 30 minutes", "median"): claimed
        so that nothing else explains them away, and always asked about."""
        for i in range(len(self.tokens)):
            found = self._match(i, lang.UNSUPPORTED)
            if found:
                self._claim(WordItem(i, found[0], kind="unsupported"))

    def _sign_phrases(self) -> None:
        """ "ahead of schedule", "behind schedule": signs of several words, before their words
        are read one by one."""
        phrases = {w: "1" for w in self._sign_words(True) if " " in w}
        phrases |= {w: "-1" for w in self._sign_words(False) if " " in w}
        for i in range(len(self.tokens)):
            found = self._match(i, phrases)
            if found:
                self._claim(WordItem(i, found[0], kind="sign", value=phrases[found[1]]))

    def _between(self, i: int) -> ComparisonItem | None:
        if self._norm(i) != "between":
            return None
        low = self._quantity(i + 1)
        if low is None or self._norm(low[2]) != "and":
            return None
        high = self._quantity(low[2] + 1)
        if high is None:
            return None
        unit = high[1] or low[1]
        low_value = low[0]
        raw_high = lang.number(self._norm(low[2] + 1)) or lang.SMALL_NUMBERS.get(
            self._norm(low[2] + 1)
        )
        if low[1] is None and high[1] is not None and raw_high:
            low_value = low[0] * high[0] / raw_high  # "between 1 and 2 hours": both in hours
        return self._signed(
            ComparisonItem(
                i,
                high[2],
                op="between",
                value=low_value,
                upper=high[0],
                unit=unit,
                quantity_end=high[2],
            )
        )

    def _signed(self, item: ComparisonItem) -> ComparisonItem:
        """ "late", "early" after the number: which way a delay goes (meta above/below_zero)."""
        for sign, words in ((1, self._sign_words(above=True)), (-1, self._sign_words(above=False))):
            found = self._match(item.end, words)
            if found:
                item.end = found[0]
                item.sign = sign
                item.sign_word = found[1]
                return item
        return item

    def _sign_words(self, above: bool) -> tuple[str, ...]:
        words: set[str] = set()
        for member in self.catalog.dimensions():
            words.update(member.above_zero if above else member.below_zero)
        return tuple(words)

    def _quantity(self, i: int, counted: bool = False) -> tuple[float, str | None, int] | None:
        """A number and its unit, converted to the unit columns are stored in:
        "3 hours" -> 180 minutes; "6 am" -> 600 (a clock time); "2010" -> a year."""
        if i >= len(self.tokens) or not self._free(i, i + 1):
            return None
        norm = self._norm(i)
        if norm in lang.CLOCK_WORDS:
            return float(lang.CLOCK_WORDS[norm]), "clock", i + 1
        if re.fullmatch(r"\d{1,2}:\d{2}", norm):
            hours, minutes = (int(p) for p in norm.split(":"))
            return self._clock(hours * 100 + minutes, i + 1)
        if norm == "half" and self._norm(i + 1) in ("an", "a") and self._unit(i + 2):
            unit, factor, end = self._unit(i + 2)  # type: ignore[misc]
            return 0.5 * factor, unit, end
        value = lang.number(norm)
        unit_at = i + 1
        after = self._match(i + 1, lang.COMPARATORS_AFTER, exact=True)
        if after and self._unit(after[0]):
            unit_at = after[0]  # "two or more hours": the unit follows the comparison
        # a number word needs a unit ("an hour"), or a comparison before it ("more than one")
        small = norm in ("one", "two", "three") and counted
        if value is None and norm in lang.SMALL_NUMBERS and (self._unit(unit_at) or small):
            value = float(lang.SMALL_NUMBERS[norm])
        if value is None:
            return None
        if self._norm(i + 1) in ("am", "pm", "oclock", "o") or (
            self._norm(i + 1) == "in" and self._norm(i + 3) in ("morning", "evening")
        ):
            return self._clock_word(value, i + 1)
        found = self._unit(unit_at)
        if found:
            unit, factor, end = found
            if unit_at != i + 1:
                return value * factor, unit, i + 1  # the caller reads "or more" and the unit
            if (
                self._norm(end) == "and"
                and self._norm(end + 1) == "a"
                and self._norm(end + 2) == "half"
            ):
                return (value + 0.5) * factor, unit, end + 3
            return value * factor, unit, end
        if value.is_integer() and 1900 <= value <= 2100:
            return value, "year", i + 1
        return value, None, i + 1

    def _unit(self, i: int) -> tuple[str, float, int] | None:
        for lemma in self.tokens[i].lemmas if i < len(self.tokens) else ():
            if lemma in lang.UNIT_WORDS and self._free(i, i + 1):
                unit, factor = lang.UNIT_WORDS[lemma]
                return unit, factor, i + 1
        return None

    def _clock_word(self, value: float, i: int) -> tuple[float, str, int]:
        word = self._norm(i)
        hours = int(value)
        if word == "pm" and hours < 12:
            hours += 12
        if word == "am" and hours == 12:
            hours = 0
        end = i + 1
        if word == "o" and self._norm(i + 1) == "clock":
            end = i + 2
        if word == "in":  # "7 in the evening"
            end = i + 3
            if self._norm(i + 2) == "evening" and hours < 12:
                hours += 12
        return self._clock(hours * 100, end)

    def _clock(self, hhmm: int, end: int) -> tuple[float, str, int]:
        return float(hhmm), "clock", end

    # -- words of the data -----------------------------------------------------------------

    def _data_words(self) -> None:
        """Scope phrases, values and member phrases, longest first at each position."""
        i = 0
        while i < len(self.tokens):
            item = self._data_item(i) if self._free(i, i + 1) else None
            if item:
                self._claim(item)
                i = item.end
            else:
                i += 1

    def _data_item(self, i: int) -> Item | None:
        candidates: list[Item] = []
        phrases = [
            (end, p) for end, p in self.lexicon.phrases_at(self.tokens, i) if self._free(i, end)
        ]
        if self._norm(i - 1) in ("which", "what", "each", "per", "by", "every"):
            # "which NYC airport": a grouping asked for; "NYC" alone is still the data's scope
            phrases = [
                (end, p)
                for end, p in phrases
                if p.kind != "scope"
                or not any(
                    q.kind == "member" for _, q in self.lexicon.phrases_at(self.tokens, end - 1)
                )
            ]
        if phrases:
            end = phrases[0][0]
            longest = [p for e, p in phrases if e == end]
            for kind, cls in (("scope", ScopeItem), ("member", MemberItem), ("verb", VerbItem)):
                members = _unique([p.member for p in longest if p.kind == kind])
                if members:
                    candidates.append(cls(i, end, members=members))
        matches = [m for m in self.lexicon.values_at(self.tokens, i) if self._free(i, m.end)]
        if matches:
            candidates.append(ValueItem(i, matches[0].end, matches=matches))
        if not candidates:
            return None
        # Longest wins; on a tie a name beats a member phrase ("Delta"), except right after
        # a grouping word ("by weekday" groups; "on weekdays" filters).
        grouping = self._norm(i - 1) in ("by", "per", "each", "every", "which", "what")
        order = {
            ScopeItem: 0,
            ValueItem: 2 if grouping else 1,
            MemberItem: 1 if grouping else 2,
            VerbItem: 3,
        }
        return min(candidates, key=lambda c: (-(c.end - c.start), order[type(c)]))

    def _units(self) -> None:
        """A unit on its own: "in minutes" asks for the unit the data has anyway; "how many
        miles" names the column measured in miles (compose/measure.py decides which)."""
        for i, token in enumerate(self.tokens):
            if not self._free(i, i + 1) or not token.lemmas & lang.UNIT_NAMES:
                continue
            unit = next(
                lang.UNIT_WORDS[lemma][0] for lemma in token.lemmas if lemma in lang.UNIT_NAMES
            )
            if self._norm(i - 1) == "in":
                continue  # left to the function words
            self._claim(WordItem(i, i + 1, kind="unit", value=unit))

    def _bare_numbers(self) -> None:
        """ "planes with 4 engines": a number right before a numeric column is that value."""
        for item in list(self.items):
            if not isinstance(item, MemberItem) or not any(
                m.type == "number" and m.kind == "dimension" for m in item.members
            ):
                continue
            i = item.start - 1
            value = lang.number(self._norm(i)) if i >= 0 and self._free(i, i + 1) else None
            if (
                value is None
                and i >= 0
                and self._free(i, i + 1)
                and self._norm(i) in ("one", "two", "three", "single", "zero")
            ):
                value = float(lang.SMALL_NUMBERS[self._norm(i)])
            if value is not None:
                self._claim(ComparisonItem(i, i + 1, op="equals", value=value, quantity_end=i + 1))

    # -- words of the language -------------------------------------------------------------

    def _language_words(self) -> None:
        polar = self._polar_words()
        signs = {w: "1" for w in self._sign_words(True)} | {
            w: "-1" for w in self._sign_words(False)
        }
        for i in range(len(self.tokens)):
            if not self._free(i, i + 1):
                continue
            if limit := self._limit(i):
                self._claim(limit)
                continue
            best: WordItem | None = None
            for kind, table in _LANGUAGE_TABLES:
                found = self._match(i, table, exact=True)
                if found and (best is None or found[0] > best.end):
                    best = WordItem(i, found[0], kind=kind, value=table[found[1]])
            for word, (member, direction) in polar.items():
                found = self._match(i, (word,))
                if found and (best is None or found[0] >= best.end):
                    best = WordItem(i, found[0], kind="polar", value=direction, member=member)
            found = self._match(i, tuple(signs))
            if found and (best is None or found[0] > best.end):
                best = WordItem(i, found[0], kind="sign", value=signs[found[1]])
            if best:
                self._claim(best)

    def _polar_words(self) -> dict[str, tuple[Member, str]]:
        """ "longest" (distance, higher), "coldest" (temperature, lower): from meta higher/lower."""
        words: dict[str, tuple[Member, str]] = {}
        for member in self.catalog.dimensions():
            for word in member.higher:
                words[word] = (member, "desc")
            for word in member.lower:
                words[word] = (member, "asc")
        return words

    def _limit(self, i: int) -> WordItem | None:
        """ "top 5", "5 most", "the 3 busiest", "first 10": how many rows the answer lists."""
        norm = self._norm(i)
        if norm in ("top", "bottom", "first", "last") and self._free(i, i + 2):
            count = _count(self._norm(i + 1))
            if count is not None:
                direction = "asc" if norm == "bottom" else "desc" if norm == "top" else ""
                return WordItem(i, i + 2, kind="limit", number=count, value=direction)
        count = _count(norm)
        if count is not None and self._free(i, i + 1):
            nxt = self.tokens[i + 1] if i + 1 < len(self.tokens) else None
            if nxt and (
                nxt.norm in lang.SUPERLATIVES
                or nxt.norm.endswith("est")
                or self._norm(i - 1) in ("which", "what", "the", "top", "bottom")
            ):
                return WordItem(i, i + 1, kind="limit", number=count)
        return None


def _plain_forms(norm: str) -> set[str]:
    """A closed-class word and its singular: "averages" is "average", "more" is not "most"."""
    forms = {norm}
    if norm.endswith("es") and len(norm) > 4:
        forms.add(norm[:-2])
    if norm.endswith("s") and len(norm) > 3:
        forms.add(norm[:-1])
    return forms


@lru_cache(maxsize=256)
def _first_words(phrases: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """Phrases by each lemma of their first word, so a look-up at a word tries only its own."""
    index: dict[str, list[str]] = {}
    for phrase in phrases:
        words = lang.phrase_tokens(phrase)
        for key in words[0].lemmas if words else ():
            index.setdefault(key, []).append(phrase)
    return {key: tuple(found) for key, found in index.items()}


def _count(norm: str) -> int | None:
    value = lang.number(norm)
    if value is None and norm in ("one", "two", "three"):
        value = float(lang.SMALL_NUMBERS[norm])
    if value is None or not value.is_integer() or not 0 < value <= 1000:
        return None
    return int(value)


def _unique(members: list[Member]) -> list[Member]:
    seen: dict[str, Member] = {}
    for member in members:
        seen.setdefault(member.name, member)
    return list(seen.values())


def _day_item(start: int, end: int, year: int | None, month: int, day: int) -> TimeItem | None:
    try:
        date(year or 2000, month, day)  # 2000: a leap year, so 29 February reads
    except ValueError:
        return None
    label = f"{calendar.month_name[month]} {day}" + (f" {year}" if year else "")
    return TimeItem(start, end, kind="date", months=(month,), day=day, year=year, label=label)


def _quarter_item(start: int, end: int, quarter: int) -> TimeItem:
    months = tuple(range(3 * quarter - 2, 3 * quarter + 1))
    return _months_item(start, end, months, f"Q{quarter}")


def _months_item(start: int, end: int, months: tuple[int, ...], label: str) -> TimeItem:
    return TimeItem(start, end, kind="months", months=months, label=label)
