"""Reading survey responses: platform exports, labels in three languages, validation.

Accepts CSV (UTF-8, UTF-8 with BOM, GB18030), XLSX, Parquet, and SPSS ``.sav`` and Stata
``.dta`` files with their variable and value labels (:mod:`serviq.survey.labelled`). Besides a plain layout
with item codes as column names, it reads the exports of the common Chinese survey
platforms, whose header is ``序号, 提交答卷时间, 所用时间, 来源, 来自IP, 1、您对…``:
metadata columns are recognised by name (in simplified and traditional Chinese and in
English), and question columns are matched to items by item code, by question number
(``12、…``, ``Q12.``, ``12.``) or by the question text in any of the three languages.

Answers may be numbers (``4``) or labels (``非常满意``, ``滿意``, ``Agree``; also the
platforms' ``4分``); every label of the item's scale in all three languages is accepted.
Skipped questions (``(跳过)``, ``(空)``, ``-3``, empty) are missing values. Answers to
rated questions are whole numbers in the scale's range and come back as a nullable integer
column (``Int8`` for every bundled scale), with ``<NA>`` for a skipped question.

Nothing is accepted until the whole file is valid: unknown labels, values outside the
scale, non-numeric answers and duplicate respondent IDs are all collected, each with its
spreadsheet row and column, into one :class:`~serviq.errors.ValidationFailed`.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from serviq.errors import InvalidInput, Problem, ValidationFailed, Where
from serviq.survey.questionnaire import Questionnaire
from serviq.tables import read_table, sheet_row

META_ALIASES: dict[str, tuple[str, ...]] = {
    "respondent_id": (
        "respondent_id",
        "序号",
        "序號",
        "答卷编号",
        "答卷編號",
        "编号",
        "編號",
        "id",
        "response id",
        "respondent",
        "答卷id",
    ),
    "submitted_at": (
        "submitted_at",
        "提交答卷时间",
        "提交答卷時間",
        "提交时间",
        "提交時間",
        "submit time",
        "submitted",
    ),
    "duration": (
        "duration",
        "duration_seconds",
        "所用时间",
        "所用時間",
        "答题时长",
        "答題時長",
        "用时",
        "用時",
        "time taken",
    ),
    "source": ("source", "来源", "來源", "来源详情", "來源詳情", "channel"),
    "ip": ("ip", "来自ip", "來自ip", "ip地址", "ip address"),
    "device": ("device", "device_id", "设备", "設備", "设备id", "設備id"),
}
SKIPPED = {
    "",
    "(跳过)",
    "(跳過)",
    "（跳过）",
    "（跳過）",
    "(空)",
    "（空）",
    "-3",
    "-2",
    "n/a",
    "na",
}
_NUMBER = re.compile(r"^\s*(?:q|第)?\s*(\d{1,3})\s*(?:[、.．:：)）]|题|題)\s*(.*)$", re.I | re.S)
_VALUE = re.compile(r"^\s*(-?\d+(?:\.0+)?)\s*(?:分)?\s*$")


def norm(text: str) -> str:
    """Compare texts loosely: NFKC, lower case, no spaces or punctuation."""
    t = unicodedata.normalize("NFKC", str(text)).lower()
    return "".join(ch for ch in t if ch.isalnum())


def file_hash(path: str | Path) -> str:
    """SHA-256 of the file's bytes: the identity of an import."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


@dataclass(frozen=True)
class ColumnMatch:
    column: str
    item: str
    how: str  # code | number | text


@dataclass(frozen=True)
class Responses:
    """Validated responses: one row per respondent, item codes as columns."""

    data: pd.DataFrame
    matches: tuple[ColumnMatch, ...]
    meta: dict[str, str]  # canonical metadata name → source column
    unmatched: tuple[str, ...]
    rows: tuple[int, ...] = field(default=())  # spreadsheet row of each data row

    def mapping(self) -> dict[str, str]:
        return {m.item: m.column for m in self.matches}


