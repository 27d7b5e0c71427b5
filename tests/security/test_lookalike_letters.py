"""Look-alike letters (a Cyrillic A in "ATL", full-width letters) are read as the letters they
imitate, or asked about: never answered about something else."""

from __future__ import annotations

import pytest

from models.ask import CubeFilter, CubeQuery
from tests.fixtures.catalog import recorded_catalog
from understanding import offline
from understanding.catalog import Catalog


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return recorded_catalog()


@pytest.mark.parametrize(
    ("question", "member", "code"),
    [
        ("How many flights went to \u0410\u0422L?", "flights.dest", "ATL"),  # Cyrillic A, T
        ("How many flights left from \u0395WR?", "flights.origin", "EWR"),  # Greek Epsilon
        ("How many flights went to \uff2c\uff21\uff38?", "flights.dest", "LAX"),  # full width
    ],
)
def test_look_alike_letters_are_read_as_the_letters_they_imitate(
    catalog: Catalog, question: str, member: str, code: str
) -> None:
    query = offline.understand(question, catalog)
    assert isinstance(query, CubeQuery)
    assert query.filters == [CubeFilter(member=member, operator="equals", values=[code])]


@pytest.mark.parametrize("word", ["\u0410\u0422", "\u041c\u043e\u0441\u043a\u0432\u0430"])
def test_a_word_wholly_in_another_script_is_asked_about(catalog: Catalog, word: str) -> None:
    with pytest.raises(offline.NeedsClarification) as asked:
        offline.understand(f"How many flights went to {word}?", catalog)
    assert word in asked.value.question
