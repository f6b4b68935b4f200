"""Lesson 7's mechanism widget (issue 13): two fibres, cross-talk at the root or an over-excitable nucleus."""

import html
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from widgets import evidence
from widgets.mechanism import bench, model
from widgets.mechanism.view import TwoFibres
from widgets.mechanism.view import two_fibres as view_module

COMPRESSIONS = st.floats(min_value=0, max_value=100, allow_nan=False)
HYPOTHESES = st.sampled_from(list(model.HYPOTHESES))
STAGES = st.sampled_from(list(model.STAGES))


# --- the model ---------------------------------------------------------------------------------------------


def test_every_evidence_id_exists_and_the_sourced_numbers_match_the_store():
    for entry_id in model.evidence_ids():
        evidence.store().get(entry_id)
    store = evidence.store()
    assert model.LSR_LATENCY_MS == store.get("EMG-02").value == 10
    assert model.TZ_LENGTH_MM == store.get("REZ-02").value
    assert model.DIRECT_LATENCY_MS == store.get("L2-DIRECT-RESPONSE").value
    assert store.get("L2-DIRECT-RESPONSE").is_assumption and store.get("L7-MECH-MODEL").is_assumption


@pytest.mark.parametrize(
    "call, words",
    [
        (lambda: model.simulate(-5), "compression must be a number from 0 to 100"),
        (lambda: model.simulate(101), "compression must be a number from 0 to 100"),
        (lambda: model.simulate(float("nan")), "compression must be a number from 0 to 100"),
        (lambda: model.simulate("high"), "compression must be a number from 0 to 100"),
        (lambda: model.simulate(True), "compression must be a number from 0 to 100"),
        (lambda: model.simulate(50, "trigeminal"), "hypothesis must be one of root, nucleus"),
        (lambda: model.simulate(50, "root", "later"), "stage must be one of before, just_after, months_after"),
        (lambda: model.bare_length_mm(150), "compression must be a number from 0 to 100"),
        (lambda: model.recruitment(1.5), "drive must be a number from 0 to 1"),
        (lambda: model.discriminates("latency"), "observation must be one of lsr, decompression, blink"),
    ],
)
def test_bad_inputs_raise_a_value_error_naming_parameter_and_range(call, words):
    with pytest.raises(ValueError, match=words):
        call()


def test_no_compression_no_bared_patch_and_no_lsr():
    for hypothesis in model.HYPOTHESES:
        m = model.simulate(0, hypothesis, "before")
        assert m.bare_mm == 0 and not m.lsr_present and m.latency_ms is None and m.recruited == 0


def test_the_bared_patch_is_never_longer_than_the_transition_zone():
    assert model.bare_length_mm(100) == model.TZ_LENGTH_MM
    assert model.bare_length_mm(50) == pytest.approx(model.TZ_LENGTH_MM / 2)


def test_strong_compression_gives_an_lsr_at_the_cited_latency_in_the_other_branch():
    m = model.simulate(80, "root", "before")
    assert m.lsr_present and m.latency_ms == 10
    after_artefact = m.t_ms > 1
    peak = m.t_ms[after_artefact][m.lsr[after_artefact].argmax()]
    assert 10 <= peak <= 12  # the biphasic wave starts at the latency and peaks just after it
    direct_peak = m.t_ms[after_artefact][m.direct[after_artefact].argmax()]
    assert direct_peak < peak  # the stimulated branch's own muscle answers first


def test_both_explanations_predict_the_same_lsr_before_surgery():
    for c in (40, 60, 70, 90):
        root, nucleus = model.simulate(c, "root", "before"), model.simulate(c, "nucleus", "before")
        assert root.recruited == pytest.approx(nucleus.recruited)
        assert root.latency_ms == nucleus.latency_ms


def test_moving_the_vessel_separates_the_two_explanations():
    root = model.simulate(70, "root", "just_after")
    nucleus = model.simulate(70, "nucleus", "just_after")
    assert not root.lsr_present  # cross-talk needs the contact: gone at once
    assert nucleus.lsr_present and nucleus.recruited == model.simulate(70, "nucleus", "before").recruited
    later = model.simulate(70, "nucleus", "months_after")
    assert later.recruited < 0.1 * nucleus.recruited  # the nucleus calms down over months


def test_which_observations_discriminate():
    assert not model.discriminates("lsr")
    assert model.discriminates("decompression") and model.discriminates("blink")


def test_what_was_observed_cites_the_store():
    assert "EMG-LSR-LOSS" in model.OBSERVED["decompression"][1]
    assert {"EMG-05", "EMG-06"} <= set(model.OBSERVED["blink"][1])


