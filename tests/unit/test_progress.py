"""The progress store cannot lose an answer: kill -9 mid-save, concurrent notebooks, damaged files,
read-only storage. The stress drivers live in progress_stress.py (also runnable by hand to compare
against an older widgets/progress.py)."""

from __future__ import annotations

import errno
import fcntl
import html
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from widgets import progress, quiz
from widgets.progressview import ProgressPanel, lesson_names
from widgets.quizview import Quiz

HERE = Path(__file__).resolve().parent
STORE_MODULE = str(Path(progress.__file__).resolve())
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _stress():
    spec = importlib.util.spec_from_file_location("progress_stress", HERE / "progress_stress.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


BANK = {
    "lesson": "t-quiz",
    "objectives": {"O1": "one"},
    "questions": [
        {
            "id": "q1",
            "objective": "O1",
            "kind": "single",
            "stem": "Pick A",
            "options": [
                {"text": "A", "correct": True, "feedback": "right"},
                {"text": "B", "correct": False, "feedback": "no"},
            ],
        },
        {
            "id": "q2",
            "objective": "O1",
            "kind": "single",
            "stem": "Pick B",
            "options": [
                {"text": "A", "correct": False, "feedback": "no"},
                {"text": "B", "correct": True, "feedback": "right"},
            ],
        },
    ],
}

GOOD = {"last": 1, "total": 2, "best": 2, "finished": True, "updated": "2024-01-01 10:00"}


@pytest.fixture
def store(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "home" / "progress.json"
    monkeypatch.setenv("HFS_PROGRESS_FILE", str(path))
    return path


def write_raw(path: Path, content: bytes | str | dict) -> bytes:
    path.parent.mkdir(parents=True, exist_ok=True)
    blob = (
        json.dumps(content).encode()
        if isinstance(content, dict)
        else (content.encode() if isinstance(content, str) else content)
    )
    path.write_bytes(blob)
    return blob


def aside(path: Path) -> list[Path]:
    return sorted(path.parent.glob(path.name + ".corrupt-*"))


def said(view) -> str:
    """The text of a view's message area."""
    return html.unescape(view.message.value)


def answer_all(widget: Quiz) -> None:
    for card in widget.cards:
        card.select({0})
        card.check()


# ---------------------------------------------------------------- crashes and concurrency


def test_kill_9_during_saves_never_loses_a_confirmed_answer(tmp_path):
    """60 SIGKILLs at random moments of a child saving in a tight loop: after every one the file parses
    and holds every answer the child had confirmed; a killed save leaves at most one temporary file."""

    def check(stats, data, missing):
        assert data is not None, f"kill {stats['kills']}: the progress file does not parse"
        assert not missing, f"kill {stats['kills']}: confirmed answers lost: {missing[:5]}"
        assert stats["stray_temp_max"] <= 1

    path = tmp_path / "progress.json"
    stats = _stress().kill_loop(STORE_MODULE, path, kills=60, seed=20, check=check)
    assert stats["kills"] == 60 and stats["lost"] == 0 and stats["confirmed"] >= 60
    assert not aside(path)  # nothing was ever judged corrupt


def test_two_processes_saving_400_times_each_lose_nothing(tmp_path):
    result = _stress().concurrent(STORE_MODULE, tmp_path / "progress.json", per_process=400, processes=2)
    assert result["errors"] == [] and result["readable"]
    assert result["lost"] == 0 and result["expected"] == 800


def test_a_save_waits_for_the_lock_and_gives_up_in_words(store, monkeypatch):
    monkeypatch.setattr(progress, "LOCK_TIMEOUT", 0.2)
    progress.save_quiz("a", 1, 2, 1)
    fd = os.open(store.with_name(store.name + ".lock"), os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # another notebook in the middle of a save
        result = progress.save_quiz("a", 2, 2, 2)
    finally:
        os.close(fd)
    assert not result.saved and "busy" in result.text and "could not be saved" in result.text
    assert progress.load()["a"]["last"] == 1
    assert progress.save_quiz("a", 2, 2, 2).saved


def test_a_stale_temporary_file_of_a_killed_save_is_removed(store):
    progress.save_quiz("a", 1, 2, 1)
    stale = store.parent / f".{store.name}.dead.tmp"
    stale.write_text('{"half": ')
    assert progress.save_quiz("b", 1, 2, 1).saved
    assert not stale.exists() and set(progress.load()) == {"a", "b"}


# ---------------------------------------------------------------- damaged files

CORRUPT = {
    "empty file": b"",
    "truncated JSON": b'{"01-facial-nerve-anatomy": {"last": 3, "total": 8, "be',
    "JSON list": b'[{"last": 1}]',
    "binary garbage": bytes(range(256)) * 3,
    "JSON text": b'"progress"',
}


@pytest.mark.parametrize("content", CORRUPT.values(), ids=CORRUPT.keys())
def test_a_corrupt_file_is_moved_aside_unchanged_and_the_learner_told_where(store, content):
    write_raw(store, content)
    loaded = progress.read()
    assert loaded.data == {} and not store.exists()
    [kept] = aside(store)
    assert kept.read_bytes() == content
    assert re.fullmatch(re.escape(store.name) + r"\.corrupt-\d{8}-\d{6}", kept.name)
    assert str(kept) in loaded.text and "could not be read" in loaded.text
    # the next answer starts a new file and never touches the kept copy
    assert progress.save_quiz("a", 1, 2, 2).saved
    assert kept.read_bytes() == content and set(progress.load()) == {"a"}


@pytest.mark.parametrize("content", CORRUPT.values(), ids=CORRUPT.keys())
def test_an_answer_on_a_corrupt_file_is_saved_and_the_file_kept(store, content):
    write_raw(store, content)
    result = progress.save_quiz("a", 2, 2, 2)
    [kept] = aside(store)
    assert result.saved and str(kept) in result.text and kept.read_bytes() == content
    assert progress.load() == {"a": result.entry}


def test_corrupt_copies_made_in_the_same_second_never_overwrite_each_other(store):
    for blob in (b"one{", b"two{", b"three{"):
        write_raw(store, blob)
        progress.read()
    assert sorted(p.read_bytes() for p in aside(store)) == sorted([b"one{", b"two{", b"three{"])


def test_a_corrupt_file_that_cannot_be_moved_aside_is_never_written_over(store, monkeypatch):
    blob = write_raw(store, b"{broken")

    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(store))

    monkeypatch.setattr(progress.os, "rename", refuse)
    result = progress.save_quiz("a", 1, 2, 2)
    assert not result.saved and "could not be saved" in result.text and "left as it is" in result.text
    assert store.read_bytes() == blob and not aside(store)
    assert "left as it is" in progress.read().text


WRONG = {
    "best is text": {**GOOD, "best": "x"},
    "entry is a list": [1, 2],
    "entry is a number": 7,
    "last is true/false": {**GOOD, "last": True},
    "best above total": {**GOOD, "best": 3},
    "negative total": {**GOOD, "total": -1},
    "finished is text": {**GOOD, "finished": "yes"},
    "field missing": {k: v for k, v in GOOD.items() if k != "updated"},
    "decimal score": {**GOOD, "last": 1.5},
}


@pytest.mark.parametrize("bad", WRONG.values(), ids=WRONG.keys())
def test_a_wrong_typed_entry_is_skipped_and_reported_the_others_stay(store, bad):
    lesson, other = lesson_names()[:2]
    write_raw(store, {lesson: bad, other: GOOD})
    loaded = progress.read()
    assert loaded.data == {other: GOOD} and f"'{lesson}'" in loaded.text and "damaged" in loaded.text
    assert store.exists() and not aside(store)  # an entry is not a corrupt file
    # another lesson's answer keeps the damaged entry as it was
    assert progress.save_quiz("third", 1, 2, 1).saved
    assert json.loads(store.read_text())[lesson] == bad
    # the progress panel still shows the other lesson and says what was left out
    panel = ProgressPanel()
    rows = {row[0]: row for row in panel.rows()}
    assert rows[other][1] == "✔ finished" and rows[lesson][1] == "○ not started"
    assert f"'{lesson}'" in said(panel)
    # Check answer for the damaged lesson works and replaces the entry
    widget = Quiz(quiz.parse_bank({**BANK, "lesson": lesson}, "t.yaml"))
    answer_all(widget)
    assert "replaced" in said(widget)
    assert progress.read().data[lesson]["total"] == 2
    panel.reset()
    assert progress.load() == {} and "deleted" in said(panel)


def test_the_panel_shows_a_row_per_capstone_case_attempted_under_lesson_6s_quiz(store):
    """The capstone saves each case's score under '06-clinical-cases/<case id>' (cases/view/walkthrough.py):
    each case attempted gets its own row, named and ordered as the course numbers its cases."""
    assert progress.save_quiz("06-clinical-cases/older-patient", 3, 4, 4).saved  # case 5, finished
    assert progress.save_quiz("06-clinical-cases/atypical-hfs", 1, 4, 2).saved  # case 1, two questions checked
    assert progress.save_quiz("06-clinical-cases/atypical-hfs", 2, 4, 3).saved
    assert progress.save_quiz("06-clinical-cases/retired-case", 1, 4, 4).saved  # a case the course no longer has
    rows = [row[0] for row in ProgressPanel().rows()]
    at = rows.index("06-clinical-cases")
    assert rows[at + 1 : at + 4] == [
        "06-clinical-cases: case 1, The twitch that began at the mouth",
        "06-clinical-cases: case 5, Toxin for life, or surgery at 74?",
        "06-clinical-cases/retired-case",
    ]
    assert len(rows) == len(lesson_names()) + 3  # cases not attempted get no row
    by_name = {row[0]: row for row in ProgressPanel().rows()}
    assert by_name[rows[at + 1]][1:] == ["… started", "2 / 4", "2 / 4"]
    assert by_name[rows[at + 2]][1:] == ["✔ finished", "3 / 4", "3 / 4"]
    assert by_name["06-clinical-cases"][1] == "○ not started"  # the lesson's quiz is its own row
    panel = ProgressPanel()
    assert "case 5, Toxin for life, or surgery at 74?" in html.unescape(panel.table.value)
    assert "Lesson quiz or case" in panel.table.value


def test_without_a_saved_case_the_panel_does_not_read_the_case_files(store, monkeypatch):
    import widgets.cases.model as cases

    monkeypatch.setattr(cases, "course_cases", lambda: pytest.fail("case files read with no case saved"))
    progress.save_quiz(lesson_names()[0], 1, 2, 2)
    assert [row[0] for row in ProgressPanel().rows()] == lesson_names()


settings_fast = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 20_000) | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3),
    max_leaves=6,
)
entries = st.one_of(
    json_values,
    st.fixed_dictionaries(
        {
            k: (st.booleans() if k == "finished" else st.text(max_size=70) if k == "updated" else st.integers(-2, 12))
            for k in progress.FIELDS
        }
    ),
)


