"""The experts' remarks of a Delphi round coded by a code book: their comments on the items
and their proposed new indicators, grouped under the themes the code book finds in them.

A remark is coded by the code book's rules (:func:`serviq.text.codebook.autocode`, on the
analysis form: one code book serves Simplified, Traditional and English texts). Remarks
arrive masked (the expert's form and the answers import mask before they store), so they
are not masked again. A theme is a code of the book; a remark can fall under several; the
remarks no rule matches are kept apart (``uncoded``) so the analyst reads them too.

Per theme: the number of remarks, the items the comments among them are about (in the
order first met), and the remarks themselves. Themes are ranked by that count, then by
code; themes no remark mentions are left out.

>>> from serviq.text.codebook import load_codebook
>>> book = load_codebook()
>>> coded = code_remarks([Remark("E01", "TAN", "排队太久了"),
...                       Remark("E02", None, "增加排队等候时长指标"),
...                       Remark("E03", "REL", "ok")], book, lang="en")
>>> [(t.code, t.label, t.count, t.items) for t in coded.themes]
[('wait', 'Waiting', 2, ('TAN',))]
>>> [r.expert for r in coded.uncoded]
['E03']
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from serviq.text.codebook import CodeBook, autocode


@dataclass(frozen=True)
class Remark:
    """One expert's text: a comment on ``item``, or a proposal (``item`` None). Masked."""

    expert: str
    item: str | None
    text: str

    @property
    def proposal(self) -> bool:
        return self.item is None


@dataclass(frozen=True)
class CodedTheme:
    """A code of the book with the remarks that mention it."""

    code: str
    label: str
    parent: str | None
    remarks: tuple[Remark, ...]

    @property
    def count(self) -> int:
        return len(self.remarks)

    @property
    def items(self) -> tuple[str, ...]:
        """The items the comments under the theme are about (proposals belong to none)."""
        return tuple(dict.fromkeys(r.item for r in self.remarks if r.item is not None))


@dataclass(frozen=True)
class CodedRemarks:
    themes: tuple[CodedTheme, ...]
    uncoded: tuple[Remark, ...]


def code_remarks(
    remarks: Sequence[Remark], book: CodeBook, *, lang: str = "zh-Hans"
) -> CodedRemarks:
    """The remarks grouped under the themes of ``book`` (module doc); labels in ``lang``."""
    found = autocode([r.text for r in remarks], book, mask=False)
    themes = []
    for c in book.codes:
        under = tuple(r for r, codes in zip(remarks, found, strict=True) if c.code in codes)
        if under:
            themes.append(CodedTheme(c.code, c.labels.get(lang) or c.code, c.parent, under))
    themes.sort(key=lambda t: (-t.count, t.code))
    uncoded = tuple(r for r, codes in zip(remarks, found, strict=True) if not codes)
    return CodedRemarks(tuple(themes), uncoded)
