"""The strict content loader (widgets/content.py) behind evidence, references, quiz banks and cases:
no anchors or aliases (a "billion laughs" file is refused in milliseconds), no duplicate keys, a size cap,
text fields that must be text, http(s)-only reference URLs and quiz evidence ids checked at load time.
Every error names the file, the entry and the field (or line)."""

import resource
import sys
import textwrap
import time
import tracemalloc
from pathlib import Path

import pytest
import yaml

from widgets import content, evidence, quiz
from widgets.cases import model as cases

ROOT = Path(__file__).resolve().parents[2]
CASE_TEXT = (ROOT / "lessons" / "cases" / "01-atypical-hfs.yaml").read_text(encoding="utf-8")
CASE_TITLE = "\ntitle: The twitch that began at the mouth\n"
REFS = "R1:\n  authors: Wang A, Jankovic J\n  year: 1998\n  title: Hemifacial spasm\n  url: https://example.org/r1\n"
EVIDENCE = "- id: X-01\n  topic: mvd\n  claim: Cure\n  text: about 84%\n  status: confirmed\n  refs: [R1]\n"
BANK = textwrap.dedent("""\
    lesson: test
    objectives: {O1: objective one}
    questions:
    - id: q1
      objective: O1
      stem: Pick A
      evidence: [ANA-01]
      options:
      - {text: A, correct: true, feedback: right}
      - {text: B, correct: false, feedback: wrong}
    """)


