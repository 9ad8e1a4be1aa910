"""Kendall's W with the tie correction against R irr's printed ``kendall(..., correct = TRUE)``.

1. Iris Kemp (2016), "Scorecard Example" (R Markdown on the ``irr`` package): 12 items
   rated by 5 raters, rater R2 with a tie (two 6s). Her printed output of
   ``kendall(scorecard[,2:6], correct = TRUE)``::

        Kendall's coefficient of concordance Wt
         Subjects = 12
           Raters = 5
               Wt = 0.735
       Chisq(11) = 40.5
         p-value = 2.99e-05

2. The ``anxiety`` data of irr (Gamer, Lemon, Fellows & Singh, irr: Various Coefficients of
   Interrater Reliability and Agreement; 20 subjects × 3 raters, the data frame printed in
   DescTools' ``KendallW`` help page, Signorell et al.). ``kendall(anxiety, TRUE)`` gives
   Wt = 0.54, χ²(19) = 30.8, p = 0.0429 to the digits the Python port ``sophiedkk/pyirr``
   checks in ``tests/test_kendall.py`` against irr.
"""

from __future__ import annotations

import numpy as np
import pytest

from serviq.delphi.concordance import kendall_w

SCORECARD = [
    [4, 1, 1, 2, 1],
    [3, 2, 2, 3, 6],
    [1, 6, 6, 5, 2],
    [5, 3, 3, 6, 5],
    [6, 5, 4, 7, 3],
    [9, 4, 5, 1, 8],
    [8, 8, 8, 4, 4],
    [2, 9, 7, 10, 9],
    [7, 10, 10, 8, 7],
    [11, 11, 9, 9, 10],
    [10, 6, 11, 11, 11],
    [12, 12, 12, 12, 12],
]

ANXIETY = {
    "rater1": [3, 3, 3, 4, 5, 5, 2, 3, 5, 2, 2, 6, 1, 5, 2, 2, 1, 2, 4, 3],
    "rater2": [3, 6, 4, 6, 2, 4, 2, 4, 3, 3, 2, 3, 3, 3, 2, 2, 1, 3, 3, 4],
    "rater3": [2, 1, 4, 4, 3, 2, 1, 6, 1, 1, 1, 2, 3, 3, 1, 1, 3, 3, 2, 2],
}


def test_scorecard_matches_irr_printout() -> None:
    r = kendall_w(SCORECARD)
    assert (r.subjects, r.raters, r.df) == (12, 5, 11)
    assert r.ties
    assert round(r.w, 3) == 0.735
    assert round(r.chisq, 1) == 40.5
    assert f"{r.pvalue:.2e}" == "2.99e-05"


def test_anxiety_matches_irr() -> None:
    r = kendall_w(np.column_stack(list(ANXIETY.values())))
    assert (r.subjects, r.raters, r.df) == (20, 3, 19)
    assert round(r.w, 2) == 0.54
    assert round(r.chisq, 1) == 30.8
    assert round(r.pvalue, 4) == 0.0429


def test_the_tie_correction_changes_w_on_anxiety() -> None:
    corrected = kendall_w(np.column_stack(list(ANXIETY.values()))).w
    plain = kendall_w(np.column_stack(list(ANXIETY.values())), correct=False).w
    assert plain < corrected  # the correction shrinks the denominator


def test_chisq_is_m_times_n_minus_one_times_w() -> None:
    r = kendall_w(SCORECARD)
    assert r.chisq == pytest.approx(5 * 11 * r.w, rel=1e-12)


def test_rows_with_a_missing_score_are_left_out_as_irr_does() -> None:
    with_gap = [*SCORECARD, [1.0, np.nan, 2.0, 3.0, 4.0]]
    assert kendall_w(with_gap).w == pytest.approx(kendall_w(SCORECARD).w, rel=1e-12)
