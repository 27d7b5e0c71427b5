"""Reading a question into evidence (see reader.py)."""

from services.understanding.reader.items import (
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
from services.understanding.reader.reader import Reader

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
