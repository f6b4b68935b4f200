"""Build the offline static site of the course: `make site` writes build/site/.

Every lesson notebook (notebooks/NN-*.ipynb) is executed with HFS_STATIC=1 in the kernel, so each
live widget renders as its static form (figure, alt text, table) and each quiz as questions with
answers behind a reveal. Each notebook becomes one page with the code hidden, plus an index page
listing the lessons with their time and objectives. plotly.js is served from the site
(assets/plotly.min.js): no page requests anything from another machine.

A notebook that fails to execute stops the build with a message naming the notebook and the cell,
and nothing is published: the site is assembled in a staging folder and moved into place only
when every page built.

    python tools/build_site.py                     # build/site/
    python tools/build_site.py --out ../site       # elsewhere
    python tools/build_site.py --notebooks DIR     # lessons from another folder (the tests use this)
"""

from __future__ import annotations

import argparse
import html
import os
import re
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import nbformat

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
OUT = ROOT / "build" / "site"
ASSETS = ROOT / "tools" / "site_assets"
TEMPLATE_DIR = ASSETS / "nbconvert"  # holds the hfs-site nbconvert template
CELL_TIMEOUT = 300  # seconds per cell, as in the nbval run of `make test`
JOBS = min(2, os.cpu_count() or 1)  # notebooks executed at once (each in its own kernel)
LESSON_GLOB = "[0-9][0-9]-*.ipynb"
EXTRA_PAGES = ("glossary.ipynb",)  # pages of text that lessons link to: in the site, not in the lesson sequence
PLOTLY_MIME = "application/vnd.plotly.v1+json"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
SITE_TITLE = "Hemifacial spasm: an interactive course"
DISCLAIMER = (
    "<strong>Educational use only.</strong> This course teaches; it does not advise patients. "
    "Nothing here is a diagnosis or a treatment recommendation for any person."
)


def shown(path: Path) -> str:
    """A path as the user knows it: relative to the repository when inside it."""
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


class BuildError(Exception):
    """The build cannot publish; the message names the notebook (and cell) at fault."""


@dataclass
class Lesson:
    path: Path
    number: str  # "01"
    title: str
    hook: str = ""
    minutes: str = ""
    objectives: list[str] = field(default_factory=list)

    @property
    def page(self) -> str:
        return self.path.stem + ".html"

    @property
    def label(self) -> str:
        """'1. The facial nerve: …' (a title's own 'Lesson 1.' prefix is not repeated)."""
        title = re.sub(rf"^Lesson\s+0*{int(self.number)}\s*[.:—–-]\s*", "", self.title)
        return f"{int(self.number)}. {title}"


# --- what a lesson is about (read from its markdown) --------------------------------------------

HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
LIST_ITEM = re.compile(r"^\s*(?:\d+[.)]|[-*+])\s+(.*\S)")
MINUTES = re.compile(r"(\d+)\s*(?:(?:–|-|to)\s*(\d+)\s*)?min", re.IGNORECASE)
COURSE_MAP_ROW = re.compile(r"^\|\s*(\d+)\.\s*[^|]*\|\s*(\d+)\s*\|\s*([^|]*?)\s*\|\s*$")


def markdown_lines(nb) -> list[str]:
    lines: list[str] = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            lines += cell.source.splitlines() + [""]
    return lines


def section(lines: list[str], name: str) -> list[str]:
    """The lines under the first heading containing `name`, up to the next heading."""
    for i, line in enumerate(lines):
        match = HEADING.match(line)
        if match and name.lower() in match.group(2).lower():
            rest = []
            for after in lines[i + 1 :]:
                if HEADING.match(after):
                    break
                rest.append(after)
            return rest
    return []


def find_minutes(lines: list[str]) -> str:
    """'50 minutes' from a 'Time' heading or a '**Time:** …' line."""
    candidates = section(lines, "Time")
    for i, line in enumerate(lines):
        if re.match(r"^\s*(?:[-*]\s*)?(?:\*\*|__)?Time\b", line):
            candidates = [line] + lines[i + 1 : i + 2] + candidates
            break
    for line in candidates:
        match = MINUTES.search(line)
        if match:
            low, high = match.group(1), match.group(2)
            return f"{low}–{high} minutes" if high else f"{low} minutes"
    return ""


