"""Cost-effectiveness summaries for any set of strategies: increments against a reference, ICERs
along the efficiency frontier with strict and extended dominance, net monetary benefit, the
acceptability curve (CEAC) and frontier (CEAF), and the expected value of perfect information.

Reporting rule: a dominated strategy (strictly or extendedly) gets no ICER. Sequential ICERs compare
each frontier strategy with the next cheaper one on the frontier (Drummond et al., Methods for the
Economic Evaluation of Health Care Programmes; dampack's calculate_icers).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from . import checks

FRONTIER, DOMINATED, EXTENDED = "frontier", "dominated", "extendedly dominated"


@dataclass(frozen=True)
class Comparison:
    """A strategy against the reference: increments, ICER (cost per QALY) or a dominance status."""

    strategy: str
    costs: float
    qalys: float
    inc_costs: float
    inc_qalys: float
    icer: float | None
    status: str
    inc_nmb: float


def _strategies(names, costs, qalys) -> tuple[tuple[str, ...], np.ndarray, np.ndarray]:
    """Names, costs and QALYs of a set of strategies: equal lengths, unique names, finite numbers."""
    names = checks.names("names", names)
    costs = checks.array("costs", costs, ndim=(1,))
    qalys = checks.array("qalys", qalys, ndim=(1,))
    if not (len(names) == len(costs) == len(qalys)):
        raise ValueError(
            f"names, costs and qalys must be non-empty and of equal length (got {len(names)}, {len(costs)}, {len(qalys)})"
        )
    return names, costs, qalys


def _wtp(wtp) -> float:
    return checks.number("wtp (willingness to pay per QALY)", wtp, 0.0, 1e12)


_NO_WTP = object()


def _draws(costs, qalys, wtp=_NO_WTP):
    """PSA arrays (n draws, K strategies) of the same shape, and a willingness-to-pay grid."""
    costs = checks.array("costs", costs, ndim=(2,))
    qalys = checks.array("qalys", qalys, ndim=(2,))
    if costs.shape != qalys.shape or costs.size == 0:
        raise ValueError(
            f"costs and qalys must be non-empty arrays (draws, strategies) of one shape (got {costs.shape} and {qalys.shape})"
        )
    if wtp is _NO_WTP:
        return costs, qalys
    grid = np.atleast_1d(checks.array("wtp (willingness to pay per QALY)", wtp, 0.0, 1e12, ndim=(0, 1)))
    if grid.size == 0:
        raise ValueError("wtp (willingness to pay per QALY) must hold at least one value")
    return costs, qalys, grid


def compare(
    names: Sequence[str], costs: Sequence[float], qalys: Sequence[float], reference: str, wtp: float
) -> list[Comparison]:
    """Each strategy against `reference`: ICER = dCost / dQALY when both move the same way;
    'dominant' (cheaper or equal and more effective), 'dominated' (dearer or equal and no more
    effective). In the south-west quadrant (cheaper, less effective) the ICER is the saving per
    QALY given up. For a table of three or more strategies report `efficiency_frontier` instead."""
    names, costs, qalys = _strategies(names, costs, qalys)
    wtp = _wtp(wtp)
    if not isinstance(reference, str) or reference not in names:
        raise ValueError(f"reference must be one of {names} (got {reference!r})")
    r = names.index(reference)
    rows = []
    for name, c, q in zip(names, costs, qalys):
        dc, dq = c - costs[r], q - qalys[r]
        icer = None
        if name == reference:
            status = "reference"
        elif dc == 0 and dq == 0:
            status = "equivalent"
        elif dq > 0 and dc <= 0:
            status = "dominant"
        elif dq <= 0 and dc >= 0:
            status = "dominated"
        elif dq > 0:
            status, icer = "more costly, more effective", dc / dq
        else:
            status, icer = "less costly, less effective", dc / dq
        rows.append(Comparison(name, float(c), float(q), float(dc), float(dq), icer, status, float(wtp * dq - dc)))
    return rows


@dataclass(frozen=True)
class FrontierRow:
    """One strategy of a sequential ICER table. `versus` is the next cheaper frontier strategy the
    ICER is taken against (None for the cheapest, and for dominated strategies, which get no ICER);
    `dominated_by` names what dominates it (a strategy, or the two frontier strategies whose mix does)."""

    strategy: str
    costs: float
    qalys: float
    status: str
    icer: float | None
    versus: str | None
    dominated_by: tuple[str, ...] = ()


def efficiency_frontier(names: Sequence[str], costs: Sequence[float], qalys: Sequence[float]) -> list[FrontierRow]:
    """Sequential ICERs along the cost-effectiveness frontier, as dampack's calculate_icers: sort by
    cost, mark strongly dominated strategies (costs at least as much as a cheaper one and gains no
    more), then extendedly dominated ones (a mix of two neighbours on the frontier gives more QALYs
    for the same cost: the ICERs would fall) until the ICERs rise. Rows in order of cost."""
    names, costs, qalys = _strategies(names, costs, qalys)
    order = sorted(range(len(names)), key=lambda i: (costs[i], -qalys[i]))
    status = {i: FRONTIER for i in order}
    by: dict[int, tuple[str, ...]] = {}
    best = None
    for i in order:
        if best is not None and qalys[i] <= qalys[best]:
            status[i], by[i] = DOMINATED, (names[best],)
        elif best is None or qalys[i] > qalys[best]:
            best = i
    changed = True
    while changed:
        changed = False
        front = [i for i in order if status[i] == FRONTIER]
        icers = [(costs[b] - costs[a]) / (qalys[b] - qalys[a]) for a, b in zip(front, front[1:])]
        for k in range(1, len(icers)):
            if icers[k] < icers[k - 1]:
                status[front[k]], by[front[k]] = EXTENDED, (names[front[k - 1]], names[front[k + 1]])
                changed = True
                break
    rows, previous = [], None
    for i in order:
        icer = versus = None
        if status[i] == FRONTIER:
            if previous is not None:
                icer, versus = (costs[i] - costs[previous]) / (qalys[i] - qalys[previous]), names[previous]
            previous = i
        rows.append(FrontierRow(names[i], float(costs[i]), float(qalys[i]), status[i], icer, versus, by.get(i, ())))
    return rows


def optimal_at(rows: Sequence[FrontierRow], wtp: float) -> str:
    """The frontier strategy a decision maker willing to pay `wtp` per QALY picks: the dearest one
    whose sequential ICER is at most `wtp` (the highest net monetary benefit)."""
    wtp = _wtp(wtp)
    if isinstance(rows, (str, bytes)) or not all(isinstance(r, FrontierRow) for r in rows):
        raise checks.WrongType("rows must be the FrontierRow list of efficiency_frontier")
    best = None
    for row in rows:
        if row.status == FRONTIER and (row.icer is None or row.icer <= wtp):
            best = row.strategy
    return best


def net_monetary_benefit(costs, qalys, wtp):
    """wtp x QALYs - costs (arrays broadcast)."""
    costs = checks.array("costs", costs)
    qalys = checks.array("qalys", qalys)
    wtp = checks.array("wtp (willingness to pay per QALY)", wtp, 0.0, 1e12)
    try:
        return wtp * qalys - costs
    except ValueError:
        raise ValueError(
            f"costs {costs.shape}, qalys {qalys.shape} and wtp {wtp.shape} must broadcast together"
        ) from None


def acceptability(costs: np.ndarray, qalys: np.ndarray, wtp: np.ndarray) -> np.ndarray:
    """CEAC: for each willingness to pay, the share of draws in which each strategy has the highest
    net monetary benefit; (len(wtp), K), rows sum to 1 (ties go to the first strategy)."""
    costs, qalys, wtp = _draws(costs, qalys, wtp)
    nmb = wtp[:, None, None] * qalys[None] - costs[None]  # (W, n, K)
    best = nmb.argmax(axis=2)
    return np.stack([(best == k).mean(axis=1) for k in range(costs.shape[1])], axis=1)


def acceptability_frontier(costs: np.ndarray, qalys: np.ndarray, wtp: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """CEAF: at each willingness to pay, the strategy with the highest *expected* net benefit (the
    one to choose) and the share of draws in which it is best. Returns (index per wtp, share per wtp);
    it differs from the CEAC's tallest curve when the NMB distributions are skewed (Fenwick et al. 2001)."""
    costs, qalys, wtp = _draws(costs, qalys, wtp)
    nmb = wtp[:, None, None] * qalys[None] - costs[None]
    chosen = nmb.mean(axis=1).argmax(axis=1)
    ceac = acceptability(costs, qalys, wtp)
    return chosen, ceac[np.arange(len(wtp)), chosen]


