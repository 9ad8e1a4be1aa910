"""TOPSIS against Hwang & Yoon's fighter-aircraft example.

Hwang, C. L. & Yoon, K. (1981). Multiple Attribute Decision Making: Methods and
Applications. Springer, p. 133: four aircraft A1–A4, six attributes (maximum speed, ferry
range, maximum payload, acquisition cost — a cost attribute —, reliability,
maneuverability), weights 0.2, 0.1, 0.1, 0.1, 0.2, 0.3. The book's relative closeness is
C* = 0.643, 0.268, 0.613, 0.312 (ranking A1 > A3 > A4 > A2). The book rounds the
normalised matrix to 4 decimals before going on; at full precision A3 is 0.6135, so the
check allows 0.001.
"""

from __future__ import annotations

import pandas as pd
import pytest

from serviq.indicators.scoring import topsis


def test_hwang_yoon_fighter_aircraft() -> None:
    X = pd.DataFrame(
        [[2.0, 1500, 20000, 5.5, 5, 9], [2.5, 2700, 18000, 6.5, 3, 5],
         [1.8, 2000, 21000, 4.5, 7, 7], [2.2, 1800, 20000, 5.0, 5, 5]],
        index=["A1", "A2", "A3", "A4"],
        columns=["speed", "range", "payload", "cost", "reliability", "maneuverability"],
    )  # fmt: skip
    w = dict(zip(X.columns, [0.2, 0.1, 0.1, 0.1, 0.2, 0.3], strict=True))
    r = topsis(X, w, {"cost": "lower"})
    expected = {"A1": 0.643, "A2": 0.268, "A3": 0.613, "A4": 0.312}
    for unit, c in expected.items():
        assert r.loc[unit, "closeness"] == pytest.approx(c, abs=1e-3)
    assert list(r.index) == ["A1", "A3", "A4", "A2"]
    assert list(r["rank"]) == [1, 2, 3, 4]
