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
- Residual spasm in POSTOP months is treated with Botox (cost, injections, utility of BTX_ON).
  With p_mvd_immediate = p_mvd_cure_12m this makes the MVD failures pay for Botox from month 0,
  the set-up behind the note's break-even formula (section 6.3.2).
- RECURRED carries the UNCONTROLLED utility and no cost for its one month; its patients then have
  redo MVD or restart Botox (responders to BTX_ON, non-responders to UNCONTROLLED). Botox
  non-responders pay for one trial session.
- In 'botox_then_mvd' anyone whose Botox fails is offered MVD, including patients whose earlier MVD
  failed (the model has no memory of earlier surgery). In 'botox_first' nobody has surgery.
- Spontaneous remission (rate r_spont_remission_annual, base 0) moves BTX_ON or UNCONTROLLED to
  CURED, where the MVD recurrence rate then applies.
- Background mortality from the US 2021 life table (widgets.treatment.mortality) is a competing risk
  in every alive state; MVD adds its one-off surgical death.
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

import math
import time
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Mapping, Sequence

import numpy as np

from . import markov, mortality

CYCLE_YEARS = 1.0 / 12.0
TUNNEL_MONTHS = 12
MAX_AGE = 100.0
DEFAULT_WTP = 30_000.0  # USD per QALY; ASSUMPTION (teaching default)
CURRENCY = "USD"
TRANSIENT_HEARING_MONTHS = 1.0  # ASSUMPTION
CSF_LEAK_MONTHS = 1.0  # ASSUMPTION
WEEKS_PER_YEAR = 365.25 / 7.0

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


# ----------------------------------------------------------------------------------------------
# parameter table


def beta_from_mean_sd(mean: float, sd: float) -> tuple[str, float, float]:
    """Method-of-moments Beta (dampack's beta_params): alpha = ((1-mu)/sd^2 - 1/mu) mu^2."""
    alpha = ((1.0 - mean) / sd**2 - 1.0 / mean) * mean**2
    return ("beta", round(alpha, 4), round(alpha * (1.0 / mean - 1.0), 4))


def gamma_from_mean_sd(mean: float, sd: float) -> tuple[str, float, float]:
    """Method-of-moments Gamma (dampack's gamma_params): shape mu^2/sd^2, scale sd^2/mu."""
    return ("gamma", round(mean**2 / sd**2, 4), round(sd**2 / mean, 4))


@dataclass(frozen=True)
class ParameterSpec:
    """One row of the parameter table: base value, one-way range (low, high), PSA distribution
    ('beta', a, b) | ('gamma', shape, scale) | None, allowed range for validation, unit, label,
    evidence status and the evidence id the lesson cites."""

    name: str
    base: float
    low: float | None
    high: float | None
    distribution: tuple | None
    allowed: tuple[float, float]
    unit: str
    label: str
    status: str
    evidence_id: str | None


def _spec(name, base, dsa, dist, allowed, unit, label, status, evidence_id="table"):
    low, high = dsa if dsa else (None, None)
    evidence = f"PAR-{name}" if evidence_id == "table" else evidence_id
    return ParameterSpec(name, base, low, high, dist, allowed, unit, label, status, evidence)


