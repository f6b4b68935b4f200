"""Tables the lessons show: every default with its source, break-even by age and price, the model's answers, the results table."""

from __future__ import annotations

import html

import numpy as np

from ... import evidence
from ...ui.html import cite, pct, table
from .. import model, outcomes
from ..parameters import HELD_FIXED, SPREAD
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


# --- how sure is this? (lesson 5) -----------------------------------------------------------------


def _spark(values: np.ndarray, low: float, high: float, label: str) -> str:
    """A small inline SVG histogram of PSA draws (no script, no fetch): 24 bars over [low, high]."""
    counts, _ = np.histogram(values, bins=24, range=(low, high))
    top = max(int(counts.max()), 1)
    bars = "".join(
        f"<rect x='{3 * i}' y='{20 - 20 * c / top:.1f}' width='2.4' height='{20 * c / top:.1f}'/>"
        for i, c in enumerate(counts)
    )
    title = html.escape(label, quote=True)
    return (
        f"<svg width='72' height='20' viewBox='0 0 72 20' role='img' aria-label='{title}' "
        f"style='fill:#0072B2;vertical-align:middle'><title>{title}</title>{bars}</svg>"
    )


def _spread_words(name: str) -> str:
    words = SPREAD.get(name) or HELD_FIXED.get(name, "")
    css = "hfs-assumption" if words.startswith(("assumption", "held", "a convention", "teaching")) else "hfs-cite"
    return f"<span class='{css}'>{html.escape(words)}</span>"


def psa_inputs_table(n: int = PSA_DRAWS, seed: int = PSA_SEED) -> str:
    """Every PSA input: its distribution, the middle 95% of the lesson's draws, a small histogram, and
    where its spread comes from (a source, or the word assumption); then the inputs held fixed and why."""
    draws, _ = model.sample_parameters(model.Parameters(), n, seed)
    rows = []
    for name, spec in model.PARAMETER_SPECS.items():
        if spec.distribution is None:
            continue
        x = draws[name]
        lo, hi = np.percentile(x, [2.5, 97.5])
        span_lo, span_hi = float(x.min()), float(x.max())
        fmt = (lambda v: f"{v:,.0f}") if spec.base >= 100 else (lambda v: f"{v:.3g}")
        rows.append(
            [
                html.escape(spec.label),
                fmt(spec.base),
                html.escape(model.describe_distribution(spec.distribution)),
                f"{fmt(lo)} to {fmt(hi)}",
                _spark(
                    x,
                    span_lo,
                    span_hi if span_hi > span_lo else span_lo + 1e-9,
                    f"Histogram of {n:,} draws of {spec.label}",
                ),
                _spread_words(name),
            ]
        )
    fixed = [[html.escape(model.PARAMETER_SPECS[name].label), html.escape(words)] for name, words in HELD_FIXED.items()]
    return table(
        ["Input", "Base", "PSA distribution", "Middle 95% of draws", "Draws", "Where the spread comes from"],
        rows,
        f"How sure is each input? ({n:,} draws, seed {seed}; a gap below another input keeps the utilities in order)",
    ) + table(["Input held fixed in the PSA", "Why"], fixed, "Inputs the PSA does not draw")


def show_psa_inputs():
    from IPython.display import HTML

    return HTML(psa_inputs_table())


def utility_gap_rows(gaps=(0.10, 0.05, 0.02, 0.0), wtp: float = model.DEFAULT_WTP) -> list[dict]:
    """How the answer moves when the assumed gap between 'spasm-free' and 'controlled on toxin' shrinks
    (issue 13, item 5): the QALY gain of MVD now, its ICER against Botox first, and the share of PSA
    draws in which MVD now is best at `wtp` (the gap's spread scaled with it; a gap of 0 held at 0)."""
    base = model.Parameters()
    out = []
    for gap in gaps:
        params = base.replace(u_btx_on=round(base.u_cured - gap, 10))
        comparison = {c.strategy: c for c in model.run_model(params).compare(wtp=wtp)}["mvd_now"]
        spec = model.PARAMETER_SPECS["u_btx_on"].distribution
        dist = {"u_btx_on": None} if gap == 0 else {"u_btx_on": (spec[0], spec[1], spec[2], spec[3] * gap / 0.10)}
        dist.update(outcomes.psa_cost_distributions(params))
        psa = model.psa(params, n=PSA_DRAWS, seed=PSA_SEED, distributions=dist, wtp=[wtp])
        out.append(
            {
                "gap": gap,
                "u_btx_on": params.u_btx_on,
                "inc_qalys": comparison.inc_qalys,
                "inc_costs": comparison.inc_costs,
                "icer": comparison.icer,
                "status": comparison.status,
                "share_mvd": float(psa.ceac[0, psa.strategies.index("mvd_now")]),
            }
        )
    return out


