"""Every importer over a generated corpus of broken and hostile files (issue 16, finding 5).

For each file: the import either succeeds or raises a serviq error whose every line is one
line; nothing is written when it fails; no file takes more than a few seconds (a hang is
cut by an alarm). The corpus (``tests/hostile_files.py``) holds truncations, byte flips,
stray BOMs, non-finite and huge numbers, duplicate headers, huge cells, binary and nested
Parquet columns, zip bombs, XXE and billion-laughs workbooks. The CLI runs a part of it too:
exit 0, or ``error: …`` lines with exit 2 (bad input) or 1 (refused changes), never a traceback.
"""

from __future__ import annotations

import json
import random
import signal
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from hostile_files import parquet_mutations, text_mutations, workbook_mutations, xlsx
from serviq.errors import ServiqError

SECONDS_PER_FILE = 10
OPS_HEADER = [
    "interaction_id",
    "channel",
    "queue",
    "contact_type",
    "agent_id",
    "arrived_at",
    "answered_at",
    "ended_at",
    "hold_seconds",
    "abandoned",
    "transferred",
    "resolved",
    "csat",
    "team_id",
    "work_order_id",
]


def ops_rows(n: int = 12) -> list[list[str]]:
    rows = []
    for i in range(n):
        m = 10 + i
        rows.append(
            [
                f"C{i:04d}",
                "phone",
                ["retail", "wealth", "credit_card"][i % 3],
                "query",
                f"A{i % 4:03d}",
                f"2026-11-02T09:{m}:00+08:00",
                f"2026-11-02T09:{m}:20+08:00",
                f"2026-11-02T09:{m + 5}:00+08:00",
                str(10 * i),
                "false",
                "false" if i % 2 else "true",
                "true",
                str(1 + i % 5),
                f"T{1 + i % 3}",
                f"WO-2026-{i:06d}",
            ]
        )
    return rows


def ops_csv() -> bytes:
    return ("\n".join(",".join(r) for r in [OPS_HEADER, *ops_rows()]) + "\n").encode()


def roster_csv() -> bytes:
    lines = ["agent," + ",".join(str(d) for d in range(1, 11))]
    for a in ("A001", "A002", "A003"):
        lines.append(a + "," + ",".join("D" if d % 3 else "N" for d in range(1, 11)))
    return ("\n".join(lines) + "\n").encode()


@contextmanager
def deadline(seconds: int) -> Iterator[None]:
    def boom(signum: int, frame: Any) -> None:
        raise TimeoutError(f"an import ran longer than {seconds} s")

    old = signal.signal(signal.SIGALRM, boom)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def corpus(kind: str, tmp: Path) -> list[Path]:
    rng = random.Random(16)
    if kind == "ops":
        seed = ops_csv()
        rows = [dict(zip(OPS_HEADER, r, strict=True)) for r in ops_rows()]
        book = xlsx(OPS_HEADER, [list(r.values()) for r in rows])
        good_pq = pd.DataFrame(rows).to_parquet()
        items = [
            *text_mutations(seed, rng),
            *workbook_mutations(book, rng),
            *parquet_mutations(good_pq),
        ]
    elif kind == "survey":
        seed = (Path(__file__).parents[1] / "survey/data/wjx_export_clean.csv").read_bytes()
        seed = seed.removeprefix(b"\xef\xbb\xbf")
        df = pd.read_csv(Path(__file__).parents[1] / "survey/data/wjx_export_clean.csv")
        book = xlsx(list(df.columns), df.head(5).astype(object).values.tolist())
        items = [*text_mutations(seed, rng), *workbook_mutations(book, rng)]
    else:
        seed = roster_csv()
        book = xlsx(["agent", "1", "2"], [["A001", "D", "N"], ["A002", "N", "D"]])
        items = [*text_mutations(seed, rng), *workbook_mutations(book, rng)]
    out = []
    d = tmp / kind
    d.mkdir(parents=True, exist_ok=True)
    for k, (name, data) in enumerate(items):
        p = d / f"{k:03d}_{name}"
        p.write_bytes(data)
        out.append(p)
    return out


