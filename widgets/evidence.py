"""The evidence store: every clinical figure a learner sees, with its status and its source.

`lessons/evidence.yaml` holds the claims, `lessons/references.yaml` the bibliography. Loading
validates both and fails with the file, the entry id and the field named, so a broken store
stops `make test` instead of reaching a learner.

In a notebook:
    from widgets import evidence as ev
    ev.say("Typical HFS begins in the orbicularis oculi in {PRG-01}.")   # figure + citation
    ev.say("…{BTD-34}…", detail=True)                                     # + the study-by-study detail, folded
    ev.references()                                                       # the lesson's reference list
An entry whose status is `assumption` is always rendered with the word "assumption" beside it.

Three kinds of text, kept apart: an entry's `text` is the learner's sentence (what `cite` and `say` print);
its `detail` is the study-by-study evidence behind it, shown folded under "Evidence detail"; its `note` (and a
reference's `note`) is the authors' working note on the research and is never printed.
"""

from __future__ import annotations

import html
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from . import content

LESSONS_DIR = Path(
    os.environ.get("HFS_LESSONS_DIR") or Path(__file__).resolve().parent.parent / "lessons"
)  # tests: a content copy
STATUSES = ("confirmed", "secondary", "assumption")
STATUS_WORDS = {
    "confirmed": "",
    "secondary": "secondary source",
    "assumption": "assumption",
}
ID_PATTERN = re.compile(r"\{([A-Z][A-Z0-9]*(?:-[A-Za-z0-9_]+)+)\}")
# Content files hold text, never markup: every string from them is escaped where it becomes Markdown
# (markdown_escape) or HTML (html.escape). Markdown needs more than HTML escaping: `[x](javascript:...)`
# is a link and `$...$` or `\\(...\\)` is maths, so each sign with a meaning is escaped as well.
_MD_ENTITIES = {"<": "&lt;", ">": "&gt;", "&": "&amp;", "\\": "&#92;", "$": "&#36;"}  # no maths delimiter survives
_MD_SIGNS = re.compile(r"[\\`*\[\]<>&|$~]|(?<!\w)_|_(?!\w)")  # an underscore inside a word is no emphasis
_MD_LINE_START = re.compile(r"^(\s*)([#+=>-]|\d+(?=[.)]))")  # a heading, list or quote if it began a line
HTTP_URL = re.compile(r"https?://[^\s<>\"'`\\]+", re.IGNORECASE)


class EvidenceError(content.ContentError):
    """A malformed evidence or reference file; the message names file, entry and field.
    A ContentError (and so a ValueError), like the errors of the quiz and case loaders."""


@dataclass(frozen=True)
class Reference:
    key: str
    authors: str
    year: int | None
    title: str
    source: str = ""
    url: str = ""
    doi: str = ""
    pmid: str = ""
    note: str = ""  # the authors' working note on the copy seen: kept in the file, never printed

    def short(self) -> str:
        """'Wang & Jankovic 1998', 'Barker et al. 1995', or the title when no author was shown."""
        names = [a.strip() for a in re.split(r",|;| and ", self.authors) if a.strip()]
        surnames = [n.split()[0] for n in names if not n.lower().startswith("et al")]
        if not surnames or self.authors.lower().startswith("authors not"):
            label = self.title if len(self.title) < 50 else self.title[:47] + "…"
        elif len(surnames) == 1:
            label = surnames[0]
        elif len(surnames) == 2 and "et al" not in self.authors:
            label = f"{surnames[0]} & {surnames[1]}"
        else:
            label = f"{surnames[0]} et al."
        return f"{label} {self.year}" if self.year else label

    def full(self) -> str:
        """The reference as a reader cites it: authors, year, title, source, doi, PMID (never the note)."""
        named = not self.authors.lower().startswith("authors not")
        who = self.authors if named else ""
        parts = [f"{who} ({self.year})." if self.year else (f"{who}." if who else ""), f"{self.title}."]
        if self.source:
            parts.append(f"{self.source}.")
        if self.doi:
            parts.append(f"doi:{self.doi}.")
        if self.pmid:
            parts.append(f"PMID {self.pmid}.")
        return " ".join(p for p in parts if p)


@dataclass(frozen=True)
class Entry:
    id: str
    topic: str
    claim: str
    text: str
    status: str
    refs: tuple[str, ...]
    value: float | None = None
    range: tuple[float, float] | None = None
    unit: str = ""
    note: str = ""  # the authors' working note: never printed
    psa: str = ""
    detail: str = ""  # study-by-study evidence for the learner, shown folded under "Evidence detail"

    @property
    def is_assumption(self) -> bool:
        return self.status == "assumption"


