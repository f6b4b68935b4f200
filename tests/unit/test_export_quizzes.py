"""make export: each format is parsed back and matches the YAML banks (questions, options, per-option
feedback and the keyed answers), so a lecturer's import carries what the notebook teaches."""

import html
import sqlite3
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from widgets import evidence, quiz

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import export_quizzes  # noqa: E402

BANKS = {b.lesson: b for b in export_quizzes.banks()}


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    out = tmp_path_factory.mktemp("export")
    assert export_quizzes.main(["--out", str(out)]) == 0
    return out


def plain(html_text: str) -> str:
    return html.unescape(html_text or "")


def keyed(q: quiz.Question) -> list[str]:
    return [evidence.fill(o.text) for o in q.options if o.correct]


def test_every_format_is_written(exported):
    assert (exported / "hfs-quizzes.apkg").is_file() and (exported / "hfs-quizzes-qti.zip").is_file()
    for lesson in BANKS:
        assert (exported / "qti" / f"{lesson}.xml").is_file() and (exported / "moodle" / f"{lesson}.xml").is_file()


def test_anki_package_holds_every_question_with_its_key(exported, tmp_path):
    with zipfile.ZipFile(exported / "hfs-quizzes.apkg") as zf:
        zf.extract("collection.anki2", tmp_path)
    db = sqlite3.connect(tmp_path / "collection.anki2")
    notes = {}
    for (flds,) in db.execute("select flds from notes"):
        fields = dict(zip(export_quizzes.ANKI_FIELDS, flds.split("\x1f")))
        notes[fields["Id"]] = fields
    assert db.execute("select count(*) from cards").fetchone()[0] == len(notes)
    db.close()
    assert len(notes) == sum(len(b.questions) for b in BANKS.values())
    for lesson, bank in BANKS.items():
        for q in bank.questions:
            note = notes[f"{lesson} {q.id}"]
            assert plain(note["Question"]) == evidence.fill(q.stem)
            assert note["Options"].count("<li>") == len(q.options)
            assert note["Feedback"].count("<li>") == len(q.options)
            assert note["Feedback"].count("✔ right") == len(q.correct_indices())
            answers = [plain(a.split(". ", 1)[1]) for a in note["Answer"].split("<br>")]
            assert answers == keyed(q), (lesson, q.id)
            for o in q.options:
                assert evidence.fill(o.feedback) in plain(note["Feedback"])


def _qti_items(root: ET.Element) -> list[ET.Element]:
    return root.findall("./assessment/section/item")


@pytest.mark.parametrize("lesson", sorted(BANKS))
def test_qti_parses_back_to_the_bank(exported, lesson):
    bank = BANKS[lesson]
    items = _qti_items(ET.parse(exported / "qti" / f"{lesson}.xml").getroot())
    assert [i.get("title") for i in items] == [q.id for q in bank.questions]
    for item, q in zip(items, bank.questions):
        labels = item.findall("./presentation/response_lid/render_choice/response_label")
        assert [plain(lab.findtext("./material/mattext")) for lab in labels] == [
            evidence.fill(o.text) for o in q.options
        ]
        feedback = {
            fb.get("ident"): plain(fb.findtext("./flow_mat/material/mattext")) for fb in item.findall("./itemfeedback")
        }
        for letter, o in zip(export_quizzes.LETTERS, q.options):
            assert feedback[f"{letter}_fb"].startswith(evidence.fill(o.feedback))
        scoring = [c for c in item.findall("./resprocessing/respcondition") if c.find("setvar") is not None]
        assert len(scoring) == 1
        condition = scoring[0].find("conditionvar")
        right = [v.text for v in condition.iter("varequal")]
        negated = [v.text for n in condition.iter("not") for v in n.iter("varequal")]
        letters = sorted(set(right) - set(negated))
        assert letters == [export_quizzes.LETTERS[i] for i in sorted(q.correct_indices())]
        cardinality = item.find("./presentation/response_lid").get("rcardinality")
        assert cardinality == ("Single" if q.kind == "single" else "Multiple")


def test_qti_package_has_a_manifest_naming_every_bank(exported):
    with zipfile.ZipFile(exported / "hfs-quizzes-qti.zip") as zf:
        manifest = ET.fromstring(zf.read("imsmanifest.xml"))
        hrefs = [r.get("href") for r in manifest.iter("{%s}resource" % export_quizzes.MANIFEST_NS)]
        assert sorted(hrefs) == sorted(f"{lesson}.xml" for lesson in BANKS)
        for href in hrefs:
            ET.fromstring(zf.read(href))


@pytest.mark.parametrize("lesson", sorted(BANKS))
def test_moodle_xml_parses_back_to_the_bank(exported, lesson):
    bank = BANKS[lesson]
    root = ET.parse(exported / "moodle" / f"{lesson}.xml").getroot()
    questions = root.findall("./question[@type='multichoice']")
    assert [q.findtext("./name/text") for q in questions] == [f"{lesson} {q.id}" for q in bank.questions]
    for node, q in zip(questions, bank.questions):
        assert plain(node.findtext("./questiontext/text")) == evidence.fill(q.stem)
        assert node.findtext("single") == ("true" if q.kind == "single" else "false")
        answers = node.findall("answer")
        assert len(answers) == len(q.options)
        assert all(
            plain(a.findtext("./feedback/text")).startswith(evidence.fill(o.feedback))
            for a, o in zip(answers, q.options)
        )
        right = [plain(a.findtext("text")) for a in answers if float(a.get("fraction")) > 0]
        assert right == keyed(q)
        assert abs(sum(float(a.get("fraction")) for a in answers if float(a.get("fraction")) > 0) - 100) < 0.01


def test_an_unknown_bank_name_is_refused():
    with pytest.raises(SystemExit, match="no such bank: 99-nothing"):
        export_quizzes.banks(["99-nothing"])
