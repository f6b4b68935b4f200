"""Lecture mode: a lesson shown one slide at a time with its live widgets, answers behind a reveal.

Why not RISE: jupyterlab-rise renders slides but not ipywidgets 8 / anywidget controls
(jupyterlab-contrib/rise #119, #126), and every lesson's point is its live widgets. This presenter
runs inside an ordinary notebook, so the widgets are the real ones, on the real kernel.

A slide starts at every cell whose slide metadata is "slide" or "subslide" (the lessons carry it).
Code is hidden; its output is shown. Every lesson cell runs on its own (it imports what it uses), so
any slide can be shown first. `<details>` reveal blocks become a "Reveal answer" button.
"""

from __future__ import annotations

import ast
import html
import re
from dataclasses import dataclass, field
from pathlib import Path

import anywidget
import ipywidgets as ipw
import traitlets

from .ui import style
from .ui.base import View

LESSONS = Path(__file__).resolve().parent.parent / "lessons"
DETAILS = re.compile(r"<details>\s*<summary>(.*?)</summary>(.*?)</details>", re.S)


@dataclass
class Part:
    kind: str  # "markdown", "reveal" or "code"
    text: str
    summary: str = ""  # a reveal's button label; for code, a label means "hidden behind this button"
    continued: bool = False  # a later piece of a cut part: it starts a screen of its own


@dataclass
class Slide:
    parts: list[Part] = field(default_factory=list)
    heading: str = ""  # set for a continuation screen, whose own parts carry no heading

    def __init__(self, parts: list[Part] | None = None, title: str = ""):
        self.parts = parts if parts is not None else []
        self.heading = title

    @property
    def title(self) -> str:
        if self.heading:
            return self.heading
        for part in self.parts:
            if part.kind == "markdown":
                for line in part.text.splitlines():
                    if line.startswith("#"):
                        return line.lstrip("#").strip()
        return "(untitled)"


def lesson_path(lesson: str) -> Path:
    """'01' or '01-facial-nerve-anatomy' -> lessons/01-facial-nerve-anatomy.md."""
    matches = sorted(LESSONS.glob(f"{lesson}*.md")) if lesson else []
    if not matches:
        known = ", ".join(p.stem for p in sorted(LESSONS.glob("[0-9][0-9]-*.md")))
        raise ValueError(f"lesson must be one of {known} (got {lesson!r})")
    return matches[0]


def split_markdown(text: str) -> list[Part]:
    parts, last = [], 0
    for match in DETAILS.finditer(text):
        if text[last : match.start()].strip():
            parts.append(Part("markdown", text[last : match.start()]))
        summary = re.sub(r"<[^>]+>", "", match.group(1)).strip()
        parts.append(Part("reveal", match.group(2).strip(), summary))
        last = match.end()
    if text[last:].strip():
        parts.append(Part("markdown", text[last:]))
    return parts


HEADING = re.compile(r"^#{1,3} ", re.M)
TABLE_CALL = re.compile(r"^\w+_table\(\)\s*$", re.M)
# A cell tagged so in the lesson source (a results table that runs several screens at 24 px) waits behind a
# button in lecture mode, as the long tables above do; the notebook and the static site show it as usual.
LECTURE_FOLD = "lecture-fold"


def _split_at_headings(part: Part) -> list[Part]:
    """A Markdown part with several headings becomes one part per heading (each starts a slide)."""
    starts = [m.start() for m in HEADING.finditer(part.text)]
    if part.kind != "markdown" or len(starts) < 2:
        return [part]
    bounds = ([0] if starts[0] > 0 and part.text[: starts[0]].strip() else []) + starts + [len(part.text)]
    return [Part("markdown", part.text[a:b]) for a, b in zip(bounds, bounds[1:]) if part.text[a:b].strip()]


SCREEN_CHARS = 1000  # Markdown characters that fill a 1920×1080 screen at 24 px, measured in Chromium
# A question longer than this gets a screen of its own; the widget that answers it follows on the next.
QUESTION_CHARS = 250


