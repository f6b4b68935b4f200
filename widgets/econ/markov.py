"""A general Markov cohort engine, numpy only, in the style of the DARTH tutorials.

Conventions
-----------
- `states` names the S health states; `start` is the cohort's distribution at time 0.
- A transition array is constant, shape (S, S), or time-dependent, shape (T, S, S): entry [t, i, j]
  is the probability of moving from state i to state j during cycle t (t = 0 .. T-1).
- Batches: with `batched=True` every array gains a leading axis of N independent cohorts (e.g. PSA
  draws): P is (N, S, S) or (N, T, S, S), start is (N, S), and outputs gain the same leading axis.
- The trace has T+1 rows: row t is the occupancy at the time point t (in cycles); row 0 is `start`.
- State rewards are amounts per cycle spent in a state (a utility is utility x cycle length): shape
  (S,) or per cycle (T, S). A within-cycle correction decides how the two time points that bound a
  cycle share its reward: 'none' counts the occupancy at one end only (`count_at='start'` or 'end'),
  'half-cycle' averages both ends, 'simpson' applies Simpson's 1/3 rule over the whole horizon.
- Transition rewards are one-off amounts per unit of flow i -> j in a cycle, shape (S, S) or
  (T, S, S); the flow in cycle t is trace[t][:, None] * P[t]. They are discounted at the end of
  the cycle (the moment the new state begins) and take no within-cycle correction.
- Discounting: a point t carries the factor 1 / (1 + rate) ** (t * cycle_years); each reward name
  may have its own rate (e.g. costs and effects).
- Background mortality as a competing risk (optional): with `background_death` m (one probability
  per cycle) and `dead_state`, the effective matrix is P_eff[t] = (1 - m_t) * P + m_t * (all -> dead),
  so P holds the transitions among those who survive background causes and must keep the dead
  state absorbing. This keeps a constant P constant (small memory, fast batches) while mortality
  rises with age. m is (T,), or per batch member (N, T). Transition rewards then apply to the flows
  of P among background survivors; background deaths carry no one-off reward.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np

from . import checks

CORRECTIONS = ("none", "half-cycle", "simpson")
MAX_CYCLES = 100_000  # far beyond any lifetime model (a monthly model of 8,000 years); guards memory
ROW_SUM_TOLERANCE = 1e-9
RANGE_TOLERANCE = 1e-12
# Above this batch size a sparse transition matrix is stepped edge by edge (one vector operation
# per nonzero off-diagonal entry), which beats N small matrix products by about 2x for PSA batches.
# Below it the per-call cost dominates and the matrix products win (measured on the one-way batch).
_SPARSE_MIN_BATCH = 64
_SPARSE_MAX_DENSITY = 0.5  # not less: the PSA's 5-state Botox-first chain (11 of 25 nonzero) steps 4x faster (measured)
_FAN_IN = 4  # a state with at least this many incoming states is updated with one weighted sum
_BLOCK = 16  # time points held at once when only weighted sums are wanted (fits in cache)
_COLUMNS = 2048  # columns per matrix product when reducing a block (see weighted_occupancy)


@dataclass(frozen=True)
class MarkovResult:
    """Output of `run_markov`.

    trace: occupancy, ([N,] T+1, S). totals: discounted, corrected total per reward name, a scalar
    or (N,). per_cycle: each cycle's contribution to that total, ([N,] T); totals are their sums.
    """

    states: tuple[str, ...]
    trace: np.ndarray
    totals: dict[str, np.ndarray]
    per_cycle: dict[str, np.ndarray]

    def occupancy(self, state: str) -> np.ndarray:
        """The trace column of one state, ([N,] T+1)."""
        return self.trace[..., self.states.index(state)]


def rate_to_prob(rate, years: float = 1.0):
    """Probability of at least one event in `years` at a constant annual rate: 1 - exp(-rate * years)."""
    rate = checks.array("rate", rate, 0.0)
    years = checks.number("years", years, 0.0, 1e6)
    return 1.0 - np.exp(-rate * years)


def rescale_prob(prob, from_years: float, to_years: float):
    """Probability over `to_years` from one over `from_years`, assuming a constant hazard:
    1 - (1 - p) ** (to_years / from_years). Annual q(x) to monthly: rescale_prob(q, 1, 1/12)."""
    prob = checks.array("prob", prob, 0.0, 1.0)
    from_years = checks.number("from_years", from_years, 0.0, 1e6, low_open=True)
    to_years = checks.number("to_years", to_years, 0.0, 1e6)
    return 1.0 - (1.0 - prob) ** (to_years / from_years)


def discount_factors(n_cycles: int, rate: float, cycle_years: float) -> np.ndarray:
    """Factor of each time point 0..T: 1 / (1 + rate) ** (t * cycle_years)."""
    n_cycles = checks.whole("n_cycles", n_cycles, 0, MAX_CYCLES)
    rate = checks.number("discount rate", rate, 0.0, 1.0)
    cycle_years = checks.number("cycle_years", cycle_years, 0.0, 100.0, low_open=True)
    return (1.0 + rate) ** (-np.arange(n_cycles + 1) * cycle_years)


def _custom_weights(n_cycles: int, weights) -> np.ndarray:
    """Explicit within-cycle weights: (2,) for every cycle or (T, 2), finite and not negative."""
    w = checks.array("correction (custom weights)", weights, 0.0, 1e6, ndim=(1, 2))
    if w.shape not in ((2,), (n_cycles, 2)):
        raise ValueError(
            f"correction as custom weights must have shape (2,) or (n_cycles, 2) = ({n_cycles}, 2) (got {w.shape})"
        )
    return np.array(np.broadcast_to(w, (n_cycles, 2)))


def cycle_weights(n_cycles: int, correction="half-cycle", count_at: str = "start") -> np.ndarray:
    """Within-cycle weights, (T, 2): column 0 weighs the point that opens cycle t, column 1 the point
    that closes it. Simpson's rule needs pairs of cycles; with an odd T the last cycle uses the
    trapezoid (half-cycle) rule. Simpson point weights are split equally between the two cycles a
    point bounds, so per-cycle values sum to the composite rule exactly.

    `correction` may also be explicit weights, (2,) for every cycle or (T, 2) one pair per cycle, so
    that a published model's own convention (e.g. a first cycle counted in full) is reproduced exactly."""
    n_cycles = checks.whole("n_cycles", n_cycles, 1, MAX_CYCLES)
    if not isinstance(correction, str):
        return _custom_weights(n_cycles, correction)
    checks.choice("correction", correction, CORRECTIONS)
    checks.choice("count_at", count_at, ("start", "end"))
    weights = np.zeros((n_cycles, 2))
    if correction == "none":
        weights[:, 0 if count_at == "start" else 1] = 1.0
    elif correction == "half-cycle":
        weights[:] = 0.5
    else:
        n_even = n_cycles - n_cycles % 2
        points = np.zeros(n_cycles + 1)
        if n_even:
            points[: n_even + 1] = 2.0 / 3.0
            points[1:n_even:2] = 4.0 / 3.0
            points[0] = points[n_even] = 1.0 / 3.0
        if n_cycles % 2:
            points[n_cycles - 1] += 0.5
            points[n_cycles] += 0.5
        share = np.full(n_cycles + 1, 0.5)
        share[0] = share[-1] = 1.0
        weights[:, 0] = points[:-1] * share[:-1]
        weights[:, 1] = points[1:] * share[1:]
    return weights


