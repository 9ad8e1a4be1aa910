"""Weighting methods: diagnostics, errors and invariants (weights ≥ 0 and sum to 1)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from serviq.errors import ComputationError, InvalidInput
from serviq.indicators import weighting as W  # noqa: N812 - short alias for many calls

FAST = settings(max_examples=40, deadline=None)


def test_it_flags_inconsistent_judgements_and_names_the_worst() -> None:
    # a > b (3), b > c (3) but c > a (5): intransitive
    r = W.ahp([[1, 3, 1 / 5], [1 / 3, 1, 3], [5, 1 / 3, 1]], ["a", "b", "c"])
    assert not r.consistent
    assert r.cr >= 0.1
    assert len(r.worst_judgements) == 3
    worst = r.worst_judgements[0]
    assert worst.suggested in W.SAATY_SCALE
    assert r.as_dict()["worst_judgements"][0]["row"] in "abc"


def test_geometric_mean_priorities_close_to_eigenvector_for_near_consistent() -> None:
    A = [[1, 2, 4], [1 / 2, 1, 2], [1 / 4, 1 / 2, 1]]
    e, g = W.ahp(A, method="eigen"), W.ahp(A, method="geometric")
    assert list(e.weights.values()) == pytest.approx(list(g.weights.values()))
    assert list(e.weights.values()) == pytest.approx([4 / 7, 2 / 7, 1 / 7])


def test_two_items_are_always_consistent() -> None:
    r = W.ahp([[1, 9], [1 / 9, 1]])
    assert r.cr == 0
    assert r.weights["C1"] == pytest.approx(0.9)


@pytest.mark.parametrize(
    ("matrix", "needle"),
    [
        ([[1, 2], [2, 1]], "not reciprocal"),
        ([[1, 2, 3], [0.5, 1, 1]], "square"),
        ([[1, -2], [-0.5, 1]], "positive"),
        ([[2, 2], [0.5, 1]], "diagonal"),
    ],
)
def test_it_rejects_a_bad_matrix(matrix, needle) -> None:
    with pytest.raises(InvalidInput, match=needle):
        W.ahp(matrix)


def test_the_random_index_tables_are_named() -> None:
    A = [[1, 2, 3], [1 / 2, 1, 2], [1 / 3, 1 / 2, 1]]
    a, b = W.ahp(A, ri="saaty1980"), W.ahp(A, ri="saaty2008")
    assert (a.ri, b.ri) == (0.58, 0.52)
    assert a.cr * 0.58 == pytest.approx(b.cr * 0.52)
    with pytest.raises(InvalidInput, match="saaty2008"):
        W.random_index(3, "golden")  # type: ignore[arg-type]


def test_group_aij_is_the_ahp_of_the_geometric_mean_matrix() -> None:
    e1 = [[1, 3], [1 / 3, 1]]
    e2 = [[1, 1 / 3], [3, 1]]
    r = W.ahp_group([e1, e2], ["x", "y"], aggregation="aij")
    assert r.weights == pytest.approx({"x": 0.5, "y": 0.5})
    assert r.combined is not None
    assert r.combined.matrix[0][1] == pytest.approx(1.0)


def test_group_aip_is_the_geometric_mean_of_priorities() -> None:
    e1 = [[1, 3], [1 / 3, 1]]
    e2 = [[1, 1], [1, 1]]
    r = W.ahp_group([e1, e2], ["x", "y"], aggregation="aip", expert_weights=[1, 1])
    g = np.sqrt(np.array([0.75, 0.25]) * np.array([0.5, 0.5]))
    assert [r.weights["x"], r.weights["y"]] == pytest.approx(list(g / g.sum()))
    assert len(r.individual) == 2


def test_global_weights_multiply_down_the_path() -> None:
    g = W.global_weights({"G": {"A": 0.6, "B": 0.4}, "A": {"x": 0.25, "y": 0.75}}, "G")
    assert g["y"] == pytest.approx(0.45)
    with pytest.raises(InvalidInput, match="cycle"):
        W.global_weights({"G": {"A": 1.0}, "A": {"G": 1.0}}, "G")


def test_combined_weights() -> None:
    s, o = {"a": 0.5, "b": 0.5}, {"a": 0.8, "b": 0.2}
    assert W.combine(s, o).weights == pytest.approx({"a": 0.8, "b": 0.2})
    assert W.combine(s, o, method="linear", alpha=0.5).weights == pytest.approx({"a": 0.65, "b": 0.35})  # fmt: skip
    with pytest.raises(InvalidInput, match="different indicators"):
        W.combine(s, {"a": 1.0})


def test_direct_expert_weights_are_averaged() -> None:
    r = W.direct({"e1": {"a": 60, "b": 40}, "e2": {"a": 0.4, "b": 0.6}})
    assert r.weights == pytest.approx({"a": 0.5, "b": 0.5})
    assert r.diagnostics["spread"]["a"] == pytest.approx(0.2)


def test_objective_weights_reject_bad_data() -> None:
    df = pd.DataFrame({"a": [1, 2, None], "b": [1, 1, 1]})
    with pytest.raises(InvalidInput, match="empty cells"):
        W.entropy(df)
    with pytest.raises(ComputationError, match="constant"):
        W.critic(pd.DataFrame({"a": [1, 2, 3], "b": [1, 1, 1]}))
    with pytest.raises(InvalidInput, match="no column"):
        W.coefficient_of_variation(df, ["zz"])
    with pytest.raises(InvalidInput, match="allowed: higher, lower"):
        W.critic(pd.DataFrame({"a": [1, 2, 3], "b": [3, 1, 2]}), directions={"a": "up"})


def test_entropy_minmax_respects_direction() -> None:
    df = pd.DataFrame({"a": [1.0, 2.0, 4.0], "b": [10.0, 20.0, 25.0]})
    up = W.entropy(df, normalisation="minmax")
    down = W.entropy(df, normalisation="minmax", directions={"a": "lower"})
    assert up.weights["a"] != pytest.approx(down.weights["a"])


positive_matrix = arrays(
    np.float64, st.tuples(st.integers(3, 8), st.integers(2, 5)),
    elements=st.floats(0.5, 100, allow_nan=False),
)  # fmt: skip


def check_weights(w: dict[str, float]) -> None:
    values = np.array(list(w.values()))
    assert np.all(values >= 0)
    assert values.sum() == pytest.approx(1.0)


@FAST
@given(positive_matrix)
def test_objective_weights_are_non_negative_and_sum_to_one(X) -> None:
    df = pd.DataFrame(X, columns=[f"c{i}" for i in range(X.shape[1])])
    assume((df.std() / df.mean()).max() > 1e-6)
    check_weights(W.entropy(df).weights)
    check_weights(W.coefficient_of_variation(df).weights)
    if (df.std() > 1e-9).all():
        try:
            result = W.critic(df)
        except ComputationError:  # perfectly correlated columns carry no information
            result = None
        if result is None:
            assert np.allclose(np.abs(np.corrcoef(X, rowvar=False)), 1.0)
        else:
            check_weights(result.weights)


@FAST
@given(st.lists(st.sampled_from(W.SAATY_SCALE), min_size=3, max_size=10))
def test_ahp_weights_are_non_negative_and_sum_to_one(upper) -> None:
    n = 2
    while n * (n - 1) // 2 <= len(upper):
        n += 1
    n -= 1
    A = np.ones((n, n))
    k = 0
    for i in range(n):
        for j in range(i + 1, n):
            A[i, j], A[j, i] = upper[k], 1 / upper[k]
            k += 1
    for method in ("eigen", "geometric"):
        r = W.ahp(A, method=method)
        check_weights(r.weights)
        assert r.cr >= 0
        assert r.lambda_max >= n - 1e-9