def course_map(notebooks: list[Path]) -> dict[str, tuple[str, str]]:
    """Lesson number -> (minutes, summary) from the course map table of the start-here lesson."""
    rows: dict[str, tuple[str, str]] = {}
    for path in notebooks:
        for line in markdown_lines(nbformat.read(path, as_version=4)):
            match = COURSE_MAP_ROW.match(line)
            if match:
                rows.setdefault(match.group(1).zfill(2), (f"{match.group(2)} minutes", match.group(3)))
    return rows


def describe(path: Path, nb, known: dict[str, tuple[str, str]]) -> Lesson:
    lines = markdown_lines(nb)
    title, hook = path.stem, ""
    for i, line in enumerate(lines):
        match = HEADING.match(line)
        if match and len(match.group(1)) == 1:
            title = match.group(2)
            for after in lines[i + 1 :]:
                text = after.strip()
                if text and not text.startswith(("#", ">", "+++", "|", "<")):
                    hook = text
                    break
            break
    number = path.name[:2]
    objectives = [m.group(1) for m in map(LIST_ITEM.match, section(lines, "Learning objectives")) if m]
    minutes = find_minutes(lines)
    mapped_minutes, summary = known.get(number, ("", ""))
    if not objectives and summary:
        objectives = [summary[0].upper() + summary[1:]]
    return Lesson(
        path=path, number=number, title=title, hook=hook, minutes=minutes or mapped_minutes, objectives=objectives
    )


def inline_markdown(text: str) -> str:
    """Escape, then the little markdown objectives use: **bold**, *italic*, `code`, [text](url)."""
    out = html.escape(text, quote=False)
    out = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", out)
    out = re.sub(r"(?<![*\w])\*(?!\s)(.+?)(?<!\s)\*(?![*\w])", r"<em>\1</em>", out)
    out = re.sub(r"`(.+?)`", r"<code>\1</code>", out)
    return re.sub(r"\[([^\]]+)\]\(([^)\s]+)\)", r"\1", out)


# --- executing a notebook ------------------------------------------------------------------------


def source_hint(cell) -> str:
    first = next((line.strip() for line in cell.source.splitlines() if line.strip() and not line.startswith("#")), "")
    return first if len(first) <= 70 else first[:67] + "…"