def point_weights(n_cycles: int, correction="half-cycle", count_at: str = "start") -> np.ndarray:
    """Weight of each time point 0..T for a reward that is constant over time, (T+1,)."""
    weights = cycle_weights(n_cycles, correction, count_at)
    points = np.zeros(n_cycles + 1)
    points[:-1] += weights[:, 0]
    points[1:] += weights[:, 1]
    return points


# ----------------------------------------------------------------------------------------------
# validation


def _as_names(states):
    # a string of one-letter names ("abcde") is a sequence of states, as tuple() has always read it
    return tuple(states) if isinstance(states, str) else states


def _where(batched: bool, draw: int, time_dependent: bool, cycle: int) -> str:
    parts = []
    if time_dependent:
        parts.append(f"in cycle {cycle}")
    if batched:
        parts.append(f"in batch member {draw}")
    return (" " + " ".join(parts)) if parts else ""


def check_transitions(states: Sequence[str], P: np.ndarray, *, batched: bool = False) -> None:
    """Raise ValueError unless every entry of P is in [0, 1] and every row sums to 1 (+-1e-9);
    the message names the state(s) and, where relevant, the cycle and batch member."""
    states = checks.names("states", _as_names(states))
    P4, time_dependent = _as_4d(P, len(states), batched)
    if not np.isfinite(P4).all():
        n, t, i, j = np.argwhere(~np.isfinite(P4))[0]
        raise ValueError(
            f"transition probability '{states[i]}' -> '{states[j]}'{_where(batched, n, time_dependent, t)} "
            f"must be a finite number between 0 and 1 (got {P4[n, t, i, j]})"
        )
    bad = (P4 < -RANGE_TOLERANCE) | (P4 > 1.0 + RANGE_TOLERANCE)
    if bad.any():
        n, t, i, j = np.argwhere(bad)[0]
        raise ValueError(
            f"transition probability '{states[i]}' -> '{states[j]}'{_where(batched, n, time_dependent, t)} "
            f"must be between 0 and 1 (got {P4[n, t, i, j]:.12g})"
        )
    sums = P4.sum(axis=-1)
    bad = np.abs(sums - 1.0) > ROW_SUM_TOLERANCE
    if bad.any():
        n, t, i = np.argwhere(bad)[0]
        raise ValueError(
            f"transition probabilities out of state '{states[i]}'{_where(batched, n, time_dependent, t)} "
            f"must sum to 1 (+-{ROW_SUM_TOLERANCE:g}); they sum to {sums[n, t, i]:.12g}"
        )


