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

Shapley/LMG (relaimpo's ``lmg``) has no printed reference here; it is checked against its
definition (the average over all p! entry orders) and its properties in
tests/survey/test_drivers.py.

Data: tests/reference/data/mtcars.csv (see README.md there).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from serviq.survey.drivers import key_drivers

DATA = Path(__file__).parent / "data" / "mtcars.csv"


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
