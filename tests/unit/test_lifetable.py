"""The shipped US life tables: 2021 (the default; NVSR 72-12, evidence LT-08) and 2019 (before the pandemic;
NVSR 70-19, Tables 2-3, evidence LT-09), and the choice between them."""

from importlib import resources

import numpy as np
import pytest

from widgets.econ import checks, lifetable
from widgets.treatment import model

# q(x) as printed in NVSR 70-19, Table 2 (males) and Table 3 (females): (age, male, female)
PUBLISHED_2019 = [
    (30, 0.001794, 0.000808),
    (50, 0.004867, 0.002964),
    (65, 0.016003, 0.009573),
    (80, 0.054931, 0.040043),
    (99, 0.343371, 0.298719),
]


def test_both_tables_ship_in_the_same_format():
    for year, name in lifetable.TABLE_FILES.items():
        text = resources.files("widgets.econ").joinpath("data", name).read_text(encoding="utf-8")
        lines = text.splitlines()
        assert lines[0] == "age,qx_male,qx_female", name
        assert len(lines) == 1 + 71 and lines[-1] == "100,1.000000,1.000000", name  # ages 30-100; "100 and over"
        assert all(len(cell.split(".")[1]) == 6 for line in lines[1:] for cell in line.split(",")[1:]), name
    assert lifetable.YEARS == (2019, 2021) and lifetable.DEFAULT_YEAR == 2021
    assert lifetable.EVIDENCE_IDS == {2019: "LT-09", 2021: "LT-08"}


def test_the_2019_table_loads_with_the_published_values():
    table = lifetable.life_table(2019)
    assert list(table.ages) == list(range(30, 101))
    by_age = dict(zip(table.ages.tolist(), zip(table.male.tolist(), table.female.tolist())))
    for age, male, female in PUBLISHED_2019:
        assert by_age[age] == (male, female)
    assert by_age[100] == (1.0, 1.0)
    assert lifetable.annual_death_probability([50.7], True, table)[0] == 0.002964
    assert lifetable.annual_death_probability([50.7], False, table)[0] == 0.004867


def test_the_2019_table_has_the_shape_of_a_life_table():
    table = lifetable.life_table(2019)
    for q in (table.male, table.female):
        assert (np.diff(q[:-1]) > 0).all()  # rises every year from 30 to 99
        assert 0 < q[0] < 0.01 and 0.2 < q[-2] < 0.4
    assert (table.male[:-1] > table.female[:-1]).all()
    later = lifetable.life_table(2021)
    for female in (True, False):
        assert (table.column(female)[:-1] < later.column(female)[:-1]).all()  # 2021 was worse at every age


def test_the_open_age_group_is_treated_as_in_2021():
    table = lifetable.life_table(2019)
    q = lifetable.annual_death_probability([18, 29.5, 99, 100, 110], female=False, table=table)
    assert q[0] == q[1] == 0.001794  # held at age 30
    assert q[2] == q[3] == q[4] == 0.343371  # "100 and over" (q = 1) is not a one-year probability


def test_2019_life_expectancy_close_to_the_published_table():
    """NVSR 70-19 e(x) (evidence LTX-06): at 50, 30.0 (men) and 33.6 (women); at 65, 18.2 and 20.8. The
    monthly version truncated at 100 undershoots slightly, as it does for 2021."""
    table = lifetable.life_table(2019)
    for age, male, female in ((50, 30.0, 33.6), (65, 18.2, 20.8)):
        assert lifetable.life_expectancy(age, False, table=table) == pytest.approx(male, abs=0.15)
        assert lifetable.life_expectancy(age, True, table=table) == pytest.approx(female, abs=0.15)


def test_the_default_is_2021_and_is_read_once():
    assert lifetable.life_table() is lifetable.life_table(2021) is lifetable.life_table(lifetable.DEFAULT_YEAR)
    assert lifetable.life_table(2019) is lifetable.life_table(np.int64(2019))
    assert lifetable.life_table(2019) is not lifetable.life_table(2021)
    np.testing.assert_array_equal(
        lifetable.death_probabilities(50, 24, True),
        lifetable.death_probabilities(50, 24, True, table=lifetable.life_table(2021)),
    )


@pytest.mark.parametrize("bad", [2020, 2022, 0, -2019, 1900])
def test_another_year_is_refused_naming_the_allowed_years(bad):
    with pytest.raises(ValueError, match=r"year must be one of \(2019, 2021\)"):
        lifetable.life_table(bad)
    with pytest.raises(ValueError, match=r"^life_table_year must be one of \(2019, 2021\)"):
        model.run_structural(life_table_year=bad)


@pytest.mark.parametrize("bad", ["2019", 2019.0, None, True, [2019], {"year": 2019}])
def test_a_year_of_the_wrong_type_is_refused(bad):
    with pytest.raises(checks.WrongType, match=r"year must be one of the years \(2019, 2021\)"):
        lifetable.life_table(bad)
    with pytest.raises(TypeError, match=r"^life_table_year must be one of the years \(2019, 2021\)"):
        model.run_structural(life_table_year=bad)


def test_parse_errors_name_the_file():
    with pytest.raises(ValueError, match="^us_life_table_2019.csv lacks the column"):
        lifetable.parse_life_table("age,qx\n30,0.1\n", "us_life_table_2019.csv")
    with pytest.raises(ValueError, match="^source must be"):
        lifetable.parse_life_table("age,qx_female,qx_male\n30,0.1,0.1\n", None)


def test_run_structural_uses_the_chosen_table():
    base = model.Parameters()
    default = model.run_structural(base)
    assert model.run_structural(base, life_table_year=2021) == default
    older = model.run_structural(base, life_table_year=2019)
    for strategy in ("botox_first", "mvd_now"):
        assert older[strategy]["life_years"] > default[strategy]["life_years"]  # lower mortality, longer lives
    # the surgical-death scenario scales by the same table's q(a) / q(50)
    both = model.run_structural(base, life_table_year=2019, surgical_death_rises_with_age=True)
    assert both["mvd_now"]["qalys"] == pytest.approx(older["mvd_now"]["qalys"], abs=0.01)
