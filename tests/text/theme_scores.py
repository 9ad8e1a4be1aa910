"""Per-theme recall and precision of the code book's first-pass coding against planted or
hand-given themes, on the demo comments and on the hand-labelled set.

Run ``PYTHONPATH=$PWD/src python tests/text/theme_scores.py`` to print the table.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from serviq.demo import generate
from serviq.text.codebook import CodeBook, autocode, load_codebook

GOLD = Path(__file__).parent / "gold"
SETS = ("handlabelled", "heldout", "fresh")
# A small demo month: fixed seed and start, scale 0.1 (about 600 comments, ~1.5 s).
DEMO = {"months": 1, "scale": 0.1, "seed": 20, "start": "2026-03-01"}


@dataclass(frozen=True)
class Score:
    code: str
    truth: int  # comments given the theme
    found: int  # comments the rules gave it
    hits: int  # both

    @property
    def recall(self) -> float:
        return self.hits / self.truth if self.truth else float("nan")

    @property
    def precision(self) -> float:
        return self.hits / self.found if self.found else float("nan")


def demo_comments() -> pd.DataFrame:
    """The demo month's comments (text, planted_themes, planted_pii, …)."""
    return generate(**DEMO).comments  # type: ignore[arg-type]


def hand_comments(name: str = "handlabelled") -> pd.DataFrame:
    """A hand-labelled set: language, themes (``a;b``, empty = none), text."""
    return pd.read_csv(GOLD / f"themes_{name}.tsv", sep="\t", dtype=str, keep_default_na=False)


def truth_sets(values: list[str], sep: str) -> list[set[str]]:
    return [{v.strip() for v in s.split(sep) if v.strip()} for s in values]


def score(truth: list[set[str]], found: list[list[str]], book: CodeBook) -> list[Score]:
    out = []
    for code in book.code_names:
        t = [code in s for s in truth]
        f = [code in s for s in found]
        out.append(Score(code, sum(t), sum(f), sum(a and b for a, b in zip(t, f, strict=True))))
    return out


def micro(scores: list[Score]) -> tuple[float, float]:
    """Micro-averaged recall and precision over all themes."""
    hits = sum(s.hits for s in scores)
    return hits / sum(s.truth for s in scores), hits / max(1, sum(s.found for s in scores))


def report(book: CodeBook | None = None) -> dict[str, list[Score]]:
    book = book or load_codebook()
    demo = demo_comments()
    out = {
        "demo": score(
            truth_sets(demo["planted_themes"].tolist(), ","),
            autocode(demo["text"].tolist(), book),
            book,
        )
    }
    for name in SETS:
        hand = hand_comments(name)
        out[name] = score(
            truth_sets(hand["themes"].tolist(), ";"), autocode(hand["text"].tolist(), book), book
        )
    return out


def _main() -> None:
    for name, scores in report().items():
        r, p = micro(scores)
        print(f"{name}: micro recall {r:.3f} precision {p:.3f}")
        for s in scores:
            print(
                f"  {s.code:12} truth {s.truth:4d} found {s.found:4d} "
                f"recall {s.recall:.3f} precision {s.precision:.3f}"
            )


if __name__ == "__main__":
    _main()
