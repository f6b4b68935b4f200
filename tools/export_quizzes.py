"""Export the quiz banks to the formats lecturers load into their own tools (make export).

    python tools/export_quizzes.py [--out build/export] [bank ...]

Writes, from the same YAML the notebooks use (lessons/quizzes/*.yaml, in their order):
  hfs-quizzes.apkg          Anki: one deck per lesson, one note per question (genanki)
  qti/NN-slug.xml           QTI 1.2 (questestinterop) per lesson, for Canvas-style LMS, and
  hfs-quizzes-qti.zip       the same files with an imsmanifest.xml, the package Canvas imports
  moodle/NN-slug.xml        Moodle XML per lesson (multichoice, with a category per lesson)

Every option keeps its own feedback (the short verdict, then the longer note); evidence templates are
filled with the figure and its citation, as the notebook shows them. Options stay in the bank's order
(the order the static site and the instructor keys use); an LMS may shuffle them on its own side.
QTI and Moodle XML are written with the standard library; only the Anki deck needs genanki.
"""

from __future__ import annotations

import argparse
import html
import sys
import zipfile
import zlib
from pathlib import Path
from xml.etree import ElementTree as ET

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from widgets import evidence, quiz  # noqa: E402

COURSE = "Hemifacial spasm course"
LETTERS = "ABCDEFGHIJ"


# ------------------------------------------------------------------ shared text


def text_html(template: str) -> str:
    """Content text as HTML: figures filled in, every character escaped (content files hold text, never markup)."""
    return html.escape(evidence.fill(template))


def option_feedback_html(option: quiz.Option) -> str:
    more = f"<br>{text_html(option.more)}" if option.more else ""
    return text_html(option.feedback) + more


def sources_html(question: quiz.Question) -> str:
    if not question.evidence:
        return ""
    return "Evidence: " + "; ".join(html.escape(evidence.cite(e)) for e in question.evidence)


def stable_id(name: str) -> int:
    """Anki wants fixed model and deck ids, or a re-import makes duplicates: derived from the name."""
    return 1_000_000_000 + zlib.crc32(name.encode())


def banks(names: list[str] | None = None) -> list[quiz.Bank]:
    paths = sorted(quiz.QUIZ_DIR.glob("*.yaml"))
    if names:
        paths = [p for p in paths if p.stem in names]
        missing = set(names) - {p.stem for p in paths}
        if missing:
            raise SystemExit(f"no such bank: {', '.join(sorted(missing))} (lessons/quizzes/)")
    return [quiz.load_bank(p) for p in paths]


# ------------------------------------------------------------------ Anki

ANKI_FIELDS = ["Id", "Question", "Options", "Answer", "Feedback", "Hint", "Sources"]


def anki_model():
    import genanki

    return genanki.Model(
        stable_id("hfs-quiz-model"),
        "HFS course quiz question",
        fields=[{"name": f} for f in ANKI_FIELDS],
        templates=[
            {
                "name": "Question",
                "qfmt": "{{Question}}<ol type='A'>{{Options}}</ol>",
                "afmt": "{{FrontSide}}<hr id='answer'><p><b>Answer:</b> {{Answer}}</p><ul>{{Feedback}}</ul>"
                "<p><i>{{Hint}}</i></p><p style='font-size:smaller'>{{Sources}}</p>",
            }
        ],
        css=".card { font-family: sans-serif; font-size: 18px; text-align: left; }",
    )


def anki_fields(bank: quiz.Bank, q: quiz.Question) -> list[str]:
    options = "".join(f"<li>{text_html(o.text)}</li>" for o in q.options)
    answer = "<br>".join(f"{LETTERS[i]}. {text_html(o.text)}" for i, o in enumerate(q.options) if o.correct)
    feedback = "".join(
        f"<li>{LETTERS[i]}. {'✔ right' if o.correct else '✘ wrong'}: {option_feedback_html(o)}</li>"
        for i, o in enumerate(q.options)
    )
    hint = f"Hint: {text_html(quiz.hint_text(q))}"
    return [f"{bank.lesson} {q.id}", text_html(q.stem), options, answer, feedback, hint, sources_html(q)]


