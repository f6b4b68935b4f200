"""The schematic face shared by every lesson: muscles as named shapes, and which nerve drives each.

Pure geometry and data (numpy only). Coordinates are the viewer's: the patient's RIGHT side is
drawn on the viewer's LEFT (x < 0), as in a clinical photograph. Shapes are teaching schematics,
not anatomical tracings.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

SIDES = ("right", "left")  # the patient's sides
TERMINAL_BRANCHES = ("temporal", "zygomatic", "buccal", "marginal mandibular", "cervical")
# The states a painted face region can be in. Models and content files name these; the UI layer
# (ui/style.STATE_CUES) gives each a colour, a pattern and a word, and a test checks both agree.
FACE_STATES = ("off", "selected", "active", "weak", "spared", "other_nerve", "correct", "wrong")


@dataclass(frozen=True)
class Muscle:
    key: str
    name: str
    action: str
    branches: tuple[str, ...]  # CN VII terminal branch(es); empty for a muscle of another nerve
    nerve: str  # "facial (CN VII)" or the nerve that really drives it
    evidence: tuple[str, ...]  # evidence ids supporting the innervation

    @property
    def is_facial(self) -> bool:
        return bool(self.branches)


# Actions are textbook anatomy; innervation follows the evidence store (ANA-11 … ANA-19).
# fmt: off
MUSCLES: dict[str, Muscle] = {m.key: m for m in (
    Muscle("frontalis", "Frontalis", "raises the eyebrow and wrinkles the forehead", ("temporal",), "facial (CN VII)", ("ANA-11",)),
    Muscle("corrugator", "Corrugator supercilii", "draws the eyebrow down and in (frowning)", ("temporal",), "facial (CN VII)", ("ANA-11",)),
    Muscle("oculi_upper", "Orbicularis oculi (upper part)", "closes the eyelid", ("temporal",), "facial (CN VII)", ("ANA-11", "ANA-16")),
    Muscle("oculi_lower", "Orbicularis oculi (lower part)", "closes the eyelid tightly; the lower lid is where typical HFS begins", ("zygomatic",), "facial (CN VII)", ("ANA-12", "ANA-16")),
    Muscle("nasalis", "Nasalis", "flares and compresses the nostril", ("buccal",), "facial (CN VII)", ("ANA-13",)),
    Muscle("levator_labii", "Levator labii superioris", "raises the upper lip", ("buccal",), "facial (CN VII)", ("ANA-13",)),
    Muscle("zygomaticus", "Zygomaticus major", "pulls the corner of the mouth up and out (smiling)", ("buccal",), "facial (CN VII)", ("ANA-13",)),
    Muscle("buccinator", "Buccinator", "presses the cheek against the teeth", ("buccal",), "facial (CN VII)", ("ANA-13", "ANA-18")),
    Muscle("oris", "Orbicularis oris", "closes and purses the lips", ("buccal",), "facial (CN VII)", ("ANA-13", "ANA-17")),
    Muscle("depressor_anguli", "Depressor anguli oris", "pulls the corner of the mouth down", ("marginal mandibular",), "facial (CN VII)", ("ANA-14",)),
    Muscle("mentalis", "Mentalis", "raises and wrinkles the chin, pushes the lower lip out", ("marginal mandibular",), "facial (CN VII)", ("ANA-14",)),
    Muscle("platysma", "Platysma", "tenses the skin of the neck and pulls the mouth corner down", ("cervical",), "facial (CN VII)", ("ANA-15",)),
    Muscle("temporalis", "Temporalis", "closes the jaw (chewing)", (), "trigeminal (CN V, mandibular division)", ("ANA-19",)),
    Muscle("masseter", "Masseter", "closes the jaw (chewing)", (), "trigeminal (CN V, mandibular division)", ("ANA-19",)),
)}
# fmt: on

FACIAL_MUSCLES = tuple(k for k, m in MUSCLES.items() if m.is_facial)


def muscles_of_branch(branch: str) -> tuple[str, ...]:
    if branch not in TERMINAL_BRANCHES:
        raise ValueError(f"branch must be one of {', '.join(TERMINAL_BRANCHES)} (got {branch!r})")
    return tuple(k for k, m in MUSCLES.items() if branch in m.branches)


def branch_of_muscle(muscle: str) -> tuple[str, ...]:
    if muscle not in MUSCLES:
        raise ValueError(f"muscle must be one of {', '.join(MUSCLES)} (got {muscle!r})")
    return MUSCLES[muscle].branches


# --- geometry -------------------------------------------------------------------------------


def _ellipse(cx, cy, rx, ry, start=0.0, stop=2 * np.pi, n=40):
    t = np.linspace(start, stop, n)
    return cx + rx * np.cos(t), cy + ry * np.sin(t)


def _band(cx, cy, outer, inner, start, stop, n=24):
    """A curved band between two ellipses from angle start to stop (a closed polygon)."""
    xo, yo = _ellipse(cx, cy, *outer, start, stop, n)
    xi, yi = _ellipse(cx, cy, *inner, stop, start, n)
    return np.concatenate([xo, xi, xo[:1]]), np.concatenate([yo, yi, yo[:1]])


def _poly(*points):
    pts = np.array(points + (points[0],), dtype=float)
    return pts[:, 0], pts[:, 1]


EYE = (0.38, 0.25)
MOUTH = (0.0, -0.55)

# Shapes for the patient's RIGHT side (viewer's left, x < 0); the left side is the mirror image.
_RIGHT_SHAPES = {
    "frontalis": _poly((-0.70, 0.62), (-0.08, 0.62), (-0.08, 1.05), (-0.35, 1.12), (-0.62, 1.0)),
    "corrugator": _poly((-0.07, 0.46), (-0.30, 0.55), (-0.32, 0.50), (-0.09, 0.41)),
    "oculi_upper": _band(-EYE[0], EYE[1], (0.26, 0.18), (0.17, 0.075), 0.0, np.pi),
    "oculi_lower": _band(-EYE[0], EYE[1], (0.26, 0.18), (0.17, 0.075), np.pi, 2 * np.pi),
    "nasalis": _poly((-0.05, 0.05), (-0.16, -0.05), (-0.13, -0.15), (-0.04, -0.10)),
    "levator_labii": _poly((-0.22, 0.02), (-0.30, 0.00), (-0.22, -0.38), (-0.15, -0.36)),
    "zygomaticus": _poly((-0.68, 0.02), (-0.60, 0.06), (-0.26, -0.44), (-0.32, -0.49)),
    "buccinator": _ellipse(-0.50, -0.52, 0.10, 0.12),
    "oris": _band(MOUTH[0], MOUTH[1], (0.32, 0.16), (0.20, 0.055), np.pi / 2, 3 * np.pi / 2),
    "depressor_anguli": _poly((-0.30, -0.66), (-0.44, -1.00), (-0.22, -1.02)),
    "mentalis": _poly((-0.02, -0.82), (-0.16, -0.84), (-0.15, -1.02), (-0.02, -1.06)),
    "platysma": _poly((-0.55, -1.25), (-0.05, -1.42), (-0.05, -1.85), (-0.55, -1.85)),
    "temporalis": _ellipse(-0.86, 0.62, 0.09, 0.2),
    "masseter": _poly((-0.90, -0.35), (-0.72, -0.38), (-0.68, -0.92), (-0.84, -0.90)),
}

# Landmarks drawn as thin outlines only.
OUTLINES = {
    "head": _ellipse(0.0, 0.0, 1.0, 1.35, n=80),
    "neck_right": (np.array([-0.55, -0.55]), np.array([-1.25, -1.85])),
    "neck_left": (np.array([0.55, 0.55]), np.array([-1.25, -1.85])),
    "eye_right": _ellipse(-EYE[0], EYE[1], 0.15, 0.06),
    "eye_left": _ellipse(EYE[0], EYE[1], 0.15, 0.06),
    "brow_right": (np.array([-0.58, -0.38, -0.16]), np.array([0.50, 0.56, 0.52])),
    "brow_left": (np.array([0.58, 0.38, 0.16]), np.array([0.50, 0.56, 0.52])),
    "nose": (np.array([0.0, -0.08, 0.0, 0.08]), np.array([0.35, -0.12, -0.16, -0.12])),
    "lips": _ellipse(MOUTH[0], MOUTH[1], 0.18, 0.04),
}


def shape(muscle: str, side: str) -> tuple[np.ndarray, np.ndarray]:
    """The closed outline (x, y) of one muscle on one side of the face."""
    if side not in SIDES:
        raise ValueError(f"side must be 'right' or 'left' (got {side!r})")
    if muscle not in _RIGHT_SHAPES:
        raise ValueError(f"muscle must be one of {', '.join(_RIGHT_SHAPES)} (got {muscle!r})")
    x, y = _RIGHT_SHAPES[muscle]
    return (x.copy(), y.copy()) if side == "right" else (-x, y.copy())


def centroid(muscle: str, side: str) -> tuple[float, float]:
    x, y = shape(muscle, side)
    return float(np.nanmean(x[:-1])), float(np.nanmean(y[:-1]))


def regions() -> list[tuple[str, str]]:
    """Every (muscle, side) pair drawn, in drawing order; the order views index traces by."""
    return [(m, s) for s in SIDES for m in MUSCLES]


def short_name(muscle: str) -> str:
    """A muscle's name for axis labels and lists (the orbicularis parts read as lids)."""
    return (
        MUSCLES[muscle]
        .name.replace("Orbicularis oculi (upper part)", "Orbicularis oculi, upper lid")
        .replace("Orbicularis oculi (lower part)", "Orbicularis oculi, lower lid")
    )
