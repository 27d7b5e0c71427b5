"""Composing a Cube query from a reading (see composer.py)."""

from understanding.compose.base import NeedsClarification, ValueList
from understanding.compose.composer import Composer

__all__ = ["Composer", "NeedsClarification", "ValueList"]
