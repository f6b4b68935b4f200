"""Content files against their JSON Schemas (lessons/schema/), plus the cross-references a schema cannot
express: every reference key an evidence entry cites exists; a quiz question's objective and evidence
ids exist; each bank belongs to a lesson source."""

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
LESSONS = ROOT / "lessons"
SCHEMAS = LESSONS / "schema"


def _check(data, schema_name: str, where: str) -> None:
    schema = json.loads((SCHEMAS / schema_name).read_text(encoding="utf-8"))
    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(data), key=lambda e: list(e.path))
    messages = [f"{where}: {'/'.join(map(str, e.path)) or '(top)'}: {e.message}" for e in errors[:10]]
    assert not errors, f"{len(errors)} schema error(s) ({schema_name}):\n" + "\n".join(messages)


def test_evidence_and_references_follow_their_schemas():
    evidence = yaml.safe_load((LESSONS / "evidence.yaml").read_text(encoding="utf-8"))
    references = yaml.safe_load((LESSONS / "references.yaml").read_text(encoding="utf-8"))
    _check(evidence, "evidence.schema.json", "lessons/evidence.yaml")
    _check(references, "references.schema.json", "lessons/references.yaml")
    missing = sorted({(e["id"], r) for e in evidence for r in e["refs"] if r not in references})
    assert not missing, f"evidence entries cite reference keys that references.yaml lacks: {missing[:10]}"


@pytest.mark.parametrize("bank", sorted((LESSONS / "quizzes").glob("*.yaml")), ids=lambda p: p.stem)
def test_quiz_bank_follows_its_schema_and_cites_what_exists(bank):
    data = yaml.safe_load(bank.read_text(encoding="utf-8"))
    _check(data, "quiz.schema.json", f"lessons/quizzes/{bank.name}")
    assert data["lesson"] == bank.stem and (LESSONS / f"{bank.stem}.md").exists(), f"{bank.name}: no lesson source"
    ids = {e["id"] for e in yaml.safe_load((LESSONS / "evidence.yaml").read_text(encoding="utf-8"))}
    for q in data["questions"]:
        assert q["objective"] in data["objectives"], f"{bank.name} {q['id']}: objective {q['objective']} is not listed"
        unknown = [e for e in q.get("evidence", []) if e not in ids]
        assert not unknown, f"{bank.name} {q['id']}: evidence ids not in evidence.yaml: {unknown}"
