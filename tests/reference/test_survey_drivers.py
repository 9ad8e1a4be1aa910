"""Key-driver analysis against published output.

Relative weights (Johnson 2000): the R package rwa (Martin Chan), vignette "Introduction
to rwa", https://martinctc.github.io/rwa/articles/introduction-to-rwa.html (source:
martinctc/rwa, ``articles/introduction-to-rwa.md``), prints for mtcars::

    result_basic <- mtcars %>% rwa(outcome = "mpg", predictors = c("cyl", "disp", "hp", "gear"))
    result_basic$result
    #>   Variables Raw.RelWeight Rescaled.RelWeight Sign
    #> 1        hp     0.2321744           29.79691    -
    #> 2       cyl     0.2284797           29.32274    -
    #> 3      disp     0.2221469           28.50999    -
    #> 4      gear     0.0963886           12.37037    +
    result_basic$rsquare
    #> [1] 0.7791896

Shapley value / LMG (relaimpo's ``lmg``) is the same quantity as dominance analysis's
*general dominance* (the average contribution over all subset sizes). The R package
dominanceanalysis (Claudio Bustos), README of clbustos/dominanceAnalysis on GitHub
(https://github.com/clbustos/dominanceAnalysis, section "Linear regression"), prints for
``attitude``::

    library(dominanceanalysis)
    lm.attitude <- lm(rating ~ ., attitude)
    da.attitude <- dominanceAnalysis(lm.attitude)
    summary(da.attitude)
    #> Average contribution of each variable:
    #>  complaints  privileges    learning      raises    critical     advance
    #> 0.370816194 0.050903793 0.155765990 0.120345079 0.006588723 0.028182213
    #> ... complaints+privileges+learning+raises+critical+advance     6 0.733

Data: tests/reference/data/mtcars.csv and attitude.csv (see README.md there).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from serviq.survey.drivers import key_drivers

DATA = Path(__file__).parent / "data" / "mtcars.csv"
ATTITUDE = Path(__file__).parent / "data" / "attitude.csv"


def test_relative_weights_match_rwa_on_mtcars() -> None:
    res = key_drivers(pd.read_csv(DATA), "mpg", ["cyl", "disp", "hp", "gear"])
    assert res.r2 == pytest.approx(0.7791896, abs=5e-8)
    got = res.drivers.set_index("driver")
    printed = {
        "hp": (0.2321744, 29.79691),
        "cyl": (0.2284797, 29.32274),
        "disp": (0.2221469, 28.50999),
        "gear": (0.0963886, 12.37037),
    }
    for d, (raw, pct) in printed.items():
        assert got.loc[d, "relative_weight"] == pytest.approx(raw, abs=5e-8)
        assert 100 * got.loc[d, "relative_weight_share"] == pytest.approx(pct, abs=5e-6)
    assert list(got.sort_values("rank").index) == ["hp", "cyl", "disp", "gear"]


def test_shapley_matches_dominanceanalysis_general_dominance_on_attitude() -> None:
    drivers = ["complaints", "privileges", "learning", "raises", "critical", "advance"]
    res = key_drivers(pd.read_csv(ATTITUDE), "rating", drivers)
    assert round(res.r2, 3) == 0.733
    printed = {
        "complaints": 0.370816194,
        "privileges": 0.050903793,
        "learning": 0.155765990,
        "raises": 0.120345079,
        "critical": 0.006588723,
        "advance": 0.028182213,
    }
    got = res.drivers.set_index("driver")["shapley"]
    for d, v in printed.items():
        assert got[d] == pytest.approx(v, abs=5e-10)
