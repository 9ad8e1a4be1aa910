"""Issue 4, Done-when: on the demo comments the top themes match the planted ones, and every
example quote is masked — through the real pipeline (redaction → coding → themes).

Bars, stated precisely:

* demo month (``theme_scores.DEMO``: one month, scale 0.1, seed 20; ~340 comments):
  the five most-mentioned themes found are the five most-planted themes, in the same order;
  Spearman's ρ between planted and found counts over all 11 themes ≥ 0.95; every theme's
  recall ≥ 0.90 and precision ≥ 0.60; micro recall ≥ 0.95 and precision ≥ 0.90. (Precision
  bars are lower than recall bars because the rules honestly give a second code where the
  generator planted one: "转接到别的部门后又要重新排队" is also a wait, "推销电话知道我的个人信息"
  also an unwanted marketing call.) Measured at commit time: ρ = 0.998, micro recall 1.000,
  precision 0.948, worst per-theme precision 0.68 (mis_selling).
* every example quote (all coded comments are requested as examples) contains none of the
  personal data the generator recorded, and each comment with recorded personal data shows
  the placeholder of its type.
* hand-labelled sets, each committed before it was measured (``theme_scores.py`` prints
  them): ``gold/themes_handlabelled.tsv`` (70, written before the rules were widened) and
  ``gold/themes_heldout.tsv`` (47, written after the first widening; its misses then drove
  the second) — both now seen by the rules: micro recall ≥ 0.95, precision ≥ 0.90 (measured
  1.000 / 0.987 and 1.000 / 0.959). ``gold/themes_fresh.tsv`` (48, written after the rules
  were frozen, never tuned on) is the honest figure for new phrasings and only a regression
  floor here: recall ≥ 0.40, precision ≥ 0.80 (measured 0.468 / 0.880; 0.319 / 0.833 with
  the code book on main before this work).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
from scipy.stats import spearmanr

from serviq.text import PLACEHOLDERS, redact
from serviq.text.codebook import CodeBook, autocode, load_codebook
from serviq.text.themes import theme_table

from .theme_scores import (
    demo_comments,
    micro,
    score,
    truth_sets,
)

GOLD = Path(__file__).parent / "gold"
KIND = {"mobile": "mobile", "id_number": "id_cn", "bank_card": "bank_card", "email": "email"}


@pytest.fixture(scope="module")
def book() -> CodeBook:
    return load_codebook()


@pytest.fixture(scope="module")
def demo() -> pd.DataFrame:
    return demo_comments()


@pytest.fixture(scope="module")
def coded(demo: pd.DataFrame, book: CodeBook) -> list[list[str]]:
    masked = [redact(t) for t in demo["text"]]
    return autocode(masked, book)


@pytest.fixture(scope="module")
def themes(demo: pd.DataFrame, coded: list[list[str]], book: CodeBook) -> pd.DataFrame:
    return theme_table(
        demo["text"].tolist(),
        coded,
        book,
        satisfaction=demo["csat"].tolist(),
        respondents=demo["response_id"].tolist(),
        examples=len(demo),
    )


def test_top_themes_rank_like_the_planted_ones(demo: pd.DataFrame, themes: pd.DataFrame) -> None:
    planted = demo["planted_themes"].str.split(",").explode().value_counts()
    planted = planted.reindex(themes["code"], fill_value=0)
    order = sorted(planted.index, key=lambda c: (-planted[c], c))
    assert list(themes["code"][:5]) == order[:5]
    rho = spearmanr(planted.to_numpy(), themes["mentions"].to_numpy()).statistic
    assert rho >= 0.95, rho


def test_per_theme_recall_and_precision_on_the_demo(
    demo: pd.DataFrame, coded: list[list[str]], book: CodeBook
) -> None:
    scores = score(truth_sets(demo["planted_themes"].tolist(), ","), coded, book)
    for s in scores:
        assert s.truth > 0, s
        assert s.recall >= 0.90, s
        assert s.precision >= 0.60, s
    recall, precision = micro(scores)
    assert recall >= 0.95, recall
    assert precision >= 0.90, precision


def test_every_example_quote_is_masked(demo: pd.DataFrame, themes: pd.DataFrame) -> None:
    for qs in themes["examples"]:
        assert len(qs) == len(set(qs)), "example quotes repeat"
    quotes = {q for qs in themes["examples"] for q in qs}
    values = [
        p["value"] for pii in demo["planted_pii"] for p in json.loads(pii)
    ]  # every recorded personal datum
    assert len(values) >= 5
    digits = {re.sub(r"\D", "", v) for v in values if re.sub(r"\D", "", v)}
    for q in quotes:
        assert not any(v in q for v in values), q
        assert not any(d in re.sub(r"\D", "", q) for d in digits if len(d) >= 7), q
        assert not re.search(r"\d{7,}|@", q), q
    shown = 0
    for text, pii, codes in zip(
        demo["text"], demo["planted_pii"], demo["planted_themes"], strict=True
    ):
        recorded = json.loads(pii)
        quote = redact(text)
        if not recorded or quote not in quotes:
            continue
        shown += 1
        for p in recorded:
            assert PLACEHOLDERS["zh-Hans"][KIND[p["type"]]] in quote, (quote, p, codes)
    assert shown >= 5


@pytest.mark.parametrize(
    ("name", "min_recall", "min_precision"),
    [("handlabelled", 0.95, 0.90), ("heldout", 0.95, 0.90), ("fresh", 0.40, 0.80)],
)
def test_hand_labelled_sets(
    name: str, min_recall: float, min_precision: float, book: CodeBook
) -> None:
    data = pd.read_csv(GOLD / f"themes_{name}.tsv", sep="\t", dtype=str, keep_default_na=False)
    assert len(data) >= 45
    assert set(data["language"]) == {"zh-Hans", "zh-Hant", "en"}
    scores = score(
        truth_sets(data["themes"].tolist(), ";"), autocode(data["text"].tolist(), book), book
    )
    assert all(s.truth >= 3 for s in scores)
    recall, precision = micro(scores)
    assert recall >= min_recall, (name, recall)
    assert precision >= min_precision, (name, precision)


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_cli_themes_on_the_written_demo_comments(run_cli, tmp_path: Path, fmt: str) -> None:  # type: ignore[no-untyped-def]
    """``serviq demo generate --out DIR`` then ``serviq text themes DIR/comments.*``."""
    code, _, err = run_cli(
        "demo", "generate", "--out", str(tmp_path), "--months", "1", "--scale", "0.1",
        "--seed", "20", "--start", "2026-03-01", "--format", fmt, "--json",
    )  # fmt: skip
    assert code == 0, err
    comments = tmp_path / f"comments.{fmt}"
    code, out, err = run_cli(
        "text", "themes", str(comments), "--column", "text", "--satisfaction", "csat",
        "--respondent", "response_id", "--examples", "500", "--json",
    )  # fmt: skip
    assert code == 0, err
    result = json.loads(out)
    frame = pd.read_csv(comments) if fmt == "csv" else pd.read_parquet(comments)
    assert result["comments"] == len(frame) > 50
    planted = frame["planted_themes"].str.split(",").explode().value_counts()
    found = [t["code"] for t in result["themes"]]
    assert found[:5] == list(planted.index[:5])
    values = [p["value"] for pii in frame["planted_pii"] for p in json.loads(pii)]
    quotes = [q for t in result["themes"] for q in t["examples"]]
    assert values
    assert not any(v in q for v in values for q in quotes)
    assert any(q.count("[") for q in quotes)
    assert result["preliminary_indicators"][0]["binding"]["type"] == "text_theme"