def match_columns(
    columns: list[str], q: Questionnaire
) -> tuple[list[ColumnMatch], dict[str, str], list[str]]:
    """Map file columns to metadata names and item codes; the rest are unmatched."""
    meta: dict[str, str] = {}
    matches: list[ColumnMatch] = []
    unmatched: list[str] = []
    by_code = {it.code.lower(): it.code for it in q.items}
    by_number = {it.number: it.code for it in q.items if it.number is not None}
    by_text: dict[str, str] = {}
    for it in q.items:
        for t in it.text.all():
            by_text[norm(t)] = it.code
    aliases = {norm(a): name for name, al in META_ALIASES.items() for a in al}
    taken: set[str] = set()
    for col in columns:
        key = norm(col)
        if key in aliases and aliases[key] not in meta:
            meta[aliases[key]] = col
            continue
        code: str | None = None
        how = ""
        if col.strip().lower() in by_code:
            code, how = by_code[col.strip().lower()], "code"
        else:
            m = _NUMBER.match(col)
            rest = norm(m.group(2)) if m else key
            if rest and rest in by_text:
                code, how = by_text[rest], "text"
            elif m and int(m.group(1)) in by_number:
                code, how = by_number[int(m.group(1))], "number"
            elif rest:
                hits = [c for t, c in by_text.items() if len(t) >= 6 and (t in rest or rest in t)]
                if len(set(hits)) == 1:
                    code, how = hits[0], "text"
        if code is None or code in taken:
            unmatched.append(col)
            continue
        taken.add(code)
        matches.append(ColumnMatch(col, code, how))
    return matches, meta, unmatched


def label_map(q: Questionnaire, code: str) -> dict[str, float]:
    """Every accepted answer text of an item → its value (labels in 3 languages, numbers)."""
    sc = q.scale_of(code)
    out: dict[str, float] = {}
    for value, text in sc.labels.items():
        for t in text.all():
            out[norm(t)] = float(value)
    if sc.type == "yes_no":
        for t, v in (("是", 1.0), ("否", 0.0), ("yes", 1.0), ("no", 0.0), ("y", 1.0), ("n", 0.0)):
            out.setdefault(t, v)
    return out


