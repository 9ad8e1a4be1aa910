"""Item analysis of knowledge tests against R mirt's printed ``itemstats`` on the LSAT6 data.

Data: Law School Admission Test, section 6 — 5 dichotomous items, 1000 examinees, as the
32 response patterns and their frequencies of Bock, R. D. & Lieberman, M. (1970), Fitting a
response model for n dichotomously scored items, *Psychometrika* 35, 179–197; the table R's
mirt ships as ``LSAT6`` (Thissen, D. (1982), Marginal maximum likelihood estimation for the
one-parameter logistic model, *Psychometrika* 47, 175–186) and ltm as ``LSAT``.

Published output: mirt's reference page for ``LSAT6`` (Chalmers, R. P. (2012), mirt: a
multidimensional item response theory package for the R environment, *Journal of
Statistical Software* 48(6)) prints ``itemstats(expand.table(LSAT6))``::

    N mean_total.score sd_total.score ave.r sd.r alpha
    1000         3.819          1.035 0.077 0.03 0.295

             N K  mean    sd total.r total.r_if_rm alpha_if_rm
    Item_1 1000 2 0.924 0.265   0.362         0.113       0.275
    Item_2 1000 2 0.709 0.454   0.567         0.153       0.238
    Item_3 1000 2 0.553 0.497   0.618         0.173       0.217
    Item_4 1000 2 0.763 0.425   0.534         0.144       0.246
    Item_5 1000 2 0.870 0.336   0.435         0.122       0.266

``mean`` is the difficulty (proportion correct), ``total.r_if_rm`` the corrected item–total
point-biserial and ``alpha`` the KR-20; all are compared to the printed three decimals.
The upper–lower index has no published value for these data; it is checked by hand in
``tests/training/test_items.py``.
"""

from __future__ import annotations

import pandas as pd
import pytest

from serviq.training.items import analyse

PATTERNS = [
    ("00000", 3),
    ("00001", 6),
    ("00010", 2),
    ("00011", 11),
    ("00100", 1),
    ("00101", 1),
    ("00110", 3),
    ("00111", 4),
    ("01000", 1),
    ("01001", 8),
    ("01010", 0),
    ("01011", 16),
    ("01100", 0),
    ("01101", 3),
    ("01110", 2),
    ("01111", 15),
    ("10000", 10),
    ("10001", 29),
    ("10010", 14),
    ("10011", 81),
    ("10100", 3),
    ("10101", 28),
    ("10110", 15),
    ("10111", 80),
    ("11000", 16),
    ("11001", 56),
    ("11010", 21),
    ("11011", 173),
    ("11100", 11),
    ("11101", 61),
    ("11110", 28),
    ("11111", 298),
]

MEAN = [0.924, 0.709, 0.553, 0.763, 0.870]
R_IF_RM = [0.113, 0.153, 0.173, 0.144, 0.122]


@pytest.fixture(scope="module")
def lsat6() -> pd.DataFrame:
    rows = [[float(c) for c in p] for p, f in PATTERNS for _ in range(f)]
    return pd.DataFrame(rows, columns=[f"Item_{j}" for j in range(1, 6)])


def test_the_table_is_the_published_one(lsat6: pd.DataFrame) -> None:
    total = lsat6.sum(axis=1)
    assert len(lsat6) == 1000
    assert round(float(total.mean()), 3) == 3.819
    assert round(float(total.std(ddof=1)), 3) == 1.035


def test_difficulty_point_biserial_and_kr20_match_mirt(lsat6: pd.DataFrame) -> None:
    got = analyse(lsat6)
    assert [round(i.difficulty, 3) for i in got.items] == MEAN
    assert [round(i.r_drop, 3) for i in got.items] == R_IF_RM
    assert round(got.kr20, 3) == 0.295
