"""Every lesson's question bank is valid, covers every objective and cites only known evidence."""
from pathlib import Path

import pytest

from widgets import evidence, quiz

ROOT = Path(__file__).resolve().parents[2]
BANKS = sorted((ROOT / "lessons" / "quizzes").glob("*.yaml"))


@pytest.mark.parametrize("path", BANKS, ids=lambda p: p.name)
def test_bank_is_valid_and_covers_every_objective(path):
    bank = quiz.load_bank(path)
    covered = {q.objective for q in bank.questions}
    assert covered == set(bank.objectives), f"{path.name}: objectives without a question: {set(bank.objectives) - covered}"
    store = evidence.store()
    for q in bank.questions:
        for e in q.evidence:
            store.get(e)
        for option in q.options:
            evidence.fill(option.feedback)  # every {ID} in feedback resolves


@pytest.mark.parametrize("path", [p for p in BANKS if not p.name.startswith("00")], ids=lambda p: p.name)
def test_lesson_quizzes_have_at_least_eight_questions(path):
    assert len(quiz.load_bank(path).questions) >= 8


def test_every_lesson_has_a_bank():
    for lesson in ROOT.glob("lessons/[0-9][0-9]-*.md"):
        assert (ROOT / "lessons" / "quizzes" / f"{lesson.stem}.yaml").exists(), lesson.name
