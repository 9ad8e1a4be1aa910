"""No store keeps raw personal data (R-OPS-2): identifiers planted in every input — valid
mainland mobile numbers, 18-digit ID numbers with their check character, Luhn-valid bank
cards, e-mail addresses, IPv4 addresses — are searched for, after each path has run, in every
store: the DuckDB workspaces (every table, every column, and the files' bytes), the web
application's SQLite file (its bytes and every table) and the log output of each command.

Paths: ``serviq survey import`` of a platform export, ``serviq ops import`` of interactions
and work-order events, the web demo loaded by :func:`serviq.web.demo.load_centre` (whose
generated comments carry planted personal data of their own), a customer's answer on the
public survey page, and staff texts written through the web's actions (handover log,
escalation report, confidentiality incident, minutes, visitor log).
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pandas as pd
import planted as pl
import pytest

pytestmark = pytest.mark.slow

HERE = Path(__file__).resolve().parent
DEMO = {"scale": 0.05, "seed": 31, "start": "2026-06-01", "days": 5}


def duckdb_texts(path: Path) -> dict[str, str]:
    """Every table of a DuckDB file, every column cast to text, one string per table."""
    import duckdb

    con = duckdb.connect(str(path), read_only=True)
    try:
        out = {}
        for (table,) in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE'"
        ).fetchall():
            rows = con.execute(f'SELECT * FROM "{table}"').fetchall()
            out[f"{path.name}:{table}"] = "\n".join(" | ".join(map(str, r)) for r in rows)
        return out
    finally:
        con.close()


def sqlite_texts(path: Path) -> dict[str, str]:
    con = sqlite3.connect(path)
    try:
        out = {}
        tables = con.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
        for (table,) in tables:
            rows = con.execute(f'SELECT * FROM "{table}"').fetchall()
            out[f"{path.name}:{table}"] = "\n".join(" | ".join(map(str, r)) for r in rows)
        return out
    finally:
        con.close()


def store_texts(root: Path) -> dict[str, str]:
    """Every file under ``root`` as bytes (decoded loosely), and every table of each DuckDB,
    SQLite and Parquet file as text."""
    out: dict[str, str] = {}
    for f in sorted(p for p in root.rglob("*") if p.is_file()):
        out[f"bytes of {f.relative_to(root)}"] = f.read_bytes().decode("utf-8", errors="ignore")
        if f.suffix == ".duckdb":
            out.update(duckdb_texts(f))
        elif f.suffix == ".sqlite3":
            out.update(sqlite_texts(f))
        elif f.suffix == ".parquet":
            out[str(f.name)] = pd.read_parquet(f).to_csv(index=False)
    return out


# what a planted value in a generated comment looks like (independent of serviq's patterns)
DEMO_PII = {
    "mobile": re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)"),
    "id_cn": re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)"),
    "bank_card": re.compile(r"(?<!\d)\d{4}(?: ?\d{4}){3}(?: ?\d{3})?(?!\d)"),
    "email": re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
}


def demo_pii(texts: list[str], planted: pl.Planted) -> None:
    for t in texts:
        for kind, rx in DEMO_PII.items():
            for m in rx.finditer(t):
                planted.add(kind, m.group())


@pytest.fixture(scope="module")
def demo():
    from serviq.demo import generate

    return generate(**DEMO, survey_export=True)


@pytest.fixture(scope="module")
def cli_run(demo, tmp_path_factory):
    """The command-line imports, run in-process: (planted values, store texts, log)."""
    from serviq.cli.main import main

    tmp = tmp_path_factory.mktemp("cli")
    rnd, planted = pl.make(7)
    export = demo.survey_export.copy()
    ip_col, comment_col = "来自IP", export.columns[-1]
    for i in range(12):
        export.loc[i, comment_col] = pl.comment_with_pii(rnd, planted)
        ip = planted.add("ipv4", pl.ipv4(rnd))
        export.loc[i, ip_col] = f"{ip}(上海-上海)"
        export.loc[i + 20, ip_col] = ip  # the same address again: a duplicate the screen names
    inputs = tmp / "inputs"
    inputs.mkdir()
    export.to_csv(inputs / "survey_export.csv", index=False)
    inter = demo.interactions.copy()
    for i in range(10):
        inter.loc[inter.index[i * 3], "customer_key"] = planted.add("mobile", pl.mobile(rnd))
    inter.to_csv(inputs / "interactions.csv", index=False)
    events = demo.work_order_events.copy()
    for i in range(5):
        events.loc[events.index[i], "note"] = pl.comment_with_pii(rnd, planted)
    events.to_csv(inputs / "work_order_events.csv", index=False)

    stores = tmp / "stores"
    env = {"SERVIQ_HOME": str(stores / "home")}
    log: list[str] = []
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        for args in (
            ["survey", "import", str(inputs / "survey_export.csv"), "-w", str(stores / "survey")],
            ["ops", "import", str(inputs / "interactions.csv"), str(inputs / "work_order_events.csv"),
             "--workspace", str(stores / "ops.duckdb")],
        ):  # fmt: skip
            for fmt in ([], ["--json"]):
                import contextlib
                import io

                out, err = io.StringIO(), io.StringIO()
                with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                    try:
                        main(args + fmt)
                        code = 0
                    except SystemExit as exc:
                        code = int(exc.code or 0)
                assert code == 0, err.getvalue()[-2000:]
                log.append(out.getvalue() + err.getvalue())
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return planted, inputs, store_texts(stores), "\n".join(log)


def test_the_planted_values_are_in_the_inputs(cli_run) -> None:
    """The search finds every planted value where it was put (so a leak cannot hide)."""
    planted, inputs, _, _ = cli_run
    texts = {f.name: f.read_text(encoding="utf-8") for f in inputs.iterdir()}
    kinds = {k for k, _ in planted.all}
    assert kinds == {"mobile", "id_cn", "bank_card", "email", "ipv4"}
    assert len(pl.leaks(planted, texts)) >= len(planted.all)


def test_the_command_line_imports_store_no_raw_personal_data(cli_run) -> None:
    planted, _, stores, log = cli_run
    assert any(k.endswith(":answers") for k in stores)  # the stores were written
    assert any(k.endswith(":interactions") for k in stores)
    found = pl.leaks(planted, {**stores, "command output": log})
    assert not found, pl.summary(planted, found)


def test_the_imports_keep_what_the_analysis_needs(cli_run) -> None:
    """Masked, not dropped: the comments keep their words, duplicates are still found."""
    _, _, stores, log = cli_run
    answers = next(v for k, v in stores.items() if k.endswith(":answers"))
    for placeholder in ("[手机号]", "[身份证]", "[银行卡]", "[邮箱]"):
        assert placeholder in answers
    assert "duplicate_ip" in log


@pytest.fixture(scope="module")
def web_run(demo, tmp_path_factory):
    """The web demo and the web's write paths, in a fresh process on a SQLite file."""
    tmp = tmp_path_factory.mktemp("web")
    rnd, planted = pl.make(11)
    demo_pii(
        [*demo.comments["text"].dropna().astype(str), *demo.survey_responses["COMMENT"].dropna().astype(str)],
        planted,
    )  # fmt: skip
    demo_found = len(planted.all)
    config = {
        "demo": DEMO,
        "ip": planted.add("ipv4", pl.ipv4(rnd)),
        "comment": pl.comment_with_pii(rnd, planted),
        "staff_text": pl.comment_with_pii(rnd, planted),
    }
    (tmp / "config.json").write_text(json.dumps(config, ensure_ascii=False), encoding="utf-8")
    stores = tmp / "stores"
    stores.mkdir()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{stores / 'web.sqlite3'}",
        "SERVIQ_HOME": str(stores / "home"),
        "SERVIQ_DEBUG": "1",
        "SERVIQ_ALLOWED_HOSTS": "testserver,localhost",
        "DJANGO_SETTINGS_MODULE": "serviq.web.settings",
    }
    done = subprocess.run(
        [sys.executable, str(HERE / "web_store.py"), str(tmp / "config.json")],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return planted, demo_found, result, store_texts(stores), done.stdout + done.stderr


def test_the_web_demo_and_the_web_paths_store_no_raw_personal_data(web_run) -> None:
    planted, demo_found, result, stores, log = web_run
    assert demo_found > 0  # the generated comments do carry personal data
    assert result["survey_status"] == 302
    assert "[手机号]" in result["stored_comment"]
    assert any(k.endswith(":surveys_surveyresponse") for k in stores)
    found = pl.leaks(planted, {**stores, "log output": log})
    assert not found, pl.summary(planted, found)
