"""Honest, consistent lesson timings (issue 18, item 6).

The re-timing rule, computed here from each lesson's real content:
- teaching minutes: the words a learner reads (the lesson's Markdown with its reveals, the filled `say`
  sentences and the answer tables a cell prints) at 150-200 words a minute;
- doing minutes: 1 per quiz item and 3-5 per *Predict first* task (predict, use the widget or work it
  out, check the reveal); in the capstone each case is a task of its own length (its text at 150-200
  words a minute, 1 minute per question, 3-5 minutes for its widgets).
Each lesson's `## Time` section states "**About N minutes: T of teaching and D of doing.**"; T, D and N
must fall in the rule's bands (2 minutes' slack for rounding), and the README table, the course map of
lesson 00, the course guide and each instructor guide must state the same N.
"""

import ast
import re
from functools import lru_cache
from pathlib import Path

import pytest

from widgets import evidence, quiz

ROOT = Path(__file__).resolve().parents[2]
LESSONS = sorted(p for p in (ROOT / "lessons").glob("[0-9][0-9]-*.md"))
TIMED = [p for p in LESSONS if not p.stem.startswith("00")]
WPM = (150, 200)
TASK_MINUTES = (3, 5)
CASE_WIDGET_MINUTES = (3, 5)
DIFFERENTIAL_TASK_MINUTES = (1, 2)  # a capstone case's own differential: ticks and a ranking, then the comparison
SLACK = 2
CORE_LIMIT = {"04-botox-vs-mvd": 50}  # issue 18: the core lesson 4 fits 50 honest minutes
STATED = re.compile(r"\*\*About (\d+) minutes(?: with all six cases)?: (\d+) of teaching and (\d+) of doing\.\*\*")
PREDICT = "**Predict first.**"


def words(text: str) -> int:
    text = re.sub(r"<[^>]+>", " ", text)
    return len(re.findall(r"[^\W_][\w'’.,%–/-]*", text))


def _cells(source: Path):
    import jupytext

    return jupytext.read(source).cells


def say_templates(cell_source: str) -> list[str]:
    """The literal templates passed to evidence.say() in a code cell."""
    return [
        ast.literal_eval(node.args[0])
        for node in ast.walk(ast.parse(cell_source))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "say"
        and node.args
        and isinstance(node.args[0], ast.Constant)
    ]


def _table_words(cell_source: str) -> int:
    """Words of the answer table a cell prints (a lowercase `*_table()` / `*_answers()` call as last line)."""
    tree = ast.parse(cell_source)
    last = tree.body[-1] if tree.body else None
    if not (isinstance(last, ast.Expr) and isinstance(last.value, ast.Call) and isinstance(last.value.func, ast.Name)):
        return 0
    name = last.value.func.id
    if not (name.endswith("_table") or name.endswith("_answers")):
        return 0
    namespace: dict = {}
    exec(compile(cell_source, "<lesson cell>", "exec"), namespace)  # the cell's own import, then its table
    shown = eval(compile(ast.Expression(last.value), "<lesson cell>", "eval"), namespace)
    data = getattr(shown, "data", shown)
    return words(data if isinstance(data, str) else str(data))


@lru_cache(maxsize=None)
def measure(stem: str) -> dict:
    source = ROOT / "lessons" / f"{stem}.md"
    markdown = reading = tasks = 0
    for cell in _cells(source):
        if cell.cell_type == "markdown":
            markdown += words(cell.source)
            tasks += cell.source.count(PREDICT)
        elif cell.cell_type == "code":
            for template in say_templates(cell.source):
                reading += words(evidence.fill(template))
            reading += _table_words(cell.source)
    bank = ROOT / "lessons" / "quizzes" / f"{stem}.yaml"
    items = len(quiz.load_bank(bank).questions) if bank.exists() else 0
    total_words = markdown + reading
    teach = (total_words / WPM[1], total_words / WPM[0])
    do = (items + TASK_MINUTES[0] * tasks, items + TASK_MINUTES[1] * tasks)
    if "CaseWalkthrough" in source.read_text(encoding="utf-8"):
        low, high = zip(*(case_minutes(c) for c in cases()))
        do = (do[0] + sum(low), do[1] + sum(high))
    return {
        "words": total_words,
        "items": items,
        "tasks": tasks,
        "teach": teach,
        "do": do,
        "total": (teach[0] + do[0], teach[1] + do[1]),
    }


def cases():
    from widgets.cases import model

    return list(model.course_cases().values())


def case_minutes(case) -> tuple[float, float]:
    """One capstone case: its story, findings, notes, questions and the keyed feedback read, its questions
    answered, its widgets (face, differential, recording, decision model) looked at."""
    text = [
        case.history,
        *case.examination,
        case.differential.note,
        case.tests.results,
        case.tests.note,
        case.treatment.note,
        *case.decisive_findings,
    ]
    for q in case.questions:
        text += [q.stem, *(o.text for o in q.options), *(o.feedback for o in q.options if o.correct), q.explanation]
    task = (0, 0)
    learner = case.differential.learner
    if learner is not None:  # "Your differential": tick the findings, rank the candidates, read the comparison
        text += [*(f.text for f in learner.findings), *(c.name for c in learner.candidates), learner.note]
        task = DIFFERENTIAL_TASK_MINUTES
    n = sum(words(evidence.fill(t)) for t in text if t)
    return (
        n / WPM[1] + len(case.questions) + CASE_WIDGET_MINUTES[0] + task[0],
        n / WPM[0] + len(case.questions) + CASE_WIDGET_MINUTES[1] + task[1],
    )


