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


# ---- which core package may import which ---------------------------------------------------
# The foundation: plain modules every package may use (errors is the root of all).
BASE = {
    "errors": set(),
    "languages": {"errors"},
    "resources": {"errors"},
    "settings": {"errors", "resources"},
    "yamlfile": {"errors", "resources"},
    "decisions": {"errors", "languages"},
    # coded messages: the English of an error and the params the web words it with
    "messages": {"errors"},
    # reading files safely: the limits of imports.yaml, hostile XLSX, DuckDB's file lock
    "limits": {"errors", "resources", "yamlfile"},
    "duckfile": {"errors"},
    "workbook": {"errors", "limits"},
    "tables": {"errors", "limits", "workbook"},
    # spreadsheet cells that cannot run as formulas, for every export
    "formulas": set(),
}
_B = set(BASE)
ALLOWED: dict[str, set[str]] = {
    **BASE,
    "text": _B,
    # salted pseudonyms and masking before storage (uses the text package's redaction)
    "privacy": _B | {"text"},
    "survey": _B | {"text", "privacy"},
    "ops": _B | {"privacy"},
    "workforce": _B,
    "sme": _B,
    "qa": _B | {"survey", "text"},
    "training": _B | {"survey"},
    # an indicator system binds survey, ops, QA and text values (indicators/bindings.py)
    "indicators": _B | {"survey", "ops", "qa", "text"},
    # Delphi rounds screen an indicator system's candidates (versioning via indicators)
    "delphi": _B | {"indicators", "text"},
    "demo": _B | {"text", "survey", "ops", "workforce", "sme", "qa", "indicators"},
    # reports and improvement actions sit on top: every other core package, actions reports
    "reports": _B | {"text", "survey", "ops", "workforce", "sme", "qa", "indicators", "demo"},
    "actions": _B
    | {"text", "survey", "ops", "workforce", "sme", "qa", "indicators", "demo", "reports"},
}


def package_of(path: Path) -> str:
    return path.relative_to(SRC).parts[0].removesuffix(".py")


def package_graph() -> dict[str, set[str]]:
    """Core package → the other core packages it imports (anywhere in its modules)."""
    graph: dict[str, set[str]] = {}
    for path in core_modules():
        here = package_of(path)
        if here == "__init__":
            continue
        for name in imported_names(path):
            if name.startswith("serviq."):
                there = name.split(".")[1]
                if there != here:
                    graph.setdefault(here, set()).add(there)
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of ``graph`` (as a path that returns to its start), or None."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_every_core_package_is_in_the_allowed_list() -> None:
    packages = {package_of(p) for p in core_modules()} - {"__init__"}
    missing = sorted(packages - set(ALLOWED))
    assert not missing, f"add {missing} to ALLOWED in tests/test_architecture.py"


def test_core_packages_import_only_what_they_may() -> None:
    bad = sorted(
        f"{here} imports {there}"
        for here, theirs in package_graph().items()
        for there in theirs
        if there not in ALLOWED.get(here, set())
    )
    assert not bad, bad


def test_the_allowed_imports_and_the_real_ones_have_no_cycle() -> None:
    assert find_cycle(ALLOWED) is None, find_cycle(ALLOWED)
    assert find_cycle(package_graph()) is None, find_cycle(package_graph())


def test_the_cycle_check_sees_a_cycle() -> None:
    assert find_cycle({"survey": {"indicators"}, "indicators": {"survey"}}) == [
        "indicators",
        "survey",
        "indicators",
    ]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None