@settings_fast
@given(st.dictionaries(st.text(min_size=1, max_size=8), entries, max_size=4))
def test_any_json_table_reads_without_error_and_keeps_exactly_the_valid_entries(table):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "progress.json"
        write_raw(path, table)
        old = os.environ.get("HFS_PROGRESS_FILE")
        os.environ["HFS_PROGRESS_FILE"] = str(path)
        try:
            loaded = progress.read()
            valid = {k for k, v in table.items() if progress.entry_problem(v) is None}
            assert set(loaded.data) == valid
            assert all(f"'{k}'" in loaded.text for k in list(set(table) - valid)[:5])
            for entry in loaded.data.values():
                assert 0 <= entry["last"] <= entry["total"] and 0 <= entry["best"] <= entry["total"]
            # an answer saved on top keeps every other lesson's entry exactly as it was
            assert progress.save_quiz("new", 1, 3, 3).saved
            after = json.loads(path.read_text())
            assert {k: v for k, v in after.items() if k != "new"} == {k: v for k, v in table.items() if k != "new"}
        finally:
            os.environ.pop("HFS_PROGRESS_FILE") if old is None else os.environ.__setitem__("HFS_PROGRESS_FILE", old)


@settings_fast
@given(st.lists(st.tuples(st.integers(1, 6), st.data()), min_size=1, max_size=6))
def test_every_saved_entry_is_valid_and_best_never_exceeds_total(answers):
    with tempfile.TemporaryDirectory() as tmp:
        old = os.environ.get("HFS_PROGRESS_FILE")
        os.environ["HFS_PROGRESS_FILE"] = str(Path(tmp) / "progress.json")
        try:
            for total, data in answers:  # a bank may change its number of questions between saves
                correct = data.draw(st.integers(0, total))
                checked = data.draw(st.integers(correct, total))
                entry = progress.save_quiz("l", correct, total, checked).entry
                assert progress.entry_problem(entry) is None and entry["last"] == correct
            assert progress.read().ok
        finally:
            os.environ.pop("HFS_PROGRESS_FILE") if old is None else os.environ.__setitem__("HFS_PROGRESS_FILE", old)


