"""Parameter tables for decision models: one spec per input (base value, one-way range, PSA
distribution, allowed range), validation with readable messages, and seeded sampling.

Distributions are ('beta', a, b), ('gamma', shape, scale) or None (held fixed). A model with
constraints between parameters (e.g. one probability may not exceed another) passes a
`constrain(draws)` hook to `sample`, which moves draws back into the allowed set and reports how many.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Mapping

import numpy as np

Distribution = tuple | None


def beta_from_mean_sd(mean: float, sd: float) -> tuple[str, float, float]:
    """Method-of-moments Beta (dampack's beta_params): alpha = ((1-mu)/sd^2 - 1/mu) mu^2."""
    alpha = ((1.0 - mean) / sd**2 - 1.0 / mean) * mean**2
    return ("beta", round(alpha, 4), round(alpha * (1.0 / mean - 1.0), 4))


def gamma_from_mean_sd(mean: float, sd: float) -> tuple[str, float, float]:
    """Method-of-moments Gamma (dampack's gamma_params): shape mu^2/sd^2, scale sd^2/mu."""
    return ("gamma", round(mean**2 / sd**2, 4), round(sd**2 / mean, 4))


@dataclass(frozen=True)
class ParameterSpec:
    """One row of a parameter table: base value, one-way range (low, high), PSA distribution,
    allowed range for validation, unit, label, evidence status and the evidence id a lesson cites."""

    name: str
    base: float
    low: float | None
    high: float | None
    distribution: Distribution
    allowed: tuple[float, float]
    unit: str
    label: str
    status: str
    evidence_id: str | None


def fmt(x) -> str:
    """A number as a message shows it (no trailing zeros); anything else as its repr."""
    return f"{x:g}" if isinstance(x, (int, float, np.floating, np.integer)) else repr(x)


def check_value(spec: ParameterSpec, value) -> None:
    """ValueError naming the parameter and its allowed range when `value` is not a number inside it."""
    lo, hi = spec.allowed
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise ValueError(f"{spec.name} must be a number between {fmt(lo)} and {fmt(hi)} (got {value!r})")
    if not (lo <= value <= hi):  # also rejects NaN
        raise ValueError(f"{spec.name} must be between {fmt(lo)} and {fmt(hi)} (got {fmt(value)})")


def draw(rng: np.random.Generator, name: str, distribution: tuple, n: int) -> np.ndarray:
    kind, a, b = distribution
    if kind == "beta":
        return rng.beta(a, b, n)
    if kind == "gamma":
        return rng.gamma(a, b, n)
    raise ValueError(
        f"distribution of {name} must be ('beta', a, b), ('gamma', shape, scale) or None (got {distribution!r})"
    )


def sample(
    specs: Mapping[str, ParameterSpec],
    values: Mapping[str, float],
    n: int,
    seed: int,
    distributions: Mapping[str, Distribution] | None = None,
    constrain: Callable[[dict[str, np.ndarray]], np.ndarray] | None = None,
) -> tuple[dict[str, np.ndarray], int]:
    """n draws of every parameter: its spec's distribution unless `distributions` overrides it (None
    = held at `values[name]`). Draws outside a parameter's allowed range are clipped; `constrain`
    may then adjust the draws in place and returns a boolean mask of the draws it changed. Returns the
    draws and the number of draws changed. Same seed, same draws."""
    if not (isinstance(n, (int, np.integer)) and n >= 1):
        raise ValueError(f"n must be a whole number of at least 1 (got {n!r})")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise ValueError(f"seed must be an integer (got {seed!r})")
    overrides = dict(distributions or {})
    unknown = set(overrides) - set(specs)
    if unknown:
        raise ValueError(f"unknown parameter(s) in distributions: {sorted(unknown)}")
    rng = np.random.default_rng(seed)
    draws, adjusted = {}, np.zeros(n, dtype=bool)
    for name, spec in specs.items():
        dist = overrides.get(name, spec.distribution)
        if dist is None:
            draws[name] = np.full(n, float(values[name]))
            continue
        x = draw(rng, name, dist, n)
        clipped = np.clip(x, *spec.allowed)
        adjusted |= clipped != x
        draws[name] = clipped
    if constrain is not None:
        adjusted |= constrain(draws)
    return draws, int(adjusted.sum())
