"""Lesson 2 model: the order of spread, persistence, seeding, synchrony, signs and practice cases."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from widgets import evidence
from widgets.face import MUSCLES, TERMINAL_BRANCHES
from widgets.progression import model

seeds = st.integers(min_value=0, max_value=2**31 - 1)
speeds = st.floats(min_value=model.SPEED_RANGE[0], max_value=model.SPEED_RANGE[1])


@settings(max_examples=150, deadline=None)
@given(seed=seeds, speed=speeds)
def test_typical_starts_in_the_lower_eyelid_and_atypical_in_the_lower_face(seed, speed):
    typical = model.simulate_patient("typical", seed, speed=speed)
    atypical = model.simulate_patient("atypical", seed, speed=speed)
    assert typical.order[0] == "oculi_lower" and typical.join_years[0] == 0
    assert atypical.order[0] in ("oris", "buccinator") and atypical.order[0] in model.LOWER_FACE


@settings(max_examples=150, deadline=None)
@given(seed=seeds, speed=speeds)
def test_atypical_climbs_to_end_in_orbicularis_oculi_not_oris(seed, speed):
    p = model.simulate_patient("atypical", seed, speed=speed, spreads=True)
    eyelid = [m for m in p.order if m in model.EYELID]
    core = {m for tier in model.TIERS["atypical"] for m in tier} - model.OPTIONAL_MUSCLES
    if core <= set(p.order):  # the whole sequence fits within the simulated years
        assert p.order[-1] == "oculi_upper"
    # the eyelid never comes before the mouth in the atypical pattern
    if eyelid:
        assert p.order.index(eyelid[0]) > p.order.index("oris")


@settings(max_examples=150, deadline=None)
@given(seed=seeds, speed=speeds, pattern=st.sampled_from(model.PATTERNS))
def test_a_muscle_once_involved_stays_involved(seed, speed, pattern):
    p = model.simulate_patient(pattern, seed, speed=speed)
    line = p.timeline(np.linspace(0, model.YEARS_MAX, 81))
    # along the years each column may switch on once and never off
    assert not np.any(line.involved[:-1] & ~line.involved[1:])
    assert np.all(np.diff(line.involved.sum(axis=1)) >= 0)
    # rate and strength never fall while untreated
    assert np.all(np.diff(line.strength, axis=0) >= -1e-12)
    assert np.all(np.diff(line.rate, axis=0) >= -1e-12)


@settings(max_examples=60, deadline=None)
@given(seed=seeds, when=st.floats(min_value=1, max_value=model.YEARS_MAX))
def test_decompression_is_the_only_way_a_muscle_leaves_the_spasm(seed, when):
    p = model.simulate_patient("typical", seed, decompressed_at=when)
    assert p.involved(when) == ()
    before = min(when - 1e-6, model.YEARS_MAX)
    assert p.involved(max(before, 0)) != () or when < 1e-6


@settings(max_examples=60, deadline=None)
@given(seed=seeds, pattern=st.sampled_from(model.PATTERNS))
def test_same_seed_same_patient(seed, pattern):
    assert model.simulate_patient(pattern, seed) == model.simulate_patient(pattern, seed)
    assert model.generate_case(seed) == model.generate_case(seed)
    a, b = model.emg_traces("hfs", 0.9, seed), model.emg_traces("hfs", 0.9, seed)
    assert np.array_equal(a.traces, b.traces) and a.synchrony == b.synchrony


def test_different_seeds_give_different_patients():
    orders = {model.simulate_patient("typical", s).join_years for s in range(20)}
    assert len(orders) == 20


@settings(max_examples=60, deadline=None)
@given(seed=seeds)
def test_jaw_muscles_never_join_hemifacial_spasm(seed):
    for pattern in model.PATTERNS:
        p = model.simulate_patient(pattern, seed)
        assert all(MUSCLES[m].is_facial for m in p.order)


def test_faster_spread_reaches_more_muscles_by_a_given_year():
    slow = [len(model.simulate_patient("typical", s, speed=0.5, spreads=True).involved(4)) for s in range(40)]
    fast = [len(model.simulate_patient("typical", s, speed=2.0, spreads=True).involved(4)) for s in range(40)]
    assert np.mean(fast) > np.mean(slow)


def test_some_patients_do_not_spread_as_the_evidence_says():
    spreads = [model.simulate_patient("typical", s).spreads for s in range(2000)]
    assert 0.90 < np.mean(spreads) < 0.96  # PRO-03: 93.4%


def test_side_is_drawn_about_evenly_and_can_be_fixed():
    sides = [model.simulate_patient("typical", s).side for s in range(2000)]
    assert 0.45 < sides.count("left") / len(sides) < 0.55
    assert model.simulate_patient("typical", 1, side="right").side == "right"


def test_modifiers_raise_or_lower_the_spasm_rate():
    p = model.simulate_patient("typical", 3)
    calm = p.rate("oculi_lower", 5)
    assert p.rate("oculi_lower", 5, ["stress"]) > calm
    assert p.rate("oculi_lower", 5, ["fatigue"]) > calm
    asleep = p.rate("oculi_lower", 5, ["asleep"])
    assert 0 < asleep < calm  # fewer in sleep, but it persists (SIG-07)
    assert p.rate("platysma", 0) == 0.0


def test_rate_grows_to_nearly_continuous_and_strength_saturates():
    p = model.simulate_patient("typical", 3)
    assert p.rate("oculi_lower", 0) == model.RATE_AT_JOIN
    assert p.rate("oculi_lower", 20) == model.RATE_MAX
    assert model.STRENGTH_AT_JOIN <= p.strength("oculi_lower", 0) < p.strength("oculi_lower", 10) <= 1


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: model.simulate_patient("reverse", 1), "pattern must be one of typical, atypical"),
        (lambda: model.simulate_patient("typical", -1), "seed must be a whole number"),
        (lambda: model.simulate_patient("typical", 1, speed=9), "speed must be between 0.25 and 4"),
        (lambda: model.simulate_patient("typical", 1, side="middle"), "side must be one of right, left"),
        (lambda: model.simulate_patient("typical", 1, age_at_onset=5), "age_at_onset must be between 15 and 87"),
        (lambda: model.simulate_patient("typical", 1).timeline([45]), "years must be between 0 and 20"),
        (lambda: model.modifier_factor(["caffeine"]), "modifier must be one of stress, fatigue, asleep"),
        (lambda: model.emg_traces("hfs", 1.5, 1), "synkinesis must be between 0 and 1"),
        (lambda: model.emg_traces("tic", 0.5, 1), "pattern must be one of hfs, myokymia"),
        (lambda: model.other_babinski("sneeze"), "situation must be one of"),
        (lambda: model.lateral_spread_response("ophthalmic", "mentalis"), "stimulated_branch must be one of"),
        (lambda: model.lateral_spread_response("zygomatic", "masseter"), "recorded_muscle must be one of"),
        (lambda: model.grade_case(model.generate_case(1), "maybe"), "answer must be one of typical, atypical, neither"),
        (lambda: model.synchrony_index(np.zeros((1, 100))), "at least 2 muscles"),
    ],
)
def test_invalid_input_names_the_parameter_and_its_range(call, message):
    with pytest.raises(ValueError, match=message):
        call()


@settings(max_examples=80, deadline=None)
@given(seed=seeds)
def test_synchrony_is_higher_in_hfs_than_in_myokymia(seed):
    hfs = model.emg_traces("hfs", model.DEFAULT_SYNKINESIS["hfs"], seed)
    myo = model.emg_traces("myokymia", model.DEFAULT_SYNKINESIS["myokymia"], seed)
    assert hfs.synchrony > myo.synchrony
    assert hfs.synchrony > 0.5 and myo.synchrony < 0.5


@settings(max_examples=30, deadline=None)
@given(seed=seeds, state=st.sampled_from([(), ("stress",), ("fatigue",), ("asleep",)]))
def test_hfs_stays_synchronous_in_every_state_including_sleep(seed, state):
    assert model.emg_traces("hfs", model.DEFAULT_SYNKINESIS["hfs"], seed, state).synchrony > 0.5


def test_more_shared_drive_means_more_synchrony_on_average():
    means = [np.mean([model.emg_traces("hfs", s, seed).synchrony for seed in range(25)]) for s in (0.0, 0.5, 1.0)]
    assert means[0] < means[1] < means[2]
    assert abs(means[0]) < 0.2


def test_synchrony_index_of_identical_and_independent_traces():
    rng = np.random.default_rng(0)
    x = rng.standard_normal(2000) * (np.arange(2000) % 400 < 40)
    assert model.synchrony_index(np.vstack([x, x])) == pytest.approx(1.0)
    y = rng.standard_normal((2, 20000))
    assert abs(model.synchrony_index(y)) < 0.1


def test_myokymia_leaves_the_cheek_and_mouth_quiet():
    rec = model.emg_traces("myokymia", 0.0, 4)
    quiet = [i for i, on in enumerate(rec.active) if not on]
    assert [rec.muscles[i] for i in quiet] == ["zygomaticus", "oris"]
    assert np.abs(rec.traces[quiet]).max() < 10 * model.NOISE_FLOOR


def test_brow_rises_only_in_the_hfs_spasm():
    hfs = model.other_babinski("hfs_spasm", "right")
    assert hfs.sign_present and hfs.brow == "up" and ("frontalis", "right") in hfs.states
    assert {side for _, side in hfs.states} == {"right"}  # one side only
    for situation in ("voluntary_closure", "blepharospasm"):
        sign = model.other_babinski(situation)
        assert not sign.sign_present and sign.brow == "down"
        assert not any(m == "frontalis" for m, _ in sign.states)
        assert {side for _, side in sign.states} == {"right", "left"}


def test_lateral_spread_response_appears_at_ten_ms_only_with_compression():
    rec = model.lateral_spread_response("zygomatic", "mentalis", "compressed")
    assert rec.lsr_present and rec.latency_ms == 10.0 and not rec.same_branch
    late = (rec.t_ms > 5) & (rec.t_ms < 16)
    peak_t = rec.t_ms[late][np.argmax(np.abs(rec.recorded[late]))]
    assert 9 <= peak_t <= 13
    for condition in ("decompressed", "healthy"):
        quiet = model.lateral_spread_response("zygomatic", "mentalis", condition)
        assert not quiet.lsr_present and np.abs(quiet.recorded[quiet.t_ms > 1]).max() == 0
        assert np.abs(quiet.direct[quiet.t_ms > 1]).max() > 0.5  # the stimulated branch still answers


def test_same_branch_recording_is_a_direct_response_not_an_lsr():
    for branch in TERMINAL_BRANCHES:
        rec = model.lateral_spread_response(branch, model.BRANCH_REPRESENTATIVE[branch], "compressed")
        assert rec.same_branch and not rec.lsr_present


@settings(max_examples=200, deadline=None)
@given(seed=seeds)
def test_generated_cases_carry_their_true_label(seed):
    case = model.generate_case(seed)
    assert case.label in model.CASE_LABELS and case.visits
    assert model.grade_case(case, case.label)
    assert sum(model.grade_case(case, a) for a in model.CASE_LABELS) == 1
    first = case.visits[0].regions
    last = case.visits[-1].regions
    sides = {s for _, s in last}
    if case.label == "typical":
        assert first == (("oculi_lower", case.side),) and len(sides) == 1
    elif case.label == "atypical":
        assert first[0][0] in ("oris", "buccinator") and len(sides) == 1
        assert any(m in model.EYELID for m, _ in last)  # it has climbed to the eyelid by the last visit
    else:
        assert case.kind in model.NEITHER_KINDS
        if case.kind == "blepharospasm":
            assert sides == {"right", "left"}
        if case.kind == "hemimasticatory_spasm":
            assert all(not MUSCLES[m].is_facial for m, _ in last)
    # the order labels number the visit at which each region was first seen
    labels = case.order_labels()
    assert set(labels) == set(last) and all(labels[r] == "1" for r in first if r in labels)


def test_the_three_labels_all_occur():
    labels = [model.generate_case(s).label for s in range(300)]
    assert {labels.count(lab) > 60 for lab in model.CASE_LABELS} == {True}


def test_model_numbers_match_the_evidence_store():
    assert model.SPREAD_FRACTION * 100 == pytest.approx(evidence.number("PRO-03"))
    assert model.AGE_AT_ONSET_MEAN == evidence.number("EPI-07")
    assert model.LSR_LATENCY_MS == evidence.number("EMG-02")
    assert model.MEAN_GAP_YEARS == evidence.number("L2-SPREAD-GAP")
    assert model.OPTIONAL_JOIN_PROBABILITY == evidence.number("L2-OPTIONAL-JOIN")
    assert model.LEFT_SIDE_PROBABILITY == evidence.number("L2-SIDE")
    assert model.RATE_AT_JOIN == evidence.number("L2-RATE")
    assert model.STRENGTH_TIME_CONSTANT_YEARS == evidence.number("L2-STRENGTH")
    assert model.MODIFIER_FACTORS == {
        "stress": evidence.number("L2-MOD-STRESS"),
        "fatigue": evidence.number("L2-MOD-FATIGUE"),
        "asleep": evidence.number("L2-MOD-SLEEP"),
    }
    assert model.HFS_TWITCH_RATE_HZ == evidence.number("L2-EMG")
    assert model.DIRECT_RESPONSE_LATENCY_MS == evidence.number("L2-DIRECT-RESPONSE")
    for entry in ("L2-TIERS", "L2-QUIZ-MIX"):
        assert evidence.store().get(entry).is_assumption
