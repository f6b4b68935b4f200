"""Lesson 7's mechanism widget (TwoFibres); its teaching model lives in mechanism/model.py."""

from .two_fibres import TwoFibres

__all__ = ["TwoFibres"]
