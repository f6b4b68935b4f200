"""HTML reports of the Bayesian differential (lesson 3), shared by lesson 3's widgets and the capstone.

Pure strings from the differential model: no widget, no figure. The capstone imports this module and
the model, never lesson 3's view modules.
"""

from __future__ import annotations

import html
from functools import partial

import numpy as np

from ..ui.html import cite, table
from . import model

SHORT = {k: c.short for k, c in model.CONDITIONS.items()}
NAMES = {k: c.name for k, c in model.CONDITIONS.items()}
GROUP_TITLES = {"history": "History", "examination": "Examination", "test": "Tests"}
_cite = partial(cite, teaching_word=True)  # lesson 3 marks unreferenced assumptions as teaching estimates


def _fmt_lr(lr: float) -> str:
    return f"{lr:.2g}" if lr < 10 else f"{lr:.0f}"


def lr_table_html(obs: dict, prior: np.ndarray, post: np.ndarray, lead: str, runner: str) -> str:
    """Odds form of Bayes for the two front-runners: pre-test odds × each finding's LR = post-test odds."""
    i, j = model.DIAGNOSES.index(lead), model.DIAGNOSES.index(runner)
    if not obs:
        return (
            f"<p>Tick a finding to see its likelihood ratio (LR). LR = P(finding | {html.escape(SHORT[lead])}) ÷ "
            f"P(finding | {html.escape(SHORT[runner])}); above 1 it favours {html.escape(SHORT[lead])}.</p>"
        )
    rows = [["<i>pre-test odds</i>", f"{prior[i]:.3f}", f"{prior[j]:.3f}", f"{prior[i] / prior[j]:.3g} : 1", ""]]
    for key, value in obs.items():
        f = model.FINDINGS[key]
        p_lead = f.p[lead][0] if value else 1 - f.p[lead][0]
        p_run = f.p[runner][0] if value else 1 - f.p[runner][0]
        sources = "; ".join(dict.fromkeys(_cite(f.p[d][1]) for d in (lead, runner)))
        rows.append(
            [html.escape(f.text(value)), f"{p_lead:.3g}", f"{p_run:.3g}", f"× {_fmt_lr(p_lead / p_run)}", sources]
        )
    rows.append(
        ["<b>post-test odds</b>", f"{post[i]:.3f}", f"{post[j]:.3f}", f"<b>{post[i] / post[j]:.3g} : 1</b>", ""]
    )
    return table(
        [
            "Finding",
            f"P | {html.escape(SHORT[lead])}",
            f"P | {html.escape(SHORT[runner])}",
            f"LR {html.escape(SHORT[lead])} : {html.escape(SHORT[runner])}",
            "Source",
        ],
        rows,
        caption=f"Why {html.escape(SHORT[lead])} leads {html.escape(SHORT[runner])}: odds × LR × LR … "
        f"(findings assumed independent, {_cite('L3-INDEPENDENCE')})",
    )


def next_best_html(setting: str, obs: dict, top: int = 3) -> str:
    gains = model.expected_information_gain(setting, obs)[:top]
    if not gains:
        return "<p>Every finding has been checked.</p>"
    items = "".join(
        f"<li>{html.escape(model.FINDINGS[k].present)} <i>({GROUP_TITLES[model.FINDINGS[k].group].lower()})"
        f"</i>: {g:.2f} bits</li>"
        for k, g in gains
    )
    return (
        "<div class='hfs-note'><b>Best next findings</b> (expected information gain: how much, on average, "
        f"checking it would shrink the uncertainty)<ol>{items}</ol></div>"
    )


def red_flags_html(obs: dict) -> str:
    flags = model.red_flags(obs)
    if not flags:
        return (
            "<p><b>Red flags:</b> none ticked (onset before 40, other cranial-nerve signs, facial weakness, "
            "both sides involved).</p>"
        )
    items = "".join(
        f"<li><b>{html.escape(model.FINDINGS[f.finding].present)}</b>: {html.escape(f.text)} "
        f"({'; '.join(_cite(e) for e in f.evidence)})"
        + (f"<br>→ <b>Think of:</b> {html.escape(f.route)}" if f.route else "")
        + "</li>"
        for f in flags
    )
    return f"<div class='hfs-message' role='status'><b>⚑ Red flags: think again and image</b><ul>{items}</ul></div>"
