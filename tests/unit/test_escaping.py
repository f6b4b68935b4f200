"""Content files are text, never markup: a payload in any string field never reaches a page as live HTML.

A copy of lessons/ gets, in every free-text field of every content kind (evidence, references, quiz banks,
cases), a payload: a <script>, an <img onerror=...> and a Markdown link to a javascript: URL. The copy is
loaded through the public loaders and every way the course renders content is run: Markdown outputs
(evidence.say, references_markdown, cases_table, the differential tables) are rendered to HTML with
markdown-it the way JupyterLab's renderer treats them (raw HTML on, no link filtering), HTML strings and
widget values are taken as they are. Each result is parsed with BeautifulSoup and its real tags and
attributes are inspected: no payload <script>, no on* attribute, no javascript: URL.

Every payload carries the name of its field (`//ev.text`), so a failure names the field and the path.
The last test builds the static site of one lesson (tools/build_site.py) from the payload copy through
HFS_LESSONS_DIR (slow).
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import ipywidgets as ipw
import nbformat
import pytest
import yaml
from bs4 import BeautifulSoup
from markdown_it import MarkdownIt

from widgets import evidence, quiz

ROOT = Path(__file__).resolve().parents[2]
LESSONS = ROOT / "lessons"


def payload(tag: str) -> str:
    return (
        f'<script>window.__pwned=1//{tag}</script><img src=x onerror="window.__pwned=2//{tag}">'
        f" [x](javascript:alert(1)//{tag})"
    )


JS_URL = "javascript:alert(1)//{tag}"
FIELDS = {
    "ref.url",
    "quiz.objective",
    "quiz.stem",
    "quiz.option",
    "quiz.feedback",
    "case.face.labels",
    *(f"ev.{n}" for n in ("topic", "claim", "text", "unit", "note")),
    *(f"ref.{n}" for n in ("authors", "title", "source", "note", "doi", "pmid")),
}

# Free-text fields by content kind; the others (ids, statuses, keys, numbers, enumerations) are structure.
EVIDENCE_FIELDS = ("topic", "claim", "text", "unit", "note")
REFERENCE_FIELDS = ("authors", "title", "source", "note", "doi", "pmid")
CASE_TEXT = ("title", "diagnosis", "focus", "history")
CASE_SKIP = {
    "id",
    "order",
    "synthetic",
    "patient",
    "states",
    "setting",
    "bedside",
    "tests_findings",
    "lsr",
    "decision_model",
    "stage",
    "evidence",
    "correct",
}


def _mark(value, tag):
    return f"{value} {payload(tag)}" if isinstance(value, str) else value


def _mark_case(node, tag: str, parent_key: str = ""):
    """Every string under a case mapping, except its structural fields."""
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key in CASE_SKIP or (parent_key == "differential" and key == "tests"):
                out[key] = value
            elif key == "labels":
                out[key] = {
                    side: {m: f"{label} {payload('case.face.labels')}" for m, label in muscles.items()}
                    for side, muscles in value.items()
                }
            else:
                out[key] = _mark_case(
                    value, f"{tag}.{key}" if key not in ("questions", "options") else f"{tag}.{key}", key
                )
        return out
    if isinstance(node, list):
        return [_mark_case(v, tag, parent_key) for v in node]
    if isinstance(node, str):
        return f"{node} {payload(tag)}"
    return node


def _bad_url(n: int, url: str | None) -> str:
    url = url or "https://example.org/"
    return (url, JS_URL.format(tag="ref.url"), url + payload("ref.url"))[n % 3]


def payload_lessons(target: Path, js_urls: bool = True) -> Path:
    """A copy of lessons/ with a payload in every free-text field; returns the copy's folder."""
    shutil.copytree(LESSONS, target, ignore=shutil.ignore_patterns("instructor"))
    refs = yaml.safe_load((LESSONS / "references.yaml").read_text(encoding="utf-8"))
    for n, (key, item) in enumerate(refs.items()):
        for name in REFERENCE_FIELDS:
            if item.get(name):
                item[name] = _mark(str(item[name]), f"ref.{name}")
        if js_urls:  # a third keep their http(s) URL, a third become javascript: URLs, a third carry the payload
            item["url"] = _bad_url(n, item.get("url"))
    (target / "references.yaml").write_text(yaml.safe_dump(refs, allow_unicode=True, sort_keys=False), encoding="utf-8")
    entries = yaml.safe_load((LESSONS / "evidence.yaml").read_text(encoding="utf-8"))
    for item in entries:
        for name in EVIDENCE_FIELDS:
            if item.get(name):
                item[name] = _mark(item[name], f"ev.{name}")
    (target / "evidence.yaml").write_text(
        yaml.safe_dump(entries, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    for path in (LESSONS / "quizzes").glob("*.yaml"):
        bank = yaml.safe_load(path.read_text(encoding="utf-8"))
        bank["objectives"] = {k: _mark(v, "quiz.objective") for k, v in bank["objectives"].items()}
        for q in bank["questions"]:
            q["stem"] = _mark(q["stem"], "quiz.stem")
            for o in q["options"]:
                o["text"] = _mark(str(o["text"]), "quiz.option")
                o["feedback"] = _mark(o["feedback"], "quiz.feedback")
        (target / "quizzes" / path.name).write_text(
            yaml.safe_dump(bank, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
    for path in (LESSONS / "cases").glob("*.yaml"):
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        (target / "cases" / path.name).write_text(
            yaml.safe_dump(_mark_case(raw, "case"), allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
    return target


# --- finding live payloads in HTML ------------------------------------------------------------------

TAG = re.compile(r"(?:__pwned=\d|alert\(1\))//([a-z_.]+)")


def markdown_to_html(text: str) -> str:
    """Markdown as a notebook front end renders a trusted output: raw HTML kept, links not filtered."""
    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    md.validateLink = lambda url: True
    return md.render(text)


def live_payloads(page: str) -> set[tuple[str, str]]:
    """(kind, field) of every payload that is a real element or attribute in the HTML."""
    found = set()
    soup = BeautifulSoup(page, "html.parser")
    for element in soup.find_all(True):
        if element.name == "script" and element.get_text().strip().startswith("window.__pwned"):
            found.add(("script", (TAG.findall(element.get_text()) or ["?"])[0]))
        for name, value in element.attrs.items():
            value = " ".join(value) if isinstance(value, list) else str(value)
            if name.lower().startswith("on"):
                found.add((f"{name} attribute", (TAG.findall(value) or ["?"])[0]))
            elif re.sub(r"[\s\x00-\x1f]", "", value).lower().startswith("javascript:"):
                found.add((f"javascript: {name}", (TAG.findall(value) or ["?"])[0]))
    return found


# --- the payload course, loaded through the public loaders -------------------------------------------


@pytest.fixture(scope="module")
def payload_course(tmp_path_factory):
    """The payload copy loaded: (evidence store, quiz banks, cases); the store's URLs are javascript:
    or carry the payload even if the loader refuses such URLs (the renderer must be safe anyway)."""
    folder = payload_lessons(tmp_path_factory.mktemp("payload") / "lessons")
    try:
        store = evidence.load(folder)
    except evidence.EvidenceError:  # a loader that rejects non-http(s) URLs: put them in after loading
        shutil.rmtree(folder)
        folder = payload_lessons(folder, js_urls=False)
        store = evidence.load(folder)
        store.references = {
            k: dataclasses.replace(r, url=_bad_url(n, r.url)) for n, (k, r) in enumerate(store.references.items())
        }
    banks = [quiz.load_bank(p) for p in sorted((folder / "quizzes").glob("*.yaml"))]
    from widgets.cases import model as cmodel

    mp = pytest.MonkeyPatch()
    mp.setattr(evidence, "store", lambda: store)
    cases = cmodel.load_cases(folder / "cases")
    mp.setattr(cmodel, "course_cases", lambda: cases)
    yield store, banks, cases
    mp.undo()


RESULTS: dict[str, set] = {}  # path -> live payloads found, over the whole module (for the report)


class Checker:
    """check(path, html) records what is live; check.verify() fails the test once every path was rendered."""

    def __init__(self):
        self.failures: list[str] = []

    def __call__(self, path: str, page: str) -> None:
        live = live_payloads(page)
        RESULTS.setdefault(path, set()).update(live)
        if live:
            self.failures.append(f"{path}: live payload(s) {sorted(live)}")

    def verify(self) -> None:
        assert not self.failures, "\n".join(self.failures)


@pytest.fixture
def check() -> Checker:
    return Checker()


def widget_html(root) -> str:
    """Every HTML value in a widget tree (ipywidgets.HTML and HTMLMath render their value as HTML)."""
    parts, todo = [], [root]
    while todo:
        w = todo.pop()
        if isinstance(w, (ipw.HTML, ipw.HTMLMath)):
            parts.append(w.value)
        for attr in ("children",):
            todo.extend(getattr(w, attr, ()) or ())
        if (
            isinstance(w, ipw.Box) is False
            and hasattr(w, "description")
            and getattr(w, "description_allow_html", False)
        ):
            parts.append(w.description)
    return "\n".join(parts)


# --- the tests ---------------------------------------------------------------------------------------


def test_the_payload_is_in_every_field_it_should_be(payload_course):
    store, banks, cases = payload_course
    e = next(iter(store.entries.values()))
    assert "<script>" in e.text and "<script>" in e.claim and "<script>" in e.topic
    assert any("javascript:" in r.url for r in store.references.values())
    assert all("<script>" in r.title for r in store.references.values())
    assert "<script>" in banks[0].questions[0].stem
    c = next(iter(cases.values()))
    assert (
        "<script>" in c.title and "<script>" in c.decisive_findings[0] and "<script>" in c.questions[0].options[0].text
    )


def test_say_escapes_content_and_keeps_the_authors_markdown(payload_course, monkeypatch, check):
    store, _banks, _cases = payload_course
    shown = []
    import IPython.display

    monkeypatch.setattr(IPython.display, "display", lambda obj: shown.append(obj))
    ids = list(store.entries)
    for start in range(0, len(ids), 40):
        evidence.say(
            "**The figures.** "
            + "; ".join(f"{{{i}}}" for i in ids[start : start + 40])
            + ". [a link](https://example.org/)"
        )
    pages = [markdown_to_html(obj.data) for obj in shown]
    for page in pages:
        check("evidence.say", page)
    check.verify()
    for page in pages:
        soup = BeautifulSoup(page, "html.parser")
        assert soup.find("strong").get_text() == "The figures."  # the lesson author's own Markdown still works
        assert soup.find("a", href="https://example.org/")
        assert "<script>window.__pwned=1//ev.text</script>" in soup.get_text()  # shown as the text it is


def test_fill_and_cite_stay_plain_text_for_callers_that_escape(payload_course):
    store, _banks, _cases = payload_course
    entry = next(iter(store.entries.values()))
    assert evidence.cite(entry.id).startswith(entry.text)  # not escaped: views html.escape it once
    assert evidence.fill(f"A {{{entry.id}}}.") == f"A {evidence.cite(entry.id)}."


def test_html_cite_and_labels(payload_course, check):
    store, _banks, _cases = payload_course
    check("evidence.html_cite", "".join(evidence.html_cite(i) for i in store.entries))
    check.verify()


def test_references_markdown_shows_only_http_links(payload_course, check):
    store, _banks, _cases = payload_course
    text = evidence.references_markdown(list(store.entries))
    page = markdown_to_html(text)
    check("evidence.references_markdown", page)
    check.verify()
    hrefs = [a["href"] for a in BeautifulSoup(page, "html.parser").find_all("a", href=True)]
    assert hrefs and all(h.startswith(("http://", "https://")) for h in hrefs), hrefs[:5]  # http(s) URLs stay links


def test_quiz_widget_and_static_quiz(payload_course, check):
    _store, banks, _cases = payload_course
    from widgets.quizview import Quiz

    for bank in banks:
        view = Quiz(bank, save_progress=False)
        for card in view.cards:
            card.select({0})
            card.check()
        check("quizview.Quiz (widget HTML)", widget_html(view.root))
        check("quiz.static_html", quiz.static_html(bank))
        check("quiz.feedback_html", "".join(quiz.feedback_html(q, None) for q in bank.questions))
    check.verify()


def test_cases_table(payload_course, check):
    from widgets.cases import view as cview

    check("cases.view.cases_table", markdown_to_html(cview.cases_table().data))
    check.verify()


def test_case_walkthrough_and_static_forms(payload_course, check):
    _store, _banks, cases = payload_course
    from widgets.cases import model as cmodel
    from widgets.cases import view as cview
    from widgets.differential.view import BayesianDifferential

    walk = cview.CaseWalkthrough()
    for case_id in cases:
        walk.case_picker.value = case_id
        while True:
            if walk.steps[walk.index].question is not None:
                walk.choices.value = 0
                walk.check_answer()
                walk.show_answer()
            check("cases.view.CaseWalkthrough (widget HTML)", widget_html(walk.root))
            if walk.next.disabled:
                break
            walk.go(+1)
        check("cases.view CaseStaticForm.html", walk.static(case_id).html())
        if cases[case_id].differential.setting is not None:
            bayes = BayesianDifferential(**cmodel.differential_setup(case_id))
            check("differential.view.BayesianDifferential for a case, static", bayes.static().html())
    check.verify()


def test_differential_tables_and_widgets(payload_course, check):
    from widgets.differential import view as dview

    for name in ("comparison_table", "mimics_table", "likelihood_table"):
        check(f"differential.view.{name}", markdown_to_html(getattr(dview, name)().data))
    bayes = dview.BayesianDifferential()
    check("differential.view.BayesianDifferential (widget HTML)", widget_html(bayes.root))
    check("differential.view StaticForm.html", bayes.static().html())
    check.verify()


def test_static_forms_of_the_other_views(payload_course, check):
    """Every view that cites the store: its widget HTML and its static form."""
    from widgets import start
    from widgets.anatomy import view as aview
    from widgets.progression import view as pview
    from widgets.treatment import view as tview

    views = [start.MuscleExplorer()]
    for module in (aview, pview, tview):
        for name in getattr(module, "__all__", dir(module)):
            cls = getattr(module, name, None)
            if (
                isinstance(cls, type)
                and cls.__module__.startswith(module.__name__)
                and hasattr(cls, "static")
                and hasattr(cls, "_build")
            ):
                try:
                    views.append(cls())
                except TypeError:
                    continue
    assert len(views) > 4
    for v in views:
        check(f"{type(v).__module__}.{type(v).__name__} (widget HTML)", widget_html(v.root))
        check(f"{type(v).__module__}.{type(v).__name__} static", v.static().html())
    check("treatment.view.defaults_table", tview.defaults_table())
    check.verify()


def test_zz_report(payload_course, capsys):
    """Not a check: prints how many (field, path) pairs rendered a live payload in this run."""

    def field(tag):  # a short label cuts a long title: '//ref.t' is the title's payload
        return "ref.title" if tag not in FIELDS and "ref.title".startswith(tag) else tag

    pairs = {(field(tag), path) for path, live in RESULTS.items() for _kind, tag in live}
    with capsys.disabled():
        print(
            f"\nlive payloads: {len(pairs)} (field, path) pairs in {sum(1 for v in RESULTS.values() if v)} of "
            f"{len(RESULTS)} paths"
        )
        for field, path in sorted(pairs, key=lambda p: (p[1], p[0])):
            print(f"  {path}: {field}")


# --- the static site ---------------------------------------------------------------------------------


@pytest.mark.slow
def test_static_site_page_from_payload_content(tmp_path):
    """tools/build_site.py on lesson 6 (say, a case walkthrough, a quiz, the cases table, the reference
    list) with HFS_LESSONS_DIR pointing at the payload copy: no live payload on the page."""
    folder = payload_lessons(tmp_path / "lessons")
    env = dict(os.environ, HFS_LESSONS_DIR=str(folder))
    probe = subprocess.run(
        [sys.executable, "-c", "from widgets import evidence; evidence.load()"], env=env, capture_output=True, text=True
    )
    if probe.returncode:  # the loader refuses javascript: URLs: keep the other payloads
        shutil.rmtree(folder)
        folder = payload_lessons(folder, js_urls=False)
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    shutil.copy(ROOT / "notebooks" / "06-clinical-cases.ipynb", notebooks)
    others = [p for p in sorted((ROOT / "notebooks").glob("*.ipynb")) if p.name != "06-clinical-cases.ipynb"]
    for other in others:  # the pages it may link to (lessons, glossary), as one-line stubs
        nbformat.write(
            nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(f"# {other.stem}")]), notebooks / other.name
        )
    out = tmp_path / "site"
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "tools" / "build_site.py"),
            "--notebooks",
            str(notebooks),
            "--out",
            str(out),
            "--jobs",
            "1",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    page = (out / "06-clinical-cases.html").read_text(encoding="utf-8")
    assert "window.__pwned=1//case.title" in BeautifulSoup(page, "html.parser").get_text()  # the copy was used
    live = live_payloads(page)
    assert not live, f"site page: live payload(s) {sorted(live)}"


def test_a_folded_static_table_waits_behind_its_summary():
    """Issue 18: a static table that answers a prediction sits in a <details> whose summary says what it holds."""
    from widgets.ui.base import StaticForm

    form = StaticForm(title="T", alt="A", headers=["h"], rows=[["<b>x</b>"]], fold_table="Show the answers")
    page = form.html()
    assert "<details class='hfs-static-fold'><summary>Show the answers</summary><table" in page
    assert "&lt;b&gt;x&lt;/b&gt;" in page and "<b>x" not in page
    assert "<details" not in StaticForm(title="T", alt="A", headers=["h"], rows=[["x"]]).html()
