"""The course's own evidence store: it loads, every id used anywhere resolves, every reference is cited,
and no assumption reaches a learner without its label."""

import re
from pathlib import Path

import pytest

from widgets import evidence

ROOT = Path(__file__).resolve().parents[2]
SCANNED = [*ROOT.glob("lessons/**/*.md"), *ROOT.glob("lessons/**/*.yaml"), *ROOT.glob("widgets/**/*.py")]
SCANNED = [p for p in SCANNED if p.name not in ("evidence.yaml", "references.yaml")]


@pytest.fixture(scope="module")
def store():
    return evidence.load()


def used_ids(store):
    prefixes = sorted({i.rsplit("-", 1)[0] for i in store.entries}, key=len, reverse=True)
    # An id ends in a number (ANA-05, DM-BTX-01, R110a-style tails) or, for model parameters, a snake_case name.
    pattern = re.compile(
        r"(?<![\w-])(" + "|".join(map(re.escape, prefixes)) + r")-(\d\w*|(?<=PAR-)[a-z][a-z0-9_]*)(?![\w-])"
    )
    found = {}
    for path in SCANNED:
        for match in pattern.finditer(path.read_text(encoding="utf-8")):
            found.setdefault(f"{match.group(1)}-{match.group(2)}", path.relative_to(ROOT))
    return found


def test_store_loads_with_entries_for_every_lesson_topic(store):
    topics = {e.topic for e in store.entries.values()}
    for topic in ("anatomy", "rez", "progression", "beb", "myokymia", "botulinum", "mvd"):
        assert topic in topics, f"no evidence entries for topic {topic}"


def test_every_id_used_anywhere_resolves(store):
    missing = {i: str(p) for i, p in used_ids(store).items() if i not in store.entries}
    # Ids built at run time (e.g. "PAR-" + name) are checked where they are built.
    missing = {i: p for i, p in missing.items() if not i.endswith(("-", "_"))}  # "PAR-u_*"-style wildcards in prose
    assert not missing, f"evidence ids used but not defined: {missing}"


def test_every_reference_is_cited(store):
    cited = {k for e in store.entries.values() for k in e.refs}
    assert not set(store.references) - cited, f"references never cited: {sorted(set(store.references) - cited)}"


def test_every_assumption_renders_with_its_label(store):
    for entry in store.entries.values():
        if entry.is_assumption:
            assert "assumption" in store.cite(entry.id), entry.id
            assert "assumption" in evidence.html_cite(entry.id), entry.id


def test_confirmed_entries_never_render_as_assumptions(store):
    for entry in store.entries.values():
        if not entry.is_assumption:
            assert "assumption" not in store.label(entry.id), entry.id