def _units(text: str) -> list[tuple[str, str]]:
    """(unit, table header) pairs: paragraphs, list items and table rows, the pieces a screen may end between."""
    units: list[tuple[str, str]] = []
    header = ""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        is_row = line.lstrip().startswith("|")
        if is_row and i + 1 < len(lines) and re.match(r"^\s*\|[\s:|-]+\|\s*$", lines[i + 1]):
            header = line + "\n" + lines[i + 1] + "\n"  # a table starts: its header is repeated on every screen
            units.append((header, header))
            continue
        if is_row and re.match(r"^\s*\|[\s:|-]+\|\s*$", line):
            continue
        starts_unit = is_row or not line.strip() or re.match(r"^\s*([-*] |\d+\. )", line) or not units
        if starts_unit:
            units.append((line + "\n", header if is_row else ""))
        else:
            units[-1] = (units[-1][0] + line + "\n", units[-1][1])
        if not is_row:
            header = "" if not line.strip() else header
    return units


def _split_long(part: Part) -> list[Part]:
    """A Markdown part longer than a screen, cut between paragraphs, list items or table rows."""
    if part.kind != "markdown" or len(part.text) <= SCREEN_CHARS:
        return [part]
    chunks = [""]
    for unit, header in _units(part.text):
        if chunks[-1].strip() and len(chunks[-1]) + len(unit) > SCREEN_CHARS and unit != header:
            chunks.append(header)
        chunks[-1] += unit
    return [Part("markdown", c) for c in chunks if c.strip()]


# A cell that only shows cited prose (`evidence.say("""...""")`) is measured in projected lines of its filled
# text: its source is short, but each {ID} becomes a figure and its citation. One longer than the room left on
# its screen is cut between its paragraphs or list items, each piece a cell of its own on its own screen.
LINE_CHARS = 120  # characters of 24 px prose on one line of the 1920 px screen (about 125 measured in Chromium)
SCREEN_LINES = 24  # lines of 24 px prose, paragraph gaps included, under the lecture-mode controls (about 29 fit)
MIN_LINES = 6  # fewer lines than this left on a screen: cited prose starts on the next one


def say_template(source: str) -> str | None:
    """The template of a code cell that only imports and calls `evidence.say` on one string, else None."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    if not tree.body or not all(isinstance(s, (ast.Import, ast.ImportFrom)) for s in tree.body[:-1]):
        return None
    last = tree.body[-1]
    call = last.value if isinstance(last, ast.Expr) else None
    if not (
        isinstance(call, ast.Call)
        and isinstance(call.func, ast.Attribute)
        and call.func.attr == "say"
        and isinstance(call.func.value, ast.Name)
        and call.func.value.id == "evidence"
        and len(call.args) == 1
        and not call.keywords
        and isinstance(call.args[0], ast.Constant)
        and isinstance(call.args[0].value, str)
    ):
        return None
    return call.args[0].value


def _filled(template: str) -> str:
    """The template with each {ID} replaced by about what `evidence.say` prints (figure and source labels),
    without recording the entries as used: paginating is not the learner reading them."""
    from . import evidence

    current = evidence.store()

    def one(match) -> str:
        entry = current.entries.get(match.group(1))
        if entry is None:
            return match.group(0)
        refs = "; ".join(current.references[k].short() for k in entry.refs if k in current.references)
        return f"{entry.text} [{refs or 'assumption, no published source'}]"

    return evidence.ID_PATTERN.sub(one, template)


def lines_of(markdown: str) -> int:
    """Projected lines of Markdown prose at 24 px: each paragraph, list item or row wraps at LINE_CHARS."""
    total = 0
    for unit, _header in _units(markdown):
        text = re.sub(r"<[^>]+>|\*\*|[*_`>]", "", unit).strip()
        if text:
            total += -(-len(text) // LINE_CHARS) + (1 if text.startswith("#") else 0)
    return total


def prose_lines(part: Part) -> int:
    """Projected lines of a part's prose: Markdown, or the filled text of an `evidence.say` cell; 0 otherwise."""
    if part.kind == "markdown":
        return lines_of(part.text)
    template = say_template(part.text) if part.kind == "code" and not part.summary else None
    return lines_of(_filled(template)) if template is not None else 0


