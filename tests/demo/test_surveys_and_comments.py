"""Survey answers follow the factor model and the contact; comments carry their truth."""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd

from serviq.demo import DemoData
from serviq.demo.pii import id_check_ok, luhn_ok
from serviq.demo.surveys import ITEMS

DIMS = ("TAN", "REL", "RES", "ASS", "EMP")


def _answers(data: DemoData) -> pd.DataFrame:
    r = data.survey_responses
    return r[r["planted_quality"] == ""][ITEMS].astype("float64")


def test_items_are_on_their_scales(fortnight: DemoData) -> None:
    r = fortnight.survey_responses
    for item in ITEMS:
        col = r[item].dropna()
        lo, hi = {"NPS": (0, 10), "CES": (1, 7)}.get(item, (1, 5))
        assert col.between(lo, hi).all(), item
    assert 3.3 < r["SAT1"].mean() < 4.5  # bank surveys lean to satisfied


def test_items_correlate_within_their_dimension_more_than_across(fortnight: DemoData) -> None:
    corr = _answers(fortnight).corr()
    for d in DIMS:
        own = [f"{d}{i}" for i in range(1, 5)]
        others = [f"{e}{i}" for e in DIMS if e != d for i in range(1, 5)]
        within = corr.loc[own, own].to_numpy()[np.triu_indices(4, 1)].mean()
        across = corr.loc[own, others].to_numpy().mean()
        assert within > across + 0.15, d


def test_tan5_is_mostly_noise(fortnight: DemoData) -> None:
    a = _answers(fortnight)
    total = a[[f"TAN{i}" for i in range(1, 5)]].sum(axis=1)
    assert a["TAN5"].corr(total) < 0.2
    assert min(a[f"TAN{i}"].corr(total - a[f"TAN{i}"]) for i in range(1, 5)) > 0.35


def test_emp5_cross_loads_on_responsiveness(fortnight: DemoData) -> None:
    a = _answers(fortnight)
    res = a[[f"RES{i}" for i in range(1, 5)]].sum(axis=1)
    emp = a[[f"EMP{i}" for i in range(1, 5)]].sum(axis=1)
    assert a["EMP5"].corr(res) > 0.35
    assert a["EMP5"].corr(emp) > 0.35
    # An ordinary empathy item leans clearly to its own dimension.
    assert a["EMP1"].corr(emp - a["EMP1"]) - a["EMP1"].corr(res) > 0.1
    assert abs(a["EMP5"].corr(emp) - a["EMP5"].corr(res)) < 0.15


def test_satisfaction_follows_the_servqual_factors(fortnight: DemoData) -> None:
    a = _answers(fortnight)
    sat = a[["SAT1", "SAT2", "SAT3"]].mean(axis=1)
    assert a[["REL1", "REL2", "REL3", "REL4"]].mean(axis=1).corr(sat) > 0.4
    assert sat.corr(a[["LOY1", "LOY2"]].mean(axis=1)) > 0.4
    assert sat.corr(a["NPS"]) > 0.4
    assert sat.corr(a["CSAT"]) > 0.5


def _with_experience(data: DemoData) -> pd.DataFrame:
    r = data.survey_responses[data.survey_responses["planted_quality"] == ""]
    i = data.interactions.set_index("interaction_id")
    out = r.join(i[["answered_at", "arrived_at", "resolved", "transferred"]], on="interaction_id")
    out["wait"] = (out["answered_at"] - out["arrived_at"]).dt.total_seconds()
    for d in DIMS:
        out[d] = out[[f"{d}{k}" for k in range(1, 5)]].astype("float64").mean(axis=1)
    return out


def test_long_waits_lower_responsiveness(fortnight: DemoData) -> None:
    x = _with_experience(fortnight)
    x = x[x["channel"].isin(["phone", "chat", "app"])]
    assert x.loc[x["wait"] > 60, "RES"].mean() < x.loc[x["wait"] < 15, "RES"].mean() - 0.3


