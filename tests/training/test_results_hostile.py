"""The training readers over broken and hostile files: each file is read or refused with a
serviq error whose every line is one line — never another exception."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from hostile_files import text_mutations, workbook_mutations, xlsx
from serviq.errors import ServiqError
from serviq.training.bank import Bank
from serviq.training.effect import read_reviews
from serviq.training.results import read_results, score_answers
from serviq.training.sessions import read_roster

SEEDS: dict[str, tuple[list[str], list[list[object]]]] = {
    "answers": (
        ["person", "question", "answer", "mark"],
        [["A", "Q1", "A", ""], ["A", "Q4", "", "2"]],
    ),
    "results": (["person", "q1", "q2"], [["A", 1, 0], ["B", 0.5, 1]]),
    "qa": (["agent", "date", "item", "score"], [["A", "2026-09-01", "Q7", 80]]),
    "roster": (["person", "start", "end"], [["A", "2026-10-12 08:00", "2026-10-12 15:00"]]),
}


def readers(bank: Bank) -> dict[str, Callable[[Path], Any]]:
    return {
        "answers": lambda p: score_answers(p, bank),
        "results": read_results,
        "qa": read_reviews,
        "roster": read_roster,
    }


@pytest.mark.parametrize("kind", list(SEEDS))
def test_hostile_files_are_read_or_refused_in_one_line(
    kind: str, bank: Bank, tmp_path: Path
) -> None:
    header, rows = SEEDS[kind]
    seed = ("\n".join(",".join(map(str, r)) for r in [header, *rows]) + "\n").encode()
    rng = random.Random(20)
    files = [(n, b, ".csv") for n, b in text_mutations(seed, rng)]
    files += [(n, b, ".xlsx") for n, b in workbook_mutations(xlsx(header, rows), rng)]
    read = readers(bank)[kind]
    refused: dict[str, list[str]] = {}
    for i, (name, data, suffix) in enumerate(files):
        path = tmp_path / f"{i}{suffix}"
        path.write_bytes(data)
        try:
            read(path)
        except ServiqError as exc:
            refused[name] = exc.lines
    assert len(files) > 20
    assert refused, "the corpus holds files that must be refused"
    assert {n: ls for n, ls in refused.items() if any("\n" in line for line in ls)} == {}