@dataclass
class EvidenceStore:
    entries: dict[str, Entry]
    references: dict[str, Reference]
    used: list[str] = field(default_factory=list)

    def get(self, entry_id: str) -> Entry:
        try:
            return self.entries[entry_id]
        except KeyError:
            raise EvidenceError(f"unknown evidence id '{entry_id}' (not in lessons/evidence.yaml)") from None

    def _mark_used(self, entry_id: str) -> None:
        if entry_id not in self.used:
            self.used.append(entry_id)

    def label(self, entry_id: str) -> str:
        """The bracketed source label: '[Wang & Jankovic 1998]' or '[assumption]'."""
        entry = self.get(entry_id)
        self._mark_used(entry_id)
        sources = "; ".join(self.references[k].short() for k in entry.refs)
        word = STATUS_WORDS[entry.status]
        if entry.is_assumption:
            return f"[assumption{': derived from ' + sources if sources else ', no published source'}]"
        return f"[{sources}{', ' + word if word else ''}]"

    def cite(self, entry_id: str) -> str:
        """The figure in words, followed by its source label, as plain text."""
        entry = self.get(entry_id)
        return f"{entry.text} {self.label(entry_id)}"

    def number(self, entry_id: str) -> float:
        """The headline number of an entry for use in a model; records the use for the reference list."""
        entry = self.get(entry_id)
        if entry.value is None:
            raise EvidenceError(f"evidence id '{entry_id}' has no numeric value")
        self._mark_used(entry_id)
        return entry.value

    def fill(self, template: str) -> str:
        """Replace every {ID} in a sentence with the cited figure, as plain text (escape it where it becomes HTML)."""
        return ID_PATTERN.sub(lambda m: self.cite(m.group(1)), template)

    def fill_markdown(self, template: str) -> str:
        """`fill` for a lesson author's Markdown sentence: the sentence stays Markdown, each cited figure is
        escaped (its text comes from the content files and is shown as exactly that text)."""
        return ID_PATTERN.sub(lambda m: markdown_escape(self.cite(m.group(1))), template)

    def references_used(self, ids: list[str] | None = None) -> list[Reference]:
        keys: list[str] = []
        for entry_id in ids if ids is not None else self.used:
            for key in self.get(entry_id).refs:
                if key not in keys:
                    keys.append(key)
        return [self.references[k] for k in keys]

    def assumptions_used(self, ids: list[str] | None = None) -> list[Entry]:
        return [self.get(i) for i in (ids if ids is not None else self.used) if self.get(i).is_assumption]


def _load_yaml(path: Path):
    """A content file through the strict loader: no aliases, no duplicate keys, size capped."""
    return content.load_yaml(path, error=EvidenceError)


def _require(where: str, raw: dict, name: str, kind):
    if name not in raw or raw[name] is None or (isinstance(raw[name], str) and not raw[name].strip()):
        raise EvidenceError(f"{where}: field '{name}' is required")
    if not isinstance(raw[name], kind) or isinstance(raw[name], bool) and kind is not bool:
        wanted = "text" if kind is str else getattr(kind, "__name__", kind)
        raise EvidenceError(f"{where}: field '{name}' must be {wanted}, got {content.short(raw[name])}")
    return raw[name]


