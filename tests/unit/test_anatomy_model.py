"""Lesson 1's model: the course, the branch map, the lesion table, the generated cases, the REZ data."""

from functools import lru_cache
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from widgets import evidence
from widgets.anatomy import model
from widgets.face import FACIAL_MUSCLES, MUSCLES, SIDES, TERMINAL_BRANCHES

ROOT = Path(__file__).resolve().parents[2]
L, S, U, R = model.LOST, model.SPARED, model.UNKNOWN, model.USUALLY_SPARED

# The lesion table, written out from the evidence store (supplement gap 4, FNL-01 … FNL-09):
# level: (weak side relative to the lesion, forehead, tears, stapedius, taste, evidence id)
LESION_TABLE = {
    "cortex": ("opposite", "spared", S, S, S, "FNL-01"),  # UMN: contralateral lower face, forehead spared
    "nucleus": ("same", "weak", R, U, U, "FNL-02"),  # tears usually spared, reduced tearing reported; rest not stated
    "cpa": ("same", "weak", L, L, L, "FNL-03"),
    "meatus": ("same", "weak", L, L, L, "FNL-03"),
    "labyrinthine": ("same", "weak", L, L, L, "FNL-04"),  # proximal to the geniculate: lacrimation affected
    "tympanic": ("same", "weak", S, L, L, "FNL-06"),  # distal to the geniculate: tears spared
    "mastoid": ("same", "weak", S, S, L, "FNL-07"),  # the stapedius branch has left (sources disagree)
    "stylomastoid": ("same", "weak", S, S, S, "FNL-08"),  # distal to chorda tympani: taste and tears spared
}


@lru_cache(maxsize=1)
def _store_yaml():
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load((ROOT / "lessons" / "evidence.yaml").read_text(encoding="utf-8"), Loader=loader)


def _findings(entry_id):
    """The store's own findings columns for a lesion level (read from the YAML, not from the model)."""
    return next(item["findings"] for item in _store_yaml() if item["id"] == entry_id)


def _word(text: str) -> str:
    text = str(text).strip().lower()
    if text.startswith("reduced tearing reported"):  # reported, not a rule: the level usually spares tears
        return R
    if text.startswith(("lost", "reduced")):
        return L
    if text.startswith("spared"):
        return S
    if text.startswith("not stated"):
        return U
    raise AssertionError(f"unexpected finding wording: {text!r}")


@pytest.mark.parametrize("level", LESION_TABLE)
@pytest.mark.parametrize("side", SIDES)
def test_lesion_levels_give_the_deficits_of_the_table(level, side):
    relation, forehead, tears, stapedius, taste, entry = LESION_TABLE[level]
    effect = model.lesion_effect(level, side)
    assert (effect.weak_side == side) == (relation == "same")
    assert (effect.forehead, effect.lacrimation, effect.stapedius, effect.taste) == (forehead, tears, stapedius, taste)
    assert entry in effect.evidence


@pytest.mark.parametrize("level", LESION_TABLE)
def test_the_test_table_agrees_with_the_evidence_store(level):
    _, _, tears, stapedius, taste, entry = LESION_TABLE[level]
    found = _findings(entry)
    assert _word(found["lacrimation"]) == tears
    assert _word(found["stapedius_hyperacusis"]) == stapedius
    assert _word(found["taste_anterior_two_thirds"]) == taste


def test_upper_motor_neuron_lesion_spares_the_forehead_and_weakens_the_opposite_lower_face():
    effect = model.lesion_effect("cortex", "right")
    assert effect.weak_side == "left" and effect.forehead == "spared"
    assert not set(model.FOREHEAD) & effect.weak_muscles
    assert {"oris", "zygomaticus", "buccinator", "depressor_anguli"} <= effect.weak_muscles
    assert all(effect.weakness[m] < 1 for m in model.EYE_CLOSURE)  # FNL-01: "some" orbicularis oculi weakness


@pytest.mark.parametrize("level", [k for k in model.LEVELS if k not in ("cortex", "parotid")])
def test_every_lower_motor_neuron_lesion_weakens_the_whole_same_side(level):
    effect = model.lesion_effect(level, "left")
    assert effect.weak_side == "left" and effect.weak_muscles == frozenset(FACIAL_MUSCLES)
    assert all(g == 1.0 for g in effect.weakness.values())


