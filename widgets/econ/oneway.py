"""Deterministic one-way sensitivity analysis for any model: each parameter at the low and the high
end of its range, the others at base, summarised as a tornado of incremental net monetary benefit
(or costs, or QALYs) of a comparator against a reference.

The model plugs in as two callables: `vary(name, value)` returns a parameter set with one value
changed (raising ValueError when that value is not allowed with the others: the side is skipped and
reported), and `evaluate(parameter_sets)` returns the incremental costs and QALYs (comparator minus
reference) of every set in one call, so a model can batch them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Mapping, Sequence

import numpy as np

from . import checks
from .params import ParameterSpec

METRICS = ("nmb", "costs", "qalys")


@dataclass(frozen=True)
class TornadoRow:
    """One parameter of the one-way analysis: the outcome at its low and high values."""

    name: str
    label: str
    unit: str
    low_value: float
    high_value: float
    inc_costs_low: float
    inc_costs_high: float
    inc_qalys_low: float
    inc_qalys_high: float
    inc_nmb_low: float
    inc_nmb_high: float

    def swing(self, metric: str = "nmb") -> float:
        return abs(getattr(self, f"inc_{metric}_high") - getattr(self, f"inc_{metric}_low"))


@dataclass(frozen=True)
class OneWayResult:
    """Tornado data for `comparator` versus `reference` at `wtp`; rows sorted by swing, widest first.
    inc_* = comparator minus reference; inc_nmb = wtp x inc_qalys - inc_costs."""

    comparator: str
    reference: str
    wtp: float
    metric: str
    base_inc_costs: float
    base_inc_qalys: float
    base_inc_nmb: float
    rows: list[TornadoRow]
    skipped: dict[str, str]  # parameter -> why (e.g. its range would break a constraint between parameters)


def one_way(
    specs: Mapping[str, ParameterSpec],
    base,
    vary: Callable[[str, float], object],
    evaluate: Callable[[list], tuple[np.ndarray, np.ndarray]],
    *,
    comparator: str,
    reference: str,
    wtp: float,
    metric: str = "nmb",
    names: Sequence[str] | None = None,
) -> OneWayResult:
    """Every parameter with a range in `specs` (or those in `names`) at its low and high value; rows
    sorted by the swing of `metric` ('nmb', 'costs' or 'qalys'). `base` is the base parameter set."""
    checks.choice("metric", metric, METRICS)
    wtp = checks.number("wtp (willingness to pay per QALY)", wtp, 0.0, 1e12)
    checks.instance("specs", specs, Mapping, "a mapping of parameter name -> ParameterSpec")
    if not callable(vary) or not callable(evaluate):
        raise checks.WrongType("vary and evaluate must be functions (see the module docstring)")
    if names is not None:
        names = checks.names("names", names)
        unknown = [n for n in names if n not in specs]
        if unknown:
            raise ValueError(f"names must be parameters of the table, one of {list(specs)} (unknown: {unknown})")
    names = [n for n in (names or specs) if specs[n].low is not None]
    variants, labels, skipped = [base], [("base", "")], {}
    for name in names:
        spec = specs[name]
        for side, value in (("low", spec.low), ("high", spec.high)):
            try:
                variants.append(vary(name, value))
                labels.append((name, side))
            except ValueError as error:
                skipped[name] = str(error)
    inc_costs, inc_qalys = evaluate(variants)
    results = {
        label: (float(dc), float(dq), float(wtp * dq - dc)) for label, dc, dq in zip(labels, inc_costs, inc_qalys)
    }
    rows = []
    for name in names:
        if name in skipped:
            continue
        spec = specs[name]
        lo, hi = results[(name, "low")], results[(name, "high")]
        rows.append(
            TornadoRow(name, spec.label, spec.unit, spec.low, spec.high, lo[0], hi[0], lo[1], hi[1], lo[2], hi[2])
        )
    rows.sort(key=lambda r: r.swing(metric), reverse=True)
    base_result = results[("base", "")]
    return OneWayResult(comparator, reference, wtp, metric, *base_result, rows, skipped)
