"""Lesson 4's small pure helpers around the decision model: one toxin cycle and a year of them,
icon-array counts ("of 100 patients like this"), the teaching knobs, and plain-words summaries.

numpy only, no UI imports. Bad input raises ValueError naming the parameter and its allowed range.
Clinical numbers carry their evidence id beside them; shapes that no source gives are the
assumption entry L4-TOXIN-CURVE.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..econ import checks
from ..econ import params as econ_params
from . import model

WEEKS_PER_YEAR = model.WEEKS_PER_YEAR  # 365.25 / 7

# --- one toxin cycle --------------------------------------------------------------------------

ONSET_WEEKS = 5.4 / 7.0  # BTX-10: onset 5.4 days with Botox (BTD-32: 3.8-8 days across series)
PEAK_WEEKS = 1.5  # BTD-31: peak at one to two weeks (label text); the midpoint is used
PEAK_RELIEF = 0.77  # BTX-08 peak improvement 77.2%; DM-QOL-05: 77% mean peak improvement
WANE_WEEKS = 4.0  # L4-TOXIN-CURVE (assumption): the effect fades over about four weeks
CONTROL_SHARE = 0.5  # L4-TOXIN-CURVE (assumption): "controlled" = at least half the peak effect

# How long one injection works, as each source reports it (weeks, evidence id).
DURATION_SOURCES = {
    "BTD-33": 12.0,  # median, Melbourne series, HFS
    "BTX-14": 12.4,  # patients with 30 or more treatments
    "BTX-07": 12.6,  # 10-year multicentre study, year 1
    "BTX-11": 14.8,  # 16-year series
    "BTX-16": 15.0,  # review of large studies
    "DM-BTX-02": 17.3,  # French cost study, subjective duration
}
DEFAULT_DURATION_SOURCE = "BTX-07"
LABEL_MIN_INTERVAL_WEEKS = 12.0  # BTD-31 / BTD-02: injecting more often than every 3 months normally adds nothing
REAL_WORLD_INTERVAL_WEEKS = 5.8 * WEEKS_PER_YEAR / 12.0  # DM-BTX-03: actual interval 5.8 months

# DM-QOL-08: HFS-30 score over one cycle (Thai fixed-site protocol): baseline, then weeks 2, 4, 8, 12.
HFS30_BASELINE = 48.88
HFS30_WEEKS = (2.0, 4.0, 8.0, 12.0)
HFS30_SCORES = (9.63, 7.71, 9.41, 35.06)


def _check_range(name: str, value, low: float, high: float) -> float:
    return checks.number(name, value, low, high)


def _cycle(cycle) -> "ToxinCycle":
    return checks.instance("cycle", cycle, ToxinCycle, "a ToxinCycle")


def _result(result) -> model.ModelResult:
    return checks.instance("result", result, model.ModelResult, "a ModelResult of model.run_model")


def _params(params) -> model.Parameters:
    if params is None:
        return model.Parameters()
    return checks.instance("params", params, model.Parameters, "a Parameters (or None for the base case)")


def _smoothstep(x: np.ndarray) -> np.ndarray:
    x = np.clip(x, 0.0, 1.0)
    return x * x * (3.0 - 2.0 * x)


@dataclass(frozen=True)
class ToxinCycle:
    """The effect of one injection over time, as a fraction of the spasm relieved.

    It is zero until the onset, rises smoothly to the peak, holds, then fades over `wane_weeks`,
    reaching half the peak at `duration_weeks` (the reported duration of effect). The rise and fall
    shapes are an assumption (L4-TOXIN-CURVE); onset, peak timing, peak size and duration are cited.
    """

    duration_weeks: float = DURATION_SOURCES[DEFAULT_DURATION_SOURCE]
    onset_weeks: float = ONSET_WEEKS
    peak_weeks: float = PEAK_WEEKS
    wane_weeks: float = WANE_WEEKS
    peak_relief: float = PEAK_RELIEF

    def __post_init__(self):
        _check_range("onset_weeks", self.onset_weeks, 0.0, 4.0)
        _check_range("peak_weeks", self.peak_weeks, 0.0, 8.0)
        if self.peak_weeks <= self.onset_weeks:
            raise ValueError(
                f"peak_weeks must be later than onset_weeks ({self.onset_weeks:g}) (got {self.peak_weeks:g})"
            )
        _check_range("wane_weeks", self.wane_weeks, 0.5, 12.0)
        _check_range("peak_relief", self.peak_relief, 0.0, 1.0)
        earliest = self.peak_weeks + self.wane_weeks / 2.0
        _check_range("duration_weeks", self.duration_weeks, earliest, 52.0)

    @property
    def end_weeks(self) -> float:
        """When the effect is gone completely."""
        return self.duration_weeks + self.wane_weeks / 2.0

    def effect(self, weeks) -> np.ndarray:
        """Relief (0..peak_relief) at each time after one injection; zero before it."""
        t = checks.array("weeks", weeks, -1e6, 1e6)
        rise = _smoothstep((t - self.onset_weeks) / (self.peak_weeks - self.onset_weeks))
        fall = 1.0 - _smoothstep((t - (self.duration_weeks - self.wane_weeks / 2.0)) / self.wane_weeks)
        return self.peak_relief * np.where(t < self.onset_weeks, 0.0, rise * fall)

    def controlled_weeks(self, share: float = CONTROL_SHARE) -> float:
        """Weeks of one cycle with at least `share` of the peak effect (closed form for share 0.5)."""
        _check_range("share", share, 0.0, 1.0)
        if share == 0.5:
            return self.duration_weeks - (self.onset_weeks + self.peak_weeks) / 2.0
        t = np.linspace(0.0, self.end_weeks, 20_001)
        inside = self.effect(t) >= share * self.peak_relief
        return float(inside.mean() * self.end_weeks)


def _check_interval(interval_weeks) -> float:
    return _check_range("interval_weeks", interval_weeks, 4.0, 52.0)


def repeated_effect(cycle: ToxinCycle, interval_weeks: float, weeks, steady: bool = True) -> np.ndarray:
    """Relief over time with an injection every `interval_weeks` from week 0.

    Overlapping cycles do not add up: the larger effect counts (L4-TOXIN-CURVE). With `steady`,
    injections given before week 0 still act (a year in the middle of long treatment); without it,
    week 0 is the first injection ever.
    """
    cycle = _cycle(cycle)
    interval = _check_interval(interval_weeks)
    t = checks.array("weeks", weeks, -520.0, 520.0)
    steady = checks.flag("steady", steady)
    first = -math.ceil(cycle.end_weeks / interval) if steady else 0
    last = int(np.floor(t.max() / interval)) if t.size else 0
    starts = interval * np.arange(first, last + 1)
    since = t[None, :] - starts[:, None]
    return np.where(since >= 0, cycle.effect(np.maximum(since, 0.0)), 0.0).max(axis=0)


def injection_weeks(interval_weeks: float, weeks: float = WEEKS_PER_YEAR) -> np.ndarray:
    """Weeks of the injections given in the first `weeks` (week 0 included)."""
    interval = _check_interval(interval_weeks)
    weeks = checks.number("weeks", weeks, 0.0, 520.0)
    return interval * np.arange(int(np.floor((weeks - 1e-9) / interval)) + 1)


def controlled_fraction(cycle: ToxinCycle, interval_weeks: float, share: float = CONTROL_SHARE) -> float:
    """Share of a steady year of treatment in which the spasm is controlled (effect >= share x peak).

    Each injection gives one controlled window of the same length W, repeated every interval I, so
    the covered share is min(1, W / I); computed on a grid so any `share` works.
    """
    cycle = _cycle(cycle)
    interval = _check_interval(interval_weeks)
    _check_range("share", share, 0.0, 1.0)
    t = np.linspace(0.0, interval, 2_001)[:-1]
    return float((repeated_effect(cycle, interval, t) >= share * cycle.peak_relief - 1e-12).mean())


def controlled_fraction_curve(cycle: ToxinCycle, intervals, share: float = CONTROL_SHARE) -> np.ndarray:
    """controlled_fraction for each interval (closed form min(1, W / I), exact for the max rule)."""
    cycle = _cycle(cycle)
    intervals = checks.array("interval_weeks (each of intervals)", intervals, 4.0, 52.0)
    return np.minimum(1.0, cycle.controlled_weeks(share) / intervals)


def injections_per_year(interval_weeks: float) -> float:
    return WEEKS_PER_YEAR / _check_interval(interval_weeks)


def hfs30_relief() -> tuple[np.ndarray, np.ndarray]:
    """DM-QOL-08 as relief: 1 - score / baseline score at weeks 2, 4, 8 and 12 (arithmetic, L4-HFS30-RELIEF)."""
    return np.array(HFS30_WEEKS), 1.0 - np.array(HFS30_SCORES) / HFS30_BASELINE


# --- icon arrays: "of 100 patients like this" --------------------------------------------------


def _check_probability(name: str, p) -> float:
    return _check_range(name, p, 0.0, 1.0)


def icon_count(p: float, n: int = 100) -> int:
    """How many of n icons to fill for probability p (rounded half up)."""
    p = _check_probability("p", p)
    n = checks.whole("n", n, 1, 1_000_000)
    return int(math.floor(p * n + 0.5 + 1e-9))


def icon_grid(n: int = 100, per_row: int = 10) -> tuple[np.ndarray, np.ndarray]:
    """Icon positions, row by row from the top left: x = column, y = -row."""
    n = checks.whole("n", n, 1, 1_000_000)
    per_row = checks.whole("per_row", per_row, 1, 1_000_000)
    k = np.arange(n)
    return (k % per_row).astype(float), -(k // per_row).astype(float)


def risk_in_words(p: float) -> str:
    """'about 15 in 100', 'about 9 in 1,000', 'fewer than 1 in 1,000', 'more than 99 in 100', 'none'."""
    p = _check_probability("p", p)
    if p == 0:
        return "none"
    if p == 1:
        return "all 100 in 100"
    if p >= 0.995:
        return "more than 99 in 100"
    if p * 100 >= 0.995:
        return f"about {p * 100:.0f} in 100"
    per_thousand = p * 1000
    if per_thousand >= 0.5:
        return f"about {per_thousand:.0f} in 1,000"
    return "fewer than 1 in 1,000"


def at_least_once(p: float, times: float) -> float:
    """Chance that an event of probability p per occasion happens at least once in `times` occasions."""
    p = _check_probability("p", p)
    times = _check_range("times", times, 0.0, 10_000.0)
    return float(1.0 - (1.0 - p) ** times)


@dataclass(frozen=True)
class Risk:
    key: str
    label: str
    short: str  # two words for a small panel title
    probability: float
    high: float | None  # upper end of the range across series, if the table gives one
    evidence_id: str
    per: str  # "operation" or "session"


def treatment_risks(params: model.Parameters | None = None) -> list[Risk]:
    """The risks the lesson draws, with their table values (PAR-... evidence ids)."""
    params = _params(params)
    spec = model.PARAMETER_SPECS
    rows = [
        ("p_perm_hearing_loss", "Permanent hearing loss (operated side)", "Hearing loss, lasting", "operation"),
        ("p_perm_facial_palsy", "Permanent facial palsy", "Facial palsy, lasting", "operation"),
        ("p_trans_facial_palsy", "Facial palsy that recovers", "Facial palsy, recovers", "operation"),
        ("p_csf_leak", "Leak of cerebrospinal fluid", "CSF leak", "operation"),
        ("p_stroke", "Stroke", "Stroke", "operation"),
        ("p_mvd_death", "Death from the operation", "Death", "operation"),
        (
            "p_btx_ae_session",
            "Drooping lid or facial weakness for a few weeks (how long: an assumption)",
            "Lid droop or weakness",
            "session",
        ),
    ]
    return [
        Risk(name, label, short, float(getattr(params, name)), spec[name].high, spec[name].evidence_id, per)
        for name, label, short, per in rows
    ]


# --- teaching knobs of the decision widget (assumptions L4-SEVERITY, L4-RISK-ATTITUDE, L4-PRICE-PRESETS) ----

SEVERITY_CHOICES = {"Mild": 0.5, "Moderate (base case)": 1.0, "Severe": 1.5}
RISK_ATTITUDE_CHOICES = {
    "At ease with surgery": 0.5,
    "Neutral (base case)": 1.0,
    "Dreads surgery": 3.0,
    "Dreads it greatly": 5.0,
}
# The European preset in US dollars (issue 14: no euro price relabelled as dollars): about €69 of toxin per
# session in France in 2011 (DM-COST-03, derived), converted at the OECD's 2011 purchasing power parity for
# France, 0.866 euros per US dollar (L5-PPP-FRANCE-2011): 69 / 0.866 = 79.7, rounded to the widget's 10-USD
# step, 80 USD at 2011 prices (not inflated to a later year: the model's US costs state no price year).
EUR_TOXIN_SESSION_FRANCE_2011 = 69.0
EUR_PER_USD_PPP_FRANCE_2011 = 0.866
EUROPEAN_PRICE_USD = int(round(EUR_TOXIN_SESSION_FRANCE_2011 / EUR_PER_USD_PPP_FRANCE_2011, -1))
PRICE_PRESETS = {"European toxin price": EUROPEAN_PRICE_USD, "US default": 600, "High US price": 1500}


def rescaled_gamma(distribution: tuple, mean: float) -> tuple[str, float, float]:
    """The same Gamma shape (so the same coefficient of variation) with a new mean."""
    if not (isinstance(distribution, tuple) and len(distribution) == 3 and distribution[0] == "gamma"):
        raise ValueError(f"distribution must be ('gamma', shape, scale) (got {distribution!r})")
    econ_params.check_distribution("distribution", distribution)
    mean = checks.number("mean", mean, 0.0, 1e9, low_open=True)
    shape = float(distribution[1])
    return ("gamma", shape, mean / shape)


def psa_cost_distributions(params: model.Parameters) -> dict[str, tuple]:
    """PSA draws of the two prices centred on the learner's choices, with the table's spread (L4-PSA-COSTS)."""
    params = checks.instance("params", params, model.Parameters, "a Parameters")
    spec = model.PARAMETER_SPECS
    return {
        name: rescaled_gamma(spec[name].distribution, float(getattr(params, name)))
        for name in ("c_btx_session", "c_mvd")
    }


# --- plain words -------------------------------------------------------------------------------


def state_years(trace: np.ndarray, cycle_years: float = model.CYCLE_YEARS) -> dict[str, float]:
    """Expected (undiscounted) years spent spasm-free, controlled on toxin, with spasm, and alive,
    from a cohort trace (rows = months), counted with the trapezoid rule (half-cycle correction)."""
    trace = checks.array("trace", trace, 0.0 - 1e-9, 1.0 + 1e-9)
    cycle_years = checks.number("cycle_years", cycle_years, 0.0, 100.0, low_open=True)
    if trace.ndim != 2 or trace.shape[1] != len(model.STATES) or trace.shape[0] < 2:
        raise ValueError(
            f"trace must have shape (months + 1, {len(model.STATES)}) with at least 2 rows (got {trace.shape})"
        )
    occupancy = (trace[:-1] + trace[1:]).sum(axis=0) * cycle_years / 2.0
    return {
        "spasm_free": float(occupancy[model.CURED]),
        "on_toxin": float(occupancy[model.BTX]),
        # the POSTOP months: residual spasm, untreated while a late cure may still come
        "with_spasm": float(occupancy[model.UNC] + occupancy[model.POSTOP].sum() + occupancy[model.REC]),
        "alive": float(occupancy[model.ALIVE].sum()),
    }


def money(x: float) -> str:
    x = checks.number("x (an amount of money)", x)
    sign = "−" if x < 0 else ""
    return f"{sign}{abs(x):,.0f} USD"


def years_words(years: float | None, horizon_age: float = model.MAX_AGE) -> str:
    horizon_age = checks.number("horizon_age", horizon_age, 0.0, 150.0)
    if years is not None:
        years = checks.number("years", years, 0.0, 150.0)
    if years is None:
        return f"not before age {horizon_age:.0f} (the end of the model)"
    if years == 0:
        return "at once (surgery is not the dearer option)"
    return f"after about {years:.1f} years"


def decision_summary(result: model.ModelResult, wtp: float = model.DEFAULT_WTP) -> list[str]:
    """A few sentences a patient and a student can read: time spasm-free, injections, the risks, costs,
    break-even and the cost per QALY gained, MVD now against Botox first."""
    result = _result(result)
    wtp = checks.number("wtp (willingness to pay per QALY)", wtp, 0.0, 1e12)
    for name in ("botox_first", "mvd_now"):
        if name not in result.strategies:
            raise ValueError(
                f"result must include the strategies 'botox_first' and 'mvd_now' (got {tuple(result.strategies)})"
            )
    params = result.params
    botox, mvd = result.strategies["botox_first"], result.strategies["mvd_now"]
    yb, ym = state_years(botox.trace), state_years(mvd.trace)
    horizon = (result.months[-1]) * model.CYCLE_YEARS
    end_age = params.age0 + horizon
    lines = [
        f"A patient aged {params.age0:.0f} can expect about {yb['alive']:.0f} more years of life "
        f"(life table; the model stops at age {end_age:.0f}).",
        f"With MVD now, about {ym['spasm_free']:.0f} of those years are spasm-free and {ym['on_toxin']:.0f} "
        f"are spent on toxin after a failed or recurred operation. With Botox first, about {yb['on_toxin']:.0f} "
        f"years are spent controlled on toxin (with wearing-off before each injection) and {yb['with_spasm']:.0f} "
        f"with uncontrolled spasm.",
        f"Injections: about {botox.injections:.0f} toxin sessions with Botox first against {mvd.injections:.0f} "
        f"after MVD now.",
        f"The price of surgery: of 100 patients like this, about {100 * mvd.perm_complications:.1f} live with a "
        f"permanent complication (mostly hearing loss on the operated side) and "
        f"{risk_in_words(params.p_mvd_death)} die from the operation.",
    ]
    comparison = {c.strategy: c for c in result.compare(wtp=wtp)}["mvd_now"]
    dq, dc = comparison.inc_qalys, comparison.inc_costs
    if comparison.status == "dominant":
        verdict = "MVD now costs less and gives more QALYs: it dominates Botox first."
    elif comparison.status == "dominated":
        verdict = "MVD now costs more and gives no more QALYs: Botox first dominates it."
    elif comparison.icer is not None and dq > 0:
        verdict = f"That is {money(comparison.icer)} per QALY gained (the ICER)."
    elif comparison.icer is not None:
        verdict = f"MVD now saves {money(comparison.icer)} for each QALY given up."
    else:
        verdict = "The two strategies come out the same."
    money_words = f"costs {money(dc)} more" if dc >= 0 else f"saves {money(-dc)}"
    lines.append(
        f"Discounted at {params.discount_rate:.0%} a year, MVD now {money_words} and gives {dq:+.2f} QALYs "
        f"compared with Botox first. {verdict}"
    )
    undiscounted = result.break_even_years(discounted=False)
    discounted = result.break_even_years(discounted=True)
    lines.append(
        f"Surgery pays for itself {years_words(undiscounted, end_age)} counting plain money, and "
        f"{years_words(discounted, end_age)} with discounting."
    )
    return lines


def icer_words(result: model.ModelResult) -> list[tuple[str, str]]:
    """(strategy, what the results table says in its ICER column), cheapest first: sequential ICERs
    along the efficiency frontier; a dominated or extendedly dominated strategy gets no ICER, only the
    reason (an ICER against a strategy that beats it would mislead)."""
    label = model.STRATEGY_LABELS
    out = []
    for row in _result(result).frontier():
        if row.status == "dominated":
            words = f"none: dominated by {label[row.dominated_by[0]]} (costs more, gains no more)"
        elif row.status == "extendedly dominated":
            a, b = (label[s] for s in row.dominated_by)
            words = f"none: extendedly dominated (a mix of {a} and {b} gains more for the same cost)"
        elif row.icer is None:
            words = "— (cheapest on the frontier)"
        else:
            words = f"{money(row.icer)} per QALY gained over {label[row.versus]}"
        out.append((row.strategy, words))
    return out


# --- tornado bars --------------------------------------------------------------------------------


@dataclass(frozen=True)
class TornadoBars:
    labels: list[str]  # widest swing first
    low: list[float]  # outcome with the parameter at its low value
    high: list[float]
    base: float
    flips: list[str]  # parameter labels whose range crosses zero (the decision changes)


_UNITLESS = ("probability", "probability per session", "utility", "utility loss")


def _range_text(low: float, high: float, unit: str) -> str:
    def fmt(x):
        return f"{x:,.0f}" if abs(x) >= 100 else f"{x:g}"

    shown_unit = "" if unit in _UNITLESS else f" {unit}"
    return f"{fmt(low)}–{fmt(high)}{shown_unit}"


def tornado_bars(result: model.OneWayResult, top: int = 10, scale: float = 1.0) -> TornadoBars:
    """The `top` widest rows of a one-way analysis (by the swing of its metric), outcomes divided by scale."""
    checks.instance("result", result, model.OneWayResult, "a OneWayResult of model.one_way")
    top = checks.whole("top", top, 1, 1_000)
    scale = checks.number("scale", scale, 0.0, 1e12, low_open=True)
    metric = result.metric
    rows = sorted(result.rows, key=lambda r: r.swing(metric), reverse=True)[:top]
    low = [getattr(r, f"inc_{metric}_low") / scale for r in rows]
    high = [getattr(r, f"inc_{metric}_high") / scale for r in rows]
    labels = [f"{r.label}<br>{_range_text(r.low_value, r.high_value, r.unit)}" for r in rows]
    base = getattr(result, f"base_inc_{metric}") / scale
    flips = [r.label for r, a, b in zip(rows, low, high) if min(a, b) < 0 < max(a, b)]
    return TornadoBars(labels, low, high, base, flips)


# --- two-way price map ---------------------------------------------------------------------------


def break_even_line(session_costs, mvd_costs, inc_costs) -> tuple[list[float], list[float]]:
    """Where the incremental cost (rows: MVD costs, columns: session costs) crosses zero, column by
    column, by linear interpolation between the two MVD costs around the crossing. Incremental cost
    is linear in the MVD cost, so this is exact. Columns without a crossing give no point."""
    session_costs = checks.array("session_costs", session_costs, ndim=(1,))
    mvd_costs = checks.array("mvd_costs", mvd_costs, ndim=(1,))
    inc = checks.array("inc_costs", inc_costs)
    if inc.shape != (mvd_costs.size, session_costs.size):
        raise ValueError(
            f"inc_costs must have shape (len(mvd_costs), len(session_costs)) = "
            f"{(mvd_costs.size, session_costs.size)} (got {inc.shape})"
        )
    xs, ys = [], []
    for j, session in enumerate(session_costs):
        column = inc[:, j]
        sign = np.sign(column)
        cross = np.nonzero(sign[:-1] * sign[1:] <= 0)[0]
        if cross.size == 0 or column[cross[0]] == column[cross[0] + 1]:
            continue
        i = cross[0]
        fraction = column[i] / (column[i] - column[i + 1])
        xs.append(float(session))
        ys.append(float(mvd_costs[i] + fraction * (mvd_costs[i + 1] - mvd_costs[i])))
    return xs, ys


def break_even_grid(
    ages, prices, params: model.Parameters | None = None, discounted: bool = False
) -> list[list[float | None]]:
    """Break-even years of MVD now against Botox first for each age (rows) and toxin session price
    (columns); None where surgery does not pay for itself by age 100."""
    params = _params(params)
    discounted = checks.flag("discounted", discounted)
    ages = checks.array("ages", ages, *model.PARAMETER_SPECS["age0"].allowed, ndim=(1,))
    prices = checks.array("prices", prices, *model.PARAMETER_SPECS["c_btx_session"].allowed, ndim=(1,))
    grid = []
    for age in ages:
        row = []
        for price in prices:
            result = model.run_model(
                params.replace(age0=float(age), c_btx_session=float(price)), strategies=("botox_first", "mvd_now")
            )
            row.append(result.break_even_years(discounted=discounted))
        grid.append(row)
    return grid


def break_even_session_price(params: model.Parameters | None = None, discounted: bool = True) -> float | None:
    """The toxin session price at which MVD now costs the same as Botox first over the horizon, at
    the MVD cost in `params`; None if no price in the allowed range makes them equal. Exact: the
    cost difference is linear in the session price (see model.two_way_costs)."""
    params = _params(params)
    discounted = checks.flag("discounted", discounted)
    lo, hi = model.PARAMETER_SPECS["c_btx_session"].allowed
    grid = model.two_way_costs(params, session_costs=[lo, hi], mvd_costs=[params.c_mvd], discounted=discounted)
    at_lo, at_hi = grid.inc_costs[0]
    if at_lo == at_hi or (at_lo > 0) == (at_hi > 0):
        return None
    return float(lo + (hi - lo) * at_lo / (at_lo - at_hi))
