"""Slips of the keyboard: a word that is neither English nor the data's ("flihgts", "Decmber",
"jetblu") is read as the one word of the data or of questions that it is one slip away from
(two for long words). Only unknown words are touched, and only where one word is nearest: the
answer's interpretation then says what was read; a word with no single nearest word stays as
written, and is asked about like any unknown word."""

from __future__ import annotations

import calendar
import re
from itertools import chain

from lemminflect import getAllLemmas

from understanding import language as lang
from understanding.lexicon import Lexicon

# Shorter words are too close to too many others for a slip to be told from another word.
_SHORTEST = 4
# From this length on, two slips ("avrage" is one; "manufactrer" two) still leave one nearest.
_TWO_SLIPS_FROM = 9
# Whole words; one with a capital inside ("AirTran", "JetBlue") is a name as its owner writes it.
# A word before an apostrophe is half of a contraction ("doesn't") or owns what follows.
_WORD = re.compile(r"\b[A-Za-z]+\b(?!')")
# Numbers in words ("three hundred"), which the dictionary of English forms does not hold.
_NUMBER_WORDS = frozenset(
    {
        "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen",
        "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
        "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred",
        "thousand", "million", "billion", "dozen", "fifth", "sixth", "seventh", "eighth",
        "ninth", "tenth",
    }
)  # fmt: skip


def corrected(question: str, lexicon: Lexicon) -> str:
    """The question with each slipped word replaced by the word it is nearest to."""
    words = vocabulary(lexicon)

    def fix(found: re.Match[str]) -> str:
        word = found[0]
        lower = word.lower()
        if len(lower) < _SHORTEST or not word[1:].islower() or _known(lower, words):
            return word
        nearest = _nearest(lower, words)
        if nearest is None:
            return word
        return nearest.capitalize() if word[0].isupper() else nearest

    return _WORD.sub(fix, question)


def vocabulary(lexicon: Lexicon) -> frozenset[str]:
    """Every word of the data's phrases and names, and of the question words Quarry reads."""
    if lexicon.vocabulary is None:
        data = {t.norm for phrases in lexicon.phrases.values() for p in phrases for t in p.tokens}
        names = {t.norm for _, name in lexicon.every_name for t in name.tokens}
        language = chain(
            lang.FUNCTION_WORDS,
            lang.AGGREGATIONS,
            lang.SUPERLATIVES,
            lang.COMPARATIVES,
            lang.COMPARATORS_BEFORE,
            lang.QUALITY_WORDS,
            lang.GRANULARITY_WORDS,
            lang.SEASONS,
            (m.lower() for m in calendar.month_name if m),
            (d.lower() for d in calendar.day_name),
            lang.SMALL_NUMBERS,
            lang.ORDINALS,
            _NUMBER_WORDS,
        )
        phrases = {w for phrase in language for w in phrase.split()}
        lexicon.vocabulary = frozenset(
            w for w in data | names | phrases if w.isalpha() and len(w) >= _SHORTEST
        )
    return lexicon.vocabulary


def _known(word: str, words: frozenset[str]) -> bool:
    """A word of English in any form, or of the data in any number ("Saturdays")."""
    return word in words or lang.singular(word) in words or bool(getAllLemmas(word))


def _nearest(word: str, words: frozenset[str]) -> str | None:
    allowed = 2 if len(word) >= _TWO_SLIPS_FROM else 1
    by_distance: dict[int, list[str]] = {}
    for candidate in words:
        # a slip seldom hits the first letter, and a different first letter is another word
        if candidate[0] == word[0] and abs(len(candidate) - len(word)) <= allowed:
            distance = _slips(word, candidate, allowed + 1)
            if distance <= allowed:
                by_distance.setdefault(distance, []).append(candidate)
    if not by_distance:
        return None
    nearest = by_distance[min(by_distance)]
    return nearest[0] if len(nearest) == 1 else None


def _slips(a: str, b: str, limit: int) -> int:
    """Edits from a to b (a letter added, dropped, changed, or two swapped), or `limit` once
    there are that many."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], previous2[j - 2] + 1)
        if min(row) >= limit:
            return limit
        previous2, previous = previous, row
    return previous[-1]
