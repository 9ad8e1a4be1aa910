"""Agreement statistics against published worked examples.

Sources:
- Fleiss, J. L. (1971). Measuring nominal scale agreement among many raters.
  Psychological Bulletin 76(5), 378–382, Table 1 (30 patients × 6 psychiatrists, five
  diagnoses); shipped as ``irr::diagnoses``. R: ``irr::kappam.fleiss(diagnoses)`` →
  Kappa = 0.430 (0.4302445 printed to 7 digits).
- Wikipedia, "Fleiss' kappa", worked example (10 subjects × 14 raters, 5 categories):
  κ = 0.210.
- Krippendorff, K. (2011). Computing Krippendorff's alpha-reliability, §"C. Nominal data,
  any number of observers, missing data" (4 observers × 12 units, values 1–5 with
  missing): nominal α = 0.743; the same data at the other levels give ordinal 0.815,
  interval 0.849, ratio 0.797 (as printed by the ``krippendorff`` Python package's
  documentation for these data).
- Cohen's kappa: R ``irr::kappa2(anxiety[,2:3])`` = −0.006289308,
  ``kappa2(anxiety[,2:3], "equal")`` = 0.1459075, ``kappa2(anxiety[,2:3], "squared")`` =
  0.2520325 (``irr::anxiety``, 20 subjects × 3 raters); the SAS PROC FREQ example table
  [[0,4,1],[0,8,0],[0,1,5]] with simple kappa 0.4842 and weighted (Cicchetti–Allison =
  linear) kappa 0.4701; Wikipedia "Cohen's kappa" example 1 (20/5/10/15): κ = 0.4.
"""

from __future__ import annotations

import numpy as np
import pytest

from serviq.text.agreement import (
    alpha_ci,
    cohen_kappa,
    cohen_kappa_table,
    fleiss_kappa,
    fleiss_kappa_counts,
    krippendorff_alpha,
    percent_agreement,
)

# Fleiss (1971) Table 1 as irr::diagnoses (rows: patients; columns: raters; 1 depression,
# 2 personality disorder, 3 schizophrenia, 4 neurosis, 5 other).
DIAGNOSES = np.array(
    [
        [4, 4, 4, 4, 4, 4], [2, 2, 2, 5, 5, 5], [2, 3, 3, 3, 3, 5], [5, 5, 5, 5, 5, 5],
        [2, 2, 2, 4, 4, 4], [1, 1, 3, 3, 3, 3], [3, 3, 3, 3, 5, 5], [1, 1, 3, 3, 3, 4],
        [1, 1, 4, 4, 4, 4], [5, 5, 5, 5, 5, 5], [1, 4, 4, 4, 4, 4], [1, 2, 4, 4, 4, 4],
        [2, 2, 2, 3, 3, 3], [1, 4, 4, 4, 4, 4], [2, 2, 4, 4, 4, 5], [3, 3, 3, 3, 3, 5],
        [1, 1, 1, 4, 5, 5], [1, 1, 1, 1, 1, 2], [2, 2, 4, 4, 4, 4], [1, 3, 3, 5, 5, 5],
        [5, 5, 5, 5, 5, 5], [2, 4, 4, 4, 4, 4], [2, 2, 4, 5, 5, 5], [1, 1, 4, 4, 4, 4],
        [1, 4, 4, 4, 4, 5], [2, 2, 2, 2, 2, 4], [1, 1, 1, 1, 5, 5], [2, 2, 4, 4, 4, 4],
        [1, 3, 3, 3, 3, 3], [5, 5, 5, 5, 5, 5],
    ]
)  # fmt: skip

WIKI_FLEISS = [
    [0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7],
]  # fmt: skip

N = None
# Krippendorff (2011), reliability data matrix: observers A–D in rows, units 1–12.
KRIPP = np.array(
    [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
        [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
    ],
    dtype=object,
).T  # units in rows, observers in columns

# irr::anxiety (20 subjects, raters 1–3).
ANXIETY = np.array(
    [3, 3, 3, 4, 5, 5, 2, 3, 5, 2, 2, 6, 1, 5, 2, 2, 1, 2, 4, 3,
     3, 6, 4, 6, 2, 4, 2, 4, 3, 3, 2, 3, 3, 3, 2, 2, 1, 3, 3, 4,
     2, 1, 4, 4, 3, 2, 1, 6, 1, 1, 1, 2, 3, 3, 1, 1, 3, 3, 2, 2]
).reshape(3, 20).T  # fmt: skip


def test_fleiss_1971_diagnoses() -> None:
    assert fleiss_kappa(DIAGNOSES) == pytest.approx(0.4302445, abs=1e-7)


def test_fleiss_wikipedia_counts_table() -> None:
    assert fleiss_kappa_counts(WIKI_FLEISS) == pytest.approx(0.210, abs=5e-4)


@pytest.mark.parametrize(
    ("level", "expected"),
    [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849), ("ratio", 0.797)],
)
def test_krippendorff_2011_example(level: str, expected: float) -> None:
    assert krippendorff_alpha(KRIPP, level) == pytest.approx(expected, abs=5e-4)  # type: ignore[arg-type]


def test_cohen_irr_anxiety() -> None:
    a, b = ANXIETY[:, 1], ANXIETY[:, 2]
    assert cohen_kappa(a, b) == pytest.approx(-0.006289308, abs=1e-8)
    assert cohen_kappa(a, b, weights="linear") == pytest.approx(0.1459075, abs=1e-7)
    assert cohen_kappa(a, b, weights="quadratic") == pytest.approx(0.2520325, abs=1e-7)


def test_cohen_sas_table() -> None:
    table = [[0, 4, 1], [0, 8, 0], [0, 1, 5]]
    assert cohen_kappa_table(table) == pytest.approx(0.4842, abs=5e-5)
    assert cohen_kappa_table(table, weights="linear") == pytest.approx(0.4701, abs=5e-5)


def test_cohen_wikipedia_example() -> None:
    assert cohen_kappa_table([[20, 5], [10, 15]]) == pytest.approx(0.4)


def test_alpha_nominal_equals_fleiss_style_limit_and_ci_brackets_the_estimate() -> None:
    ci = alpha_ci(KRIPP, "interval", n_boot=500, seed=7)
    est = krippendorff_alpha(KRIPP, "interval")
    assert ci.lower <= est <= ci.upper
    assert alpha_ci(KRIPP, "interval", n_boot=500, seed=7) == ci


def test_percent_agreement_of_the_krippendorff_units() -> None:
    # units 1–12: all observers agree on units 1, 3, 4, 5, 7, 9, 10, 11 (12 has one value)
    assert percent_agreement(KRIPP) == pytest.approx(8 / 11)
