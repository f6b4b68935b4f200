"""Lesson 5 cases: every case file is valid and clinically coherent; broken files fail with the file and field named."""

import copy
import re

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from widgets import evidence, quiz
from widgets.cases import model
from widgets.differential import model as dmodel
from widgets.face import FACE_STATES, MUSCLES, SIDES

CASES = model.course_cases()
PATH = model.CASES_DIR / "01-atypical-hfs.yaml"


def raw_case() -> dict:
    return yaml.safe_load(PATH.read_text(encoding="utf-8"))


def parse(raw):
    return model.parse_case(raw, "broken.yaml")


# --- the course's cases --------------------------------------------------------------------------


def test_six_cases_of_the_required_kinds_in_order():
    assert list(CASES) == [
        "atypical-hfs",
        "blepharospasm",
        "eyelid-myokymia",
        "secondary-hfs",
        "older-patient",
        "mvd-complication",
    ]
    assert [c.order for c in CASES.values()] == [1, 2, 3, 4, 5, 6]


@pytest.mark.parametrize("case", CASES.values(), ids=lambda c: c.id)
def test_every_case_walks_every_stage_and_cites_only_known_evidence(case):
    assert [q.stage for q in case.questions] == list(model.STAGES)
    for q in case.questions:
        assert sum(o.correct for o in q.options) == 1 and len(q.options) >= 3
        assert all(o.feedback for o in q.options)
    store = evidence.store()
    for entry_id in case.evidence_ids():
        store.get(entry_id)
    for text in case.texts():
        assert "{" not in evidence.fill(text)  # every template resolved
    assert "L5-CASES" in case.evidence  # each case says it is a synthetic patient
    steps = model.steps(case)
    kinds = [s.kind for s in steps]
    assert kinds == ["history", "examination", "question", "ranking", *["question"] * 3, "summary"]
    assert steps[kinds.index("ranking") + 1].question.stage == "differential"  # set yours, then the question
    assert all(isinstance(q, quiz.Question) and q.kind == "single" for q in case.questions)  # quiz-engine items
    assert [q.objective for q in case.questions] == ["O1", "O2", "O3", "O5"]


def test_the_learner_differential_hides_the_course_order_and_compares_fairly():
    for c in CASES.values():
        learner = c.differential.learner
        shown = [cand.key for cand in learner.candidates]
        assert shown == sorted(shown, key=lambda k: learner.name(k).lower()) and set(shown) == set(learner.ranking)
        assert any(f.present for f in learner.findings) and not all(f.present for f in learner.findings)
        present = {f.key for f in learner.findings if f.present}
        perfect = model.compare(learner, present, learner.ranking)
        assert perfect.top_match and not perfect.missed and not perfect.extra and not perfect.far
        assert perfect.same_place == len(learner.ranking)
        backwards = model.compare(learner, {f.key for f in learner.findings} - present, learner.ranking[::-1])
        assert not backwards.top_match and set(backwards.missed) == present and backwards.extra
        assert backwards.far and backwards.far[0] == (learner.ranking[0], len(learner.ranking), 1)


def test_compare_names_what_it_cannot_use():
    learner = CASES["blepharospasm"].differential.learner
    with pytest.raises(ValueError, match="ranking must place every candidate once"):
        model.compare(learner, set(), learner.ranking[:-1])
    with pytest.raises(ValueError, match="ticked findings must be among"):
        model.compare(learner, {"telepathy"}, learner.ranking)


@pytest.mark.parametrize(
    "change, field",
    [
        (lambda d: d.update(ranking={"hfs": 1, "beb": 1, "tic": 2}), "differential.ranking"),
        (lambda d: d.update(ranking={"hfs": 1, "nonsense": 2, "beb": 3}), "differential.ranking.nonsense"),
        (lambda d: d.update(ranking={"hfs": 1, "beb": "second", "tic": 3}), "differential.ranking.beb"),
        (lambda d: d.pop("ranking_note"), "differential.ranking_note"),
        (lambda d: d.pop("ranking"), "differential.ranking"),
        (lambda d: d.update(bedside={k: True for k in d["bedside"] if k != "brow_lift"}), "differential"),
    ],
)
def test_a_broken_learner_differential_names_its_field(change, field):
    raw = raw_case()
    change(raw["differential"])
    with pytest.raises(ValueError, match=rf"broken\.yaml: field '{re.escape(field)}'"):
        parse(raw)


def test_a_case_question_is_checked_by_the_quiz_engine_too():
    raw = raw_case()
    raw["questions"][0]["objective"] = "O9"
    with pytest.raises(ValueError, match=r"broken\.yaml: questions\[0\]: objective 'O9' is not among"):
        parse(raw)
    raw = raw_case()
    raw["questions"][0]["colour"] = "red"
    with pytest.raises(ValueError, match=r"field 'questions\[0\]' has unknown fields colour"):
        parse(raw)


