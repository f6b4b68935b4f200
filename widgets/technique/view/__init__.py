"""Lesson 4's optional toxin-technique widget (InjectionMap); its data and arithmetic live in technique/model.py."""

from .injection_map import InjectionMap

__all__ = ["InjectionMap"]
