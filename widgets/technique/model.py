"""Toxin technique for hemifacial spasm (lesson 4, optional section): injection points, doses, risks, brands.

Pure data and arithmetic (no UI). Points sit on the patient's LEFT side (viewer's right, x > 0, the
coordinates of widgets.face). Doses are onabotulinumtoxinA units per point as the cited sources give them;
no consensus per-muscle table for HFS exists (BTX-24), so the figures are examples from label text,
textbooks and trial protocols, never a guideline. Two points are places to AVOID: the centre of the upper
lid (the levator: ptosis) and the medial lower lid (the inferior oblique: double vision).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Risk:
    kind: str  # "ptosis", "diplopia", "lip"
    text: str  # what happens and why, in plain words
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class Point:
    key: str
    name: str
    muscle: str
    x: float
    y: float
    dose: tuple[float, float] | None  # onabotulinumtoxinA units per point (low, high); None = no figure
    evidence: tuple[str, ...]
    standard: bool  # part of the usual pattern; False = a place to avoid
    risk: Risk | None = None
    note: str = ""


_PTOSIS = Risk(
    "ptosis",
    "Drooping upper lid (ptosis): toxin here reaches the levator palpebrae superioris, the muscle that lifts the lid. "
    "Keep to the medial and lateral upper lid, just under the skin.",
    ("BTD-21", "BTD-22", "BTD-23", "BTD-24", "BTD-25"),
)
_DIPLOPIA = Risk(
    "diplopia",
    "Double vision (diplopia): toxin here can spread to the inferior oblique, a muscle that moves the eye. "
    "Keep to the lateral lower lid.",
    ("BTD-26", "BTX-12"),
)
_LIP = Risk(
    "lip",
    "Lip droop and an uneven mouth: the lower face weakens easily, so doses there are kept low and points "
    "stay above the nasolabial fold and lateral to the nostril.",
    ("BTD-27", "BTD-28", "BTD-29"),
)

_LID = (1.25, 2.5)  # label dose per site (BTD-01)
_FACE = (1.25, 4.0)  # per site, affected side of one randomised trial (BTD-09)

# fmt: off
POINTS: dict[str, Point] = {p.key: p for p in (
    Point("upper_medial", "Upper lid, medial", "Orbicularis oculi", 0.26, 0.37, _LID, ("BTD-01", "BTD-04"), True,
          note="just under the skin along the lid crease"),
    Point("upper_lateral", "Upper lid, lateral", "Orbicularis oculi", 0.50, 0.37, _LID, ("BTD-01", "BTD-04"), True,
          note="just under the skin along the lid crease"),
    Point("lateral_canthus", "Lateral canthus", "Orbicularis oculi", 0.64, 0.25, (2.5, 2.5), ("BTD-05",), True),
    Point("lower_lateral", "Lower lid, lateral", "Orbicularis oculi", 0.50, 0.13, _LID, ("BTD-01",), True),
    Point("upper_central", "Upper lid, centre (avoid)", "Orbicularis oculi over the levator", 0.38, 0.39, None,
          ("BTD-22",), False, _PTOSIS),
    Point("lower_medial", "Lower lid, medial (avoid)", "Orbicularis oculi over the inferior oblique", 0.26, 0.13, None,
          ("BTD-26",), False, _DIPLOPIA),
    Point("glabella", "Brow, medial (glabella)", "Corrugator", 0.16, 0.52, _FACE, ("BTD-09",), True),
    Point("frontalis", "Forehead", "Frontalis", 0.38, 0.85, _FACE, ("BTD-09",), True,
          note="only when the forehead takes part in the spasm"),
    Point("zygomaticus", "Cheek", "Zygomaticus major", 0.52, -0.18, _FACE, ("BTD-09", "BTD-10"), True),
    Point("levator_labii", "Beside the nose", "Levator labii superioris", 0.24, -0.16, _FACE, ("BTD-09",), True),
    Point("risorius", "Lateral to the mouth corner", "Risorius", 0.50, -0.55, _FACE, ("BTD-09",), True, _LIP),
    Point("oris", "Upper lip", "Orbicularis oris", 0.12, -0.47, _FACE, ("BTD-09",), True, _LIP),
    Point("depressor_anguli", "Below the mouth corner", "Depressor anguli oris", 0.32, -0.86, (2.0, 3.0),
          ("BTD-13",), True, _LIP, note="the dose is from a cosmetic anatomy study, not an HFS source"),
    Point("mentalis", "Chin", "Mentalis", 0.09, -0.93, None, ("BTD-08",), True,
          note="injected in one HFS trial; no dose per point in the course's sources"),
    Point("platysma", "Neck band", "Platysma", 0.30, -1.50, (2.5, 5.0), ("BTD-06",), True,
          note="two or three points along each band that contracts"),
)}
# fmt: on
POINT_KEYS = tuple(POINTS)
AVOID = tuple(k for k, p in POINTS.items() if not p.standard)


@dataclass(frozen=True)
class Brand:
    key: str
    name: str
    ratio: tuple[float, float]  # its units per onabotulinumtoxinA unit (low, high)
    evidence: tuple[str, ...]


# fmt: off
BRANDS: dict[str, Brand] = {b.key: b for b in (
    Brand("ona", "onabotulinumtoxinA (Botox)", (1.0, 1.0), ("BTD-01",)),
    Brand("inco", "incobotulinumtoxinA (Xeomin)", (1.0, 1.0), ("BTD-14",)),
    Brand("abo", "abobotulinumtoxinA (Dysport)", (2.5, 3.0), ("BTD-15",)),
)}
# fmt: on

LABEL_MIN_WEEKS = 12  # BTD-31: injecting more often than every 3 months normally adds nothing
INTERVAL_RANGE = (4, 26)


def _check_choice(name: str, value, allowed) -> None:
    if value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(allowed)} (got {value!r})")


def convert(dose: tuple[float, float] | None, brand: str) -> tuple[float, float] | None:
    """A dose in onabotulinumtoxinA units as a range in `brand`'s units (units are not interchangeable)."""
    _check_choice("brand", brand, BRANDS)
    if dose is None:
        return None
    low, high = dose
    if not (0 <= low <= high <= 100):
        raise ValueError(f"dose must be a range of units between 0 and 100 with low <= high (got {dose!r})")
    r_low, r_high = BRANDS[brand].ratio
    return round(low * r_low, 2), round(high * r_high, 2)


