"""Fuzzy comprehensive evaluation against a published worked example.

The clothing-evaluation example (服裝評判) of Chinese mathematical-modelling textbooks
(Example 8.4, MATLAB file Example8_4.m, reproduced at
https://e-com-net.com/article/1276296104417181696.htm): factors 花色, 式樣, 耐穿程度, 價格;
grades 很歡迎, 較歡迎, 不太歡迎, 不歡迎; single-factor evaluation matrix
R = [[.2,.5,.2,.1],[.7,.2,.1,0],[0,.4,.5,.1],[.2,.3,.5,0]]; two kinds of customers weigh
the factors A1 = (.1,.2,.3,.4) and A2 = (.4,.35,.15,.1). With the "main factor decides"
operator M(∧,∨) the printed results are B1 = (0.2, 0.3, 0.4, 0.1) — by maximum membership
"不太歡迎" — and B2 = (0.35, 0.4, 0.2, 0.1) — "較歡迎".
"""

from __future__ import annotations

import pytest

from serviq.indicators.scoring import fuzzy_evaluate

R = [[0.2, 0.5, 0.2, 0.1], [0.7, 0.2, 0.1, 0.0], [0.0, 0.4, 0.5, 0.1], [0.2, 0.3, 0.5, 0.0]]
GRADES = ["很歡迎", "較歡迎", "不太歡迎", "不歡迎"]


@pytest.mark.parametrize(
    ("weights", "expected", "grade"),
    [
        ([0.1, 0.2, 0.3, 0.4], [0.2, 0.3, 0.4, 0.1], "不太歡迎"),
        ([0.4, 0.35, 0.15, 0.1], [0.35, 0.4, 0.2, 0.1], "較歡迎"),
    ],
)
def test_clothing_example_min_max(weights, expected, grade) -> None:
    r = fuzzy_evaluate(weights, R, operator="min_max", grades=GRADES)
    assert list(r.raw) == pytest.approx(expected)
    assert r.grade == grade
    assert sum(r.vector) == pytest.approx(1.0)
