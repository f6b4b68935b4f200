"""The facial nerve for lesson 1: its course, its branches, what a lesion at each level does, and
the root exit zone where hemifacial spasm begins.

Pure data and functions (numpy only, no UI). Every clinical statement carries the evidence id it
comes from (lessons/evidence.yaml); the lesion table follows the research supplement's gap 4
(FNL-01 … FNL-16). Sides are the PATIENT's sides, as in widgets.face.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..face import FACIAL_MUSCLES, MUSCLES, SIDES, TERMINAL_BRANCHES, muscles_of_branch

# --- the course, nucleus to muscle ------------------------------------------------------------


@dataclass(frozen=True)
class Branch:
    """A branch given off along the course: what it supplies and what that does."""

    name: str
    supplies: str
    function: str
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class Segment:
    key: str
    name: str
    region: str  # brainstem, cerebellopontine angle, temporal bone, face
    description: str
    branches: tuple[Branch, ...]
    reaches: tuple[str, ...]  # face muscles (widgets.face keys) driven by the motor fibres passing here
    evidence: tuple[str, ...]


REGIONS = ("brainstem", "cerebellopontine angle", "temporal bone", "face")

_ALL = FACIAL_MUSCLES

TERMINAL_EXTRAS = {  # targets of each terminal branch that the schematic face does not draw
    "temporal": ("auricular muscles",),
    "zygomatic": (),
    "buccal": ("zygomaticus minor", "levator anguli oris", "medial twigs to orbicularis oculi"),
    "marginal mandibular": ("depressor labii inferioris", "risorius (in one table)"),
    "cervical": (),
}
_TERMINAL_EVIDENCE = {
    "temporal": ("ANA-11",),
    "zygomatic": ("ANA-12", "ANA-16"),
    "buccal": ("ANA-13",),
    "marginal mandibular": ("ANA-14",),
    "cervical": ("ANA-15",),
}


def _terminal_segment(branch: str) -> Segment:
    muscles = muscles_of_branch(branch)
    names = [MUSCLES[m].name for m in muscles] + list(TERMINAL_EXTRAS[branch])
    return Segment(
        key=branch,
        name=f"{branch.capitalize()} branch",
        region="face",
        description=f"One of the five terminal branches. Drives: {', '.join(names)}.",
        branches=tuple(
            Branch(MUSCLES[m].name, MUSCLES[m].name, MUSCLES[m].action, _TERMINAL_EVIDENCE[branch]) for m in muscles
        ),
        reaches=muscles,
        evidence=("ANA-10",) + _TERMINAL_EVIDENCE[branch],
    )


# fmt: off
COURSE: tuple[Segment, ...] = (
    Segment("nucleus", "Facial motor nucleus", "brainstem",
            "Motor neurons in the tegmentum of the caudal pons. The part driving the forehead receives cortical "
            "input from both hemispheres, the rest from the opposite hemisphere only.",
            (), _ALL, ("ANA-01", "ANA-02", "ANA-03")),
    Segment("genu", "Internal genu (facial colliculus)", "brainstem",
            "The fibres run dorsomedially and loop around the abducens (VI) nucleus, raising the facial colliculus "
            "in the floor of the fourth ventricle: why a pontine lesion here can add a VI palsy.",
            (), _ALL, ("ANA-01", "FNL-02")),
    Segment("rez", "Root exit zone (pontomedullary junction)", "brainstem",
            "The nerve leaves the brainstem at the ventrolateral pontomedullary junction, between VI and VIII. "
            "Its central myelin gives way to peripheral myelin in a short transition zone: where hemifacial spasm begins.",
            (), _ALL, ("ANA-04", "REZ-01")),
    Segment("cpa", "Cerebellopontine angle (cisternal segment)", "cerebellopontine angle",
            "The nerve crosses the cerebellopontine angle together with the vestibulocochlear nerve (VIII) and the "
            "nervus intermedius.",
            (), _ALL, ("ANA-04",)),
    Segment("meatus", "Internal acoustic meatus", "temporal bone",
            "The nerve enters the temporal bone through the internal acoustic meatus, still beside VIII.",
            (), _ALL, ("ANA-05",)),
    Segment("labyrinthine", "Labyrinthine segment", "temporal bone",
            "First part of the facial (fallopian) canal, and its narrowest bony channel.",
            (), _ALL, ("ANA-05", "FNL-14")),
    Segment("geniculate", "Geniculate ganglion", "temporal bone",
            "At the geniculate ganglion the first branch leaves: the greater petrosal nerve.",
            (Branch("Greater petrosal nerve", "lacrimal, nasal and palatine glands (via the pterygopalatine ganglion)",
                    "tear production", ("ANA-05", "FNL-11")),),
            _ALL, ("ANA-05", "FNL-11", "FNL-13")),
    Segment("tympanic", "Tympanic segment", "temporal bone",
            "The segment between the geniculate ganglion and the mastoid segment; no branch leaves here.",
            (), _ALL, ("ANA-05",)),
    Segment("mastoid", "Mastoid segment", "temporal bone",
            "The vertical segment: the nerve to stapedius leaves first, then the chorda tympani.",
            (Branch("Nerve to stapedius", "stapedius muscle", "when it is lost, sounds seem too loud on that side "
                    "(hyperacusis)", ("ANA-20", "FNL-06", "FNL-15")),
             Branch("Chorda tympani", "anterior two-thirds of the tongue (taste); submandibular and sublingual glands",
                    "taste and salivation; joins the lingual nerve", ("FNL-12",))),
            _ALL, ("ANA-05", "ANA-20", "FNL-12", "FNL-13")),
    Segment("stylomastoid", "Stylomastoid foramen", "face",
            "The nerve leaves the skull; just below, three small motor branches leave before the parotid.",
            (Branch("Posterior auricular nerve", "occipital belly of occipitofrontalis, auricular muscles",
                    "motor to those muscles", ("ANA-08",)),
             Branch("Nerve to the posterior belly of digastric", "posterior belly of digastric",
                    "motor: one of the two jaw-related muscles CN VII supplies", ("ANA-08", "ANA-19")),
             Branch("Nerve to stylohyoid", "stylohyoid", "motor: the other jaw-related muscle CN VII supplies",
                    ("ANA-08", "ANA-19"))),
            _ALL, ("ANA-07", "ANA-08")),
    Segment("parotid", "Parotid plexus", "face",
            "Inside the parotid gland the nerve divides into upper (temporofacial) and lower (cervicofacial) "
            "divisions, then a plexus (pes anserinus) from which the five terminal branches run; the pattern varies "
            "between people.",
            (), _ALL, ("ANA-09",)),
    *(_terminal_segment(b) for b in TERMINAL_BRANCHES),
)
# fmt: on
SEGMENTS: dict[str, Segment] = {s.key: s for s in COURSE}


def segment(key: str) -> Segment:
    if key not in SEGMENTS:
        raise ValueError(f"segment must be one of {', '.join(SEGMENTS)} (got {key!r})")
    return SEGMENTS[key]


# --- branch <-> muscle map --------------------------------------------------------------------

# The schematic face draws orbicularis oculi in two halves so each half has one branch. The whole
# muscle has a documented dual supply, recorded here so no reader takes the split as the anatomy.
# fmt: off
DUAL_SUPPLY = {
    "orbicularis oculi": (("temporal", "zygomatic", "buccal (medial part)"), ("ANA-16", "ANA-13"),
                          ("oculi_upper", "oculi_lower")),
}
# fmt: on


def branch_map() -> dict[str, tuple[str, ...]]:
    """Terminal branch -> the face muscles it drives (built on widgets.face.MUSCLES)."""
    return {b: muscles_of_branch(b) for b in TERMINAL_BRANCHES}


def muscle_map() -> dict[str, tuple[str, ...]]:
    """Face muscle -> its terminal branch(es); empty for a muscle of another nerve."""
    return {k: m.branches for k, m in MUSCLES.items()}


def dual_supply_of(muscle: str) -> str | None:
    """The whole muscle with a documented dual supply that this face region belongs to, if any."""
    if muscle not in MUSCLES:
        raise ValueError(f"muscle must be one of {', '.join(MUSCLES)} (got {muscle!r})")
    for name, (_branches, _ev, regions) in DUAL_SUPPLY.items():
        if muscle in regions:
            return name
    return None


# What the facial nerve does NOT do (the seed article said it controls "all facial activity").
# fmt: off
NOT_FACIAL_NERVE = (
    ("Closing the jaw, chewing (masseter, temporalis, medial pterygoid)", "trigeminal nerve, motor root (CN V3)", "ANA-19"),
    ("Sensation of the skin of the face", "trigeminal nerve (CN V)", "ANA-SKIN"),
)
# fmt: on


# --- lesion localisation ----------------------------------------------------------------------

LOST, SPARED, UNKNOWN = "lost", "spared", "not stated"
# The tear glands' parasympathetic fibres start in the superior salivatory nucleus and leave in the nervus
# intermedius, not from the facial motor nucleus, so a nuclear lesion usually spares tearing; reduced tearing is
# only *reported* with intrapontine fascicle lesions (FNL-02). A practice case shows tearing normal there, and a
# learner who meets reduced tearing is not told that it rules the pons out.
USUALLY_SPARED = "usually spared; reduced tearing reported with fascicle lesions"
FUNCTIONS = ("lacrimation", "stapedius", "taste")
FOREHEAD = ("frontalis", "corrugator")
EYE_CLOSURE = ("oculi_upper", "oculi_lower")
MILD = 0.5  # the weakness grade drawn for a partly affected muscle (a drawing choice, not a measurement)


@dataclass(frozen=True)
class Level:
    key: str
    name: str
    short: str
    lacrimation: str
    stapedius: str
    taste: str
    hearing_loss: bool | None  # CN VIII signs (hearing loss, tinnitus); None = not stated
    abducens_palsy: bool | None  # ipsilateral VI or gaze palsy; None = not stated
    contralateral: bool
    evidence: tuple[str, ...]
    notes: tuple[str, ...] = ()


# fmt: off
LEVELS: dict[str, Level] = {lv.key: lv for lv in (
    Level("cortex", "Motor cortex or internal capsule (upper motor neuron)", "cortex (UMN)",
          SPARED, SPARED, SPARED, False, False, True, ("FNL-01", "ANA-02"),
          ("The forehead is spared because its motor neurons receive input from both hemispheres.",
           "Some orbicularis oculi weakness is described; emotional expression may be kept.")),
    Level("nucleus", "Facial nucleus or its fascicle in the pons", "nucleus (pons)",
          USUALLY_SPARED, UNKNOWN, UNKNOWN, None, True, False, ("FNL-02", "ANA-01", "ANA-04", "L1-TEARS-NUCLEUS"),
          ("Tears are usually spared (their fibres leave with the nervus intermedius, not from the motor nucleus); "
           "reduced tearing is reported with intrapontine fascicle lesions. Stapedius and taste are not stated.",
           "The fibres loop round the abducens nucleus, so an ipsilateral VI or gaze palsy points here; Horner syndrome "
           "and a contralateral hemiparesis may be added.")),
    Level("cpa", "Cerebellopontine angle", "cerebellopontine angle",
          LOST, LOST, LOST, True, False, False, ("FNL-03", "L1-CASES"),
          ("Hearing loss and tinnitus (VIII) often come first; vertigo, nystagmus and ataxia can be added.",
           "Large tumours add trigeminal signs (numbness, a lost corneal reflex) and a VI palsy; the practice cases "
           "here are small lesions without them.")),
    Level("meatus", "Internal acoustic meatus", "internal acoustic meatus",
          LOST, LOST, LOST, True, False, False, ("FNL-03", "L1-CASES"),
          ("Same findings as the cerebellopontine angle: the bedside cannot tell the two apart.",)),
    Level("labyrinthine", "Proximal to the geniculate ganglion (labyrinthine segment)", "proximal to geniculate",
          LOST, LOST, LOST, False, False, False, ("FNL-04", "FNL-05", "L1-CASES"),
          ("Everything the nerve carries is lost; VIII and the brainstem are not involved.",
           "A lesion at the ganglion itself (Ramsay Hunt syndrome) also loses tears and taste.")),
    Level("tympanic", "Distal to the geniculate ganglion, above the nerve to stapedius (tympanic segment)",
          "distal to geniculate", SPARED, LOST, LOST, False, False, False, ("FNL-06", "FNL-11"),
          ("The greater petrosal nerve has already left, so tears are spared.",)),
    Level("mastoid", "Between the nerve to stapedius and the chorda tympani (mastoid segment)",
          "between stapedius and chorda", SPARED, SPARED, LOST, False, False, False, ("FNL-07", "FNL-13"),
          ("The nerve to stapedius has already left, so sounds are not too loud. One source says such a lesion gives "
           "hyperacusis; the anatomy and two other sources say it does not.",)),
    Level("stylomastoid", "Distal to the chorda tympani, at the stylomastoid foramen", "stylomastoid foramen",
          SPARED, SPARED, SPARED, False, False, False, ("FNL-08",),
          ("Pure weakness of the facial muscles: every other branch has already left.",)),
    Level("parotid", "Inside the parotid, on one terminal branch", "parotid (one branch)",
          SPARED, SPARED, SPARED, False, False, False, ("FNL-09",),
          ("Only the muscles of the injured branch are weak; the forehead only if it is the temporal branch.",)),
)}
# fmt: on


@dataclass(frozen=True)
class LesionEffect:
    """What one lesion does. `weakness` maps face muscles on `weak_side` to a grade (1 = weak, MILD = partly)."""

    level: str
    branch: str | None
    lesion_side: str
    weak_side: str
    weakness: dict[str, float]
    forehead: str  # "weak" or "spared"
    lacrimation: str
    stapedius: str
    taste: str
    hearing_loss: bool | None
    abducens_palsy: bool | None
    notes: tuple[str, ...]
    evidence: tuple[str, ...]

    @property
    def weak_muscles(self) -> frozenset[str]:
        return frozenset(self.weakness)

    @property
    def hyperacusis(self) -> str:
        """'present', 'absent' or 'not stated': what the patient notices when stapedius is lost."""
        return {LOST: "present", SPARED: "absent", UNKNOWN: UNKNOWN}[self.stapedius]


def _check_side(name: str, side: str) -> None:
    if side not in SIDES:
        raise ValueError(f"{name} must be 'right' or 'left' (the patient's side; got {side!r})")


def lesion_effect(level: str, side: str = "right", branch: str | None = None) -> LesionEffect:
    """The deficits of a lesion at `level` on the patient's `side` (and `branch` for a parotid lesion).

    A cortical (upper-motor-neuron) lesion weakens the OPPOSITE side of the face and spares the
    forehead; every lesion from the nucleus outwards weakens the SAME side.
    """
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)} (got {level!r})")
    _check_side("side", side)
    lv = LEVELS[level]
    if level == "parotid":
        if branch not in TERMINAL_BRANCHES:
            raise ValueError(
                f"branch must be one of {', '.join(TERMINAL_BRANCHES)} for a parotid lesion (got {branch!r})"
            )
        weakness = {m: 1.0 for m in muscles_of_branch(branch)}
    else:
        if branch is not None:
            raise ValueError(f"branch applies only to level 'parotid' (got branch {branch!r} with level {level!r})")
        weakness = {m: 1.0 for m in FACIAL_MUSCLES}
        if lv.contralateral:
            for m in FOREHEAD:
                del weakness[m]
            for m in EYE_CLOSURE:
                weakness[m] = MILD
    weak_side = (SIDES[1] if side == SIDES[0] else SIDES[0]) if lv.contralateral else side
    forehead = "weak" if any(m in weakness for m in FOREHEAD) else "spared"
    evidence = lv.evidence + (_TERMINAL_EVIDENCE[branch] if branch else ())
    return LesionEffect(
        level,
        branch,
        side,
        weak_side,
        weakness,
        forehead,
        lv.lacrimation,
        lv.stapedius,
        lv.taste,
        lv.hearing_loss,
        lv.abducens_palsy,
        lv.notes,
        evidence,
    )


# --- the reverse exercise: from deficits to the level ----------------------------------------

# Answers a learner can give. The cerebellopontine angle and the internal acoustic meatus give the
# same bedside findings (FNL-03), so they form one answer and every case has exactly one right answer.
ANSWERS: dict[str, tuple[str, str | None, str]] = {
    "cortex": ("cortex", None, "Motor cortex / internal capsule (upper motor neuron)"),
    "nucleus": ("nucleus", None, "Facial nucleus in the pons"),
    "cpa_meatus": ("cpa", None, "Cerebellopontine angle or internal acoustic meatus"),
    "labyrinthine": ("labyrinthine", None, "Proximal to the geniculate ganglion"),
    "tympanic": ("tympanic", None, "Distal to the geniculate ganglion, above the nerve to stapedius"),
    "mastoid": ("mastoid", None, "Between the nerve to stapedius and the chorda tympani"),
    "stylomastoid": ("stylomastoid", None, "Distal to the chorda tympani (stylomastoid foramen)"),
    **{f"parotid_{b.replace(' ', '_')}": ("parotid", b, f"Parotid: {b} branch only") for b in TERMINAL_BRANCHES},
}
# Bedside findings besides the face, in the order a case lists them.
TESTS = ("lacrimation", "hyperacusis", "taste", "hearing_loss", "abducens_palsy")
TEST_WORDS = {  # (abnormal, normal) in the words a case and its feedback use
    "lacrimation": ("reduced tear production", "normal tear production"),
    "hyperacusis": ("hyperacusis (sounds too loud in that ear)", "no hyperacusis"),
    "taste": ("loss of taste on the front of the tongue", "normal taste"),
    "hearing_loss": ("hearing loss and tinnitus", "normal hearing"),
    "abducens_palsy": ("an abducens (VI) palsy on the side of the lesion", "normal eye movements"),
}


TEST_RESULTS = {  # how a case lists each test: (what was tested, abnormal result, normal result)
    "lacrimation": ("Tear production", "reduced", "normal"),
    "hyperacusis": ("Loud sounds in that ear", "too loud (hyperacusis)", "normal"),
    "taste": ("Taste, front two-thirds of the tongue", "lost", "normal"),
    "hearing_loss": ("Hearing", "loss and tinnitus", "normal"),
    "abducens_palsy": ("Eye movements", "abducens (VI) palsy on the weak side", "normal"),
}


def case_result(test: str, value: bool | None) -> tuple[str, str]:
    """(what was tested, the result in words) for a case's list; None reads 'not tested'."""
    name, abnormal, normal = TEST_RESULTS[test]
    return name, "not tested" if value is None else (abnormal if value else normal)


