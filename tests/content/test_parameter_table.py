"""The decision model's parameter table (widgets/treatment/parameters.py) and lessons/evidence.yaml
state the same inputs: base value, one-way range and PSA distribution of every PAR-<name> entry."""

import re

import pytest

from widgets import evidence
from widgets.treatment.parameters import PARAMETER_SPECS

TABLE_ROWS = [s for s in PARAMETER_SPECS.values() if s.evidence_id == f"PAR-{s.name}"]


def _entry(entry_id):
    return evidence.store().get(entry_id)


def test_every_cited_parameter_has_its_evidence_entry():
    store = evidence.store()
    missing = [s.evidence_id for s in PARAMETER_SPECS.values() if s.evidence_id and s.evidence_id not in store.entries]
    assert not missing, f"parameters cite evidence entries that do not exist: {missing}"
    assert len(TABLE_ROWS) >= 25


@pytest.mark.parametrize("spec", TABLE_ROWS, ids=lambda s: s.name)
def test_parameter_agrees_with_its_evidence_entry(spec):
    entry = _entry(spec.evidence_id)
    assert entry.value == pytest.approx(spec.base), (
        f"{spec.name}: base {spec.base} in code, {entry.value} in evidence.yaml"
    )
    if spec.low is not None and entry.range is not None:
        assert list(entry.range) == pytest.approx([spec.low, spec.high]), f"{spec.name}: one-way range differs"
    psa = (getattr(entry, "psa", None) or "").strip()
    match = re.fullmatch(r"(Beta|Gamma)\(([\d.]+),\s*([\d.]+)\)", psa)
    if match and spec.distribution is not None:
        kind, a, b = match.group(1).lower(), float(match.group(2)), float(match.group(3))
        assert spec.distribution[0] == kind, (
            f"{spec.name}: PSA distribution is {spec.distribution[0]} in code, {kind} in evidence.yaml"
        )
        assert spec.distribution[1:] == pytest.approx((a, b), rel=1e-3), f"{spec.name}: PSA parameters differ"
