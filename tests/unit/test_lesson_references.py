"""A lesson's reference list comes from its files, so a restarted kernel still lists every source."""

import pytest

from widgets import evidence, quiz


def test_lesson_ids_cover_the_text_and_the_quiz_in_reading_order():
    ids = evidence.lesson_ids("01-facial-nerve-anatomy")
    text = (evidence.LESSONS_DIR / "01-facial-nerve-anatomy.md").read_text(encoding="utf-8")
    assert ids[0] == evidence.ID_PATTERN.findall(text)[0] and len(ids) == len(set(ids))
    bank = quiz.load_bank("01-facial-nerve-anatomy")
    assert {e for q in bank.questions for e in q.evidence} <= set(ids)
    for entry_id in ids:
        evidence.store().get(entry_id)  # every id is a real entry


def test_unknown_lesson_is_named():
    with pytest.raises(ValueError, match="lesson must be one of .*got '99-nothing'"):
        evidence.lesson_ids("99-nothing")


def test_references_of_a_fresh_kernel_are_not_empty():
    markdown = evidence.references_markdown(evidence.lesson_ids("02-spasm-progression"))
    assert markdown.startswith("1. ") and "No references" not in markdown