def bomb(indent: str = "", depth: int = 9) -> str:
    """Anchored lists nested `depth` deep: 9**depth strings once expanded (about 2.7 GB of text at 9)."""
    lines = [f'{indent}l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"{indent}l{d}: &l{d} [" + ",".join([f"*l{d - 1}"] * 9) + "]" for d in range(1, depth)]
    return "\n".join(lines) + "\n"


def store_dir(tmp_path, refs=REFS, entries=EVIDENCE):
    (tmp_path / "references.yaml").write_text(refs, encoding="utf-8")
    (tmp_path / "evidence.yaml").write_text(entries, encoding="utf-8")
    return tmp_path


def load_store(tmp_path, refs=REFS, entries=EVIDENCE):
    return evidence.load(store_dir(tmp_path, refs, entries))


def load_bank(tmp_path, text):
    (tmp_path / "NN-test.yaml").write_text(text, encoding="utf-8")
    return quiz.load_bank(tmp_path / "NN-test.yaml")


def load_case(tmp_path, text):
    folder = tmp_path / "cases"
    folder.mkdir(exist_ok=True)
    (folder / "01-test.yaml").write_text(text, encoding="utf-8")
    return cases.load_cases(folder)


def message_of(error_type, call, tmp_path) -> str:
    with pytest.raises(error_type) as info:
        call()
    text = str(info.value)
    assert isinstance(info.value, content.ContentError) and isinstance(info.value, ValueError)
    assert str(tmp_path) not in text, "an error message must not hold an absolute path"
    return text


# --- billion laughs: refused before anything expands -------------------------------------------------

BOMBS = {
    "evidence": (
        evidence.EvidenceError,
        lambda t: load_store(t, entries="- " + bomb("  ")[2:] + "  id: *l8\n"),
        ["evidence.yaml: line 1, at [0].l0: anchor '&l0' refused"],
    ),
    "references": (
        evidence.EvidenceError,
        lambda t: load_store(t, refs="R1:\n" + bomb("  ") + "  authors: Wang A\n  title: *l8\n"),
        ["references.yaml: line 2, at R1.l0: anchor '&l0' refused"],
    ),
    "quiz": (
        quiz.QuizBankError,
        lambda t: load_bank(t, bomb() + BANK.replace("stem: Pick A", "stem: *l8")),
        ["NN-test.yaml: line 1, at l0: anchor '&l0' refused"],
    ),
    "case": (
        cases.CaseError,
        lambda t: load_case(t, bomb() + CASE_TEXT.replace(CASE_TITLE, "\ntitle: *l8\n")),
        ["lessons/cases/01-test.yaml: line 1, at l0: anchor '&l0' refused"],
    ),
}


@pytest.mark.parametrize("kind", BOMBS)
def test_billion_laughs_is_refused_within_2_s_and_200_MB(kind, tmp_path):
    error_type, call, expected = BOMBS[kind]
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * (1 if sys.platform == "darwin" else 1024)
    tracemalloc.start()
    started = time.perf_counter()
    try:
        text = message_of(error_type, lambda: call(tmp_path), tmp_path)
    finally:
        seconds = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    rss_growth = (
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * (1 if sys.platform == "darwin" else 1024) - rss_before
    )
    assert seconds < 2.0, f"{kind} bomb took {seconds:.2f} s"
    assert peak < 200e6 and rss_growth < 200e6, (
        f"{kind} bomb: Python peak {peak / 1e6:.0f} MB, RSS growth {rss_growth / 1e6:.0f} MB"
    )
    for part in expected:
        assert part in text


def test_an_alias_is_refused_with_its_line_and_place():
    text = "questions:\n- id: q1\n  stem: Pick A\n- id: q2\n  stem: *stem\n"
    with pytest.raises(content.ContentError, match=r"x\.yaml: line 5, at questions\[1\]\.stem: alias '\*stem' refused"):
        content.parse_yaml(text, "x.yaml")


def test_an_anchor_is_refused_even_without_an_alias(tmp_path):
    bank = BANK.replace("  options:\n", "  options: &opts\n")
    assert bank != BANK
    text = message_of(quiz.QuizBankError, lambda: load_bank(tmp_path, bank), tmp_path)
    assert "NN-test.yaml: line 8, at questions[0].options: anchor '&opts' refused" in text


def test_merge_keys_deep_nesting_and_complex_keys_are_refused():
    with pytest.raises(content.ContentError, match=r"line 2, at c: merge key '<<' refused"):
        content.parse_yaml("a: {b: 1}\nc: {<<: {b: 2}}\n", "x.yaml")
    with pytest.raises(content.ContentError, match=f"nested more than {content.MAX_DEPTH} levels"):
        content.parse_yaml("a: " + "[" * 100 + "]" * 100 + "\n", "x.yaml")
    with pytest.raises(content.ContentError, match="a key must be plain text"):
        content.parse_yaml("? [a, b]\n: 1\n", "x.yaml")


# --- duplicate keys, in each of the four kinds -----------------------------------------------------------


def test_duplicate_reference_key_is_refused(tmp_path):
    refs = REFS + "R2:\n  authors: A\n  title: First\nR2:\n  authors: B\n  title: Second\n"
    text = message_of(evidence.EvidenceError, lambda: load_store(tmp_path, refs=refs), tmp_path)
    assert "references.yaml: line 9, key 'R2' at the top level: duplicate key (first defined on line 6)" in text


def test_duplicate_field_in_an_evidence_entry_is_refused(tmp_path):
    entries = EVIDENCE + "  text: a second text\n"
    text = message_of(evidence.EvidenceError, lambda: load_store(tmp_path, entries=entries), tmp_path)
    assert "evidence.yaml: line 7, key 'text' in [0] (id 'X-01'): duplicate key (first defined on line 4)" in text


def test_duplicate_field_in_a_quiz_question_is_refused(tmp_path):
    bank = BANK.replace("  stem: Pick A\n", "  stem: Pick A\n  stem: Pick B\n")
    text = message_of(quiz.QuizBankError, lambda: load_bank(tmp_path, bank), tmp_path)
    assert "NN-test.yaml: line 7, key 'stem' in questions[0] (id 'q1'): duplicate key (first defined on line 6)" in text


def test_duplicate_field_in_a_case_is_refused(tmp_path):
    case = CASE_TEXT.replace(CASE_TITLE, CASE_TITLE + "title: Another title\n")
    text = message_of(cases.CaseError, lambda: load_case(tmp_path, case), tmp_path)
    assert (
        "lessons/cases/01-test.yaml: line 5, key 'title' at the top level: duplicate key (first defined on line 4)"
        in text
    )


# --- size cap --------------------------------------------------------------------------------------------


def test_an_oversize_file_is_refused_before_it_is_parsed(tmp_path):
    refs = REFS + "# " + "x" * content.MAX_BYTES + "\n"
    started = time.perf_counter()
    text = message_of(evidence.EvidenceError, lambda: load_store(tmp_path, refs=refs), tmp_path)
    assert time.perf_counter() - started < 1.0
    assert text.startswith("references.yaml: the file is 2.0 MB, larger than the 2 MB")
    with pytest.raises(content.ContentError, match="x.yaml: the file is larger than 2 MB"):
        content.parse_yaml("a: " + "x" * content.MAX_BYTES, "x.yaml")


# --- fields shown as text must be text --------------------------------------------------------------


def test_list_valued_evidence_id_is_refused(tmp_path):
    entries = EVIDENCE.replace("id: X-01", "id: [X-01, X-02]")
    text = message_of(evidence.EvidenceError, lambda: load_store(tmp_path, entries=entries), tmp_path)
    assert "evidence.yaml: entry #1: field 'id' must be text such as ANA-01, got a list of 2 items" in text


def test_list_valued_quiz_stem_and_id_are_refused(tmp_path):
    text = message_of(
        quiz.QuizBankError, lambda: load_bank(tmp_path, BANK.replace("stem: Pick A", "stem: [Pick, A]")), tmp_path
    )
    assert "NN-test.yaml: question 'q1': field 'stem' must be text, got a list of 2 items" in text
    text = message_of(quiz.QuizBankError, lambda: load_bank(tmp_path, BANK.replace("id: q1", "id: [q1]")), tmp_path)
    assert "NN-test.yaml: question #1: field 'id' must be text such as q1, got a list of 1 item" in text


@pytest.mark.parametrize(
    "field, value, expected",
    [
        ("source", "[a, b]", "reference 'R1': field 'source' must be text, got a list of 2 items"),
        ("note", "{a: 1}", "reference 'R1': field 'note' must be text, got a mapping of 1 key"),
        ("doi", "10", "reference 'R1': field 'doi' must be text, got a number 10"),
        ("title", "[a]", "reference 'R1': field 'title' must be text, got a list of 1 item"),
    ],
)
def test_non_text_reference_fields_are_refused(tmp_path, field, value, expected):
    refs = (
        REFS.replace("  title: Hemifacial spasm\n", "")
        + "  title: Hemifacial spasm\n" * (field != "title")
        + f"  {field}: {value}\n"
    )
    assert expected in message_of(evidence.EvidenceError, lambda: load_store(tmp_path, refs=refs), tmp_path)


def test_non_text_case_examination_item_is_refused(tmp_path):
    case = CASE_TEXT.replace("  - Brief spasms about once a minute, on the left side only.", "  - [Brief, spasms]")
    text = message_of(cases.CaseError, lambda: load_case(tmp_path, case), tmp_path)
    assert "lessons/cases/01-test.yaml: field 'examination[0]' must be text (got a list of 2 items)" in text


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "data:text/html,hi",
        "ftp://example.org/a",
        "//example.org/a",
        "https:/example.org",
        "example.org",
    ],
)
def test_reference_url_must_be_http_or_https(tmp_path, url):
    refs = REFS.replace("https://example.org/r1", f"'{url}'")
    text = message_of(evidence.EvidenceError, lambda: load_store(tmp_path, refs=refs), tmp_path)
    assert "references.yaml: reference 'R1': field 'url' must be an http:// or https:// address" in text


