"""Periods in words: dates, spans, weeks of a month, month ranges, quarters, halves, seasons,
months, years and holidays, with "before", "after", "since" and "until"."""

from __future__ import annotations

import calendar
import itertools
import re
from datetime import date

from understanding import language as lang
from understanding.reader.base import ReaderBase
from understanding.reader.items import (
    TimeItem,
)

# words after which "may" is the month
_BEFORE_A_MONTH = frozenset(
    {
        "in",
        "of",
        "during",
        "since",
        "until",
        "till",
        "before",
        "after",
        "through",
        "from",
        "to",
        "between",
        "and",
        "or",
        "early",
        "late",
        "mid",
        "last",
        "this",
    }
)


class Periods(ReaderBase):
    def _holidays(self) -> None:
        """ "on Thanksgiving", "on Christmas Eve": named days of the data's year."""
        years = sorted({y for covered in self.catalog.years.values() for y in covered})
        if len(years) != 1:
            return
        named_days = lang.holidays_of(years[0])
        full_names = {name for name, _ in named_days}
        for name, day in named_days:
            words = lang.phrase_tokens(name)
            short = f"{name} Day" in full_names
            for i in range(len(self.tokens) - len(words) + 1):
                if (
                    self._free(i, i + len(words))
                    # a name as written; in a question with no capitals, as it comes
                    and (self.tokens[i].capitalized or not self.tokens[i].cased)
                    and all(
                        lang.same_word(a, b)
                        for a, b in zip(words, self.tokens[i : i + len(words)], strict=True)
                    )
                    and not (short and self._names_a_value(i))
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

    def _names_a_value(self, i: int) -> bool:
        """ "flights to Columbus": the city, unless a word of time says the day ("on Columbus",
        "since Memorial"); the whole name ("Columbus Day") is always the day."""
        if self._norm(i - 1) in ("on", "since", "before", "after", "until", "till", "during"):
            return False
        return bool(self.lexicon.values_at(self.tokens, i))

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
            self._year_span,
            self._decade,
            self._date_span,
            self._week_of_month,
            self._days_of_month,
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
                # "may" the verb, unless a word of time says the month: "in may", "may 5"
                dated = self._day(i + 1) is not None or self._year_token(i + 1) is not None
                if self._norm(i - 1) not in _BEFORE_A_MONTH and not dated:
                    return None
            return lang.MONTHS[token.norm]
        if token.norm in lang.MONTH_ABBREVIATIONS and (
            token.capitalized or not lang.is_dictionary_word(token.norm)
        ):
            return lang.MONTH_ABBREVIATIONS[token.norm]
        return None

    def _day(self, i: int) -> int | None:
        norm = self._norm(i)
        day = lang.ordinal(norm)
        if day is None and norm.isascii() and norm.isdigit() and len(norm) <= 2:
            day = int(norm)
        return day if day is not None and 1 <= day <= 31 else None

    def _year_token(self, i: int) -> int | None:
        norm = self._norm(i)
        return (
            int(norm)
            if norm.isascii() and norm.isdigit() and len(norm) == 4 and 1900 <= int(norm) <= 2100
            else None
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

    def _year_span(self, i: int) -> TimeItem | None:
        """ "between 1994 and 1995", "from 1993 to 1996", "1994-1995"."""
        if self._ends_of_a_change(i):
            return None
        start = i + 1 if self._norm(i) in ("between", "from") else i
        first = self._year_token(start)
        joiner = self._norm(start + 1)
        last = self._year_token(start + 2)
        if first is None or last is None or last < first:
            return None
        if joiner not in ("and", "to", "through", "thru", "until", "-") or (
            joiner == "and" and start == i
        ):
            return None
        return TimeItem(
            i, start + 3, kind="years", year=first, last_year=last, label=f"{first}-{last}"
        )

    def _ends_of_a_change(self, i: int) -> bool:
        """ "revenue fell from 1995 to 1996": the two ends compared, not one span."""
        return (
            self._norm(i) == "from"
            and i > 0
            and bool(self.tokens[i - 1].lemmas & lang.CHANGE_VERBS)
        )

    def _decade(self, i: int) -> TimeItem | None:
        """ "the 1990s": ten years (the tokenizer splits "1990s" into "1990" and "s")."""
        first = self._year_token(i)
        if first is None or first % 10 or self._norm(i + 1) != "s":
            return None
        return TimeItem(i, i + 2, kind="years", year=first, last_year=first + 9, label=f"{first}s")

    def _date_span(self, i: int) -> TimeItem | None:
        """ "between March 1 and March 15", "from May 3 to May 9", "July 6-7"."""
        if self._ends_of_a_change(i):
            return None
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

    def _days_of_month(self, i: int) -> TimeItem | None:
        """ "the first 10 days of March": days 1-10; "the last 2 weeks of June": its last 14."""
        which = self._norm(i)
        count = lang.number(self._norm(i + 1)) or lang.SMALL_NUMBERS.get(self._norm(i + 1))
        unit = {"day": 1, "days": 1, "week": 7, "weeks": 7}.get(self._norm(i + 2))
        if which not in ("first", "last") or not count or unit is None:
            return None
        month = self._month(i + 4) if self._norm(i + 3) in ("of", "in") else None
        days = int(count) * unit
        if month is None or not 1 <= days <= 28:
            return None
        first, last = (1, days) if which == "first" else (1 - days, 0)
        label = (
            " ".join(t.text for t in self.tokens[i : i + 3]) + f" of {calendar.month_name[month]}"
        )
        return TimeItem(
            i, i + 5, kind="span", months=(month, month), day=first, last_day=last, label=label
        )

    def _month_range(self, i: int) -> TimeItem | None:
        if self._ends_of_a_change(i):
            return None
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
        if last < first and self._year_token(start + 3) is not None:
            return None  # "November to February 2013": which November is not said
        # "Dec-Feb" wraps around the year's end, as winter does
        months = (
            tuple(range(first, last + 1))
            if last >= first
            else (*range(first, 13), *range(1, last + 1))
        )
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
        if self._norm(i - 1) in ("each", "every", "per", "by") and end == i + 2:
            end = i + 1  # "each winter month": the months are the groups, "winter" which ones
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
        # "on or before 2 September", "on or after": the day itself too
        if word in ("before", "after") and [
            self._norm(n) for n in (item.start - 2, item.start - 1)
        ] == ["on", "or"]:
            item.start -= 2
            item.label = f"on or {item.label}"
            item.open = "until" if word == "before" else "since"
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