def test_best_score_and_finished_are_kept_across_answers(store):
    progress.save_quiz("a", 2, 3, 3)
    entry = progress.save_quiz("a", 1, 3, 1).entry
    assert entry["last"] == 1 and entry["best"] == 2 and entry["finished"]
    assert progress.load()["a"] == entry


# ---------------------------------------------------------------- unwritable storage


def permission_denied(*args, **kwargs):
    raise PermissionError(errno.EACCES, "Permission denied")


def test_a_read_only_file_gives_a_message_not_an_exception(store):
    """The read-only mark is respected even by root (the mode bits are checked, not only os.access)."""
    progress.save_quiz("t-quiz", 1, 2, 1)
    before = store.read_bytes()
    store.chmod(0o444)
    try:
        result = progress.save_quiz("t-quiz", 2, 2, 2)
        assert not result.saved and result.entry["last"] == 2
        assert (
            result.text == f"Your answer counts in this session but could not be saved: the file {store} is read-only."
        )
        widget = Quiz(quiz.parse_bank(BANK, "t.yaml"))
        answer_all(widget)
        assert "Your answer counts in this session but could not be saved" in said(widget)
        assert "read-only" in said(widget) and store.read_bytes() == before
        status = progress.reset()
        assert not status.ok and "could not be deleted" in status.text and store.exists()
    finally:
        store.chmod(0o644)
    answer_all(widget)  # writable again: the saved answer clears the message
    assert said(widget) == "" and progress.load()["t-quiz"]["finished"]