def _as_4d(P, n_states: int, batched: bool) -> tuple[np.ndarray, bool]:
    """View P as (N, T or 1, S, S) and say whether it depends on time."""
    batched = checks.flag("batched", batched)
    if isinstance(P, (str, bytes, dict)) or P is None:
        raise checks.WrongType(f"P must be an array of transition probabilities (got {P!r})"[:300])
    try:
        P = np.asarray(P, dtype=float)
    except (TypeError, ValueError):
        raise checks.WrongType("P must be an array of transition probabilities between 0 and 1") from None
    expected = (3, 4) if batched else (2, 3)
    if P.ndim not in expected or P.shape[-2:] != (n_states, n_states):
        form = "(N, S, S) or (N, T, S, S)" if batched else "(S, S) or (T, S, S)"
        raise ValueError(f"P must have shape {form} with S = {n_states} states (got {P.shape})")
    time_dependent = P.ndim == expected[1]
    if not batched:
        P = P[None]
    if not time_dependent:
        P = P[:, None]
    return P, time_dependent


def _prepare(states, P, start, n_cycles, batched, background_death, dead_state):
    """Validate inputs and bring them to batched form: P4 (N, T|1, S, S), start (N, S),
    death (N|1, T) or None, dead index or None."""
    states = checks.names("states", _as_names(states))
    S = len(states)
    check_transitions(states, P, batched=batched)
    P4, time_dependent = _as_4d(P, S, batched)
    if time_dependent:
        if n_cycles is not None and n_cycles != P4.shape[1]:
            raise ValueError(f"n_cycles ({n_cycles}) must equal the time axis of P ({P4.shape[1]})")
        n_cycles = P4.shape[1]
    elif n_cycles is None:
        raise ValueError("n_cycles is required when P does not depend on time")
    n_cycles = checks.whole("n_cycles", n_cycles, 1, MAX_CYCLES)

    start = checks.array("start", start, -RANGE_TOLERANCE, 1.0 + RANGE_TOLERANCE)
    if start.shape != ((P4.shape[0], S) if batched else (S,)):
        raise ValueError(f"start must have shape {'(N, S)' if batched else '(S,)'} (got {start.shape})")
    start = start.reshape(-1, S)
    if start.shape[0] != P4.shape[0]:
        raise ValueError(f"start and P must have the same batch size ({start.shape[0]} vs {P4.shape[0]})")
    if (start < -RANGE_TOLERANCE).any() or np.abs(start.sum(axis=1) - 1.0).max() > ROW_SUM_TOLERANCE:
        raise ValueError("start must be a probability distribution over the states (>= 0, summing to 1)")

    death = dead = None
    if background_death is not None:
        if not isinstance(dead_state, str) or dead_state not in states:
            raise ValueError(f"dead_state must be one of the states {states} (got {dead_state!r})")
        dead = states.index(dead_state)
        if np.abs(P4[:, :, dead, dead] - 1.0).max() > RANGE_TOLERANCE:
            raise ValueError(f"dead_state '{dead_state}' must be absorbing in P ('{dead_state}' -> '{dead_state}' = 1)")
        death = checks.array("background_death", background_death)
        if death.ndim == 0 or death.shape[-1] != n_cycles or death.ndim not in ((1, 2) if batched else (1,)):
            raise ValueError(
                f"background_death must have shape {'(T,) or (N, T)' if batched else '(T,)'} with T = {n_cycles} "
                f"(got {death.shape})"
            )
        if not np.isfinite(death).all() or (death < 0).any() or (death > 1).any():
            raise ValueError("background_death must be between 0 and 1 in every cycle")
        death = death.reshape(-1, n_cycles)
        if death.shape[0] not in (1, P4.shape[0]):
            raise ValueError(f"background_death must have one row per batch member ({P4.shape[0]})")
        if (death == death[0]).all():
            death = death[:1]
    return states, P4, time_dependent, start, n_cycles, death, dead