def execute(path: Path, timeout: int, kernel_log: Path) -> nbformat.NotebookNode:
    """Run every cell with the course in static mode; a failure names the notebook and the cell."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellControlSignal, CellExecutionError, DeadKernelError

    nb = nbformat.read(path, as_version=4)
    env = dict(os.environ, HFS_STATIC="1", HFS_PRESENTER="0")
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        store_widget_state=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    code_number = 0
    try:
        # The kernel's own chatter (e.g. ipykernel's TCP notice) goes to a log, quoted if the kernel dies.
        with open(kernel_log, "w") as log, client.setup_kernel(env=env, stderr=log, stdout=log):
            for index, cell in enumerate(nb.cells):
                if cell.cell_type != "code":
                    continue
                code_number += 1
                where = f"{shown(path)}: cell {index + 1} (code cell {code_number}: {source_hint(cell)})"
                try:
                    client.execute_cell(cell, index)
                except CellExecutionError as exc:
                    raise BuildError(f"{where} raised {exc.ename}: {exc.evalue}") from None
                except CellControlSignal:  # includes the per-cell timeout
                    raise BuildError(f"{where} did not finish within {timeout} s") from None
                except DeadKernelError:
                    raise BuildError(f"{where}: the kernel died: {kernel_log.read_text()[-800:]}") from None
    except BuildError:
        raise
    except Exception as exc:  # the kernel could not start, or a cell could not be sent
        raise BuildError(f"{shown(path)}: could not be executed ({type(exc).__name__}: {exc})") from None
    return nb


# --- from executed notebook to page --------------------------------------------------------------


def live_control_note(plain: str) -> str:
    """What a page shows for a bare ipywidgets control, which cannot work without a kernel."""
    match = re.search(r"description='([^']*)'", plain)
    name = f" “{html.escape(match.group(1))}”" if match and match.group(1) else ""
    return (
        f"<p class='hfs-note'>Live control{name}: it works when the notebook runs in JupyterLab, "
        "on Binder or as a Voilà app.</p>"
    )


def prepare_outputs(nb, name: str) -> list[str]:
    """Make every output readable without a kernel; returns warnings for the build log."""
    import plotly.io as pio

    warnings = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        kept = []
        for output in cell.outputs:
            if output.output_type == "stream" and output.name == "stderr":
                warnings.append(
                    f"{name}: cell {index + 1} wrote to stderr (left off the page): {output.text.strip()[:160]}"
                )
                continue
            data = output.get("data", {})
            if PLOTLY_MIME in data and "text/html" not in data:
                # A plain figure shown with plotly's default renderer: nbconvert cannot draw that
                # mimetype, so give it a div drawn by the site's plotly.js.
                data["text/html"] = pio.to_html(
                    dict(data[PLOTLY_MIME]), full_html=False, include_plotlyjs=False, config={"displaylogo": False}
                )
            if WIDGET_MIME in data:
                output.data = {"text/html": live_control_note(data.get("text/plain", ""))}
            kept.append(output)
        cell.outputs = kept
    return warnings


def export(nb, lesson: Lesson, prev: Lesson | None, next_: Lesson | None, show_code: bool) -> str:
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    exporter = HTMLExporter(
        template_name="hfs-site",
        extra_template_basedirs=[str(TEMPLATE_DIR)],
        exclude_input=not show_code,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    exporter.register_preprocessor(
        TagRemovePreprocessor(
            remove_input_tags={"remove-input"},
            remove_all_outputs_tags={"remove-output"},
            remove_cell_tags={"remove-cell"},
        ),
        enabled=True,
    )
    nav = {
        "title": lesson.title,
        "prev": {"href": prev.page, "label": prev.label} if prev else None,
        "next": {"href": next_.page, "label": next_.label} if next_ else None,
    }
    body, _ = exporter.from_notebook_node(nb, resources={"hfs": nav, "metadata": {"name": lesson.title}})
    return body


URL = re.compile(r"https?://[^\s<>\"'\])]+")
DOI = re.compile(r"\bdoi:\s*(10\.\d{4,9}/[^\s<>\"']+)", re.IGNORECASE)
PMID = re.compile(r"\bPMID:?\s*(\d{5,9})\b")
NO_LINKS_INSIDE = {"a", "script", "style", "code", "pre", "title", "summary", "button"}


def link_references(soup) -> None:
    """Bare URLs, DOIs and PMIDs in the text become links (the reference lists are plain text)."""
    pattern = re.compile(f"{URL.pattern}|{DOI.pattern}|{PMID.pattern}", re.IGNORECASE)
    for text in list(soup.find_all(string=pattern)):
        if any(parent.name in NO_LINKS_INSIDE for parent in text.parents):
            continue
        pieces, last = [], 0
        for match in pattern.finditer(text):
            visible = match.group(0).rstrip(".,;:")
            if match.group(1):
                href = "https://doi.org/" + match.group(1).rstrip(".,;:")
            elif match.group(2):
                href = f"https://pubmed.ncbi.nlm.nih.gov/{match.group(2)}/"
            else:
                href = visible
            pieces.append(str(text)[last : match.start()])
            link = soup.new_tag("a", href=href)
            link.string = visible
            pieces.append(link)
            last = match.start() + len(visible)
        pieces.append(str(text)[last:])
        for piece in pieces:
            text.insert_before(piece)
        text.extract()


def is_external(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.scheme in ("http", "https") or url.startswith("//"))


def finish_page(page_html: str, name: str, pages: set[str]) -> tuple[str, list[str]]:
    """Drop anything fetched from elsewhere, point lesson links at pages, link the references."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page_html, "html.parser")
    warnings = []
    for tag in soup.find_all(["script", "link", "img", "iframe", "source", "audio", "video", "embed"]):
        url = tag.get("src") or tag.get("href") or ""
        if url and is_external(url):
            warnings.append(f"{name}: removed a <{tag.name}> that would load {url}")
            tag.decompose()
    for anchor in soup.find_all("a", href=True):
        href = anchor["href"]
        if is_external(href) or href.startswith(("#", "mailto:")):
            continue
        path, _, fragment = href.partition("#")
        if path.endswith(".ipynb"):
            stem = Path(path).stem
            if stem + ".html" not in pages:
                raise BuildError(f"{name}: links to {href}, which is not a lesson of the site")
            anchor["href"] = stem + ".html" + (f"#{fragment}" if fragment else "")
        elif path not in pages and not path.startswith("assets/"):
            # A file of the repository (a guide, the README): not part of the reader's site.
            warnings.append(f"{name}: link to {href} is not part of the site; shown as plain text")
            anchor.unwrap()
    link_references(soup)
    return str(soup), warnings