def _optional_text(where: str, raw: dict, name: str) -> str:
    """A text field that may be left out or null; anything else than text is an error, never a repr."""
    value = raw.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise EvidenceError(f"{where}: field '{name}' must be text, got {content.short(value)}")
    return value


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _check_url(where: str, url: str) -> str:
    """Only an absolute http(s) address: a `javascript:` or `data:` URL must never reach a link."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or any(c.isspace() for c in url):
        raise EvidenceError(f"{where}: field 'url' must be an http:// or https:// address, got {content.short(url)}")
    return url


def parse_references(raw, filename: str = "references.yaml") -> dict[str, Reference]:
    if not isinstance(raw, dict):
        raise EvidenceError(f"{filename}: expected a mapping from reference key to entry")
    references = {}
    for key, item in raw.items():
        if not isinstance(key, str) or not key.strip():
            raise EvidenceError(f"{filename}: reference key {content.short(key)} must be text (e.g. R12)")
        where = f"{filename}: reference '{key}'"
        if not isinstance(item, dict):
            raise EvidenceError(f"{where}: expected a mapping of fields, got {content.short(item)}")
        authors = _require(where, item, "authors", str)
        title = _require(where, item, "title", str)
        year = item.get("year")
        if year is not None and (not isinstance(year, int) or isinstance(year, bool)):
            raise EvidenceError(f"{where}: field 'year' must be an integer or null, got {content.short(year)}")
        optional = {k: _optional_text(where, item, k) for k in ("source", "url", "doi", "pmid", "note")}
        if optional["url"]:
            _check_url(where, optional["url"])
        references[key] = Reference(
            key=key, authors=authors, year=year, title=title, **{k: v for k, v in optional.items() if v}
        )
    return references


def parse_entries(raw, references: dict[str, Reference], filename: str = "evidence.yaml") -> dict[str, Entry]:
    if not isinstance(raw, list):
        raise EvidenceError(f"{filename}: expected a list of entries")
    entries: dict[str, Entry] = {}
    for index, item in enumerate(raw):
        if not isinstance(item, dict) or "id" not in item:
            raise EvidenceError(f"{filename}: entry #{index + 1} has no 'id' field")
        entry_id = item["id"]
        if not isinstance(entry_id, str) or not entry_id.strip():
            raise EvidenceError(
                f"{filename}: entry #{index + 1}: field 'id' must be text such as ANA-01, got {content.short(entry_id)}"
            )
        where = f"{filename}: entry '{entry_id}'"
        if entry_id in entries:
            raise EvidenceError(f"{where}: duplicate id")
        for name in ("topic", "claim", "text", "status"):
            _require(where, item, name, str)
        status = item["status"]
        if status not in STATUSES:
            raise EvidenceError(
                f"{where}: field 'status' must be one of {', '.join(STATUSES)}, got {content.short(status)}"
            )
        refs = item.get("refs") or []
        if not isinstance(refs, list):
            raise EvidenceError(f"{where}: field 'refs' must be a list of reference keys, got {content.short(refs)}")
        for key in refs:
            if not isinstance(key, str):
                raise EvidenceError(
                    f"{where}: field 'refs' holds {content.short(key)}; a reference key is text such as R12"
                )
            if key not in references:
                raise EvidenceError(
                    f"{where}: field 'refs' names reference '{key}', which references.yaml does not define"
                )
        if not refs and status != "assumption":
            raise EvidenceError(f"{where}: field 'refs' is empty; only an assumption may have no source")
        value = item.get("value")
        if value is not None and not _is_number(value):
            raise EvidenceError(f"{where}: field 'value' must be a number, got {content.short(value)}")
        span = item.get("range")
        if span is not None:
            if not (isinstance(span, list) and len(span) == 2 and all(_is_number(v) for v in span)):
                raise EvidenceError(f"{where}: field 'range' must be [low, high], got {content.short(span)}")
            if span[0] > span[1]:
                raise EvidenceError(f"{where}: field 'range' has low {span[0]} above high {span[1]}")
        unit, note, psa, detail = (_optional_text(where, item, k) for k in ("unit", "note", "psa", "detail"))
        if (value is not None or span is not None) and not unit:
            raise EvidenceError(f"{where}: field 'unit' is required when a value or range is given")
        entries[entry_id] = Entry(
            id=entry_id,
            topic=item["topic"],
            claim=item["claim"],
            text=item["text"],
            status=status,
            refs=tuple(refs),
            value=value,
            range=tuple(span) if span else None,
            unit=unit,
            note=note,
            psa=psa,
            detail=detail,
        )
    return entries


def load(lessons_dir: Path | str = LESSONS_DIR) -> EvidenceStore:
    lessons_dir = Path(lessons_dir)
    refs_path, evidence_path = lessons_dir / "references.yaml", lessons_dir / "evidence.yaml"
    references = parse_references(_load_yaml(refs_path), content.display_name(refs_path))
    entries = parse_entries(_load_yaml(evidence_path), references, content.display_name(evidence_path))
    return EvidenceStore(entries=entries, references=references)


@lru_cache(maxsize=1)
def store() -> EvidenceStore:
    """The course's store, loaded once per process."""
    return load()


def cite(entry_id: str) -> str:
    return store().cite(entry_id)


def label(entry_id: str) -> str:
    return store().label(entry_id)


def number(entry_id: str) -> float:
    return store().number(entry_id)


def fill(template: str) -> str:
    """Plain text: callers html.escape it (or markdown_escape it) where it becomes markup."""
    if not ID_PATTERN.search(template):
        return template
    return store().fill(template)


def fill_markdown(template: str) -> str:
    """A lesson author's Markdown sentence with every {ID} replaced by its escaped figure and citation."""
    if not ID_PATTERN.search(template):
        return template
    return store().fill_markdown(template)