# ----------------------------------------------------------------------------------------------
# stepping: the cohort is held state-major, x[s, n], so each state's row is one contiguous vector.
#
# Mortality shared by the whole batch is not applied step by step. Because DEAD is absorbing,
# occupancy(t) = S(t) * X(t) + (1 - S(t)) * e_dead, where X follows P alone and S(t) is background
# survival to t; the walk computes X and the callers fold S in (one operation instead of T).


def _stepper(P4: np.ndarray, time_dependent: bool):
    """Return step(t, x, out) writing x @ P[t] into out, for state-major x and out of shape (S, N)."""
    N, _, S, _ = P4.shape
    if not time_dependent:
        P = P4[:, 0]
        nonzero = (P != 0).any(axis=0)
        off_diagonal = nonzero & ~np.eye(S, dtype=bool)
        if N >= _SPARSE_MIN_BATCH and nonzero.sum() <= _SPARSE_MAX_DENSITY * S * S:
            diagonal = np.ascontiguousarray(np.diagonal(P, axis1=1, axis2=2).T)  # (S, N)
            edges, fan_ins = [], []
            for j in range(S):
                sources = np.nonzero(off_diagonal[:, j])[0]
                if len(sources) >= _FAN_IN:
                    # a state fed by many others (e.g. CURED): one weighted sum over the source range
                    a, b = int(sources[0]), int(sources[-1]) + 1
                    weights = np.ascontiguousarray(P[:, a:b, j].T)
                    if a <= j < b:
                        weights[j - a] = 0.0  # the diagonal is already in `diagonal`
                    fan_ins.append((j, a, b, weights))
                else:
                    edges.extend((int(i), j, np.ascontiguousarray(P[:, i, j])) for i in sources)

            def step_sparse(t, x, out):
                np.multiply(x, diagonal, out=out)
                rows_in, rows_out = list(x), list(out)
                for i, j, p in edges:
                    rows_out[j] += rows_in[i] * p
                for j, a, b, weights in fan_ins:
                    rows_out[j] += np.einsum("kn,kn->n", x[a:b], weights)

            return step_sparse

        def step_constant(t, x, out):
            out[...] = np.matmul(x.T[:, None, :], P)[:, 0, :].T

        return step_constant

    def step_time(t, x, out):
        out[...] = np.matmul(x.T[:, None, :], P4[:, t])[:, 0, :].T

    return step_time