def finding_phrase(test: str, abnormal: bool) -> str:
    return TEST_WORDS[test][0 if abnormal else 1]


def answer_effect(answer: str, side: str) -> LesionEffect:
    if answer not in ANSWERS:
        raise ValueError(f"answer must be one of {', '.join(ANSWERS)} (got {answer!r})")
    level, branch, _ = ANSWERS[answer]
    return lesion_effect(level, side, branch)


def expected_tests(effect: LesionEffect) -> dict[str, bool | None]:
    """Each bedside test as abnormal (True), normal (False) or not stated in the sources (None)."""
    as_bool = {LOST: True, SPARED: False, UNKNOWN: None, USUALLY_SPARED: None}  # either value fits USUALLY_SPARED
    return {
        "lacrimation": as_bool[effect.lacrimation],
        "hyperacusis": as_bool[effect.stapedius],
        "taste": as_bool[effect.taste],
        "hearing_loss": effect.hearing_loss,
        "abducens_palsy": effect.abducens_palsy,
    }


@dataclass(frozen=True)
class Case:
    """A generated patient: the face and the bedside tests; None means 'not tested'."""

    number: int
    weak_side: str
    weakness: dict[str, float]
    tests: dict[str, bool | None]
    answer: str = field(repr=False)
    lesion_side: str = field(repr=False)

    @property
    def weak_muscles(self) -> frozenset[str]:
        return frozenset(self.weakness)