@pytest.mark.parametrize("branch", TERMINAL_BRANCHES)
def test_a_parotid_lesion_weakens_only_its_branch_and_the_forehead_only_if_temporal(branch):
    effect = model.lesion_effect("parotid", "right", branch)
    assert effect.weak_muscles == frozenset(model.branch_map()[branch])
    assert (effect.forehead == "weak") == (branch == "temporal")
    assert (effect.lacrimation, effect.stapedius, effect.taste) == (S, S, S)  # FNL-09


def test_a_more_distal_lesion_never_loses_more_than_a_proximal_one():
    order = ["labyrinthine", "tympanic", "mastoid", "stylomastoid"]
    lost = [{f for f in model.FUNCTIONS if getattr(model.lesion_effect(k), f) == L} for k in order]
    for proximal, distal in zip(lost, lost[1:]):
        assert distal <= proximal


def test_bad_lesion_input_raises_value_error_naming_the_parameter():
    with pytest.raises(ValueError, match="level must be one of"):
        model.lesion_effect("spinal cord")
    with pytest.raises(ValueError, match="side must be 'right' or 'left'"):
        model.lesion_effect("cortex", "middle")
    with pytest.raises(ValueError, match="branch must be one of .* for a parotid lesion"):
        model.lesion_effect("parotid", "right")
    with pytest.raises(ValueError, match="branch applies only to level 'parotid'"):
        model.lesion_effect("mastoid", "right", "buccal")


# --- branch <-> muscle map ----------------------------------------------------------------------


def test_every_face_muscle_has_one_terminal_branch_or_a_documented_dual_supply():
    store = evidence.store()
    for key, muscle in MUSCLES.items():
        branches = model.muscle_map()[key]
        if not muscle.is_facial:
            assert branches == () and "trigeminal" in muscle.nerve
            continue
        assert len(branches) == 1 or model.dual_supply_of(key) is not None, key
        assert set(branches) <= set(TERMINAL_BRANCHES)
    for name, (branches, ids, regions) in model.DUAL_SUPPLY.items():
        assert len(branches) > 1 and regions
        for i in ids:
            store.get(i)


def test_the_branch_map_partitions_the_facial_muscles():
    owned = [m for muscles in model.branch_map().values() for m in muscles]
    assert sorted(owned) == sorted(FACIAL_MUSCLES) and len(owned) == len(set(owned))


def test_the_jaw_and_skin_sensation_are_listed_as_not_facial_nerve_with_their_evidence():
    ids = {e for _what, _nerve, e in model.NOT_FACIAL_NERVE}
    assert ids == {"ANA-19", "ANA-SKIN"}
    assert not evidence.store().get("ANA-SKIN").is_assumption  # cited (MeSH scope note, Yale cranial nerves), issue 13


# --- the course -------------------------------------------------------------------------------


def test_the_course_runs_from_nucleus_to_the_five_terminal_branches_in_order():
    keys = [s.key for s in model.COURSE]
    assert keys[:11] == [
        "nucleus",
        "genu",
        "rez",
        "cpa",
        "meatus",
        "labyrinthine",
        "geniculate",
        "tympanic",
        "mastoid",
        "stylomastoid",
        "parotid",
    ]
    assert keys[11:] == list(TERMINAL_BRANCHES)


def test_branches_leave_in_the_order_of_the_evidence_store():
    names = [b.name for s in model.COURSE[:11] for b in s.branches]
    assert names.index("Greater petrosal nerve") < names.index("Nerve to stapedius") < names.index("Chorda tympani")
    assert names.index("Chorda tympani") < names.index("Posterior auricular nerve")  # FNL-13, ANA-08


def test_terminal_segments_reach_their_branch_muscles_and_the_trunk_reaches_all():
    for seg in model.COURSE:
        expected = model.branch_map()[seg.key] if seg.key in TERMINAL_BRANCHES else FACIAL_MUSCLES
        assert tuple(seg.reaches) == tuple(expected), seg.key
    with pytest.raises(ValueError, match="segment must be one of"):
        model.segment("spinal cord")


def test_every_evidence_id_the_model_uses_exists():
    store = evidence.store()
    ids = {i for s in model.COURSE for i in s.evidence} | {
        i for s in model.COURSE for b in s.branches for i in b.evidence
    }
    ids |= {i for lv in model.LEVELS.values() for i in lv.evidence}
    ids |= {i for s in model.REZ_SERIES.values() for i in s.evidence} | {v[1] for v in model.VESSELS.values()}
    ids |= {i for group in model.TRANSITION_ZONE.values() for i in group}
    for i in ids:
        store.get(i)


