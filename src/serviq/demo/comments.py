"""Open comments tied to what happened, with planted themes and planted personal data.

Each respondent leaves a comment with probability ``comment_rate`` (more often when
dissatisfied). Its themes are drawn with weights from the contact: a long wait makes
``wait`` likely, a transfer ``transfer``, an unresolved issue ``resolution``, low latent
empathy ``attitude``, low assurance or a junior agent ``competence``, a contact caused by a
system fault (and, less, the app channel) ``app_failure``, a counter visit ``environment``, credit-card contacts ``fees``, wealth
complaints ``mis_selling``; satisfied customers write ``praise``. The sentences come from
``data/demo/comments.yaml`` in Simplified Chinese, Traditional Chinese (OpenCC s2tw) and
English. The truth is kept beside the text: ``planted_themes`` (comma-separated theme codes)
and ``planted_pii`` (JSON list of ``{type, value, start, end}``), for the text analysis to be
scored against.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pandas as pd

from serviq.demo.centre import CentreProfile
from serviq.demo.pii import MAKERS, PHRASES
from serviq.demo.surveys import Respondents
from serviq.resources import data_path
from serviq.yamlfile import load_yaml

THEMES = ("wait", "attitude", "competence", "app_failure", "fees", "mis_selling", "transfer",
          "resolution", "environment", "privacy", "praise")  # fmt: skip
LANGUAGES = ("zh-Hans", "zh-Hant", "en")
COMMENT_COLUMNS = ["comment_id", "response_id", "interaction_id", "language", "text",
                   "planted_themes", "planted_pii", "csat", "satisfied"]  # fmt: skip


def load_templates() -> dict[str, Any]:
    """The comment templates, with the zh-Hant forms made by OpenCC."""
    from opencc import OpenCC

    data, _ = load_yaml(data_path("demo/comments.yaml"))
    cc = OpenCC("s2tw")
    for theme in data["themes"].values():
        theme["zh-Hant"] = [cc.convert(t) for t in theme["zh-Hans"]]
    data["products"]["zh-Hant"] = {k: cc.convert(v) for k, v in data["products"]["zh-Hans"].items()}
    data["agents"]["zh-Hant"] = [cc.convert(a) for a in data["agents"]["zh-Hans"]]
    pii = {"zh-Hans": PHRASES["zh-Hans"], "en": PHRASES["en"]}
    pii["zh-Hant"] = {k: [cc.convert(p) for p in v] for k, v in PHRASES["zh-Hans"].items()}
    data["pii"] = pii
    return data


def theme_weights(exp: pd.DataFrame, who: Respondents, csat: np.ndarray) -> np.ndarray:
    """Weights (n × themes) of each theme for each respondent, from the contact."""
    n = len(exp)
    w = np.zeros((n, len(THEMES)))
    T = {t: i for i, t in enumerate(THEMES)}
    wait = exp["wait"].to_numpy(float)
    email = (exp["channel"] == "email").to_numpy()
    long_wait = np.where(email, wait > 6 * 3600, wait > 60)
    some_wait = np.where(email, wait > 3 * 3600, wait > 30)
    w[:, T["wait"]] = np.where(
        long_wait,
        2.5 + np.minimum(np.where(email, wait / 3600 / 6, wait / 120), 4),
        np.where(some_wait, 1.2, 0.1),
    )
    w[:, T["transfer"]] = np.where(exp["transferred"].to_numpy(), 3.0, 0.05)
    w[:, T["resolution"]] = (
        np.where(~exp["resolved"].to_numpy(), 3.0, 0.1) + 1.5 * exp["repeat"].to_numpy()
    )
    w[:, T["attitude"]] = np.where(who.emp < -0.8, 2.0, 0.15)
    w[:, T["competence"]] = np.where((who.ass < -0.8) | (exp["skill"].to_numpy() == 1), 1.4, 0.15)
    w[:, T["app_failure"]] = np.where(
        exp["channel"] == "app", 2.5, np.where(exp["channel"] == "chat", 0.5, 0.1)
    )
    if "system_problem" in exp:  # a contact caused by a system fault talks about it
        w[:, T["app_failure"]] += np.where(exp["system_problem"].to_numpy(bool), 12.0, 0.0)
    queue = exp["queue"].to_numpy()
    complaint = (exp["contact_type"] == "complaint").to_numpy()
    w[:, T["fees"]] = (
        np.where(queue == "credit_card", 1.1, np.where(queue == "retail", 0.45, 0.15))
        + complaint * 0.5
    )
    w[:, T["mis_selling"]] = np.where(queue == "wealth", np.where(complaint, 2.5, 0.7), 0.05)
    w[:, T["environment"]] = np.where(exp["channel"] == "counter", 3.0, 0.02)
    w[:, T["privacy"]] = np.where(exp["contact_type"] == "proactive", 0.5, 0.12)
    negative = np.ones(len(THEMES), dtype=bool)
    negative[T["praise"]] = False
    w[:, negative] *= np.where(csat >= 5, 0.03, np.where(csat == 4, 0.35, 1.0))[:, None]
    w[:, T["praise"]] = np.where(csat >= 5, 6.0, np.where(csat == 4, 2.0, 0.05))
    return w


def write_comments(
    responses: pd.DataFrame, who: Respondents, profile: CentreProfile, rng: np.random.Generator
) -> pd.DataFrame:
    """Fill ``COMMENT``, ``language``, ``planted_themes`` and ``planted_pii`` of ``responses``
    (in place) and return the comments table."""
    n = len(responses)
    sv = profile.surveys
    langs = list(sv.languages)
    p_lang = np.array([sv.languages[x] for x in langs], dtype=float)
    language = np.array(langs, dtype=object)[
        rng.choice(len(langs), size=n, p=p_lang / p_lang.sum())
    ]
    responses["language"] = language.astype(str)
    csat = np.nan_to_num(responses["CSAT"].to_numpy(dtype=float, na_value=np.nan), nan=4.0)
    p_comment = np.clip(
        sv.comment_rate * np.where(csat <= 3, 1.6, np.where(csat == 4, 0.9, 0.8)), 0, 0.95
    )
    writes = rng.random(n) < p_comment
    if not n:
        return pd.DataFrame(columns=COMMENT_COLUMNS)
    weights = theme_weights(who.experience, who, csat)
    tpl = load_templates()
    texts: list[Any] = [None] * n
    themes_out = [""] * n
    pii_out = ["[]"] * n
    waits = who.experience["wait"].to_numpy(float)
    queues = who.experience["queue"].to_numpy().astype(str)
    for i in np.flatnonzero(writes):
        lang = str(language[i])
        w = weights[i] / weights[i].sum()
        k = 2 if rng.random() < 0.3 else 1
        chosen = rng.choice(len(THEMES), size=k, replace=False, p=w)
        wait_min = max(1, round(float(waits[i]) / 60))
        product = tpl["products"][lang].get(queues[i], "")
        agent = tpl["agents"][lang][int(rng.integers(len(tpl["agents"][lang])))]
        parts = []
        for c in chosen:
            options = tpl["themes"][THEMES[c]][lang]
            s = options[int(rng.integers(len(options)))]
            parts.append(s.format(minutes=wait_min, product=product, agent=agent))
        sep = " " if lang == "en" else ""
        text = sep.join(parts)
        if lang == "en":
            text = text[0].upper() + text[1:]
        planted: list[dict[str, Any]] = []
        if rng.random() < sv.pii_rate:
            kind = list(MAKERS)[int(rng.integers(len(MAKERS)))]
            value = MAKERS[kind](rng)
            phrase = tpl["pii"][lang][kind][int(rng.integers(len(tpl["pii"][lang][kind])))]
            before = text + sep
            at = phrase.index("{v}")
            text = before + phrase.replace("{v}", value)
            start = len(before) + at
            planted.append(
                {"type": kind, "value": value, "start": start, "end": start + len(value)}
            )
        texts[i] = text
        themes_out[i] = ",".join(THEMES[c] for c in chosen)
        pii_out[i] = json.dumps(planted, ensure_ascii=False)
    responses["COMMENT"] = np.array(texts, dtype=object)
    responses["planted_themes"] = themes_out
    responses["planted_pii"] = pii_out
    has = writes
    out = responses.loc[
        has,
        [
            "response_id",
            "interaction_id",
            "language",
            "COMMENT",
            "planted_themes",
            "planted_pii",
            "CSAT",
        ],
    ]
    out = out.rename(columns={"COMMENT": "text", "CSAT": "csat"}).reset_index(drop=True)
    out.insert(0, "comment_id", [f"C{i:07d}" for i in range(1, len(out) + 1)])
    csat_col = out["csat"].to_numpy(dtype=float)
    out["csat"] = pd.array(csat_col, dtype="Float64").astype("Int64")
    out["satisfied"] = np.nan_to_num(csat_col, nan=0) >= 4
    for c in (
        "comment_id",
        "response_id",
        "interaction_id",
        "language",
        "text",
        "planted_themes",
        "planted_pii",
    ):
        out[c] = out[c].astype("str")
    return out[COMMENT_COLUMNS]
