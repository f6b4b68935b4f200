"""The capstone's case files (lessons/cases/*.yaml) against lessons/schema/case.schema.json, plus the
cross-references a schema cannot express: every evidence id and {ID} template exists; muscles, face states,
settings and findings are the code's; each question is a consistent quiz-engine item (one right option, its
objective among the lesson's, the bank's feedback rules); the course's ranking is lesson 3's model's."""

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from widgets import evidence, quiz
from widgets.differential import model as dmodel
from widgets.face import FACE_STATES, MUSCLES

ROOT = Path(__file__).resolve().parents[2]
CASE_FILES = sorted((ROOT / "lessons" / "cases").glob("*.yaml"))
SCHEMA = json.loads((ROOT / "lessons" / "schema" / "case.schema.json").read_text(encoding="utf-8"))
OWN_WORDS = 45  # as tests/content/test_quiz_banks.py: the author's words in one feedback, a cited figure apart


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def strings(node):
    """Every string in a parsed YAML tree."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from strings(value)


def test_there_are_case_files():
    assert len(CASE_FILES) >= 6


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_case_follows_its_schema(path):
    errors = sorted(jsonschema.Draft202012Validator(SCHEMA).iter_errors(load(path)), key=lambda e: list(e.path))
    messages = [f"{'/'.join(map(str, e.path)) or '(top)'}: {e.message}" for e in errors[:10]]
    assert not errors, f"lessons/cases/{path.name}: {len(errors)} schema error(s):\n" + "\n".join(messages)


def test_the_schema_rejects_what_it_should():
    validator = jsonschema.Draft202012Validator(SCHEMA)
    raw = load(CASE_FILES[0])
    for change in (
        lambda r: r.update(synthetic=False),
        lambda r: r["questions"][0].update(colour="red"),
        lambda r: r["questions"][0]["options"][0].update(correct="yes"),
        lambda r: r["differential"].pop("ranking"),
        lambda r: r["differential"]["ranking"].update(hfs="first"),
        lambda r: r["face"]["states"].update(middle={"oris": "active"}),
        lambda r: r["patient"].update(side="up"),
    ):
        broken = yaml.safe_load(yaml.safe_dump(raw))
        change(broken)
        assert list(validator.iter_errors(broken)), "the schema let a broken case through"


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_every_evidence_id_and_template_exists(path):
    raw = load(path)
    known = evidence.store().entries
    listed = list(raw["evidence"]) + [e for q in raw["questions"] for e in q["evidence"]]
    templates = [i for text in strings(raw) for i in evidence.ID_PATTERN.findall(text)]
    unknown = sorted({i for i in listed + templates if i not in known})
    assert not unknown, f"{path.name}: evidence ids not in lessons/evidence.yaml: {unknown}"
    assert "L5-CASES" in raw["evidence"], f"{path.name}: must cite L5-CASES (says the patient is synthetic)"


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_face_and_findings_are_the_codes(path):
    raw = load(path)
    for side, muscles in raw["face"]["states"].items():
        for muscle, state in muscles.items():
            assert muscle in MUSCLES, f"{path.name}: face.states.{side}.{muscle} is not a muscle of the face"
            assert state in FACE_STATES, f"{path.name}: face.states.{side}.{muscle}: unknown state {state}"
        for muscle in (raw["face"].get("labels") or {}).get(side) or {}:
            assert muscle in muscles, f"{path.name}: face.labels.{side}.{muscle} labels a muscle not painted"
    record = raw["tests"].get("record", "mentalis")
    assert record in MUSCLES and MUSCLES[record].is_facial, f"{path.name}: tests.record {record}"
    d = raw["differential"]
    if "setting" in d:
        assert d["setting"] in dmodel.SETTINGS, f"{path.name}: unknown setting {d['setting']}"
        for group, findings in (("bedside", d["bedside"]), ("tests", d.get("tests") or {})):
            for key in findings:
                assert key in dmodel.FINDINGS, f"{path.name}: differential.{group}.{key} is not a finding of lesson 3"
                assert (dmodel.FINDINGS[key].group == "test") == (group == "tests"), f"{path.name}: {key} in {group}"


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_the_course_ranking_is_consistent(path):
    raw = load(path)
    d = raw["differential"]
    places = d["ranking"]
    assert sorted(places.values()) == list(range(1, len(places) + 1)), f"{path.name}: places 1..n, each once"
    ranking = sorted(places, key=places.get)
    if "setting" in d:
        unknown = [k for k in ranking if k not in dmodel.DIAGNOSES]
        assert not unknown, f"{path.name}: ranked candidates not in lesson 3's model: {unknown}"
        post = dmodel.posterior(d["setting"], d["bedside"])
        model_order = sorted(ranking, key=lambda k: -post[dmodel.DIAGNOSES.index(k)])
        assert ranking == model_order, f"{path.name}: the course's ranking {ranking} is not the model's {model_order}"
        values = set(d["bedside"].values())
    else:
        assert set(ranking) == set(d["candidates"]), f"{path.name}: rank every candidate, and only them"
        values = {f["present"] for f in d["findings"]}
    assert values == {True, False}, f"{path.name}: the findings to tick need some present and some absent"


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_questions_are_consistent_quiz_items(path):
    raw = load(path)
    objectives = quiz.load_bank("06-clinical-cases").objectives
    ids = [q["id"] for q in raw["questions"]]
    assert len(set(ids)) == len(ids), f"{path.name}: duplicate question ids {ids}"
    stages = [q["stage"] for q in raw["questions"]]
    assert stages == ["anatomy", "differential", "tests", "treatment"], f"{path.name}: stages {stages}"
    for q in raw["questions"]:
        where = f"{path.name} {q['id']}"
        assert sum(o["correct"] for o in q["options"]) == 1, f"{where}: exactly one right option"
        assert len({o["text"] for o in q["options"]}) == len(q["options"]), f"{where}: two options read the same"
        assert q.get("objective", "O1") in objectives, f"{where}: objective {q.get('objective')} is not the lesson's"
        assert q.get("hint"), f"{where}: no hint for the second try"
        for o in q["options"]:
            figures = evidence.ID_PATTERN.findall(o["feedback"])
            assert len(figures) <= 1, f"{where} '{o['text'][:40]}': {len(figures)} cited figures (the rest in 'more')"
            words = len(evidence.ID_PATTERN.sub("", o["feedback"]).split())
            assert words <= OWN_WORDS, f"{where} '{o['text'][:40]}': feedback of {words} words"


def test_keyed_positions_are_not_one_letter():
    """Across the cases the right option is not always in the same place (a cue a learner could use)."""
    positions = [
        next(i for i, o in enumerate(q["options"]) if o["correct"]) for p in CASE_FILES for q in load(p)["questions"]
    ]
    most = max(positions.count(i) for i in set(positions))
    assert most <= 0.4 * len(positions), f"keyed positions {sorted(positions)}"