def mismatches(case: Case, answer: str, side: str) -> list[str]:
    """Why a lesion at `answer` on `side` cannot explain the case (empty when it can)."""
    effect = answer_effect(answer, side)
    reasons = []
    if effect.weak_side != case.weak_side:
        where = "the opposite side" if LEVELS[effect.level].contralateral else "its own side"
        reasons.append(
            f"it would weaken the patient's {effect.weak_side} face ({where}), but this patient's "
            f"{case.weak_side} face is weak"
        )
    elif effect.weak_muscles != case.weak_muscles:
        extra = sorted(effect.weak_muscles - case.weak_muscles, key=list(MUSCLES).index)
        missing = sorted(case.weak_muscles - effect.weak_muscles, key=list(MUSCLES).index)
        if extra:
            reasons.append(
                "it would also weaken " + ", ".join(MUSCLES[m].name for m in extra) + ", which work normally here"
            )
        if missing:
            reasons.append(
                "it would not weaken " + ", ".join(MUSCLES[m].name for m in missing) + ", which are weak here"
            )
    expected = expected_tests(effect)
    for test in TESTS:
        seen, wanted = case.tests[test], expected[test]
        if seen is None or wanted is None or seen == wanted:
            continue
        reasons.append(
            f"it would give {finding_phrase(test, wanted)}, but this patient has {finding_phrase(test, seen)}"
        )
    return reasons


