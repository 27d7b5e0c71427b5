"""Periods: dates, spans, months, quarters, seasons and years on the measure's time dimension,
in the data's year unless the question names one."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from models.ask import CubeFilter, CubeQuery, TimeDimension
from understanding import language as lang
from understanding.catalog import Member
from understanding.compose.base import ComposerBase
from understanding.language import Token
from understanding.reader import Item, MemberItem, TimeItem, VerbItem

# Words that lead a date named aside: "(by ship date)", ", based on the receipt date".
_ASIDE_LEADS = frozenset({"by", "using", "the", "on", "based", "according", "to", "per"})


class Periods(ComposerBase):
    def _time_dimension(self) -> Member | None:
        """The measure's dates: the ones a verb of the question names ("shipped in 1998": the
        ship date), the verb nearest the period first, else the cube's first (the data model
        lists its main date first)."""
        assert self.measure is not None
        dates = self.catalog.dates_of(self.measure.cube)
        aside = self._date_said_aside(dates) or self._date_of_the_things_dated(dates)
        if aside is not None:
            return aside
        times = self.reading.of(TimeItem)
        at = times[0].start if times else len(self.reading.tokens)
        back = self._event_of_rows_back(dates, at)
        if back is not None:
            return back  # "orders shipped in 1995": the ship date of their line items
        # the word of a date's role nearest before the period first ("shipped via FOB on orders
        # placed in 1995": the order date; "shipments in 1997": the ship date), then by distance
        said = [
            (i, d)
            for i, token in enumerate(self.reading.tokens)
            if self._may_say_a_role(i, at)
            for d in dates
            if _says_the_event(token, d)
        ]
        said.sort(key=lambda hit: (hit[0] > at, abs(at - hit[0])))
        for _, named in said[:1]:
            return named
        return dates[0] if dates else None

    def _event_of_rows_back(self, dates: list[Member], at: int) -> Member | None:
        """A verb before the period says the event of a date the things have only through rows
        that belong to them, and none of their own."""
        verbs = [i for i in self.reading.of(VerbItem) if i.end <= at]
        for token in (t for v in verbs for t in self.reading.tokens[v.start : v.end]):
            if any(_says_the_event(token, d) for d in dates):
                return None
            for other in self._dates_of_rows_back():
                if _says_the_event(token, other):
                    return other
        return None

    def _dates_of_rows_back(self) -> list[Member]:
        """ "the planes Delta flew in 2013": things with no dates of their own are dated by
        the rows the question names that belong to them (the flights)."""
        assert self.measure is not None
        named = {
            m.cube
            for item in self.reading.items
            if isinstance(item, MemberItem | VerbItem)
            for m in item.members
            if m.cube != self.measure.cube and self.catalog.dates_of(m.cube)
        }
        for cube in sorted(named):
            if self._reached_back({cube}):
                return self.catalog.dates_of(cube)
        return []

    def _date_of_the_things_dated(self, dates: list[Member]) -> Member | None:
        """ "1995 orders shipped by AIR": a period right before things is their date (the
        order date), whatever a verb says later; "1996 shipments": the ship date."""
        for period in self.reading.of(TimeItem):
            noun = self._noun_after(period)
            said = self.reading.tokens[noun.end - 1] if noun else None
            by_event = [d for d in dates if said and _says_the_event(said, d)]
            if by_event:
                return by_event[0]
        return None

    def _noun_after(self, period: Item) -> MemberItem | None:
        noun = next((i for i in self.reading.of(MemberItem) if i.start == period.end), None)
        return noun if isinstance(noun, MemberItem) else None

    def _date_said_aside(self, dates: list[Member]) -> Member | None:
        """ "(by ship date)", "in 1995, based on ship date": a date named aside, in
        parentheses or after a comma at the end, says which dates the period is of; it
        groups nothing."""
        if not self.reading.of(TimeItem):
            return None  # "revenue by ship date": a grouping
        for item in self.reading.of(MemberItem):
            if not isinstance(item, MemberItem):
                continue
            named = [d for d in dates if d in item.members]
            start = item.start
            while start > 0 and self._norm_at(start - 1) in _ASIDE_LEADS:
                start -= 1
            opens, closes = self._norm_at(start - 1), self._norm_at(item.end)
            aside = (opens, closes) == ("(", ")") or (opens == "," and closes in ("", "?", "."))
            if len(named) == 1 and aside and start < item.start:
                item.used = True
                for word in self.reading.words("group", "function"):
                    if start <= word.start < item.start:
                        word.used = True
                return named[0]
        return None

    def _may_say_a_role(self, i: int, period: int) -> bool:
        """A verb anywhere ("placed", "shipped"), or a noun of the things counted before the
        period ("shipments in 1997"); not a word of another name ("ship mode", "AIR")."""
        holder = next((it for it in self.reading.items if it.start <= i < it.end), None)
        if holder is None or isinstance(holder, VerbItem):
            return True
        return (
            isinstance(holder, MemberItem)
            and i < period
            and any(m.agg == "count" for m in holder.members)
        )

    def _years_of_a_year_column(self, times: list[TimeItem], query: CubeQuery) -> bool:
        """ "the 1994 budget" of rows with no dates but one year column (a fiscal year): the
        years said are that column's values."""
        assert self.measure is not None
        reach = self.catalog.reachable(self.measure.cube)
        own = [d for d in self.catalog.dimensions() if d.unit == "year" and d.cube in reach]
        if len(own) != 1 or any(t.kind != "year" or t.year is None for t in times):
            return False
        verbs = [v for v in self.reading.of(VerbItem) if isinstance(v, VerbItem)]
        if any(self.catalog.dates_of(m.cube) for v in verbs for m in v.members):
            return False  # "planes that flew in 2013": the year of the flights, which have dates
        for item in times:
            item.used = True
            query.filters.append(
                CubeFilter(member=own[0].name, operator="equals", values=[str(item.year)])
            )
        return True

    def _time(self, query: CubeQuery) -> None:
        assert self.measure is not None
        times = [t for t in self.reading.of(TimeItem) if isinstance(t, TimeItem) and not t.used]
        if not times:
            return
        own = self.catalog.time_dimension(self.measure.cube)
        if own is None and self._years_of_a_year_column(times, query):
            return  # "the 1994 budget": its year column, before dates of rows it belongs to
        time_dim = self._time_dimension()
        # "how many customers ordered in 1996": customers have no dates, their orders do
        counted = self._counted_through(lambda cube: bool(self.catalog.dates_of(cube)))
        if time_dim is None and counted is not None:
            self.measure, query.measures = counted, [counted.name]
            time_dim = self._time_dimension()
        if time_dim is None:
            time_dim = next(iter(self._dates_of_rows_back()), None)
        if time_dim is None:
            self._ask_about(times, f"{self.measure.short_title.lower()} has no dates to limit.")
        assert time_dim is not None
        years = self.catalog.years.get(time_dim.name, [])
        default_year = next((t.year for t in times if t.kind == "year"), None)
        first, last = (date(years[0], 1, 1), date(years[-1], 12, 31)) if years else (None, None)
        for item in times:
            item.used = True
            self._things_of_the_period(item)
            year = item.year or default_year or (years[0] if len(years) == 1 else None)
            if year is None:
                self._ask_about([item], "not which year; the data covers " + _years(years) + ".")
            assert year is not None
            if years and year not in years:
                self._ask_about([item], f"the data covers {_years(years)} only.")
            if item.kind == "months" and not _contiguous(item.months):
                self._month_filter(item, query)
                continue
            low, high = _period(item, year)
            if item.open in ("before",):
                low, high = first or low, low - timedelta(days=1)
            elif item.open == "after":
                low, high = high + timedelta(days=1), last or high
            elif item.open == "since":
                high = last or high
            elif item.open in ("until", "till", "through"):
                low = first or low
            first, last = max(first or low, low), min(last or high, high)
        if first is None or last is None or first > last:
            self._ask_about(times, "those dates do not overlap.")
        if any(t.kind != "months" or _contiguous(t.months) for t in times):
            assert first is not None and last is not None
            query.timeDimensions = [
                TimeDimension(
                    dimension=time_dim.name, dateRange=[first.isoformat(), last.isoformat()]
                )
            ]

    def _things_of_the_period(self, item: TimeItem) -> None:
        """ "discounts on 1993 orders", "Delta's July flights": the things right after a
        period are the ones it dates, which the figure's rows belong to."""
        assert self.measure is not None
        noun = self._noun_after(item)
        if noun is None or noun.used:
            return
        reach = self.catalog.reachable(self.measure.cube)
        if any(
            m.agg == "count" and m.cube in reach and self.catalog.dates_of(m.cube)
            for m in noun.members
        ):
            noun.used = True

    def _month_filter(self, item: TimeItem, query: CubeQuery) -> None:
        """Months that are not one run ("winter": December, January, February) filter on the
        cube's month column (meta time_part)."""
        part = self._time_part("month")
        if part is None:
            self._ask_about([item], "this data has no month column to pick those months.")
        assert part is not None
        query.filters.append(
            CubeFilter(member=part.name, operator="equals", values=[str(m) for m in item.months])
        )