def stated(stem: str) -> tuple[int, int, int]:
    text = (ROOT / "lessons" / f"{stem}.md").read_text(encoding="utf-8")
    section = text.split("## Time", 1)[1].split("\n## ", 1)[0]
    found = STATED.search(section)
    assert found, f"lessons/{stem}.md: its Time section must say '**About N minutes: T of teaching and D of doing.**'"
    return tuple(int(g) for g in found.groups())


def within(value: float, band: tuple[float, float]) -> bool:
    return band[0] - SLACK <= value <= band[1] + SLACK


@pytest.mark.parametrize("source", TIMED, ids=lambda p: p.stem)
def test_stated_time_follows_the_rule(source):
    m = measure(source.stem)
    total, teach, do = stated(source.stem)
    show = (
        f"{source.stem}: {m['words']} words, {m['items']} quiz items, {m['tasks']} tasks -> teaching "
        f"{m['teach'][0]:.0f}-{m['teach'][1]:.0f}, doing {m['do'][0]:.0f}-{m['do'][1]:.0f}, "
        f"total {m['total'][0]:.0f}-{m['total'][1]:.0f}; stated {total} = {teach} + {do}"
    )
    assert teach + do == total, show
    assert within(teach, m["teach"]) and within(do, m["do"]) and within(total, m["total"]), show


@pytest.mark.parametrize("stem, limit", CORE_LIMIT.items())
def test_core_lesson_four_fits_fifty_minutes(stem, limit):
    """By the rule's middle (175 words a minute, 4 minutes a task) and as stated."""
    m = measure(stem)
    middle = m["words"] / 175 + m["items"] + 4 * m["tasks"]
    assert middle <= limit and stated(stem)[0] <= limit, f"{stem}: {middle:.0f} minutes by the rule"


def test_start_page_states_its_time():
    text = (ROOT / "lessons" / "00-start-here.md").read_text(encoding="utf-8")
    assert STATED.search(text.split("## Time", 1)[1]) if "## Time" in text else False


def _minutes_in_table(text: str, label: str) -> dict[str, int]:
    """{'01': 55, ...} from a Markdown table whose first cell names the lesson and which has a Minutes column."""
    lines = [line for line in text.splitlines() if line.startswith("|")]
    header = [c.strip() for c in lines[0].strip("|").split("|")]
    col = header.index("Minutes")
    out = {}
    for line in lines[2:]:
        cells = [c.strip() for c in line.strip("|").split("|")]
        number = re.search(r"\b(\d\d)[- ]|^(\d)\.", cells[0])
        if number:
            out[(number.group(1) or f"0{number.group(2)}")] = int(re.match(r"\d+", cells[col]).group())
    assert out, f"no lesson rows in the {label} table"
    return out


def _course_map(text: str) -> str:
    return text.split("## The course map", 1)[1].split("\n\n", 2)[1]


def all_stated() -> dict[str, int]:
    return {p.stem[:2]: stated(p.stem)[0] for p in LESSONS}


def test_readme_and_course_map_agree_with_the_lessons():
    expected = all_stated()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("| Notebook | Lesson | Minutes |", 1)[1].split("\n\n", 1)[0]
    assert _minutes_in_table("| Notebook | Lesson | Minutes |" + table, "README") == expected
    start = (ROOT / "lessons" / "00-start-here.md").read_text(encoding="utf-8")
    assert _minutes_in_table(_course_map(start), "course map") == expected


def test_course_guide_and_instructor_guides_agree_with_the_lessons():
    expected = all_stated()
    guide = (ROOT / "lessons" / "instructor" / "course-guide.md").read_text(encoding="utf-8")
    section = guide.split("## Lesson timings", 1)[1].split("\n## ", 1)[0]
    assert _minutes_in_table(section, "course guide") == expected
    rows = {
        r[0][:2]: r
        for r in ([c.strip() for c in line.strip("|").split("|")] for line in section.splitlines())
        if r[0][:2].isdigit()
    }
    for stem in (p.stem for p in LESSONS):
        total, teach, do = stated(stem)
        assert rows[stem[:2]][1:4] == [str(total), str(teach), str(do)], (
            f"course guide row {stem[:2]}: {rows[stem[:2]][:4]}"
        )
    for source in TIMED:
        text = (ROOT / "lessons" / "instructor" / source.name).read_text(encoding="utf-8")
        total, teach, do = stated(source.stem)
        line = f"**Time:** about {total} minutes ({teach} of teaching, {do} of doing)"
        assert line in text, f"lessons/instructor/{source.name} must state '{line}'"


def test_capstone_says_how_many_cases_fit_a_class():
    text = (ROOT / "lessons" / "06-clinical-cases.md").read_text(encoding="utf-8")
    section = text.split("## Time", 1)[1].split("\n## ", 1)[0]
    fits = re.search(r"a 50-minute class fits (\w+) cases", section, re.I)
    assert fits, "the capstone's Time section must say how many cases fit a 50-minute class"
    low, high = zip(*(case_minutes(c) for c in cases()))
    per_case = (sum(low) + sum(high)) / 2 / len(low)
    words_for = {"two": 2, "three": 3, "four": 4, "five": 5}
    n = words_for[fits.group(1)]
    assert n == max(1, int((50 - 5) // per_case)), f"about {per_case:.0f} minutes a case (5 minutes to set up)"