def index_page(lessons: list[Lesson], extras: list[Lesson] = ()) -> str:
    items = []
    for lesson in lessons:
        objectives = "".join(f"<li>{inline_markdown(o)}</li>" for o in lesson.objectives)
        items.append(
            f"<li><h2><a href='{lesson.page}'>{html.escape(lesson.label)}</a></h2>"
            + (f"<p class='hfs-time'>Time: {html.escape(lesson.minutes)}</p>" if lesson.minutes else "")
            + (f"<p>{inline_markdown(lesson.hook)}</p>" if lesson.hook else "")
            + (f"<p><strong>After it you can:</strong></p><ul>{objectives}</ul>" if objectives else "")
            + "</li>"
        )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8" />
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>{html.escape(SITE_TITLE)}</title>
<link rel="stylesheet" href="assets/site.css" type="text/css" />
</head>
<body class="hfs-site">
<a class="hfs-skip" href="#main">Skip to the lessons</a>
<header class="hfs-header">
  <nav class="hfs-nav" aria-label="Course"><a href="index.html" aria-current="page">Course index</a>
  <a href="{lessons[0].page}">Start with lesson {int(lessons[0].number)}</a>{"".join(f" <a href='{e.page}'>{html.escape(e.title)}</a>" for e in extras)}</nav>