def write_anki(all_banks: list[quiz.Bank], path: Path) -> Path:
    import genanki

    model = anki_model()
    decks = []
    for bank in all_banks:
        deck = genanki.Deck(stable_id(f"hfs-deck-{bank.lesson}"), f"{COURSE}::{bank.lesson}")
        for q in bank.questions:
            deck.add_note(
                genanki.Note(
                    model=model,
                    fields=anki_fields(bank, q),
                    guid=genanki.guid_for("hfs", bank.lesson, q.id),
                    tags=[bank.lesson, q.objective],
                )
            )
        decks.append(deck)
    genanki.Package(decks).write_to_file(str(path))
    return path


# ------------------------------------------------------------------ QTI 1.2


def _material(parent: ET.Element, html_text: str) -> None:
    ET.SubElement(ET.SubElement(parent, "material"), "mattext", texttype="text/html").text = html_text


def qti_tree(bank: quiz.Bank) -> ET.ElementTree:
    root = ET.Element("questestinterop")
    assessment = ET.SubElement(root, "assessment", ident=f"hfs-{bank.lesson}", title=f"{COURSE}: {bank.lesson}")
    section = ET.SubElement(assessment, "section", ident="root_section")
    for q in bank.questions:
        item = ET.SubElement(section, "item", ident=f"{bank.lesson}-{q.id}", title=q.id)
        fields = ET.SubElement(ET.SubElement(item, "itemmetadata"), "qtimetadata")
        kind = "multiple_choice_question" if q.kind == "single" else "multiple_answers_question"
        for label, entry in (("question_type", kind), ("points_possible", "1.0"), ("objective", q.objective)):
            field = ET.SubElement(fields, "qtimetadatafield")
            ET.SubElement(field, "fieldlabel").text = label
            ET.SubElement(field, "fieldentry").text = entry
        presentation = ET.SubElement(item, "presentation")
        _material(presentation, text_html(q.stem))
        response = ET.SubElement(
            presentation, "response_lid", ident="response1", rcardinality="Single" if q.kind == "single" else "Multiple"
        )
        render = ET.SubElement(response, "render_choice", shuffle="No")
        for i, o in enumerate(q.options):
            _material(ET.SubElement(render, "response_label", ident=LETTERS[i]), text_html(o.text))
        processing = ET.SubElement(item, "resprocessing")
        ET.SubElement(
            ET.SubElement(processing, "outcomes"),
            "decvar",
            maxvalue="100",
            minvalue="0",
            varname="SCORE",
            vartype="Decimal",
        )
        for i, _o in enumerate(q.options):  # each chosen option shows its own feedback
            cond = ET.SubElement(processing, "respcondition", {"continue": "Yes"})
            ET.SubElement(ET.SubElement(cond, "conditionvar"), "varequal", respident="response1").text = LETTERS[i]
            ET.SubElement(cond, "displayfeedback", feedbacktype="Response", linkrefid=f"{LETTERS[i]}_fb")
        right = ET.SubElement(processing, "respcondition", {"continue": "No"})
        var = ET.SubElement(right, "conditionvar")
        if q.kind == "single":
            ET.SubElement(var, "varequal", respident="response1").text = LETTERS[min(q.correct_indices())]
        else:  # exactly the right set: every right option and none of the others
            both = ET.SubElement(var, "and")
            for i, o in enumerate(q.options):
                target = both if o.correct else ET.SubElement(both, "not")
                ET.SubElement(target, "varequal", respident="response1").text = LETTERS[i]
        ET.SubElement(right, "setvar", action="Set", varname="SCORE").text = "100"
        for i, o in enumerate(q.options):
            fb = ET.SubElement(item, "itemfeedback", ident=f"{LETTERS[i]}_fb")
            _material(ET.SubElement(fb, "flow_mat"), option_feedback_html(o))
        general = ET.SubElement(item, "itemfeedback", ident="general_fb")
        _material(ET.SubElement(general, "flow_mat"), f"Hint: {text_html(quiz.hint_text(q))} {sources_html(q)}".strip())
    ET.indent(root)
    return ET.ElementTree(root)


MANIFEST_NS = "http://www.imsglobal.org/xsd/imscp_v1p1"