def _walk(P4, time_dependent, start, n_cycles, death, dead, slot):
    """Write the occupancy of points t = 0..T into slot(t), an (S, N) array, yielding t after each.
    Only mortality that differs between batch members is applied here (see above)."""
    step = _stepper(P4, time_dependent)
    per_member = death is not None and death.shape[0] > 1
    x = slot(0)
    x[...] = start.T
    yield 0
    for t in range(n_cycles):
        out = slot(t + 1)
        step(t, x, out)
        if per_member:
            m = death[:, t]
            out *= 1.0 - m
            out[dead] += m
        x = out
        yield t + 1


def _shared_survival(death) -> np.ndarray | None:
    """Background survival S(t) at points 0..T when one mortality applies to every member, else None."""
    if death is None or death.shape[0] > 1:
        return None
    return np.concatenate([[1.0], np.cumprod(1.0 - death[0])])


def _reachable(P4: np.ndarray, start: np.ndarray, dead: int | None) -> np.ndarray:
    """Sorted indices of the states any member can occupy at any time: those holding start mass,
    the dead state when background mortality applies, and every state a nonzero entry leads to."""
    edges = (P4 != 0).any(axis=(0, 1))
    reached = (start != 0).any(axis=0)
    if dead is not None:
        reached[dead] = True
    while True:
        grown = reached | edges[reached].any(axis=0)
        if (grown == reached).all():
            return np.nonzero(reached)[0]
        reached = grown


def _trace_by_powers(P: np.ndarray, start: np.ndarray, T: int) -> np.ndarray:
    """Occupancy at every point, (T+1, S, N), for constant matrices P (N, S, S) and no per-member
    mortality: x(t + b) = x(t) @ P^b for b = 1.._BLOCK, so one matrix product per block of points
    replaces _BLOCK vector-matrix steps (a deterministic lifetime run: 600 steps -> 38 products)."""
    N, S, _ = P.shape
    B = min(_BLOCK, T)
    powers = np.empty((N, B, S, S))
    powers[:, 0] = P
    for b in range(1, B):
        np.matmul(powers[:, b - 1], P, out=powers[:, b])
    ladder = np.ascontiguousarray(powers.transpose(0, 2, 1, 3).reshape(N, S, B * S))  # x @ ladder = [xP, xP^2, ...]
    trace = np.empty((T + 1, N, S))
    trace[0] = start
    for t in range(0, T, B):
        n = min(B, T - t)
        block = np.matmul(trace[t][:, None, :], ladder[:, :, : n * S])[:, 0]
        trace[t + 1 : t + 1 + n] = block.reshape(N, n, S).transpose(1, 0, 2)
    return trace.transpose(0, 2, 1)


def _full_trace(P4, td, start, T, death, dead) -> np.ndarray:
    """Occupancy at every point, (T+1, S, N)."""
    if not td and (death is None or death.shape[0] == 1) and start.shape[0] < _SPARSE_MIN_BATCH:
        trace = np.ascontiguousarray(_trace_by_powers(P4[:, 0], start, T))
    else:
        trace = np.empty((T + 1, P4.shape[2], start.shape[0]))
        for _ in _walk(P4, td, start, T, death, dead, lambda t: trace[t]):
            pass
    survival = _shared_survival(death)
    if survival is not None:
        trace *= survival[:, None, None]
        trace[:, dead] += (1.0 - survival)[:, None]
    return trace