def utility_gap_table(gaps=(0.10, 0.05, 0.02, 0.0)) -> str:
    rows = []
    for r in utility_gap_rows(gaps):
        icer = "—" if r["icer"] is None else f"{r['icer']:,.0f} USD per QALY"
        rows.append(
            [
                f"{r['gap']:.2f}" + (" (base case)" if r["gap"] == 0.10 else ""),
                f"{r['u_btx_on']:.2f}",
                f"{r['inc_qalys']:+.2f}",
                icer,
                pct(r["share_mvd"]),
            ]
        )
    return table(
        [
            "Assumed gap: spasm-free minus controlled on toxin",
            "Utility on toxin",
            "QALYs gained by MVD now",
            "ICER against Botox first",
            f"PSA draws with MVD now best at {model.DEFAULT_WTP:,.0f} USD/QALY",
        ],
        rows,
        "If the assumed utility gap shrinks (no published HFS utilities exist): model output, 50-year-old woman",
    ) + (
        "<p class='hfs-note'><small>Every other input at the base case; the spasm-free utility stays 0.95 "
        + cite("PAR-u_cured")
        + " and the gap is an assumption "
        + cite("DM-UTIL-01")
        + ".</small></p>"
    )


def show_utility_gap():
    from IPython.display import HTML

    return HTML(utility_gap_table())


# Population for the EVPI: an illustrative size and horizon (ASSUMPTION, labelled wherever shown).
EVPI_POPULATION_PER_YEAR = 1_000
EVPI_YEARS = 10


def uncertainty_summary(params: model.Parameters | None = None, wtp: float = model.DEFAULT_WTP) -> dict:
    """The headline both ways (deterministic and PSA mean), the CEAF choice, and EVPI per patient and
    for the illustrative population, from one PSA of the lesson's draws."""
    params = params or model.Parameters()
    det = model.run_model(params)
    psa = model.psa(params, n=PSA_DRAWS, seed=PSA_SEED, distributions=outcomes.psa_cost_distributions(params))
    means = psa.mean()
    at = int(np.argmin(np.abs(psa.wtp - wtp)))
    chosen, share = model.acceptability_frontier(psa.costs, psa.qalys, psa.wtp)
    per_patient = float(model.evpi(psa.costs, psa.qalys, [wtp])[0])
    per_patient_100k = float(model.evpi(psa.costs, psa.qalys, [100_000.0])[0])
    population = float(
        model.population_evpi([per_patient], EVPI_POPULATION_PER_YEAR, EVPI_YEARS, params.discount_rate)[0]
    )
    det_inc = {c.strategy: c for c in det.compare(wtp=wtp)}["mvd_now"]
    mean_dc = means["mvd_now"]["costs"] - means["botox_first"]["costs"]
    mean_dq = means["mvd_now"]["qalys"] - means["botox_first"]["qalys"]
    return {
        "deterministic": {s: (r.costs, r.qalys) for s, r in det.strategies.items()},
        "psa_mean": {s: (m["costs"], m["qalys"]) for s, m in means.items()},
        "icer_deterministic": det_inc.icer,
        "icer_of_means": mean_dc / mean_dq,
        "ceaf_choice": psa.strategies[int(chosen[at])],
        "ceaf_share": float(share[at]),
        "evpi_per_patient": per_patient,
        "evpi_per_patient_100k": per_patient_100k,
        "evpi_population": population,
    }


