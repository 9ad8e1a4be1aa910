"""AHP against Saaty's own published examples.

1. Saaty, T. L. (2008). Decision making with the analytic hierarchy process.
   Int. J. Services Sciences 1(1), 83–98, "Which drink is consumed more in the U.S.?":
   the derived priorities are coffee .177, wine .019, tea .042, beer .116, sodas .190,
   milk .129, water .327 with a consistency ratio of .022 (the same numbers are the
   reference test of the AHPy package, PhilipGriffith/AHPy tests/test_ahp.py).
2. Saaty, T. L. (2005). Theory and Applications of the Analytic Network Process, RWS:
   choosing the best city (Bethesda, Boston, Pittsburgh, Santa Fe) under five criteria;
   the synthesised global priorities are Bethesda .229, Boston .275, Pittsburgh .385,
   Santa Fe .111 (also in AHPy's test suite, with RI from Saaty 2005).
3. Random-index tables: Saaty (1980), The Analytic Hierarchy Process, table 1.7;
   Saaty (2008), table 2.
"""

from __future__ import annotations

import numpy as np
import pytest

from serviq.indicators.weighting import RANDOM_INDEX, ahp, global_weights


def reciprocal(names: list[str], upper: dict[tuple[str, str], float]) -> np.ndarray:
    n = len(names)
    A = np.ones((n, n))
    for (a, b), v in upper.items():
        i, j = names.index(a), names.index(b)
        A[i, j], A[j, i] = v, 1 / v
    return A


DRINKS = ["coffee", "wine", "tea", "beer", "sodas", "milk", "water"]
DRINK_JUDGEMENTS = {
    ("coffee", "wine"): 9, ("coffee", "tea"): 5, ("coffee", "beer"): 2, ("coffee", "sodas"): 1,
    ("coffee", "milk"): 1, ("water", "coffee"): 2, ("water", "wine"): 9, ("water", "tea"): 9,
    ("water", "beer"): 3, ("water", "sodas"): 2, ("water", "milk"): 3, ("tea", "wine"): 3,
    ("beer", "wine"): 9, ("beer", "tea"): 3, ("beer", "milk"): 1, ("sodas", "wine"): 9,
    ("sodas", "tea"): 4, ("sodas", "beer"): 2, ("sodas", "milk"): 2, ("milk", "wine"): 9,
    ("milk", "tea"): 3,
}  # fmt: skip
DRINK_PRIORITIES = {"coffee": 0.177, "wine": 0.019, "tea": 0.042, "beer": 0.116,
                    "sodas": 0.190, "milk": 0.129, "water": 0.327}  # fmt: skip


@pytest.mark.parametrize("ri", ["saaty1980", "saaty2008"])
def test_saaty_2008_drinks_priorities_and_consistency(ri) -> None:
    r = ahp(reciprocal(DRINKS, DRINK_JUDGEMENTS), DRINKS, ri=ri)
    for k, v in DRINK_PRIORITIES.items():
        assert r.weights[k] == pytest.approx(v, abs=5e-4)
    assert round(r.cr, 3) == 0.022
    assert r.lambda_max == pytest.approx(7 + 6 * r.ci)
    assert r.consistent
    assert r.worst_judgements == ()


def test_saaty_2005_best_city_global_priorities() -> None:
    cities = ["Bethesda", "Boston", "Pittsburgh", "Santa Fe"]
    criteria = ["Culture", "Family", "Housing", "Jobs", "Transportation"]
    crit = reciprocal(criteria, {
        ("Culture", "Housing"): 3, ("Culture", "Transportation"): 5, ("Family", "Culture"): 5,
        ("Family", "Housing"): 7, ("Family", "Transportation"): 7, ("Housing", "Transportation"): 3,
        ("Jobs", "Culture"): 2, ("Jobs", "Housing"): 4, ("Jobs", "Transportation"): 7,
        ("Family", "Jobs"): 1})  # fmt: skip
    per_criterion = {
        "Culture": {("Bethesda", "Pittsburgh"): 1, ("Boston", "Bethesda"): 2,
                    ("Boston", "Pittsburgh"): 2.5, ("Boston", "Santa Fe"): 1,
                    ("Santa Fe", "Bethesda"): 2, ("Santa Fe", "Pittsburgh"): 2.5},
        "Family": {("Bethesda", "Boston"): 2, ("Bethesda", "Santa Fe"): 4, ("Boston", "Santa Fe"): 2,
                   ("Pittsburgh", "Bethesda"): 3, ("Pittsburgh", "Boston"): 8,
                   ("Pittsburgh", "Santa Fe"): 9},
        "Housing": {("Bethesda", "Boston"): 5, ("Bethesda", "Santa Fe"): 2.5,
                    ("Pittsburgh", "Bethesda"): 2, ("Pittsburgh", "Boston"): 9,
                    ("Pittsburgh", "Santa Fe"): 7, ("Santa Fe", "Boston"): 4},
        "Jobs": {("Bethesda", "Pittsburgh"): 3, ("Bethesda", "Santa Fe"): 4, ("Boston", "Bethesda"): 2,
                 ("Boston", "Pittsburgh"): 6, ("Boston", "Santa Fe"): 8,
                 ("Pittsburgh", "Santa Fe"): 1},
        "Transportation": {("Bethesda", "Boston"): 1.5, ("Bethesda", "Santa Fe"): 4,
                           ("Boston", "Santa Fe"): 2.5, ("Pittsburgh", "Bethesda"): 2,
                           ("Pittsburgh", "Boston"): 3.5, ("Pittsburgh", "Santa Fe"): 9},
    }  # fmt: skip
    local = {"Goal": ahp(crit, criteria, ri="saaty2008").weights}
    for c, judgements in per_criterion.items():
        local[c] = {f"{c}/{k}": v for k, v in ahp(reciprocal(cities, judgements), cities, ri="saaty2008").weights.items()}  # fmt: skip
    g = global_weights(local, "Goal")
    synth = {city: sum(g[f"{c}/{city}"] for c in criteria) for city in cities}
    expected = {"Bethesda": 0.229, "Boston": 0.275, "Pittsburgh": 0.385, "Santa Fe": 0.111}
    for city, v in expected.items():
        assert synth[city] == pytest.approx(v, abs=5e-4)


def test_random_index_tables_as_printed() -> None:
    assert RANDOM_INDEX["saaty1980"][:10] == (0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49)
    assert RANDOM_INDEX["saaty2008"][:10] == (0, 0, 0.52, 0.89, 1.11, 1.25, 1.35, 1.40, 1.45, 1.49)


def test_a_consistent_matrix_has_lambda_n_and_cr_zero() -> None:
    w = np.array([0.5, 0.3, 0.2])
    r = ahp(w[:, None] / w[None, :], ["a", "b", "c"])
    assert r.lambda_max == pytest.approx(3.0)
    assert r.cr == pytest.approx(0.0, abs=1e-12)
    assert list(r.weights.values()) == pytest.approx(list(w))
