"""The local workspace: a DuckDB file holding the validated operational tables.

Import is one transaction and idempotent. Rows are matched on the table's key
(``interaction_id``, ``work_order_id``, …):

- a new key is inserted;
- the same key with the same content adds nothing (``unchanged``);
- the same key with changed content refuses the whole file (:class:`Conflict` naming the
  rows and the fields that differ; nothing is written). A file cut mid-row would otherwise
  "update" good rows with empty values. When the source system really corrected or
  updated rows (a work order closed since an earlier export), ``on_change="update"``
  replaces them and keeps every replaced row, as JSON, in ``row_history``;
- ``dry_run`` writes nothing and reports what would be added, unchanged and changed.

Every import that writes is logged in ``import_log`` (when, file, table, counts).
Customer and issue keys that are raw personal data are stored as salted pseudonyms and
free-text notes masked (:func:`protect`). The default workspace is ``$SERVIQ_HOME/ops.duckdb``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from serviq.duckfile import connect, explain
from serviq.errors import Conflict, InvalidInput, NotFound, Where
from serviq.ops.schemas import SCHEMAS, Schema

OnChange = Literal["update", "error"]
SQL_TYPES = {
    "string": "VARCHAR",
    "timestamp": "TIMESTAMP",
    "float": "DOUBLE",
    "int": "BIGINT",
    "bool": "BOOLEAN",
}
SHOWN_CHANGES = 20
HISTORY_SQL = """
CREATE TABLE IF NOT EXISTS import_log (
    imported_at TIMESTAMP, file VARCHAR, table_name VARCHAR, rows BIGINT,
    inserted BIGINT, updated BIGINT, unchanged BIGINT);
CREATE TABLE IF NOT EXISTS row_history (
    replaced_at TIMESTAMP, file VARCHAR, table_name VARCHAR, row_key VARCHAR, old_row VARCHAR);
