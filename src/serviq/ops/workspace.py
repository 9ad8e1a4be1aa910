"""The local workspace: a DuckDB file holding the validated operational tables.

Import is one transaction and idempotent. Rows are matched on the table's key
(``interaction_id``, ``work_order_id``, …):

- a new key is inserted;
- the same key with the same content adds nothing (``unchanged``);
- the same key with changed content — the source system corrected or updated the row, as
  when a work order is closed after an earlier export — replaces the stored row
  (``updated``), unless ``on_change="error"``, which refuses the whole file and writes
  nothing.

Customer and issue keys that are raw personal data are stored as salted pseudonyms and
free-text notes masked (:func:`protect`). The default workspace is ``$SERVIQ_HOME/ops.duckdb``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import pandas as pd

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


@dataclass(frozen=True)
class ImportReport:
    """What one import did to one table."""

    table: str
    file: str
    rows: int
    inserted: int
    updated: int
    unchanged: int
    workspace: str

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def default_workspace(home: Path) -> Path:
    return home / "ops.duckdb"


def _create_sql(schema: Schema) -> str:
    cols = ", ".join(f'"{c.name}" {SQL_TYPES[c.kind]}' for c in schema.columns)
    return f'CREATE TABLE IF NOT EXISTS "{schema.name}" ({cols})'


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
    on_change: OnChange = "update",
    progress: Callable[[str], None] | None = None,
    salt: bytes | None = None,
) -> ImportReport:
    """Write a validated ``frame`` into ``schema``'s table of ``workspace``, in one transaction.

    Personal data is protected first (:func:`protect`; ``salt`` defaults to
    :func:`serviq.privacy.installation_salt`).
    """
    import duckdb

    frame = protect(frame, salt if salt is not None else _installation_salt())

    workspace.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(workspace))
    try:
        con.execute("SET TimeZone = 'UTC'")
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(_create_sql(schema))
            incoming = frame[schema.names]
            con.register("incoming_frame", incoming)
            cast = ", ".join(
                f'CAST("{c.name}" AS {SQL_TYPES[c.kind]}) AS "{c.name}"' for c in schema.columns
            )
            con.execute(f"CREATE TEMP TABLE incoming AS SELECT {cast} FROM incoming_frame")
            key_match = " AND ".join(f'i."{k}" = s."{k}"' for k in schema.key)
            same = " AND ".join(f'i."{c}" IS NOT DISTINCT FROM s."{c}"' for c in schema.names)
            t = schema.name
            unchanged = _scalar(
                con,
                f'SELECT count(*) FROM incoming i JOIN "{t}" s ON {key_match} WHERE {same}',
            )
            key_cols = ", ".join(f'i."{k}"' for k in schema.key)
            changed = con.execute(
                f"SELECT {key_cols} FROM incoming i "
                f'JOIN "{t}" s ON {key_match} WHERE NOT ({same}) LIMIT 5'
            ).fetchall()
            updated = _scalar(
                con,
                f'SELECT count(*) FROM incoming i JOIN "{t}" s ON {key_match} WHERE NOT ({same})',
            )
            if updated and on_change == "error":
                shown = ", ".join(str(r[0] if len(r) == 1 else r) for r in changed)
                raise Conflict(
                    f"{updated} rows already in the workspace have changed ({shown}…); "
                    "nothing was written; re-run with --on-change update to replace them",
                    where=Where(file=file),
                )
            if progress:
                progress(f"{t}: {updated} changed, {unchanged} unchanged")
            con.execute(
                f'DELETE FROM "{t}" s WHERE EXISTS (SELECT 1 FROM incoming i WHERE {key_match})'
            )
            cols = ", ".join(f'"{c}"' for c in schema.names)  # quoted: `at` is a keyword
            con.execute(f'INSERT INTO "{t}" ({cols}) SELECT {cols} FROM incoming')
            con.execute("DROP TABLE incoming")
            con.unregister("incoming_frame")
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    finally:
        con.close()
    rows = len(frame)
    return ImportReport(
        table=schema.name,
        file=file,
        rows=rows,
        inserted=rows - updated - unchanged,
        updated=updated,
        unchanged=unchanged,
        workspace=str(workspace),
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
    con = ibis.duckdb.connect(str(workspace), read_only=True)
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
