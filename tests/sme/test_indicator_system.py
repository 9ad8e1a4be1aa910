"""The bundled SME indicator system: it validates, its ``sme`` bindings name exactly the
desk's figures, and the figures of a hand-computed fixture score through the engine."""

from __future__ import annotations

import pytest

from serviq.errors import ValidationFailed
from serviq.indicators.bindings import sme_value
from serviq.indicators.model import load_sources, load_system, parse_system
from serviq.indicators.scoring import score_system
from serviq.resources import data_path
from serviq.sme.rationing import service_figures

from .test_rationing import CASES


def test_the_sources_list_names_exactly_the_desks_figures() -> None:
    assert load_sources().sme == frozenset(service_figures(CASES, cutoff=580)) - {"cutoff",
                                                                                 "refused_creditworthy"}  # fmt: skip


def test_fixture_figures_score_through_the_engine() -> None:
    system = load_system("sme_desk")
    figures = service_figures(CASES, cutoff=580)
    values = {}
    for node in system.indicators():
        b = node.measurement.binding  # type: ignore[union-attr]
        if b.source == "sme":
            v = sme_value(b, figures)
            if v is not None:
                values[node.code] = v
    # hand computation (tests/sme/test_rationing.py): 4.5 days mean, 1 hand-off, 2/3 of the
    # creditworthy approved, half the approved are first loans and guaranteed, no complaint
    assert values == pytest.approx({"TTD": 4.5, "HANDOFF": 1.0, "CWAR": 2 / 3, "FIRSTLOAN": 0.5,
                                    "GUARCOV": 0.5, "SMECOMPL": 0.0})  # fmt: skip
    card = score_system(system, values, {})
    by_code = {n.code: n for n in card.nodes}
    assert by_code["TTD"].status == "green"  # 4.5 ≤ target 5 days
    assert by_code["CWAR"].status == "red"  # 0.667 < amber 0.8


def test_a_binding_to_an_unknown_sme_figure_is_refused() -> None:
    text = data_path("indicators/sme_desk.yaml").read_text(encoding="utf-8")
    with pytest.raises(ValidationFailed, match="not among the SME desk's figures"):
        parse_system(text.replace("ref: hand_offs", "ref: hand_shakes"), file="x.yaml")
