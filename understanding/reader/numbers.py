"""Numbers in words: quantities with units ("three hours", "6 am"), comparisons ("more than",
"or more", "between"), signs ("late", "early") and numbers that are a column's value."""

from __future__ import annotations

import re

from understanding import language as lang
from understanding.catalog import Member
from understanding.reader.base import ReaderBase
from understanding.reader.items import (
    ComparisonItem,
    MemberItem,
    WordItem,
)

_EXACTLY = ("exactly", "precisely", "right")


class Numbers(ReaderBase):
    def _comparisons(self) -> None:
        i = 0
        while i < len(self.tokens):
            item = self._free(i, i + 1) and (
                self._between(i) or self._comparison_at(i) or self._day_part(i)
            )
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
            column, end = self._column_before_number(end)
            quantity = self._quantity(end, counted=True)
            if quantity is None:
                return None
            value, unit, q_end = quantity
            item = ComparisonItem(
                i,
                q_end,
                op=lang.COMPARATORS_BEFORE[phrase],
                value=value,
                unit=unit,
                quantity_end=q_end,
                member=column,
            )
            signed = self._sign_before(i)
            if signed is not None:  # "delayed by more than 45 minutes": "delayed" is its role
                item.start, item.sign, item.sign_word = signed
                named = self._column_named_with(item.start, i)
                if item.member is None and named is not None:
                    item.member, item.start = named
                return item
            item = self._signed(item)
            if item.member is None and not item.sign_word:
                item.member = self._described_in_unit(i, unit)
            return item
        quantity = self._quantity(i)
        if quantity is None:
            return None
        value, unit, q_end = quantity
        after = self._match(q_end, lang.COMPARATORS_AFTER, exact=True)
        if after:
            end = after[0]
            if unit is not None and self._unit(end):
                end += 1  # "two or more hours"
            item = self._signed(
                ComparisonItem(
                    i,
                    end,
                    op=lang.COMPARATORS_AFTER[after[1]],
                    value=value,
                    unit=unit,
                    quantity_end=end,
                )
            )
            signed = self._sign_before(i)
            if not item.sign_word and signed is not None:  # "delayed 2 hours or more"
                item.start, item.sign, item.sign_word = signed
                named = self._column_named_with(item.start, i)  # "arrival delay zero or less"
                if named is not None:
                    item.member, item.start = named
            return item
        if unit is not None and unit != "year":
            late = self._signed(
                ComparisonItem(i, q_end, op="gte", value=value, unit=unit, quantity_end=q_end)
            )
            if late.sign_word:
                after = self._match(late.end, lang.COMPARATORS_AFTER, exact=True)
                if after and lang.COMPARATORS_AFTER[after[1]] in ("gte", "gt"):
                    late.end = after[0]  # "15 minutes late or more": the same
                return late  # "30 minutes late": at least that late
        return None

    def _column_before_number(self, i: int) -> tuple[Member | None, int]:
        """ "larger than size 40": a numeric column named between the comparison and its
        number; (None, i) when there is none."""
        for end, phrase in self.lexicon.phrases_at(self.tokens, i):
            member = phrase.member
            numeric = member.type == "number" and member.kind == "dimension"
            if phrase.kind == "member" and numeric and self._free(i, end) and self._quantity(end):
                return member, end
        return None, i

    def _column_named_with(self, start: int, end: int) -> tuple[Member, int] | None:
        """ "an arrival delay above 10 minutes": words before the sign word ("delay") that name
        a numeric column with it; the column, and where its words begin."""
        for first in (start - 1, start - 2):
            if first < 0 or not self._free(first, start):
                continue
            for phrase_end, phrase in self.lexicon.phrases_at(self.tokens, first):
                member = phrase.member
                numeric = member.type == "number" and member.kind == "dimension"
                if phrase_end == end and phrase.kind == "member" and numeric:
                    return member, first
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
                fits = unit is None or lang.same_unit(unit, member.unit)  # "90 degrees" of °F
                if not fits and not (unit == "year" and member.unit is None):
                    # "longer than 5 hours": the column the adjective also describes in that unit
                    other = self._polar_in_unit(word, unit)
                    if other is None:
                        return None
                    member, direction = other
                op = "gt" if direction == "desc" else "lt"
                return ComparisonItem(
                    i, end, op=op, value=value, unit=unit, quantity_end=end, member=member
                )
        return None

    def _described_in_unit(self, i: int, unit: str | None) -> Member | None:
        """ "longer than 5 hours": the column a comparative's adjective describes in that unit
        (air time, not a delay; "longer than 2,000 miles" is the distance)."""
        if unit is None:
            return None
        for word in self._polar_words():
            if word in self.tokens[i].lemmas and self.tokens[i].norm != word:
                found = self._polar_in_unit(word, unit)
                if found is not None:
                    return found[0]
        return None

    def _polar_in_unit(self, word: str, unit: str | None) -> tuple[Member, str] | None:
        for member in self.catalog.dimensions():
            if member.unit == unit and word in member.higher:
                return member, "desc"
            if member.unit == unit and word in member.lower:
                return member, "asc"
        return None

    def _sign_before(self, i: int) -> tuple[int, int, str] | None:
        """A sign word just before position i, past "by": (its start, its sign, the word)."""
        j = i - 1 if self._norm(i - 1) == "by" else i
        for sign, above in ((1, True), (-1, False)):
            for word in self._sign_words(above):
                words = lang.phrase_tokens(word)
                start = j - len(words)
                if (
                    start >= 0
                    and self._free(start, j)
                    and all(
                        lang.same_word(a, b)
                        for a, b in zip(words, self.tokens[start:j], strict=True)
                    )
                ):
                    return start, sign, word
        return None

    def _sign_phrases(self) -> None:
        """ "ahead of schedule", "behind schedule": signs of several words, before their words
        are read one by one."""
        phrases = {w: "1" for w in self._sign_words(True) if " " in w}
        phrases |= {w: "-1" for w in self._sign_words(False) if " " in w}
        for i in range(len(self.tokens)):
            found = self._match(i, phrases)
            if found:
                self._claim(WordItem(i, found[0], kind="sign", value=phrases[found[1]]))

    def _on_time(self) -> None:
        """ "left on time", "on time or early": not late (a sign of value 0), where the model
        has a column that is late above zero; a phrase of the data ("arrived on time") is read
        first."""
        if not self._sign_words(True):
            return
        early = set(self._sign_words(False))
        for i in range(len(self.tokens)):
            found = self._match(i, lang.ON_TIME, exact=True)
            if not found or not self._free(i, found[0]) or self._norm(i - 1) in _EXACTLY:
                continue  # "exactly on time" is a delay of 0, which "on time" is not
            start, end = i, found[0]
            if self._norm(end) == "or" and self._norm(end + 1) in early:
                end += 2  # "on time or early": one condition
            if self._norm(start - 1) == "or" and self._norm(start - 2) in early:
                start -= 2  # "early or on time"
            if self._free(start, end):
                self._claim(WordItem(start, end, kind="sign", value="0"))

    def _day_part(self, i: int) -> ComparisonItem | None:
        """ "in the morning", "evening flights": hours of the day (the composer finds the
        model's hour-of-day column)."""
        said = [w for w in self.tokens[i].lemmas if w in lang.DAY_PARTS]  # "mornings"
        hours = lang.DAY_PARTS[said[0]] if said else None
        if hours is None:
            return self._clock_hour(i)
        if self._norm(i + 1) in ("of", "'s"):
            return None
        return ComparisonItem(
            i, i + 1, op="between", value=hours[0], upper=hours[1], unit=lang.HOUR_OF_DAY
        )

    def _clock_hour(self, i: int) -> ComparisonItem | None:
        """ "in the 6 pm hour", "the 18:00 hour": the minutes of that hour, of the time the
        question's verb says."""
        quantity = self._quantity(i)
        if quantity is None or quantity[1] != "clock" or quantity[0] % 100:
            return None
        if self._norm(quantity[2]) != "hour" or not self._free(quantity[2], quantity[2] + 1):
            return None
        start = quantity[0]  # "arrived in the 11 pm hour": 23:00 to 23:59 of the arrival time
        return ComparisonItem(
            i,
            quantity[2] + 1,
            op="between",
            value=start,
            upper=start + 59,
            unit="clock",
            quantity_end=quantity[2] + 1,
        )

    def _clock_range(self, i: int) -> ComparisonItem | None:
        """ "18:00 to 18:59", "from 6 am to 9 am": two clock times bound a time of day."""
        low = self._quantity(i)
        if low is None or low[1] != "clock" or self._norm(low[2]) not in ("to", "until", "till"):
            return None
        high = self._quantity(low[2] + 1)
        if high is None or high[1] != "clock" or high[0] < low[0]:
            return None  # "from 11 pm to 5 am" crosses midnight: no one range
        start = i - 1 if self._norm(i - 1) == "from" and self._free(i - 1, i) else i
        return ComparisonItem(
            start,
            high[2],
            op="between",
            value=low[0],
            upper=high[0],
            unit="clock",
            quantity_end=high[2],
        )

    def _between(self, i: int) -> ComparisonItem | None:
        if self._norm(i) != "between":
            return self._clock_range(i)
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
        if low[1] is None and high[1] == "clock" and raw_high:
            # "between 6 and 9 in the evening": both hours of that half of the day; "between
            # 10 and 2 in the afternoon" starts in the morning
            shift = high[0] // 100 - raw_high
            low_value = (low[0] + (shift if low[0] <= raw_high else 0)) * 100
        elif low[1] is None and high[1] is not None and raw_high:
            low_value = low[0] * high[0] / raw_high  # "between 1 and 2 hours": both in hours
        if unit == "clock" and low_value > high[0]:
            return None  # "between 9 pm and 2 am" crosses midnight: no one range
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

    def _quantity(self, i: int, counted: bool = False) -> tuple[float, str | None, int] | None:
        """A number and its unit, converted to the unit columns are stored in:
        "3 hours" -> 180 minutes; "6 am" -> 600 (a clock time); "2010" -> a year."""
        if i >= len(self.tokens) or not self._free(i, i + 1):
            return None
        norm = self._norm(i)
        if norm in lang.CLOCK_WORDS:
            return float(lang.CLOCK_WORDS[norm]), "clock", i + 1
        if norm in lang.NAMED_QUANTITIES and self._norm(i - 1) in (
            "below",
            "above",
            "under",
            "over",
        ):
            named, unit, _ = lang.NAMED_QUANTITIES[norm]
            return named, unit, i + 1
        if re.fullmatch(r"\d{1,2}:\d{2}", norm):
            hours, minutes = (int(p) for p in norm.split(":"))
            return self._clock(hours * 100 + minutes, i + 1)
        if norm in lang.CURRENCY_SIGNS and i + 1 < len(self.tokens) and self._free(i + 1, i + 2):
            amount = lang.number(self._norm(i + 1))  # "$300000": the sign, then the number
            if amount is not None:
                return amount, lang.UNIT_WORDS[norm][0], i + 2
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
        # ... or one after it ("zero or less")
        if value is None and norm in lang.SMALL_NUMBERS and (self._unit(unit_at) or small or after):
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
                scale = lang.degree_scale(self._norm(i + 1)) if unit == "degrees" else None
                if scale is not None and self._free(i + 1, i + 2):
                    return scale, 1.0, i + 2  # "90 degrees F"
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

    def _one_row_word(self, i: int) -> bool:
        """ "single" right after a superlative ("the largest single order")."""
        before = self._norm(i - 1) if i > 0 else ""
        return self._norm(i) in lang.ONE_ROW_WORDS and (
            lang.degree(before) == "superlative" or before in lang.SUPERLATIVES
        )

    def _all_of_them(self) -> None:
        """ "across all three airports", "both 2 origins": the number counts all the things
        named after it, and limits nothing."""
        for item in list(self.items):
            i = item.start - 1
            if (
                isinstance(item, MemberItem)
                and i > 0
                and self._free(i, i + 1)
                and self._norm(i - 1) in ("all", "both")
                and self._all_of(item, self._norm(i))
            ):
                self._claim(WordItem(i, i + 1, kind="connector", value="all"))

    def _all_of(self, item: MemberItem, said: str) -> bool:
        """The number is how many of the things there are ("all three airports": origins)."""
        number = lang.number(said)
        count = int(number) if number is not None else lang.SMALL_NUMBERS.get(said)
        return any(len(self.catalog.values.get(m.name, ())) == count for m in item.members)

    def _bare_numbers(self) -> None:
        """ "planes with 4 engines": a number right before a numeric column is that value."""
        for item in list(self.items):
            if not isinstance(item, MemberItem) or not any(
                m.type == "number" and m.kind == "dimension" for m in item.members
            ):
                continue
            i = item.start - 1
            if self._one_row_word(i):
                continue  # "the longest single delay": one row's, not a delay of 1
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
                continue
            after = item.end  # "parts of size 50": the number after the column
            start = after  # "a discount of 0": "of" belongs to the value
            if self._norm(after) in ("of", "equal", "equals") and self._free(after, after + 1):
                after += 1
            quantity = self._quantity(after) if self._free(after, after + 1) else None
            columns = [m for m in item.members if m.type == "number" and m.kind == "dimension"]
            if quantity is None or len(columns) != 1:
                continue
            value, unit, end = quantity  # "a departure delay of 0 minutes": its unit too
            if unit in (None, columns[0].unit) and self._free(after, end):
                self._claim(
                    ComparisonItem(
                        start, end, op="equals", value=value, quantity_end=end, member=columns[0]
                    )
                )

    def _things_by_number(self) -> None:
        """ "part 1234", "order 5": a whole number right after a noun of things, with no unit,
        is the number the thing is known by (its key)."""
        for item in list(self.items):
            at = item.end
            if not isinstance(item, MemberItem) or not self._free(at, at + 1):
                continue
            unit = at + 1 < len(self.tokens) and lang.standalone_unit(self.tokens[at + 1], "")
            if not self._norm(at).isdigit() or unit:
                continue
            key = self.catalog.key_counted(item.members)
            if key is not None:
                value = float(self._norm(at))
                self._claim(
                    ComparisonItem(
                        at, at + 1, op="equals", value=value, quantity_end=at + 1, member=key
                    )
                )

    def _units_asked_for(self) -> None:
        """ "average delay in hours", "..., in percent": a unit after "in" that ends the clause
        says how the answer is wanted, before any data word of the same spelling ("hour")."""
        for i in range(1, len(self.tokens)):
            after = i + 2 if self._norm(i + 1) == "please" else i + 1
            ends = self._norm(after) in ("", "?", ".", ",", "!", ";")
            if self._norm(i - 1) in ("in", "into") and ends and self._free(i, i + 1):
                found = lang.standalone_unit(self.tokens[i], "in")
                if found is not None:
                    unit, factor = found
                    self._claim(
                        WordItem(i, i + 1, kind="unit", value=unit, number=int(factor == 1))
                    )

    def _units_before_their_column(self) -> None:
        """ "total hours in the air", "kilometres flown": a unit right before the name of a
        column measured in a unit it converts to is that unit (not the hour of the day)."""
        for i in range(len(self.tokens) - 1):
            found = lang.standalone_unit(self.tokens[i], self._norm(i - 1))
            if found is None or not self._free(i, i + 1):
                continue
            named = [p.member for _, p in self.lexicon.phrases_at(self.tokens, i + 1)]
            if any(m.kind == "dimension" and m.unit == found[0] for m in named):
                unit, factor = found
                self._claim(WordItem(i, i + 1, kind="unit", value=unit, number=int(factor == 1)))

    def _units(self) -> None:
        """A unit on its own: "how many miles" names the column measured in miles (compose/
        measure.py decides which); "in mph", "(millibars)", "degrees F" say the unit the
        answer should be in, which is fine only where it is the data's own (compose/checks)."""
        for i, token in enumerate(self.tokens):
            if not self._free(i, i + 1):
                continue
            found = lang.standalone_unit(token, self._norm(i - 1))
            if found is not None:
                unit, factor = found
                # number 1: the data's unit itself; 0: one it would have to be converted to
                self._claim(WordItem(i, i + 1, kind="unit", value=unit, number=int(factor == 1)))
