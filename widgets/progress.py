"""Self-learner progress: which quizzes a learner has finished and their scores.

Stored only on the learner's own machine, as JSON in ~/.hfs-course/progress.json (or the file
named by HFS_PROGRESS_FILE); nothing is sent anywhere.

A save never leaves a half-written file: the new JSON goes to a temporary file in the same folder,
is flushed and fsync'ed, replaces the old file with os.replace (atomic), and the folder is fsync'ed.
Two notebooks saving at once take turns: the read-modify-write holds an exclusive fcntl.flock on a
sidecar file, progress.json.lock. Why a sidecar lock rather than an append-only log: the file stays
one small JSON table that a learner can read, and flock is in the standard library on Linux and macOS
(the only systems the course supports) and is released by the kernel when a process dies, so a
killed notebook never leaves a stale lock. (The lock cannot sit on progress.json itself, since
os.replace swaps that file for a new one.)

Reading checks every lesson entry against a small schema; a bad entry is left out and reported, the
other lessons stay (and the bad entry stays in the file until that lesson is answered again). A file
that is not a JSON object is moved aside to progress.json.corrupt-<YYYYmmdd-HHMMSS>, never
overwritten or deleted, and the learner is told where it went. A store that cannot be written
(read-only file or folder, full disk) never raises: the functions return the problem in plain words.

    read()        -> Loaded(data, messages)           the valid entries and what was wrong
    save_quiz(..) -> Saved(entry, saved, messages)    record one answer; saved=False when not stored
    reset()       -> Status(ok, messages)             delete the saved progress
    load(), record_quiz(..)                            the older forms: read().data, save_quiz(..).entry
"""

from __future__ import annotations

import errno
import json
import os
import random
import tempfile
import time
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows is not supported by the course; saves there are simply not serialised
    fcntl = None

LOCK_TIMEOUT = 10.0  # seconds a save waits for another notebook's save before giving up
MAX_TOTAL = 10_000  # more questions than any quiz will have; larger numbers mean a damaged entry
FIELDS = {"last": int, "total": int, "best": int, "finished": bool, "updated": str}


@dataclass
class Status:
    """What happened to a change of the store: ok=False when it was not stored; messages in plain words."""

    ok: bool = True
    messages: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(self.messages)


@dataclass
class Loaded(Status):
    data: dict = field(default_factory=dict)  # lesson -> a valid entry (only the schema's fields)


@dataclass
class Saved(Status):
    entry: dict = field(default_factory=dict)

    @property
    def saved(self) -> bool:
        return self.ok


class _ReadOnlyFile(PermissionError):
    """The progress file itself is marked read-only: respected, even by root."""


def progress_file() -> Path:
    return Path(os.environ.get("HFS_PROGRESS_FILE") or Path.home() / ".hfs-course" / "progress.json")


# ---------------------------------------------------------------- validation


def entry_problem(entry) -> str | None:
    """Why `entry` is not a valid lesson entry, in words; None when it is valid."""
    if not isinstance(entry, dict):
        return f"it is {_kind(entry)}, not a table of scores"
    for name, kind in FIELDS.items():
        if name not in entry:
            return f"'{name}' is missing"
        value = entry[name]
        if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
            return f"'{name}' is {_kind(value)}, not a whole number"
        if kind is not int and not isinstance(value, kind):
            return f"'{name}' is {_kind(value)}, not {'true/false' if kind is bool else 'text'}"
    if not 0 <= entry["total"] <= MAX_TOTAL:
        return f"'total' is {entry['total']}, outside 0 to {MAX_TOTAL}"
    for name in ("last", "best"):
        if not 0 <= entry[name] <= entry["total"]:
            return f"'{name}' is {entry[name]}, outside 0 to total={entry['total']}"
    if len(entry["updated"]) > 64:
        return "'updated' is too long to be a date"
    return None


def _kind(value) -> str:
    names = {
        dict: "a table",
        list: "a list",
        str: "text",
        bool: "true/false",
        int: "a whole number",
        float: "a decimal number",
        type(None): "empty (null)",
    }
    return names.get(type(value), type(value).__name__)