def evpi(costs: np.ndarray, qalys: np.ndarray, wtp) -> np.ndarray:
    """Per-person expected value of perfect information at each willingness to pay:
    E[max_k NMB] - max_k E[NMB]. Never negative; zero when one strategy is best in every draw.

    Linear in wtp per draw, so it is computed from the mean and per-draw costs and QALYs without
    an array of size wtp x draws x strategies kept (EVPI from an existing PSA in a few milliseconds)."""
    costs, qalys, wtp = _draws(costs, qalys, wtp)
    value = np.empty(len(wtp))
    mean_c, mean_q = costs.mean(axis=0), qalys.mean(axis=0)
    for i, w in enumerate(wtp):
        nmb = w * qalys - costs
        value[i] = nmb.max(axis=1).mean() - (w * mean_q - mean_c).max()
    return np.maximum(value, 0.0)


def population_evpi(per_person, population: float, years: float, discount_rate: float) -> np.ndarray:
    """EVPI for a population: per-person EVPI x the people who face the decision each year x the
    discounted number of years the decision holds (sum over years 0..years-1 of 1 / (1 + r) ** t)."""
    per_person = checks.array("per_person EVPI", per_person, 0.0)
    population = checks.number("population (people per year)", population, 0.0, 1e10)
    years = checks.whole("years (how long the decision holds)", years, 1, 200)
    rate = checks.number("discount_rate", discount_rate, 0.0, 1.0)
    return per_person * population * float(((1.0 + rate) ** -np.arange(years)).sum())


__all__ = [
    "Comparison",
    "FrontierRow",
    "FRONTIER",
    "DOMINATED",
    "EXTENDED",
    "compare",
    "efficiency_frontier",
    "optimal_at",
    "net_monetary_benefit",
    "acceptability",
    "acceptability_frontier",
    "evpi",
    "population_evpi",
]
