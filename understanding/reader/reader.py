"""Reading a question: every span of words becomes evidence of something the data or the
language knows (a member, a value, a number with its unit, a time, an aggregation, a comparison,
an order, a function word). What no reader claims is left over, and a question with leftovers is
not understood.

The reader only finds evidence; the composer (`compose/`) decides what the evidence means together.
"""

from __future__ import annotations

from understanding.reader.items import Reading
from understanding.reader.numbers import Numbers
from understanding.reader.periods import Periods
from understanding.reader.words import Words


class Reader(Periods, Numbers, Words):
    """One question's reading; each pass lives in the module its base class names."""

    def read(self) -> Reading:
        for step in (
            self._asking_verb,
            self._quoted_names,
            self._holidays,
            self._times,
            self._time_extremes,
            self._unsupported,
            self._how_it_goes,
            self._comparisons,
            self._sign_phrases,
            self._units_asked_for,
            self._happened_verbs,
            self._formulas,
            self._spans_between_dates,
            self._units_before_their_column,
            self._data_words,
            self._on_time,
            self._compounds,
            self._cue_phrases,
            self._heads_of_their_owners,
            self._all_of_them,
            self._bare_numbers,
            self._things_by_number,
            self._units,
            self._language_words,
            self._preamble,
            self._particle_verbs,
            self._choice_between,
            self._ends_between,
        ):
            step()
        self.items.sort(key=lambda item: item.start)
        return Reading(question=self.question, tokens=self.tokens, items=self.items)
