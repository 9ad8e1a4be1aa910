"""Expert weights from the Delphi panel: geometric-mean aggregation of the experts' AHP
judgements, each expert's CR, and the next system version that records them as evidence."""

from __future__ import annotations

import math

import pytest

from serviq.delphi.weights import panel_weights, weighted_system
from serviq.errors import InvalidInput
from serviq.indicators import bundled_system


def consistent(w: list[float]) -> list[list[float]]:
    """The perfectly consistent matrix a_ij = w_i / w_j (CR = 0, priorities w)."""
    return [[a / b for b in w] for a in w]


def test_two_consistent_experts_give_the_normalised_geometric_mean_of_their_weights() -> None:
    # a_ij = sqrt(w1_i w2_i) / sqrt(w1_j w2_j): consistent, priorities ∝ sqrt(w1 w2)
    w1, w2 = [0.5, 0.3, 0.2], [0.2, 0.3, 0.5]
    g = [math.sqrt(a * b) for a, b in zip(w1, w2, strict=True)]
    expected = [x / sum(g) for x in g]
    system = bundled_system("bank_contact_centre")
    panel = panel_weights(system, "STAFF", {"E01": consistent(w1), "E02": consistent(w2)})
    assert list(panel.weights) == ["QA_SCORE", "QA_ATTITUDE", "QA_SKILL"]
    assert list(panel.weights.values()) == pytest.approx(expected, abs=1e-12)
    assert panel.consistency == pytest.approx({"E01": 0.0, "E02": 0.0}, abs=1e-12)

    new = weighted_system(system, panel, date="2026-12-05")
    local = new.local_weights()
    assert [local[c] for c in panel.weights] == pytest.approx(expected, abs=1e-12)
    entry = new.changelog[-1]
    assert "STAFF AHP, expert E01: CR = 0.000" in entry.evidence
    assert any("geometric mean of 2 experts" in line for line in entry.evidence)
    staff = next(p.node for p in new.walk() if p.node.code == "STAFF")
    assert staff.weighting is not None
    assert staff.weighting.method == "ahp"


def test_an_inconsistent_expert_is_named_in_the_evidence() -> None:
    # Saaty's classic inconsistency: 1 ≻ 2 (3), 2 ≻ 3 (3), yet 3 ≻ 1 (3)
    bad = [[1, 3, 1 / 3], [1 / 3, 1, 3], [3, 1 / 3, 1]]
    system = bundled_system("bank_contact_centre")
    panel = panel_weights(system, "STAFF", {"E01": consistent([0.5, 0.3, 0.2]), "E09": bad})
    assert panel.consistency["E09"] > 0.1
    assert any(
        line.startswith("STAFF AHP, expert E09") and "inconsistent" in line
        for line in panel.evidence()
    )


def test_a_leaf_or_a_wrong_size_is_refused() -> None:
    system = bundled_system("bank_contact_centre")
    with pytest.raises(InvalidInput, match="not a node with children"):
        panel_weights(system, "SL", {"E01": [[1]]})
    with pytest.raises(InvalidInput):
        panel_weights(system, "STAFF", {"E01": consistent([0.5, 0.5])})