def parse_duration(value: object) -> float:
    """Seconds from ``95``, ``95秒``, ``1分35秒``, ``0:01:35`` or ``1 min 35 s``."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return float("nan")
    if isinstance(value, (int, float, np.integer, np.floating)):
        return float(value)
    s = unicodedata.normalize("NFKC", str(value)).strip().lower()
    if not s:
        return float("nan")
    if re.fullmatch(r"\d+(\.\d+)?", s):
        return float(s)
    if re.fullmatch(r"\d+:\d{1,2}(:\d{1,2})?", s):
        parts = [int(p) for p in s.split(":")]
        while len(parts) < 3:
            parts.insert(0, 0)
        return float(parts[0] * 3600 + parts[1] * 60 + parts[2])
    total = 0.0
    found = False
    for num, unit in re.findall(
        r"(\d+(?:\.\d+)?)\s*(小时|小時|时|時|h|分钟|分鐘|分|min|m|秒|s)", s
    ):
        found = True
        mult = (
            3600
            if unit in ("小时", "小時", "时", "時", "h")
            else 60
            if unit in ("分钟", "分鐘", "分", "min", "m")
            else 1
        )
        total += float(num) * mult
    return total if found else float("nan")


def _as_text(v: object) -> str:
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def _answer_dtype(lo: float, hi: float) -> str:
    """The smallest nullable integer dtype that holds a scale's answers (``Int8`` for Likert,
    NPS, CES and yes/no): answers are whole numbers, validated in range, and a skipped
    question is ``<NA>``. Eight times smaller than float64, and the reliability pass sums
    integers exactly (:func:`serviq.survey.moments.integer_products`)."""
    for name, info in (("Int8", np.iinfo(np.int8)), ("Int16", np.iinfo(np.int16))):
        if info.min <= lo and hi <= info.max:
            return name
    return "Int64"


def read_responses(path: str | Path, q: Questionnaire) -> Responses:
    """Read and validate a response file against questionnaire ``q``.

    Raises :class:`ValidationFailed` with every problem (row and column) when any answer
    is not allowed or a respondent ID repeats; nothing is returned half-valid.
    """
    from serviq.survey.labelled import LABELLED, read_labelled

    path = Path(path)
    if path.suffix.lower() in LABELLED:
        raw = read_labelled(path, q)
    else:
        raw = read_table(path, dtype=object)
    if raw.empty:
        raise InvalidInput("the file has no responses", where=Where(file=str(path)))
    matches, meta, unmatched = match_columns(list(raw.columns), q)
    if not matches:
        raise InvalidInput(
            "no column matches an item of the questionnaire (by code, number or question text); "
            f"columns: {', '.join(raw.columns[:8])}…",
            where=Where(file=str(path)),
        )
    problems: list[Problem] = []
    out = pd.DataFrame(index=raw.index)
    if "respondent_id" in meta:
        ids = raw[meta["respondent_id"]].map(_as_text)
        empty = ids == ""
        for i in np.flatnonzero(empty.to_numpy()).tolist():
            problems.append(
                Problem(
                    "respondent ID is empty",
                    Where(file=str(path), row=sheet_row(i), column=meta["respondent_id"]),
                    code="missing_id",
                )
            )
        dup = ids.duplicated(keep="first") & ~empty
        first_row = {v: sheet_row(i) for i, v in reversed(list(enumerate(ids)))}
        for i in np.flatnonzero(dup.to_numpy()).tolist():
            problems.append(
                Problem(
                    f"respondent ID {ids.iloc[i]} repeats (first at row {first_row[ids.iloc[i]]})",
                    Where(file=str(path), row=sheet_row(i), column=meta["respondent_id"]),
                    code="duplicate_id",
                )
            )
        out["respondent_id"] = ids
    else:
        out["respondent_id"] = [f"{path.stem}:{sheet_row(i)}" for i in range(len(raw))]
    if "submitted_at" in meta:
        out["submitted_at"] = raw[meta["submitted_at"]].map(_as_text)
    if "duration" in meta:
        out["duration_seconds"] = raw[meta["duration"]].map(parse_duration).astype(float)
    for name in ("source", "ip", "device"):
        if name in meta:
            out[name] = raw[meta[name]].map(_as_text)
    for m in matches:
        sc = q.scale_of(m.item)
        col = raw[m.column]
        if not sc.numeric:
            out[m.item] = col.map(_as_text).replace("", None)
            continue
        labels = label_map(q, m.item)
        lo, hi = sc.bounds()
        values = np.full(len(col), np.nan)
        for i, v in enumerate(col.to_numpy()):
            t = _as_text(v)
            if t.lower() in SKIPPED:
                continue
            num = _VALUE.match(unicodedata.normalize("NFKC", t))
            where = Where(file=str(path), row=sheet_row(i), column=m.column)
            if num:
                x = float(num.group(1))
                if not (lo <= x <= hi) or not x.is_integer():
                    problems.append(
                        Problem(
                            f"{m.item}: value {t} is outside the scale {lo:g}–{hi:g}",
                            where,
                            code="out_of_range",
                        )
                    )
                    continue
                values[i] = x
            elif norm(t) in labels:
                values[i] = labels[norm(t)]
            else:
                allowed = sorted(
                    {lab.get(lang) for lab in sc.labels.values() for lang in ("zh-Hans", "en")}
                )
                problems.append(
                    Problem(
                        f"{m.item}: unknown answer {t!r}; allowed: numbers {lo:g}–{hi:g}"
                        + (f" or the labels {', '.join(allowed)}" if allowed else ""),
                        where,
                        code="unknown_label",
                    )
                )
        out[m.item] = pd.array(values, dtype=_answer_dtype(lo, hi))
    if problems:
        raise ValidationFailed(problems, source=str(path))
    return Responses(
        data=out.reset_index(drop=True),
        matches=tuple(matches),
        meta=meta,
        unmatched=tuple(unmatched),
        rows=tuple(sheet_row(i) for i in range(len(raw))),
    )