@pytest.mark.parametrize("where", ["os.replace", "tempfile.mkstemp"])
def test_a_read_only_folder_simulated_gives_a_message_not_an_exception(store, monkeypatch, where):
    """Root ignores folder permissions, so the refusal a read-only folder gives is simulated."""
    progress.save_quiz("t-quiz", 1, 2, 1)
    before = store.read_bytes()
    module, name = where.split(".")
    monkeypatch.setattr(getattr(progress, module), name, permission_denied)
    result = progress.save_quiz("t-quiz", 2, 2, 2)
    assert not result.saved
    assert result.text.startswith("Your answer counts in this session but could not be saved: the folder ")
    widget = Quiz(quiz.parse_bank(BANK, "t.yaml"))
    answer_all(widget)
    assert "could not be saved" in said(widget) and "cannot be written to" in said(widget)
    assert store.read_bytes() == before
    assert [p.name for p in store.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_a_folder_that_cannot_be_created_gives_a_message(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("HFS_PROGRESS_FILE", str(blocker / "progress.json"))
    result = progress.save_quiz("a", 1, 2, 1)
    assert not result.saved and "could not be saved" in result.text
    assert progress.read().data == {} and progress.reset().ok


def test_reset_on_an_unwritable_folder_shows_a_message_in_the_panel(store, monkeypatch):
    lesson = lesson_names()[0]
    progress.save_quiz(lesson, 1, 2, 2)
    panel = ProgressPanel()
    monkeypatch.setattr(progress.os, "unlink", permission_denied)
    monkeypatch.setattr(Path, "unlink", lambda self, missing_ok=False: permission_denied())
    panel.reset()  # no traceback
    assert "could not be deleted" in said(panel) and "cannot be written to" in said(panel)
    assert store.exists() and {row[0]: row for row in panel.rows()}[lesson][1] == "✔ finished"


@pytest.mark.skipif(IS_ROOT, reason="root ignores folder permissions; the simulated tests above cover this")
def test_a_really_read_only_folder_gives_messages_not_exceptions(store):
    progress.save_quiz("t-quiz", 1, 2, 1)
    before = store.read_bytes()
    store.parent.chmod(0o555)
    try:
        result = progress.save_quiz("t-quiz", 2, 2, 2)
        assert not result.saved and "cannot be written to" in result.text
        status = progress.reset()
        assert not status.ok and "could not be deleted" in status.text
        panel = ProgressPanel()
        panel.reset()
        assert "could not be deleted" in said(panel)
    finally:
        store.parent.chmod(0o755)
    assert store.read_bytes() == before


def test_reset_deletes_the_progress_but_keeps_corrupt_copies(store):
    write_raw(store, b"{")
    progress.read()
    progress.save_quiz("a", 1, 2, 2)
    assert progress.reset().ok and progress.load() == {} and len(aside(store)) == 1
    assert progress.reset().ok  # nothing to delete is fine


RO_SCRIPT = """
import json, sys
sys.path.insert(0, sys.argv[1])
from widgets import progress
from widgets.progressview import ProgressPanel
saved = progress.save_quiz('t-quiz', 2, 2, 2)
status = progress.reset()
panel = ProgressPanel()
panel.reset()
print(json.dumps([saved.saved, saved.text, status.ok, status.text, progress.load(), panel.message.value]))
"""


def test_a_really_read_only_disk_gives_messages_not_exceptions(tmp_path):
    """Even root cannot write to a file system mounted read-only: a private mount namespace (unshare -m)
    gets a tmpfs holding one saved answer, remounted read-only; skipped where unshare is not allowed."""
    unshare = shutil.which("unshare")
    if not IS_ROOT or unshare is None:
        pytest.skip("needs root and unshare for a private read-only mount")
    mount = tmp_path / "ro"
    mount.mkdir()
    store = mount / "progress.json"
    seed = "from widgets import progress; progress.save_quiz('t-quiz', 1, 2, 1)"
    repo = str(HERE.parent.parent)
    shell = (
        'mount -t tmpfs tmpfs "$1" && HFS_PROGRESS_FILE="$2" "$3" -c "import sys; sys.path.insert(0, \'$4\'); $5" '
        '&& mount -o remount,ro "$1" && HFS_PROGRESS_FILE="$2" "$3" -c "$6" "$4"'
    )
    run = subprocess.run(
        [unshare, "-m", "sh", "-c", shell, "sh", str(mount), str(store), sys.executable, repo, seed, RO_SCRIPT],
        capture_output=True,
        text=True,
        timeout=60,
    )
    if run.returncode and "mount" in run.stderr and "Traceback" not in run.stderr:
        pytest.skip(f"no private mount here: {run.stderr.strip()[:200]}")
    assert run.returncode == 0, run.stderr
    saved, saved_text, reset_ok, reset_text, data, panel_message = json.loads(run.stdout)
    assert not saved and saved_text == (
        f"Your answer counts in this session but could not be saved: the folder {mount} is on a read-only disk."
    )
    assert not reset_ok and "could not be deleted" in reset_text and "read-only disk" in reset_text
    assert data["t-quiz"]["last"] == 1 and "could not be deleted" in html.unescape(panel_message)