def markdown_escape(text: str) -> str:
    """Plain text as Markdown that renders as exactly that text, on one line: no raw HTML, no link or
    autolink, no emphasis, no maths, no table cell break, no heading or list. Safe inside a table cell."""
    text = " ".join(str(text).splitlines())
    text = _MD_SIGNS.sub(lambda m: _MD_ENTITIES.get(m.group(0)) or "\\" + m.group(0), text)
    return _MD_LINE_START.sub(
        lambda m: f"{m.group(1)}\\{m.group(2)}" if not m.group(2)[0].isdigit() else f"{m.group(1)}{m.group(2)}\\",
        text,
        count=1,
    )


def is_http_url(url: str) -> bool:
    """Only an http(s) URL with nothing odd in it becomes a link; any other scheme is shown as text."""
    return bool(HTTP_URL.fullmatch(url or ""))


# --- rendering for notebooks (IPython display; no ipywidgets needed) -------------------------


def _markdown(text: str):
    from IPython.display import Markdown

    return Markdown(text)


def detail_markdown(ids: list[str]) -> str:
    """The study-by-study detail of the entries among `ids` that have one, as a folded "Evidence detail"
    block (a <details> element: JupyterLab and the static site show it closed until clicked); '' if none."""
    current = store()
    entries = [current.get(i) for i in dict.fromkeys(ids)]
    items = [
        f"- **{markdown_escape(e.claim)}**: {markdown_escape(e.detail)} {markdown_escape(current.label(e.id))}"
        for e in entries
        if e.detail
    ]
    if not items:
        return ""
    return (
        '<details class="hfs-evidence-detail"><summary>Evidence detail</summary>\n\n'
        + "\n".join(items)
        + "\n\n</details>"
    )


def say(template: str, detail: bool = False):
    """Display a sentence with every {ID} replaced by its figure and citation; with `detail`, the cited
    entries' study-by-study detail follows it, folded."""
    from IPython.display import display

    text = fill_markdown(template)
    if detail:
        folded = detail_markdown(ID_PATTERN.findall(template))
        text = f"{text}\n\n{folded}" if folded else text
    display(_markdown(text))


def references_markdown(ids: list[str] | None = None) -> str:
    current = store()
    refs = current.references_used(ids)
    esc = markdown_escape

    def url(ref: Reference) -> str:
        if not ref.url:
            return ""
        return f" <{ref.url}>" if is_http_url(ref.url) else f" {esc(ref.url)}"  # only http(s) becomes a link

    lines = [f"{n}. {esc(r.full())}{url(r)}" for n, r in enumerate(refs, 1)]
    assumptions = current.assumptions_used(ids)
    if assumptions:
        lines.append("")
        lines.append("**Assumptions used in this lesson** (teaching values with no published source):")
        lines.extend(f"- *assumption*: {esc(a.claim)}: {esc(a.text)}" for a in assumptions)
    used = ids if ids is not None else current.used
    folded = detail_markdown(list(used))
    if folded:  # every study-by-study detail of the lesson, once, under its reference list
        lines += ["", folded]
    return "\n".join(lines) if lines else "_No references used._"


def lesson_ids(lesson: str) -> list[str]:
    """Every evidence id a lesson's text and its quiz bank cite, in reading order.

    Read from the files, not from what ran: after a kernel restart the lesson's reference list is still whole."""
    source = LESSONS_DIR / f"{lesson}.md"
    if not source.is_file():
        known = ", ".join(p.stem for p in sorted(LESSONS_DIR.glob("[0-9][0-9]-*.md")))
        raise ValueError(f"lesson must be one of {known} (got {lesson!r})")
    found = ID_PATTERN.findall(source.read_text(encoding="utf-8"))
    bank = LESSONS_DIR / "quizzes" / f"{lesson}.yaml"
    if bank.is_file():
        from . import quiz

        for question in quiz.load_bank(bank).questions:
            found += list(question.evidence)
            found += ID_PATTERN.findall(
                " ".join([question.stem, *(o.text + " " + o.feedback for o in question.options)])
            )
    return list(dict.fromkeys(found))


def references(ids: list[str] | None = None, lesson: str | None = None):
    """Display the numbered reference list: the entries cited so far in this kernel, then (with `lesson`)
    every entry the lesson's text and quiz cite, so a restarted kernel never shows an empty list."""
    from IPython.display import display

    if lesson is not None and ids is None:
        ids = list(dict.fromkeys([*store().used, *lesson_ids(lesson)]))
    display(_markdown(references_markdown(ids)))


def html_cite(entry_id: str) -> str:
    """The citation as HTML for widget panels; assumptions keep their label in italics."""
    entry = store().get(entry_id)
    text = html.escape(entry.text)
    lab = html.escape(label(entry_id))
    css = "hfs-assumption" if entry.is_assumption else "hfs-cite"
    return f'{text} <span class="{css}">{lab}</span>'