def consistent_answers(case: Case) -> list[tuple[str, str]]:
    """Every (answer, lesion side) that explains all of the case's findings."""
    return [(a, s) for a in ANSWERS for s in SIDES if not mismatches(case, a, s)]


def check_answer(case: Case, answer: str, side: str) -> tuple[bool, list[str]]:
    """(right?, reasons it is wrong). The side is the patient's side of the lesion."""
    _check_side("side", side)
    reasons = mismatches(case, answer, side)
    return (answer == case.answer and side == case.lesion_side and not reasons), reasons


def generate_case(seed: int, number: int = 1, hide: float = 0.4) -> Case:
    """A practice case from `seed` (same seed, same case) with exactly one right answer.

    Some bedside tests are left 'not tested' (each with probability `hide`) only when the case
    still has a single explanation without them.
    """
    if not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a whole number of at least 0 (got {seed!r})")
    if not 0.0 <= hide <= 1.0:
        raise ValueError(f"hide must be between 0 and 1 (got {hide})")
    rng = np.random.default_rng(int(seed))
    # Draw the level first and the branch second, so parotid cases are not five times as common.
    groups = [a for a in ANSWERS if not a.startswith("parotid_")] + ["parotid"]
    answer = groups[int(rng.integers(len(groups)))]
    if answer == "parotid":
        answer = f"parotid_{TERMINAL_BRANCHES[int(rng.integers(len(TERMINAL_BRANCHES)))].replace(' ', '_')}"
    side = SIDES[int(rng.integers(2))]
    effect = answer_effect(answer, side)
    tests = dict(expected_tests(effect))
    if effect.lacrimation == USUALLY_SPARED:
        tests["lacrimation"] = False  # the usual finding; the table lets either value fit this level

    def build(t):
        return Case(number, effect.weak_side, dict(effect.weakness), t, answer, side)

    for test in rng.permutation(TESTS):
        test = str(test)
        if tests[test] is None or rng.random() >= hide:
            continue
        trial = {**tests, test: None}
        if len(consistent_answers(build(trial))) == 1:
            tests = trial
    case = build(tests)
    if consistent_answers(case) != [(answer, side)]:  # cannot happen with the table above; guards edits to it
        raise RuntimeError(f"case from seed {seed} has no unique answer: {consistent_answers(case)}")
    return case


