"""Product feedback (R-BANK-2, broad service quality): customers' complaints about the
bank's products and their product requests, imported, coded to product themes, and the two
indicators they give.

The file (CSV or XLSX, read by :func:`serviq.tables.read_table`) has one row per item::

    feedback_id, received_on, kind, met, text

``feedback_id`` is unique in the file; ``received_on`` a date ``YYYY-MM-DD``; ``kind`` is
``complaint`` or ``need`` (a product request logged in a work order); ``met`` is ``yes`` or
``no`` for a need (whether an existing product meets it) and empty for a complaint;
``text`` is what the customer said, not empty. Every row is checked before anything is
used; the first problem is one line naming the file, row, column and what is allowed. The
text is masked (:func:`serviq.text.redaction.redact`) before it leaves this module, and
coded by the product code book (``text/codebook_products.yaml``, the machinery of
:mod:`serviq.text.codebook`).

The indicators, per month (:func:`feedback_values`, the centre)::

    <theme>                  = complaints coded to the theme ÷ feedback items of the month
    product_request_register = needs met ÷ needs logged in the month

``<theme>`` is every theme and code of the code book (``product`` — the bound reference of
the negative-product-comments indicator — is the parent of every product code, so it is the
share of the month's items that are complaints about a product). A month without items, or
without needs, has no value.

>>> from serviq.text.codebook import load_codebook
>>> book = load_codebook(data_path(PRODUCT_CODEBOOK))
>>> items = [Feedback("f1", "2026-10-03", "complaint", None, "信用卡年费太高", ("cards",)),
...          Feedback("f2", "2026-10-09", "need", True, "想要大额存单", ("deposits",)),
...          Feedback("f3", "2026-10-20", "need", False, "手机银行没有这个功能", ("app_features",)),
...          Feedback("f4", "2026-10-21", "complaint", None, "态度不好", ())]
>>> v = feedback_values(items, book)[("2026-10", "")]
>>> v["product"], v["cards"], v["product_request_register"]
(0.25, 0.25, 0.5)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from serviq.errors import InvalidInput, Where
from serviq.messages import error
from serviq.resources import data_path
from serviq.tables import read_table, sheet_row
from serviq.text.codebook import CodeBook, autocode, load_codebook
from serviq.text.redaction import redact

COLUMNS = ["feedback_id", "received_on", "kind", "met", "text"]
KINDS: tuple[str, ...] = ("complaint", "need")
PRODUCT_CODEBOOK = "text/codebook_products.yaml"
#: The reference of the product-needs-met indicator's binding (bank_contact_centre PROD_FIT).
NEEDS_REF = "product_request_register"
TEXT_LIMIT = 2000

Kind = Literal["complaint", "need"]


@dataclass(frozen=True)
class Feedback:
    """One item: masked ``text``, the product codes found in it."""

    feedback_id: str
    received_on: str  # YYYY-MM-DD
    kind: str
    met: bool | None  # needs only
    text: str
    codes: tuple[str, ...] = ()

    @property
    def period(self) -> str:
        return self.received_on[:7]


def load_product_codebook() -> CodeBook:
    """The product code book (the centre's override first)."""
    return load_codebook(data_path(PRODUCT_CODEBOOK))


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value).strip()


def read_feedback(path: str | Path, book: CodeBook | None = None) -> list[Feedback]:
    """Every row of the file checked, masked and coded (module doc); the first problem raises."""
    df = read_table(path, dtype=str, columns=COLUMNS)
    seen: dict[str, int] = {}
    rows: list[tuple[str, str, str, bool | None, str]] = []
    for i, record in enumerate(df[COLUMNS].itertuples(index=False)):
        fid, day, kind, met, text = (_cell(v) for v in record)
        n = sheet_row(i)

        def at(col: str, n: int = n) -> Where:
            return Where(file=str(path), row=n, column=col)

        if not fid:
            raise InvalidInput("feedback_id is empty; allowed: an identifier", where=at("feedback_id"))  # fmt: skip
        if fid in seen:
            raise error(InvalidInput, "feedback.twice", where=at("feedback_id"), id=fid,
                        first=seen[fid])  # fmt: skip
        seen[fid] = n
        try:
            dt.date.fromisoformat(day)
        except ValueError:
            raise error(InvalidInput, "feedback.date", where=at("received_on"),
                        text=day) from None  # fmt: skip
        if kind not in KINDS:
            raise error(InvalidInput, "feedback.kind", where=at("kind"), kind=kind,
                        allowed=", ".join(KINDS))  # fmt: skip
        if kind == "need" and met.lower() not in ("yes", "no"):
            raise error(InvalidInput, "feedback.met_need", where=at("met"), met=met)
        if kind == "complaint" and met:
            raise error(InvalidInput, "feedback.met_complaint", where=at("met"), met=met)
        if not text or len(text) > TEXT_LIMIT:
            raise error(InvalidInput, "feedback.text", where=at("text"), n=len(text),
                        limit=TEXT_LIMIT)  # fmt: skip
        rows.append((fid, day, kind, met.lower() == "yes" if kind == "need" else None, text))
    return code_feedback(rows, book)


def code_feedback(
    rows: Sequence[tuple[str, str, str, bool | None, str]], book: CodeBook | None = None
) -> list[Feedback]:
    """Items ``(feedback_id, received_on, kind, met, text)`` masked and coded by ``book``
    (default: the product code book)."""
    book = book if book is not None else load_product_codebook()
    masked = [redact(r[4]) for r in rows]
    codes = autocode(masked, book, mask=False)
    return [
        Feedback(fid, day, kind, met, text, tuple(found))
        for (fid, day, kind, met, _), text, found in zip(rows, masked, codes, strict=True)
    ]


def feedback_values(
    items: Iterable[Feedback], book: CodeBook | None = None
) -> dict[tuple[str, str], dict[str, float]]:
    """``(period, "") → {theme or code: complaint share, NEEDS_REF: needs met}``: the
    ``feedback`` argument of the core dispatch (module doc)."""
    book = book if book is not None else load_product_codebook()
    parent = {c.code: c.parent for c in book.codes}
    names = [*(t.code for t in book.themes), *book.code_names]
    by_period: dict[str, list[Feedback]] = {}
    for item in items:
        by_period.setdefault(item.period, []).append(item)
    out: dict[tuple[str, str], dict[str, float]] = {}
    for period, part in sorted(by_period.items()):
        values: dict[str, float] = {}
        for name in names:
            hits = sum(
                1
                for f in part
                if f.kind == "complaint" and any(name in (c, parent.get(c)) for c in f.codes)
            )
            values[name] = hits / len(part)
        needs = [f for f in part if f.kind == "need"]
        if needs:
            values[NEEDS_REF] = sum(1 for f in needs if f.met) / len(needs)
        out[(period, "")] = values
    return out
