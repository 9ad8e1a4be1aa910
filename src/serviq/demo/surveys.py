"""Survey answers after contacts: a latent factor model moved by what really happened.

Model (standardised latent variables, one row per respondent):

* the five SERVQUAL perceptions ``F = (TAN, REL, RES, ASS, EMP) ~ N(μ(x), Φ)`` with the
  correlations ``Φ`` below (0.4–0.6, as reported for SERVQUAL in banking), whose means move
  with the contact's experience ``x``: every doubling of the wait lowers responsiveness, an
  unresolved issue lowers reliability (a repeat contact too), a transfer lowers empathy, the
  agent's skill raises assurance and empathy, the app channel lowers tangibles;
* satisfaction ``SAT = 0.15 TAN + 0.30 REL + 0.25 RES + 0.12 ASS + 0.20 EMP + ε`` and loyalty
  ``LOY = 0.75 SAT + ε`` (the ACSI chain), both standardised;
* items ``x_j = λ_j F_d(j) + √(1 − λ_j²) e_j`` with λ between 0.70 and 0.86, cut into the
  5-point scale at fixed thresholds (answers lean to "satisfied", as bank surveys do);
  ``NPS`` (0–10), ``CES`` (1–7, "made it easy") and ``CSAT`` (1–5) follow LOY, RES/REL and
  SAT.

Planted weaknesses for the screening step to find: ``TAN5`` loads 0.15 on tangibles (mostly
noise: low item–total correlation) and ``EMP5`` loads on empathy *and* responsiveness
(cross-loading). A few respondents straight-line or answer in seconds (``planted_quality``),
and 1 % of answers are missing, so that the survey's data-quality screens have work to do.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from serviq.demo.centre import CHANNELS, CONTACT_TYPES, CentreProfile

DIMENSIONS = ("TAN", "REL", "RES", "ASS", "EMP")
PHI = np.array(
    [
        [1.0, 0.45, 0.40, 0.45, 0.40],
        [0.45, 1.0, 0.60, 0.55, 0.50],
        [0.40, 0.60, 1.0, 0.50, 0.55],
        [0.45, 0.55, 0.50, 1.0, 0.60],
        [0.40, 0.50, 0.55, 0.60, 1.0],
    ]
)
SAT_WEIGHTS = np.array([0.15, 0.30, 0.25, 0.12, 0.20])
LIKERT_CUTS = np.array([-1.9, -1.15, -0.25, 0.75])
CES_CUTS = np.array([-2.2, -1.6, -1.0, -0.4, 0.3, 1.0])
SERVQUAL_ITEMS = [f"{d}{i}" for d in DIMENSIONS for i in range(1, 5)]
ITEMS = [
    *SERVQUAL_ITEMS,
    "TAN5",
    "EMP5",
    "SAT1",
    "SAT2",
    "SAT3",
    "LOY1",
    "LOY2",
    "NPS",
    "CES",
    "CSAT",
]
LIKERT_ITEMS = [*SERVQUAL_ITEMS, "TAN5", "EMP5", "SAT1", "SAT2", "SAT3", "LOY1", "LOY2"]

ITEM_TEXT_ZH = {
    "TAN1": "服务渠道（热线、APP、网点）方便易用", "TAN2": "手机银行界面清晰好用",
    "TAN3": "网点环境整洁舒适", "TAN4": "宣传资料清楚易懂", "TAN5": "客服热线的等候音乐悦耳",
    "REL1": "承诺的事情按时做到", "REL2": "第一次就把事情办好", "REL3": "提供的信息准确无误",
    "REL4": "业务办理没有差错", "RES1": "能及时接通客服", "RES2": "对我的需求迅速回应",
    "RES3": "愿意主动帮助我", "RES4": "处理问题的速度令人满意", "ASS1": "客服人员专业知识丰富",
    "ASS2": "让我对交易感到放心", "ASS3": "客服人员礼貌得体", "ASS4": "能清楚解答我的疑问",
    "EMP1": "理解我的具体需求", "EMP2": "把我的利益放在心上", "EMP3": "给予我个别的关注",
    "EMP4": "服务时间方便我", "EMP5": "耐心并及时地处理我的问题", "SAT1": "总体而言我对本次服务满意",
    "SAT2": "本次服务符合我的期望", "SAT3": "与理想的服务相比，本次服务很好",
    "LOY1": "我会继续使用本行的服务", "LOY2": "我会向亲友推荐本行", "NPS": "您向朋友推荐本行的可能性有多大（0-10）",
    "CES": "本行让我的问题处理起来很容易（1-7）", "CSAT": "您对本次服务的满意程度",
}  # fmt: skip
LABELS_ZH = {1: "非常不满意", 2: "不满意", 3: "一般", 4: "满意", 5: "非常满意"}

RESPONSE_COLUMNS = [
    "response_id", "interaction_id", "agent_id", "team_id", "queue", "channel", "contact_type",
    "submitted_at", "duration_seconds", "language", *ITEMS, "COMMENT", "planted_themes",
    "planted_pii", "planted_quality",
]  # fmt: skip


@dataclass(frozen=True)
class Respondents:
    """What the comments need to know about the respondents: experience and latent scores."""

    experience: pd.DataFrame
    emp: np.ndarray
    ass: np.ndarray


def _cut(x: np.ndarray, cuts: np.ndarray) -> np.ndarray:
    return (x[..., None] > cuts).sum(axis=-1) + 1


def sample_respondents(
    answered: np.ndarray, ctype: np.ndarray, rate: float, rng: np.random.Generator
) -> np.ndarray:
    """Indices of the contacts whose customer answers the survey (answered, not proactive)."""
    eligible = answered & (ctype != CONTACT_TYPES.index("proactive"))
    return np.flatnonzero(eligible & (rng.random(len(answered)) < rate))


def latent_scores(
    wait: np.ndarray,
    channel: np.ndarray,
    ctype: np.ndarray,
    transferred: np.ndarray,
    resolved: np.ndarray,
    repeat: np.ndarray,
    skill: np.ndarray,
    rng: np.random.Generator,
) -> dict[str, np.ndarray]:
    """Latent factors (n × 5), SAT and LOY for respondents with the given experience."""
    n = len(wait)
    email = channel == CHANNELS.index("email")
    felt = np.where(email, wait / 60.0, wait)  # an hour for an e-mail feels like a minute on hold
    wait_z = np.log1p(felt / 30.0)
    shift = np.zeros((n, 5))
    shift[:, 2] += 0.55 - 0.42 * wait_z
    shift[:, 1] += np.where(resolved, 0.2, -0.95) - 0.35 * repeat
    shift[:, 4] += -0.6 * transferred + 0.15 * (skill - 2)
    shift[:, 3] += 0.3 * (skill - 2)
    shift[:, 0] += -0.25 * (channel == CHANNELS.index("app")) - 0.1 * (
        channel == CHANNELS.index("counter")
    )
    shift -= 0.3 * (ctype == CONTACT_TYPES.index("complaint"))[:, None]
    F = rng.standard_normal((n, 5)) @ np.linalg.cholesky(PHI).T + shift
    sat = F @ SAT_WEIGHTS + 0.45 * rng.standard_normal(n)
    sat = (sat - 0.1) / 0.9
    loy = 0.75 * sat + 0.6 * rng.standard_normal(n)
    return {"F": F, "SAT": sat, "LOY": loy / 0.95}


def answers(
    latent: dict[str, np.ndarray],
    wait: np.ndarray,
    transferred: np.ndarray,
    rng: np.random.Generator,
) -> dict[str, np.ndarray]:
    """Item answers (Likert 1–5, NPS 0–10, CES 1–7, CSAT 1–5) from the latent scores."""
    F, sat, loy = latent["F"], latent["SAT"], latent["LOY"]
    n = len(sat)
    out: dict[str, np.ndarray] = {}
    loadings = rng.uniform(0.70, 0.86, size=(5, 4))
    for d, name in enumerate(DIMENSIONS):
        for i in range(4):
            lam = loadings[d, i]
            x = lam * F[:, d] + np.sqrt(1 - lam**2) * rng.standard_normal(n)
            out[f"{name}{i + 1}"] = _cut(x, LIKERT_CUTS)
    out["TAN5"] = _cut(0.15 * F[:, 0] + 0.99 * rng.standard_normal(n), LIKERT_CUTS)
    out["EMP5"] = _cut(0.42 * F[:, 4] + 0.42 * F[:, 2] + 0.6 * rng.standard_normal(n), LIKERT_CUTS)
    for i in range(3):
        out[f"SAT{i + 1}"] = _cut(0.85 * sat + 0.53 * rng.standard_normal(n), LIKERT_CUTS)
    for i in range(2):
        out[f"LOY{i + 1}"] = _cut(0.85 * loy + 0.53 * rng.standard_normal(n), LIKERT_CUTS)
    out["NPS"] = np.clip(np.round(7.4 + 1.9 * loy + 0.8 * rng.standard_normal(n)), 0, 10).astype(
        int
    )
    easy = 0.55 * F[:, 2] + 0.35 * F[:, 1] - 0.4 * transferred + 0.6 * rng.standard_normal(n)
    out["CES"] = _cut(easy, CES_CUTS)
    out["CSAT"] = _cut(0.9 * sat + 0.45 * rng.standard_normal(n), LIKERT_CUTS)
    return out


def plant_quality_problems(
    items: dict[str, np.ndarray], duration: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Straight-liners, speeders and 1 % missing answers; returns (quality labels, duration)."""
    n = len(duration)
    label = np.full(n, "", dtype=object)
    straight = rng.random(n) < 0.02
    value = rng.choice([3, 4, 5], size=n, p=[0.2, 0.3, 0.5])
    for it in LIKERT_ITEMS:
        items[it] = np.where(straight, value, items[it])
    label[straight] = "straightline"
    speeder = ~straight & (rng.random(n) < 0.02)
    duration = np.where(speeder, rng.integers(8, 35, size=n), duration)
    label[speeder] = "speeder"
    for it in LIKERT_ITEMS:
        col = items[it].astype(float)
        col[(rng.random(n) < 0.01) & ~straight] = np.nan
        items[it] = col
    return label, duration


