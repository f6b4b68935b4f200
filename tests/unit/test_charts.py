"""The shared charts (widgets/ui/charts.py): the probability bars' labels."""

import numpy as np
import pytest

from widgets.ui import charts


@pytest.mark.parametrize(
    "p, label",
    [
        (0.9999, ">99%"),  # rounds to 100% but is not certain: as the titles say it
        (0.996, ">99%"),
        (0.994, "99%"),
        (1.0, "100%"),
        (0.5, "50%"),
        (0.006, "1%"),
        (0.004, "<1%"),  # rounds to 0% but is not impossible
        (1e-9, "<1%"),
        (0.0, "0%"),
    ],
)
def test_a_bar_label_never_rounds_to_certainty(p, label):
    assert charts.probability_label(p) == label


def test_paint_probabilities_labels_the_bars_after_the_findings():
    fig = charts.probability_figure(["HFS", "BEB", "Myokymia"], widget=False)
    charts.paint_probabilities(fig, np.array([0.6, 0.3, 0.1]), np.array([0.9991, 0.0006, 0.0003]), "After: HFS >99%")
    after = charts.trace(fig, charts.POST)
    assert list(after.text) == [">99%", "<1%", "<1%"] and fig.layout.title.text == "After: HFS >99%"
    charts.paint_probabilities(fig, np.array([0.6, 0.3, 0.1]), None, "Before")
    assert list(after.text) == ["", "", ""] and list(after.x) == [0, 0, 0]