# --- quiz evidence ids: checked at load time, not when a learner presses Check ---------------------------


@pytest.mark.parametrize(
    "old, new, expected",
    [
        (
            "evidence: [ANA-01]",
            "evidence: [ANA-01, NOPE-99]",
            "question 'q1': field 'evidence' names unknown evidence id 'NOPE-99'",
        ),
        (
            "stem: Pick A",
            "stem: 'Pick A, {NOPE-99}'",
            "question 'q1': field 'stem' uses the template {NOPE-99}, an unknown evidence id",
        ),
        ("{text: B,", "{text: 'B {NOPE-99}',", "question 'q1': option 2 field 'text' uses the template {NOPE-99}"),
        (
            "feedback: right}",
            "feedback: 'right: {NOPE-99}'}",
            "question 'q1': option 1 field 'feedback' uses the template {NOPE-99}",
        ),
    ],
)
def test_unknown_quiz_evidence_is_refused_at_load_time(tmp_path, old, new, expected):
    assert old in BANK
    text = message_of(quiz.QuizBankError, lambda: load_bank(tmp_path, BANK.replace(old, new)), tmp_path)
    assert text.startswith("NN-test.yaml: ") and expected in text


def test_known_quiz_evidence_loads(tmp_path):
    bank = load_bank(tmp_path, BANK.replace("feedback: right}", "feedback: 'right: {ANA-01}'}"))
    assert bank.questions[0].evidence == ("ANA-01",) and "{ANA-01}" in bank.questions[0].options[0].feedback


# --- the course's own files ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        ROOT / "lessons" / "evidence.yaml",
        ROOT / "lessons" / "references.yaml",
        *sorted((ROOT / "lessons" / "quizzes").glob("*.yaml")),
        *sorted((ROOT / "lessons" / "cases").glob("*.yaml")),
    ],
    ids=lambda p: f"{p.parent.name}/{p.name}",
)
def test_course_files_load_strictly_to_what_yaml_reads(path):
    assert content.load_yaml(path) == yaml.safe_load(path.read_text(encoding="utf-8"))


def test_course_content_loads_through_every_loader():
    store = evidence.load()
    assert store.entries and store.references
    for path in sorted((ROOT / "lessons" / "quizzes").glob("*.yaml")):
        assert quiz.load_bank(path).questions
    assert len(cases.load_cases()) == 6


def test_errors_name_files_by_repo_relative_path():
    assert content.display_name(ROOT / "lessons" / "evidence.yaml") == "lessons/evidence.yaml"
    assert content.display_name("/elsewhere/evidence.yaml") == "evidence.yaml"
    with pytest.raises(content.ContentError, match=r"^lessons/quizzes/nope\.yaml: file not found$"):
        content.load_yaml(ROOT / "lessons" / "quizzes" / "nope.yaml")