def _says_the_event(token: Token, date: Member) -> bool:
    """Whether a word is a form of the first word of a date's verbs ("shipped", "orders")."""
    return any(lang.same_word(token, w) for v in date.verbs for w in lang.phrase_tokens(v)[:1])


def _contiguous(months: tuple[int, ...]) -> bool:
    ordered = sorted(months)
    return ordered == list(range(ordered[0], ordered[-1] + 1)) if ordered else True


def _period(item: TimeItem, year: int) -> tuple[date, date]:
    if item.kind == "date":
        assert item.day is not None
        day = date(year, item.months[0], item.day)
        return day, day
    if item.kind == "year":
        return date(year, 1, 1), date(year, 12, 31)
    if item.kind == "years":
        return date(year, 1, 1), date(item.last_year or year, 12, 31)
    if item.kind == "span":
        assert item.day is not None and item.last_day is not None
        return _day_of(year, item.months[0], item.day), _day_of(year, item.months[1], item.last_day)
    first, last = min(item.months), max(item.months)
    return date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1])


def _day_of(year: int, month: int, day: int) -> date:
    """A day of a month; 0 and below count back from its last day ("the last week")."""
    if day > 0:
        return date(year, month, day)
    return date(year, month, calendar.monthrange(year, month)[1]) + timedelta(days=day)


def _years(years: list[int]) -> str:
    if not years:
        return "no dates"
    return str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]}"