def cohort_trace(
    states: Sequence[str],
    P,
    start,
    *,
    n_cycles: int | None = None,
    batched: bool = False,
    background_death=None,
    dead_state: str | None = None,
) -> np.ndarray:
    """The cohort trace, ([N,] T+1, S), by repeated vector-matrix products."""
    states, P4, td, start, T, death, dead = _prepare(states, P, start, n_cycles, batched, background_death, dead_state)
    trace = np.ascontiguousarray(_full_trace(P4, td, start, T, death, dead).transpose(2, 0, 1))
    return trace if batched else trace[0]


def weighted_occupancy(
    states: Sequence[str],
    P,
    start,
    weights,
    *,
    n_cycles: int | None = None,
    batched: bool = False,
    background_death=None,
    dead_state: str | None = None,
) -> np.ndarray:
    """sum_t weights[k, t] * trace[t] for each row k of `weights` (K, T+1): shape (K, [N,] S).

    Nothing of size T x N x S is kept: time points are gathered in small blocks and reduced with one
    matrix product per block. Any reward that is constant over time is a dot product of a result row
    with its state values, which is what makes large PSA batches fast.
    """
    states, P4, td, start, T, death, dead = _prepare(states, P, start, n_cycles, batched, background_death, dead_state)
    weights = np.atleast_2d(checks.array("weights", weights, ndim=(1, 2)))
    if weights.shape[1] != T + 1:
        raise ValueError(f"weights must have T+1 = {T + 1} columns (got {weights.shape[1]})")
    survival = _shared_survival(death)
    walk_weights = weights if survival is None else weights * survival
    # States the cohort can never enter stay empty: walk only the others (exactly the same result).
    kept = _reachable(P4, start, dead)
    if len(kept) < len(states):
        P4 = np.ascontiguousarray(P4[:, :, kept][:, :, :, kept])
        start = start[:, kept]
        dead = None if dead is None else int(np.searchsorted(kept, dead))
    S, N = len(kept), start.shape[0]
    total = np.zeros((weights.shape[0], S * N))
    block = np.empty((_BLOCK, S, N))
    for t in _walk(P4, td, start, T, death, dead, lambda t: block[t % _BLOCK]):
        if t % _BLOCK == _BLOCK - 1 or t == T:
            first = t - t % _BLOCK
            filled = t + 1 - first
            points = block[:filled].reshape(filled, S * N)
            # Column chunks keep each product below OpenBLAS's multi-threading threshold: on a busy
            # 2-core machine threaded BLAS made a 1,000-draw PSA about 4x slower (measured).
            for c in range(0, S * N, _COLUMNS):
                total[:, c : c + _COLUMNS] += walk_weights[:, first : t + 1] @ points[:, c : c + _COLUMNS]
    total = total.reshape(-1, S, N)
    if survival is not None:
        total[:, dead] += (weights @ (1.0 - survival))[:, None]
    if S < len(states):
        full = np.zeros((total.shape[0], len(states), N))
        full[:, kept] = total
        total = full
    total = total.transpose(0, 2, 1)
    return total if batched else total[:, 0]


# ----------------------------------------------------------------------------------------------
# rewards


def _as_reward_array(name, values, n_states, n_cycles, n_batch, batched, transition):
    """Bring a reward to (N|1, T|1, S[, S])."""
    values = checks.array(f"reward {name!r}", values)
    core = 2 if transition else 1
    shape_s = (n_states,) * core
    lead = values.shape[: values.ndim - core]
    if values.shape[values.ndim - core :] != shape_s or len(lead) > (2 if batched else 1):
        raise ValueError(f"reward {name!r} has shape {values.shape}; expected the last axes to be {shape_s}")
    if batched:
        if len(lead) == 0 or lead[0] != n_batch:
            raise ValueError(f"reward {name!r} must have a leading batch axis of {n_batch} (got {values.shape})")
        values = values if len(lead) == 2 else values[:, None]
    else:
        values = (values if len(lead) == 1 else values[None])[None]
    if values.shape[1] not in (1, n_cycles):
        raise ValueError(f"reward {name!r} has {values.shape[1]} cycles; expected 1 or {n_cycles}")
    if not np.isfinite(values).all():
        raise ValueError(f"reward {name!r} must be finite")
    return values


