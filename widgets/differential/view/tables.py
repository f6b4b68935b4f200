"""The comparison tables of lesson 3's text (Markdown, escaped)."""

from __future__ import annotations

from ... import evidence
from .. import model
from ..report import SHORT

# --- the comparison tables for the lesson text --------------------------------------------------------


def _markdown_table(headers, rows) -> str:
    def cell(text: str) -> str:  # the cited figures come from the content files: escaped, as is the model's text
        return evidence.markdown_escape(evidence.fill(text))

    lines = ["| " + " | ".join(cell(h) for h in headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def comparison_table():
    """HFS vs blepharospasm vs eyelid myokymia, every figure with its citation (a Markdown display)."""
    from IPython.display import Markdown

    return Markdown(_markdown_table(model.COMPARISON_HEADERS, model.COMPARISON))


def mimics_table():
    from IPython.display import Markdown

    return Markdown(_markdown_table(model.MIMICS_HEADERS, model.MIMICS))


def likelihood_table():
    """Every finding's P(present | diagnosis) for the three main diagnoses, with sources (a Markdown display)."""
    from IPython.display import Markdown

    rows = []
    for f in model.FINDINGS.values():
        rows.append([f.present] + [f"{f.p[d][0]:.2f} {evidence.label(f.p[d][1])}" for d in model.MAIN])
    return Markdown(_markdown_table(["Finding (present)", *[SHORT[d] for d in model.MAIN]], rows))
