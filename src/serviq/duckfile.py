"""Opening a DuckDB file (the ops workspace, the survey store) with errors a user can act on.

DuckDB lets one process write a database file at a time and locks it. Another serviq
command, a notebook or a DuckDB shell holding the file makes a second writer fail at once;
that failure, and a file that is not a DuckDB database at all, become one-line errors
naming the file (and the process holding it) instead of a driver traceback.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from serviq.errors import Conflict, InvalidInput, Where

_PID = re.compile(r"\(PID (\d+)\)")


def explain(exc: Exception, path: Path) -> Exception:
    """The serviq error for DuckDB's failure ``exc`` to open ``path``."""
    text = str(exc)
    where = Where(file=str(path))
    if "lock" in text.lower():
        pid = _PID.search(text)
        holder = f" (process {pid.group(1)})" if pid else ""
        return Conflict(
            f"the workspace is in use by another program{holder}; wait for it to finish or "
            "close it, then run the command again",
            where=where,
            code="workspace_locked",
        )
    if "not a valid duckdb database" in text.lower():
        return InvalidInput(
            "this file is not a serviq workspace (not a DuckDB database); name another file",
            where=where,
        )
    first = text.splitlines()[0] if text else type(exc).__name__
    return InvalidInput(f"cannot open the workspace: {first[:200]}", where=where)


def connect(path: Path, *, read_only: bool = False) -> Any:
    """A DuckDB connection to ``path``; a locked or foreign file raises a serviq error."""
    import duckdb

    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.Error as exc:
        raise explain(exc, path) from None