</header>
<main id="main">
<h1>{html.escape(SITE_TITLE)}</h1>
<p class="hfs-warning">{DISCLAIMER}</p>
<p>This is the reader view of the course: every lesson with its figures, tables and quizzes, working offline.
The live widgets appear in their static form; to move the controls yourself, open the notebooks in
JupyterLab or on Binder.</p>
<ol class="hfs-lessons">
{"".join(items)}
</ol>
</main>
<footer class="hfs-footer"><p class="hfs-disclaimer">{DISCLAIMER}</p></footer>
</body>
</html>
"""


# --- the whole site ------------------------------------------------------------------------------


def copy_assets(target: Path) -> None:
    import plotly

    assets = target / "assets"
    assets.mkdir(parents=True)
    plotly_js = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    if not plotly_js.exists():
        raise BuildError(f"plotly.js not found in the installed plotly package ({plotly_js.name}): reinstall plotly")
    shutil.copyfile(plotly_js, assets / "plotly.min.js")
    shutil.copyfile(ASSETS / "site.css", assets / "site.css")
    # nbconvert's lab stylesheet, written once for every page instead of inlined in each (250 KB).
    from jupyter_core.paths import jupyter_path

    found = [
        Path(d) for d in jupyter_path("nbconvert", "templates", "lab", "static") if (Path(d) / "index.css").exists()
    ]
    if not found:
        raise BuildError("nbconvert's lab template (static/index.css) was not found: reinstall nbconvert")
    lab = found[0]
    with open(assets / "jupyterlab.css", "w", encoding="utf-8") as css:
        for name in ("index.css", "theme-light.css"):
            css.write((lab / name).read_text(encoding="utf-8") + "\n")


def notebooks_are_current() -> None:
    sys.path.insert(0, str(ROOT / "tools"))
    import build_notebooks

    stale = [
        build_notebooks.notebook_path(s).name
        for s in build_notebooks.lesson_sources()
        if not build_notebooks.notebook_path(s).exists()
        or build_notebooks.notebook_path(s).read_text(encoding="utf-8") != build_notebooks.render(s)
    ]
    if stale:
        raise BuildError(f"notebooks out of date with lessons/ ({', '.join(stale)}): run make notebooks first")


def execute_timed(path: Path, timeout: int) -> tuple[str, float]:
    """One notebook in a worker process: the executed notebook as JSON text, and the seconds it took."""
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="hfs-kernel-") as folder:
        nb = execute(path, timeout, Path(folder) / "kernel.log")
    return nbformat.writes(nb), time.perf_counter() - started


def executed(lessons: list[Lesson], timeout: int, jobs: int) -> tuple[list, list]:
    """Run the lessons, `jobs` at a time; the first failure (in lesson order) stops the build."""
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = [pool.submit(execute_timed, lesson.path, timeout) for lesson in lessons]
        try:
            results = [future.result() for future in futures]
        except BaseException:
            for future in futures:
                future.cancel()
            raise
    return [nbformat.reads(text, as_version=4) for text, _ in results], [seconds for _, seconds in results]


def build(
    notebooks_dir: Path, out: Path, timeout: int = CELL_TIMEOUT, show_code: bool = False, jobs: int = JOBS, log=print
) -> dict:
    started = time.perf_counter()
    paths = sorted(notebooks_dir.glob(LESSON_GLOB))
    if not paths:
        raise BuildError(f"no lesson notebooks ({LESSON_GLOB}) in {notebooks_dir}: run make notebooks")
    extra_paths = [notebooks_dir / name for name in EXTRA_PAGES if (notebooks_dir / name).is_file()]
    others = sorted(p.name for p in notebooks_dir.glob("*.ipynb") if p not in paths and p not in extra_paths)
    if others:
        log(f"not lessons, left out of the site: {', '.join(others)}")
    known = course_map(paths)
    lessons = [describe(p, nbformat.read(p, as_version=4), known) for p in paths]
    extras = [describe(p, nbformat.read(p, as_version=4), {}) for p in extra_paths]
    pages = {lesson.page for lesson in lessons} | {extra.page for extra in extras} | {"index.html"}

    staging = out.parent / f".{out.name}.partial"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    warnings: list[str] = []
    try:
        copy_assets(staging)
        for i, (lesson, nb, seconds) in enumerate(zip(lessons, *executed(lessons, timeout, jobs))):
            warnings += prepare_outputs(nb, lesson.path.name)
            page = export(
                nb, lesson, lessons[i - 1] if i else None, lessons[i + 1] if i + 1 < len(lessons) else None, show_code
            )
            page, notes = finish_page(page, lesson.page, pages)
            warnings += notes
            (staging / lesson.page).write_text(page, encoding="utf-8")
            log(f"  {lesson.page:<40} {len(page) / 1024:7.0f} KB  executed in {seconds:5.1f} s")
        for extra in extras:  # text only (no code cells): exported as it is, without a kernel
            page, notes = finish_page(
                export(nbformat.read(extra.path, as_version=4), extra, None, None, show_code), extra.page, pages
            )
            warnings += notes
            (staging / extra.page).write_text(page, encoding="utf-8")
        (staging / "index.html").write_text(index_page(lessons, extras), encoding="utf-8")
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    shutil.rmtree(out, ignore_errors=True)
    staging.rename(out)
    size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
    return {
        "pages": len(lessons) + len(extras) + 1,
        "bytes": size,
        "plotly_bytes": (out / "assets" / "plotly.min.js").stat().st_size,
        "seconds": time.perf_counter() - started,
        "warnings": warnings,
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Build the offline static site of the course.")
    parser.add_argument("--out", type=Path, default=OUT, help="output folder (default build/site)")
    parser.add_argument(
        "--notebooks", type=Path, default=None, help="folder of NN-*.ipynb lessons (default notebooks/)"
    )
    parser.add_argument("--timeout", type=int, default=CELL_TIMEOUT, help="seconds allowed per cell")
    parser.add_argument("--jobs", type=int, default=JOBS, help=f"notebooks executed at once (default {JOBS})")
    parser.add_argument("--show-code", action="store_true", help="keep code inputs (except cells tagged remove-input)")
    args = parser.parse_args(argv)
    out = args.out.resolve()
    where = shown(out)
    try:
        if args.notebooks is None:
            notebooks_are_current()
        print(f"building the static site into {where}/ (cells run with HFS_STATIC=1)", flush=True)
        report = build((args.notebooks or NOTEBOOKS).resolve(), out, args.timeout, args.show_code, args.jobs)
    except BuildError as exc:
        print(f"make site: FAILED: {exc}\nNothing was published ({where}/ was left as it was).", file=sys.stderr)
        return 1
    for warning in report["warnings"]:
        print(f"warning: {warning}")
    print(
        f"site: {report['pages']} pages, {report['bytes'] / 1e6:.1f} MB "
        f"(of which plotly.js, shared by all pages: {report['plotly_bytes'] / 1e6:.1f} MB), "
        f"built in {report['seconds']:.0f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
