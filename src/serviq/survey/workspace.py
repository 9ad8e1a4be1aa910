"""The local survey store: a DuckDB file in a directory the analyst names.

Personal data is masked or pseudonymised before it is stored (:func:`protect`). An import
is one transaction and is idempotent: the file's SHA-256 identifies it, so
importing the same file again adds nothing, and a respondent ID already stored for the
questionnaire is never stored twice (keyed by questionnaire + respondent ID). A stored
response is never replaced: a file in which a stored respondent's rated answers differ
(another wave whose IDs restart at 1, an edited export) is refused whole, naming the
respondents and items (:class:`~serviq.errors.Conflict`); the same answers again are
``skipped_existing``. Answers are
kept long (respondent, item, value or text) so that questionnaires of any shape share the
tables; :func:`load_responses` returns them wide again. Exclusions by the quality screens
are stored with their reasons.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from serviq.duckfile import connect
from serviq.errors import Conflict, InvalidInput, Where

SCHEMA = """
CREATE TABLE IF NOT EXISTS imports (
    file_hash VARCHAR PRIMARY KEY, file_name VARCHAR, questionnaire VARCHAR,
    imported_at TIMESTAMP, rows_read INTEGER, rows_added INTEGER, rows_excluded INTEGER);
CREATE TABLE IF NOT EXISTS respondents (
    questionnaire VARCHAR, respondent_id VARCHAR, file_hash VARCHAR, submitted_at VARCHAR,
    duration_seconds DOUBLE, source VARCHAR, ip VARCHAR, device VARCHAR,
    PRIMARY KEY (questionnaire, respondent_id));
CREATE TABLE IF NOT EXISTS answers (
    questionnaire VARCHAR, respondent_id VARCHAR, item VARCHAR, value DOUBLE, text VARCHAR,
    PRIMARY KEY (questionnaire, respondent_id, item));
CREATE TABLE IF NOT EXISTS exclusions (
    questionnaire VARCHAR, respondent_id VARCHAR, file_hash VARCHAR, row_number INTEGER,
    reasons VARCHAR);
