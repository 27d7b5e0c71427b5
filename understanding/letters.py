"""Letters as the reader reads them, so that text which looks like a word is read as that word
or asked about, never as something else.

Compatibility forms are folded (NFKC: full-width letters, ligatures, non-breaking spaces),
accents dropped from Latin letters ("Zürich" and "Zurich" are one word), and a word that mixes
Latin letters with look-alikes from another script ("ATL" typed with a Cyrillic A and T) is read as
the Latin word it imitates, by Unicode's confusables table. A word wholly in another script is
left as written: the reader knows no such word, so the question is asked back.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from confusable_homoglyphs import confusables

_WORD = re.compile(r"[^\W\d_]+")


def plain_letters(text: str) -> str:
    if text.isascii():  # nearly every question: nothing to do
        return text
    return _WORD.sub(_plain_word, unicodedata.normalize("NFKC", text))


def _plain_word(match: re.Match[str]) -> str:
    word = _without_accents(match[0])
    if word.isascii() or not any(c.isascii() for c in word):
        return word
    return "".join(c if c.isascii() else _latin_lookalike(c) for c in word)


def _without_accents(word: str) -> str:
    """Marks on Latin letters go; letters of other scripts keep theirs (a Cyrillic й stays)."""
    if word.isascii():
        return word
    kept: list[str] = []
    for char in unicodedata.normalize("NFD", word):
        if unicodedata.combining(char) and kept and kept[-1].isascii():
            continue
        kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept))


@lru_cache(maxsize=4096)
def _latin_lookalike(char: str) -> str:
    """The Latin letter a character imitates (Cyrillic A -> A), or the character itself."""
    found = confusables.is_confusable(char, preferred_aliases=["latin"], greedy=True)
    for lookalike in found[0]["homoglyphs"] if found else ():
        latin = str(lookalike["c"])
        if len(latin) == 1 and latin.isascii() and latin.isalpha():
            return latin
    return char