# Distributions written as numbers come from the note's table; those built with *_from_mean_sd had
# no numbers there and use mean = base, SD = (high - low) / 4 (ASSUMPTION: the range ~ a 95% interval).
_P = (0.0, 1.0)
_SPECS = [
    _spec("p_btx_response", 0.95, (0.73, 0.98), ("beta", 49.2, 2.6), _P, "probability", "Responds to Botox", "CONFIRMED"),
    _spec("btx_interval_months", 3.5, (3.0, 6.0), ("gamma", 21.8, 0.161), (1.0, 24.0), "months", "Interval between Botox sessions", "CONFIRMED"),
    _spec("p_btx_ae_session", 0.15, (0.05, 0.25), ("beta", 7.5, 42.5), _P, "probability per session", "Transient ptosis/weakness per session", "CONFIRMED"),
    _spec("dis_btx_ae", 0.05, (0.02, 0.10), beta_from_mean_sd(0.05, 0.02), _P, "utility loss", "Disutility of a Botox side effect", "ASSUMPTION"),
    _spec("dur_btx_ae_weeks", 3.0, (1.0, 6.0), gamma_from_mean_sd(3.0, 1.25), (0.0, 52.0), "weeks", "Duration of a Botox side effect", "ASSUMPTION"),
    _spec("r_btx_fail_annual", 0.02, (0.0, 0.05), ("beta", 3.9, 191.1), _P, "per year", "Secondary Botox failure or stopping", "CONFIRMED inputs, derived rate"),
    _spec("r_spont_remission_annual", 0.0, (0.0, 0.02), None, _P, "per year", "Spontaneous remission", "ASSUMPTION"),
    _spec("p_mvd_immediate", 0.56, (0.35, 0.65), ("beta", 54.6, 42.9), _P, "probability", "Spasm-free at discharge after MVD", "CONFIRMED"),
    _spec("p_mvd_cure_12m", 0.88, (0.77, 0.95), ("beta", 102.4, 14.0), _P, "probability", "Spasm-free 12 months after MVD", "CONFIRMED"),
    _spec("r_recur_annual", 0.008, (0.002, 0.02), ("beta", 4.0, 491.0), _P, "per year", "Recurrence after cure", "CONFIRMED inputs, derived rate"),
    _spec("p_redo_given_failure", 0.3, (0.0, 0.6), beta_from_mean_sd(0.3, 0.15), _P, "probability", "Redo MVD after failure or recurrence", "ASSUMPTION"),
    _spec("p_mvd_death", 0.001, (0.0005, 0.003), ("beta", 2.0, 2035.7), _P, "probability", "Perioperative death", "CONFIRMED"),
    _spec("p_perm_hearing_loss", 0.023, (0.01, 0.05), ("beta", 10.5, 447.1), _P, "probability", "Permanent hearing loss", "CONFIRMED"),
    _spec("p_perm_facial_palsy", 0.009, (0.003, 0.02), ("beta", 5.0, 551.4), _P, "probability", "Permanent facial palsy", "CONFIRMED"),
    _spec("p_trans_facial_palsy", 0.095, (0.05, 0.19), ("beta", 9.0, 85.5), _P, "probability", "Transient facial palsy", "CONFIRMED"),
    _spec("dur_trans_facial_palsy_months", 3.0, None, None, (0.0, 24.0), "months", "Duration of transient facial palsy", "ASSUMPTION", "PAR-p_trans_facial_palsy"),
    _spec("p_trans_hearing", 0.032, (0.01, 0.10), beta_from_mean_sd(0.032, 0.0225), _P, "probability", "Transient hearing deficit", "CONFIRMED"),
    _spec("p_csf_leak", 0.014, (0.005, 0.03), beta_from_mean_sd(0.014, 0.00625), _P, "probability", "CSF leak", "CONFIRMED"),
    _spec("p_stroke", 0.001, (0.0, 0.003), beta_from_mean_sd(0.001, 0.00075), _P, "probability", "Stroke (brainstem infarction)", "CONFIRMED"),
    _spec("u_cured", 0.95, (0.90, 1.00), ("beta", 111.9, 5.9), _P, "utility", "Utility when spasm-free", "ASSUMPTION"),
    _spec("u_btx_on", 0.85, (0.78, 0.92), ("beta", 66.9, 11.8), _P, "utility", "Utility on Botox (time-averaged)", "CONFIRMED proxy, value ASSUMPTION"),
    _spec("u_uncontrolled", 0.75, (0.65, 0.85), ("beta", 55.5, 18.5), _P, "utility", "Utility with uncontrolled spasm", "CONFIRMED proxy"),
    _spec("dis_hearing_loss", 0.05, (0.02, 0.11), beta_from_mean_sd(0.05, 0.0225), _P, "utility loss", "Disutility of permanent hearing loss", "CONFIRMED proxy, value ASSUMPTION"),
    _spec("dis_facial_palsy", 0.05, (0.02, 0.14), beta_from_mean_sd(0.05, 0.03), _P, "utility loss", "Disutility of permanent facial palsy", "CONFIRMED proxy, value ASSUMPTION"),
    _spec("dis_stroke", 0.15, (0.05, 0.30), None, _P, "utility loss", "Disutility of stroke (not in the note's table)", "ASSUMPTION", "PAR-dis_stroke"),
    _spec("dis_surgery", 0.10, (0.05, 0.30), beta_from_mean_sd(0.10, 0.0625), _P, "utility loss", "Disutility of the operation and recovery", "ASSUMPTION"),
    _spec("dur_surgery_months", 1.0, None, None, (0.0, 12.0), "months", "Duration of recovery from the operation", "ASSUMPTION", "PAR-dis_surgery"),
    _spec("c_mvd", 27_000.0, (15_000.0, 45_000.0), ("gamma", 20.25, 1333.3), (0.0, 500_000.0), "USD", "Cost of an MVD episode", "CONFIRMED"),
    _spec("c_btx_session", 600.0, (70.0, 1_500.0), ("gamma", 9.0, 66.7), (0.0, 20_000.0), "USD", "Cost of a Botox session (toxin + visit)", "CONFIRMED anchors; US value UNCONFIRMED"),
    _spec("c_complication_perm", 0.0, (0.0, 5_000.0), None, (0.0, 500_000.0), "USD", "One-off cost of a permanent complication", "ASSUMPTION"),
    _spec("discount_rate", 0.03, (0.0, 0.05), None, (0.0, 0.2), "per year", "Discount rate (costs and QALYs)", "CONFIRMED as convention"),
    _spec("age0", 50.0, (30.0, 80.0), None, (18.0, 95.0), "years", "Age at decision", "CONFIRMED"),
    _spec("female", 1, None, None, (0, 1), "0 = male, 1 = female", "Sex (life table)", "CONFIRMED"),
    _spec("severity", 1.0, None, None, (0.0, 2.0), "multiplier", "Severity: scales the utility loss of spasm", "ASSUMPTION (teaching knob)", None),
    _spec("risk_attitude", 1.0, None, None, (0.0, 5.0), "multiplier", "Dread of surgery: scales its one-off disutility", "ASSUMPTION (teaching knob)", None),
]
PARAMETER_SPECS: dict[str, ParameterSpec] = {s.name: s for s in _SPECS}