def survive(call: Callable[[], Any], path: Path, slowest: list[float]) -> ServiqError | None:
    """Run one import; return its serviq error (None on success). Anything else fails."""
    start = time.perf_counter()
    try:
        with deadline(SECONDS_PER_FILE):
            call()
        error = None
    except ServiqError as exc:
        error = exc
        for line in exc.lines:
            assert "\n" not in line, (path.name, line)
            assert "\r" not in line, (path.name, line)
            assert line.strip(), path.name
    slowest.append(time.perf_counter() - start)
    return error


def _ops_snapshot(ws: Path) -> list[tuple[Any, ...]]:
    con = duckdb.connect(str(ws), read_only=True)
    try:
        return con.execute("SELECT * FROM interactions ORDER BY interaction_id").fetchall()
    finally:
        con.close()


def test_ops_import_survives_the_corpus_and_writes_nothing_on_error(tmp_path: Path) -> None:
    from serviq.ops.importer import read_file
    from serviq.ops.schemas import INTERACTIONS
    from serviq.ops.workspace import store

    queues = ("credit_card", "retail", "wealth", "complaints")
    ws = tmp_path / "ops.duckdb"
    seed = tmp_path / "seed.csv"
    seed.write_bytes(ops_csv())
    store(read_file(seed, INTERACTIONS, queues=queues), INTERACTIONS, ws, file=str(seed))
    files = corpus("ops", tmp_path)
    slowest: list[float] = []
    failed = 0
    for path in files:
        before = _ops_snapshot(ws)

        def run(path: Path = path) -> None:
            frame = read_file(path, INTERACTIONS, queues=queues)
            store(frame, INTERACTIONS, ws, file=str(path))

        if survive(run, path, slowest) is not None:
            failed += 1
            assert _ops_snapshot(ws) == before, path.name
    assert len(files) >= 60
    assert failed >= len(files) - 12  # nearly every mutation is refused
    assert max(slowest) < SECONDS_PER_FILE


def test_survey_import_survives_the_corpus_and_writes_nothing_on_error(tmp_path: Path) -> None:
    from serviq.survey.questionnaire import load_questionnaire
    from serviq.survey.workspace import import_file, load_responses

    q = load_questionnaire()
    ws = tmp_path / "ws"
    import_file(Path(__file__).parents[1] / "survey/data/wjx_export_clean.csv", q, ws)
    slowest: list[float] = []
    for path in corpus("survey", tmp_path):
        before = load_responses(ws, q.id)
        if survive(lambda path=path: import_file(path, q, ws), path, slowest) is not None:
            assert load_responses(ws, q.id).equals(before), path.name
    assert max(slowest) < SECONDS_PER_FILE


def test_roster_reader_survives_the_corpus(tmp_path: Path) -> None:
    from serviq.workforce.roster import read_roster
    from serviq.workforce.ruleset import load_rules

    rules = load_rules()
    slowest: list[float] = []
    outcomes = []
    for path in corpus("roster", tmp_path):
        err = survive(
            lambda path=path: read_roster(path, team="T1", year=2026, month=1, rules=rules),
            path,
            slowest,
        )
        outcomes.append(err is None)
    assert not all(outcomes)  # the broken ones are refused
    assert max(slowest) < SECONDS_PER_FILE


def test_the_cli_prints_one_error_line_per_problem_never_a_traceback(
    tmp_path: Path, run_cli: Any
) -> None:
    ws = tmp_path / "ops.duckdb"
    seed = tmp_path / "interactions.csv"
    seed.write_bytes(ops_csv())
    assert run_cli("ops", "import", str(seed), "--workspace", str(ws))[0] == 0
    files = corpus("ops", tmp_path)[::3]
    for path in files:
        code, out, err = run_cli("ops", "import", str(path), "--workspace", str(ws), "--json")
        assert code in (0, 1, 2), (path.name, code, err)
        if code == 0:
            assert json.loads(out)["imports"]  # one JSON object on stdout
        else:
            assert err
            assert all(line.startswith("error: ") for line in err.splitlines()), err
            assert "Traceback" not in err
    for path in corpus("survey", tmp_path)[::4]:
        code, _, err = run_cli("survey", "import", str(path), "-w", str(tmp_path / "s"))
        assert code in (0, 1, 2), (path.name, code, err)
        if code:
            assert all(line.startswith("error: ") for line in err.splitlines()), err