"""


@dataclass(frozen=True)
class ImportReport:
    """What one import did (or, with ``dry_run``, would do) to one table.

    ``changes`` lists the first :data:`SHOWN_CHANGES` stored rows the file would change:
    each ``key`` and the ``fields`` that differ. ``updated`` is how many were replaced
    (0 on a dry run); ``changed`` how many differ.
    """

    table: str
    file: str
    rows: int
    inserted: int
    updated: int
    unchanged: int
    workspace: str
    changed: int = 0
    changes: tuple[dict[str, Any], ...] = ()
    dry_run: bool = False

    def as_dict(self) -> dict[str, Any]:
        out = dict(self.__dict__)
        out["changes"] = [dict(c) for c in self.changes]
        return out


def default_workspace(home: Path) -> Path:
    return home / "ops.duckdb"


def _create_sql(schema: Schema) -> str:
    cols = ", ".join(f'"{c.name}" {SQL_TYPES[c.kind]}' for c in schema.columns)
    return f'CREATE TABLE IF NOT EXISTS "{schema.name}" ({cols})'


def _label(key: tuple[Any, ...]) -> str:
    return str(key[0]) if len(key) == 1 else "/".join(str(k) for k in key)


def describe_changes(changes: Sequence[dict[str, Any]], total: int) -> str:
    """``X1 (ended_at), X7 (team, resolved)…`` for messages."""
    shown = ", ".join(f"{c['key']} ({', '.join(c['fields'])})" for c in changes[:5])
    return shown + ("…" if total > min(len(changes), 5) else "")


def changed_rows(file: str, changed: int, changes: Sequence[dict[str, Any]]) -> Conflict:
    """The refusal of a file that would change ``changed`` stored rows."""
    return Conflict(
        f"{changed} row{'s' if changed != 1 else ''} already in the workspace "
        f"differ{'s' if changed == 1 else ''} from the file: {describe_changes(changes, changed)}; "
        "nothing was written; see them with --dry-run, and re-run with --on-change update to "
        "replace them (the replaced rows are kept in row_history)",
        where=Where(file=file),
        code="changed_rows",
        details={"changed": changed, "changes": [dict(c) for c in changes]},
    )


#: identifier columns that must never hold raw personal data (kept as pseudonyms).
KEY_COLUMNS = ("customer_key", "issue_key")
#: free-text columns, masked before they are stored.
TEXT_COLUMNS = ("note",)


def _installation_salt() -> bytes:
    from serviq.privacy import installation_salt

    return installation_salt()


def protect(frame: pd.DataFrame, salt: bytes) -> pd.DataFrame:
    """``frame`` as it may be stored: a customer or issue key that is itself personal data
    (a phone, ID-card or bank-card number, an e-mail address) becomes its salted pseudonym
    (:func:`serviq.privacy.protected_key` — the same customer keeps one key, so FCR repeats
    still match); pseudonymous keys are kept; free text (``note``) is masked
    (:func:`serviq.text.redaction.redact`). Each distinct value is checked once."""
    from serviq.privacy import masked, protected_key

    out = frame
    for cols, fn in ((KEY_COLUMNS, lambda v: protected_key(v, salt)), (TEXT_COLUMNS, masked)):
        for col in cols:
            if col not in frame.columns:
                continue
            values = frame[col]
            present = values.dropna().unique()
            table = {v: fn(v) for v in present if isinstance(v, str)}
            if any(table[v] != v for v in table):
                if out is frame:
                    out = frame.copy()
                out[col] = values.map(lambda v, t=table: t.get(v, v) if isinstance(v, str) else v)
    return out


def store(
    frame: pd.DataFrame,
    schema: Schema,
    workspace: Path,
    *,
    file: str,
    on_change: OnChange = "error",
    dry_run: bool = False,
    progress: Callable[[str], None] | None = None,
    salt: bytes | None = None,
) -> ImportReport:
    """Write a validated ``frame`` into ``schema``'s table of ``workspace``, in one transaction.

    Rows whose key is stored with different content are refused (:class:`Conflict` naming
    the rows and fields, nothing written) unless ``on_change="update"``, which replaces them
    and keeps each replaced row in ``row_history``. ``dry_run`` writes nothing and reports
    what would be added, unchanged and changed. Every import is logged in ``import_log``.

    Personal data is protected first (:func:`protect`; ``salt`` defaults to
    :func:`serviq.privacy.installation_salt`).
    """
    if on_change not in ("update", "error"):
        raise InvalidInput(
            f"on_change {on_change!r}; allowed: update, error", where=Where(field="on-change")
        )
    if dry_run and not workspace.exists():
        return ImportReport(
            schema.name, file, len(frame), len(frame), 0, 0, str(workspace), dry_run=True
        )
    frame = protect(frame, salt if salt is not None else _installation_salt())
    workspace.parent.mkdir(parents=True, exist_ok=True)
    con = connect(workspace, read_only=dry_run)
    try:
        con.execute("SET TimeZone = 'UTC'")
        con.execute("BEGIN TRANSACTION")
        try:
            t = schema.name
            if not dry_run:
                con.execute(_create_sql(schema))
                for c in schema.columns:  # a workspace made before a column was added
                    con.execute(
                        f'ALTER TABLE "{schema.name}" ADD COLUMN IF NOT EXISTS '
                        f'"{c.name}" {SQL_TYPES[c.kind]}'
                    )
                con.execute(HISTORY_SQL)
            incoming = frame[schema.names]
            con.register("incoming_frame", incoming)
            cast = ", ".join(
                f'CAST("{c.name}" AS {SQL_TYPES[c.kind]}) AS "{c.name}"' for c in schema.columns
            )
            con.execute(f"CREATE TEMP TABLE incoming AS SELECT {cast} FROM incoming_frame")
            exists = _scalar(
                con,
                "SELECT count(*) FROM information_schema.tables "
                f"WHERE table_schema = 'main' AND table_name = '{t}'",
            )
            if not exists:  # a dry run on a workspace without this table
                con.execute(_create_sql(schema).replace("TABLE IF NOT EXISTS", "TEMP TABLE"))
            key_match = " AND ".join(f'i."{k}" = s."{k}"' for k in schema.key)
            same = " AND ".join(f'i."{c}" IS NOT DISTINCT FROM s."{c}"' for c in schema.names)
            unchanged = _scalar(
                con,
                f'SELECT count(*) FROM incoming i JOIN "{t}" s ON {key_match} WHERE {same}',
            )
            changed = _scalar(
                con,
                f'SELECT count(*) FROM incoming i JOIN "{t}" s ON {key_match} WHERE NOT ({same})',
            )
            key_cols = ", ".join(f'i."{k}"' for k in schema.key)
            diffs = ", ".join(f'i."{c}" IS DISTINCT FROM s."{c}"' for c in schema.names)
            nk = len(schema.key)
            changes = tuple(
                {
                    "key": _label(tuple(r[:nk])),
                    "fields": [c for c, d in zip(schema.names, r[nk:], strict=True) if d],
                }
                for r in con.execute(
                    f"SELECT {key_cols}, {diffs} FROM incoming i "
                    f'JOIN "{t}" s ON {key_match} WHERE NOT ({same}) '
                    f"ORDER BY {key_cols} LIMIT {SHOWN_CHANGES}"
                ).fetchall()
            )
            inserted = len(frame) - changed - unchanged
            if dry_run:
                con.execute("ROLLBACK")
                return ImportReport(
                    t, file, len(frame), inserted, 0, unchanged, str(workspace),
                    changed, changes, dry_run=True,
                )  # fmt: skip
            if changed and on_change == "error":
                raise changed_rows(file, changed, changes)
            if progress:
                progress(f"{t}: {changed} changed, {unchanged} unchanged")
            key_text = " || '/' || ".join(f'CAST(s."{k}" AS VARCHAR)' for k in schema.key)
            now = "CAST(now() AT TIME ZONE 'UTC' AS TIMESTAMP)"
            if changed:
                con.execute(
                    f"INSERT INTO row_history SELECT {now}, ?, ?, {key_text}, "
                    f'CAST(to_json(s) AS VARCHAR) FROM "{t}" s WHERE EXISTS '
                    f"(SELECT 1 FROM incoming i WHERE {key_match} AND NOT ({same}))",
                    [file, t],
                )
            con.execute(
                f'DELETE FROM "{t}" s WHERE EXISTS (SELECT 1 FROM incoming i WHERE {key_match})'
            )
            cols = ", ".join(f'"{c}"' for c in schema.names)  # quoted: `at` is a keyword
            con.execute(f'INSERT INTO "{t}" ({cols}) SELECT {cols} FROM incoming')
            con.execute(
                f"INSERT INTO import_log VALUES ({now}, ?, ?, ?, ?, ?, ?)",
                [file, t, len(frame), inserted, changed, unchanged],
            )
            con.execute("DROP TABLE incoming")
            con.unregister("incoming_frame")
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    finally:
        con.close()
    return ImportReport(
        table=schema.name,
        file=file,
        rows=len(frame),
        inserted=inserted,
        updated=changed,
        unchanged=unchanged,
        workspace=str(workspace),
        changed=changed,
        changes=changes,
    )


def _scalar(con: Any, sql: str) -> int:
    row = con.execute(sql).fetchone()
    return int(row[0]) if row else 0


def open_sources(workspace: Path) -> Any:
    """The KPI :class:`~serviq.ops.kpis.Sources` of a workspace file (read only)."""
    import ibis

    from serviq.ops.kpis import Sources

    if not workspace.exists():
        raise NotFound(
            "no workspace here; run `serviq ops import` first", where=Where(file=str(workspace))
        )
    try:
        con = ibis.duckdb.connect(str(workspace), read_only=True)
    except Exception as exc:  # DuckDB's lock and format errors, via ibis
        raise explain(exc, workspace) from None
    con.raw_sql("SET TimeZone = 'UTC'")
    # ibis 12's list_tables calls a method DuckDB 2.0 removed; ask the catalogue directly.
    names = {
        r[0]
        for r in con.raw_sql(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
        ).fetchall()
    }
    if "interactions" not in names:
        raise InvalidInput(
            "the workspace has no interactions; import some first",
            where=Where(file=str(workspace)),
        )
    return Sources(
        interactions=con.table("interactions"),
        work_orders=con.table("work_orders") if "work_orders" in names else None,
        agent_states=con.table("agent_states") if "agent_states" in names else None,
        work_order_events=(
            con.table("work_order_events") if "work_order_events" in names else None
        ),
        backend=con,
    )


def sources_from_frames(frames: dict[str, pd.DataFrame]) -> Any:
    """KPI sources over validated DataFrames, in an in-memory DuckDB (for ``ops kpi FILE``)."""
    import ibis

    from serviq.ops.kpis import Sources

    con = ibis.duckdb.connect()
    con.raw_sql("SET TimeZone = 'UTC'")
    tables = {}
    for name, frame in frames.items():
        schema = SCHEMAS[name]
        tables[name] = con.create_table(
            name, ibis.memtable(frame[schema.names], schema=ibis.schema(schema.ibis_schema()))
        )
    return Sources(
        interactions=tables["interactions"],
        work_orders=tables.get("work_orders"),
        agent_states=tables.get("agent_states"),
        work_order_events=tables.get("work_order_events"),
        backend=con,
    )


def is_database_url(data: str | None) -> bool:
    return bool(data) and str(data).startswith(("postgres://", "postgresql://"))


def open_database(url: str) -> Any:
    """KPI sources on a PostgreSQL database (the bank's warehouse), read where they are.

    ``postgresql://USER[:PASSWORD]@HOST[:PORT]/DB[?schema=NAME]``: the tables
    ``interactions`` and, if present, ``work_orders`` and ``agent_states`` of that schema
    (default ``public``), with the columns of :mod:`serviq.ops.schemas` and times in UTC.
    """
    from urllib.parse import parse_qs, urlparse

    import ibis

    from serviq.ops.kpis import Sources

    u = urlparse(url)
    schema = (parse_qs(u.query).get("schema") or ["public"])[0]
    where = Where(field="DATA")
    try:
        con = ibis.postgres.connect(
            host=u.hostname or "127.0.0.1",
            port=u.port or 5432,
            user=u.username,
            password=u.password,
            database=(u.path or "/").lstrip("/") or None,
        )
    except Exception as exc:  # the driver's errors vary; all mean "cannot connect"
        raise InvalidInput(f"cannot connect to the database: {exc}", where=where) from None
    with con.con.cursor() as cur:
        cur.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s", (schema,)
        )
        names = {r[0] for r in cur.fetchall()}
    if "interactions" not in names:
        con.disconnect()
        raise InvalidInput(f"schema {schema!r} has no table interactions", where=where)

    def table(name: str) -> Any:
        return con.table(name, database=schema) if name in names else None

    return Sources(
        interactions=con.table("interactions", database=schema),
        work_orders=table("work_orders"),
        agent_states=table("agent_states"),
        work_order_events=table("work_order_events"),
        backend=con,
    )
