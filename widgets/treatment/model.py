"""Botulinum toxin (Botox) versus microvascular decompression (MVD) for hemifacial spasm: a Markov
cohort model with monthly cycles, for Lesson 4. Pure numpy; no UI imports.

Structure (research note "decision-model", sections 4-5)
---------------------------------------------------------
States: BTX_ON (spasm controlled on Botox), UNCONTROLLED, POSTOP_1..POSTOP_12 (months 1-12 after
MVD with residual spasm, awaiting delayed cure), CURED (spasm-free), RECURRED (a one-month state:
failure at month 12 or recurrence after cure), DEAD.

Strategies:
- 'botox_first': Botox for life; non-responders and secondary failures stay UNCONTROLLED.
- 'mvd_now': MVD at time 0. Failures go to redo MVD (p_redo_given_failure) or back to Botox.
- 'botox_then_mvd': Botox first; a non-responder, or anyone whose Botox fails later, has MVD.

Modelling choices, each an ASSUMPTION of this teaching model unless the note says otherwise:
- MVD is instantaneous: at time 0, or at the end of the cycle in which Botox fails (or a failure
  is re-operated). Death on the table is p_mvd_death; survivors are spasm-free at once with
  p_mvd_immediate, else they enter POSTOP_1 and resolve with the monthly probability
  d = 1 - ((1 - p12) / (1 - p_imm)) ** (1/12), which reproduces p_mvd_cure_12m at month 12 (note,
  section 4). Whoever is not cured after POSTOP_12 moves to RECURRED (failure).
- Costs are charged when incurred. In the POSTOP months nobody yet knows whether the operation has
  failed (part of the cure comes late), so residual spasm waits untreated: no toxin cost, no
  injections, the UNCONTROLLED utility (ASSUMPTION: residual spasm is often milder, so this leans
  against MVD). Toxin starts only after a failure at month 12 or a recurrence. (Before issue 14 the
  POSTOP months were charged as toxin, about 0.9 sessions per operated patient; the note's
  break-even formula of section 6.3.2 assumed that, and now shifts by the untreated months.)
- RECURRED carries the UNCONTROLLED utility and no cost for its one month; its patients then have
  redo MVD or restart Botox (responders to BTX_ON, non-responders to UNCONTROLLED). Botox
  non-responders pay for one trial session.
- In 'botox_then_mvd' anyone whose Botox fails is offered MVD, including patients whose earlier MVD
  failed (the model has no memory of earlier surgery). In 'botox_first' nobody has surgery.
- Spontaneous remission (rate r_spont_remission_annual, base 0) moves BTX_ON or UNCONTROLLED to
  CURED, where the MVD recurrence rate then applies.
- Background mortality from the US 2021 life table (widgets.econ.lifetable; run_structural can use
  the 2019 table instead) is a competing risk in every alive state; MVD adds its one-off surgical death.
- Permanent complications (hearing loss, facial palsy, stroke) are one-off events at MVD that change
  nothing but utility, so they are an exact overlay: QALY loss = p x disutility x discounted
  remaining life-years after the operation (section 4). `explicit_complication_model` re-computes it
  with duplicated states as a cross-check (section 6.3.5). With repeated operations the overlay
  adds the risk of every operation and ignores the small surgical mortality of later operations.
- Transient events are one-off QALY losses, probability x disutility x duration: per Botox session
  (ptosis/weakness), per MVD (surgery itself, scaled by `risk_attitude`; transient facial palsy
  valued with dis_facial_palsy; transient hearing loss with dis_hearing_loss for
  TRANSIENT_HEARING_MONTHS; CSF leak with dis_surgery for CSF_LEAK_MONTHS).
- Teaching knobs (ASSUMPTIONS, no HFS source): `severity` scales the utility loss of every spasm
  state, u = u_cured - severity * (u_cured - u_state); `risk_attitude` multiplies the one-off
  disutility of the operation ("dread"); both are 1 by default, which leaves the base case intact.
- Costs in USD, a US health-system perspective; costs and QALYs discounted at `discount_rate` per
  year (annual compounding evaluated monthly); life-years, injections and operations undiscounted.
- Willingness to pay defaults to 30,000 USD per QALY: an ASSUMPTION for teaching, not a threshold
  endorsed by any agency cited here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping, Sequence

import numpy as np

from ..econ import cea, checks, lifetable, markov, oneway
from ..econ import params as econ_params
from ..econ.cea import Comparison, FrontierRow, acceptability, acceptability_frontier, evpi, population_evpi
from ..econ.oneway import OneWayResult, TornadoRow
from ..econ.params import describe as describe_distribution
from .parameters import (
    CSF_LEAK_MONTHS,
    CURRENCY,
    CYCLE_YEARS,
    DEFAULT_WTP,
    LABEL_MIN_INTERVAL_MONTHS,
    MAX_AGE,
    PARAMETER_SPECS,
    REMISSION_RATE_DM_BTX_11,
    TRANSIENT_HEARING_MONTHS,
    TUNNEL_MONTHS,
    WEEKS_PER_YEAR,
    Parameters,
    ParameterSpec,
    Settings,
    _delayed_cure,
    beta_from_mean_sd,
    gamma_from_mean_sd,
)

# Names other modules and the lesson read from here (the model's public face); defined in
# parameters.py and econ/.
# fmt: off
__all__ = [
    "LABEL_MIN_INTERVAL_MONTHS", "REMISSION_RATE_DM_BTX_11", "CSF_LEAK_MONTHS", "CURRENCY", "CYCLE_YEARS", "DEFAULT_WTP", "MAX_AGE", "PARAMETER_SPECS", "TRANSIENT_HEARING_MONTHS",
    "TUNNEL_MONTHS", "WEEKS_PER_YEAR", "Parameters", "ParameterSpec", "Settings", "beta_from_mean_sd",
    "gamma_from_mean_sd", "Comparison", "FrontierRow", "OneWayResult", "TornadoRow", "acceptability", "acceptability_frontier", "evpi", "population_evpi", "describe_distribution",
    "STATES", "STRATEGIES", "REFERENCE", "STRATEGY_LABELS", "REWARDS", "run_model", "psa", "one_way", "two_way_costs",
    "compare", "efficiency_frontier", "sample_parameters", "batch_transitions", "transition_matrix",
    "start_distribution", "background_death", "break_even_years", "explicit_complication_model",
    "StrategyResult", "ModelResult", "PSAResult", "TwoWayResult", "run_structural", "SURGICAL_DEATH_REFERENCE_AGE",
]
# fmt: on

POSTOP_STATES = tuple(f"POSTOP_{k}" for k in range(1, TUNNEL_MONTHS + 1))
STATES = ("BTX_ON", "UNCONTROLLED", *POSTOP_STATES, "CURED", "RECURRED", "DEAD")
BTX, UNC, CURED, REC, DEAD = (STATES.index(s) for s in ("BTX_ON", "UNCONTROLLED", "CURED", "RECURRED", "DEAD"))
POSTOP = np.arange(STATES.index("POSTOP_1"), STATES.index("POSTOP_1") + TUNNEL_MONTHS)
ALIVE = np.array([s != "DEAD" for s in STATES])

STRATEGIES = ("botox_first", "mvd_now", "botox_then_mvd")
REFERENCE = "botox_first"
STRATEGY_LABELS = {
    "botox_first": "Botox first (no surgery)",
    "mvd_now": "MVD now",
    "botox_then_mvd": "Botox, then MVD if Botox fails",
}
REWARDS = ("costs", "qalys", "life_years", "injections", "surgeries", "perm_complications")


def _check_strategies(strategies: Sequence[str], name: str = "strategies") -> tuple[str, ...]:
    if isinstance(strategies, str) or not isinstance(strategies, (Sequence, np.ndarray)):
        raise checks.WrongType(f"{name} must be a list chosen from {STRATEGIES} (got {strategies!r})"[:300])
    strategies = tuple(strategies)
    unknown = [s for s in strategies if not isinstance(s, str) or s not in STRATEGIES]
    if unknown or not strategies or len(set(strategies)) != len(strategies):
        raise ValueError(f"{name} must be chosen from {STRATEGIES}, each once (got {strategies})"[:300])
    return strategies


def _strategy(name: str, value) -> str:
    """One strategy name (a comparator, a reference, a surgery)."""
    if not isinstance(value, str) or value not in STRATEGIES:
        raise ValueError(f"{name} must be one of {STRATEGIES} (got {value!r})"[:300])
    return value


def _params(params) -> Parameters:
    if params is None:
        return Parameters()
    return checks.instance("params", params, Parameters, "a Parameters (or None for the base case)")


def _settings(settings) -> Settings:
    if settings is None:
        return Settings()
    return checks.instance("settings", settings, Settings, "a Settings (or None for the defaults)")


# ----------------------------------------------------------------------------------------------
# the chain, vectorised over a batch of parameter sets (deterministic run: batch of one)


@dataclass
class _Chain:
    """Transitions and rewards of one strategy for a batch of N parameter sets.

    Rewards (dicts over REWARDS, arrays (N, S) or (N,)):
    state: amount per cycle spent in a state; flow: expected one-off amount per person-cycle in a
    state from the transitions it makes (e.g. an operation), counted among background survivors at
    the end of the cycle; overlay: like flow, but multiplied by the discounted remaining life-years
    of the person from that moment; at_start / at_start_overlay: the same for events at time 0.
    """

    Q: np.ndarray
    start: np.ndarray
    state: dict
    flow: dict
    overlay: dict
    at_start: dict
    at_start_overlay: dict
    surgery_rate: np.ndarray  # (N, S) operations per person-cycle
    surgery_outcome: np.ndarray  # (N, S) where an operation leads
    start_surgery: np.ndarray  # (N,)


def _values_from(params: Parameters | Sequence[Parameters]) -> dict[str, np.ndarray]:
    items = [params] if isinstance(params, Parameters) else list(params)
    return {name: np.array([float(getattr(p, name)) for p in items]) for name in PARAMETER_SPECS}


def _chain(v: Mapping[str, np.ndarray], strategy: str) -> _Chain:
    n = len(v["p_btx_response"])
    S = len(STATES)
    dt = CYCLE_YEARS
    zeros = np.zeros(n)

    # monthly probabilities from annual rates; failure and remission compete for BTX_ON
    fail_hazard = v["r_btx_fail_annual"] * dt
    remission_hazard = v["r_spont_remission_annual"] * dt
    leave_btx = 1.0 - np.exp(-(fail_hazard + remission_hazard))
    both = fail_hazard + remission_hazard
    fail_share = np.divide(fail_hazard, both, out=np.zeros(n), where=both > 0)
    q_fail = leave_btx * fail_share
    q_remit_btx = leave_btx - q_fail
    q_remit = 1.0 - np.exp(-remission_hazard)
    q_recur = 1.0 - np.exp(-v["r_recur_annual"] * dt)
    d = _delayed_cure(v["p_mvd_immediate"], v["p_mvd_cure_12m"])

    p_resp = v["p_btx_response"]
    surgery_outcome = np.zeros((n, S))
    surgery_outcome[:, DEAD] = v["p_mvd_death"]
    surgery_outcome[:, CURED] = (1.0 - v["p_mvd_death"]) * v["p_mvd_immediate"]
    surgery_outcome[:, POSTOP[0]] = (1.0 - v["p_mvd_death"]) * (1.0 - v["p_mvd_immediate"])
    botox_start = np.zeros((n, S))
    botox_start[:, BTX] = p_resp
    botox_start[:, UNC] = 1.0 - p_resp

    Q = np.zeros((n, S, S))
    surgery_rate = np.zeros((n, S))
    trial_rate = np.zeros((n, S))  # Botox trial sessions of non-responders, per person-cycle

    Q[:, BTX, BTX] = 1.0 - leave_btx
    Q[:, BTX, CURED] += q_remit_btx
    if strategy == "botox_then_mvd":
        Q[:, BTX] += q_fail[:, None] * surgery_outcome
        surgery_rate[:, BTX] = q_fail
    else:
        Q[:, BTX, UNC] += q_fail
    Q[:, UNC, UNC] = 1.0 - q_remit
    Q[:, UNC, CURED] = q_remit
    for k, state in enumerate(POSTOP):
        Q[:, state, CURED] = d
        Q[:, state, POSTOP[k + 1] if k + 1 < TUNNEL_MONTHS else REC] = 1.0 - d
    Q[:, CURED, CURED] = 1.0 - q_recur
    Q[:, CURED, REC] = q_recur
    redo = zeros if strategy == "botox_first" else v["p_redo_given_failure"]
    Q[:, REC] = redo[:, None] * surgery_outcome + (1.0 - redo)[:, None] * botox_start
    surgery_rate[:, REC] = redo
    trial_rate[:, REC] = (1.0 - redo) * (1.0 - p_resp)
    Q[:, DEAD, DEAD] = 1.0

    if strategy == "botox_first":
        start, start_surgery, start_trial = botox_start, zeros, 1.0 - p_resp
    elif strategy == "mvd_now":
        start, start_surgery, start_trial = surgery_outcome.copy(), np.ones(n), zeros
    else:
        start = (1.0 - p_resp)[:, None] * surgery_outcome
        start[:, BTX] += p_resp
        start_surgery, start_trial = 1.0 - p_resp, 1.0 - p_resp

    # per-event amounts
    sessions = dt * 12.0 / v["btx_interval_months"]  # sessions per month on Botox
    ae_loss = v["p_btx_ae_session"] * v["dis_btx_ae"] * v["dur_btx_ae_weeks"] / WEEKS_PER_YEAR
    survive = 1.0 - v["p_mvd_death"]
    p_perm = v["p_perm_hearing_loss"] + v["p_perm_facial_palsy"] + v["p_stroke"]
    perm_loss = survive * (
        v["p_perm_hearing_loss"] * v["dis_hearing_loss"]
        + v["p_perm_facial_palsy"] * v["dis_facial_palsy"]
        + v["p_stroke"] * v["dis_stroke"]
    )
    transient_loss = survive * (
        v["risk_attitude"] * v["dis_surgery"] * v["dur_surgery_months"] / 12.0
        + v["p_trans_facial_palsy"] * v["dis_facial_palsy"] * v["dur_trans_facial_palsy_months"] / 12.0
        + v["p_trans_hearing"] * v["dis_hearing_loss"] * TRANSIENT_HEARING_MONTHS / 12.0
        + v["p_csf_leak"] * v["dis_surgery"] * CSF_LEAK_MONTHS / 12.0
    )
    surgery_cost = v["c_mvd"] + survive * p_perm * v["c_complication_perm"]

    u_cured = v["u_cured"]
    u_controlled = u_cured - v["severity"] * (u_cured - v["u_btx_on"])
    u_spasm = u_cured - v["severity"] * (u_cured - v["u_uncontrolled"])
    qaly = np.zeros((n, S))
    qaly[:, BTX] = u_controlled * dt - sessions * ae_loss
    qaly[:, UNC] = u_spasm * dt
    qaly[:, POSTOP] = (u_spasm * dt)[:, None]  # untreated while a late cure may still come
    qaly[:, REC] = u_spasm * dt
    qaly[:, CURED] = u_cured * dt
    cost = np.zeros((n, S))
    cost[:, BTX] = sessions * v["c_btx_session"]
    injections = np.zeros((n, S))
    injections[:, BTX] = sessions
    life_years = np.tile(ALIVE * dt, (n, 1))

    col = lambda a: a[:, None]  # noqa: E731  (per-draw amount times per-state rate)
    state = {"costs": cost, "qalys": qaly, "life_years": life_years, "injections": injections}
    flow = {
        "costs": surgery_rate * col(surgery_cost) + trial_rate * col(v["c_btx_session"]),
        "qalys": -(surgery_rate * col(transient_loss) + trial_rate * col(ae_loss)),
        "injections": trial_rate,
        "surgeries": surgery_rate,
        "perm_complications": surgery_rate * col(survive * p_perm),
    }
    overlay = {"qalys": -surgery_rate * col(perm_loss)}
    at_start = {
        "costs": start_surgery * surgery_cost + start_trial * v["c_btx_session"],
        "qalys": -(start_surgery * transient_loss + start_trial * ae_loss),
        "injections": start_trial,
        "surgeries": start_surgery,
        "perm_complications": start_surgery * survive * p_perm,
    }
    at_start_overlay = {"qalys": -start_surgery * perm_loss}
    return _Chain(
        Q, start, state, flow, overlay, at_start, at_start_overlay, surgery_rate, surgery_outcome, start_surgery
    )


# ----------------------------------------------------------------------------------------------
# time weights shared by every member of a batch (they depend on age, sex, discount rate, settings)


@dataclass(frozen=True)
class _Timeline:
    n_cycles: int
    death: np.ndarray  # (T,) background death probability per cycle
    ends: np.ndarray  # (T, 2) within-cycle weights
    discount: np.ndarray  # (T+1,)
    # (6, T+1), in pairs (discounted, undiscounted): state rewards at the points; one-off flow
    # rewards of cycle t among background survivors at t+1; the same times remaining life-years
    weights: np.ndarray
    remaining_ly: np.ndarray  # (2, T+1): discounted / undiscounted remaining life-years from each point


def _timeline(
    age0: float, female: int, discount_rate: float, settings: Settings, table: lifetable.LifeTable | None = None
) -> _Timeline:
    """`table`: the life table when settings.mortality is 'life_table' (None: the default, US 2021)."""
    T = settings.n_cycles(age0)
    if settings.mortality == "life_table":
        death = lifetable.death_probabilities(age0, T, bool(female), CYCLE_YEARS, table=table)
    elif settings.mortality == "none":
        death = np.zeros(T)
    else:
        death = np.full(T, markov.rescale_prob(settings.mortality, 1.0, CYCLE_YEARS))
    ends = markov.cycle_weights(T, settings.correction, "start")
    points = markov.point_weights(T, settings.correction, "start")
    discount = markov.discount_factors(T, discount_rate, CYCLE_YEARS)
    survival = np.concatenate([[1.0], np.cumprod(1.0 - death)])

    remaining = []
    for disc in (discount, np.ones(T + 1)):
        # life-years from point t onward for someone alive at t, discounted to time 0
        tail = np.cumsum((points * disc * survival * CYCLE_YEARS)[::-1])[::-1]
        remaining.append(np.divide(tail, survival, out=np.zeros(T + 1), where=survival > 0))
    remaining = np.array(remaining)

    weights = np.zeros((6, T + 1))
    weights[0] = points * discount
    weights[1] = points
    weights[2, :-1] = (1.0 - death) * discount[1:]
    weights[3, :-1] = 1.0 - death
    weights[4, :-1] = (1.0 - death) * remaining[0, 1:]
    weights[5, :-1] = (1.0 - death) * remaining[1, 1:]
    return _Timeline(T, death, ends, discount, weights, remaining)


def _totals(chain: _Chain, sums: np.ndarray, timeline: _Timeline) -> tuple[dict, dict]:
    """Discounted and undiscounted totals per reward from the weighted occupancies sums (6, N, S)."""
    out = ({}, {})
    for k in (0, 1):  # 0: discounted, 1: undiscounted (the row pairs of _Timeline.weights)
        state, flow, overlay = sums[0 + k], sums[2 + k], sums[4 + k]
        for name in REWARDS:
            total = chain.at_start.get(name, 0.0) + chain.at_start_overlay.get(name, 0.0) * timeline.remaining_ly[k, 0]
            if name in chain.state:
                total = total + (state * chain.state[name]).sum(axis=-1)
            if name in chain.flow:
                total = total + (flow * chain.flow[name]).sum(axis=-1)
            if name in chain.overlay:
                total = total + (overlay * chain.overlay[name]).sum(axis=-1)
            out[k][name] = total
    return out


# ----------------------------------------------------------------------------------------------
# deterministic run


@dataclass(frozen=True)
class StrategyResult:
    """One strategy over the horizon. Totals are per patient: costs (USD) and QALYs discounted;
    life-years, injections, surgeries (expected number of MVDs) and perm_complications (expected
    number of permanent complications) undiscounted. Curves have one value per month 0..T."""

    strategy: str
    costs: float
    qalys: float
    life_years: float
    injections: float
    surgeries: float
    perm_complications: float
    costs_undiscounted: float
    qalys_undiscounted: float
    injections_discounted: float
    surgeries_discounted: float
    trace: np.ndarray = field(repr=False)  # (T+1, S)
    spasm_free: np.ndarray = field(repr=False)  # P(CURED) at each month
    alive: np.ndarray = field(repr=False)
    cumulative_cost: np.ndarray = field(repr=False)  # discounted, USD, at each month
    cumulative_cost_undiscounted: np.ndarray = field(repr=False)

    def nmb(self, wtp: float = DEFAULT_WTP) -> float:
        """Net monetary benefit, wtp x QALYs - costs."""
        return wtp * self.qalys - self.costs


@dataclass(frozen=True)
class ModelResult:
    params: Parameters
    settings: Settings
    strategies: dict[str, StrategyResult]
    months: np.ndarray  # 0..T
    ages: np.ndarray  # age at each month

    @property
    def years(self) -> np.ndarray:
        return self.months * CYCLE_YEARS

    def break_even_years(
        self, surgery: str = "mvd_now", comparator: str = REFERENCE, discounted: bool = True
    ) -> float | None:
        """Years until the cumulative cost of `surgery` falls to that of `comparator` (None: not
        within the horizon)."""
        for name, value in (("surgery", surgery), ("comparator", comparator)):
            if not isinstance(value, str) or value not in self.strategies:
                raise ValueError(f"{name} must be one of the strategies run, {tuple(self.strategies)} (got {value!r})")
        discounted = checks.flag("discounted", discounted)
        a, b = self.strategies[surgery], self.strategies[comparator]
        if discounted:
            return break_even_years(a.cumulative_cost, b.cumulative_cost)
        return break_even_years(a.cumulative_cost_undiscounted, b.cumulative_cost_undiscounted)

    def compare(self, reference: str = REFERENCE, wtp: float = DEFAULT_WTP) -> list[Comparison]:
        names = list(self.strategies)
        return compare(
            names, [self.strategies[s].costs for s in names], [self.strategies[s].qalys for s in names], reference, wtp
        )

    def frontier(self) -> list[FrontierRow]:
        names = list(self.strategies)
        return efficiency_frontier(
            names, [self.strategies[s].costs for s in names], [self.strategies[s].qalys for s in names]
        )

    def table(self) -> list[dict]:
        """One row per strategy for display."""
        rows = []
        for name, r in self.strategies.items():
            rows.append(
                {
                    "strategy": name,
                    "label": STRATEGY_LABELS[name],
                    "costs": r.costs,
                    "qalys": r.qalys,
                    "life_years": r.life_years,
                    "injections": r.injections,
                    "surgeries": r.surgeries,
                    "perm_complications": r.perm_complications,
                }
            )
        return rows


def break_even_years(
    cumulative_a: np.ndarray, cumulative_b: np.ndarray, cycle_years: float = CYCLE_YEARS
) -> float | None:
    """First time the cumulative cost curve a (starts higher, e.g. surgery) falls to curve b, with
    linear interpolation between months; 0.0 if a is never above b at the start, None if it stays
    above for the whole horizon."""
    a = checks.array("cumulative_a", cumulative_a, ndim=(1,))
    b = checks.array("cumulative_b", cumulative_b, ndim=(1,))
    if a.shape != b.shape or a.size == 0:
        raise ValueError(
            f"cumulative_a and cumulative_b must be non-empty and of equal length (got {a.size} and {b.size})"
        )
    cycle_years = checks.number("cycle_years", cycle_years, 0.0, 100.0, low_open=True)
    gap = a - b
    if gap[0] <= 0:
        return 0.0
    below = np.nonzero(gap <= 0)[0]
    if below.size == 0:
        return None
    m = int(below[0])
    fraction = gap[m - 1] / (gap[m - 1] - gap[m])
    return float((m - 1 + fraction) * cycle_years)


def _cumulative_costs(chain: _Chain, trace: np.ndarray, timeline: _Timeline, n: int, discounted: bool) -> np.ndarray:
    """Cost accrued by the end of each month, (T+1,): state costs split by the within-cycle
    weights, one-off flow costs at the end of their cycle, time-0 costs at month 0."""
    disc = timeline.discount if discounted else np.ones_like(timeline.discount)
    per_point = trace @ chain.state["costs"][n]
    per_cycle = timeline.ends[:, 0] * disc[:-1] * per_point[:-1] + timeline.ends[:, 1] * disc[1:] * per_point[1:]
    per_cycle += disc[1:] * (1.0 - timeline.death) * (trace[:-1] @ chain.flow["costs"][n])
    return chain.at_start["costs"][n] + np.concatenate([[0.0], np.cumsum(per_cycle)])


def run_model(
    params: Parameters | None = None, settings: Settings | None = None, strategies: Sequence[str] = STRATEGIES
) -> ModelResult:
    """Deterministic run of the chosen strategies (one batched engine call)."""
    params = _params(params)
    settings = _settings(settings)
    strategies = _check_strategies(strategies)
    timeline = _timeline(params.age0, params.female, params.discount_rate, settings)
    values = _values_from(params)
    chains = [_chain(values, s) for s in strategies]
    Q = np.concatenate([c.Q for c in chains])
    start = np.concatenate([c.start for c in chains])
    traces = markov.cohort_trace(
        STATES,
        Q,
        start,
        n_cycles=timeline.n_cycles,
        batched=True,
        background_death=timeline.death,
        dead_state="DEAD",
    )
    sums = np.einsum("kt,nts->kns", timeline.weights, traces)
    results = {}
    for i, (name, chain) in enumerate(zip(strategies, chains)):
        disc, undisc = _totals(chain, sums[:, i : i + 1], timeline)
        trace = traces[i]
        results[name] = StrategyResult(
            strategy=name,
            costs=float(disc["costs"][0]),
            qalys=float(disc["qalys"][0]),
            life_years=float(undisc["life_years"][0]),
            injections=float(undisc["injections"][0]),
            surgeries=float(undisc["surgeries"][0]),
            perm_complications=float(undisc["perm_complications"][0]),
            costs_undiscounted=float(undisc["costs"][0]),
            qalys_undiscounted=float(undisc["qalys"][0]),
            injections_discounted=float(disc["injections"][0]),
            surgeries_discounted=float(disc["surgeries"][0]),
            trace=trace,
            spasm_free=trace[:, CURED].copy(),
            alive=1.0 - trace[:, DEAD],
            cumulative_cost=_cumulative_costs(chain, trace, timeline, 0, True),
            cumulative_cost_undiscounted=_cumulative_costs(chain, trace, timeline, 0, False),
        )
    months = np.arange(timeline.n_cycles + 1)
    return ModelResult(params, settings, results, months, params.age0 + months * CYCLE_YEARS)


# ----------------------------------------------------------------------------------------------
# structural scenarios: inputs that change with time (lesson 5's scenario table)

SURGICAL_DEATH_REFERENCE_AGE = 50.0  # ASSUMPTION: the age at which p_mvd_death applies when it rises with age


def _time_varying_totals(chain: _Chain, trace: np.ndarray, timeline: _Timeline) -> tuple[dict, dict]:
    """Like _totals, for a chain built with one parameter set per cycle (amounts (T, S)): the reward of
    point t uses the amounts of cycle min(t, T-1); a one-off flow of cycle t uses those of cycle t."""
    T = timeline.n_cycles
    at = np.minimum(np.arange(T + 1), T - 1)
    out = ({}, {})
    for k in (0, 1):
        for name in REWARDS:
            total = float(np.asarray(chain.at_start.get(name, 0.0)).ravel()[0])
            if name in chain.at_start_overlay:
                total += float(chain.at_start_overlay[name][0]) * timeline.remaining_ly[k, 0]
            for kind, row in ((chain.state, 0), (chain.flow, 2), (chain.overlay, 4)):
                if name in kind:
                    per_point = np.einsum("ts,ts->t", trace, np.asarray(kind[name])[at])
                    total += float(timeline.weights[row + k] @ per_point)
            out[k][name] = total
    return out


def run_structural(
    params: Parameters | None = None,
    settings: Settings | None = None,
    *,
    toxin_fail_doubling_years: float | None = None,
    surgical_death_rises_with_age: bool = False,
    life_table_year: int = lifetable.DEFAULT_YEAR,
    strategies: Sequence[str] = ("botox_first", "mvd_now"),
) -> dict[str, dict[str, float]]:
    """Deterministic totals under a structural alternative in which an input changes with time
    (ASSUMPTIONS of lesson 5's scenario table, no HFS source for either shape):

    - toxin_fail_doubling_years: the toxin effect wanes; the annual rate of secondary toxin failure,
      r_btx_fail_annual at the decision, doubles every this many years (capped at 1 a year). Time is
      counted from the decision, also for patients who start toxin later (after a failed operation),
      which overstates their waning.
    - surgical_death_rises_with_age: the perioperative death risk of an operation at age a is
      p_mvd_death x q(a) / q(50), q the life table's annual death probability for the cohort's sex:
      it rises with age as background mortality does, equal to p_mvd_death at age 50; redo operations
      later in life carry the risk of their age (capped at 0.5).
    - life_table_year: which shipped US life table gives background mortality, one of
      lifetable.YEARS: 2021 (the default, a pandemic year) or 2019 (before the pandemic); used when
      settings.mortality is 'life_table' and by surgical_death_rises_with_age.

    Returns, per strategy, discounted 'costs' and 'qalys' and undiscounted 'life_years', 'injections'
    and 'surgeries'. With neither option it equals run_model (a test checks it)."""
    params = _params(params)
    settings = _settings(settings)
    strategies = _check_strategies(strategies)
    if toxin_fail_doubling_years is not None:
        toxin_fail_doubling_years = checks.number("toxin_fail_doubling_years", toxin_fail_doubling_years, 1.0, 1000.0)
    surgical_death_rises_with_age = checks.flag("surgical_death_rises_with_age", surgical_death_rises_with_age)
    table = lifetable.life_table(lifetable.check_year(life_table_year, "life_table_year"))
    timeline = _timeline(params.age0, params.female, params.discount_rate, settings, table)
    T = timeline.n_cycles
    years = np.arange(T) * CYCLE_YEARS
    values = {name: np.full(T, float(getattr(params, name))) for name in PARAMETER_SPECS}
    if toxin_fail_doubling_years is not None:
        values["r_btx_fail_annual"] = np.minimum(
            params.r_btx_fail_annual * 2.0 ** (years / toxin_fail_doubling_years), 1.0
        )
    if surgical_death_rises_with_age:
        female = bool(params.female)
        q = lifetable.annual_death_probability(params.age0 + years, female, table)
        q_ref = lifetable.annual_death_probability([SURGICAL_DEATH_REFERENCE_AGE], female, table)[0]
        values["p_mvd_death"] = np.minimum(params.p_mvd_death * q / q_ref, 0.5)
    out = {}
    for name in strategies:
        chain = _chain(values, name)
        trace = markov.cohort_trace(
            STATES, chain.Q, chain.start[0], n_cycles=T, background_death=timeline.death, dead_state="DEAD"
        )
        disc, undisc = _time_varying_totals(chain, trace, timeline)
        out[name] = {
            "costs": disc["costs"],
            "qalys": disc["qalys"],
            "life_years": undisc["life_years"],
            "injections": undisc["injections"],
            "surgeries": undisc["surgeries"],
        }
    return out


def transition_matrix(params: Parameters | None = None, strategy: str = REFERENCE) -> np.ndarray:
    """The strategy's monthly transition matrix among background survivors, (S, S); the matrix of
    cycle t is (1 - m_t) * Q + m_t * (every state -> DEAD)."""
    _strategy("strategy", strategy)
    return _chain(_values_from(_params(params)), strategy).Q[0]


def start_distribution(params: Parameters | None = None, strategy: str = REFERENCE) -> np.ndarray:
    _strategy("strategy", strategy)
    return _chain(_values_from(_params(params)), strategy).start[0]


def background_death(params: Parameters | None = None, settings: Settings | None = None) -> np.ndarray:
    """Monthly background death probabilities over the horizon, (T,)."""
    params = _params(params)
    return _timeline(params.age0, params.female, params.discount_rate, _settings(settings)).death


# ----------------------------------------------------------------------------------------------
# cost-effectiveness summaries


def compare(
    names: Sequence[str],
    costs: Sequence[float],
    qalys: Sequence[float],
    reference: str = REFERENCE,
    wtp: float = DEFAULT_WTP,
) -> list[Comparison]:
    """Each strategy against `reference` (econ.cea.compare with the lesson's defaults)."""
    return cea.compare(names, costs, qalys, reference, wtp)


def efficiency_frontier(names: Sequence[str], costs: Sequence[float], qalys: Sequence[float]) -> list[FrontierRow]:
    """Sequential ICERs with strict and extended dominance (econ.cea.efficiency_frontier)."""
    return cea.efficiency_frontier(names, costs, qalys)


# ----------------------------------------------------------------------------------------------
# batched evaluation (one-way sensitivity analysis, PSA)


_SHARED_BY_BATCH = ("age0", "female", "discount_rate")
_SPLIT_BATCH = 200  # parameter sets from which each strategy gets its own engine call


def batch_transitions(values: Mapping[str, np.ndarray], strategy: str) -> tuple[np.ndarray, np.ndarray]:
    """Transition matrices among background survivors (N, S, S) and start distributions (N, S) for
    N parameter sets given as arrays, e.g. the `draws` of a PSAResult."""
    _strategy("strategy", strategy)
    chain = _chain(_checked_values(values), strategy)
    return chain.Q, chain.start


def _checked_values(values) -> dict[str, np.ndarray]:
    """Arrays of parameter sets (e.g. PSA draws): every parameter present, equal lengths, each value
    within its allowed range and the constraints between parameters held."""
    checks.instance("values", values, Mapping, "a mapping of parameter name -> array of values")
    missing = [name for name in PARAMETER_SPECS if name not in values]
    if missing:
        raise ValueError(f"values lacks the parameter(s) {missing}")
    out = {}
    for name, spec in PARAMETER_SPECS.items():
        lo, hi = spec.allowed
        out[name] = np.atleast_1d(checks.array(name, values[name], lo, hi, ndim=(0, 1)))
    sizes = {len(v) for v in out.values()}
    if len(sizes) != 1 or 0 in sizes:
        raise ValueError(f"values must give every parameter the same number of sets (got lengths {sorted(sizes)})")
    if (out["p_mvd_immediate"] > out["p_mvd_cure_12m"]).any():
        raise ValueError("p_mvd_immediate must not exceed p_mvd_cure_12m in any set")
    if not ((out["u_uncontrolled"] <= out["u_btx_on"]) & (out["u_btx_on"] <= out["u_cured"])).all():
        raise ValueError("utilities must keep their order u_uncontrolled <= u_btx_on <= u_cured in every set")
    if (out["p_perm_hearing_loss"] + out["p_perm_facial_palsy"] + out["p_stroke"] > 1).any():
        raise ValueError("p_perm_hearing_loss + p_perm_facial_palsy + p_stroke must not exceed 1 in any set")
    return out


def _evaluate_batch(values: dict[str, np.ndarray], settings: Settings, strategies: Sequence[str]) -> tuple[dict, dict]:
    """Discounted and undiscounted totals for N parameter sets sharing age0, female and the
    discount rate; arrays (N, len(strategies)) per reward.

    Small batches (the one-way analysis) make one engine call for all strategies, since there the
    cost is per call, and parameter sets that leave a chain unchanged (a cost, a utility, or an MVD
    input under Botox-first) share one walk. Large batches (the PSA) make one call per strategy, so
    that Botox-first, which never enters the post-operative tunnel, walks 5 states instead of 17."""
    n = len(values["age0"])
    timeline = _timeline(
        float(values["age0"][0]), int(values["female"][0]), float(values["discount_rate"][0]), settings
    )
    chains = [_chain(values, s) for s in strategies]

    def occupancy_sums(Q, start):
        return markov.weighted_occupancy(
            STATES,
            Q,
            start,
            timeline.weights,
            n_cycles=timeline.n_cycles,
            batched=True,
            background_death=timeline.death,
            dead_state="DEAD",
        )

    if n < _SPLIT_BATCH:
        Q, start = np.concatenate([c.Q for c in chains]), np.concatenate([c.start for c in chains])
        seen: dict[bytes, int] = {}  # a row's bytes -> its walk (np.unique over rows is 5 ms here)
        walk = np.array(
            [
                seen.setdefault(row.tobytes(), len(seen))
                for row in np.concatenate([Q.reshape(len(Q), -1), start], axis=1)
            ]
        )
        first = np.unique(walk, return_index=True)[1]
        sums = occupancy_sums(Q[first], start[first])[:, walk]
    else:
        sums = np.concatenate([occupancy_sums(c.Q, c.start) for c in chains], axis=1)
    disc = {name: np.empty((n, len(strategies))) for name in REWARDS}
    undisc = {name: np.empty((n, len(strategies))) for name in REWARDS}
    for j, chain in enumerate(chains):
        d, u = _totals(chain, sums[:, j * n : (j + 1) * n], timeline)
        for name in REWARDS:
            disc[name][:, j] = d[name]
            undisc[name][:, j] = u[name]
    return disc, undisc


def one_way(
    params: Parameters | None = None,
    settings: Settings | None = None,
    *,
    comparator: str = "mvd_now",
    reference: str = REFERENCE,
    wtp: float = DEFAULT_WTP,
    metric: str = "nmb",
    names: Sequence[str] | None = None,
) -> OneWayResult:
    """Deterministic one-way sensitivity analysis over every parameter with a range in the table
    (or those in `names`), sorted by the swing of `metric` ('nmb', 'costs' or 'qalys'). The default
    willingness to pay, 30,000 USD per QALY, is a teaching ASSUMPTION. Runs are batched: one engine
    call per distinct (age0, female, discount_rate). A low or high value that would make the
    parameter set invalid (e.g. p_mvd_immediate above p_mvd_cure_12m) is skipped and reported."""
    params = _params(params)
    settings = _settings(settings)
    pair = (_strategy("comparator", comparator), _strategy("reference", reference))
    if comparator == reference:
        raise ValueError(f"comparator and reference must differ (both {comparator!r})")
    wtp = checks.number("wtp (willingness to pay per QALY)", wtp, 0.0, 1e12)

    def evaluate(variants: list[Parameters]) -> tuple[np.ndarray, np.ndarray]:
        inc_costs, inc_qalys = np.empty(len(variants)), np.empty(len(variants))
        groups: dict[tuple, list[int]] = {}
        for i, p in enumerate(variants):
            groups.setdefault((p.age0, p.female, p.discount_rate), []).append(i)
        for members in groups.values():
            disc, _ = _evaluate_batch(_values_from([variants[i] for i in members]), settings, pair)
            inc_costs[members] = disc["costs"][:, 0] - disc["costs"][:, 1]
            inc_qalys[members] = disc["qalys"][:, 0] - disc["qalys"][:, 1]
        return inc_costs, inc_qalys

    return oneway.one_way(
        PARAMETER_SPECS,
        params,
        lambda name, value: params.replace(**{name: value}),
        evaluate,
        comparator=comparator,
        reference=reference,
        wtp=wtp,
        metric=metric,
        names=names,
    )


@dataclass(frozen=True)
class PSAResult:
    """Per-draw results: costs and qalys (n, K) in the order of `strategies`; `draws` holds the
    sampled parameter values; ceac (len(wtp), K) is the share of draws in which each strategy has
    the highest net monetary benefit (rows sum to 1); `n_adjusted` counts draws moved back into a
    parameter's allowed range (e.g. p_mvd_immediate above p_mvd_cure_12m)."""

    strategies: tuple[str, ...]
    reference: str
    seed: int
    costs: np.ndarray
    qalys: np.ndarray
    life_years: np.ndarray
    injections: np.ndarray
    draws: dict[str, np.ndarray]
    wtp: np.ndarray
    ceac: np.ndarray
    n_adjusted: int

    def incremental(self, strategy: str) -> tuple[np.ndarray, np.ndarray]:
        """CE-plane data of `strategy` versus the reference: (inc_costs, inc_qalys) per draw."""
        j, r = self.strategies.index(strategy), self.strategies.index(self.reference)
        return self.costs[:, j] - self.costs[:, r], self.qalys[:, j] - self.qalys[:, r]

    def mean(self) -> dict[str, dict[str, float]]:
        return {
            s: {"costs": float(self.costs[:, j].mean()), "qalys": float(self.qalys[:, j].mean())}
            for j, s in enumerate(self.strategies)
        }


def sample_parameters(
    params: Parameters, n: int, seed: int, distributions: Mapping[str, tuple | None] | None = None
) -> tuple[dict[str, np.ndarray], int]:
    """n draws of every parameter: the table's distribution unless `distributions` overrides it
    (None = held at the value in `params`). Draws outside a parameter's allowed range are clipped,
    p_mvd_immediate is capped at p_mvd_cure_12m, and utilities given independent distributions by an
    override are capped to keep u_uncontrolled <= u_btx_on <= u_cured (the table's own distributions
    draw them as gaps, so they need no cap); the number of draws changed is returned."""
    params = _params(params)

    def keep_order(draws: dict[str, np.ndarray]) -> np.ndarray:
        changed = np.zeros(len(draws["p_mvd_immediate"]), dtype=bool)
        for lower, upper in (
            ("p_mvd_immediate", "p_mvd_cure_12m"),
            ("u_btx_on", "u_cured"),
            ("u_uncontrolled", "u_btx_on"),
        ):
            capped = np.minimum(draws[lower], draws[upper])
            changed |= capped != draws[lower]
            draws[lower] = capped
        return changed

    return econ_params.sample(PARAMETER_SPECS, params.as_dict(), n, seed, distributions, constrain=keep_order)


def psa(
    params: Parameters | None = None,
    settings: Settings | None = None,
    *,
    n: int = 1000,
    seed: int,
    distributions: Mapping[str, tuple | None] | None = None,
    wtp: Sequence[float] | None = None,
    strategies: Sequence[str] = STRATEGIES,
    reference: str = REFERENCE,
) -> PSAResult:
    """Probabilistic sensitivity analysis: n draws (numpy Generator seeded with `seed`), all
    strategies in one batched engine run. Same seed, same result. wtp defaults to 0..100,000 USD
    per QALY in steps of 1,000."""
    params = _params(params)
    settings = _settings(settings)
    strategies = _check_strategies(strategies)
    if not isinstance(reference, str) or reference not in strategies:
        raise ValueError(f"reference must be one of {strategies} (got {reference!r})")
    if distributions is not None:
        checks.instance("distributions", distributions, Mapping, "a mapping of parameter name -> distribution")
    if wtp is not None:
        wtp = checks.array("wtp (willingness to pay per QALY)", wtp, 0.0, 1e12, ndim=(1,))
        if wtp.size == 0:
            raise ValueError("wtp (willingness to pay per QALY) must hold at least one value")
    fixed = [k for k in _SHARED_BY_BATCH if (distributions or {}).get(k) is not None]
    if fixed:
        raise ValueError(f"{fixed[0]} cannot vary across PSA draws (it sets the horizon or the time weights)")
    draws, n_adjusted = sample_parameters(params, n, seed, distributions)
    disc, undisc = _evaluate_batch(draws, settings, strategies)
    grid = np.arange(0.0, 100_001.0, 1_000.0) if wtp is None else np.asarray(wtp, dtype=float)
    return PSAResult(
        strategies=strategies,
        reference=reference,
        seed=int(seed),
        costs=disc["costs"],
        qalys=disc["qalys"],
        life_years=undisc["life_years"],
        injections=undisc["injections"],
        draws=draws,
        wtp=grid,
        ceac=cea.acceptability(disc["costs"], disc["qalys"], grid),
        n_adjusted=n_adjusted,
    )


# ----------------------------------------------------------------------------------------------
# two-way map: Botox session cost x MVD cost


@dataclass(frozen=True)
class TwoWayResult:
    """inc_costs[i, j]: cost of `comparator` minus `reference` with MVD cost mvd_costs[i] and session
    cost session_costs[j]; negative where the comparator (MVD) is cost-saving over the horizon."""

    comparator: str
    reference: str
    session_costs: np.ndarray
    mvd_costs: np.ndarray
    inc_costs: np.ndarray
    discounted: bool

    @property
    def cost_saving(self) -> np.ndarray:
        return self.inc_costs < 0


def two_way_costs(
    params: Parameters | None = None,
    settings: Settings | None = None,
    *,
    session_costs: Sequence[float] | None = None,
    mvd_costs: Sequence[float] | None = None,
    comparator: str = "mvd_now",
    reference: str = REFERENCE,
    discounted: bool = True,
    result: ModelResult | None = None,
) -> TwoWayResult:
    """Incremental cost over a grid of session and MVD costs (defaults: 50..1,500 USD per session in
    steps of 50; 10,000..50,000 USD per MVD in steps of 1,000). Total cost is linear in both (cost =
    other + c_session x sessions + c_mvd x operations), so one run gives the whole grid exactly.
    `result`: a run of `run_model(params, settings)` already made (a widget has one); it is reused
    only if it was made with these parameters and settings."""
    params = _params(params)
    settings = _settings(settings)
    discounted = checks.flag("discounted", discounted)
    if result is not None:
        checks.instance("result", result, ModelResult, "a ModelResult of run_model (or None)")
    grids = {}
    for name, grid, spec, default in (
        ("session_costs", session_costs, "c_btx_session", np.arange(50.0, 1_501.0, 50.0)),
        ("mvd_costs", mvd_costs, "c_mvd", np.arange(10_000.0, 50_001.0, 1_000.0)),
    ):
        lo, hi = PARAMETER_SPECS[spec].allowed
        grids[name] = default if grid is None else checks.array(name, grid, lo, hi, ndim=(1,))
        if grids[name].size == 0:
            raise ValueError(f"{name} must be a non-empty list of values between {lo:g} and {hi:g}")
    session_costs, mvd_costs = grids["session_costs"], grids["mvd_costs"]
    pair = (_strategy("comparator", comparator), _strategy("reference", reference))
    if comparator == reference:
        raise ValueError(f"comparator and reference must differ (both {comparator!r})")
    reusable = (
        result is not None
        and result.params == params
        and result.settings == settings
        and set(pair) <= set(result.strategies)
    )
    if not reusable:
        result = run_model(params, settings, pair)
    a, b = result.strategies[comparator], result.strategies[reference]
    if discounted:
        costs = (a.costs, b.costs)
        sessions = (a.injections_discounted, b.injections_discounted)
        surgeries = (a.surgeries_discounted, b.surgeries_discounted)
    else:
        costs = (a.costs_undiscounted, b.costs_undiscounted)
        sessions = (a.injections, b.injections)
        surgeries = (a.surgeries, b.surgeries)
    other = [c - params.c_btx_session * s - params.c_mvd * m for c, s, m in zip(costs, sessions, surgeries)]
    inc = (
        (other[0] - other[1])
        + session_costs[None, :] * (sessions[0] - sessions[1])
        + mvd_costs[:, None] * (surgeries[0] - surgeries[1])
    )
    return TwoWayResult(comparator, reference, session_costs, mvd_costs, inc, discounted)


# ----------------------------------------------------------------------------------------------
# cross-check: permanent complications as explicit duplicated states (note, section 6.3.5)


def explicit_complication_model(
    params: Parameters | None = None, settings: Settings | None = None, strategy: str = "mvd_now"
) -> dict[str, float]:
    """Discounted totals of a model in which every state has a `_COMP` copy for patients living with a
    permanent complication (utility lowered by the expected disutility of one), instead of the
    overlay. A patient acquires at most one complication (an operation in a `_COMP` state adds
    none), so it equals the overlay exactly when nobody has a second operation."""
    params = _params(params)
    settings = _settings(settings)
    _strategy("strategy", strategy)
    timeline = _timeline(params.age0, params.female, params.discount_rate, settings)
    chain = _chain(_values_from(params), strategy)
    S = len(STATES)
    p_any = params.p_perm_hearing_loss + params.p_perm_facial_palsy + params.p_stroke
    loss = (
        params.p_perm_hearing_loss * params.dis_hearing_loss
        + params.p_perm_facial_palsy * params.dis_facial_palsy
        + params.p_stroke * params.dis_stroke
    )
    dis_given_comp = loss / p_any if p_any > 0 else 0.0
    outcome_alive = chain.surgery_outcome[0] * ALIVE
    to_comp = p_any * chain.surgery_rate[0][:, None] * outcome_alive[None, :]

    Q = np.zeros((2 * S, 2 * S))
    Q[:S, :S] = chain.Q[0] - to_comp
    Q[:S, S:] = to_comp
    Q[S:, S:] = chain.Q[0]
    start_comp = p_any * chain.start_surgery[0] * outcome_alive
    start = np.concatenate([chain.start[0] - start_comp, start_comp])
    states = STATES + tuple(f"{s}_COMP" for s in STATES)

    def doubled(values, comp_shift=0.0):
        return np.concatenate([values[0], values[0] - comp_shift])

    qaly_state = doubled(chain.state["qalys"], ALIVE * dis_given_comp * CYCLE_YEARS)
    state = {
        "costs": doubled(chain.state["costs"]),
        "qalys": qaly_state,
        "life_years": doubled(chain.state["life_years"]),
    }
    flow = {"costs": doubled(chain.flow["costs"]), "qalys": doubled(chain.flow["qalys"])}
    sums = markov.weighted_occupancy(
        states,
        Q,
        start,
        timeline.weights[[0, 2]],
        n_cycles=timeline.n_cycles,
        background_death=timeline.death,
        dead_state="DEAD",
    )
    out = {}
    for name in ("costs", "qalys"):
        out[name] = float(chain.at_start[name][0] + sums[0] @ state[name] + sums[1] @ flow[name])
    out["life_years_discounted"] = float(sums[0] @ state["life_years"])
    return out