def uncertainty_table() -> str:
    u = uncertainty_summary()
    rows = [
        [
            html.escape(model.STRATEGY_LABELS[s]),
            f"{u['deterministic'][s][0]:,.0f} USD, {u['deterministic'][s][1]:.2f} QALYs",
            f"{u['psa_mean'][s][0]:,.0f} USD, {u['psa_mean'][s][1]:.2f} QALYs",
        ]
        for s in model.STRATEGIES
    ]
    rows.append(
        [
            "MVD now against Botox first",
            f"{u['icer_deterministic']:,.0f} USD per QALY",
            f"{u['icer_of_means']:,.0f} USD per QALY (ratio of the mean differences)",
        ]
    )
    facts = [
        [
            "Choice at 30,000 USD per QALY (acceptability frontier)",
            f"{html.escape(model.STRATEGY_LABELS[u['ceaf_choice']])}, best in {pct(u['ceaf_share'])} of draws",
        ],
        ["EVPI per patient at 30,000 USD per QALY", f"{u['evpi_per_patient']:,.0f} USD"],
        ["EVPI per patient at 100,000 USD per QALY", f"{u['evpi_per_patient_100k']:,.0f} USD"],
        [
            f"EVPI for {EVPI_POPULATION_PER_YEAR:,} patients a year for {EVPI_YEARS} years, discounted 3% "
            "<span class='hfs-assumption'>[illustrative population: assumption]</span>",
            f"{u['evpi_population']:,.0f} USD",
        ],
    ]
    return table(
        ["Strategy", "Deterministic (base case)", f"PSA mean ({PSA_DRAWS:,} draws, seed {PSA_SEED})"],
        rows,
        "The headline both ways: 50-year-old woman, discounted costs and QALYs",
    ) + table(["Value of information", "Model output"], facts, "What more research could be worth")


def show_uncertainty():
    from IPython.display import HTML

    return HTML(uncertainty_table())


# --- scenarios: who the patient is and how the model is built, apart from the tornado's parameters ---

MIXED_COHORT_WOMEN = 0.65  # the share of women in Barker's series (PAR-female's context source)


WANING_DOUBLING_YEARS = 10.0  # ASSUMPTION (L5-TOXIN-WANING): the toxin failure rate doubles every 10 years
LIFE_TABLE_2019_LABEL = "2019 life table (before the pandemic)"  # LT-09, beside the base case's 2021 table (LT-08)


def _structural_increment(params: model.Parameters, **structure) -> tuple[float, float]:
    totals = model.run_structural(params, **structure)
    a, b = totals["mvd_now"], totals["botox_first"]
    return a["costs"] - b["costs"], a["qalys"] - b["qalys"]


def _increment(params: model.Parameters, settings: model.Settings | None = None) -> tuple[float, float]:
    result = model.run_model(params, settings, ("botox_first", "mvd_now"))
    a, b = result.strategies["mvd_now"], result.strategies["botox_first"]
    return a.costs - b.costs, a.qalys - b.qalys


def scenario_rows(wtp: float = model.DEFAULT_WTP) -> list[dict]:
    """MVD now against Botox first under scenarios (not tornado bars): the patient (age, sex, a mixed
    cohort), the analysis (horizon, discount rate, threshold, the 2019 life table instead of 2021's) and the structure (ASSUMPTIONS: a toxin
    effect that wanes instead of staying constant for life; surgical mortality that rises with the age
    at each operation), with the constant failure rate at the top of its range for contrast."""
    base = model.Parameters()
    rows = []

    def add(group, label, dc, dq, threshold=wtp):
        rows.append(
            dict(
                group=group,
                label=label,
                inc_costs=dc,
                inc_qalys=dq,
                wtp=threshold,
                icer=dc / dq if dq > 0 else None,
                nmb=threshold * dq - dc,
            )
        )

    add("Base case", "Woman aged 50, lifetime, 3% a year", *_increment(base))
    for age in (40, 65, 80):
        add("Patient", f"Age {age}", *_increment(base.replace(age0=float(age))))
    add("Patient", "Man (male life table)", *_increment(base.replace(female=0)))
    (fc, fq), (mc, mq) = _increment(base), _increment(base.replace(female=0))
    w = MIXED_COHORT_WOMEN
    add("Patient", f"Mixed cohort, {w:.0%} women", w * fc + (1 - w) * mc, w * fq + (1 - w) * mq)
    for years in (10, 20):
        add("Analysis", f"Horizon {years} years", *_increment(base, model.Settings(horizon_years=float(years))))
    for rate in (0.0, 0.015, 0.05):
        add("Analysis", f"Discount rate {rate:.1%} a year", *_increment(base.replace(discount_rate=rate)))
    dc, dq = _increment(base)
    for threshold in (50_000.0, 100_000.0):
        add("Analysis", f"Threshold {threshold:,.0f} USD per QALY", dc, dq, threshold)
    add("Analysis", LIFE_TABLE_2019_LABEL, *_structural_increment(base, life_table_year=2019))
    add(
        "Structure",
        f"Toxin effect wanes: the rate it stops working doubles every {WANING_DOUBLING_YEARS:g} years (assumption)",
        *_structural_increment(base, toxin_fail_doubling_years=WANING_DOUBLING_YEARS),
    )
    add(
        "Structure",
        "Toxin stops working in 5% a year, constant for life (top of its range)",
        *_increment(base.replace(r_btx_fail_annual=0.05)),
    )
    for age in (50, 80):
        add(
            "Structure",
            f"Age {age}, surgical mortality rising with the age at each operation (assumption)",
            *_structural_increment(base.replace(age0=float(age)), surgical_death_rises_with_age=True),
        )
    return rows