def run_markov(
    states: Sequence[str],
    P,
    start,
    *,
    n_cycles: int | None = None,
    state_rewards: Mapping[str, np.ndarray] | None = None,
    transition_rewards: Mapping[str, np.ndarray] | None = None,
    discount_rates: float | Mapping[str, float] = 0.0,
    cycle_years: float = 1.0,
    correction: str = "half-cycle",
    count_at: str = "start",
    batched: bool = False,
    background_death=None,
    dead_state: str | None = None,
) -> MarkovResult:
    """Run a cohort model and total its rewards (see the module docstring for every convention).

    discount_rates: one annual rate for every reward, or a mapping reward name -> rate that covers
    every name in state_rewards and transition_rewards.
    """
    for what, rewards in (("state_rewards", state_rewards), ("transition_rewards", transition_rewards)):
        if rewards is not None and not isinstance(rewards, Mapping):
            raise checks.WrongType(f"{what} must be a mapping of reward name -> values (got {rewards!r})"[:300])
    state_rewards = dict(state_rewards or {})
    transition_rewards = dict(transition_rewards or {})
    names = list(dict.fromkeys([*state_rewards, *transition_rewards]))
    if isinstance(discount_rates, Mapping):
        missing = [n for n in names if n not in discount_rates]
        if missing:
            raise ValueError(f"discount_rates has no rate for reward(s) {missing}")
        rates = {n: checks.number(f"discount_rates[{n!r}]", discount_rates[n], 0.0, 1.0) for n in names}
    else:
        rate = checks.number("discount_rates", discount_rates, 0.0, 1.0)
        rates = {n: rate for n in names}
    cycle_years = checks.number("cycle_years", cycle_years, 0.0, 100.0, low_open=True)

    states_t, P4, td, start4, T, death, dead = _prepare(
        states, P, start, n_cycles, batched, background_death, dead_state
    )
    N, S = start4.shape
    trace = _full_trace(P4, td, start4, T, death, dead).transpose(2, 0, 1)  # (N, T+1, S)
    ends = cycle_weights(T, correction, count_at)

    per_cycle: dict[str, np.ndarray] = {}
    for name in names:
        disc = discount_factors(T, rates[name], cycle_years)
        value = np.zeros((N, T))
        if name in state_rewards:
            v = _as_reward_array(name, state_rewards[name], S, T, N, batched, transition=False)
            opening = np.einsum("nts,nts->nt", trace[:, :-1], np.broadcast_to(v, (N, T, S)))
            closing = np.einsum("nts,nts->nt", trace[:, 1:], np.broadcast_to(v, (N, T, S)))
            value += ends[:, 0] * disc[:-1] * opening + ends[:, 1] * disc[1:] * closing
        if name in transition_rewards:
            R = _as_reward_array(name, transition_rewards[name], S, T, N, batched, transition=True)
            # expected one-off reward per person in state i: sum_j P[i, j] R[i, j]
            per_person = (P4 * R).sum(axis=-1)  # (N, T|1, S)
            flows = np.einsum("nts,nts->nt", trace[:, :-1], np.broadcast_to(per_person, (N, T, S)))
            if death is not None:
                flows = flows * (1.0 - death)
            value += disc[1:] * flows
        per_cycle[name] = value if batched else value[0]

    totals = {name: values.sum(axis=-1) for name, values in per_cycle.items()}
    trace = np.ascontiguousarray(trace if batched else trace[0])
    return MarkovResult(states=states_t, trace=trace, totals=totals, per_cycle=per_cycle)
