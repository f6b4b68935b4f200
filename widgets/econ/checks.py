"""Input checks shared by every public function of the engine and of the models built on it.

Each check names the parameter and its allowed range in the message. A value of the wrong type
raises `WrongType`, which is both a TypeError (what it is) and a ValueError, so that a view that turns
ValueError into a readable message (ui.base.View.guarded) never shows a traceback for it.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

_NUMBER = (int, float, np.integer, np.floating)


class WrongType(TypeError, ValueError):
    """A value of the wrong type (a string, a dict, None ... where a number or an array belongs)."""


def fmt(x) -> str:
    """A number as a message shows it (no trailing zeros); anything else as its repr."""
    if isinstance(x, bool):
        return repr(x)
    return f"{x:g}" if isinstance(x, _NUMBER) else repr(x)


def _bounds(low, high, low_open, high_open) -> str:
    if high == np.inf and low == -np.inf:
        return "that is finite"
    if high == np.inf:
        return f"above {fmt(low)}" if low_open else f"at least {fmt(low)}"
    if low == -np.inf:
        return f"below {fmt(high)}" if high_open else f"at most {fmt(high)}"
    words = f"between {fmt(low)} and {fmt(high)}"
    if low_open or high_open:
        words += f" ({'excluding' if low_open else 'including'} {fmt(low)}, {'excluding' if high_open else 'including'} {fmt(high)})"
    return words


def number(name: str, value, low=-np.inf, high=np.inf, *, low_open: bool = False, high_open: bool = False) -> float:
    """`value` as a float when it is a real number in the range; else WrongType or ValueError naming `name`."""
    allowed = _bounds(low, high, low_open, high_open)
    if isinstance(value, bool) or not isinstance(value, _NUMBER):
        raise WrongType(f"{name} must be a number {allowed} (got {value!r})")
    x = float(value)
    inside = np.isfinite(x) and (low < x if low_open else low <= x) and (x < high if high_open else x <= high)
    if not inside:
        raise ValueError(f"{name} must be {allowed} (got {fmt(value)})")
    return x


def whole(name: str, value, low: int, high: float = np.inf) -> int:
    """`value` as an int when it is a whole number in [low, high]; floats such as 12.0 are accepted."""
    allowed = f"a whole number {_bounds(low, high, False, False)}"
    if isinstance(value, bool) or not isinstance(value, _NUMBER):
        raise WrongType(f"{name} must be {allowed} (got {value!r})")
    if not np.isfinite(value) or int(value) != value or not (low <= value <= high):
        raise ValueError(f"{name} must be {allowed} (got {fmt(value)})")
    return int(value)


def array(name: str, values, low=-np.inf, high=np.inf, *, ndim: Sequence[int] | None = None) -> np.ndarray:
    """`values` as a float array whose entries are finite and within [low, high]."""
    if isinstance(values, (str, bytes, dict)) or values is None:
        raise WrongType(f"{name} must be numbers {_bounds(low, high, False, False)} (got {values!r})")
    try:
        x = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise WrongType(f"{name} must be numbers {_bounds(low, high, False, False)} (got {values!r})") from None
    if ndim is not None and x.ndim not in ndim:
        raise ValueError(f"{name} must have {' or '.join(map(str, ndim))} dimension(s) (got shape {x.shape})")
    bad = ~np.isfinite(x) | (x < low) | (x > high)
    if bad.any():
        where = tuple(int(i) for i in np.argwhere(bad)[0])
        at = f" at {where}" if where else ""
        raise ValueError(
            f"{name} must be finite numbers {_bounds(low, high, False, False)} (got {fmt(float(x[where]))}{at})"
        )
    return x


def choice(name: str, value, options: Sequence) -> object:
    """`value` when it is one of `options` (compared by equality, strings only with strings)."""
    try:
        ok = any(type(value) is type(o) and value == o for o in options) or (
            isinstance(value, str) and value in options
        )
    except Exception:
        ok = False
    if not ok:
        raise ValueError(f"{name} must be one of {tuple(options)} (got {value!r})")
    return value


def flag(name: str, value) -> bool:
    """A bool (or 0/1) for a yes/no option."""
    if isinstance(value, (bool, np.bool_)) or (isinstance(value, (int, np.integer)) and value in (0, 1)):
        return bool(value)
    raise WrongType(f"{name} must be True or False (got {value!r})")


def instance(name: str, value, kind, what: str):
    """`value` when it is an instance of `kind`; WrongType naming what was expected otherwise."""
    if not isinstance(value, kind):
        raise WrongType(f"{name} must be {what} (got {type(value).__name__}: {value!r})"[:300])
    return value


def names(name: str, values, *, unique: bool = True) -> tuple[str, ...]:
    """A non-empty sequence of strings (strategy or state names)."""
    if isinstance(values, (str, bytes)) or not isinstance(values, Sequence) and not isinstance(values, np.ndarray):
        raise WrongType(f"{name} must be a list of names (got {values!r})")
    out = tuple(values)
    if not out or not all(isinstance(v, str) for v in out):
        raise ValueError(f"{name} must be a non-empty list of names (strings) (got {out!r})")
    if unique and len(set(out)) != len(out):
        raise ValueError(f"{name} must not repeat a name (got {out!r})")
    return out