def _parse(blob: bytes):
    """(object, None) for a JSON object; (None, why) for anything else."""
    if not blob.strip():
        return None, "it is empty"
    try:
        obj = json.loads(blob.decode("utf-8"))
    except UnicodeDecodeError:
        return None, "it is not text"
    except ValueError:
        return None, "it is not valid JSON, perhaps cut short"
    if not isinstance(obj, dict):
        return None, f"it holds {_kind(obj)} instead of a table of lessons"
    return obj, None


def _split(raw: dict) -> tuple[dict, dict]:
    """Valid entries (schema fields only) and the reasons for the others."""
    good, bad = {}, {}
    for lesson, entry in raw.items():
        why = entry_problem(entry)
        if why is None:
            good[lesson] = {name: entry[name] for name in FIELDS}
        else:
            bad[lesson] = why
    return good, bad


def _skipped_message(bad: dict) -> str:
    listed = "; ".join(f"'{lesson}' ({why})" for lesson, why in list(bad.items())[:5])
    more = f"; and {len(bad) - 5} more" if len(bad) > 5 else ""
    return (
        f"Some saved scores are damaged and are left out: {listed}{more}. "
        "The other lessons are fine; a damaged score is replaced when you answer that quiz again."
    )


# ---------------------------------------------------------------- file operations


def _explain(exc: OSError, path: Path) -> str:
    if isinstance(exc, _ReadOnlyFile) or exc.errno == errno.EROFS:
        if exc.errno == errno.EROFS or _read_only_disk(path.parent):
            return f"the folder {path.parent} is on a read-only disk"
        return f"the file {path} is read-only"
    if isinstance(exc, TimeoutError):
        return f"another notebook kept {path.name} busy for more than {LOCK_TIMEOUT:.0f} seconds"
    if exc.errno == errno.ENOSPC:
        return f"the disk holding {path.parent} is full"
    if isinstance(exc, PermissionError):
        return f"the folder {path.parent} cannot be written to ({exc.strerror or 'permission denied'})"
    return f"{exc.strerror or exc} ({exc.filename or path})"


def _read_only(path: Path) -> bool:
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return False
    return not mode & 0o222 or not os.access(path, os.W_OK)


def _read_only_disk(folder: Path) -> bool:
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):
        return False


@contextmanager
def _locked(path: Path):
    """Hold the exclusive lock of `path` (a sidecar .lock file); yields False when no lock file can be
    opened (unwritable storage: the change that follows will fail and say why)."""
    if fcntl is None:
        yield False
        return
    lock = path.with_name(path.name + ".lock")
    try:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        try:
            fd = os.open(lock, os.O_RDONLY)  # flock works on a read-only descriptor too
        except OSError:
            yield False
            return
    try:
        deadline = time.monotonic() + LOCK_TIMEOUT
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise TimeoutError(errno.ETIMEDOUT, "lock busy", str(lock)) from None
                time.sleep(random.uniform(0.0005, 0.003))
        yield True
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def _fsync_dir(folder: Path) -> None:
    with suppress(OSError):  # some file systems refuse fsync on a folder; the rename itself is done
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _write_atomic(path: Path, data: dict) -> None:
    if _read_only(path):
        raise _ReadOnlyFile(errno.EACCES, "read-only file", str(path))
    text = json.dumps(data, indent=1, ensure_ascii=False)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)


def _remove_stale_temps(path: Path) -> None:
    """Temporary files of saves that were killed before their rename (only called under the lock)."""
    for stale in path.parent.glob(f".{path.name}.*.tmp"):
        with suppress(OSError):
            stale.unlink()


def _move_aside(path: Path) -> Path:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while target.exists():  # two in the same second: never overwrite an earlier copy
        n += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
    os.rename(path, target)
    _fsync_dir(path.parent)
    return target


