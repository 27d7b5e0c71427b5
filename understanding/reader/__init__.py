"""Reading a question into evidence (see reader.py)."""

from understanding.reader.items import (
    ComparisonItem,
    Item,
    MemberItem,
    Reading,
    ScopeItem,
    TimeItem,
    ValueItem,
    VerbItem,
    WordItem,
)
from understanding.reader.reader import Reader

__all__ = [
    "ComparisonItem",
    "Item",
    "MemberItem",
    "Reader",
    "Reading",
    "ScopeItem",
    "TimeItem",
    "ValueItem",
    "VerbItem",
    "WordItem",
]