def test_the_differential_of_each_case_leads_to_its_diagnosis():
    expected = {
        "atypical-hfs": "hfs",
        "blepharospasm": "beb",
        "eyelid-myokymia": "myokymia",
        "secondary-hfs": "hfs",
        "older-patient": "hfs",
    }
    for case_id, diagnosis in expected.items():
        c = CASES[case_id]
        for level in ("bedside", "tests"):
            lead, p = dmodel.ranked(dmodel.posterior(c.differential.setting, model.findings_at(c, level)))[0]
            assert lead == diagnosis and p > 0.9, (case_id, level)
    assert CASES["mvd-complication"].differential.setting is None


def test_red_flags_only_where_the_case_teaches_them():
    flags = {cid: {f.finding for f in dmodel.red_flags(c.differential.bedside)} for cid, c in CASES.items()}
    assert flags["secondary-hfs"] == {"onset_before_40", "other_cn"}
    assert flags["blepharospasm"] == {"bilateral"}  # the flag that points away from HFS (discussed in the case)
    assert flags["atypical-hfs"] == flags["eyelid-myokymia"] == flags["older-patient"] == set()
    assert CASES["secondary-hfs"].differential.tests == {"mri_lesion": True}
    assert CASES["secondary-hfs"].age < 40


def test_case_details_match_their_teaching_point():
    atypical = CASES["atypical-hfs"]
    assert atypical.face.labels[("oris", "left")] == "1" and atypical.face.labels[("oculi_lower", "left")] == "4"
    beb = CASES["blepharospasm"]
    assert {s for _m, s in beb.face.states} == {"right", "left"} and beb.side == "both"
    assert set(CASES["eyelid-myokymia"].face.states) == {("oculi_lower", "right")}
    older = CASES["older-patient"]
    assert older.age >= 70 and older.treatment.decision_age == older.age
    palsy = CASES["mvd-complication"]
    assert {m for m, _s in palsy.face.states} == {k for k, m in MUSCLES.items() if m.is_facial}
    assert set(palsy.face.states.values()) == {"weak"}
    assert palsy.tests.lsr == "decompressed" and model.lsr_recording(palsy).lsr_present is False
    assert model.lsr_recording(atypical).lsr_present is True and model.lsr_recording(beb) is None


def test_no_case_repeats_an_error_of_the_source_article_in_its_own_voice():
    # Wrong options quote misconceptions on purpose; everything else must be clean.
    wrong = re.compile(r"oculis|botolinum|buccinators|plagues|\b2-3%|removes? the (offending )?(artery|vessel)", re.I)
    for c in CASES.values():
        own = [
            c.history,
            *c.examination,
            c.focus,
            c.tests.results,
            c.tests.note,
            c.treatment.note,
            *c.decisive_findings,
        ]
        for q in c.questions:
            own += [q.stem, q.explanation, q.options[q.correct_index].text]
        for text in own:
            assert not wrong.search(evidence.fill(text)), (c.id, text)


# --- helpers ----------------------------------------------------------------------------------------


def test_grade_and_its_range():
    q = CASES["atypical-hfs"].question("anatomy")
    assert model.grade(q, q.correct_index) is True
    assert model.grade(q, (q.correct_index + 1) % len(q.options)) is False
    with pytest.raises(ValueError, match=r"choice must be an option number between 0 and 3 \(got 7\)"):
        model.grade(q, 7)
    with pytest.raises(ValueError, match="stage must be one of"):
        CASES["atypical-hfs"].question("surgery")


def test_findings_at_adds_the_tests_to_the_bedside():
    c = CASES["atypical-hfs"]
    bedside, tests = model.findings_at(c, "bedside"), model.findings_at(c, "tests")
    assert bedside.items() <= tests.items() and "emg_lsr" in tests and "emg_lsr" not in bedside
    with pytest.raises(ValueError, match="level must be 'bedside' or 'tests'"):
        model.findings_at(c, "later")
    with pytest.raises(ValueError, match="does not use the Bayesian differential"):
        model.findings_at(CASES["mvd-complication"], "bedside")


def test_decision_parameters_use_the_patient_and_validate_the_age():
    older = CASES["older-patient"]
    params = model.decision_parameters(older)
    assert params.age0 == 74 and params.female == 0
    assert model.decision_parameters(older, 45).age0 == 45
    with pytest.raises(ValueError, match=r"age0 must be between 18 and 95 \(got 120\)"):
        model.decision_parameters(older, 120)
    with pytest.raises(ValueError, match="does not use the decision model"):
        model.decision_parameters(CASES["blepharospasm"])


