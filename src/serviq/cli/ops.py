"""``serviq ops …``: import contact-centre data, KPIs, backlog, Erlang C, heat map, workload.

Heavy modules (pandas, ibis, serviq.ops) are imported inside the commands so that
``serviq --help`` stays fast. Progress goes to stderr; ``--json`` prints one object on stdout.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer

from serviq.cli.output import emit, fmt, table

app = typer.Typer(
    help="Contact-centre data: import, KPIs, backlog, Erlang C, heat map, workload.",
    no_args_is_help=True,
)

DATA_HELP = (
    "A workspace (.duckdb, default $SERVIQ_HOME/ops.duckdb), an interactions file "
    "(CSV, XLSX, Parquet), or a PostgreSQL database postgresql://USER@HOST/DB[?schema=NAME]."
)
TZ_HELP = "Zone of timestamps written without a UTC offset (else they are an error)."
ENGINE_HELP = (
    "Engine that computes: duckdb (in process; the default for files and workspaces), "
    "postgres (DATA is a postgresql:// URL; the default for one), spark (DATA is Parquet: "
    "a file or a folder, Hive-partitioned or not; SERVIQ_SPARK_REMOTE or SERVIQ_SPARK_MASTER "
    "say which Spark)."
)
WORKSPACE_SUFFIXES = (".duckdb", ".db", ".ddb")


def _centre() -> tuple[Path, str]:
    """The centre's home folder and time zone from serviq's settings.

    The ops commands sign nothing, so a missing secret key must not stop them: a stand-in
    is given only for building the settings object here.
    """
    from serviq.settings import load_settings

    env = dict(os.environ)
    env.setdefault("SERVIQ_SECRET_KEY", "unused-by-the-ops-command-line")
    s = load_settings(env)
    return s.home, s.timezone


@contextmanager
def _progress(label: str) -> Iterator[Any]:
    """A spinner with a status line on stderr (never on stdout)."""
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    ) as bar:
        task = bar.add_task(label, total=None)

        def step(text: str) -> None:
            bar.update(task, description=text)

        yield step


def _config(config: Path | None, **options: Any) -> Any:
    from serviq.ops.definitions import load_kpi_config

    return load_kpi_config(config).with_options(**options)


def _is_workspace(path: str | Path) -> bool:
    return Path(path).suffix.lower() in WORKSPACE_SUFFIXES


def _spark_config() -> Any:
    """The Spark to use, from serviq's settings (SERVIQ_SPARK_REMOTE / SERVIQ_SPARK_MASTER,
    scratch in SERVIQ_TMPDIR)."""
    from serviq.ops.engines import SparkConfig
    from serviq.settings import load_settings

    env = dict(os.environ)
    env.setdefault("SERVIQ_SECRET_KEY", "unused-by-the-ops-command-line")
    s = load_settings(env)
    return SparkConfig(
        master=s.spark_master,
        remote=s.spark_remote,
        local_dir=str(s.tmp_dir) if s.tmp_dir else None,
    )


def _sources(
    data: str | Path | None,
    *,
    timezone: str | None,
    work_orders: Path | None = None,
    agent_states: Path | None = None,
    step: Any = None,
    engine: str | None = None,
) -> Any:
    from serviq.ops.definitions import load_queues
    from serviq.ops.importer import read_file
    from serviq.ops.schemas import SCHEMAS
    from serviq.ops.workspace import (
        default_workspace,
        is_database_url,
        open_database,
        open_sources,
        sources_from_frames,
    )

    home, _ = _centre()
    if engine is not None or (data is not None and Path(str(data)).is_dir()):
        if (work_orders or agent_states) and (engine == "spark" or Path(str(data)).is_dir()):
            from serviq.errors import InvalidInput

            raise InvalidInput(
                "--work-orders and --agent-states go with an interactions file; a Parquet "
                "folder holds them as work_orders/ and agent_states/"
            )
        from serviq.ops.engines import engine_sources

        src = engine_sources(data, engine or "duckdb", _spark_config)
        if src is not None:
            return src
    if is_database_url(str(data) if data is not None else None):
        return open_database(str(data))
    data = Path(data) if data is not None else None
    if data is None or _is_workspace(data):
        if work_orders or agent_states:
            from serviq.errors import InvalidInput

            raise InvalidInput(
                "--work-orders and --agent-states go with an interactions file; "
                "a workspace already holds them"
            )
        return open_sources(data or default_workspace(home))
    queues = load_queues()
    frames = {}
    for name, path in (
        ("interactions", data),
        ("work_orders", work_orders),
        ("agent_states", agent_states),
    ):
        if path is None:
            continue
        if step:
            step(f"reading and validating {path}")
        frames[name] = read_file(path, SCHEMAS[name], queues=queues, timezone=timezone)
    return sources_from_frames(frames)


def _utc(value: str | None, zone: str) -> Any:
    """An ``--as-of`` time: ISO with offset, or local time in the centre's zone → UTC naive."""
    if value is None:
        return None
    import pandas as pd

    from serviq.errors import InvalidInput, Where

    try:
        ts = pd.Timestamp(value)
    except ValueError:
        raise InvalidInput(
            f"{value!r} is not an ISO 8601 time", where=Where(field="as-of")
        ) from None
    if ts.tzinfo is None:
        ts = ts.tz_localize(zone)
    return ts.tz_convert("UTC").tz_localize(None).to_pydatetime()


