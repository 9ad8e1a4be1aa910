"""Import: bad files give clear errors and change nothing; re-import adds nothing."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from serviq.errors import Conflict, InvalidInput, ValidationFailed
from serviq.ops.importer import read_file
from serviq.ops.schemas import AGENT_STATES, INTERACTIONS, WORK_ORDERS
from serviq.ops.workspace import store

QUEUES = ("credit_card", "retail", "wealth", "complaints")
HEADER = "interaction_id,channel,queue,contact_type,arrived_at,answered_at,ended_at,abandoned"
GOOD = [
    "X1,phone,retail,query,2024-03-01T09:00:00+08:00,2024-03-01T09:00:10+08:00,2024-03-01T09:05:00+08:00,false",
    "X2,chat,wealth,complaint,2024-03-01T10:00:00+08:00,,2024-03-01T10:01:00+08:00,true",
]


def write(tmp_path, name, lines):
    p = tmp_path / name
    p.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return p


def count(ws, table="interactions"):
    con = duckdb.connect(str(ws), read_only=True)
    try:
        return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        con.close()


def test_a_good_file_imports_and_reimport_adds_nothing(tmp_path):
    f = write(tmp_path, "good.csv", GOOD)
    ws = tmp_path / "ops.duckdb"
    frame = read_file(f, INTERACTIONS, queues=QUEUES)
    first = store(frame, INTERACTIONS, ws, file=str(f))
    assert (first.inserted, first.updated, first.unchanged) == (2, 0, 0)
    again = store(read_file(f, INTERACTIONS, queues=QUEUES), INTERACTIONS, ws, file=str(f))
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 2)
    assert count(ws) == 2
    con = duckdb.connect(str(ws), read_only=True)
    stored = con.execute(
        "SELECT arrived_at FROM interactions WHERE interaction_id = 'X1'"
    ).fetchone()[0]
    con.close()
    assert str(stored) == "2024-03-01 01:00:00"  # stored in UTC


def test_a_changed_row_is_refused_by_default_and_replaced_only_when_asked(tmp_path):
    ws = tmp_path / "ops.duckdb"
    f = write(tmp_path, "a.csv", GOOD)
    store(read_file(f, INTERACTIONS, queues=QUEUES), INTERACTIONS, ws, file=str(f))
    changed = [GOOD[0].replace("09:05:00", "09:06:00"), GOOD[1]]
    g = write(tmp_path, "b.csv", changed)
    with pytest.raises(Conflict, match=r"1 row already in the workspace differs .*X1 \(ended_at\)"):
        store(read_file(g, INTERACTIONS, queues=QUEUES), INTERACTIONS, ws, file=str(g))
    con = duckdb.connect(str(ws), read_only=True)
    end = con.execute("SELECT ended_at FROM interactions WHERE interaction_id='X1'").fetchone()[0]
    con.close()
    assert str(end) == "2024-03-01 01:05:00"  # nothing was written
    r = store(
        read_file(g, INTERACTIONS, queues=QUEUES),
        INTERACTIONS,
        ws,
        file=str(g),
        on_change="update",
    )
    assert (r.inserted, r.updated, r.unchanged) == (0, 1, 1)
    assert count(ws) == 2
    con = duckdb.connect(str(ws), read_only=True)
    (old,) = con.execute("SELECT old_row FROM row_history WHERE row_key = 'X1'").fetchone()
    log = con.execute("SELECT file, inserted, updated, unchanged FROM import_log").fetchall()
    con.close()
    assert '"ended_at":"2024-03-01 01:05:00"' in old  # the replaced version is kept
    assert log == [(str(f), 2, 0, 0), (str(g), 0, 1, 1)]


def test_bad_files_name_file_row_and_column_and_change_nothing(tmp_path):
    ws = tmp_path / "ops.duckdb"
    f = write(tmp_path, "good.csv", GOOD)
    store(read_file(f, INTERACTIONS, queues=QUEUES), INTERACTIONS, ws, file=str(f))
    bad = write(
        tmp_path,
        "bad.csv",
        [
            "B1,phone,mortgages,query,2024-03-01T09:00:00+08:00,,2024-03-01T09:01:00+08:00,true",
            "B2,phone,retail,query,2024-03-01T09:00:00+08:00,,2024-03-01T08:59:00+08:00,true",
            "B2,phone,retail,query,2024-03-01T09:00:00+08:00,,2024-03-01T09:01:00+08:00,maybe",
            "B4,fax,retail,query,yesterday,,2024-03-01T09:01:00+08:00,false",
        ],
    )
    with pytest.raises(ValidationFailed) as info:
        read_file(bad, INTERACTIONS, queues=QUEUES)
    lines = info.value.lines
    text = "\n".join(lines)
    assert any(
        "unknown queue 'mortgages'; allowed: credit_card, retail" in s
        and "row 2, column queue" in s
        for s in lines
    )
    assert any(
        "ended_at is before arrived_at" in s and "row 3, column ended_at" in s for s in lines
    )
    assert any(
        "duplicate interaction_id 'B2' (first on row 3)" in s and "row 4" in s for s in lines
    )
    assert any("'maybe' is not true/false" in s and "row 4, column abandoned" in s for s in lines)
    assert any("'fax'" in s and "column channel" in s for s in lines)
    assert any(
        "'yesterday' is not an ISO 8601 time" in s and "row 5, column arrived_at" in s
        for s in lines
    )
    assert all(str(bad) in s for s in lines), text
    assert count(ws) == 2


def test_times_without_offset_need_a_zone(tmp_path):
    lines = [GOOD[0].replace("+08:00", "")]
    f = write(tmp_path, "naive.csv", lines)
    with pytest.raises(ValidationFailed, match="without a UTC offset"):
        read_file(f, INTERACTIONS, queues=QUEUES)
    frame = read_file(f, INTERACTIONS, queues=QUEUES, timezone="Asia/Shanghai")
    assert frame.arrived_at.iloc[0] == pd.Timestamp("2024-03-01T01:00:00")
    utc = read_file(f, INTERACTIONS, queues=QUEUES, timezone="UTC")
    assert utc.arrived_at.iloc[0] == pd.Timestamp("2024-03-01T09:00:00")


def test_a_local_time_that_does_not_exist_is_an_error(tmp_path):
    # 02:30 on 10 March 2024 does not exist in New York (clocks jump from 02:00 to 03:00).
    line = "X1,phone,retail,query,2024-03-10T02:30:00,,2024-03-10T03:10:00,true"
    f = write(tmp_path, "dst.csv", [line])
    with pytest.raises(ValidationFailed, match="does not exist or is ambiguous"):
        read_file(f, INTERACTIONS, queues=QUEUES, timezone="America/New_York")


def test_missing_required_columns_are_listed(tmp_path):
    p = tmp_path / "x.csv"
    p.write_text("interaction_id,channel\nX1,phone\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="missing required columns queue, contact_type"):
        read_file(p, INTERACTIONS, queues=QUEUES)


def test_parquet_and_xlsx_with_a_column_mapping(tmp_path):
    df = pd.DataFrame(
        {
            "Call ID": ["P1"],
            "channel": ["phone"],
            "queue": ["retail"],
            "contact_type": ["query"],
            "arrived_at": [pd.Timestamp("2024-03-01T09:00:00", tz="Asia/Shanghai")],
            "answered_at": [pd.Timestamp("2024-03-01T09:00:05", tz="Asia/Shanghai")],
            "ended_at": [pd.Timestamp("2024-03-01T09:01:00", tz="Asia/Shanghai")],
            "abandoned": [False],
        }
    )
    pq = tmp_path / "calls.parquet"
    df.to_parquet(pq)
    frame = read_file(pq, INTERACTIONS, queues=QUEUES, mapping={"Call ID": "interaction_id"})
    assert frame.arrived_at.iloc[0] == pd.Timestamp("2024-03-01T01:00:00")
    xl = tmp_path / "calls.xlsx"
    df.assign(
        arrived_at=["2024-03-01T09:00:00+08:00"],
        answered_at=["2024-03-01T09:00:05+08:00"],
        ended_at=["2024-03-01T09:01:00+08:00"],
    ).to_excel(xl, index=False)
    frame2 = read_file(xl, INTERACTIONS, queues=QUEUES, mapping={"Call ID": "interaction_id"})
    assert frame2.interaction_id.iloc[0] == "P1"
    assert bool(frame2.abandoned.iloc[0]) is False


def test_work_orders_and_agent_states_validate_their_own_rules(tmp_path):
    wo = tmp_path / "work_orders.csv"
    wo.write_text(
        "work_order_id,queue,status,created_at,due_at,closed_at,reopened_count,callback_result\n"
        "W1,retail,closed,2024-03-01T09:00:00+08:00,2024-03-02T09:00:00+08:00,2024-03-01T08:00:00+08:00,-1,happy\n",
        encoding="utf-8",
    )
    with pytest.raises(ValidationFailed) as info:
        read_file(wo, WORK_ORDERS, queues=QUEUES)
    text = str(info.value)
    assert "closed_at is before created_at" in text
    assert "below the minimum 0" in text
    assert "unknown callback_result 'happy'" in text
    st = tmp_path / "agent_states.csv"
    st.write_text(
        "agent_id,state,reason,start_at,end_at\nA1,away,,2024-03-01T09:00:00Z,2024-03-01T09:30:00Z\n",
        encoding="utf-8",
    )
    with pytest.raises(ValidationFailed, match="unknown state 'away'; allowed: ready, not_ready"):
        read_file(st, AGENT_STATES, queues=QUEUES)


def test_a_parquet_column_of_zone_less_times_is_one_problem(tmp_path):
    df = pd.DataFrame(
        {
            "interaction_id": ["P1", "P2"],
            "channel": ["phone", "phone"],
            "queue": ["retail", "retail"],
            "contact_type": ["query", "query"],
            "arrived_at": pd.to_datetime(["2024-03-01 09:00:00", "2024-03-01 09:01:00"]),
            "ended_at": pd.to_datetime(["2024-03-01 09:02:00", "2024-03-01 09:03:00"]),
            "abandoned": [True, True],
        }
    )
    pq = tmp_path / "naive.parquet"
    df.to_parquet(pq)
    with pytest.raises(ValidationFailed) as info:
        read_file(pq, INTERACTIONS, queues=QUEUES)
    assert len(info.value.problems) == 2  # arrived_at and ended_at, not one per row
    assert all(p.where.row is None for p in info.value.problems)
    frame = read_file(pq, INTERACTIONS, queues=QUEUES, timezone="Asia/Shanghai")
    assert frame.arrived_at.iloc[1] == pd.Timestamp("2024-03-01T01:01:00")