@settings(max_examples=60, deadline=None)
@given(
    st.dictionaries(
        st.tuples(st.sampled_from(list(MUSCLES)), st.sampled_from(SIDES)),
        st.sampled_from(["active", "weak"]),
        min_size=1,
        max_size=12,
    )
)
def test_anatomy_paint_labels_every_painted_muscle_with_its_branch(states):
    c = CASES["atypical-hfs"]
    c = model.Case(**{**c.__dict__, "face": model.Face("t", states, {})})
    painted, labels = model.anatomy_paint(c)
    assert set(painted) == set(states) == set(labels)
    for (muscle, side), state in painted.items():
        m = MUSCLES[muscle]
        assert state == ("selected" if m.is_facial else "other_nerve")
        assert labels[(muscle, side)] == (model.BRANCH_ABBREVIATIONS[m.branches[0]] if m.is_facial else "V")
        assert state in FACE_STATES


# --- broken files fail loudly, naming the file and the field -----------------------------------------


def test_a_missing_field_is_named():
    raw = raw_case()
    del raw["history"]
    with pytest.raises(ValueError, match=r"lessons/cases/broken\.yaml: field 'history' is required"):
        parse(raw)
    raw = raw_case()
    del raw["questions"][1]["explanation"]
    with pytest.raises(ValueError, match=r"broken\.yaml: field 'questions\[1\]\.explanation' is required"):
        parse(raw)


def test_an_unknown_evidence_id_is_named():
    raw = raw_case()
    raw["evidence"].append("NOPE-99")
    with pytest.raises(ValueError, match=r"broken\.yaml: field 'evidence' names unknown evidence id 'NOPE-99'"):
        parse(raw)
    raw = raw_case()
    raw["questions"][0]["evidence"] = ["ANA-12", "ANA-999"]
    with pytest.raises(ValueError, match=r"field 'questions\[0\]\.evidence' names unknown evidence id 'ANA-999'"):
        parse(raw)
    raw = raw_case()
    raw["history"] += " See {FAKE-01}."
    with pytest.raises(ValueError, match=r"broken\.yaml: field 'text' uses the template \{FAKE-01\}"):
        parse(raw)


@pytest.mark.parametrize("n_correct", [0, 2])
def test_a_question_needs_exactly_one_correct_option(n_correct):
    raw = raw_case()
    for k, option in enumerate(raw["questions"][2]["options"]):
        option["correct"] = k < n_correct
    with pytest.raises(
        ValueError, match=rf"field 'questions\[2\]\.options' needs exactly one correct option \(has {n_correct}\)"
    ):
        parse(raw)


@pytest.mark.parametrize(
    "change, field",
    [
        (lambda r: r["differential"].update(setting="hospital"), "differential.setting"),
        (lambda r: r["differential"]["bedside"].update(emg_lsr=True), "differential.bedside.emg_lsr"),
        (lambda r: r["differential"]["bedside"].update(telepathy=True), "differential.bedside"),
        (lambda r: r["face"]["states"]["left"].update(nose=True), "face.states.left.nose"),
        (lambda r: r["face"]["states"]["left"].update(oris="twitching"), "face.states.left.oris"),
        (lambda r: r["tests"].update(lsr="maybe"), "tests.lsr"),
        (lambda r: r["treatment"].update(decision_model={"age": 12}), "treatment.decision_model.age"),
        (lambda r: r["patient"].update(sex="other"), "patient.sex"),
        (lambda r: r.update(synthetic=False), "synthetic"),
        (lambda r: r["questions"][3].update(stage="tests"), "questions"),
        (lambda r: r["questions"].pop(0), "questions"),
    ],
)
def test_invalid_values_name_their_field(change, field):
    raw = raw_case()
    change(raw)
    with pytest.raises(ValueError, match=rf"broken\.yaml: field '{re.escape(field)}'"):
        parse(raw)


def test_load_cases_rejects_duplicates_and_empty_folders(tmp_path):
    with pytest.raises(ValueError, match="no case files"):
        model.load_cases(tmp_path)
    raw = raw_case()
    (tmp_path / "a.yaml").write_text(yaml.safe_dump(raw), encoding="utf-8")
    twin = copy.deepcopy(raw)
    twin["order"] = 2
    (tmp_path / "b.yaml").write_text(yaml.safe_dump(twin), encoding="utf-8")
    with pytest.raises(ValueError, match=r"field 'id' 'atypical-hfs' is used by more than one case"):
        model.load_cases(tmp_path)
    (tmp_path / "c.yaml").write_text("id: [unclosed", encoding="utf-8")
    with pytest.raises(ValueError, match=r"c\.yaml: not valid YAML"):
        model.load_case(tmp_path / "c.yaml")
    with pytest.raises(ValueError, match="case must be one of"):
        model.case("nobody")