def _read_raw(path: Path, move_corrupt: bool) -> tuple[dict | None, list[str]]:
    """The file's object ({} when absent) and messages; None when it could not be read or, being
    damaged, could not be moved aside (then nothing may be written over it)."""
    try:
        blob = path.read_bytes()
    except FileNotFoundError:
        return {}, []
    except OSError as exc:
        return None, [f"Your saved progress could not be read: {_explain(exc, path)}."]
    raw, why = _parse(blob)
    if raw is not None:
        return raw, []
    if not move_corrupt:
        return None, []
    try:
        target = _move_aside(path)
    except OSError as exc:
        return None, [
            f"Your progress file {path} could not be read ({why}), and it could not be moved aside "
            f"({_explain(exc, path)}); it was left as it is, and nothing is saved over it."
        ]
    return {}, [
        f"Your progress file could not be read ({why}). It was kept, unchanged, as {target}; "
        "your scores start again from here."
    ]


# ---------------------------------------------------------------- public API


def read() -> Loaded:
    """Every valid lesson entry, and in plain words what was wrong with the rest or with the file."""
    path = progress_file()
    raw, messages = _read_raw(path, move_corrupt=False)
    if raw is None and not messages:  # damaged: move it aside while no other notebook is saving
        try:
            with _locked(path):
                raw, messages = _read_raw(path, move_corrupt=True)
        except OSError as exc:
            raw, messages = None, [f"Your saved progress could not be read: {_explain(exc, path)}."]
    if raw is None:
        return Loaded(ok=False, messages=messages)
    good, bad = _split(raw)
    if bad:
        messages.append(_skipped_message(bad))
    return Loaded(ok=not bad, messages=messages, data=good)


def load() -> dict:
    """The valid lesson entries (see read() for what was wrong with the others)."""
    return read().data


def save_quiz(lesson: str, correct: int, total: int, checked: int) -> Saved:
    """Remember the latest and best score of one lesson's quiz; finished once every question is checked.

    Never raises for storage problems: the returned Saved says whether the answer was stored and why not."""
    if not lesson:
        return Saved()
    if not 0 <= correct <= total or not 0 <= checked <= total:
        raise ValueError(f"correct and checked must be between 0 and total={total} (got {correct}, {checked})")
    path = progress_file()
    messages: list[str] = []
    entry = {
        "last": correct,
        "total": total,
        "best": correct,
        "finished": checked == total,
        "updated": time.strftime("%Y-%m-%d %H:%M"),
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with _locked(path) as locked:
            raw, messages = _read_raw(path, move_corrupt=True)
            if raw is None:
                return Saved(
                    ok=False,
                    entry=entry,
                    messages=["Your answer counts in this session but could not be saved.", *messages],
                )
            old = raw.get(lesson)
            if old is not None and entry_problem(old) is None:
                same_quiz = old["total"] == total  # a best score out of another total is not comparable
                entry.update(
                    best=max(correct, old["best"]) if same_quiz else correct,
                    finished=old["finished"] or checked == total,
                )
            elif old is not None:
                messages.append(
                    f"The damaged saved score of '{lesson}' ({entry_problem(old)}) was replaced by this one."
                )
            raw[lesson] = entry  # other lessons, damaged ones included, are written back untouched
            if locked:
                _remove_stale_temps(path)
            _write_atomic(path, raw)
    except OSError as exc:
        return Saved(
            ok=False,
            entry=entry,
            messages=[*messages, f"Your answer counts in this session but could not be saved: {_explain(exc, path)}."],
        )
    return Saved(entry=entry, messages=messages)


def record_quiz(lesson: str, correct: int, total: int, checked: int) -> dict:
    """save_quiz(...).entry: the older form, for callers that do not show storage problems."""
    return save_quiz(lesson, correct, total, checked).entry


def reset() -> Status:
    """Delete the saved progress (files moved aside as corrupt are kept). Never raises for storage problems."""
    path = progress_file()
    if not path.exists():
        return Status()  # nothing saved, nothing to delete (a read-only file system says EROFS, not ENOENT)
    try:
        with _locked(path):
            if _read_only(path):
                raise _ReadOnlyFile(errno.EACCES, "read-only file", str(path))
            path.unlink()
            _fsync_dir(path.parent)
    except (FileNotFoundError, NotADirectoryError):
        pass  # nothing saved, nothing to delete
    except OSError as exc:
        return Status(ok=False, messages=[f"Your saved progress could not be deleted: {_explain(exc, path)}."])
    return Status()