def _fmt(x) -> str:
    return f"{x:g}" if isinstance(x, (int, float, np.floating, np.integer)) else repr(x)


@dataclass(frozen=True)
class Parameters:
    """Every input of the model; defaults are the base case of the note's table (section 5).
    Construction validates: a bad value raises ValueError naming the parameter and its range."""

    p_btx_response: float = 0.95
    btx_interval_months: float = 3.5
    p_btx_ae_session: float = 0.15
    dis_btx_ae: float = 0.05
    dur_btx_ae_weeks: float = 3.0
    r_btx_fail_annual: float = 0.02
    r_spont_remission_annual: float = 0.0
    p_mvd_immediate: float = 0.56
    p_mvd_cure_12m: float = 0.88
    r_recur_annual: float = 0.008
    p_redo_given_failure: float = 0.3
    p_mvd_death: float = 0.001
    p_perm_hearing_loss: float = 0.023
    p_perm_facial_palsy: float = 0.009
    p_trans_facial_palsy: float = 0.095
    dur_trans_facial_palsy_months: float = 3.0
    p_trans_hearing: float = 0.032
    p_csf_leak: float = 0.014
    p_stroke: float = 0.001
    u_cured: float = 0.95
    u_btx_on: float = 0.85
    u_uncontrolled: float = 0.75
    dis_hearing_loss: float = 0.05
    dis_facial_palsy: float = 0.05
    dis_stroke: float = 0.15
    dis_surgery: float = 0.10
    dur_surgery_months: float = 1.0
    c_mvd: float = 27_000.0
    c_btx_session: float = 600.0
    c_complication_perm: float = 0.0
    discount_rate: float = 0.03
    age0: float = 50.0
    female: int = 1
    severity: float = 1.0
    risk_attitude: float = 1.0

    def __post_init__(self):
        self.validate()

    def validate(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            lo, hi = PARAMETER_SPECS[f.name].allowed
            if f.name == "female":
                if isinstance(value, bool) or value in (0, 1):
                    continue
                raise ValueError(f"female must be 0 or 1 (got {value!r})")
            if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
                raise ValueError(f"{f.name} must be a number between {_fmt(lo)} and {_fmt(hi)} (got {value!r})")
            if not (lo <= value <= hi):  # also rejects NaN
                raise ValueError(f"{f.name} must be between {_fmt(lo)} and {_fmt(hi)} (got {_fmt(value)})")
        if self.p_mvd_immediate > self.p_mvd_cure_12m:
            raise ValueError(
                f"p_mvd_immediate ({_fmt(self.p_mvd_immediate)}) must not exceed p_mvd_cure_12m "
                f"({_fmt(self.p_mvd_cure_12m)}): the spasm-free fraction can only grow in the first year"
            )
        total = self.p_perm_hearing_loss + self.p_perm_facial_palsy + self.p_stroke
        if total > 1.0:
            raise ValueError(
                f"p_perm_hearing_loss + p_perm_facial_palsy + p_stroke must not exceed 1 (got {_fmt(total)})"
            )

    def replace(self, **changes) -> "Parameters":
        """A copy with some values changed (validated)."""
        unknown = set(changes) - set(PARAMETER_SPECS)
        if unknown:
            raise ValueError(f"unknown parameter(s): {sorted(unknown)}")
        return replace(self, **changes)

    def as_dict(self) -> dict:
        return asdict(self)

    @property
    def d_delayed_monthly(self) -> float:
        """Monthly probability of delayed cure in POSTOP (note, section 4)."""
        return float(_delayed_cure(np.array(self.p_mvd_immediate), np.array(self.p_mvd_cure_12m)))


@dataclass(frozen=True)
class Settings:
    """How the model is run (not clinical inputs).

    horizon_years: None runs to age 100. correction: within-cycle correction of the engine
    ('half-cycle', 'simpson' or 'none'; with 'none' rewards count the occupancy at the start of
    each month). mortality: 'life_table' (US 2021), 'none', or a constant annual probability.
    """

    horizon_years: float | None = None
    correction: str = "half-cycle"
    mortality: str | float = "life_table"

    def __post_init__(self):
        if self.horizon_years is not None and not (1.0 / 12.0 <= self.horizon_years <= 100.0):
            raise ValueError(f"horizon_years must be between 1/12 and 100 (got {self.horizon_years!r})")
        if self.correction not in markov.CORRECTIONS:
            raise ValueError(f"correction must be one of {markov.CORRECTIONS} (got {self.correction!r})")
        if isinstance(self.mortality, str):
            if self.mortality not in ("life_table", "none"):
                raise ValueError(f"mortality must be 'life_table', 'none' or an annual probability (got {self.mortality!r})")
        elif not (0.0 <= self.mortality < 1.0):
            raise ValueError(f"mortality as an annual probability must be between 0 and 1 (got {self.mortality!r})")

    def n_cycles(self, age0: float) -> int:
        years = (MAX_AGE - age0) if self.horizon_years is None else self.horizon_years
        return max(1, int(round(years / CYCLE_YEARS)))


def _check_strategies(strategies: Sequence[str]) -> tuple[str, ...]:
    strategies = tuple(strategies)
    unknown = [s for s in strategies if s not in STRATEGIES]
    if unknown or not strategies:
        raise ValueError(f"strategies must be chosen from {STRATEGIES} (got {strategies})")
    return strategies


# ----------------------------------------------------------------------------------------------
# the chain, vectorised over a batch of parameter sets (deterministic run: batch of one)


def _delayed_cure(p_imm, p12):
    remaining = 1.0 - p_imm
    ratio = np.divide(1.0 - p12, remaining, out=np.ones_like(remaining, dtype=float), where=remaining > 0)
    return 1.0 - ratio ** (1.0 / TUNNEL_MONTHS)


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
    on_botox = np.zeros(S, dtype=bool)
    on_botox[BTX] = True
    on_botox[POSTOP] = True

    qaly = np.zeros((n, S))
    qaly[:, on_botox] = (u_controlled * dt - sessions * ae_loss)[:, None]
    qaly[:, UNC] = u_spasm * dt
    qaly[:, REC] = u_spasm * dt
    qaly[:, CURED] = u_cured * dt
    cost = np.zeros((n, S))
    cost[:, on_botox] = (sessions * v["c_btx_session"])[:, None]
    injections = np.zeros((n, S))
    injections[:, on_botox] = sessions[:, None]
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
    return _Chain(Q, start, state, flow, overlay, at_start, at_start_overlay, surgery_rate, surgery_outcome, start_surgery)


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


def _timeline(age0: float, female: int, discount_rate: float, settings: Settings) -> _Timeline:
    T = settings.n_cycles(age0)
    if settings.mortality == "life_table":
        death = mortality.death_probabilities(age0, T, bool(female), CYCLE_YEARS)
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
class Comparison:
    """A strategy against the reference: increments, ICER (USD per QALY) or a dominance status."""

    strategy: str
    costs: float
    qalys: float
    inc_costs: float
    inc_qalys: float
    icer: float | None
    status: str
    inc_nmb: float


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

    def break_even_years(self, surgery: str = "mvd_now", comparator: str = REFERENCE, discounted: bool = True) -> float | None:
        """Years until the cumulative cost of `surgery` falls to that of `comparator` (None: not
        within the horizon)."""
        a, b = self.strategies[surgery], self.strategies[comparator]
        if discounted:
            return break_even_years(a.cumulative_cost, b.cumulative_cost)
        return break_even_years(a.cumulative_cost_undiscounted, b.cumulative_cost_undiscounted)

    def compare(self, reference: str = REFERENCE, wtp: float = DEFAULT_WTP) -> list[Comparison]:
        names = list(self.strategies)
        return compare(names, [self.strategies[s].costs for s in names], [self.strategies[s].qalys for s in names], reference, wtp)

    def frontier(self) -> list[dict]:
        names = list(self.strategies)
        return efficiency_frontier(names, [self.strategies[s].costs for s in names], [self.strategies[s].qalys for s in names])

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


def break_even_years(cumulative_a: np.ndarray, cumulative_b: np.ndarray, cycle_years: float = CYCLE_YEARS) -> float | None:
    """First time the cumulative cost curve a (starts higher, e.g. surgery) falls to curve b, with
    linear interpolation between months; 0.0 if a is never above b at the start, None if it stays
    above for the whole horizon."""
    gap = np.asarray(cumulative_a, dtype=float) - np.asarray(cumulative_b, dtype=float)
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
    params = params or Parameters()
    settings = settings or Settings()
    strategies = _check_strategies(strategies)
    timeline = _timeline(params.age0, params.female, params.discount_rate, settings)
    values = _values_from(params)
    chains = [_chain(values, s) for s in strategies]
    Q = np.concatenate([c.Q for c in chains])
    start = np.concatenate([c.start for c in chains])
    traces = markov.cohort_trace(
        STATES, Q, start, n_cycles=timeline.n_cycles, batched=True,
        background_death=timeline.death, dead_state="DEAD",
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


def transition_matrix(params: Parameters | None = None, strategy: str = REFERENCE) -> np.ndarray:
    """The strategy's monthly transition matrix among background survivors, (S, S); the matrix of
    cycle t is (1 - m_t) * Q + m_t * (every state -> DEAD)."""
    _check_strategies([strategy])
    return _chain(_values_from(params or Parameters()), strategy).Q[0]


def start_distribution(params: Parameters | None = None, strategy: str = REFERENCE) -> np.ndarray:
    _check_strategies([strategy])
    return _chain(_values_from(params or Parameters()), strategy).start[0]


def background_death(params: Parameters | None = None, settings: Settings | None = None) -> np.ndarray:
    """Monthly background death probabilities over the horizon, (T,)."""
    params = params or Parameters()
    return _timeline(params.age0, params.female, params.discount_rate, settings or Settings()).death


# ----------------------------------------------------------------------------------------------
# cost-effectiveness summaries


def compare(
    names: Sequence[str], costs: Sequence[float], qalys: Sequence[float], reference: str = REFERENCE, wtp: float = DEFAULT_WTP
) -> list[Comparison]:
    """Each strategy against `reference`: ICER = dCost / dQALY when both move the same way;
    'dominant' (cheaper or equal and more effective), 'dominated' (dearer or equal and no more
    effective). In the south-west quadrant (cheaper, less effective) the ICER is the saving per
    QALY given up."""
    names = list(names)
    if reference not in names:
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


def efficiency_frontier(names: Sequence[str], costs: Sequence[float], qalys: Sequence[float]) -> list[dict]:
    """Sequential ICERs along the cost-effectiveness frontier, as dampack's calculate_icers: sort by
    cost, drop strongly dominated strategies, then drop extendedly dominated ones until ICERs rise."""
    order = sorted(range(len(names)), key=lambda i: (costs[i], -qalys[i]))
    status = {i: "frontier" for i in order}
    best_q = -math.inf
    for i in order:  # strong dominance: costs at least as much, no more effective than a cheaper one
        if qalys[i] <= best_q:
            status[i] = "dominated"
        best_q = max(best_q, qalys[i])
    changed = True
    while changed:
        changed = False
        front = [i for i in order if status[i] == "frontier"]
        icers = [(costs[b] - costs[a]) / (qalys[b] - qalys[a]) for a, b in zip(front, front[1:])]
        for k in range(1, len(icers)):
            if icers[k] < icers[k - 1]:
                status[front[k]] = "extendedly dominated"
                changed = True
                break
    rows, previous = [], None
    for i in order:
        icer = None
        if status[i] == "frontier":
            if previous is not None:
                icer = (costs[i] - costs[previous]) / (qalys[i] - qalys[previous])
            previous = i
        rows.append({"strategy": names[i], "costs": float(costs[i]), "qalys": float(qalys[i]), "status": status[i], "icer": icer})
    return rows


# ----------------------------------------------------------------------------------------------
# batched evaluation (one-way sensitivity analysis, PSA)


_SHARED_BY_BATCH = ("age0", "female", "discount_rate")
_SPLIT_BATCH = 200  # parameter sets from which each strategy gets its own engine call


def batch_transitions(values: Mapping[str, np.ndarray], strategy: str) -> tuple[np.ndarray, np.ndarray]:
    """Transition matrices among background survivors (N, S, S) and start distributions (N, S) for
    N parameter sets given as arrays, e.g. the `draws` of a PSAResult."""
    _check_strategies([strategy])
    chain = _chain({name: np.atleast_1d(np.asarray(values[name], dtype=float)) for name in PARAMETER_SPECS}, strategy)
    return chain.Q, chain.start


def _evaluate_batch(values: dict[str, np.ndarray], settings: Settings, strategies: Sequence[str]) -> tuple[dict, dict]:
    """Discounted and undiscounted totals for N parameter sets sharing age0, female and the
    discount rate; arrays (N, len(strategies)) per reward.

    Small batches (the one-way analysis) make one engine call for all strategies, since there the
    cost is per call, and parameter sets that leave a chain unchanged (a cost, a utility, or an MVD
    input under Botox-first) share one walk. Large batches (the PSA) make one call per strategy, so
    that Botox-first, which never enters the post-operative tunnel, walks 5 states instead of 17."""
    n = len(values["age0"])
    timeline = _timeline(float(values["age0"][0]), int(values["female"][0]), float(values["discount_rate"][0]), settings)
    chains = [_chain(values, s) for s in strategies]

    def occupancy_sums(Q, start):
        return markov.weighted_occupancy(STATES, Q, start, timeline.weights, n_cycles=timeline.n_cycles, batched=True,
                                         background_death=timeline.death, dead_state="DEAD")

    if n < _SPLIT_BATCH:
        Q, start = np.concatenate([c.Q for c in chains]), np.concatenate([c.start for c in chains])
        seen: dict[bytes, int] = {}  # a row's bytes -> its walk (np.unique over rows is 5 ms here)
        walk = np.array([seen.setdefault(row.tobytes(), len(seen))
                         for row in np.concatenate([Q.reshape(len(Q), -1), start], axis=1)])
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
        low, high = getattr(self, f"inc_{_METRICS[metric]}_low"), getattr(self, f"inc_{_METRICS[metric]}_high")
        return abs(high - low)


_METRICS = {"nmb": "nmb", "costs": "costs", "qalys": "qalys"}


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
    skipped: dict[str, str]  # parameter -> why (e.g. its range would break p_imm <= p12)


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
    params = params or Parameters()
    settings = settings or Settings()
    if metric not in _METRICS:
        raise ValueError(f"metric must be one of {tuple(_METRICS)} (got {metric!r})")
    if not wtp >= 0:
        raise ValueError(f"wtp must be at least 0 (got {wtp})")
    pair = _check_strategies([comparator, reference])
    names = [n for n in (names or PARAMETER_SPECS) if PARAMETER_SPECS[n].low is not None]

    variants, labels, skipped = [params], [("base", "")], {}
    for name in names:
        spec = PARAMETER_SPECS[name]
        for side, value in (("low", spec.low), ("high", spec.high)):
            try:
                variants.append(params.replace(**{name: value}))
                labels.append((name, side))
            except ValueError as error:
                skipped[name] = str(error)
    results = {}
    groups: dict[tuple, list[int]] = {}
    for i, p in enumerate(variants):
        groups.setdefault((p.age0, p.female, p.discount_rate), []).append(i)
    for members in groups.values():
        disc, _ = _evaluate_batch(_values_from([variants[i] for i in members]), settings, pair)
        for row, i in enumerate(members):
            dc = disc["costs"][row, 0] - disc["costs"][row, 1]
            dq = disc["qalys"][row, 0] - disc["qalys"][row, 1]
            results[labels[i]] = (float(dc), float(dq), float(wtp * dq - dc))

    rows = []
    for name in names:
        if name in skipped:
            continue
        spec = PARAMETER_SPECS[name]
        lo, hi = results[(name, "low")], results[(name, "high")]
        rows.append(TornadoRow(name, spec.label, spec.unit, spec.low, spec.high, lo[0], hi[0], lo[1], hi[1], lo[2], hi[2]))
    rows.sort(key=lambda r: r.swing(metric), reverse=True)
    base = results[("base", "")]
    return OneWayResult(comparator, reference, wtp, metric, base[0], base[1], base[2], rows, skipped)


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


def acceptability(costs: np.ndarray, qalys: np.ndarray, wtp: np.ndarray) -> np.ndarray:
    """CEAC: for each willingness to pay, the share of draws in which each strategy has the highest
    net monetary benefit; (len(wtp), K), rows sum to 1 (ties go to the first strategy)."""
    wtp = np.asarray(wtp, dtype=float)
    nmb = wtp[:, None, None] * qalys[None] - costs[None]  # (W, n, K)
    best = nmb.argmax(axis=2)
    K = costs.shape[1]
    return np.stack([(best == k).mean(axis=1) for k in range(K)], axis=1)


def sample_parameters(
    params: Parameters, n: int, seed: int, distributions: Mapping[str, tuple | None] | None = None
) -> tuple[dict[str, np.ndarray], int]:
    """n draws of every parameter: the table's distribution unless `distributions` overrides it
    (None = held at the value in `params`). Draws outside a parameter's allowed range are clipped,
    and p_mvd_immediate is capped at p_mvd_cure_12m; the number of draws changed is returned."""
    if not (isinstance(n, (int, np.integer)) and n >= 1):
        raise ValueError(f"n must be a whole number of at least 1 (got {n!r})")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise ValueError(f"seed must be an integer (got {seed!r})")
    overrides = dict(distributions or {})
    unknown = set(overrides) - set(PARAMETER_SPECS)
    if unknown:
        raise ValueError(f"unknown parameter(s) in distributions: {sorted(unknown)}")
    rng = np.random.default_rng(seed)
    draws, adjusted = {}, np.zeros(n, dtype=bool)
    for name, spec in PARAMETER_SPECS.items():
        dist = overrides.get(name, spec.distribution)
        value = float(getattr(params, name))
        if dist is None:
            draws[name] = np.full(n, value)
            continue
        kind, a, b = dist
        if kind == "beta":
            x = rng.beta(a, b, n)
        elif kind == "gamma":
            x = rng.gamma(a, b, n)
        else:
            raise ValueError(f"distribution of {name} must be ('beta', a, b), ('gamma', shape, scale) or None (got {dist!r})")
        lo, hi = spec.allowed
        clipped = np.clip(x, lo, hi)
        adjusted |= clipped != x
        draws[name] = clipped
    capped = np.minimum(draws["p_mvd_immediate"], draws["p_mvd_cure_12m"])
    adjusted |= capped != draws["p_mvd_immediate"]
    draws["p_mvd_immediate"] = capped
    return draws, int(adjusted.sum())


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
    params = params or Parameters()
    settings = settings or Settings()
    strategies = _check_strategies(strategies)
    if reference not in strategies:
        raise ValueError(f"reference must be one of {strategies} (got {reference!r})")
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
        ceac=acceptability(disc["costs"], disc["qalys"], grid),
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
    params = params or Parameters()
    session_costs = np.arange(50.0, 1_501.0, 50.0) if session_costs is None else np.asarray(session_costs, dtype=float)
    mvd_costs = np.arange(10_000.0, 50_001.0, 1_000.0) if mvd_costs is None else np.asarray(mvd_costs, dtype=float)
    for name, grid, spec in (("session_costs", session_costs, "c_btx_session"), ("mvd_costs", mvd_costs, "c_mvd")):
        lo, hi = PARAMETER_SPECS[spec].allowed
        if grid.ndim != 1 or grid.size == 0 or not ((grid >= lo) & (grid <= hi)).all():
            raise ValueError(f"{name} must be a non-empty list of values between {lo:g} and {hi:g}")
    pair = _check_strategies([comparator, reference])
    reusable = (result is not None and result.params == params and result.settings == (settings or Settings())
                and set(pair) <= set(result.strategies))
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
    params = params or Parameters()
    settings = settings or Settings()
    _check_strategies([strategy])
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
    state = {"costs": doubled(chain.state["costs"]), "qalys": qaly_state, "life_years": doubled(chain.state["life_years"])}
    flow = {"costs": doubled(chain.flow["costs"]), "qalys": doubled(chain.flow["qalys"])}
    sums = markov.weighted_occupancy(
        states, Q, start, timeline.weights[[0, 2]], n_cycles=timeline.n_cycles,
        background_death=timeline.death, dead_state="DEAD",
    )
    out = {}
    for name in ("costs", "qalys"):
        out[name] = float(chain.at_start[name][0] + sums[0] @ state[name] + sums[1] @ flow[name])
    out["life_years_discounted"] = float(sums[0] @ state["life_years"])
    return out


# ----------------------------------------------------------------------------------------------
# timing check (a measurement, not a test): python -m widgets.treatment.model


def _time(fn, repeat: int) -> float:
    fn()
    best = math.inf
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    return best * 1000


if __name__ == "__main__":
    base = run_model()
    for row in base.table():
        print({k: (round(v, 4) if isinstance(v, float) else v) for k, v in row.items()})
    print("break-even (years): discounted", base.break_even_years(), "undiscounted", base.break_even_years(discounted=False))
    for c in base.compare():
        print(c)
    print(f"deterministic run, 3 strategies, lifetime: {_time(run_model, 50):.2f} ms (best of 50)")
    print(f"PSA, 1,000 draws: {_time(lambda: psa(seed=1), 5):.1f} ms (best of 5)")
    print(f"one-way analysis: {_time(one_way, 5):.1f} ms (best of 5)")
    print(f"two-way map: {_time(two_way_costs, 20):.2f} ms (best of 20)")
