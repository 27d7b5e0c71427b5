"""Composing a Cube query from a reading (see composer.py)."""

from services.understanding.compose.base import NeedsClarification, ValueList
from services.understanding.compose.composer import Composer

__all__ = ["Composer", "NeedsClarification", "ValueList"]
