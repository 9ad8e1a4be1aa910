"""Code books, first-pass coding, manual codings, agreement per code, reconciliation, themes."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from serviq.errors import ValidationFailed
from serviq.text.codebook import autocode, load_codebook
from serviq.text.coding import agreement_report, disagreements, read_codings, reconcile
from serviq.text.themes import preliminary_indicators, theme_table

DEMO_CODES = {
    "wait", "attitude", "competence", "app_failure", "fees", "mis_selling",
    "transfer", "resolution", "environment", "privacy", "praise",
}  # fmt: skip


def test_the_bundled_code_book_has_the_codes_the_demo_plants() -> None:
    book = load_codebook()
    assert set(book.code_names) == DEMO_CODES
    for c in book.codes:
        assert c.labels.zh_Hans
        assert c.labels.zh_Hant
        assert c.labels.en
        assert c.examples


def test_every_example_of_the_code_book_gets_its_own_code() -> None:
    book = load_codebook()
    for c in book.codes:
        for ex in c.examples:
            assert c.code in autocode([ex], book)[0], (c.code, ex)


def test_rules_work_in_both_scripts_and_excludes_blank_out() -> None:
    book = load_codebook()
    got = autocode(
        [
            "櫃檯排隊要一個小時",
            "这次不用排队，很方便",
            "理專一直推銷理財產品",
            "The app crashed again",
        ],
        book,
    )
    assert "wait" in got[0]
    assert "wait" not in got[1]
    assert "mis_selling" in got[2]
    assert "app_failure" in got[3]


def test_a_code_book_error_names_file_line_and_field(tmp_path: Path) -> None:
    bad = tmp_path / "cb.yaml"
    bad.write_text(
        "codebook: x\ncodes:\n  - code: Wait\n    labels: {zh-Hans: a, zh-Hant: a, en: a}\n    definition: d\n    colour: red\n",
        encoding="utf-8",
    )
    with pytest.raises(ValidationFailed) as exc:
        load_codebook(bad)
    text = str(exc.value)
    assert "cb.yaml" in text
    assert "line 3" in text
    assert "codes.0.colour" in text


FRAME = pd.DataFrame(
    {
        "text": ["排队太久", "态度差", "收费高", "排队，收费", "很好"],
        "a": ["wait", "attitude", "fees", "wait;fees", "praise"],
        "b": ["wait", "competence", "fees", "wait", "praise"],
        "c": ["wait", "attitude", None, "wait;fees", "praise"],
    }
)


def test_read_codings_splits_multiple_codes_and_checks_the_code_book() -> None:
    codings = read_codings(FRAME, ["a", "b", "c"], codebook=load_codebook())
    assert codings["a"][3] == frozenset({"wait", "fees"})
    assert codings["c"][2] is None
    bad = FRAME.assign(b=["wait", "rudeness", "fees", "wait", "praise"])
    with pytest.raises(ValidationFailed) as exc:
        read_codings(bad, ["a", "b"], codebook=load_codebook())
    assert "row 3" in str(exc.value)
    assert "column b" in str(exc.value)


def test_agreement_overall_and_per_code() -> None:
    codings = read_codings(FRAME, ["a", "b", "c"])
    rep = agreement_report(codings, n_boot=200, seed=1)
    assert rep.multi_code
    assert rep.percent_agreement == pytest.approx(3 / 5)  # units 1, 3 (two coders), 5
    assert rep.cohen_kappa is None  # three coders
    per = rep.per_code.set_index("code")
    assert per.loc["wait", "percent_agreement"] == pytest.approx(1.0)
    assert per.loc["attitude", "percent_agreement"] == pytest.approx(4 / 5)
    assert rep.ci is not None
    assert rep.ci.lower <= rep.krippendorff_alpha <= rep.ci.upper


def test_disagreement_table_and_reconciled_codes() -> None:
    codings = read_codings(FRAME, ["a", "b", "c"])
    dis = disagreements(codings, texts=FRAME["text"].tolist())
    assert list(dis["unit"]) == [3, 5]  # spreadsheet rows of units 2 and 4
    assert dis.iloc[1]["agreed"] == "wait"
    assert dis.iloc[1]["disputed"] == "fees"
    final = reconcile(codings)
    assert list(final["codes"]) == ["wait", "attitude", "fees", "fees;wait", "praise"]
    assert list(final["status"]) == ["agreed", "majority", "agreed", "majority", "agreed"]
    decided = reconcile(codings, final=[None, "competence", None, None, None])
    assert decided.iloc[1]["codes"] == "competence"
    assert decided.iloc[1]["status"] == "decided"


def test_themes_rank_mask_and_associate_with_satisfaction() -> None:
    book = load_codebook()
    texts = [
        "排队一个小时，电话13812345678",
        "排队太久",
        "服务很好，谢谢",
        "手续费太高",
        "排队等了很久",
    ]
    codes = autocode(texts, book)
    tab = theme_table(texts, codes, book, satisfaction=[1, 2, 5, 2, 1])
    assert tab.iloc[0]["code"] == "wait"
    assert tab.iloc[0]["mentions"] == 3
    wait = tab.set_index("code").loc["wait"]
    assert wait["mean_sat_with"] == pytest.approx(4 / 3)
    assert wait["sat_difference"] < 0
    assert all("13812345678" not in q for q in wait["examples"])
    inds = preliminary_indicators(tab, book)
    assert inds[0]["code"] == "waiting_time"
    assert inds[0]["binding"] == {
        "type": "text_theme",
        "theme": "wait",
        "codebook": "bank_service_comments",
    }
    assert set(inds[0]["name"]) == {"zh-Hans", "zh-Hant", "en"}