def split_say(part: Part, room: int) -> list[Part]:
    """An `evidence.say` cell cut into cells that fit: the first in `room` lines, the others a screen each."""
    template = say_template(part.text) if part.kind == "code" and not part.summary else None
    if template is None or lines_of(_filled(template)) <= room:
        return [part]
    chunks, lines, budget = [""], 0, room
    for unit, _header in _units(template):
        n = lines_of(_filled(unit))
        if chunks[-1].strip() and lines + n > budget:
            chunks.append("")
            lines, budget = 0, SCREEN_LINES
        chunks[-1] += unit
        lines += n
    return [Part("code", f"from widgets import evidence\n\nevidence.say({c!r})\n") for c in chunks if c.strip()]


def _base_title(title: str) -> str:
    """A screen's title without the suffixes pagination adds, so they never pile up."""
    for suffix in (" (continued)", ": explore", ": the answer"):
        title = title.removesuffix(suffix)
    return title


def _paginate(slide: Slide) -> list[Slide]:
    """Split a lesson slide into what fits one projected screen.

    A new screen starts at each heading after the first (key points, what next, references), at a widget
    that follows a long question (the class reads and predicts, then explores), at the first reveal after
    a widget (the answer, with its sources), and where Markdown runs longer than a screen."""
    pages = [Slide(title=slide.heading)]
    seen_code = False
    parts = [p for original in slide.parts for q in _split_at_headings(original) for p in _split_long(q)]
    n = -1
    while n + 1 < len(parts):
        n += 1
        part = parts[n]
        starts_heading = part.kind == "markdown" and HEADING.match(part.text.lstrip())
        continued = part.continued or (n > 0 and part.kind == parts[n - 1].kind == "markdown" and not starts_heading)
        prose_above = sum(len(p.text) for p in pages[-1].parts if p.kind == "markdown")
        widget_after_question = part.kind == "code" and not seen_code and prose_above > QUESTION_CHARS
        if prose_lines(part) > SCREEN_LINES - MIN_LINES and not continued:
            # Long cited prose: its first piece takes the room left on this screen, the others a screen each.
            fresh = widget_after_question or not pages[-1].parts
            above = 0 if fresh else (SCREEN_LINES if seen_code else sum(prose_lines(p) for p in pages[-1].parts))
            room = SCREEN_LINES - above
            if room < MIN_LINES:
                room, continued = SCREEN_LINES, True
            parts[n : n + 1] = pieces = split_say(part, room)
            for later in pieces[1:]:
                later.continued = True
            part = pieces[0]
        answer = part.kind == "reveal" and seen_code
        if pages[-1].parts and (starts_heading or continued or widget_after_question or answer):
            if starts_heading:
                title = ""
            elif continued:
                title = f"{_base_title(pages[-1].title)} (continued)"
            elif widget_after_question:
                title = f"{_base_title(pages[-1].title)}: explore"
            else:
                title = f"{_base_title(slide.title)}: the answer"
            pages.append(Slide(title=title))
            seen_code = False
        seen_code = seen_code or part.kind == "code"
        pages[-1].parts.append(part)
    return [p for p in pages if p.parts]


