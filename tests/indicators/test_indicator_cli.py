"""The indicators and weights commands of docs/indicators.md: JSON keys, tables, errors (exit 2)."""

from __future__ import annotations

import json

import pytest

from serviq.indicators import bundled_system, dump_yaml, new_version
from serviq.resources import data_path

SAMPLE = str(data_path("indicators/bank_contact_centre_sample.csv"))


def run_json(run_cli, *args: str) -> dict:
    code, out, err = run_cli(*args, "--json")
    assert code == 0, err
    return json.loads(out)


def test_show_gives_the_nested_tree(run_cli) -> None:
    data = run_json(run_cli, "indicators", "show", "bank_contact_centre", "--lang", "zh-Hans")
    assert data["system"] == "bank_contact_centre"
    tree = data["tree"]
    assert set(tree) >= {"code", "name", "weight", "children"}
    assert tree["code"] == "SQI"
    assert tree["name"] == "客户服务质量指数"
    assert sum(c["weight"] for c in tree["children"]) == pytest.approx(1.0)
    proc = next(c for c in tree["children"] if c["code"] == "NQ")["children"][2]
    assert proc["code"] == "PROC"
    assert {c["code"] for c in proc["children"]} >= {"SL", "TIMELY"}


def test_show_table_and_bad_language(run_cli) -> None:
    code, out, _ = run_cli("indicators", "show", "branch_counter")
    assert code == 0
    assert "BSQI" in out
    code, _, err = run_cli("indicators", "show", "branch_counter", "--lang", "fr")
    assert code == 2
    assert "allowed: zh-Hans, zh-Hant, en" in err


def test_diff_of_two_versions(run_cli, tmp_path) -> None:
    old = bundled_system("bank_contact_centre")
    new = new_version(old, drop=["AHT"], changes={"SL": {"target": 0.85}}, note="review")
    path = tmp_path / "v2.yaml"
    path.write_text(dump_yaml(new), encoding="utf-8")
    data = run_json(run_cli, "indicators", "diff", "bank_contact_centre", str(path))
    assert [r["code"] for r in data["removed"]] == ["AHT"]
    assert data["added"] == []
    assert {"code": "SL", "field": "target", "old": 0.8, "new": 0.85} in data["changed"]
    code, out, _ = run_cli("indicators", "diff", "bank_contact_centre", str(path))
    assert code == 0
    assert "removed" in out


def test_score_gives_overall_nodes_and_short(run_cli) -> None:
    data = run_json(run_cli, "indicators", "score", "bank_contact_centre", SAMPLE)
    assert 0 < data["overall"] <= 100
    node = next(n for n in data["nodes"] if n["code"] == "RES")
    assert {"code", "score", "weight", "target", "status", "change"} <= set(node)
    assert node["status"] == "red"
    assert node["change"] == pytest.approx(3.86 - 3.97)
    assert data["short"][0]["code"] == "RES"
    assert all(s["status"] in ("red", "amber") for s in data["short"])


def test_score_table(run_cli) -> None:
    code, out, _ = run_cli("indicators", "score", "branch_counter", str(data_path("indicators/branch_counter_sample.csv")))  # fmt: skip
    assert code == 0
    assert "short of target" in out


def test_score_rejects_unknown_indicators(run_cli, tmp_path) -> None:
    p = tmp_path / "v.csv"
    p.write_text("code,value\nSL,0.8\nXYZ,1\n", encoding="utf-8")
    code, out, err = run_cli("indicators", "score", "bank_contact_centre", str(p), "--json")
    assert code == 2
    assert out == ""
    assert "error: values: 'XYZ' is not an indicator" in err


def test_demo_validates_and_scores(run_cli) -> None:
    data = run_json(run_cli, "indicators", "demo")
    assert [s["system"] for s in data["systems"]] == [
        "bank_contact_centre",
        "branch_counter",
        "sme_desk",
    ]
    code, out, _ = run_cli("indicators", "demo")
    assert code == 0
    assert "ok: bank_contact_centre" in out


