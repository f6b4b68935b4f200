"""Tables the lessons show: every default with its source, break-even by age and price, the model's answers, the results table."""

from __future__ import annotations

import html

import numpy as np

from ... import evidence
from ...ui.html import cite, pct, table
from .. import model, outcomes
from .common import EXTRA_EVIDENCE, PSA_DRAWS, PSA_SEED


def defaults_table() -> str:
    """Every default of the model with its unit, one-way range and source or assumption label."""
    store = evidence.store()
    rows = []
    for name, spec in model.PARAMETER_SPECS.items():
        entry_id = spec.evidence_id or EXTRA_EVIDENCE.get(name)
        if entry_id is None and f"PAR-{name}" in store.entries:
            entry_id = f"PAR-{name}"
        source = cite(entry_id) if entry_id else "<span class='hfs-assumption'>[assumption, this model]</span>"
        unit = spec.unit
        if unit == "USD":
            note = store.get(entry_id).note if entry_id else ""
            unit = "USD, price year not stated" if "price year not stated" in note else "USD"
        span = "—" if spec.low is None else f"{spec.low:g} to {spec.high:g}"
        rows.append(
            [html.escape(spec.label), f"{spec.base:g}", html.escape(unit), span, html.escape(spec.status), source]
        )
    rows.append(
        [
            "Willingness to pay",
            f"{model.DEFAULT_WTP:,.0f}",
            "USD per QALY",
            "0 to 100,000 (acceptability curve)",
            "ASSUMPTION",
            cite("L4-WTP"),
        ]
    )
    rows.append(
        [
            "Duration of a transient hearing deficit and of a CSF leak",
            f"{model.TRANSIENT_HEARING_MONTHS:g}",
            "month",
            "—",
            "ASSUMPTION",
            cite("L4-TRANSIENT-DURATIONS"),
        ]
    )
    rows.append(
        ["PSA spread of the two prices", "centred on your choice", "—", "—", "ASSUMPTION", cite("L4-PSA-COSTS")]
    )
    return (
        table(
            ["Input", "Default", "Unit (currency, year)", "One-way range", "Status in the model", "Source"],
            rows,
            "Every default of the decision model",
        )
        + "<p class='hfs-note'><small>Costs are in US dollars from a US health-system perspective; the sources do not "
        "state a price year. Utilities and costs are the weakest inputs: no preference-based utilities exist for HFS "
        + cite("DM-UTIL-01")
        + ", and toxin prices differ tenfold between countries "
        + cite("DM-COST-03")
        + ".</small></p>"
    )


def show_defaults():
    """Every default of the decision model with its source, for the lesson page (also without a kernel)."""
    from IPython.display import HTML

    return HTML(defaults_table())


def break_even_table(ages=(40, 50, 65, 80), prices=tuple(outcomes.PRICE_PRESETS.values())):
    """Break-even years of MVD now against Botox first, by age and toxin session price, plain and discounted."""
    from IPython.display import HTML

    plain = outcomes.break_even_grid(ages, prices)
    discounted = outcomes.break_even_grid(ages, prices, discounted=True)
    words = lambda v: "never (by age 100)" if v is None else f"{v:.1f} years"  # noqa: E731
    names = {v: k for k, v in outcomes.PRICE_PRESETS.items()}
    headers = ["Age"] + [f"{html.escape(names.get(p, 'Price'))}: {p:,} per session" for p in prices]
    rows = [
        [f"{age}"] + [f"{words(a)}<br><small>discounted: {words(b)}</small>" for a, b in zip(row_a, row_b)]
        for age, row_a, row_b in zip(ages, plain, discounted)
    ]
    return HTML(
        table(
            headers, rows, "When does MVD now pay for itself? (model output; MVD 27,000 USD, other inputs at base case)"
        )
    )


def sensitivity_answers(ages=(50, 80)):
    """The model's answers to section 4's predictions: PSA shares at 30,000 USD per QALY and the
    break-even toxin price at the default MVD cost (base case otherwise)."""
    from IPython.display import HTML

    wtp = model.DEFAULT_WTP
    rows = []
    for age in ages:
        params = model.Parameters(age0=float(age))
        result = model.psa(params, n=PSA_DRAWS, seed=PSA_SEED, distributions=outcomes.psa_cost_distributions(params))
        shares = result.ceac[int(np.argmin(np.abs(result.wtp - wtp)))]
        rows.append(
            [
                f"{age}-year-old woman: share of {PSA_DRAWS:,} draws in which each strategy is best at {wtp:,.0f} USD per QALY",
                "; ".join(
                    f"{html.escape(model.STRATEGY_LABELS[s])} {pct(x)}" for s, x in zip(result.strategies, shares)
                ),
            ]
        )
    base = model.Parameters()
    for discounted in (True, False):
        price = outcomes.break_even_session_price(base, discounted=discounted)
        words = "none in the allowed range" if price is None else f"{price:,.0f} USD per session"
        rows.append(
            [
                f"Toxin price at which MVD now costs the same as Botox first, MVD at {base.c_mvd:,.0f} USD, "
                f"{'discounted' if discounted else 'plain money'}",
                words,
            ]
        )
    return HTML(table(["Question", "Model output"], rows, f"The model's answers (base case, PSA seed {PSA_SEED})"))


def numbers_table(result: model.ModelResult) -> str:
    rows = []
    for s, icer in outcomes.icer_words(result):
        r = result.strategies[s]
        rows.append(
            [
                html.escape(model.STRATEGY_LABELS[s]),
                f"{r.qalys:.2f}",
                f"{r.life_years:.1f}",
                f"{r.costs:,.0f}",
                f"{r.injections:.0f}",
                f"{r.surgeries:.2f}",
                f"{100 * r.perm_complications:.1f}",
                html.escape(icer),
            ]
        )
    be_plain, be_disc = result.break_even_years(discounted=False), result.break_even_years()
    be = lambda v: "none by age 100" if v is None else f"{v:.1f} years"  # noqa: E731
    return (
        table(
            [
                "Strategy",
                "QALYs (discounted)",
                "Life-years",
                "Cost (USD, discounted)",
                "Toxin sessions",
                "Operations",
                "Permanent complications per 100",
                "ICER along the efficiency frontier",
            ],
            rows,
            "The numbers, cheapest first (sequential ICERs; a dominated strategy gets none)",
        )
        + f"<p>Break-even of MVD now against Botox first: <b>{be(be_plain)}</b> in plain money, "
        f"<b>{be(be_disc)}</b> discounted.</p>"
    )
