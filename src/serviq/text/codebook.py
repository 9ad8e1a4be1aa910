"""Code books and automatic first-pass coding by their rules (R-IND-4).

A code book is a YAML file (validated by :func:`serviq.yamlfile.load_model`)::

    codebook: bank_service_comments
    version: 1
    themes:                       # parent themes (optional)
      - code: process
        labels: {zh-Hans: 流程与效率, zh-Hant: 流程與效率, en: Process and efficiency}
    codes:
      - code: wait
        labels: {zh-Hans: 排队等候, zh-Hant: 排隊等候, en: Waiting}
        definition: The customer waited too long in a queue, on the line or for a reply.
        parent: process
        include: [排队, 等了, 等候]           # keywords, any script
        include_patterns: ['等了.{0,4}(小时|分钟)']   # regular expressions
        exclude: [不用排队]                  # phrases that look like a match but are not
        examples: [网点排队太久了]
        indicator: {code: waiting_time, labels: {...}, definition: ...}   # optional

Matching is done on the analysis form of a comment (Simplified, half-width, lower
case; PII masked), and keywords are converted the same way when the code book is loaded,
so one code book serves Simplified, Traditional and English comments. A comment gets a
code when an include keyword or pattern matches after every exclude phrase or pattern
has been blanked out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from serviq.errors import InvalidInput
from serviq.languages import Text
from serviq.resources import data_path
from serviq.text.normalisation import analysis_text, analysis_texts
from serviq.text.redaction import redact
from serviq.yamlfile import load_model

LANG_KEYS = ("zh-Hans", "zh-Hant", "en")
DEFAULT_CODEBOOK = "text/codebook_bank.yaml"
_CODE = re.compile(r"^[a-z][a-z0-9_]*$")


Labels = Text  # a code's name in the three languages


class SuggestedIndicator(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: str
    labels: Labels | None = None
    definition: str | None = None


class Theme(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: str
    labels: Labels
    definition: str | None = None


class Code(BaseModel):
    """One code of a code book."""

    model_config = ConfigDict(extra="forbid")
    code: str
    labels: Labels
    definition: str
    parent: str | None = None
    include: list[str] = Field(default_factory=list)
    include_patterns: list[str] = Field(default_factory=list)
    exclude: list[str] = Field(default_factory=list)
    exclude_patterns: list[str] = Field(default_factory=list)
    examples: list[str] = Field(default_factory=list)
    indicator: SuggestedIndicator | None = None
    valence: str = "negative"

    @field_validator("code")
    @classmethod
    def _code_shape(cls, v: str) -> str:
        if not _CODE.match(v):
            raise ValueError(
                f"code {v!r} must be lower-case letters, digits and _ (starting with a letter)"
            )
        return v

    @field_validator("include_patterns", "exclude_patterns")
    @classmethod
    def _patterns_compile(cls, v: list[str]) -> list[str]:
        for p in v:
            try:
                re.compile(p)
            except re.error as exc:
                raise ValueError(
                    f"pattern {p!r} is not a valid regular expression: {exc}"
                ) from None
        return v

    @field_validator("valence")
    @classmethod
    def _valence(cls, v: str) -> str:
        if v not in ("negative", "positive", "neutral"):
            raise ValueError("valence must be negative, positive or neutral")
        return v


class CodeBook(BaseModel):
    """A code book: codes with their rules, grouped under parent themes."""

    model_config = ConfigDict(extra="forbid")
    codebook: str
    version: int | str = 1
    description: str | None = None
    themes: list[Theme] = Field(default_factory=list)
    codes: list[Code] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> CodeBook:
        seen: set[str] = set()
        for c in self.codes:
            if c.code in seen:
                raise ValueError(f"code {c.code!r} is defined twice")
            seen.add(c.code)
        parents = {t.code for t in self.themes}
        for c in self.codes:
            if c.parent is not None and parents and c.parent not in parents:
                raise ValueError(
                    f"code {c.code!r} names parent {c.parent!r}; themes are: {', '.join(sorted(parents))}"
                )
        return self

    @property
    def code_names(self) -> list[str]:
        return [c.code for c in self.codes]

    def get(self, code: str) -> Code:
        for c in self.codes:
            if c.code == code:
                return c
        raise InvalidInput(
            f"unknown code {code!r}; the code book has: {', '.join(self.code_names)}"
        )


def load_codebook(path: str | Path | None = None) -> CodeBook:
    """Load a code book (default: the bundled bank-service code book, or its override)."""
    return load_model(CodeBook, path if path is not None else data_path(DEFAULT_CODEBOOK))


@dataclass(frozen=True)
class CompiledCode:
    code: str
    include: re.Pattern[str] | None
    exclude: re.Pattern[str] | None


def _alternation(keywords: Sequence[str], patterns: Sequence[str]) -> re.Pattern[str] | None:
    parts = [re.escape(analysis_text(k)) for k in keywords if k.strip()]
    parts += [analysis_text(p) if not _looks_regex(p) else p for p in patterns]
    if not parts:
        return None
    parts.sort(key=len, reverse=True)
    return re.compile("|".join(f"(?:{p})" for p in parts))


def _looks_regex(p: str) -> bool:
    return any(ch in p for ch in "\\.[](){}*+?|^$")


def compile_codebook(book: CodeBook) -> list[CompiledCode]:
    """The code book's rules as regular expressions on the analysis form."""
    return [
        CompiledCode(
            c.code,
            _alternation(c.include, c.include_patterns),
            _alternation(c.exclude, c.exclude_patterns),
        )
        for c in book.codes
    ]


def code_text(analysis: str, rules: Sequence[CompiledCode]) -> list[str]:
    """Codes whose rules match one comment already in analysis form."""
    found = []
    for r in rules:
        if r.include is None:
            continue
        text = r.exclude.sub(lambda m: " " * len(m.group()), analysis) if r.exclude else analysis
        if r.include.search(text):
            found.append(r.code)
    return found


def autocode(texts: Sequence[Any], book: CodeBook, *, mask: bool = True) -> list[list[str]]:
    """First-pass codes of every comment by the code book's rules (masked first)."""
    clean = ["" if t is None or (isinstance(t, float) and t != t) else str(t) for t in texts]
    if mask:
        clean = [redact(t) for t in clean]
    rules = compile_codebook(book)
    return [code_text(a, rules) for a in analysis_texts(clean)]


def autocode_frame(texts: Sequence[Any], book: CodeBook) -> pd.DataFrame:
    """One row per comment: ``codes`` (``a;b``) and one 0/1 column per code."""
    coded = autocode(texts, book)
    frame = pd.DataFrame({"codes": [";".join(c) for c in coded]})
    for code in book.code_names:
        frame[code] = [int(code in c) for c in coded]
    return frame
