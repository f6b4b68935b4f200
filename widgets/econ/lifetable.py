"""Background mortality from the shipped life tables (United States; NCHS period life tables by sex).

Two tables ship, chosen by year (`YEARS`; the default, `DEFAULT_YEAR`, is 2021):
- 2021: `data/us_life_table_2021.csv`, NVSR 72-12, Tables 2-3 (evidence LT-08; a pandemic year);
- 2019: `data/us_life_table_2019.csv`, NVSR 70-19, Tables 2-3 (evidence LT-09; before the pandemic).
Each holds single-year annual death probabilities q(x) for ages 30-100 in the columns `age`,
`qx_female` and `qx_male`, copied as published (six decimals), nothing interpolated. A model with
cycles shorter than a year converts q(x) assuming a constant hazard within the year:
p = 1 - (1 - q) ** cycle_years.

Approximations outside the table, stated once here and in the functions that apply them:
- ages below the first age of the table (30) use the first age's q(x);
- ages above 100 hold q at the age-100 value. The last row of a period life table is the open
  interval "100 and older" ("100 and over" in the 2019 report) and its q is 1 by construction
  (everyone dies eventually), which is not a one-year probability. When that row is 1, the last row
  with q < 1 (age 99) is the one held. Both tables are treated the same way. The course's models stop
  at age 100 by default, so this only matters for longer horizons.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

from . import checks

TABLE_FILES = {2019: "us_life_table_2019.csv", 2021: "us_life_table_2021.csv"}
EVIDENCE_IDS = {2019: "LT-09", 2021: "LT-08"}
YEARS = tuple(sorted(TABLE_FILES))
DEFAULT_YEAR = 2021
TABLE_FILE = TABLE_FILES[DEFAULT_YEAR]
EVIDENCE_ID = EVIDENCE_IDS[DEFAULT_YEAR]


def check_year(year, name: str = "life_table_year") -> int:
    """The year of a shipped table; checks.WrongType (a TypeError and a ValueError) for a value that is
    not a whole number, ValueError for another year, each naming `name` and the allowed years."""
    if isinstance(year, bool) or not isinstance(year, (int, np.integer)):
        raise checks.WrongType(f"{name} must be one of the years {YEARS} (got {year!r})"[:300])
    if int(year) not in TABLE_FILES:
        raise ValueError(f"{name} must be one of {YEARS}, the years of the shipped life tables (got {year!r})")
    return int(year)


@dataclass(frozen=True)
class LifeTable:
    """Annual q(x) by single year of age; `female` and `male` are aligned with `ages`."""

    ages: np.ndarray
    female: np.ndarray
    male: np.ndarray

    def column(self, female: bool) -> np.ndarray:
        return self.female if female else self.male


def _read_text(year: int = DEFAULT_YEAR) -> str:
    return resources.files(__package__).joinpath("data", TABLE_FILES[year]).read_text(encoding="utf-8")


def parse_life_table(text: str, source: str = TABLE_FILE) -> LifeTable:
    """Parse the CSV text; raise ValueError naming what is wrong (`source` names the file in messages)."""
    checks.instance("text", text, str, "the text of a CSV file")
    checks.instance("source", source, str, "the name of the table file")
    rows = list(csv.DictReader(io.StringIO(text)))
    if not rows:
        raise ValueError(f"{source} has no rows")
    needed = {"age", "qx_female", "qx_male"}
    missing = needed - set(rows[0])
    if missing:
        raise ValueError(f"{source} lacks the column(s) {sorted(missing)}")
    try:
        ages = np.array([int(str(r["age"]).strip().rstrip("+")) for r in rows])
        female = np.array([float(r["qx_female"]) for r in rows])
        male = np.array([float(r["qx_male"]) for r in rows])
    except (TypeError, ValueError):
        raise ValueError(f"{source}: age must be a whole number and qx_female, qx_male numbers in every row") from None
    if (np.diff(ages) != 1).any():
        raise ValueError(f"{source} must list consecutive single years of age")
    for name, q in (("qx_female", female), ("qx_male", male)):
        if not ((q > 0) & (q <= 1)).all():
            raise ValueError(f"{source}: {name} must be in (0, 1]")
    return LifeTable(ages=ages, female=female, male=male)


def _table(table) -> "LifeTable":
    if table is None:
        return life_table()
    return checks.instance("table", table, LifeTable, "a LifeTable (or None for the shipped table)")


def life_table(year: int = DEFAULT_YEAR) -> LifeTable:
    """The shipped table of `year` (one of YEARS; 2021 by default), read once."""
    return _cached_table(check_year(year, "year"))


@lru_cache(maxsize=len(TABLE_FILES))
def _cached_table(year: int) -> LifeTable:
    return parse_life_table(_read_text(year), TABLE_FILES[year])


def annual_death_probability(ages, female: bool, table: LifeTable | None = None) -> np.ndarray:
    """q(x) at the completed year of each age; outside the table see the module docstring."""
    ages = checks.array("ages", ages, 0.0, 150.0)
    female = checks.flag("female", female)
    table = _table(table)
    q = table.column(female)
    usable = q < 1.0  # the open "100 and older" row is not a one-year probability
    last = int(np.nonzero(usable)[0][-1])
    whole = np.floor(np.asarray(ages, dtype=float)).astype(int)
    index = np.clip(whole - table.ages[0], 0, last)
    return q[index]


def death_probabilities(
    age0: float, n_cycles: int, female: bool, cycle_years: float = 1.0 / 12.0, table: LifeTable | None = None
) -> np.ndarray:
    """Probability of dying of background causes in each cycle t = 0..n_cycles-1, for a cohort aged
    age0 at time 0: p_t = 1 - (1 - q(age0 + t * cycle_years)) ** cycle_years (constant hazard within
    each year of age; q held constant below 30 and above 100 as the module docstring says)."""
    age0 = checks.number("age0", age0, 0.0, 150.0)
    cycle_years = checks.number("cycle_years", cycle_years, 0.0, 10.0, low_open=True)
    n_cycles = checks.whole("n_cycles", n_cycles, 0, (150.0 - age0) / cycle_years + 1)
    ages = age0 + np.arange(n_cycles) * cycle_years
    q = annual_death_probability(ages, female, table)
    return 1.0 - (1.0 - q) ** cycle_years


def life_expectancy(age0: float, female: bool, max_age: float = 100.0, table: LifeTable | None = None) -> float:
    """Monthly-cycle life expectancy up to max_age (half-cycle corrected): a sanity check against the
    e(x) column of the published table, which this truncated version slightly undershoots."""
    age0 = checks.number("age0", age0, 0.0, 150.0)
    max_age = checks.number(f"max_age (for age0 {age0:g})", max_age, age0, 150.0)
    n = int(round((max_age - age0) * 12))
    alive = np.concatenate([[1.0], np.cumprod(1.0 - death_probabilities(age0, n, female, table=table))])
    return float(((alive[:-1] + alive[1:]) / 2).sum() / 12)