def scenario_table() -> str:
    body = []
    for r in scenario_rows():
        if r["inc_costs"] <= 0 and r["inc_qalys"] > 0:
            icer = "none: MVD now is cheaper and gains more (dominant)"
        else:
            icer = "—" if r["icer"] is None else f"{r['icer']:,.0f}"
        choice = "MVD now" if r["nmb"] > 0 else "Botox first"
        body.append(
            [
                html.escape(r["group"]),
                html.escape(r["label"]),
                f"{r['inc_costs']:,.0f}",
                f"{r['inc_qalys']:+.2f}",
                icer,
                f"{r['wtp']:,.0f}",
                choice,
            ]
        )
    return table(
        [
            "Kind",
            "Scenario",
            "Extra cost (USD)",
            "Extra QALYs",
            "ICER (USD per QALY)",
            "Threshold",
            "Higher net benefit",
        ],
        body,
        "Scenarios, MVD now against Botox first (model output; every other input at the base case)",
    ) + (
        "<p class='hfs-note'><small>Scenarios describe the patient, the analysis or the model's structure; the tornado "
        "varies only parameters. The 30,000 USD yardstick is a teaching assumption "
        + cite("L4-WTP")
        + "; 50,000 USD per QALY is the threshold of the closest published analogue, in trigeminal neuralgia "
        + cite("DM-ECON-01")
        + ". The two structural alternatives are assumptions: a waning toxin effect "
        + cite("L5-TOXIN-WANING")
        + "; surgical mortality rising with age "
        + cite("L5-SURGICAL-DEATH-AGE")
        + ". Background mortality comes from the US life table of 2021, a pandemic year "
        + cite("LT-08")
        + "; the 2019 row uses the table of 2019, before the pandemic "
        + cite("LT-09")
        + ".</small></p>"
    )


def show_scenarios():
    from IPython.display import HTML

    return HTML(scenario_table())


# --- named jurisdictions: each guideline's threshold and discount rate, applied to this US model ---

USD_PER_GBP_2023 = 1.2440  # L5-FX-2023: Federal Reserve G.5A, 2023 average
CAD_PER_USD_2023 = 1.3494  # L5-FX-2023
JURISDICTIONS = (
    {
        "name": "England (NICE)",
        "currency": "GBP",
        "thresholds": (20_000.0, 30_000.0),
        "usd_per_unit": USD_PER_GBP_2023,
        "discount_rate": 0.035,
        "evidence": ("L5-WTP-NICE", "L5-DISCOUNT-NICE"),
    },
    {
        "name": "United States (ICER benchmarks, US panel's rate)",
        "currency": "USD",
        "thresholds": (100_000.0, 150_000.0),
        "usd_per_unit": 1.0,
        "discount_rate": 0.03,
        "evidence": ("L5-WTP-ICER", "L5-DISCOUNT-US"),
    },
    {
        "name": "Canada (CADTH)",
        "currency": "CAD",
        "thresholds": None,  # no threshold confirmed (L5-DISCOUNT-CADTH's note)
        "usd_per_unit": 1.0 / CAD_PER_USD_2023,
        "discount_rate": 0.015,
        "evidence": ("L5-DISCOUNT-CADTH",),
    },
)


