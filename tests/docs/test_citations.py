"""The repository stands alone: code, help texts, tests and docs cite nothing outside it.

Requirement IDs (``R-OPS-7``) are the project's own, defined in docs/requirements.md; every
one cited anywhere must be defined there, and every relative link of the Markdown pages
must reach a file of the repository.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEXT = {".py", ".md", ".yaml", ".yml", ".po", ".html", ".txt", ".toml", ".cfg", ".js", ".css"}
# files outside the repository that earlier texts cited (spelt in pieces so that this file
# does not cite them itself)
OUTSIDE = re.compile(
    "|".join(
        re.escape(name)
        for name in (
            "REQUIREMENTS" + ".md",
            "DOMAIN" + ".md",
            "CLI" + ".md",
            "DESIGN" + ".md",
            "STYLE" + ".md",
            "../" + "shared",
            "/" + "shared/",
            "seed" + "/",
        )
    )
)
REQ_ID = re.compile(r"\bR-[A-Z]+-\d+\b")


def repository_texts() -> list[Path]:
    roots = [ROOT / "src", ROOT / "docs", ROOT / "tests", ROOT / "benchmarks"]
    files = [ROOT / "README.md", ROOT / "Makefile", ROOT / "pyproject.toml"]
    for r in roots:
        files += [p for p in r.rglob("*") if p.is_file() and p.suffix in TEXT]
    return sorted(f for f in files if "__pycache__" not in f.parts)


def test_nothing_cites_a_file_outside_the_repository() -> None:
    found = []
    for f in repository_texts():
        for n, line in enumerate(f.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            if m := OUTSIDE.search(line):
                found.append(f"{f.relative_to(ROOT)}:{n}: {m.group()}")
    assert not found, "\n".join(found)


def test_every_cited_requirement_is_defined_in_docs() -> None:
    page = (ROOT / "docs" / "requirements.md").read_text(encoding="utf-8")
    defined = set(re.findall(r"^- \*\*(R-[A-Z]+-\d+)\*\*", page, flags=re.M))
    assert len(defined) >= 28
    cited: dict[str, str] = {}
    for f in repository_texts():
        for rid in REQ_ID.findall(f.read_text(encoding="utf-8", errors="replace")):
            cited.setdefault(rid, str(f.relative_to(ROOT)))
    missing = {rid: where for rid, where in cited.items() if rid not in defined}
    assert not missing, f"cited but not defined in docs/requirements.md: {missing}"


@pytest.mark.parametrize(
    "page", [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))], ids=lambda p: p.name
)
def test_every_relative_link_reaches_a_file(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    broken = []
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if re.match(r"[a-z]+:", target) or target.startswith("#"):
            continue
        path = target.split("#", 1)[0]
        if not (page.parent / path).exists():
            broken.append(target)
    assert not broken, f"{page.name}: {broken}"