def platform_export(responses: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """The responses as a Chinese survey platform exports them: each rated answer as its
    label in the bundled questionnaire (同意, 非常满意 …), so ``serviq survey import`` reads it."""
    n = len(responses)
    out = pd.DataFrame(
        {
            "序号": np.arange(1, n + 1),
            "提交答卷时间": responses["submitted_at"].dt.strftime("%Y/%m/%d %H:%M:%S"),
            "所用时间": [f"{int(s)}秒" for s in responses["duration_seconds"]],
            "来源": rng.choice(["微信", "手机提交", "链接"], size=n, p=[0.6, 0.3, 0.1]),
            "来自IP": [
                f"{a}.{b}.{c}.{d}(上海-上海)" for a, b, c, d in rng.integers(1, 255, size=(n, 4))
            ],
        }
    )
    from serviq.survey.questionnaire import load_questionnaire

    questionnaire = load_questionnaire()  # each item's answers in its own scale's labels
    for i, item in enumerate(ITEMS, start=1):
        col = responses[item]
        header = f"{i}、{ITEM_TEXT_ZH[item]}"
        if item in LIKERT_ITEMS or item == "CSAT":
            labels = {v: t.get("zh-Hans") for v, t in questionnaire.scale_of(item).labels.items()}
            labels = labels or LABELS_ZH
            out[header] = col.map(
                lambda v, lab=labels: lab.get(int(v), "") if pd.notna(v) else "(跳过)"
            )
        else:
            out[header] = col.map(lambda v: str(int(v)) if pd.notna(v) else "(跳过)")
    out[f"{len(ITEMS) + 1}、您还有什么意见或建议？"] = responses["COMMENT"].fillna("(空)")
    return out


def respond(
    exp: pd.DataFrame,
    profile: CentreProfile,
    rng: np.random.Generator,
) -> tuple[pd.DataFrame, Respondents]:
    """Survey responses of the respondents in ``exp`` (without comments yet).

    ``exp`` holds one row per contact: ``row`` (its position in the day), ``interaction_id``, ``agent_id``, ``team_id``,
    ``queue``, ``channel``, ``contact_type`` (strings), ``ended_at``, and the experience
    columns ``wait``, ``abandoned``, ``transferred``, ``resolved``, ``repeat``, ``skill``.
    ``response_id`` is left empty for the caller to number across days.
    """
    sub = exp.reset_index(drop=True)
    ctype = sub["contact_type"].map(CONTACT_TYPES.index).to_numpy()
    channel = sub["channel"].map(CHANNELS.index).to_numpy()
    lat = latent_scores(
        sub["wait"].to_numpy(float), channel, ctype, sub["transferred"].to_numpy(),
        sub["resolved"].to_numpy(), sub["repeat"].to_numpy(), sub["skill"].to_numpy(float), rng,
    )  # fmt: skip
    items = answers(lat, sub["wait"].to_numpy(float), sub["transferred"].to_numpy(), rng)
    n = len(sub)
    duration = np.round(rng.lognormal(np.log(150), 0.45, n)).astype(int)
    quality, duration = plant_quality_problems(items, duration, rng)
    delay = pd.to_timedelta(np.round(rng.exponential(1800, n) + 60), unit="s")
    sub["ended_at"] = sub["ended_at"].reset_index(drop=True)
    cols: dict[str, object] = {
        "response_id": np.full(n, "", dtype=object),
        "interaction_id": sub["interaction_id"].to_numpy(),
        "agent_id": sub["agent_id"].to_numpy(),
        "team_id": sub["team_id"].to_numpy(),
        "queue": sub["queue"].to_numpy(),
        "channel": sub["channel"].to_numpy(),
        "contact_type": sub["contact_type"].to_numpy(),
        "submitted_at": sub["ended_at"] + delay,
        "duration_seconds": duration,
        "language": np.full(n, "", dtype=object),
    }
    for it in ITEMS:
        cols[it] = np.asarray(items[it], dtype=float)
    cols["COMMENT"] = np.full(n, None, dtype=object)
    cols["planted_themes"] = np.full(n, "", dtype=object)
    cols["planted_pii"] = np.full(n, "[]", dtype=object)
    cols["planted_quality"] = quality
    out = pd.DataFrame(cols)
    return out, Respondents(experience=sub, emp=lat["F"][:, 4], ass=lat["F"][:, 3])


def finish(responses: pd.DataFrame) -> pd.DataFrame:
    """Answers as nullable integers (missing stays missing), text columns as strings."""
    out = responses.copy()
    for it in ITEMS:
        out[it] = pd.array(out[it].to_numpy(dtype=float), dtype="Float64").astype("Int64")
    for c in ("response_id", "interaction_id", "agent_id", "team_id", "queue", "channel",
              "contact_type", "language", "COMMENT", "planted_themes", "planted_pii", "planted_quality"):  # fmt: skip
        out[c] = out[c].astype("str")
    return out
