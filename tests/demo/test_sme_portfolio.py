"""The demo SME portfolio: the scorecard recovers the planted soft-information effect, and
docs/sme.md reports the figures this run gives."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from serviq.demo.sme_portfolio import (
    HARD_FEATURES,
    RATIONED_SEGMENT,
    SOFT_FEATURES,
    portfolio,
    rationed_decisions,
)
from serviq.sme.report import soft_information_gain

DOC = Path(__file__).resolve().parents[2] / "docs" / "sme.md"


@pytest.fixture(scope="module")
def gain() -> dict[str, float]:
    df = portfolio()
    return soft_information_gain(df, target="default", hard=list(HARD_FEATURES),
                                 soft=list(SOFT_FEATURES),
                                 train=(df["year"] <= 2023).to_numpy())  # fmt: skip


def test_soft_information_raises_the_validated_auc(gain: dict[str, float]) -> None:
    assert gain["auc_with_soft"] > gain["auc_without_soft"]
    assert gain["ci"][0] > 0  # the DeLong interval excludes no gain


def test_docs_report_the_figures_of_this_run(gain: dict[str, float]) -> None:
    text = DOC.read_text(encoding="utf-8")
    m = re.search(r"AUC ([0-9.]+) with soft information against ([0-9.]+) without; "
                  r"difference ([0-9.]+), 95 % CI ([0-9.]+) to ([0-9.]+)", text)  # fmt: skip
    assert m, "docs/sme.md states the holdout AUCs"
    shown = [float(g) for g in m.groups()]
    actual = [gain["auc_with_soft"], gain["auc_without_soft"], gain["difference"], *gain["ci"]]
    assert shown == [round(a, 3) for a in actual]


def test_rationing_is_planted_in_one_segment() -> None:
    df = portfolio(1500)
    approve = rationed_decisions(df, np.full(len(df), 700.0), cutoff=580)
    seg = (df["size_class"] == RATIONED_SEGMENT[0]) & (df["region"] == RATIONED_SEGMENT[1])
    assert approve[~seg.to_numpy()].all()
    assert 0.25 < approve[seg.to_numpy()].mean() < 0.55