def write_qti(all_banks: list[quiz.Bank], folder: Path, package: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for bank in all_banks:
        path = folder / f"{bank.lesson}.xml"
        qti_tree(bank).write(path, encoding="utf-8", xml_declaration=True)
        written.append(path)
    manifest = ET.Element("manifest", identifier="hfs-course-quizzes", xmlns=MANIFEST_NS)
    ET.SubElement(manifest, "organizations")
    resources = ET.SubElement(manifest, "resources")
    for path in written:
        res = ET.SubElement(resources, "resource", identifier=f"res-{path.stem}", type="imsqti_xmlv1p2", href=path.name)
        ET.SubElement(res, "file", href=path.name)
    ET.indent(manifest)
    with zipfile.ZipFile(package, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("imsmanifest.xml", ET.tostring(manifest, encoding="unicode", xml_declaration=True))
        for path in written:
            zf.write(path, path.name)
    return written


# ------------------------------------------------------------------ Moodle XML


def _moodle_text(parent: ET.Element, tag: str, html_text: str, **attrs) -> ET.Element:
    node = ET.SubElement(parent, tag, {"format": "html", **attrs})
    ET.SubElement(node, "text").text = html_text
    return node


def _fraction(value: float) -> str:
    return f"{value:.5f}".rstrip("0").rstrip(".")


def moodle_tree(bank: quiz.Bank) -> ET.ElementTree:
    root = ET.Element("quiz")
    category = ET.SubElement(root, "question", type="category")
    ET.SubElement(ET.SubElement(category, "category"), "text").text = f"$course$/{COURSE}/{bank.lesson}"
    for q in bank.questions:
        node = ET.SubElement(root, "question", type="multichoice")
        ET.SubElement(ET.SubElement(node, "name"), "text").text = f"{bank.lesson} {q.id}"
        _moodle_text(node, "questiontext", text_html(q.stem))
        _moodle_text(node, "generalfeedback", sources_html(q))
        ET.SubElement(node, "defaultgrade").text = "1"
        # Moodle's interactive mode gives a second try after a hint: the notebook's staging, at a cost
        ET.SubElement(node, "penalty").text = "0.5"
        ET.SubElement(node, "hidden").text = "0"
        ET.SubElement(node, "single").text = "true" if q.kind == "single" else "false"
        ET.SubElement(node, "shuffleanswers").text = "0"
        ET.SubElement(node, "answernumbering").text = "ABCD"
        n_right = len(q.correct_indices())
        for o in q.options:
            fraction = 100 / n_right if o.correct else (0 if q.kind == "single" else -100)
            answer = _moodle_text(node, "answer", text_html(o.text), fraction=_fraction(fraction))
            _moodle_text(answer, "feedback", option_feedback_html(o))
        _moodle_text(node, "hint", text_html(quiz.hint_text(q)))
    ET.indent(root)
    return ET.ElementTree(root)


def write_moodle(all_banks: list[quiz.Bank], folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for bank in all_banks:
        path = folder / f"{bank.lesson}.xml"
        moodle_tree(bank).write(path, encoding="utf-8", xml_declaration=True)
        written.append(path)
    return written


def export(out: Path, names: list[str] | None = None) -> dict[str, list[Path]]:
    out.mkdir(parents=True, exist_ok=True)
    selected = banks(names)
    return {
        "anki": [write_anki(selected, out / "hfs-quizzes.apkg")],
        "qti": write_qti(selected, out / "qti", out / "hfs-quizzes-qti.zip") + [out / "hfs-quizzes-qti.zip"],
        "moodle": write_moodle(selected, out / "moodle"),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "export")
    parser.add_argument("banks", nargs="*", help="bank names (default: every bank in lessons/quizzes/)")
    args = parser.parse_args(argv)
    try:
        written = export(args.out, args.banks or None)
    except quiz.QuizBankError as exc:
        print(f"make export: {exc}", file=sys.stderr)
        return 1
    for kind, paths in written.items():
        print(
            f"{kind}: "
            + ", ".join(str(p.relative_to(args.out)) if p.is_relative_to(args.out) else str(p) for p in paths)
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
