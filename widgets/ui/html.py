"""One set of HTML helpers for every view: a source label, a table, a percentage.

Cells and captions passed to `table` are HTML already: callers escape content-file text (see
evidence.markdown_escape / html.escape) before it gets here, because a cell may hold a `cite`.
"""

from __future__ import annotations

import html as _html

from .. import evidence

WIDE = {"description_width": "initial"}  # ipywidgets style: a description label that is not cut short


def cite(entry_id: str, *, teaching_word: bool = False) -> str:
    """A short source label for tables; the claim's text on hover. teaching_word: an assumption with
    no reference reads 'teaching estimate [...]' (lesson 3's likelihood tables)."""
    entry = evidence.store().get(entry_id)
    word = "teaching estimate " if teaching_word and entry.is_assumption and not entry.refs else ""
    css = "hfs-assumption" if entry.is_assumption else "hfs-cite"
    title = _html.escape(entry.text, quote=True)
    return f"<span class='{css}' title='{title}'>{word}{_html.escape(evidence.label(entry_id))}</span>"


def sources(ids) -> str:
    """Compact source labels for a panel, each once: '[Author 2008]; [Other 2010]' (escaped)."""
    return _html.escape("; ".join(dict.fromkeys(evidence.label(i) for i in ids)))


def table(headers, rows, caption: str = "") -> str:
    """A left-aligned HTML table; headers, cells and caption are HTML (escape content first)."""
    head = "".join(f"<th scope='col' style='text-align:left;padding:2px 6px'>{h}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td style='padding:2px 6px;vertical-align:top'>{c}</td>" for c in row) + "</tr>"
        for row in rows
    )
    cap = f"<caption style='text-align:left;font-weight:bold'>{caption}</caption>" if caption else ""
    return (
        f"<table class='hfs-table' style='border-collapse:collapse'>{cap}<thead><tr>{head}</tr></thead>"
        f"<tbody>{body}</tbody></table>"
    )


def pct(x: float, *, bounded: bool = False) -> str:
    """A share as a whole percentage. bounded: '>99%' and '<1%' instead of a rounded '100%' or '0%',
    which read as certainty (probabilities of a diagnosis)."""
    if bounded:
        return ">99%" if x >= 0.995 else ("<1%" if x < 0.005 else f"{x:.0%}")
    return f"{100 * x:.0f}%"
