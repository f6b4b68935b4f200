"""Why the nerve misfires (lesson 7, section 3): a two-fibre teaching model, pure numpy (no UI).

Two motor fibres run side by side through the facial nerve root: one of the zygomatic branch (to the
orbicularis oculi, the eye) and one of the marginal mandibular branch (to the mentalis, the chin). A vessel
presses on the root at the transition zone, where central myelin gives way to peripheral myelin (REZ-01,
REZ-04). Stimulating the zygomatic branch and recording from the mentalis shows the lateral spread response
(LSR, EMG-01) when the impulse reaches the other branch. Two explanations of how it gets there (EMG-03):

- **root**: at the compressed root, the bared patch lets current leak from one fibre into its neighbour
  (ephaptic cross-talk); the model lets this need the vessel's contact, so it stops when the vessel is moved.
- **nucleus**: the impulse runs back to an over-excitable facial motor nucleus, which answers in the other
  branch; the over-excitability outlasts the compression and fades only over months.

What is sourced: the LSR latency of about 10 ms (EMG-02) and the length of the transition zone (REZ-02).
What is a teaching assumption (L7-MECH-MODEL, L2-DIRECT-RESPONSE): the 0-100 compression scale, the
curves from compression to cross-talk and to recruitment, the fall of the nucleus's excitability to a fifth
months after decompression, the direct response at 4 ms and the LSR's size. The model draws the LSR at the
same latency for both explanations: latency is not what tells them apart here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# --- numbers and where they come from --------------------------------------------------------------------

LSR_LATENCY_MS = 10.0  # EMG-02: lateral spread response about 10 ms
TZ_LENGTH_MM = 1.9  # REZ-02: mean length of the transition zone; the bared patch is never longer (L7-MECH-MODEL)
DIRECT_LATENCY_MS = 4.0  # L2-DIRECT-RESPONSE (assumption): the stimulated branch's own muscle answers first
LSR_FULL_SIZE = 0.35  # L2-DIRECT-RESPONSE (assumption): a full LSR drawn at about a third of the direct response
NUCLEUS_MONTHS_LATER = 0.2  # L7-MECH-MODEL (assumption): excitability left months after decompression
RECRUIT_MIDPOINT, RECRUIT_SPREAD = 0.4, 0.08  # L7-MECH-MODEL (assumption): the S-shaped recruitment curve

COMPRESSION_RANGE = (0, 100)  # a teaching scale, not a clinical grade (L7-MECH-MODEL)
HYPOTHESES = {
    "root": "Cross-talk at the root (ephaptic)",
    "nucleus": "Over-excitable facial nucleus",
}
STAGES = {
    "before": "Vessel on the nerve",
    "just_after": "Just after decompression",
    "months_after": "Months after decompression",
}
FIBRES = {
    "zygomatic": ("zygomatic branch", "orbicularis oculi (eye)"),
    "marginal": ("marginal mandibular branch", "mentalis (chin)"),
}
EVIDENCE = (
    "EMG-01",
    "EMG-02",
    "EMG-03",
    "REZ-01",
    "REZ-02",
    "REZ-04",
    "L2-DIRECT-RESPONSE",
    "L7-MECH-MODEL",
)

# What each explanation predicts for the three observations of lesson 7 (section 3), in plain words, and
# what was observed, with the evidence for it. The widget shows the predictions of the chosen explanation and
# keeps the observations behind a button, so the learner compares them after predicting.
OBSERVATIONS = ("lsr", "decompression", "blink")
OBSERVATION_NAMES = {
    "lsr": "An LSR at about 10 ms before surgery",
    "decompression": "The LSR the moment the vessel is moved",
    "blink": "The late blink-reflex response (R2)",
}
PREDICTIONS = {  # explanation -> observation -> (outcome, why)
    "root": {
        "lsr": ("present", "current crosses at the bared patch"),
        "decompression": ("gone at once", "no contact, no cross-talk"),
        "blink": ("normal", "nothing has changed in the brainstem"),
    },
    "nucleus": {
        "lsr": ("present", "the nucleus answers in the other branch"),
        "decompression": ("still there", "the nucleus calms down only over weeks to months"),
        "blink": ("abnormal", "the brainstem reflex pathway is over-excitable"),
    },
}
OBSERVED = {
    "lsr": ("Present in HFS and absent in healthy people, at about 10 ms", ("EMG-01", "EMG-02")),
    "decompression": (
        "Disappears during the operation in most patients but not in all; when it persists, the spasm often still "
        "goes, sometimes only weeks or months later",
        ("EMG-LSR-LOSS", "EMG-07", "MVD-12"),
    ),
    "blink": ("Often abnormal on the affected side", ("EMG-05", "EMG-06")),
}

T_MS = np.round(np.arange(-2.0, 30.0 + 1e-9, 0.2), 3)  # the EMG time axis (161 points)


def _check_choice(name: str, value, allowed) -> None:
    if value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(allowed)} (got {value!r})")


def _check_compression(compression) -> float:
    low, high = COMPRESSION_RANGE
    if isinstance(compression, bool) or not isinstance(compression, (int, float, np.integer, np.floating)):
        raise ValueError(f"compression must be a number from {low} to {high} (got {compression!r})")
    value = float(compression)
    if not (low <= value <= high):  # also rejects NaN
        raise ValueError(f"compression must be a number from {low} to {high} (got {compression!r})")
    return value


def bare_length_mm(compression: float) -> float:
    """Length of the demyelinated patch: grows with the compression, at most the transition zone (REZ-02)."""
    c = _check_compression(compression) / COMPRESSION_RANGE[1]
    return round(TZ_LENGTH_MM * c, 3)


def recruitment(drive: float) -> float:
    """Share of the other branch's fibres that fire for a drive from 0 to 1: an S-shaped curve that is 0 at no
    drive and 1 at full drive (L7-MECH-MODEL: chosen for display, not measured)."""
    if isinstance(drive, bool) or not isinstance(drive, (int, float, np.integer, np.floating)) or not 0 <= drive <= 1:
        raise ValueError(f"drive must be a number from 0 to 1 (got {drive!r})")

    def s(x: float) -> float:
        return 1.0 / (1.0 + np.exp(-(x - RECRUIT_MIDPOINT) / RECRUIT_SPREAD))

    low, high = s(0.0), s(1.0)
    return float(np.clip((s(float(drive)) - low) / (high - low), 0.0, 1.0))


@dataclass(frozen=True)
class Mechanism:
    compression: float  # 0-100, the teaching scale
    hypothesis: str
    stage: str
    bare_mm: float  # length of the bared patch at the transition zone
    vessel_contact: float  # 0-1: the vessel's pressure on the root (0 once it is moved)
    crosstalk: float  # 0-1: drive across the bared patch (root explanation only)
    excitability: float  # 0-1: drive through the over-excitable nucleus (nucleus explanation only)
    recruited: float  # 0-1: share of the marginal mandibular fibres that fire (the LSR's relative size)
    lsr_present: bool
    latency_ms: float | None
    t_ms: np.ndarray
    direct: np.ndarray  # orbicularis oculi: the stimulated branch's own muscle
    lsr: np.ndarray  # mentalis: the other branch's muscle
    predictions: dict  # observation -> (outcome, why) this explanation predicts

    @property
    def size_word(self) -> str:
        if not self.lsr_present:
            return "absent"
        return f"{self.recruited:.0%} of full size"


def _wave(t_ms: np.ndarray, latency: float, amplitude: float, width: float = 1.2) -> np.ndarray:
    """A biphasic muscle action potential (derivative of a Gaussian) starting near `latency`."""
    u = (t_ms - latency - width) / width
    return -amplitude * u * np.exp(0.5 - 0.5 * u**2)


PRESENT_FROM = 0.02  # a response smaller than 2% of full size is drawn, and named, as absent


def simulate(compression: float = 70, hypothesis: str = "root", stage: str = "before") -> Mechanism:
    """Stimulate the zygomatic branch and record the orbicularis oculi (direct) and the mentalis (LSR)."""
    c = _check_compression(compression) / COMPRESSION_RANGE[1]
    _check_choice("hypothesis", hypothesis, HYPOTHESES)
    _check_choice("stage", stage, STAGES)
    bare = TZ_LENGTH_MM * c
    contact = c if stage == "before" else 0.0
    # Cross-talk needs the bared patch (its share of the zone) and the vessel's contact: both grow with c.
    crosstalk = (bare / TZ_LENGTH_MM) * contact
    # The nucleus was driven for years by the traffic from the same compressed patch (before surgery it answers
    # as strongly as cross-talk would, so the LSR alone cannot tell the two apart); moving the vessel does not
    # calm it at once.
    excitability = c * c * {"before": 1.0, "just_after": 1.0, "months_after": NUCLEUS_MONTHS_LATER}[stage]
    drive = crosstalk if hypothesis == "root" else excitability
    recruited = recruitment(drive)
    present = recruited >= PRESENT_FROM
    artefact = np.where(np.abs(T_MS) < 0.15, 0.8, 0.0)
    direct = artefact + _wave(T_MS, DIRECT_LATENCY_MS, 1.0)
    lsr = artefact + (_wave(T_MS, LSR_LATENCY_MS, LSR_FULL_SIZE * recruited) if present else 0.0)
    return Mechanism(
        compression=float(compression),
        hypothesis=hypothesis,
        stage=stage,
        bare_mm=round(bare, 3),
        vessel_contact=contact,
        crosstalk=crosstalk if hypothesis == "root" else 0.0,
        excitability=excitability if hypothesis == "nucleus" else 0.0,
        recruited=recruited if present else 0.0,
        lsr_present=bool(present),
        latency_ms=LSR_LATENCY_MS if present else None,
        t_ms=T_MS,
        direct=direct,
        lsr=lsr,
        predictions=dict(PREDICTIONS[hypothesis]),
    )


def discriminates(observation: str) -> bool:
    """True when the two explanations predict different things for `observation`."""
    _check_choice("observation", observation, OBSERVATIONS)
    return PREDICTIONS["root"][observation][0] != PREDICTIONS["nucleus"][observation][0]


def evidence_ids() -> set[str]:
    ids = set(EVIDENCE)
    for _text, refs in OBSERVED.values():
        ids.update(refs)
    return ids