def test_unresolved_lowers_reliability_and_transfers_lower_empathy(fortnight: DemoData) -> None:
    x = _with_experience(fortnight)
    assert x.loc[~x["resolved"], "REL"].mean() < x.loc[x["resolved"], "REL"].mean() - 0.3
    assert x.loc[x["transferred"], "EMP"].mean() < x.loc[~x["transferred"], "EMP"].mean() - 0.15


def test_quality_problems_are_planted(fortnight: DemoData) -> None:
    r = fortnight.survey_responses
    straight = r[r["planted_quality"] == "straightline"]
    assert len(straight) > 0
    likert = [f"{d}{i}" for d in DIMS for i in range(1, 5)]
    assert (straight[likert].nunique(axis=1) == 1).all()
    assert (r.loc[r["planted_quality"] == "speeder", "duration_seconds"] < 40).all()
    assert 0 < r["REL1"].isna().mean() < 0.05


def test_every_planted_pii_is_where_it_says_and_valid(fortnight: DemoData) -> None:
    c = fortnight.comments
    found = 0
    for text, truth in zip(c["text"], c["planted_pii"], strict=True):
        for p in json.loads(truth):
            found += 1
            assert text[p["start"] : p["end"]] == p["value"]
            v = p["value"]
            if p["type"] == "id_number":
                assert id_check_ok(v), v
            elif p["type"] == "bank_card":
                assert luhn_ok(v), v
                assert len(v.replace(" ", "")) in (16, 19), v
            elif p["type"] == "mobile":
                assert re.fullmatch(r"1[3-9]\d{9}", v), v
            else:
                assert re.fullmatch(r"[\w.]+@[\w.]+\.\w+", v), v
    assert found >= 5


def test_the_check_digit_functions_know_published_examples() -> None:
    # GB 11643-1999 worked example 11010519491231002X; Luhn: 79927398713 (ISO/IEC 7812-1 example).
    assert id_check_ok("11010519491231002X")
    assert not id_check_ok("110105194912310021")
    assert luhn_ok("79927398713")
    assert not luhn_ok("79927398710")


def test_planted_themes_are_present_and_tied_to_the_contact(fortnight: DemoData) -> None:
    c = fortnight.comments
    themes = c["planted_themes"].str.split(",").explode()
    assert {"wait", "attitude", "app_failure", "fees", "transfer", "resolution", "praise"} <= set(
        themes
    )
    assert set(c["language"]) == {"zh-Hans", "zh-Hant", "en"}
    joined = c.merge(fortnight.interactions.drop(columns="csat"), on="interaction_id", how="left")
    has = joined["planted_themes"].str.contains("transfer")
    assert joined.loc[has, "transferred"].mean() > 3 * joined.loc[~has, "transferred"].mean()
    praise = joined["planted_themes"] == "praise"
    assert joined.loc[praise, "csat"].mean() > joined.loc[~praise, "csat"].mean() + 0.5
    app = joined["planted_themes"].str.contains("app_failure")
    on_app = joined["channel"] == "app"
    assert on_app[app].mean() > 2.5 * on_app.mean()  # customers also phone about a failed app


def test_platform_export_uses_labels() -> None:
    from serviq.demo import generate

    d = generate(scale=0.1, seed=2, start="2026-06-01", days=3, survey_export=True)
    assert d.survey_export is not None
    cols = list(d.survey_export.columns)
    assert cols[:5] == ["序号", "提交答卷时间", "所用时间", "来源", "来自IP"]
    assert cols[5].startswith("1、")
    # each rated question in its own scale's labels: TAN1 is an agreement item …
    assert set(d.survey_export[cols[5]]) <= {
        "非常不同意",
        "不同意",
        "一般",
        "同意",
        "非常同意",
        "(跳过)",
    }
    # … and the overall-satisfaction question (CSAT) a satisfaction one
    csat = next(c for c in cols if "满意程度" in c)
    assert set(d.survey_export[csat]) <= {
        "非常不满意",
        "不满意",
        "一般",
        "满意",
        "非常满意",
        "(跳过)",
    }
