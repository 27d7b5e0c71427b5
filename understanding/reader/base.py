"""The reader's state (the question's words, which are claimed) and matching phrases."""

from __future__ import annotations

from functools import lru_cache

from understanding import language as lang
from understanding.catalog import Catalog, Member
from understanding.lexicon import Lexicon
from understanding.reader.items import (
    Item,
)


class ReaderBase:
    def __init__(self, question: str, catalog: Catalog, lexicon: Lexicon) -> None:
        self.question = question
        self.catalog = catalog
        self.lexicon = lexicon
        self.tokens = lang.tokenize(question)
        self.claimed = [False] * len(self.tokens)
        self.items: list[Item] = []

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

    def _sign_words(self, above: bool) -> tuple[str, ...]:
        words: set[str] = set()
        for member in self.catalog.dimensions():
            words.update(member.above_zero if above else member.below_zero)
        return tuple(words)

    def _polar_words(self) -> dict[str, tuple[Member, str]]:
        """ "longest" (distance, higher), "coldest" (temperature, lower): from meta higher/lower.
        A word several columns share means the first one declared ("the longest flight": its
        distance); a unit may pick another (see _polar_comparison)."""
        words: dict[str, tuple[Member, str]] = {}
        for member in self.catalog.dimensions():
            for word in member.higher:
                words.setdefault(word, (member, "desc"))
            for word in member.lower:
                words.setdefault(word, (member, "asc"))
        return words


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
