"""The disease-free health-economics engine (widgets/econ): frontier, dominance, CEAC/CEAF, EVPI,
sampling with a constraint hook, and the one-way driver with a model plugged in as callables."""

import numpy as np
import pytest

from widgets.econ import cea, oneway
from widgets.econ import params as ep

# A textbook five-strategy example (the layout of Drummond et al.'s dominance exercises): C costs more
# than B and gains less (strictly dominated); E sits between B and D but a mix of B and D gains more
# for its cost (its ICER over B, 15,000, exceeds D's over E, 3,750: extendedly dominated).
NAMES = ["A", "B", "C", "D", "E"]
COSTS = [1_000, 2_000, 2_500, 5_000, 3_500]
QALYS = [1.0, 1.5, 1.4, 2.0, 1.6]


def test_sequential_icers_label_strict_and_extended_dominance():
    rows = {r.strategy: r for r in cea.efficiency_frontier(NAMES, COSTS, QALYS)}
    assert [r.strategy for r in cea.efficiency_frontier(NAMES, COSTS, QALYS)] == ["A", "B", "C", "E", "D"]  # by cost
    assert {k: r.status for k, r in rows.items()} == {
        "A": "frontier",
        "B": "frontier",
        "C": "dominated",
        "D": "frontier",
        "E": "extendedly dominated",
    }
    assert rows["A"].icer is None and rows["A"].versus is None
    assert rows["B"].icer == pytest.approx(2_000) and rows["B"].versus == "A"
    assert rows["D"].icer == pytest.approx(6_000) and rows["D"].versus == "B"  # against B, not the dominated E
    assert rows["C"].icer is None and rows["C"].dominated_by == ("B",)  # never an ICER for a dominated strategy
    assert rows["E"].icer is None and rows["E"].dominated_by == ("B", "D")
    assert cea.optimal_at(list(rows.values()), 1_000) == "A"
    assert cea.optimal_at(list(rows.values()), 5_000) == "B"
    assert cea.optimal_at(list(rows.values()), 10_000) == "D"


def test_frontier_refuses_mismatched_inputs():
    with pytest.raises(ValueError, match="equal length"):
        cea.efficiency_frontier(["A", "B"], [1], [1, 2])


def test_acceptability_frontier_and_evpi():
    rng = np.random.default_rng(1)
    costs = np.column_stack([rng.normal(1000, 100, 2000), rng.normal(3000, 100, 2000)])
    qalys = np.column_stack([rng.normal(1.0, 0.3, 2000), rng.normal(1.2, 0.3, 2000)])
    wtp = np.array([0.0, 10_000.0, 50_000.0])
    chosen, share = cea.acceptability_frontier(costs, qalys, wtp)
    assert chosen.tolist() == [0, 0, 1]  # expected NMB: 2,000 / 10,000 per 0.2 QALY decides
    ceac = cea.acceptability(costs, qalys, wtp)
    np.testing.assert_allclose(share, ceac[np.arange(3), chosen])
    value = cea.evpi(costs, qalys, wtp)
    assert value[0] == pytest.approx(0.0, abs=1e-9)  # at wtp 0 the cheaper strategy wins every draw
    assert (value >= 0).all() and value[2] > value[0]
    # EVPI with one strategy dominating in every draw is zero
    assert cea.evpi(costs[:, :1].repeat(2, axis=1) + [0, 1], qalys[:, :1].repeat(2, axis=1), [1_000])[
        0
    ] == pytest.approx(0.0, abs=1e-9)


def test_sample_is_seeded_clipped_and_constrained():
    specs = {
        "p": ep.ParameterSpec("p", 0.5, 0.1, 0.9, ("beta", 2, 2), (0.0, 1.0), "probability", "p", "x", None),
        "q": ep.ParameterSpec("q", 0.4, None, None, ("beta", 2, 2), (0.0, 1.0), "probability", "q", "x", None),
        "c": ep.ParameterSpec("c", 10.0, None, None, None, (0.0, 100.0), "USD", "c", "x", None),
    }

    def q_below_p(draws):
        capped = np.minimum(draws["q"], draws["p"])
        changed = capped != draws["q"]
        draws["q"] = capped
        return changed

    a, n_a = ep.sample(specs, {"p": 0.5, "q": 0.4, "c": 10.0}, 500, seed=7, constrain=q_below_p)
    b, n_b = ep.sample(specs, {"p": 0.5, "q": 0.4, "c": 10.0}, 500, seed=7, constrain=q_below_p)
    assert n_a == n_b > 0 and all(np.array_equal(a[k], b[k]) for k in a)
    assert (a["q"] <= a["p"]).all() and (a["c"] == 10.0).all()
    with pytest.raises(ValueError, match="seed"):
        ep.sample(specs, {"p": 0.5, "q": 0.4, "c": 10.0}, 5, seed=1.5)
    with pytest.raises(ValueError, match="between 0 and 1"):
        ep.check_value(specs["p"], 1.5)


def test_one_way_driver_takes_the_model_as_callables():
    specs = {
        "price": ep.ParameterSpec("price", 10.0, 5.0, 20.0, None, (0.0, 50.0), "USD", "Price", "x", None),
        "effect": ep.ParameterSpec("effect", 1.0, 0.5, 1.5, None, (0.0, 2.0), "QALY", "Effect", "x", None),
        "odd": ep.ParameterSpec("odd", 1.0, 0.0, 3.0, None, (0.0, 2.0), "x", "Odd", "x", None),
    }
    calls = []

    def vary(name, value):
        ep.check_value(specs[name], value)
        return {"price": 10.0, "effect": 1.0, "odd": 1.0, name: value}

    def evaluate(sets):
        calls.append(len(sets))
        return np.array([s["price"] * 100 for s in sets]), np.array([s["effect"] for s in sets])

    result = oneway.one_way(
        specs, {"price": 10.0, "effect": 1.0, "odd": 1.0}, vary, evaluate, comparator="new", reference="old", wtp=1_000
    )
    assert calls == [6]  # one batched call: base, price and effect low/high, odd low (its high is not allowed)
    assert [r.name for r in result.rows] == ["price", "effect"] and "odd" in result.skipped
    assert result.base_inc_nmb == pytest.approx(1_000 * 1.0 - 1_000)
    assert result.rows[0].swing() == pytest.approx(1_500)
