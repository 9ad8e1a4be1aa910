"""ICC against Shrout & Fleiss (1979) and R psych's printed output on their example.

Data: Shrout, P. E. & Fleiss, J. L. (1979). Intraclass correlations: uses in assessing rater
reliability. *Psychological Bulletin* 86(2), 420–428, Table 1 (6 targets × 4 judges); their
Table 2 gives ICC(1,1) = .17, ICC(2,1) = .29, ICC(3,1) = .71, ICC(1,4) = .44, ICC(2,4) = .62,
ICC(3,4) = .91. The same matrix is ``sf`` in psych's ``ICC`` help page and in psych's own
test ``tests/testthat/test_ICC.R`` ("does it match the numbers from Shrout and Fleiss").

R call and printed output: ``psych::ICC`` on the same 6 × 4 matrix (aov method), as
printed in D. Wollschläger's R examples repository, ``dwoll/RExRepos``,
``md/interRaterICC.md`` ("Intra-class-correlation for interval-scale ratings",
``ICC(ratings)``). The bounds are 95 % intervals (F quantiles at 1 − α/2 with α = .05); we
re-derived them from psych's source (``R/ICC.R``) and they agree with the printout to the
printed digits::

    Intraclass correlation coefficients
                             type  ICC    F df1 df2       p lower bound upper bound
    Single_raters_absolute   ICC1 0.17  1.8   5  18 0.16477      -0.133        0.72
    Single_random_raters     ICC2 0.29 11.0   5  15 0.00013       0.019        0.76
    Single_fixed_raters      ICC3 0.71 11.0   5  15 0.00013       0.342        0.95
    Average_raters_absolute ICC1k 0.44  1.8   5  18 0.16477      -0.884        0.91
    Average_random_raters   ICC2k 0.62 11.0   5  15 0.00013       0.071        0.93
    Average_fixed_raters    ICC3k 0.91 11.0   5  15 0.00013       0.676        0.99

     Number of subjects = 6     Number of Judges =  4
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from serviq.qa.calibration import icc, icc_wide

SF = [
    [9, 2, 5, 8],
    [6, 1, 3, 2],
    [8, 4, 6, 8],
    [7, 1, 2, 6],
    [10, 5, 6, 9],
    [6, 2, 4, 7],
]

SHROUT_FLEISS_TABLE_2 = {
    "ICC1": 0.17, "ICC2": 0.29, "ICC3": 0.71, "ICC1k": 0.44, "ICC2k": 0.62, "ICC3k": 0.91,
}  # fmt: skip

# psych's printed table: ICC (2 decimals), F (as printed), df1, df2, p (5 decimals),
# lower bound (3 decimals), upper bound (2 decimals).
PSYCH = {
    "ICC1": (0.17, 1.8, 5, 18, 0.16477, -0.133, 0.72),
    "ICC2": (0.29, 11.0, 5, 15, 0.00013, 0.019, 0.76),
    "ICC3": (0.71, 11.0, 5, 15, 0.00013, 0.342, 0.95),
    "ICC1k": (0.44, 1.8, 5, 18, 0.16477, -0.884, 0.91),
    "ICC2k": (0.62, 11.0, 5, 15, 0.00013, 0.071, 0.93),
    "ICC3k": (0.91, 11.0, 5, 15, 0.00013, 0.676, 0.99),
}


def long_sf() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"target": f"S{i + 1}", "judge": f"J{j + 1}", "rating": v}
            for i, row in enumerate(SF)
            for j, v in enumerate(row)
        ]
    )


@pytest.mark.parametrize("name", list(SHROUT_FLEISS_TABLE_2))
def test_shrout_fleiss_table_2(name: str) -> None:
    assert round(icc_wide(SF)[name].ICC, 2) == SHROUT_FLEISS_TABLE_2[name]


@pytest.mark.parametrize("name", list(PSYCH))
def test_psych_printed_output(name: str) -> None:
    icc_, F, df1, df2, p, lower, upper = PSYCH[name]
    row = icc(long_sf(), "target", "judge", "rating")[name]
    assert round(row.ICC, 2) == icc_
    assert round(row.F, 1) == F
    assert (row.df1, row.df2) == (df1, df2)
    assert round(row.p, 5) == p
    assert round(row.lower, 3) == lower
    assert round(row.upper, 2) == upper


def test_the_anova_mean_squares_of_shrout_and_fleiss_table_1() -> None:
    # Table 1: BMS = 11.24, WMS = 6.26, JMS = 32.49, EMS = 1.02
    r = icc_wide(SF)
    assert (round(r.MSB, 2), round(r.MSW, 2), round(r.MSJ, 2), round(r.MSE, 2)) == (
        11.24, 6.26, 32.49, 1.02,
    )  # fmt: skip
    assert (r.n_targets, r.n_judges) == (6, 4)


def test_the_cli_prints_every_form_with_its_interval(tmp_path, run_cli) -> None:
    f = tmp_path / "sf.csv"
    long_sf().to_csv(f, index=False)
    code, out, err = run_cli("qa", "icc", str(f), "--target", "target", "--rater", "judge", "--rating", "rating", "--json")  # fmt: skip
    assert code == 0, err
    data = json.loads(out)
    for name, (_, _, _, _, _, lower, upper) in PSYCH.items():
        assert round(data[name]["ci"][0], 3) == lower
        assert round(data[name]["ci"][1], 2) == upper