"""


@dataclass(frozen=True)
class ImportSummary:
    file_hash: str
    already_imported: bool
    rows_read: int
    added: int
    skipped_existing: int
    excluded: list[dict[str, Any]]

    def as_dict(self) -> dict[str, Any]:
        return self.__dict__.copy()


def _connect(directory: str | Path) -> Any:
    d = Path(directory)
    if d.exists() and not d.is_dir():
        raise InvalidInput("the workspace must be a directory", where=Where(file=str(d)))
    d.mkdir(parents=True, exist_ok=True)
    con = connect(d / "survey.duckdb")
    con.execute(SCHEMA)
    return con


def _differing(
    con: Any, questionnaire: str, stored: pd.DataFrame, items: list[str]
) -> dict[str, list[str]]:
    """Respondents of ``stored`` (already in the store) whose rated answers in the file differ
    from the stored ones: respondent ID → the items that differ."""
    rated = [
        it for it in items if it in stored.columns and pd.api.types.is_numeric_dtype(stored[it])
    ]
    if stored.empty or not rated:
        return {}
    incoming = stored.melt(
        id_vars=["respondent_id"], value_vars=rated, var_name="item", value_name="value"
    )
    incoming["respondent_id"] = incoming["respondent_id"].astype(str)
    incoming["value"] = incoming["value"].astype("float64")
    con.register("incoming_answers", incoming)
    try:
        rows = con.execute(
            "SELECT i.respondent_id, i.item FROM incoming_answers i "
            "LEFT JOIN answers a ON a.questionnaire = ? AND a.respondent_id = i.respondent_id "
            "AND a.item = i.item "
            "WHERE a.value IS DISTINCT FROM i.value ORDER BY i.respondent_id, i.item",
            [questionnaire],
        ).fetchall()
    finally:
        con.unregister("incoming_answers")
    out: dict[str, list[str]] = {}
    for rid, item in rows:
        out.setdefault(str(rid), []).append(str(item))
    return out


def store_import(
    directory: str | Path,
    *,
    questionnaire: str,
    file_name: str,
    digest: str,
    kept: pd.DataFrame,
    excluded: pd.DataFrame,
    items: list[str],
    rows_read: int,
) -> ImportSummary:
    """Write one validated, screened import in a single transaction (or nothing)."""
    con = _connect(directory)
    try:
        if con.execute("SELECT 1 FROM imports WHERE file_hash = ?", [digest]).fetchone():
            return ImportSummary(digest, True, rows_read, 0, 0, [])
        existing = {
            r[0]
            for r in con.execute(
                "SELECT respondent_id FROM respondents WHERE questionnaire = ?", [questionnaire]
            ).fetchall()
        }
        new = kept[~kept["respondent_id"].isin(existing)]
        skipped = len(kept) - len(new)
        differ = _differing(con, questionnaire, kept[kept["respondent_id"].isin(existing)], items)
        if differ:
            shown = "; ".join(
                f"{rid} ({', '.join(its[:4])})" for rid, its in list(differ.items())[:5]
            )
            raise Conflict(
                f"{len(differ)} respondent{'s' if len(differ) != 1 else ''} already stored for "
                f"{questionnaire} answered differently in this file: {shown}"
                f"{'…' if len(differ) > 5 else ''}; nothing was written — a stored response "
                "is never replaced; if this is another wave whose IDs restart at 1, give its "
                "respondents IDs of their own",
                where=Where(file=file_name),
                code="changed_rows",
                details={"respondents": differ},
            )
        meta_cols = ["submitted_at", "duration_seconds", "source", "ip", "device"]
        resp = pd.DataFrame(
            {
                "questionnaire": questionnaire,
                "respondent_id": new["respondent_id"].astype(str),
                "file_hash": digest,
                **{c: (new[c] if c in new.columns else None) for c in meta_cols},
            }
        )
        long_parts = []
        for it in items:
            if it not in new.columns:
                continue
            col = new[it]
            numeric = pd.api.types.is_numeric_dtype(col)
            long_parts.append(
                pd.DataFrame(
                    {
                        "questionnaire": questionnaire,
                        "respondent_id": new["respondent_id"].astype(str),
                        "item": it,
                        "value": col.astype(float) if numeric else np.nan,
                        "text": None if numeric else col.astype(object),
                    }
                )
            )
        answers = (
            pd.concat(long_parts, ignore_index=True)
            if long_parts
            else pd.DataFrame(columns=["questionnaire", "respondent_id", "item", "value", "text"])
        )
        answers = answers[answers["value"].notna() | answers["text"].notna()]
        excl = pd.DataFrame(
            {
                "questionnaire": questionnaire,
                "respondent_id": excluded["respondent_id"].astype(str),
                "file_hash": digest,
                "row_number": excluded["row"].astype(int),
                "reasons": [json.dumps(r, ensure_ascii=False) for r in excluded["reasons"]],
            }
        )
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(
                "INSERT INTO imports VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    digest,
                    file_name,
                    questionnaire,
                    dt.datetime.now(dt.UTC).replace(tzinfo=None),
                    rows_read,
                    len(new),
                    len(excluded),
                ],
            )
            con.register("resp_df", resp)
            con.execute(
                "INSERT INTO respondents SELECT questionnaire, respondent_id, file_hash, "
                "CAST(submitted_at AS VARCHAR), CAST(duration_seconds AS DOUBLE), "
                "CAST(source AS VARCHAR), CAST(ip AS VARCHAR), CAST(device AS VARCHAR) FROM resp_df"
            )
            con.register("ans_df", answers)
            con.execute(
                "INSERT INTO answers SELECT questionnaire, respondent_id, item, "
                "CAST(value AS DOUBLE), CAST(text AS VARCHAR) FROM ans_df"
            )
            con.register("excl_df", excl)
            con.execute("INSERT INTO exclusions SELECT * FROM excl_df")
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
    finally:
        con.close()
    return ImportSummary(
        digest,
        False,
        rows_read,
        len(new),
        skipped,
        [
            {"respondent_id": r.respondent_id, "row": int(r.row), "reasons": list(r.reasons)}
            for r in excluded.itertuples()
        ],
    )


def _integer_dtype(col: pd.Series) -> str | None:
    """``Int8``/``Int16``/``Int64`` when every present value of ``col`` is a whole number in
    that range, else None."""
    v = col.dropna().to_numpy(dtype=np.float64)
    if not np.array_equal(v, np.round(v)):
        return None
    lo, hi = (float(v.min()), float(v.max())) if v.size else (0.0, 0.0)
    for name, info in (("Int8", np.iinfo(np.int8)), ("Int16", np.iinfo(np.int16))):
        if info.min <= lo and hi <= info.max:
            return name
    return "Int64" if lo >= -(2.0**53) and hi <= 2.0**53 else None


def load_responses(directory: str | Path, questionnaire: str) -> pd.DataFrame:
    """The stored responses of a questionnaire, one row per respondent, items as columns.

    Items whose stored answers are all whole numbers (every rated scale) come back as the
    smallest nullable integer dtype that holds them (``Int8`` for Likert), as
    :func:`~serviq.survey.responses.read_responses` gives them, with ``<NA>`` where an
    answer is missing."""
    con = _connect(directory)
    try:
        ans = con.execute(
            "SELECT respondent_id, item, value, text FROM answers WHERE questionnaire = ?",
            [questionnaire],
        ).df()
        ids = con.execute(
            "SELECT respondent_id FROM respondents WHERE questionnaire = ? ORDER BY respondent_id",
            [questionnaire],
        ).df()
    finally:
        con.close()
    num = ans[ans["value"].notna()].pivot(index="respondent_id", columns="item", values="value")
    num = num.astype({c: _integer_dtype(num[c]) for c in num.columns if _integer_dtype(num[c])})
    txt = ans[ans["text"].notna()].pivot(index="respondent_id", columns="item", values="text")
    wide = ids.set_index("respondent_id").join(num).join(txt)
    return wide.reset_index()


def protect(data: pd.DataFrame, items: list[str], salt: bytes) -> pd.DataFrame:
    """``data`` as it may be stored: every text answer masked
    (:func:`serviq.text.redaction.redact`), ``ip`` and ``device`` replaced by their salted
    pseudonyms (:func:`serviq.privacy.pseudonym`; the place a platform adds to an IP is
    dropped), a respondent ID that is itself personal data (a phone number) by its
    pseudonym. Numbers are left as they are."""
    from serviq.privacy import ip_pseudonym, masked_all, protected_key, pseudonym

    out = data.copy()
    out["respondent_id"] = [protected_key(v, salt) for v in out["respondent_id"]]
    if "ip" in out.columns:
        out["ip"] = [ip_pseudonym(v, salt) for v in out["ip"]]
    if "device" in out.columns:
        out["device"] = [
            pseudonym(str(v), salt) if isinstance(v, str) and v.strip() else None
            for v in out["device"]
        ]
    for it in items:
        if it in out.columns and not pd.api.types.is_numeric_dtype(out[it]):
            out[it] = masked_all(out[it])
    return out


def import_file(
    path: str | Path,
    questionnaire: Any,
    directory: str | Path,
    *,
    settings: Any = None,
    salt: bytes | None = None,
) -> ImportSummary:
    """Validate ``path`` against the questionnaire, screen it, and store it in ``directory``.

    Personal data never reaches the workspace (:func:`protect`): open answers are masked,
    IP addresses and device IDs are replaced by their salted pseudonyms (``salt``, default
    :func:`serviq.privacy.installation_salt`) before the duplicate screens compare them.

    Raises :class:`~serviq.errors.ValidationFailed` (nothing stored) when the file has bad
    answers or repeated respondent IDs.
    """
    from serviq.privacy import installation_salt
    from serviq.survey.quality import load_quality, screen_quality
    from serviq.survey.responses import file_hash, read_responses

    q = questionnaire
    resp = read_responses(path, q)
    data = protect(
        resp.data,
        [m.item for m in resp.matches],
        salt if salt is not None else installation_salt(),
    )
    rating = [it.code for it in q.items if it.role == "perception" and it.code in data.columns]
    screened = screen_quality(
        data, rating, settings if settings is not None else load_quality(), rows=resp.rows
    )
    return store_import(
        directory,
        questionnaire=q.id,
        file_name=Path(path).name,
        digest=file_hash(path),
        kept=screened.kept,
        excluded=screened.excluded,
        items=[m.item for m in resp.matches],
        rows_read=len(resp.data),
    )