# --- generated localisation cases ---------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(seed=st.integers(min_value=0, max_value=10**9))
def test_every_generated_case_has_exactly_one_right_answer(seed):
    case = model.generate_case(seed)
    assert model.consistent_answers(case) == [(case.answer, case.lesion_side)]
    right, reasons = model.check_answer(case, case.answer, case.lesion_side)
    assert right and reasons == []


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(min_value=0, max_value=10**9),
    answer=st.sampled_from(list(model.ANSWERS)),
    side=st.sampled_from(SIDES),
)
def test_a_wrong_answer_always_comes_with_a_reason(seed, answer, side):
    case = model.generate_case(seed)
    right, reasons = model.check_answer(case, answer, side)
    if (answer, side) != (case.answer, case.lesion_side):
        assert not right and reasons


def test_with_every_test_shown_each_answer_and_side_is_unique():
    for answer in model.ANSWERS:
        for side in SIDES:
            effect = model.answer_effect(answer, side)
            case = model.Case(1, effect.weak_side, dict(effect.weakness), model.expected_tests(effect), answer, side)
            assert model.consistent_answers(case) == [(answer, side)], answer


def test_same_seed_same_case_and_every_answer_occurs():
    assert model.generate_case(7) == model.generate_case(7)
    assert {model.generate_case(s).answer for s in range(600)} == set(model.ANSWERS)


def test_cpa_and_meatus_are_one_answer_because_their_findings_are_the_same():
    a, b = model.lesion_effect("cpa"), model.lesion_effect("meatus")
    assert model.expected_tests(a) == model.expected_tests(b) and a.weakness == b.weakness


def test_bad_case_input_raises_value_error():
    with pytest.raises(ValueError, match="seed must be a whole number"):
        model.generate_case(-1)
    with pytest.raises(ValueError, match="hide must be between 0 and 1"):
        model.generate_case(1, hide=2)
    with pytest.raises(ValueError, match="answer must be one of"):
        model.check_answer(model.generate_case(1), "spine", "right")


# --- root exit zone ---------------------------------------------------------------------------


@pytest.mark.parametrize("key", model.REZ_SERIES)
def test_every_chart_value_is_quoted_in_its_evidence_entry(key):
    series = model.series(key)
    store = evidence.store()
    for i, percent in enumerate(series.percents):
        text = store.get(series.evidence_of(i)).text
        assert f"{percent:g}%" in text, (series.evidence_of(i), percent)
        if series.low and series.low[i] is not None:
            assert f"{series.low[i]:g}–{series.high[i]:g}" in text
    if len(set(series.evidence)) == 1:  # shares of one series cannot exceed the whole
        assert sum(series.percents) <= 100.5


def test_unknown_series_or_vessel_raise_value_error():
    with pytest.raises(ValueError, match="series must be one of"):
        model.series("nope")
    with pytest.raises(ValueError, match="vessel must be one of"):
        model.vessel("SCA")


def test_case_findings_read_in_words_and_untested_is_said():
    assert model.case_result("taste", None) == ("Taste, front two-thirds of the tongue", "not tested")
    assert model.case_result("lacrimation", True)[1] == "reduced"
    assert model.case_result("hyperacusis", False)[1] == "normal"


# --- issue 13, correction 2: a pontine (nucleus/fascicle) lesion does not lose tears ----------------


def test_a_nucleus_or_fascicle_lesion_does_not_show_tears_as_lost():
    effect = model.lesion_effect("nucleus", "left")
    assert effect.lacrimation != model.LOST
    assert "usually spared" in effect.lacrimation and "reported" in effect.lacrimation
    assert model.expected_tests(effect)["lacrimation"] is None  # either finding fits this level


def test_practice_cases_of_a_pontine_lesion_show_normal_or_untested_tearing():
    seen = 0
    for seed in range(400):
        case = model.generate_case(seed)
        if case.answer == "nucleus":
            seen += 1
            assert case.tests["lacrimation"] in (False, None), seed
            assert case.tests["abducens_palsy"] is True or len(model.consistent_answers(case)) == 1
    assert seen >= 10


def test_reduced_tearing_with_a_vi_palsy_still_fits_the_pons():
    side = "right"
    effect = model.lesion_effect("nucleus", side)
    tests = {**model.expected_tests(effect), "lacrimation": True}
    case = model.Case(1, effect.weak_side, dict(effect.weakness), tests, "nucleus", side)
    assert model.mismatches(case, "nucleus", side) == []
