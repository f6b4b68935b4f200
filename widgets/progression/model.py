"""How hemifacial spasm (HFS) spreads in one simulated patient, and the signs that it is HFS.

Pure functions and frozen dataclasses, numpy only. Every random draw takes an explicit seed, so
the same seed always gives the same patient, recording or practice case.

Numbers with a published source carry their evidence id (lessons/evidence.yaml) in a comment;
teaching values with no source are evidence entries with status `assumption` (ids L2-...), and a
unit test checks that the numbers here match the store. Muscle keys are those of widgets.face.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..face import MUSCLES, SIDES, TERMINAL_BRANCHES, muscles_of_branch

# --- values with a published source -----------------------------------------------------------
SPREAD_FRACTION = 0.934  # PRO-03: spread beyond the first muscle in 93.4% of 178 patients
AGE_AT_ONSET_MEAN = 48.5  # EPI-07: mean age at onset 48.5 ± 14.1 y (range 15-87)
AGE_AT_ONSET_SD = 14.1  # EPI-07
AGE_AT_ONSET_RANGE = (15.0, 87.0)  # EPI-07
LSR_LATENCY_MS = 10.0  # EMG-02: lateral spread response latency about 10 ms

# --- teaching values with no published source (status: assumption) ---------------------------
MEAN_GAP_YEARS = 1.0  # L2-SPREAD-GAP: mean years between one muscle joining and the next
OPTIONAL_JOIN_PROBABILITY = 0.5  # L2-OPTIONAL-JOIN: chance that frontalis, corrugator or platysma join
LEFT_SIDE_PROBABILITY = 0.5  # L2-SIDE: the sources conflict (EPI-10), so the simulation draws 50:50
RATE_AT_JOIN = 2.0  # L2-RATE: spasms per minute when a muscle first joins ...
RATE_GROWTH_PER_YEAR = 1.0  # L2-RATE: ... rising by this fraction of RATE_AT_JOIN each year ...
RATE_MAX = 30.0  # L2-RATE: ... up to nearly continuous (PRO-07 says it can become so)
STRENGTH_AT_JOIN = 0.3  # L2-STRENGTH: contraction strength (0-1) when a muscle joins ...
STRENGTH_TIME_CONSTANT_YEARS = 3.0  # L2-STRENGTH: ... approaching full strength with this time constant
MODIFIER_FACTORS = {  # multiply the spasm rate; direction from PRO-10 and SIG-07, size assumed
    "stress": 1.5,  # L2-MOD-STRESS
    "fatigue": 1.3,  # L2-MOD-FATIGUE
    "asleep": 0.4,  # L2-MOD-SLEEP: fewer spasms in sleep, but they persist (SIG-07)
}
HFS_TWITCH_RATE_HZ = 2.0  # L2-EMG: clonic twitches per second during an active period, awake
DEFAULT_SYNKINESIS = {"hfs": 1.0, "myokymia": 0.0}  # HFS: all at the same time (DXA-15); myokymia: independent (MYO-02)
DIRECT_RESPONSE_LATENCY_MS = 4.0  # L2-DIRECT-RESPONSE: latency of the direct muscle response in the schematic

PATTERNS = ("typical", "atypical")
YEARS_MAX = 20
SPEED_RANGE = (0.25, 4.0)
MODIFIERS = tuple(MODIFIER_FACTORS)

# The order of spread as tiers: muscles of one tier join in a random (seeded) order before the next
# tier begins. Typical HFS starts in the lower lid (PRO-01) and spreads down to cheek and mouth
# (PRO-02); frontalis, corrugator and platysma may join late (PRO-02, PRO-09). Atypical HFS starts
# in orbicularis oris or buccinator and climbs to end in orbicularis OCULI (PRO-04). The tiering
# itself is a teaching schematic (L2-TIERS).
OPTIONAL_MUSCLES = frozenset({"frontalis", "corrugator", "platysma"})
TIERS = {
    "typical": (
        ("oculi_lower",),
        ("oculi_upper",),
        ("zygomaticus", "levator_labii", "nasalis"),
        ("buccinator", "oris"),
        ("depressor_anguli", "mentalis"),
        ("frontalis", "corrugator", "platysma"),
    ),
    "atypical": (
        ("oris", "buccinator"),
        ("depressor_anguli", "mentalis", "platysma"),
        ("zygomaticus", "levator_labii", "nasalis"),
        ("oculi_lower",),
        ("oculi_upper",),
    ),
}
LOWER_FACE = frozenset({"buccinator", "oris", "depressor_anguli", "mentalis", "platysma"})
EYELID = frozenset({"oculi_lower", "oculi_upper"})


# --- validation -------------------------------------------------------------------------------


def _check_choice(name: str, value, allowed) -> None:
    if value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(map(str, allowed))} (got {value!r})")


def _check_range(name: str, value, low: float, high: float) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number between {low:g} and {high:g} (got {value!r})") from None
    if not low <= number <= high:
        raise ValueError(f"{name} must be between {low:g} and {high:g} (got {value!r})")
    return number


def _check_seed(seed) -> int:
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a whole number of 0 or more (got {seed!r})")
    return int(seed)


def modifier_factor(modifiers=()) -> float:
    """How much the modifiers multiply the spasm rate (stress and fatigue raise it; sleep lowers it)."""
    factor = 1.0
    for name in modifiers:
        _check_choice("modifier", name, MODIFIERS)
        factor *= MODIFIER_FACTORS[name]
    return factor


# --- one patient over the years ---------------------------------------------------------------


@dataclass(frozen=True)
class Timeline:
    """A patient sampled at given years: rows are years, columns are muscles in joining order."""

    years: np.ndarray
    muscles: tuple[str, ...]
    involved: np.ndarray  # bool (years, muscles)
    rate: np.ndarray  # spasms per minute (years, muscles); 0 where not involved
    strength: np.ndarray  # 0-1 (years, muscles); 0 where not involved


@dataclass(frozen=True)
class Patient:
    """One simulated patient: which muscle joins the spasm when, on which side."""

    pattern: str
    seed: int
    side: str
    age_at_onset: float
    speed: float
    spreads: bool
    order: tuple[str, ...]  # muscles in the order they join
    join_years: tuple[float, ...]  # years after onset at which each joins (same order)
    decompressed_at: float | None = None  # years after onset when the nerve was decompressed

    def joined(self, muscle: str) -> float | None:
        """Years after onset at which the muscle joins, or None if it never does."""
        _check_choice("muscle", muscle, tuple(MUSCLES))
        return self.join_years[self.order.index(muscle)] if muscle in self.order else None

    def timeline(self, years) -> Timeline:
        """Involvement, spasm rate and strength of every muscle at each of the given years (vectorised)."""
        years = np.atleast_1d(np.asarray(years, dtype=float))
        if years.size and (years.min() < 0 or years.max() > YEARS_MAX):
            raise ValueError(f"years must be between 0 and {YEARS_MAX} (got {years.min():g} to {years.max():g})")
        since = years[:, None] - np.asarray(self.join_years)[None, :]
        involved = since >= 0
        if self.decompressed_at is not None:
            involved &= years[:, None] < self.decompressed_at
        rate = np.where(
            involved, np.minimum(RATE_AT_JOIN * (1 + RATE_GROWTH_PER_YEAR * np.maximum(since, 0)), RATE_MAX), 0.0
        )
        strength = np.where(
            involved, 1 - (1 - STRENGTH_AT_JOIN) * np.exp(-np.maximum(since, 0) / STRENGTH_TIME_CONSTANT_YEARS), 0.0
        )
        return Timeline(years, self.order, involved, rate, strength)

    def involved(self, year: float) -> tuple[str, ...]:
        """Muscles in spasm at that year, in joining order."""
        row = self.timeline([year]).involved[0]
        return tuple(m for m, on in zip(self.order, row) if on)

    def rate(self, muscle: str, year: float, modifiers=()) -> float:
        """Spasms per minute of one muscle at that year, under the given modifiers (0 if not involved)."""
        factor = modifier_factor(modifiers)
        line = self.timeline([year])
        if muscle not in self.order:
            _check_choice("muscle", muscle, tuple(MUSCLES))
            return 0.0
        return float(line.rate[0, self.order.index(muscle)] * factor)

    def strength(self, muscle: str, year: float) -> float:
        line = self.timeline([year])
        if muscle not in self.order:
            _check_choice("muscle", muscle, tuple(MUSCLES))
            return 0.0
        return float(line.strength[0, self.order.index(muscle)])


def simulate_patient(
    pattern: str,
    seed: int,
    *,
    speed: float = 1.0,
    side: str | None = None,
    age_at_onset: float | None = None,
    spreads: bool | None = None,
    decompressed_at: float | None = None,
) -> Patient:
    """A seeded patient with typical or atypical HFS.

    speed multiplies how fast the spasm spreads (1 = the assumed mean gap of MEAN_GAP_YEARS).
    side, age_at_onset and spreads are drawn from the seed when not given. decompressed_at ends
    the spasm in every muscle from that year on (a successful decompression).
    """
    _check_choice("pattern", pattern, PATTERNS)
    seed = _check_seed(seed)
    speed = _check_range("speed", speed, *SPEED_RANGE)
    if side is not None:
        _check_choice("side", side, SIDES)
    if age_at_onset is not None:
        age_at_onset = _check_range("age_at_onset", age_at_onset, *AGE_AT_ONSET_RANGE)
    if decompressed_at is not None:
        decompressed_at = _check_range("decompressed_at", decompressed_at, 0, YEARS_MAX)
    rng = np.random.default_rng(seed)
    # Draw everything in a fixed order so a given argument never shifts the other draws.
    drawn_side = "left" if rng.random() < LEFT_SIDE_PROBABILITY else "right"
    drawn_age = float(np.clip(rng.normal(AGE_AT_ONSET_MEAN, AGE_AT_ONSET_SD), *AGE_AT_ONSET_RANGE))
    drawn_spreads = bool(rng.random() < SPREAD_FRACTION)
    order: list[str] = []
    for tier in TIERS[pattern]:
        chosen = [m for m in tier if m not in OPTIONAL_MUSCLES or rng.random() < OPTIONAL_JOIN_PROBABILITY]
        order.extend(rng.permutation(chosen).tolist() if chosen else [])
    gaps = rng.gamma(2.0, MEAN_GAP_YEARS / 2.0, size=len(order) - 1) / speed
    spreads = drawn_spreads if spreads is None else bool(spreads)
    if not spreads:
        order = order[:1]
        gaps = gaps[:0]
    joins = np.concatenate([[0.0], np.cumsum(gaps)])
    keep = joins <= YEARS_MAX  # muscles that would join after the horizon are left out
    return Patient(
        pattern=pattern,
        seed=seed,
        side=side or drawn_side,
        age_at_onset=round(age_at_onset if age_at_onset is not None else drawn_age, 1),
        speed=speed,
        spreads=spreads,
        order=tuple(np.asarray(order)[keep].tolist()),
        join_years=tuple(round(float(j), 3) for j in joins[keep]),
        decompressed_at=decompressed_at,
    )


# --- synthetic EMG: synchronous bursts (HFS) versus independent twitches (myokymia) -------------

EMG_PATTERNS = ("hfs", "myokymia")
EMG_MUSCLES = ("oculi_upper", "oculi_lower", "zygomaticus", "oris")
# Myokymia usually affects one lower lid; the rarer case of two lids is shown because then each lid
# twitches on its own (MYO-02). The cheek and mouth channels stay quiet.
EMG_ACTIVE = {"hfs": EMG_MUSCLES, "myokymia": ("oculi_upper", "oculi_lower")}
MYOKYMIA_BURST_HZ = (3.0, 8.0)  # MYO-07: semirhythmic discharges at 3-8 Hz, not synchronous
EMG_DURATION_S = 6.0
EMG_RATE_HZ = 250
ENVELOPE_WINDOW_S = 0.04
NOISE_FLOOR = 0.03


@dataclass(frozen=True)
class EmgRecording:
    """Synthetic surface-EMG-like traces of several muscles recorded at the same time."""

    pattern: str
    synkinesis: float
    modifiers: tuple[str, ...]
    t: np.ndarray  # seconds
    muscles: tuple[str, ...]
    active: tuple[bool, ...]
    traces: np.ndarray  # (muscles, samples), arbitrary units
    bursts: tuple[np.ndarray, ...]  # burst onset times (s) per muscle
    synchrony: float


def _burst_schedule(pattern: str, rng: np.random.Generator, rate_factor: float, duration: float) -> np.ndarray:
    if pattern == "hfs":
        rate = HFS_TWITCH_RATE_HZ * rate_factor
        times = np.cumsum(rng.exponential(1.0 / rate, size=int(rate * duration * 3) + 10))
        times = times[times < duration - 0.15]
        return times if times.size else rng.uniform(0, duration - 0.15, size=1)  # an active period has a twitch
    hz = rng.uniform(*MYOKYMIA_BURST_HZ) * min(rate_factor, 1.5)
    n = int(hz * duration) + 2
    intervals = (1.0 / hz) * (1 + 0.15 * rng.standard_normal(n))
    times = rng.uniform(0, 1.0 / hz) + np.concatenate([[0.0], np.cumsum(np.abs(intervals))])
    return times[times < duration - 0.05]


def envelope(traces: np.ndarray, fs: int = EMG_RATE_HZ) -> np.ndarray:
    """Rectified and smoothed traces (moving average over ENVELOPE_WINDOW_S), as surface EMG is read."""
    width = max(1, int(round(ENVELOPE_WINDOW_S * fs)))
    kernel = np.ones(width) / width
    return np.array([np.convolve(np.abs(row), kernel, mode="same") for row in np.atleast_2d(traces)])


def synchrony_index(traces: np.ndarray, fs: int = EMG_RATE_HZ) -> float:
    """Mean pairwise correlation of the envelopes: about 0 for independent twitches, near 1 for shared bursts."""
    env = envelope(traces, fs)
    if env.shape[0] < 2:
        raise ValueError(f"traces must hold at least 2 muscles to measure synchrony (got {env.shape[0]})")
    r = np.corrcoef(env)
    upper = r[np.triu_indices_from(r, k=1)]
    return float(np.nanmean(upper))


def emg_traces(pattern: str, synkinesis: float, seed: int, modifiers=()) -> EmgRecording:
    """EMG-like traces of EMG_MUSCLES during an active period.

    synkinesis (0-1) is the share of each muscle's bursts that come from one common drive: near 1
    in HFS (all muscles fire together), 0 in myokymia (each muscle on its own).
    """
    _check_choice("pattern", pattern, EMG_PATTERNS)
    synkinesis = _check_range("synkinesis", synkinesis, 0.0, 1.0)
    seed = _check_seed(seed)
    modifiers = tuple(modifiers)
    factor = modifier_factor(modifiers)
    rng = np.random.default_rng(seed)
    n = int(EMG_DURATION_S * EMG_RATE_HZ)
    t = np.arange(n) / EMG_RATE_HZ
    common = _burst_schedule(pattern, rng, factor, EMG_DURATION_S)
    common_width = (
        rng.uniform(0.04, 0.12, size=common.size) if pattern == "hfs" else rng.uniform(0.015, 0.04, size=common.size)
    )
    traces = NOISE_FLOOR * rng.standard_normal((len(EMG_MUSCLES), n))
    bursts = []
    active = tuple(m in EMG_ACTIVE[pattern] for m in EMG_MUSCLES)
    for i, on in enumerate(active):
        if not on:
            bursts.append(np.empty(0))
            continue
        own = _burst_schedule(pattern, rng, factor, EMG_DURATION_S)
        own_width = (
            rng.uniform(0.04, 0.12, size=own.size) if pattern == "hfs" else rng.uniform(0.015, 0.04, size=own.size)
        )
        shared = rng.random(common.size) < synkinesis
        independent = rng.random(own.size) >= synkinesis
        times = np.concatenate([common[shared] + rng.normal(0, 0.002, shared.sum()), own[independent]])
        widths = np.concatenate([common_width[shared], own_width[independent]])
        amplitude = rng.uniform(0.6, 1.0) if pattern == "hfs" else rng.uniform(0.2, 0.35)
        gain = np.zeros(n)
        for start, width in zip(times, widths):
            a, b = int(max(start, 0) * EMG_RATE_HZ), int(min(start + width, EMG_DURATION_S) * EMG_RATE_HZ)
            if b > a:
                gain[a:b] += amplitude * np.hanning(b - a + 2)[1:-1]
        traces[i] += gain * rng.standard_normal(n)
        bursts.append(np.sort(times))
    active_rows = traces[np.array(active)]
    return EmgRecording(
        pattern, synkinesis, modifiers, t, EMG_MUSCLES, active, traces, tuple(bursts), synchrony_index(active_rows)
    )


# --- signs: the "other Babinski" sign and the lateral spread response ---------------------------

SIGN_SITUATIONS = ("hfs_spasm", "voluntary_closure", "blepharospasm")


@dataclass(frozen=True)
class BrowSign:
    situation: str
    states: dict  # (muscle, side) -> state name of widgets.face.FACE_STATES
    labels: dict  # (muscle, side) -> short word on the face
    brow: str  # "up" or "down"
    sign_present: bool
    evidence: tuple[str, ...]


def other_babinski(situation: str, side: str = "left") -> BrowSign:
    """What the brow does while the eye closes: it rises only in an HFS spasm (SIG-01)."""
    _check_choice("situation", situation, SIGN_SITUATIONS)
    _check_choice("side", side, SIDES)
    if situation == "hfs_spasm":
        # Orbicularis oculi and frontalis contract together on one side (SIG-01).
        states = {("oculi_upper", side): "active", ("oculi_lower", side): "active", ("frontalis", side): "active"}
        labels = {("oculi_upper", side): "", ("oculi_lower", side): "eye shuts", ("frontalis", side): "▲ brow up"}
        return BrowSign(situation, states, labels, "up", True, ("SIG-01", "SIG-02", "SIG-04"))
    # Voluntary closure and blepharospasm: both eyes, the brow is pulled DOWN (corrugator), frontalis idle.
    states, labels = {}, {}
    word = "eye shut" if situation == "voluntary_closure" else "eye squeezed"
    for s in SIDES:
        for m in ("oculi_upper", "oculi_lower"):
            states[(m, s)] = "active"
        labels[("oculi_upper", s)] = ""  # one word per eye keeps the small face readable
        labels[("oculi_lower", s)] = word
        states[("corrugator", s)] = "active"
        labels[("corrugator", s)] = "▼ brow"
    evidence_ids = ("SIG-01",) if situation == "voluntary_closure" else ("BEB-02", "BEB-15")
    return BrowSign(situation, states, labels, "down", False, evidence_ids)


LSR_CONDITIONS = ("compressed", "decompressed", "healthy")
BRANCH_REPRESENTATIVE = {  # the muscle recorded for the direct response of a stimulated branch
    "temporal": "frontalis",
    "zygomatic": "oculi_lower",
    "buccal": "oris",
    "marginal mandibular": "mentalis",
    "cervical": "platysma",
}
LSR_AMPLITUDE = 0.35  # L2-DIRECT-RESPONSE: smaller than the direct response in the schematic


@dataclass(frozen=True)
class LsrRecording:
    t_ms: np.ndarray
    stimulated_branch: str
    stimulated_muscle: str
    recorded_muscle: str
    condition: str
    direct: np.ndarray  # response of a muscle of the stimulated branch
    recorded: np.ndarray  # response of the recorded muscle
    same_branch: bool  # the recorded muscle belongs to the stimulated branch: a direct response, not an LSR
    lsr_present: bool
    latency_ms: float | None


def _wave(t_ms: np.ndarray, latency: float, amplitude: float, width: float = 1.2) -> np.ndarray:
    """A biphasic muscle action potential (derivative of a Gaussian) peaking near latency."""
    u = (t_ms - latency - width) / width
    return -amplitude * u * np.exp(0.5 - 0.5 * u**2)


def lateral_spread_response(
    stimulated_branch: str, recorded_muscle: str, condition: str = "compressed"
) -> LsrRecording:
    """Stimulate one facial-nerve branch and record a muscle of another (EMG-01).

    With the nerve compressed, the other branch's muscle answers at about LSR_LATENCY_MS (EMG-02);
    in a healthy nerve it does not (EMG-01), and after a successful decompression it usually
    disappears (EMG-07: not always, which is why surgeons watch it).
    """
    _check_choice("stimulated_branch", stimulated_branch, TERMINAL_BRANCHES)
    facial = tuple(k for k, m in MUSCLES.items() if m.is_facial)
    _check_choice("recorded_muscle", recorded_muscle, facial)
    _check_choice("condition", condition, LSR_CONDITIONS)
    t = np.round(np.arange(-2.0, 30.0 + 1e-9, 0.1), 3)
    artefact = np.where(np.abs(t) < 0.15, 0.8, 0.0)
    stimulated_muscle = BRANCH_REPRESENTATIVE[stimulated_branch]
    direct = artefact + _wave(t, DIRECT_RESPONSE_LATENCY_MS, 1.0)
    same = recorded_muscle in muscles_of_branch(stimulated_branch)
    if same:
        recorded, present, latency = artefact + _wave(t, DIRECT_RESPONSE_LATENCY_MS, 0.9), False, None
    elif condition == "compressed":
        recorded, present, latency = artefact + _wave(t, LSR_LATENCY_MS, LSR_AMPLITUDE), True, LSR_LATENCY_MS
    else:
        recorded, present, latency = artefact.copy(), False, None
    return LsrRecording(
        t, stimulated_branch, stimulated_muscle, recorded_muscle, condition, direct, recorded, same, present, latency
    )


# --- practice cases: typical, atypical, or neither ----------------------------------------------

CASE_LABELS = ("typical", "atypical", "neither")
NEITHER_KINDS = ("blepharospasm", "eyelid_myokymia", "hemimasticatory_spasm")


@dataclass(frozen=True)
class Visit:
    year: float
    regions: tuple[tuple[str, str], ...]  # (muscle, side) in spasm at this visit
    note: str


@dataclass(frozen=True)
class Case:
    """A generated patient for the 'which pattern is this?' exercise; `label` is the true answer."""

    seed: int
    label: str
    kind: str
    side: str
    age_at_onset: float
    visits: tuple[Visit, ...]
    findings: tuple[str, ...]
    explanation: str  # may hold {ID} evidence templates
    evidence: tuple[str, ...]

    def order_labels(self) -> dict:
        """Each region of the last visit numbered by the visit at which it was first seen."""
        labels = {}
        for n, visit in enumerate(self.visits, 1):
            for region in visit.regions:
                labels.setdefault(region, str(n))
        return {r: labels[r] for r in self.visits[-1].regions}


def _name(muscle: str) -> str:
    return MUSCLES[muscle].name.replace(" (upper part)", ", upper lid").replace(" (lower part)", ", lower lid")


def _hfs_case(seed: int, label: str, rng: np.random.Generator) -> Case:
    patient = simulate_patient(label, seed, spreads=True)
    n = len(patient.order)
    picks = sorted({0, n // 3, (2 * n) // 3, n - 1})  # the last visit shows the whole spread
    visits, seen = [], set()
    for k in picks:
        year = float(np.ceil(patient.join_years[k] * 2) / 2)  # visits fall on half-years
        now = patient.involved(year)
        new = [m for m in now if m not in seen]
        seen.update(now)
        if new:
            visits.append(
                Visit(
                    year,
                    tuple((m, patient.side) for m in now),
                    "now also: " + ", ".join(_name(m) for m in new)
                    if visits
                    else "twitching starts in the " + ", ".join(_name(m) for m in new),
                )
            )
    findings = [f"only the {patient.side} side of the face", "when several muscles twitch, they twitch together"]
    if rng.random() < 0.5:
        findings.append("the eyebrow rises as the eye shuts during a spasm")
    if rng.random() < 0.5:
        findings.append("the partner says the twitching goes on in sleep")
    if label == "typical":
        explanation = (
            "Typical HFS: it began around the eye, in the lower lid {PRO-01}, and spread down the same side "
            "of the face to the cheek and mouth {PRO-02}."
        )
        evidence_ids = ("PRO-01", "PRO-02")
    else:
        explanation = (
            "Atypical HFS: it began low, in the orbicularis oris or buccinator, and climbed to end in the "
            "orbicularis OCULI, the eyelid {PRO-04}. It is rare {PRO-05}."
        )
        evidence_ids = ("PRO-04", "PRO-05")
    if patient.age_at_onset < 40:  # EPI-08: onset before 40 is unusual and calls for a search for a cause
        explanation += " Note the young age at onset: {EPI-08}."
        evidence_ids += ("EPI-08",)
    return Case(
        seed,
        label,
        f"{label}_hfs",
        patient.side,
        patient.age_at_onset,
        tuple(visits),
        tuple(findings),
        explanation,
        evidence_ids,
    )


def _neither_case(seed: int, rng: np.random.Generator) -> Case:
    kind = NEITHER_KINDS[int(rng.integers(len(NEITHER_KINDS)))]
    side = "left" if rng.random() < 0.5 else "right"
    lid = (("oculi_upper", "right"), ("oculi_lower", "right"), ("oculi_upper", "left"), ("oculi_lower", "left"))
    if kind == "blepharospasm":
        age = round(float(np.clip(rng.normal(55.8, 12.5), 30, 85)), 1)  # BEB-03
        brow = tuple(("corrugator", s) for s in SIDES)
        visits = (
            Visit(0.0, lid, "blinks more, both eyes"),
            Visit(1.0, lid + brow, "both eyelids squeeze shut together; the brows are pulled down"),
        )
        findings = (
            "both eyes close at the same moment",
            "better when asleep and when relaxed",
            "the eyebrows go down, not up, as the eyes close",
        )
        explanation = (
            "Neither: bilateral synchronous eyelid closure is blepharospasm, a focal dystonia {BEB-02}. "
            "It is relieved by sleep {BEB-05} and lacks the brow-lift sign {BEB-15}."
        )
        evidence_ids = ("BEB-02", "BEB-05", "BEB-15")
    elif kind == "eyelid_myokymia":
        age = round(float(rng.uniform(20, 60)), 1)
        region = (("oculi_lower", side),)
        visits = (
            Visit(0.0, region, f"fine rippling flickers of the {side} lower lid"),
            Visit(0.5, region, "still only the lower lid; comes and goes, worse when tired"),
        )
        findings = (
            f"only the {side} lower lid, a fine ripple rather than a squeeze",
            "no other muscle joins",
            "worse with tiredness, stress and caffeine",
        )
        explanation = (
            "Neither: a fine ripple confined to one lower lid that does not spread is eyelid myokymia {MYO-02}. "
            "It is usually benign {MYO-03}; only rarely does it come before HFS {MYO-05}."
        )
        evidence_ids = ("MYO-02", "MYO-03", "MYO-05")
    else:
        age = round(float(rng.uniform(25, 60)), 1)
        visits = (
            Visit(0.0, (("masseter", side),), f"sudden clenching of the {side} jaw"),
            Visit(1.0, (("masseter", side), ("temporalis", side)), "the temple muscle joins; bites the tongue"),
        )
        findings = (
            f"only the {side} side",
            "the jaw clenches; the eyelid and the mouth corner do not move",
            "the muscles involved close the jaw",
        )
        explanation = (
            "Neither: masseter and temporalis are jaw-closing muscles of the trigeminal nerve, not the facial "
            "nerve {ANA-19}. Spasm of them points to hemimasticatory spasm {MIM-03} {MIM-04}."
        )
        evidence_ids = ("ANA-19", "MIM-03", "MIM-04")
    return Case(seed, "neither", kind, side, age, visits, findings, explanation, evidence_ids)


def generate_case(seed: int) -> Case:
    """A seeded practice case; the three labels are equally likely (a practice mix, not prevalence, L2-QUIZ-MIX)."""
    seed = _check_seed(seed)
    rng = np.random.default_rng([seed, 2])  # a stream separate from the patient simulation's
    label = CASE_LABELS[int(rng.integers(len(CASE_LABELS)))]
    return _hfs_case(seed, label, rng) if label != "neither" else _neither_case(seed, rng)


def grade_case(case: Case, answer: str) -> bool:
    _check_choice("answer", answer, CASE_LABELS)
    return answer == case.label
