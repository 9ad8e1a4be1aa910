"""The people of the synthetic centre: teams, agents, team leads, QA inspectors, directors.

Six teams ``T1``…``T6`` (scaled), each with about ten agents ``A001``… of four job types and
skill levels 1–3, a team lead, QA inspectors attached to a home team (so that the QA plan can
keep them off their own team), the department director (客服部主任) and the centre director
(客服中心主任). Every person has a Chinese name and its English (pinyin) form.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from serviq.demo.centre import JOB_TYPES, CentreProfile

# Surnames and given-name characters with their pinyin, for names such as 王芳 / Wang Fang.
SURNAMES = {
    "王": "Wang", "李": "Li", "张": "Zhang", "刘": "Liu", "陈": "Chen", "杨": "Yang",
    "黄": "Huang", "赵": "Zhao", "吴": "Wu", "周": "Zhou", "徐": "Xu", "孙": "Sun",
    "马": "Ma", "朱": "Zhu", "胡": "Hu", "郭": "Guo", "何": "He", "林": "Lin",
    "罗": "Luo", "高": "Gao", "梁": "Liang", "郑": "Zheng", "谢": "Xie", "宋": "Song",
}  # fmt: skip
GIVEN = {
    "芳": "fang", "敏": "min", "静": "jing", "丽": "li", "强": "qiang", "磊": "lei",
    "军": "jun", "洋": "yang", "勇": "yong", "艳": "yan", "杰": "jie", "娟": "juan",
    "涛": "tao", "明": "ming", "超": "chao", "秀": "xiu", "霞": "xia", "平": "ping",
    "刚": "gang", "桂": "gui", "英": "ying", "华": "hua", "慧": "hui", "婷": "ting",
    "雪": "xue", "琳": "lin", "晨": "chen", "宇": "yu", "欣": "xin", "佳": "jia",
    "文": "wen", "博": "bo", "嘉": "jia", "子": "zi", "怡": "yi", "浩": "hao",
}  # fmt: skip

PEOPLE_COLUMNS = [
    "person_id", "name_zh", "name_en", "role", "team_id", "job_type", "skill_level",
    "primary_queue", "hired_on",
]  # fmt: skip


def agents_per_team(
    profile: CentreProfile, scale: float, n_teams: int, rng: np.random.Generator
) -> np.ndarray:
    """About ``agents_per_team × scale`` agents in each team (±1 at scale 1), at least 2."""
    base = max(2, round(profile.organisation.agents_per_team * scale))
    jitter = rng.integers(-1, 2, size=n_teams) if base >= 5 else np.zeros(n_teams, dtype=int)
    return np.maximum(2, base + jitter)


def _names(n: int, rng: np.random.Generator) -> tuple[list[str], list[str]]:
    sur = list(SURNAMES)
    giv = list(GIVEN)
    zh: list[str] = []
    en: list[str] = []
    seen: set[str] = set()
    while len(zh) < n:
        s = sur[rng.integers(len(sur))]
        k = 1 if rng.random() < 0.35 else 2
        g = [giv[i] for i in rng.integers(len(giv), size=k)]
        name = s + "".join(g)
        if name in seen and len(seen) < 5000:
            continue
        seen.add(name)
        zh.append(name)
        given = "".join(GIVEN[c] for c in g)
        en.append(f"{SURNAMES[s]} {given.capitalize()}")
    return zh, en


def build_people(profile: CentreProfile, scale: float, rng: np.random.Generator) -> pd.DataFrame:
    """One row per person (``PEOPLE_COLUMNS``); agents first, in team order."""
    org = profile.organisation
    teams = list(org.teams)
    sizes = agents_per_team(profile, scale, len(teams), rng)
    n_agents = int(sizes.sum())
    width = max(3, len(str(n_agents)))
    jt_share = np.array([org.job_types.get(j, 0.0) for j in JOB_TYPES], dtype=float)
    jt_share /= jt_share.sum()
    skill_share = np.asarray(org.skill_levels, dtype=float)
    skill_share /= skill_share.sum()

    rows: list[dict[str, object]] = []
    number = 0
    for team, size in zip(teams, sizes, strict=True):
        # Job types by quota (largest remainders), so that every team has chat agents and phones.
        quota = np.floor(jt_share * size).astype(int)
        rest = size - quota.sum()
        order = np.argsort(-(jt_share * size - quota), kind="stable")
        quota[order[:rest]] += 1
        jobs = np.repeat(np.arange(len(JOB_TYPES)), quota)
        rng.shuffle(jobs)
        skills = rng.choice(3, size=size, p=skill_share) + 1
        for j, s in zip(jobs, skills, strict=True):
            number += 1
            job = JOB_TYPES[j]
            # Senior agents and complaints specialists are not beginners.
            skill = max(int(s), 2) if job in ("senior_agent", "complaints_specialist") else int(s)
            rows.append(
                {
                    "person_id": f"A{number:0{width}d}",
                    "role": "agent",
                    "team_id": team,
                    "job_type": job,
                    "skill_level": skill,
                    "primary_queue": org.teams[team],
                }
            )
    for i, team in enumerate(teams, start=1):
        rows.append({"person_id": f"L{i:02d}", "role": "team_lead", "team_id": team,
                     "job_type": "team_lead", "skill_level": 3, "primary_queue": org.teams[team]})  # fmt: skip
    n_qa = max(2, round(org.qa_inspectors * max(1.0, scale)))
    for i in range(n_qa):
        rows.append({"person_id": f"Q{i + 1:02d}", "role": "qa_inspector",
                     "team_id": teams[i % len(teams)], "job_type": "qa_inspector",
                     "skill_level": 3, "primary_queue": None})  # fmt: skip
    rows.append({"person_id": "D01", "role": "department_director", "team_id": None,
                 "job_type": "department_director", "skill_level": 3, "primary_queue": None})  # fmt: skip
    rows.append({"person_id": "C01", "role": "centre_director", "team_id": None,
                 "job_type": "centre_director", "skill_level": 3, "primary_queue": None})  # fmt: skip
    zh, en = _names(len(rows), rng)
    hired = pd.Timestamp("2024-01-01") - pd.to_timedelta(
        rng.integers(30, 3650, size=len(rows)), unit="D"
    )
    for row, z, e, h in zip(rows, zh, en, hired, strict=True):
        row["name_zh"] = z
        row["name_en"] = e
        row["hired_on"] = h.date().isoformat()
    df = pd.DataFrame(rows, columns=PEOPLE_COLUMNS)
    df["skill_level"] = df["skill_level"].astype("int64")
    return df


#: The code of the centre's one department (客服部); every team belongs to it.
DEPARTMENT = "D1"


def build_teams(profile: CentreProfile, people: pd.DataFrame) -> pd.DataFrame:
    """One row per team: its queue, its department, its lead and its number of agents."""
    names_zh = {
        "credit_card": "信用卡",
        "retail": "零售银行",
        "wealth": "财富管理",
        "complaints": "投诉处理",
    }
    names_en = {"credit_card": "Credit cards", "retail": "Retail banking", "wealth": "Wealth management", "complaints": "Complaints"}  # fmt: skip
    rows = []
    for i, (team, queue) in enumerate(profile.organisation.teams.items(), start=1):
        members = people[(people["team_id"] == team) & (people["role"] == "agent")]
        rows.append(
            {
                "team_id": team,
                "name_zh": f"{names_zh.get(queue, queue)}{i}组",
                "name_en": f"{names_en.get(queue, queue)} team {i}",
                "queue": queue,
                "department_id": DEPARTMENT,
                "lead_id": f"L{i:02d}",
                "agents": len(members),
            }
        )
    return pd.DataFrame(rows)