@dataclass(frozen=True)
class PointInfo:
    point: Point
    brand: str
    dose: tuple[float, float] | None  # per point, in the brand's units
    muscle_points: int  # standard points of this muscle on one side
    muscle_dose: tuple[float, float] | None  # every standard point of the muscle once, in the brand's units


def point_info(key: str, brand: str = "ona") -> PointInfo:
    """What choosing one point shows: its dose in the brand's units, the muscle's total and any risk."""
    _check_choice("point", key, POINTS)
    _check_choice("brand", brand, BRANDS)
    point = POINTS[key]
    same = [p for p in POINTS.values() if p.standard and p.muscle == point.muscle]
    doses = [p.dose for p in same if p.dose is not None]
    total = (sum(d[0] for d in doses), sum(d[1] for d in doses)) if doses and len(doses) == len(same) else None
    return PointInfo(point, brand, convert(point.dose, brand), len(same), convert(total, brand))


def interval_advice(weeks: int) -> tuple[bool, tuple[str, ...]]:
    """(shorter than the label allows?, evidence) for a gap of `weeks` between sessions."""
    low, high = INTERVAL_RANGE
    if isinstance(weeks, bool) or not isinstance(weeks, int) or not low <= weeks <= high:
        raise ValueError(f"weeks between sessions must be a whole number from {low} to {high} (got {weeks!r})")
    return weeks < LABEL_MIN_WEEKS, ("BTD-31", "BTX-ANTIBODIES")


def evidence_ids() -> set[str]:
    ids = {"BTX-24", "BTD-02", "BTD-16", "BTD-31", "BTX-ANTIBODIES"}
    for p in POINTS.values():
        ids.update(p.evidence)
        if p.risk:
            ids.update(p.risk.evidence)
    for b in BRANDS.values():
        ids.update(b.evidence)
    return ids
