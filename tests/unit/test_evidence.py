"""The evidence loader: schema errors name file, entry and field; citations keep assumption labels."""

import pytest
import yaml

from widgets import evidence

REFS = {
    "R1": {"authors": "Wang A, Jankovic J", "year": 1998, "title": "Hemifacial spasm", "source": "Muscle Nerve"},
    "R2": {"authors": "Barker FG, Jannetta PJ, et al.", "year": 1995, "title": "MVD", "source": "J Neurosurg"},
}
GOOD = [
    {
        "id": "X-01",
        "topic": "epidemiology",
        "claim": "Women",
        "text": "61% women",
        "value": 61,
        "unit": "%",
        "status": "confirmed",
        "refs": ["R1"],
    },
    {
        "id": "X-02",
        "topic": "mvd",
        "claim": "Cure",
        "text": "about 84% at 10 years",
        "range": [80, 88],
        "unit": "%",
        "status": "secondary",
        "refs": ["R2"],
    },
    {
        "id": "X-03",
        "topic": "decision",
        "claim": "Utility",
        "text": "0.85",
        "value": 0.85,
        "unit": "utility",
        "status": "assumption",
        "refs": [],
    },
]


def make_store(tmp_path, entries=GOOD, refs=REFS):
    (tmp_path / "evidence.yaml").write_text(yaml.safe_dump(entries))
    (tmp_path / "references.yaml").write_text(yaml.safe_dump(refs))
    return evidence.load(tmp_path)


def test_cite_gives_figure_and_short_reference(tmp_path):
    store = make_store(tmp_path)
    assert store.cite("X-01") == "61% women [Wang & Jankovic 1998]"
    assert store.cite("X-02") == "about 84% at 10 years [Barker et al. 1995, secondary source]"


def test_assumption_is_never_rendered_without_its_label(tmp_path):
    store = make_store(tmp_path)
    assert "assumption" in store.cite("X-03")
    assert "assumption" in store.fill("Utility on toxin is {X-03}.")


def test_fill_replaces_every_template_and_records_use(tmp_path):
    store = make_store(tmp_path)
    text = store.fill("{X-01}; {X-02}.")
    assert "{" not in text and store.used == ["X-01", "X-02"]
    assert [r.key for r in store.references_used()] == ["R1", "R2"]


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda e: e[0].pop("claim"), "entry 'X-01': field 'claim' is required"),
        (lambda e: e[0].update(status="likely"), "entry 'X-01': field 'status' must be one of"),
        (lambda e: e[0].update(refs=["R9"]), "entry 'X-01': field 'refs' names reference 'R9'"),
        (lambda e: e[0].pop("unit"), "entry 'X-01': field 'unit' is required"),
        (lambda e: e[1].update(range=[90, 80]), "entry 'X-02': field 'range' has low 90 above high 80"),
        (lambda e: e[1].update(refs=[]), "entry 'X-02': field 'refs' is empty"),
        # A copy with its own refs list: a shared list would be dumped as a YAML alias, which the loader refuses.
        (lambda e: e.append({**e[0], "refs": list(e[0]["refs"])}), "entry 'X-01': duplicate id"),
        (lambda e: e[0].update(value="sixty"), "entry 'X-01': field 'value' must be a number"),
    ],
)
def test_schema_errors_name_file_entry_and_field(tmp_path, change, message):
    entries = [dict(e) for e in GOOD]
    change(entries)
    with pytest.raises(evidence.EvidenceError) as info:
        make_store(tmp_path, entries)
    assert "evidence.yaml" in str(info.value) and message in str(info.value)


def test_malformed_yaml_names_the_file(tmp_path):
    (tmp_path / "references.yaml").write_text(yaml.safe_dump(REFS))
    (tmp_path / "evidence.yaml").write_text("- id: X-01\n  claim: [unclosed\n")
    with pytest.raises(evidence.EvidenceError, match="evidence.yaml: not valid YAML"):
        evidence.load(tmp_path)


def test_reference_without_title_is_named(tmp_path):
    refs = {"R1": {"authors": "Wang A", "year": 1998}}
    with pytest.raises(evidence.EvidenceError, match="references.yaml: reference 'R1': field 'title' is required"):
        make_store(tmp_path, GOOD[:1], refs)


def test_unknown_id_is_a_clear_error(tmp_path):
    store = make_store(tmp_path)
    with pytest.raises(evidence.EvidenceError, match="unknown evidence id 'NOPE-1'"):
        store.cite("NOPE-1")
