"""``serviq text …`` end to end: JSON keys per docs/text.md, files in and out, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
import yaml


@pytest.fixture
def comments(tmp_path: Path) -> Path:
    rows = [
        ("网点排队太久了，等了一个小时。电话13812345678", 1, "A"),
        ("櫃檯排隊排了一個多小時，太誇張", 2, "A"),
        ("柜员态度很好，点赞", 5, "B"),
        ("手机银行经常闪退，登录不了", 2, "B"),
        ("理財專員一直推銷理財產品", 1, "A"),
        ("服务周到，谢谢", 5, "B"),
    ]
    path = tmp_path / "comments.xlsx"
    pd.DataFrame(rows, columns=["COMMENT", "CSAT", "branch"]).to_excel(path, index=False)
    return path


def test_redact_a_file_and_write_it(run_cli, comments: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "masked.parquet"
    code, stdout, _ = run_cli(
        "text", "redact", str(comments), "--column", "COMMENT", "--out", str(out), "--json"
    )
    assert code == 0
    r = json.loads(stdout)
    assert r["counts"]["mobile"] == 1
    assert r["rows_masked"] == 1
    assert "[手机号]" in pd.read_parquet(out)["COMMENT"][0]


def test_redact_one_text(run_cli) -> None:  # type: ignore[no-untyped-def]
    code, stdout, _ = run_cli(
        "text", "redact", "--text", "卡號 4111 1111 1111 1111", "--lang", "zh-Hant", "--json"
    )
    assert code == 0
    assert json.loads(stdout)["text"] == "卡號 [銀行卡]"


def test_freq_by_group(run_cli, comments: Path) -> None:  # type: ignore[no-untyped-def]
    code, stdout, _ = run_cli(
        "text", "freq", str(comments), "--column", "COMMENT", "--by", "branch", "--json"
    )
    assert code == 0
    terms = json.loads(stdout)["terms"]
    assert {"term", "count", "docs", "group"} <= set(terms[0])
    a = {t["term"]: t["count"] for t in terms if t["group"] == "A"}
    assert a["排队"] == 2  # Simplified and Traditional counted together
    assert not any("138" in t["term"] for t in terms)


def test_keywords_and_keyness(run_cli, comments: Path) -> None:  # type: ignore[no-untyped-def]
    code, stdout, _ = run_cli(
        "text", "keywords", str(comments), "-c", "COMMENT", "--method", "textrank", "--json"
    )
    assert code == 0
    assert json.loads(stdout)["keywords"]
    code, stdout, _ = run_cli(
        "text",
        "keyness",
        str(comments),
        "-c",
        "COMMENT",
        "--by",
        "CSAT",
        "--target",
        "1,2",
        "--min-count",
        "1",
        "--json",
    )
    assert code == 0
    r = json.loads(stdout)
    assert r["target_docs"] == 4
    assert r["reference_docs"] == 2
    assert {"term", "g2", "log_ratio", "pvalue", "direction"} <= set(r["terms"][0])


def test_code_and_themes_with_indicators(run_cli, comments: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, stdout, _ = run_cli("text", "code", str(comments), "-c", "COMMENT", "--json")
    assert code == 0
    assert json.loads(stdout)["counts"]["wait"] == 2
    ind = tmp_path / "ind.yaml"
    code, stdout, _ = run_cli(
        "text",
        "themes",
        str(comments),
        "-c",
        "COMMENT",
        "--satisfaction",
        "CSAT",
        "--indicators",
        str(ind),
        "--json",
    )
    assert code == 0
    r = json.loads(stdout)
    assert r["themes"][0]["code"] in ("wait", "praise")
    for t in r["themes"]:
        assert all("13812345678" not in q for q in t["examples"])
    assert (
        yaml.safe_load(ind.read_text(encoding="utf-8"))["preliminary_indicators"][0]["binding"][
            "type"
        ]
        == "text_theme"
    )


def test_agreement_keys_and_tables(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data = tmp_path / "codings.csv"
    pd.DataFrame(
        {"a": ["wait", "fees", "wait;fees", "praise"], "b": ["wait", "fees", "wait", "praise"]}
    ).to_csv(data, index=False)
    dis, fin = tmp_path / "dis.csv", tmp_path / "final.xlsx"
    code, stdout, _ = run_cli(
        "text",
        "agreement",
        str(data),
        "--coders",
        "a,b",
        "--boot",
        "100",
        "--disagreements",
        str(dis),
        "--final-table",
        str(fin),
        "--json",
    )
    assert code == 0
    r = json.loads(stdout)
    for key in (
        "percent_agreement",
        "cohen_kappa",
        "fleiss_kappa",
        "krippendorff_alpha",
        "ci",
        "per_code",
    ):
        assert key in r
    assert r["percent_agreement"] == pytest.approx(0.75)
    assert len(pd.read_csv(dis)) == 1
    assert len(pd.read_excel(fin)) == 4


def test_agreement_at_the_interval_level(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data = tmp_path / "scores.csv"
    pd.DataFrame({"r1": [1, 2, 3, 4, 5], "r2": [1, 2, 3, 5, 5], "r3": [2, 2, 3, 4, None]}).to_csv(
        data, index=False
    )
    code, stdout, _ = run_cli(
        "text",
        "agreement",
        str(data),
        "--coders",
        "r1,r2,r3",
        "--level",
        "interval",
        "--boot",
        "0",
        "--json",
    )
    assert code == 0
    assert 0.8 < json.loads(stdout)["krippendorff_alpha"] <= 1


def test_bad_input_exits_2_with_an_error_line(run_cli, comments: Path) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run_cli("text", "freq", str(comments), "--column", "NOPE")
    assert code == 2
    assert err.startswith("error: missing column NOPE")
    code, _, err = run_cli(
        "text", "agreement", str(comments), "--coders", "COMMENT,CSAT", "--level", "fuzzy"
    )
    assert code == 2
    assert "allowed: nominal" in err
