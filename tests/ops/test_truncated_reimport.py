"""Finding 2 of issue 16: re-importing an interactions file cut mid-row must never update
the stored rows. A row missing trailing fields is an error (exit 2); a cut that still leaves
a complete-looking row changes a stored row, which is refused (exit 1) with the key and the
fields, shown by --dry-run, and replaced only with --on-change update (the old version kept)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb

HEADER = (
    "interaction_id,channel,queue,contact_type,agent_id,arrived_at,answered_at,ended_at,"
    "abandoned,resolved,team_id,work_order_id"
)
ROWS = [
    "C1,phone,retail,query,A001,2026-11-02T09:00:00+08:00,2026-11-02T09:00:20+08:00,"
    "2026-11-02T09:05:00+08:00,false,true,T1,WO-2026-000001",
    "C2,phone,wealth,complaint,A002,2026-11-02T09:10:00+08:00,2026-11-02T09:10:20+08:00,"
    "2026-11-02T09:15:00+08:00,false,false,T2,WO-2026-000002",
]
TEXT = "\n".join([HEADER, *ROWS]) + "\n"


def stored(ws: Path) -> list[tuple[Any, ...]]:
    con = duckdb.connect(str(ws), read_only=True)
    try:
        return con.execute(
            "SELECT interaction_id, resolved, team_id, work_order_id FROM interactions "
            "ORDER BY interaction_id"
        ).fetchall()
    finally:
        con.close()


def test_a_row_cut_short_is_an_error_and_changes_nothing(tmp_path: Path, run_cli: Any) -> None:
    ws = tmp_path / "ops.duckdb"
    good = tmp_path / "interactions.csv"
    good.write_text(TEXT, encoding="utf-8")
    assert run_cli("ops", "import", str(good), "--workspace", str(ws))[0] == 0
    before = stored(ws)
    assert before[1] == ("C2", False, "T2", "WO-2026-000002")
    for cut in (TEXT.index(",T2,"), TEXT.index(",false,T2"), TEXT.index(",T2,") + 3):
        bad = tmp_path / "cut.csv"
        bad.write_text(TEXT[:cut], encoding="utf-8")
        code, _, err = run_cli("ops", "import", str(bad), "--workspace", str(ws))
        assert code == 2, (cut, err)
        assert "cut short or incomplete" in err
        assert f"{bad}, line 3, row 3)" in err
        assert len(err.splitlines()) == 1
        assert stored(ws) == before


def test_a_cut_inside_the_last_field_is_a_refused_change(tmp_path: Path, run_cli: Any) -> None:
    ws = tmp_path / "ops.duckdb"
    good = tmp_path / "interactions.csv"
    good.write_text(TEXT, encoding="utf-8")
    assert run_cli("ops", "import", str(good), "--workspace", str(ws))[0] == 0
    before = stored(ws)
    cut = tmp_path / "cut.csv"
    cut.write_text(TEXT[:-5], encoding="utf-8")  # WO-2026-000002 → WO-2026-00
    code, _, err = run_cli("ops", "import", str(cut), "--workspace", str(ws))
    assert code == 1
    assert err.startswith(
        "error: 1 row already in the workspace differs from the file: C2 (work_order_id); "
        "nothing was written"
    )
    assert stored(ws) == before
    # the preview lists it and writes nothing
    code, out, _ = run_cli("ops", "import", str(cut), "--workspace", str(ws), "--dry-run", "--json")
    assert code == 0
    report = json.loads(out)["imports"][0]
    assert report["dry_run"] is True
    assert (report["inserted"], report["unchanged"], report["changed"]) == (0, 1, 1)
    assert report["changes"] == [{"key": "C2", "fields": ["work_order_id"]}]
    assert stored(ws) == before
    # re-importing the good file adds nothing
    code, out, _ = run_cli("ops", "import", str(good), "--workspace", str(ws), "--json")
    assert code == 0
    assert json.loads(out)["imports"][0]["unchanged"] == 2
    # replacing is explicit, and the replaced version is kept
    code, out, _ = run_cli(
        "ops", "import", str(cut), "--workspace", str(ws), "--on-change", "update", "--json"
    )
    assert code == 0
    assert json.loads(out)["imports"][0]["updated"] == 1
    con = duckdb.connect(str(ws), read_only=True)
    (old,) = con.execute("SELECT old_row FROM row_history WHERE row_key = 'C2'").fetchone()
    con.close()
    assert json.loads(old)["work_order_id"] == "WO-2026-000002"


def test_several_files_one_of_which_changes_rows_writes_none(tmp_path: Path, run_cli: Any) -> None:
    ws = tmp_path / "ops.duckdb"
    good = tmp_path / "interactions.csv"
    good.write_text(TEXT, encoding="utf-8")
    assert run_cli("ops", "import", str(good), "--workspace", str(ws))[0] == 0
    new = tmp_path / "new.csv"
    new.write_text(HEADER + "\n" + ROWS[0].replace("C1,", "C3,") + "\n", encoding="utf-8")
    changed = tmp_path / "changed.csv"
    changed.write_text(TEXT.replace(",T2,", ",T9,"), encoding="utf-8")
    code, _, err = run_cli("ops", "import", str(new), str(changed), "--workspace", str(ws))
    assert code == 1
    assert "C2 (team_id)" in err
    assert [r[0] for r in stored(ws)] == ["C1", "C2"]  # C3 of the first file not written
