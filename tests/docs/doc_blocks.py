"""The command blocks of a Markdown page, as the page's reader would type them.

A fenced block is a command block when its info string is ``sh``, ``bash``, ``shell`` or
``console``, or when it has none and its first line starts with ``serviq`` or ``make``
(``$ `` prompts are allowed; in a ``console`` block only the prompt lines are commands).
A block the reader cannot run as written (a synopsis with ``[options]``, a server that
never returns, a run of minutes) is preceded by ``<!-- not run: REASON -->``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

FENCE = re.compile(r"^(```+|~~~+)\s*([\w-]*)\s*$")
NOT_RUN = re.compile(r"^<!--\s*not run:\s*(.*?)\s*-->\s*$")
SHELLS = {"sh", "bash", "shell", "console"}


@dataclass(frozen=True)
class Block:
    page: str
    line: int  # the fence's line number (1-based)
    info: str
    text: str
    skip_reason: str | None  # None: run it

    @property
    def script(self) -> str:
        lines = self.text.splitlines()
        if self.info == "console" or any(ln.startswith("$ ") for ln in lines):
            return "\n".join(ln[2:] for ln in lines if ln.startswith("$ "))
        return self.text

    def __str__(self) -> str:
        return f"{self.page}:{self.line}"


def _is_command(info: str, text: str) -> bool:
    if info in SHELLS:
        return True
    if info:
        return False
    first = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    return first.startswith(("serviq ", "$ serviq ", "make "))


def command_blocks(path: Path) -> list[Block]:
    lines = path.read_text(encoding="utf-8").splitlines()
    out: list[Block] = []
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        fence, info = m.group(1), m.group(2)
        j = i + 1
        while j < len(lines) and not lines[j].startswith(fence):
            j += 1
        text = "\n".join(lines[i + 1 : j])
        if _is_command(info, text):
            before = next((ln for ln in reversed(lines[:i]) if ln.strip()), "")
            skip = NOT_RUN.match(before.strip())
            out.append(Block(path.name, i + 1, info, text, skip.group(1) if skip else None))
        i = j + 1
    return out
