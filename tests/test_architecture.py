"""The functional core imports no web framework and no shell (functional core, thin shells)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "serviq"
SHELLS = {"web", "cli"}
FORBIDDEN = ("django", "ninja", "serviq.web", "serviq.cli", "requests", "httpx", "urllib.request")


def core_modules() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if p.relative_to(SRC).parts[0] not in SHELLS)


def imported_names(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


@pytest.mark.parametrize("path", core_modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_core_module_imports_no_shell(path: Path) -> None:
    bad = [
        n for n in imported_names(path) if any(n == f or n.startswith(f + ".") for f in FORBIDDEN)
    ]
    assert not bad, f"{path.relative_to(SRC)} imports {bad}"


def test_the_check_sees_a_violation(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from django.db import models\nimport serviq.web.views\n")
    assert imported_names(bad) == ["django.db", "serviq.web.views"]