def slides_of(lesson: str) -> list[Slide]:
    import jupytext

    notebook = jupytext.read(lesson_path(lesson), fmt="md:myst")
    slides: list[Slide] = []
    for cell in notebook.cells:
        kind = cell.metadata.get("slideshow", {}).get("slide_type", "")
        if kind in ("skip", "notes"):
            continue
        if not slides or kind in ("slide", "subslide"):
            slides.append(Slide())
        if cell.cell_type == "markdown":
            slides[-1].parts.extend(split_markdown(cell.source))
        elif cell.cell_type == "code" and "remove-input" not in cell.metadata.get("tags", []):
            if "presenter_switch" in cell.source:  # lecture mode is always at presenter scale
                continue
            # The reference list is for reading later, not for projecting: it waits behind a button. So does a
            # long table (`likelihood_table()`, `cases_table()`): at 24 px it runs two to four screens.
            if "references(" in cell.source:
                hidden = "Show the references"
            elif TABLE_CALL.search(cell.source) or LECTURE_FOLD in cell.metadata.get("tags", []):
                hidden = "Show the table"
            else:
                hidden = ""
            slides[-1].parts.append(Part("code", cell.source, hidden))
    for before, after in zip(slides, slides[1:]):
        if after.title == "(untitled)":  # a subslide without a heading carries on its section
            after.heading = f"{_base_title(before.title)} (continued)"
    return [page for s in slides if s.parts for page in _paginate(s)]


def run_code(source: str, namespace: dict) -> None:
    """Run a cell's code like IPython would: display the value of a final expression."""
    from IPython.display import display

    tree = ast.parse(source)
    final = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    exec(compile(tree, "<lesson>", "exec"), namespace)
    if final is not None:
        value = eval(compile(ast.Expression(final.value), "<lesson>", "eval"), namespace)
        if value is not None:
            display(value)


def output_of(show) -> ipw.Output:
    """An Output widget holding what `show()` displays.

    The outputs are captured in the kernel and set as the widget's state, not routed by message id
    (`with out:`): that routing made `jupyter nbconvert --execute` wait forever on the lecture notebook,
    and a page that connects later (Voilà, a reload) receives the state whole."""
    from IPython.utils.capture import capture_output

    with capture_output(stdout=True, stderr=True, display=True) as captured:
        show()
    outputs = []
    for text, name in ((captured.stdout, "stdout"), (captured.stderr, "stderr")):
        if text:
            outputs.append({"output_type": "stream", "name": name, "text": text})
    outputs += [
        {"output_type": "display_data", "data": item.data, "metadata": item.metadata or {}} for item in captured.outputs
    ]
    out = ipw.Output()
    out.outputs = tuple(outputs)
    return out


def lesson_choices() -> list[tuple[str, str]]:
    """(menu label, lesson stem) for every lesson source, e.g. ('01 Lesson 1. The facial nerve…', '01-facial…')."""
    choices = []
    for path in sorted(LESSONS.glob("[0-9][0-9]-*.md")):
        title = next(
            (
                line.lstrip("#").strip()
                for line in path.read_text(encoding="utf-8").splitlines()
                if line.startswith("# ")
            ),
            path.stem,
        )
        choices.append((title if len(title) <= 70 else title[:67] + "…", path.stem))
    return choices


class KeyNav(anywidget.AnyWidget):
    """PageDown / PageUp (what presentation clickers send) move between slides, outside text fields."""

    _esm = """
    function render({ model, el }) {
      el.textContent = "Keys: PageDown = next slide, PageUp = previous slide";
      el.style.fontSize = "80%";
      const onKey = (event) => {
        if (!["PageDown", "PageUp"].includes(event.key)) return;
        if (event.target.closest && event.target.closest("input, textarea, select, .cm-editor")) return;
        event.preventDefault();
        event.stopPropagation();
        model.set("presses", model.get("presses") + 1);
        model.set("key", event.key);
        model.save_changes();
      };
      document.addEventListener("keydown", onKey, true);
      return () => document.removeEventListener("keydown", onKey, true);
    }
    export default { render };
    """
    key = traitlets.Unicode("").tag(sync=True)
    presses = traitlets.Int(0).tag(sync=True)


