"""``serviq.tables.read_columns`` (the pandas-free CSV path of ``serviq text freq``) accepts
and refuses exactly what ``read_table`` does, with the same message, and returns the same
values: checked on good files in every encoding and on hostile ones."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

from serviq.errors import InvalidInput
from serviq.limits import Limits
from serviq.tables import read_columns, read_table


def _table(path: Path, columns: list[str], limits: Limits | None) -> dict[str, list[Any]]:
    df = read_table(path, columns=columns, limits=limits)
    return {
        c: [None if isinstance(v, float) and math.isnan(v) else v for v in df[c].tolist()]
        for c in columns
    }


def _outcome(fn: Any, path: Path, columns: list[str], limits: Limits | None) -> Any:
    try:
        return fn(path, columns, limits=limits)
    except InvalidInput as exc:  # ValidationFailed is one
        return (type(exc).__name__, str(exc))


CASES: list[tuple[str, bytes, list[str], Limits | None]] = [
    ("utf8.csv", "comment,csat\n服務很好,5\n排隊太久,1\n".encode(), ["comment", "csat"], None),
    ("bom.csv", "\ufeffcomment,csat\n服務很好,5\n".encode(), ["comment", "csat"], None),
    ("gb.csv", "comment,csat\n服务很好,5\n".encode("gb18030"), ["comment", "csat"], None),
    ("empty_cells.csv", b"comment,csat\nabc,\n,2\n\nxyz,3\n", ["comment", "csat"], None),
    ("quoted.csv", b'comment,n\n"a, b",1\n"c ""d""",2\n', ["comment", "n"], None),
    ("semicolon.csv", b"comment;n\nx;1\n", ["comment", "n"], None),
    ("tab.tsv", b"comment\tn\nx\t1.5\n", ["comment", "n"], None),
    ("missing.csv", b"comment,n\nx,1\n", ["text"], None),
    ("cut.csv", b"comment,n,m\nx,1,2\ny,1\n", ["comment"], None),
    ("open_quote.csv", b'comment,n\n"x,1\n', ["comment"], None),
    ("nul.csv", b"comment\nx\x00y\n", ["comment"], None),
    ("bom_inside.csv", "comment\nx\ufeffy\n".encode(), ["comment"], None),
    ("inf.csv", b"comment,n\nx,inf\n", ["comment"], None),
    ("huge_number.csv", b"comment,n\nx,1e300\n", ["comment"], None),
    ("long.csv", ("comment\n" + "長" * 50 + "\n").encode(), ["comment"], Limits(max_cell_chars=10)),
    ("rows.csv", b"comment\n" + b"x\n" * 11, ["comment"], Limits(max_rows=10)),
    ("size.csv", b"comment\n" + b"x\n" * 100, ["comment"], Limits(max_file_bytes=100)),
    ("dup.csv", b"comment,Comment \nx,y\n", ["comment"], None),
    ("latin1.csv", "comment\ncaf\xe9\n".encode("latin-1"), ["comment"], None),
    ("empty.csv", b"", ["comment"], None),
    ("file.json", b"{}", ["comment"], None),
]


@pytest.mark.parametrize(("name", "data", "columns", "limits"), CASES, ids=[c[0] for c in CASES])
def test_read_columns_agrees_with_read_table(
    tmp_path: Path, name: str, data: bytes, columns: list[str], limits: Limits | None
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    ours = _outcome(read_columns, path, columns, limits)
    theirs = _outcome(_table, path, columns, limits)
    assert ours == theirs


def test_a_workbook_goes_through_read_table(tmp_path: Path) -> None:
    import pandas as pd

    path = tmp_path / "c.xlsx"
    pd.DataFrame({"comment": ["服務很好", None], "csat": [5, 1]}).to_excel(path, index=False)
    assert read_columns(path, ["comment", "csat"]) == {
        "comment": ["服務很好", None],
        "csat": [5, 1],
    }


def test_freq_does_not_import_pandas_for_a_csv(tmp_path: Path) -> None:
    import subprocess
    import sys

    path = tmp_path / "c.csv"
    path.write_text("comment\n服務很好\n", encoding="utf-8")
    code = (
        "import sys; from serviq.cli.main import main; sys.argv=['serviq','text','freq',"
        f"{str(path)!r},'--column','comment','--json']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('pandas' in sys.modules, file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.stderr.strip().splitlines()[-1] == "False", done.stderr
    assert '"服务"' in done.stdout
