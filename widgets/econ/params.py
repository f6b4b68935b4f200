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

from . import checks
from .checks import fmt  # noqa: F401  (re-exported: models format their messages with it)

Distribution = tuple | None
KINDS = ("beta", "gamma", "shifted_gamma", "gamma_below")
_SHAPES = {
    "beta": "('beta', a, b) with a, b > 0",
    "gamma": "('gamma', shape, scale) with shape, scale > 0",
    "shifted_gamma": "('shifted_gamma', offset, shape, scale): offset + Gamma(shape, scale), shape, scale > 0",
    "gamma_below": "('gamma_below', other parameter, shape, scale): the other parameter's draw minus Gamma(shape, scale)",
}
DISTRIBUTION_FORMS = "; ".join(_SHAPES.values()) + "; or None (held fixed)"


def beta_from_mean_sd(mean: float, sd: float) -> tuple[str, float, float]:
    """Method-of-moments Beta (dampack's beta_params): alpha = ((1-mu)/sd^2 - 1/mu) mu^2."""
    mean = checks.number("mean", mean, 0.0, 1.0, low_open=True, high_open=True)
    sd = checks.number("sd", sd, 0.0, (mean * (1.0 - mean)) ** 0.5, low_open=True, high_open=True)
    alpha = ((1.0 - mean) / sd**2 - 1.0 / mean) * mean**2
    return ("beta", round(alpha, 4), round(alpha * (1.0 / mean - 1.0), 4))


def gamma_from_mean_sd(mean: float, sd: float) -> tuple[str, float, float]:
    """Method-of-moments Gamma (dampack's gamma_params): shape mu^2/sd^2, scale sd^2/mu."""
    mean = checks.number("mean", mean, 0.0, 1e12, low_open=True)
    sd = checks.number("sd", sd, 0.0, 1e12, low_open=True)
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


def check_value(spec: ParameterSpec, value) -> None:
    """ValueError naming the parameter and its allowed range when `value` is not a number inside it
    (checks.WrongType, also a TypeError, when it is not a number at all)."""
    checks.instance("spec", spec, ParameterSpec, "a ParameterSpec")
    checks.number(spec.name, value, *spec.allowed)


def check_distribution(name: str, distribution, known: tuple = ()) -> None:
    """ValueError naming the parameter unless `distribution` is one of the forms in DISTRIBUTION_FORMS;
    a 'gamma_below' must name a parameter in `known` (those drawn before it)."""
    bad = ValueError(f"distribution of {name} must be {DISTRIBUTION_FORMS} (got {distribution!r})"[:600])
    if distribution is None:
        return
    if not isinstance(distribution, tuple) or not distribution or distribution[0] not in KINDS:
        raise bad
    kind, *args = distribution
    if len(args) != (2 if kind in ("beta", "gamma") else 3):
        raise bad
    numbers = args if kind in ("beta", "gamma") else args[1:]
    for x in numbers:
        if isinstance(x, bool) or not isinstance(x, (int, float, np.integer, np.floating)) or not (0 < x < np.inf):
            raise bad
    if kind == "shifted_gamma" and (
        isinstance(args[0], bool)
        or not isinstance(args[0], (int, float, np.integer, np.floating))
        or not np.isfinite(args[0])
    ):
        raise bad
    if kind == "gamma_below" and args[0] not in known:
        raise ValueError(
            f"distribution of {name}: 'gamma_below' must name a parameter drawn before it, one of {list(known)} "
            f"(got {args[0]!r})"
        )


def draw(rng: np.random.Generator, name: str, distribution: tuple, n: int, drawn: Mapping | None = None) -> np.ndarray:
    """n draws of one parameter; `drawn` holds the parameters drawn before it (for 'gamma_below')."""
    drawn = drawn or {}
    if distribution is None:
        raise ValueError(
            f"distribution of {name} must be {DISTRIBUTION_FORMS.rsplit('; or None', 1)[0]} to be drawn (got None)"
        )
    check_distribution(name, distribution, tuple(drawn))
    kind, *args = distribution
    if kind == "beta":
        return rng.beta(args[0], args[1], n)
    if kind == "gamma":
        return rng.gamma(args[0], args[1], n)
    if kind == "shifted_gamma":
        return args[0] + rng.gamma(args[1], args[2], n)
    return drawn[args[0]] - rng.gamma(args[1], args[2], n)


def mean_of(distribution: tuple, means: Mapping[str, float] | None = None) -> float:
    """The mean of a distribution; a 'gamma_below' needs the mean of the parameter it sits below."""
    check_distribution("distribution", distribution, tuple(means or {}))
    kind, *args = distribution
    if kind == "beta":
        return args[0] / (args[0] + args[1])
    if kind == "gamma":
        return args[0] * args[1]
    if kind == "shifted_gamma":
        return args[0] + args[1] * args[2]
    return means[args[0]] - args[1] * args[2]


def describe(distribution: Distribution) -> str:
    """A distribution in words a table can show, e.g. 'Beta(49.2, 2.6)', '2.76 + Gamma(0.97, 0.76)'."""
    if distribution is None:
        return "held fixed"
    kind, *args = distribution
    g = lambda x: f"{x:.3g}"  # noqa: E731
    if kind == "beta":
        return f"Beta({g(args[0])}, {g(args[1])})"
    if kind == "gamma":
        return f"Gamma(shape {g(args[0])}, scale {g(args[1])})"
    if kind == "shifted_gamma":
        return f"{g(args[0])} + Gamma(shape {g(args[1])}, scale {g(args[2])})"
    return f"{args[0]} − Gamma(shape {g(args[1])}, scale {g(args[2])})"


MAX_DRAWS = 1_000_000


def _whole_int(name: str, value, low: int, high: int) -> int:
    """Only a true integer (not 3.0, not True): a seed or a draw count given as a float is a mistake."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise checks.WrongType(f"{name} must be a whole number between {low:,} and {high:,} (got {value!r})")
    return checks.whole(name, value, low, high)


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
    n = _whole_int("n", n, 1, MAX_DRAWS)
    seed = _whole_int("seed", seed, 0, 2**63 - 1)
    checks.instance("specs", specs, Mapping, "a mapping of parameter name -> ParameterSpec")
    checks.instance("values", values, Mapping, "a mapping of parameter name -> value")
    if distributions is not None:
        checks.instance("distributions", distributions, Mapping, "a mapping of parameter name -> distribution")
    overrides = dict(distributions or {})
    unknown = set(overrides) - set(specs)
    if unknown:
        raise ValueError(f"unknown parameter(s) in distributions: {sorted(map(str, unknown))}; known: {list(specs)}")
    drawn_names = []
    for name, spec in specs.items():
        check_distribution(name, overrides.get(name, spec.distribution), tuple(drawn_names))
        drawn_names.append(name)
    rng = np.random.default_rng(seed)
    draws, adjusted = {}, np.zeros(n, dtype=bool)
    for name, spec in specs.items():
        dist = overrides.get(name, spec.distribution)
        if dist is None:
            if name not in values:
                raise ValueError(f"values has no value for {name}, which is held fixed")
            draws[name] = np.full(n, checks.number(name, values[name], *spec.allowed))
            continue
        x = draw(rng, name, dist, n, draws)
        clipped = np.clip(x, *spec.allowed)
        adjusted |= clipped != x
        draws[name] = clipped
    if constrain is not None:
        adjusted |= constrain(draws)
    return draws, int(adjusted.sum())