class Presenter(View):
    """A lesson as slides with live widgets, presenter scale on, answers revealed on cue."""

    def __init__(self, lesson: str):
        super().__init__()
        self.lesson_menu = ipw.Dropdown(
            options=lesson_choices(),
            value=lesson_path(lesson).stem,
            description="Lesson:",
            layout=ipw.Layout(width="100%"),
        )
        self.previous = ipw.Button(description="Previous", icon="arrow-left", tooltip="Previous slide (PageUp)")
        self.next = ipw.Button(
            description="Next", icon="arrow-right", tooltip="Next slide (PageDown)", button_style="primary"
        )
        self.jump = ipw.Dropdown(description="Slide:", layout=ipw.Layout(width="50%"))
        self.counter = ipw.HTML()
        self.keys = KeyNav()
        self.stage = ipw.Box(layout=ipw.Layout(min_height="400px", width="100%"))
        self.previous.on_click(lambda _: self.go(self.index - 1))
        self.next.on_click(lambda _: self.go(self.index + 1))
        self.jump.observe(lambda change: change["new"] is not None and self.go(change["new"]), names="value")
        self.lesson_menu.observe(lambda change: self.load(change["new"]), names="value")
        self.keys.observe(self._on_key, names="presses")
        style.set_presenter(True)
        self._build(
            [self.lesson_menu, ipw.HBox([self.previous, self.next, self.jump, self.counter]), self.keys, self.stage],
            label="lecture mode",
        )
        self.load(lesson)

    def load(self, lesson: str) -> None:
        """Show another lesson from its first slide (the lecturer's lesson menu)."""
        self.slides = slides_of(lesson)
        self.lesson = lesson_path(lesson).stem
        self.namespace: dict = {"__name__": "__lesson__"}
        self._rendered: dict[int, ipw.VBox] = {}
        self.index = -1
        self.jump.options = [(f"{i + 1}. {s.title}", i) for i, s in enumerate(self.slides)]
        if self.lesson_menu.value != self.lesson:
            self.lesson_menu.value = self.lesson
        self.go(0)

    def _on_key(self, change) -> None:
        self.go(self.index + (1 if self.keys.key == "PageDown" else -1))

    def _render(self, i: int) -> ipw.VBox:
        from IPython.display import Markdown, display

        children = []
        for part in self.slides[i].parts:
            if part.kind == "markdown":
                children.append(output_of(lambda text=part.text: display(Markdown(text))))
            elif part.kind == "code" and not part.summary:
                children.append(output_of(lambda source=part.text: self._run(source)))
            elif part.kind == "code":
                children.append(self._behind_button(part.summary, output_of(lambda s=part.text: self._run(s))))
            else:
                out = output_of(lambda text=part.text: display(Markdown(text)))
                children.append(self._behind_button(part.summary or "Reveal answer", out))
        # The whole stage width: in the stage (a flex row) a slide was as wide as its content, so a figure that
        # follows its container drew at plotly's 700 px default beside fixed-width faces.
        return ipw.VBox(children, layout=ipw.Layout(width="100%"))

    @staticmethod
    def _behind_button(label: str, out: ipw.Output) -> ipw.VBox:
        out.layout.display = "none"
        button = ipw.ToggleButton(
            description=label, icon="eye", tooltip="Show or hide", layout=ipw.Layout(width="auto")
        )
        button.observe(
            lambda change, o=out: setattr(o.layout, "display", "" if change["new"] else "none"), names="value"
        )
        return ipw.VBox([button, out])

    def _run(self, source: str) -> None:
        from IPython.display import Markdown, display

        try:
            run_code(source, self.namespace)
        except Exception as exc:  # a lecture must go on: say what failed, in words
            display(Markdown(f"**This part could not run:** {html.escape(str(exc))}"))

    def go(self, i: int) -> None:
        i = max(0, min(len(self.slides) - 1, i))
        if i not in self._rendered:
            self._rendered[i] = self._render(i)
        self.index = i
        self.stage.children = [self._rendered[i]]
        self.counter.value = f"<b>&nbsp;{i + 1} / {len(self.slides)}</b>"
        if self.jump.value != i:
            self.jump.value = i
        self.previous.disabled = i == 0
        self.next.disabled = i == len(self.slides) - 1


def present(lesson: str) -> Presenter:
    return Presenter(lesson)