def test_weights_ahp_from_csv(run_cli, tmp_path) -> None:
    p = tmp_path / "m.csv"
    p.write_text(",SL,FCR,CSAT\nSL,1,1/3,1/2\nFCR,3,1,2\nCSAT,2,1/2,1\n", encoding="utf-8")
    data = run_json(run_cli, "weights", "ahp", str(p), "--ri", "saaty2008")
    assert set(data) >= {
        "weights",
        "lambda_max",
        "ci",
        "cr",
        "ri",
        "consistent",
        "worst_judgements",
    }
    assert data["ri"] == 0.52
    assert data["consistent"] is True
    assert data["worst_judgements"] == []
    assert max(data["weights"], key=data["weights"].get) == "FCR"


def test_weights_ahp_from_yaml_flags_inconsistency(run_cli, tmp_path) -> None:
    p = tmp_path / "m.yaml"
    p.write_text("items: [a, b, c]\nmatrix: [[1, 3, 1/5], [1/3, 1, 3], [5, 1/3, 1]]\n", encoding="utf-8")  # fmt: skip
    data = run_json(run_cli, "weights", "ahp", str(p), "--method", "geometric")
    assert data["consistent"] is False
    assert len(data["worst_judgements"]) == 3


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (",a,b\na,1,2\nb,2,1\n", "not reciprocal"),
        (",a,b\na,1,x\nb,1,1\n", "'x' is not a judgement"),
        (",a,b\nb,1,2\na,1/2,1\n", "same items in the same order"),
    ],
)
def test_weights_ahp_rejects_bad_matrices(run_cli, tmp_path, content, needle) -> None:
    p = tmp_path / "m.csv"
    p.write_text(content, encoding="utf-8")
    code, out, err = run_cli("weights", "ahp", str(p))
    assert code == 2
    assert out == ""
    assert err.startswith("error: ")
    assert needle in err
    assert str(p) in err


@pytest.mark.parametrize("kind", ["entropy", "critic", "cv"])
def test_objective_weights_commands(run_cli, tmp_path, kind) -> None:
    p = tmp_path / "teams.csv"
    p.write_text(
        "team,sl,asa,fcr\nT1,0.82,18,0.76\nT2,0.71,35,0.70\nT3,0.79,22,0.74\nT4,0.88,15,0.69\n",
        encoding="utf-8",
    )
    data = run_json(run_cli, "weights", kind, str(p), "--direction", "asa=lower")
    assert set(data["weights"]) == {"sl", "asa", "fcr"}
    assert sum(data["weights"].values()) == pytest.approx(1.0)
    data = run_json(run_cli, "weights", kind, str(p), "--columns", "sl,fcr")
    assert set(data["weights"]) == {"sl", "fcr"}


def test_objective_weights_errors(run_cli, tmp_path) -> None:
    p = tmp_path / "t.csv"
    p.write_text("a,b\n1,2\n3,\n", encoding="utf-8")
    code, _, err = run_cli("weights", "critic", str(p))
    assert code == 2
    assert "empty cells" in err
    assert str(p) in err
    code, _, err = run_cli("weights", "entropy", str(p), "--columns", "a,zz")
    assert code == 2
    assert "no column 'zz'" in err
    p.write_text("a,b\n1,2\n3,5\n", encoding="utf-8")
    code, _, err = run_cli("weights", "cv", str(p), "--direction", "a=up")
    assert code == 2
    assert "allowed: higher, lower" in err


def test_weights_ahp_of_several_experts(run_cli, tmp_path) -> None:
    a = tmp_path / "a.csv"
    b = tmp_path / "b.csv"
    a.write_text(",x,y\nx,1,3\ny,1/3,1\n", encoding="utf-8")
    b.write_text(",x,y\nx,1,1/3\ny,3,1\n", encoding="utf-8")
    data = run_json(run_cli, "weights", "ahp", str(a), str(b))
    assert data["weights"] == pytest.approx({"x": 0.5, "y": 0.5})
    assert data["cr"] == 0.0
    assert [e["file"] for e in data["experts"]] == [str(a), str(b)]
    data = run_json(run_cli, "weights", "ahp", str(a), str(b), "--aggregate", "aip", "--expert-weights", "3,1")  # fmt: skip
    assert data["weights"]["x"] > 0.5
    assert data["lambda_max"] is None
    c = tmp_path / "c.csv"
    c.write_text(",x,z\nx,1,2\nz,1/2,1\n", encoding="utf-8")
    code, _, err = run_cli("weights", "ahp", str(a), str(c))
    assert code == 2
    assert "different items" in err