# --- the root exit zone -----------------------------------------------------------------------


@dataclass(frozen=True)
class Series:
    """A bar chart's data: categories with their percentages, from one evidence entry each."""

    key: str
    title: str
    categories: tuple[str, ...]
    percents: tuple[float, ...]
    evidence: tuple[str, ...]  # one id per bar, or a single id for all bars
    n: int | None = None
    low: tuple[float | None, ...] = ()  # 95% CI where a source gives one
    high: tuple[float | None, ...] = ()
    note: str = ""

    def evidence_of(self, i: int) -> str:
        return self.evidence[i] if len(self.evidence) > 1 else self.evidence[0]


# Percentages as printed in each source (the evidence store quotes them; a unit test checks that).
# fmt: off
REZ_SERIES: dict[str, Series] = {s.key: s for s in (
    Series("vessel_115", "Offending vessel in 115 operated patients",
           ("AICA", "PICA", "Vertebral artery", "Large vein"), (43, 31, 23, 3), ("VES-01",), n=115,
           note="More than one vessel in 38%, so the shares describe the main culprit."),
    Series("vessel_75", "Offending vessel in 75 operated patients",
           ("PICA", "AICA", "Vertebrobasilar complex"), (41.3, 38.6, 18.7), ("VES-04",), n=75,
           note="Here PICA outnumbers AICA: series differ."),
    Series("vessel_65", "Offending vessel in 65 operated patients",
           ("PICA", "AICA", "Vertebrobasilar + PICA/AICA"), (35.4, 33.8, 20.0), ("VES-05",), n=65,
           note="The vertebrobasilar artery alone in 4 further cases; a conflict was found in 95.5%."),
    Series("aica_share", "AICA as the offending vessel, across series",
           ("115 patients", "27-study review", "362 operations", "75 patients", "65 patients"),
           (43, 37.8, 51.4, 38.6, 33.8), ("VES-01", "VES-02", "VES-03", "VES-04", "VES-05"),
           low=(None, 27.8, None, None, None), high=(None, 47.7, None, None, None),
           note="The most frequent single culprit in most series, at roughly a third to a half of cases."),
    Series("site_115", "Where on the root the vessel presses (115 patients)",
           ("Root exit point", "Attached segment", "Detachment point / transition zone", "Distal cisternal"),
           (10, 64, 22, 3), ("REZ-05",), n=115,
           note="Almost all compressions lie on the brainstem side of the transition zone or on it."),
)}
# fmt: on

VESSELS = {  # the culprits drawn in the close-up, with the evidence for their frequency
    "AICA": ("anterior inferior cerebellar artery", "VES-01"),
    "PICA": ("posterior inferior cerebellar artery", "VES-01"),
    "VA": ("vertebral artery", "VES-01"),
}

# The transition zone (Obersteiner–Redlich zone) and why it is vulnerable.
TRANSITION_ZONE = {
    "length": ("REZ-01", "REZ-02", "REZ-03"),
    "vulnerable": ("REZ-04",),
    "mechanism": ("EMG-03",),
}


def series(key: str) -> Series:
    if key not in REZ_SERIES:
        raise ValueError(f"series must be one of {', '.join(REZ_SERIES)} (got {key!r})")
    return REZ_SERIES[key]


def vessel(key: str) -> tuple[str, str]:
    if key not in VESSELS:
        raise ValueError(f"vessel must be one of {', '.join(VESSELS)} (got {key!r})")
    return VESSELS[key]