def jurisdiction_rows(params: model.Parameters | None = None) -> list[dict]:
    """The base case judged by each jurisdiction's rule: its discount rate, and each end of its threshold
    range converted to USD (L5-FX-2023). Per row: the ICER of MVD now against Botox first (USD and the
    jurisdiction's currency), and at each threshold the strategy with the highest net benefit, the net
    benefit of MVD now over Botox first and the share of PSA draws in which MVD now is best. The costs
    stay US costs: this applies each guideline's rule to this model, it is not an analysis for that country."""
    params = params or model.Parameters()
    rows = []
    for j in JURISDICTIONS:
        p = params.replace(discount_rate=j["discount_rate"])
        result = model.run_model(p)
        mvd, btx = result.strategies["mvd_now"], result.strategies["botox_first"]
        dc, dq = mvd.costs - btx.costs, mvd.qalys - btx.qalys
        icer = dc / dq if dq > 0 and dc > 0 else None
        row = {
            "name": j["name"],
            "currency": j["currency"],
            "discount_rate": j["discount_rate"],
            "inc_costs": dc,
            "inc_qalys": dq,
            "icer_usd": icer,
            "icer_local": None if icer is None else icer / j["usd_per_unit"],
            "evidence": j["evidence"],
            "at": [],
        }
        if j["thresholds"]:
            usd = [t * j["usd_per_unit"] for t in j["thresholds"]]
            psa = model.psa(p, n=PSA_DRAWS, seed=PSA_SEED, distributions=outcomes.psa_cost_distributions(p), wtp=usd)
            for k, (local, wtp) in enumerate(zip(j["thresholds"], usd)):
                best = max(result.strategies, key=lambda s: result.strategies[s].nmb(wtp))
                row["at"].append(
                    {
                        "threshold": local,
                        "threshold_usd": wtp,
                        "best": best,
                        "inc_nmb": wtp * dq - dc,
                        "share_mvd": float(psa.ceac[k, psa.strategies.index("mvd_now")]),
                    }
                )
        rows.append(row)
    return rows


def jurisdiction_table() -> str:
    symbols = {"GBP": "£", "USD": "", "CAD": ""}
    suffix = {"GBP": "", "USD": " USD", "CAD": " CAD"}
    body = []
    for r in jurisdiction_rows():
        money = lambda v, c=r["currency"]: f"{symbols[c]}{v:,.0f}{suffix[c]}"  # noqa: E731
        icer = "none (MVD now cheaper and better)" if r["icer_usd"] is None else f"{r['icer_usd']:,.0f} USD"
        if r["icer_usd"] is not None and r["currency"] != "USD":
            icer += f" ({money(r['icer_local'])})"
        sources = " ".join(cite(e) for e in r["evidence"])
        if not r["at"]:
            dominant = r["inc_costs"] < 0 < r["inc_qalys"]
            body.append(
                [
                    html.escape(r["name"]) + f"<br><small>{sources}</small>",
                    f"{100 * r['discount_rate']:.1f}%",
                    icer,
                    "none confirmed",
                    "MVD now, at any threshold (cheaper and better)" if dominant else "depends on the threshold",
                    "—",
                    "—",
                ]
            )
        for a in r["at"]:
            converted = "" if r["currency"] == "USD" else f"<br><small>= {a['threshold_usd']:,.0f} USD</small>"
            body.append(
                [
                    html.escape(r["name"]) + f"<br><small>{sources}</small>",
                    f"{100 * r['discount_rate']:.1f}%",
                    icer,
                    money(a["threshold"]) + " per QALY" + converted,
                    html.escape(model.STRATEGY_LABELS[a["best"]]),
                    f"{a['inc_nmb']:+,.0f} USD",
                    f"{100 * a['share_mvd']:.1f}%",  # one decimal: a rounded '100%' would read as certainty
                ]
            )
    return table(
        [
            "Jurisdiction (guideline)",
            "Discount rate",
            "ICER, MVD now against Botox first",
            "Threshold",
            "Highest net benefit",
            "Net benefit of MVD now over Botox first",
            f"PSA draws with MVD now best ({PSA_DRAWS:,}, seed {PSA_SEED})",
        ],
        body,
        "The base case under each jurisdiction's rule (model output, 50-year-old woman, US costs)",
    ) + (
        "<p class='hfs-note'><small>Each threshold is converted to US dollars at the Federal Reserve's 2023 average "
        "exchange rate "
        + cite("L5-FX-2023")
        + " (a market rate, not a purchasing power parity). The costs stay US costs, so each row applies a "
        "guideline's rule to this model; it is not an analysis for that country. The course's own yardstick, "
        f"{model.DEFAULT_WTP:,.0f} USD per QALY, lies inside NICE's range converted to dollars and below the US "
        "benchmarks; it is a teaching value " + cite("L4-WTP") + ".</small></p>"
    )


def show_jurisdictions():
    from IPython.display import HTML

    return HTML(jurisdiction_table())
