"""The nearest known names and phrases for words the agent could not place (fuzzy matching)."""

from __future__ import annotations

import re

from rapidfuzz import fuzz, process

from understanding.catalog import Catalog
from understanding.lexicon import Lexicon

MIN_SCORE = 80  # "Atlantis" offers Atlanta; "nicest" does not offer "dest"
MAX_OPTIONS = 5
# Options for the first few unknown words are enough; a wall of noise gets none beyond them.
MAX_WORDS = 3


def candidates_for(words: list[str], lexicon: Lexicon, catalog: Catalog) -> list[str]:
    """Options for a clarification: "Atlantis" -> "Atlanta (ATL)"; "temprature" -> "temperature"."""
    if lexicon.choices is None:
        lexicon.choices = _choices(lexicon, catalog)
    choices = lexicon.choices
    options: list[str] = []
    for word in [w for w in words if not w.replace(",", "").isdigit()][:MAX_WORDS]:
        for text, score, _ in process.extract(
            word, list(choices), scorer=fuzz.WRatio, limit=MAX_OPTIONS, processor=str.lower
        ):
            if score >= MIN_SCORE and choices[text] not in options:
                options.append(choices[text])
    return options[:MAX_OPTIONS]


def _choices(lexicon: Lexicon, catalog: Catalog) -> dict[str, str]:
    """Every name a value goes by and every phrase of a member, each with how to offer it."""
    choices: dict[str, str] = {}
    for text, name in lexicon.every_name:
        if re.fullmatch(r"[A-Z0-9-]+", text):
            continue  # a code (JFK, N725MQ) is no closer to a misspelt word than its name is
        value = name.values[0] if len(name.values) == 1 else None
        choices[text] = f"{text} ({value})" if value and value != text else text
    for member in catalog.members.values():
        for phrase in member.phrases:
            choices.setdefault(phrase, phrase)
    return choices