@app.command("import")
def import_(
    files: list[Path] = typer.Argument(..., help="CSV, XLSX or Parquet files."),
    table_name: str = typer.Option(
        None,
        "--table",
        help="interactions, work_orders, work_order_events or agent_states "
        "(default: the file's name if it is one of these, else interactions).",
    ),
    workspace: Path = typer.Option(
        None, help="DuckDB workspace file (default $SERVIQ_HOME/ops.duckdb)."
    ),
    timezone: str = typer.Option(None, help=TZ_HELP),
    mapping: list[str] = typer.Option(
        None, "--map", help="Rename a column: FILE_COLUMN=canonical_column (repeatable)."
    ),
    on_change: str = typer.Option(
        "error",
        help="A row already imported whose content differs: error (refuse the file, the "
        "default) or update (replace it; the old row is kept in row_history).",
    ),
    dry_run: bool = typer.Option(
        False,
        "--dry-run",
        help="Validate and list added, unchanged and changed rows; write nothing.",
    ),
    parquet: Path = typer.Option(
        None,
        help="Also write the imported rows as Parquet under this folder, partitioned by month "
        "and site (TABLE/month=YYYY-MM/site=CODE/), for --engine spark or duckdb.",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Validate files, then import them into the workspace (one transaction per file).

    Re-importing the same rows adds nothing; a stored row that the file would change is
    refused (with its key and fields) unless --on-change update. --dry-run shows what an
    import would do.
    """
    from serviq.errors import InvalidInput, Where
    from serviq.ops.definitions import load_queues
    from serviq.ops.importer import parse_mapping, read_file
    from serviq.ops.schemas import SCHEMAS, schema
    from serviq.ops.workspace import changed_rows, default_workspace, store

    if on_change not in ("update", "error"):
        raise InvalidInput(
            f"--on-change {on_change!r}; allowed: update, error", where=Where(field="on-change")
        )
    home, _ = _centre()
    target = workspace or default_workspace(home)
    queues = load_queues()
    cols = parse_mapping(mapping)
    validated = []
    with _progress("validating") as step:
        for f in files:
            name = table_name or (f.stem if f.stem in SCHEMAS else "interactions")
            sch = schema(name)
            step(f"validating {f} as {name}")
            validated.append(
                (f, sch, read_file(f, sch, queues=queues, timezone=timezone, mapping=cols))
            )
        if on_change == "error" and not dry_run:
            # no file is written while another would be refused for changed rows
            for f, sch, frame in validated:
                preview = store(frame, sch, target, file=str(f), dry_run=True)
                if preview.changed:
                    raise changed_rows(str(f), preview.changed, preview.changes)
        reports = []
        for f, sch, frame in validated:
            step(f"writing {len(frame)} rows of {f} into {target}")
            reports.append(
                store(
                    frame,
                    sch,
                    target,
                    file=str(f),
                    on_change=on_change,  # type: ignore[arg-type]
                    dry_run=dry_run,
                )
            )
    out: dict[str, Any] = {
        "workspace": str(target),
        "dry_run": dry_run,
        "imports": [r.as_dict() for r in reports],
    }
    if parquet is not None and not dry_run:
        out["parquet"] = _write_parquet(validated, parquet)

    def render(o: dict[str, Any]) -> None:
        verb = "Would import into" if o["dry_run"] else "Imported into"
        table(
            f"{verb} {o['workspace']}",
            ["file", "table", "rows", "inserted", "updated", "unchanged", "changed"],
            [
                [
                    r["file"],
                    r["table"],
                    r["rows"],
                    r["inserted"],
                    r["updated"],
                    r["unchanged"],
                    r["changed"],
                ]
                for r in o["imports"]
            ],
        )
        changes = [(r["file"], c) for r in o["imports"] for c in r["changes"]]
        if changes:
            table(
                "Stored rows the file changes (first 20 per file)",
                ["file", "key", "fields that differ"],
                [[f, c["key"], ", ".join(c["fields"])] for f, c in changes],
            )

    emit(out, as_json=as_json, render=render)


def _write_parquet(validated: list[tuple[Path, Any, Any]], folder: Path) -> dict[str, Any]:
    """The imported frames as partitioned Parquet (keys protected as in the workspace)."""
    from serviq.ops.engines import write_partitioned
    from serviq.ops.workspace import _installation_salt, protect
    from serviq.settings import load_settings

    env = dict(os.environ)
    env.setdefault("SERVIQ_SECRET_KEY", "unused-by-the-ops-command-line")
    settings = load_settings(env)
    salt = _installation_salt()
    files: list[str] = []
    for _f, sch, frame in validated:
        written = write_partitioned(
            protect(frame, salt), sch.name, folder, settings.site, settings.timezone
        )
        files += [str(p.relative_to(folder)) for p in written]
    return {"folder": str(folder), "files": sorted(set(files))}


@app.command("kpi")
def kpi(
    data: str = typer.Argument(None, help=DATA_HELP),
    by: str = typer.Option(
        "day,queue",
        help="Groups: interval|day|week|month and queue, team, agent, channel, contact_type.",
    ),
    sl_seconds: float = typer.Option(
        None, "--sl-seconds", help="Service-level threshold X (default 20)."
    ),
    abandon_treatment: str = typer.Option(
        None, help="Abandons in the service level: failed, excluded, threshold_excluded."
    ),
    short_abandon_seconds: float = typer.Option(
        None,
        help="Abandons within this many seconds are removed from offered (default 5; 0 = none).",
    ),
    fcr_days: float = typer.Option(
        None, "--fcr-days", help="FCR repeat window in days (default 7)."
    ),
    occupancy_denominator: str = typer.Option(
        None, help="Occupancy denominator: ready or logged_in."
    ),
    aht_hold: str = typer.Option(None, help="Hold in AHT: added (to talk) or included (in talk)."),
    outbound_queue_kpis: str = typer.Option(
        None,
        help="Outbound (proactive) contacts in offered, answered, service level, ASA, abandon "
        "and timeliness rates: excluded (default) or included.",
    ),
    outbound_aht: str = typer.Option(
        None, help="Outbound (proactive) contacts in AHT: included (default) or excluded."
    ),
    outbound_fcr_repeats: str = typer.Option(
        None,
        help="Outbound (proactive) calls as the customer's repeat contact in FCR: "
        "excluded (default: only inbound contacts are repeats) or included.",
    ),
    interval_minutes: int = typer.Option(
        None, help="Interval length for --by interval: 15, 30, 60."
    ),
    work_orders: Path = typer.Option(None, help="A work-orders file (with an interactions file)."),
    agent_states: Path = typer.Option(
        None, help="An agent-states file (with an interactions file)."
    ),
    as_of: str = typer.Option(
        None,
        help="The data's end: FCR windows closing after it are pending (default: the latest "
        "arrival); work orders are judged at it (default: the latest time in the data).",
    ),
    config: Path = typer.Option(None, help="A kpis.yaml with the centre's defaults."),
    timezone: str = typer.Option(None, help=TZ_HELP),
    report_timezone: str = typer.Option(None, help="Zone to report in (default: the centre's)."),
    engine: str = typer.Option(None, help=ENGINE_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Contact-centre KPIs per group, with the definitions used (in English and Chinese)."""
    from serviq.ops.definitions import load_queue_teams
    from serviq.ops.kpis import compute
    from serviq.ops.zones import check_zone

    _, zone = _centre()
    zone = report_timezone or zone
    check_zone(zone)
    cfg = _config(
        config,
        sl_seconds=sl_seconds,
        abandon_treatment=abandon_treatment,
        short_abandon_seconds=short_abandon_seconds,
        fcr_window_days=fcr_days,
        occupancy_denominator=occupancy_denominator,
        aht_hold=aht_hold,
        outbound_queue_kpis=outbound_queue_kpis,
        outbound_aht=outbound_aht,
        outbound_fcr_repeats=outbound_fcr_repeats,
        interval_minutes=interval_minutes,
    )
    with _progress("computing KPIs") as step:
        src = _sources(
            data,
            timezone=timezone,
            work_orders=work_orders,
            agent_states=agent_states,
            step=step,
            engine=engine,
        )
        step("computing KPIs")
        try:
            result = compute(
                src, by, cfg, zone, as_of=_utc(as_of, zone), queue_teams=load_queue_teams()
            )
        finally:
            src.close()

    def render(r: Any) -> None:
        cols = [
            *r.by,
            "offered",
            "answered",
            "abandoned_rate",
            "service_level",
            "asa",
            "aht",
            "fcr_rate",
            "fcr_pending",
            "csat",
        ]
        cols += [c for c in ("occupancy", "wo_timeliness_rate") if c in r.rows.columns]
        cols.append("provisional")
        table(
            f"KPIs ({r.timezone})",
            cols,
            [[rec.get(c) for c in cols] for rec in r.rows.to_dict(orient="records")],
        )
        for key, d in r.definitions.items():
            typer.echo(f"{key}: {d.en}")
        for note in r.notes:
            typer.echo(f"note: {note}")

    emit(result, as_json=as_json, render=render)


@app.command("backlog")
def backlog_cmd(
    data: str = typer.Argument(None, help="A workspace, a work-orders file or a PostgreSQL URL."),
    by: str = typer.Option("queue", help="Groups: queue, team, agent, contact_type."),
    as_of: str = typer.Option(None, help="As-of time (default: latest in the data)."),
    config: Path = typer.Option(None, help="A kpis.yaml with the centre's defaults."),
    timezone: str = typer.Option(None, help=TZ_HELP),
    engine: str = typer.Option(None, help=ENGINE_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Open work orders by age band, overdue counts, and the overdue list with owner and age."""
    from serviq.errors import InvalidInput
    from serviq.ops.backlog import backlog, overdue_list
    from serviq.ops.definitions import describe
    from serviq.ops.kpis import latest, tidy

    _home, zone = _centre()
    cfg = _config(config)
    groups = tuple(b.strip() for b in by.split(",") if b.strip())
    with _progress("reading work orders") as step:
        from serviq.ops.workspace import is_database_url

        plain_file = (
            data is not None
            and engine is None
            and not _is_workspace(data)
            and not is_database_url(data)
            and not Path(data).is_dir()
        )
        if plain_file:
            from serviq.ops.definitions import load_queues
            from serviq.ops.importer import read_file
            from serviq.ops.schemas import WORK_ORDERS

            step(f"validating {data}")
            frame = read_file(Path(data), WORK_ORDERS, queues=load_queues(), timezone=timezone)
            import ibis

            con = ibis.duckdb.connect()
            w = con.create_table(
                "work_orders",
                ibis.memtable(frame, schema=ibis.schema(WORK_ORDERS.ibis_schema())),
            )
            stamp = _utc(as_of, zone) or _latest_wo(w)
            events = None
        else:
            src = _sources(data, timezone=timezone, engine=engine)
            if src.work_orders is None:
                src.close()
                raise InvalidInput("the workspace has no work orders; import some first")
            w = src.work_orders
            events = src.work_order_events
            stamp = _utc(as_of, zone) or latest(src)
            con = src.backend
        step("counting the backlog")
        try:
            bl = tidy(backlog(w, stamp, cfg, groups, events).to_pandas(), groups)
            late = _late(overdue_list(w, stamp, zone, events).to_pandas())
        finally:
            con.disconnect()
    out = {
        "as_of_utc": stamp,
        "timezone": zone,
        "by": list(groups),
        "rows": bl,
        "overdue": late,
        "definition": describe(cfg, zone)["backlog"],
    }

    def render(o: dict[str, Any]) -> None:
        df = o["rows"]
        table(f"Backlog as of {o['as_of_utc']} UTC", list(df.columns), df.values.tolist())
        lt = o["overdue"]
        table(
            "Overdue work orders",
            ["work_order_id", "owner_id", "team_id", "queue", "age_days", "overdue_hours"],
            [
                [
                    r["work_order_id"],
                    r["owner_id"],
                    r["team_id"],
                    r["queue"],
                    r["age_days"],
                    r["overdue_hours"],
                ]
                for r in lt.to_dict(orient="records")
            ],
        )

    emit(out, as_json=as_json, render=render)


def _late(df: Any) -> Any:
    """The overdue list for output: local times as text, missing values as None."""
    df = df.copy()
    df["created_local"] = df["created_local"].astype(str)
    df["due_local"] = df["due_local"].astype(str)
    return df.astype(object).where(df.notna(), None)


def _latest_wo(w: Any) -> Any:
    import pandas as pd

    stamps = [w.created_at.max().to_pandas(), w.closed_at.max().to_pandas()]
    return max(pd.Timestamp(s) for s in stamps if s is not None and not pd.isna(s)).to_pydatetime()


@app.command("erlang")
def erlang_cmd(
    calls: float = typer.Option(None, help="Contacts per interval (omit with --forecast)."),
    interval_minutes: float = typer.Option(30, help="Interval length, minutes."),
    aht: float = typer.Option(None, help="Average handle time, seconds."),
    target_seconds: float = typer.Option(20, help="Answer within this many seconds (X)."),
    service_level: float = typer.Option(0.8, help="Share to answer within X (Y, 0–1)."),
    max_occupancy: float = typer.Option(1.0, help="Highest occupancy allowed (0–1)."),
    shrinkage: float = typer.Option(0.0, help="Share of paid time not on contacts (0–1)."),
    forecast: Path = typer.Option(
        None,
        help="A volume forecast (columns interval, calls[, aht]): a staffing table per interval.",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Erlang C: agents needed for a service level, with P(wait), ASA and occupancy."""
    from serviq.errors import InvalidInput, Where
    from serviq.ops.erlang import staffing, staffing_table

    if forecast is not None:
        from serviq.tables import read_table

        df = read_table(forecast)
        rows = staffing_table(
            df,
            interval_minutes=interval_minutes,
            aht=aht,
            target_seconds=target_seconds,
            service_level=service_level,
            max_occupancy=max_occupancy,
            shrinkage=shrinkage,
        )
        out: dict[str, Any] = {"intervals": rows, "agents_total": int(rows["agents"].sum())}

        def render_f(o: dict[str, Any]) -> None:
            r = o["intervals"]
            table("Staffing per interval", list(r.columns), r.values.tolist())

        emit(out, as_json=as_json, render=render_f)
        return
    if calls is None or aht is None:
        raise InvalidInput(
            "give --calls and --aht (or --forecast FILE)", where=Where(field="calls")
        )
    result = staffing(
        calls=calls,
        interval_minutes=interval_minutes,
        aht=aht,
        target_seconds=target_seconds,
        service_level=service_level,
        max_occupancy=max_occupancy,
        shrinkage=shrinkage,
    )

    def render(r: Any) -> None:
        typer.echo(
            f"traffic {fmt(r.traffic)} erlangs → {r.agents} agents "
            f"({r.agents_with_shrinkage} with shrinkage {fmt(r.shrinkage, 2)}); "
            f"P(wait) {fmt(r.p_wait)}, service level {fmt(r.service_level)}, "
            f"ASA {fmt(r.asa, 1)} s, occupancy {fmt(r.occupancy)}"
        )
        table(
            "Erlang C",
            ["agents", "p_wait", "service_level", "asa", "occupancy"],
            [[x.agents, x.p_wait, x.service_level, x.asa, x.occupancy] for x in r.table],
        )

    emit(result, as_json=as_json, render=render)


@app.command("heatmap")
def heatmap_cmd(
    data: str = typer.Argument(None, help=DATA_HELP),
    agent_states: Path = typer.Option(
        None, help="An agent-states file (with an interactions file)."
    ),
    interval_minutes: int = typer.Option(None, help="Interval length: 15, 30, 60."),
    config: Path = typer.Option(None, help="A kpis.yaml with the centre's defaults."),
    timezone: str = typer.Option(None, help=TZ_HELP),
    engine: str = typer.Option(None, help=ENGINE_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Interval × weekday heat map: volume, Erlang C agents needed, staffed, short or idle."""
    from serviq.ops.heatmap import heatmap

    _, zone = _centre()
    cfg = _config(config, interval_minutes=interval_minutes)
    with _progress("building the heat map") as step:
        src = _sources(data, timezone=timezone, agent_states=agent_states, step=step, engine=engine)
        step("building the heat map")
        try:
            cells = heatmap(src, cfg, zone)
        finally:
            src.close()
    from serviq.ops.definitions import describe

    out = {
        "timezone": zone,
        "interval_minutes": cfg.interval_minutes,
        "cells": cells,
        "definition": describe(cfg, zone)["heatmap"],
    }

    def render(o: dict[str, Any]) -> None:
        c = o["cells"]
        if c.empty:
            typer.echo("no contacts")
            return
        grid = c.pivot(index="interval", columns="weekday", values="required")
        days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        status = c.set_index(["interval", "weekday"])["status"].to_dict()
        rows = []
        for slot, rec in grid.iterrows():
            cells_ = []
            for wd in grid.columns:
                v = rec[wd]
                mark = {"short": "!", "idle": "·", "busy": "*"}.get(status.get((slot, wd), ""), "")
                cells_.append("" if v is None or v != v else f"{int(v)}{mark}")
            rows.append([slot, *cells_])
        table(
            "Agents needed (! short, · idle, * busy)",
            ["interval", *[days[int(w)] for w in grid.columns]],
            rows,
        )

    emit(out, as_json=as_json, render=render)


@app.command("workload")
def workload_cmd(
    data: str = typer.Argument(None, help=DATA_HELP),
    by: str = typer.Option("day,team", help="Groups: day|week|month and team, agent, queue."),
    work_orders: Path = typer.Option(None, help="A work-orders file (with an interactions file)."),
    as_of: str = typer.Option(None, help="As-of time for the overdue list (default: latest)."),
    timezone: str = typer.Option(None, help=TZ_HELP),
    engine: str = typer.Option(None, help=ENGINE_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Daily or weekly workload per team or agent (R-OPS-8) and the overdue work orders."""
    from serviq.ops.backlog import overdue_list
    from serviq.ops.kpis import latest, tidy
    from serviq.ops.workload import workload

    _, zone = _centre()
    cfg = _config(None)
    groups = tuple(b.strip() for b in by.split(",") if b.strip())
    with _progress("counting workload") as step:
        src = _sources(data, timezone=timezone, work_orders=work_orders, step=step, engine=engine)
        step("counting workload")
        try:
            counts = tidy(
                workload(src.interactions, groups, cfg, zone, src.work_orders).to_pandas(), groups
            )
            late = None
            if src.work_orders is not None:
                stamp = _utc(as_of, zone) or latest(src)
                late = _late(
                    overdue_list(src.work_orders, stamp, zone, src.work_order_events).to_pandas()
                )
        finally:
            src.close()
    from serviq.ops.definitions import describe

    out = {
        "timezone": zone,
        "by": list(groups),
        "rows": counts,
        "overdue": late,
        "definition": describe(cfg, zone)["workload"],
    }

    def render(o: dict[str, Any]) -> None:
        df = o["rows"]
        table("Workload", list(df.columns), df.values.tolist())
        if o["overdue"] is not None:
            lt = o["overdue"]
            table(
                "Overdue work orders",
                ["work_order_id", "owner_id", "team_id", "age_days", "overdue_hours"],
                [
                    [
                        r["work_order_id"],
                        r["owner_id"],
                        r["team_id"],
                        r["age_days"],
                        r["overdue_hours"],
                    ]
                    for r in lt.to_dict(orient="records")
                ],
            )

    emit(out, as_json=as_json, render=render)


@app.command("schema")
def schema_cmd(
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """The operational tables: column → type, required, allowed values."""
    from serviq.ops.schemas import export

    out = export()

    def render(o: dict[str, Any]) -> None:
        for name, s in o.items():
            table(
                name,
                ["column", "type", "required", "allowed"],
                [
                    [
                        c,
                        d["type"],
                        "yes" if d["required"] else "",
                        ", ".join(d.get("allowed", [])) or d.get("allowed_from", ""),
                    ]
                    for c, d in s["columns"].items()
                ],
            )

    emit(out, as_json=as_json, render=render)


def _register_checklist() -> None:
    from serviq.cli.indicator_data import checklist

    app.add_typer(checklist, name="checklist")


_register_checklist()