@settings(max_examples=60, deadline=None)
@given(c=COMPRESSIONS, hypothesis=HYPOTHESES, stage=STAGES)
def test_outputs_stay_in_their_ranges(c, hypothesis, stage):
    m = model.simulate(c, hypothesis, stage)
    assert 0 <= m.recruited <= 1 and 0 <= m.bare_mm <= model.TZ_LENGTH_MM
    assert m.lsr_present == (m.latency_ms is not None)
    assert all(math.isfinite(v) for v in m.lsr) and len(m.lsr) == len(m.t_ms) == len(m.direct)
    assert abs(m.lsr).max() <= model.LSR_FULL_SIZE + 0.8 + 1e-9  # the stimulus artefact plus at most a full LSR


@settings(max_examples=60, deadline=None)
@given(a=COMPRESSIONS, b=COMPRESSIONS, hypothesis=HYPOTHESES, stage=STAGES)
def test_more_compression_never_gives_a_smaller_lsr(a, b, hypothesis, stage):
    low, high = sorted((a, b))
    assert model.simulate(low, hypothesis, stage).recruited <= model.simulate(high, hypothesis, stage).recruited + 1e-12


@settings(max_examples=40, deadline=None)
@given(x=st.floats(min_value=0, max_value=1), y=st.floats(min_value=0, max_value=1))
def test_recruitment_is_monotone_from_zero_to_one(x, y):
    assert model.recruitment(0) == 0 and model.recruitment(1) == 1
    low, high = sorted((x, y))
    assert model.recruitment(low) <= model.recruitment(high) + 1e-12


# --- the view ----------------------------------------------------------------------------------------------


def _trace(fig, name):
    return next(t for t in fig.data if t.name == name)


def test_the_compression_slider_changes_the_figure():
    view = TwoFibres()
    before_title = view.figure.layout.title.text
    before_lsr = list(_trace(view.figure, view_module.LSR).y)
    before_bare = list(_trace(view.figure, view_module.BARE).x)
    view.compression.value = 30
    assert view.figure.layout.title.text != before_title and "no LSR" in view.figure.layout.title.text
    assert list(_trace(view.figure, view_module.LSR).y) != before_lsr
    assert list(_trace(view.figure, view_module.BARE).x) != before_bare
    assert view.message.value == ""


def test_moving_the_vessel_off_removes_the_cross_talk_but_not_the_nucleus():
    view = TwoFibres()
    assert _trace(view.figure, view_module.CROSSTALK).visible
    view.stage.value = "just_after"
    assert not _trace(view.figure, view_module.CROSSTALK).visible and "no LSR" in view.figure.layout.title.text
    assert "moved off" in _trace(view.figure, view_module.VESSEL).text[0]
    view.hypothesis.value = "nucleus"
    assert _trace(view.figure, view_module.LOOP).visible and "LSR 75%" in view.figure.layout.title.text
    assert _trace(view.figure, view_module.NUCLEUS).fillpattern.shape == "x"  # a pattern and a word, not only colour
    assert "over-excitable" in _trace(view.figure, view_module.NUCLEUS_LABEL).text[0]


def test_observations_stay_hidden_until_asked_for():
    view = TwoFibres()
    assert "What was observed" not in view.predictions.value and "Predict first" in view.observed.tooltip
    view.observed.value = True
    assert "What was observed" in view.predictions.value and "Hide" in view.observed.description
    for entry_id in ("EMG-LSR-LOSS", "EMG-05"):
        assert html.escape(evidence.label(entry_id)) in view.predictions.value


def test_a_bad_value_shows_a_message_not_a_traceback(monkeypatch):
    view = TwoFibres()
    monkeypatch.setattr(view, "state", lambda: (150, "root", "before"))
    view._refresh()
    assert "compression must be a number from 0 to 100" in view.message.value
    monkeypatch.undo()
    view._refresh()
    assert view.message.value == ""


def test_a_bad_start_value_raises_a_value_error():
    with pytest.raises(ValueError, match="hypothesis must be one of"):
        TwoFibres(hypothesis="both")


def test_static_form_has_a_figure_alt_text_and_the_sources_without_the_answer():
    form = TwoFibres().static()
    assert form.figures and "10 ms" in form.alt and "lateral spread response" in form.alt
    assert len(form.rows) == 4 and any("assumption" in row[2] for row in form.rows)
    text = (form.alt + " " + " ".join(" ".join(r) for r in form.rows)).lower()
    for answer in ("gone at once", "still there", "blink", "disappear"):
        assert answer not in text  # the static form never answers the prediction asked above the widget


def test_presenter_scale_resizes_the_figure():
    from widgets.ui import style

    view = TwoFibres()
    height = view.figure.layout.height
    try:
        style.set_presenter(True)
        assert view.figure.layout.height > height
    finally:
        style.set_presenter(False)
    assert view.figure.layout.height == height


def test_bench_cases_run():
    for case in bench.bench_cases():
        for _ in range(3):
            case[1]()
