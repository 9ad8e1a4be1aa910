"""Expert weights from the Delphi panel (issue 19 scope 2): each expert's AHP judgements on
the children of one node, aggregated by the geometric mean, recorded as the node's
weighting evidence in the next version of the indicator system.

Each expert k gives a reciprocal judgement matrix A⁽ᵏ⁾ on Saaty's 1–9 scale, children in
the tree's order. The panel's matrix is the geometric mean of the judgements (AIJ; Aczél &
Saaty 1983, Forman & Peniwati 1998), the only aggregation that keeps the reciprocal
property::

    a_ij = (Π_k a_ij⁽ᵏ⁾)^(1/m)

and the weights are its principal eigenvector. Each expert's consistency ratio
CR_k = CI_k / RI(n), CI_k = (λ_max,k − n) / (n − 1) (Saaty 1980), is reported beside it, and
so is the panel matrix's; a CR ≥ 0.1 marks judgements to revise. All of it is
:func:`serviq.indicators.weighting.ahp_group`; this module names the experts and writes the
evidence.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from serviq.errors import InvalidInput
from serviq.indicators.model import IndicatorSystem
from serviq.indicators.versioning import new_version
from serviq.indicators.weighting import GroupAHPResult, ahp_group


@dataclass(frozen=True)
class PanelWeights:
    """The panel's weights of one node's children, with each expert's consistency."""

    node: str
    experts: tuple[str, ...]
    group: GroupAHPResult

    @property
    def weights(self) -> dict[str, float]:
        return dict(self.group.weights)

    @property
    def consistency(self) -> dict[str, float]:
        """Expert → consistency ratio CR."""
        return {e: r.cr for e, r in zip(self.experts, self.group.individual, strict=True)}

    def evidence(self) -> list[str]:
        """One line per expert (CR, consistent or not) and one for the panel matrix."""
        lines = [
            f"{self.node} AHP, expert {e}: CR = {r.cr:.3f}"
            + ("" if r.consistent else " (inconsistent: CR >= 0.1)")
            for e, r in zip(self.experts, self.group.individual, strict=True)
        ]
        combined = self.group.combined
        assert combined is not None
        lines.append(
            f"{self.node} AHP, geometric mean of {len(self.experts)} experts' judgements: "
            f"CR = {combined.cr:.3f}; weights "
            + ", ".join(f"{k} {v:.4f}" for k, v in self.group.weights.items())
        )
        return lines


def panel_weights(
    system: IndicatorSystem, node: str, judgements: Mapping[str, Sequence[Sequence[float]]]
) -> PanelWeights:
    """The panel's AHP weights of ``node``'s scored children (in the tree's order) from
    ``judgements``: expert → matrix."""
    found = next((p.node for p in system.walk() if p.node.code == node), None)
    if found is None or not found.children:
        raise InvalidInput(f"{node!r} is not a node with children in {system.id} {system.version}")
    if not judgements:
        raise InvalidInput(f"no expert judgements on the children of {node}")
    items = [c.code for c in found.children if c.counts()]
    experts = tuple(judgements)
    group = ahp_group([judgements[e] for e in experts], items, aggregation="aij")
    return PanelWeights(node, experts, group)


def weighted_system(
    system: IndicatorSystem,
    panel: PanelWeights,
    *,
    version: str | None = None,
    date: dt.date | str | None = None,
) -> IndicatorSystem:
    """The next version of ``system`` whose ``panel.node`` is weighted by the panel's
    geometric-mean matrix (method ``ahp``, the experts' CRs as its evidence) and whose
    children carry the resulting weights."""
    combined = panel.group.combined
    assert combined is not None
    evidence = panel.evidence()
    changes: dict[str, dict[str, object]] = {
        panel.node: {
            "weighting": {
                "method": "ahp",
                "matrix": [list(r) for r in combined.matrix],
                "note": f"Delphi panel of {len(panel.experts)} experts (geometric mean)",
                "evidence": evidence,
            }
        },
        **{code: {"weight": w} for code, w in panel.weights.items()},
    }
    return new_version(
        system,
        changes=changes,
        note=f"Weights of {panel.node} from the Delphi panel's AHP judgements",
        evidence=evidence,
        version=version,
        date=date,
    )
