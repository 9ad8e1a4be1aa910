"""Report definitions as data: ``data/reports/<kind>.yaml``, replaceable per centre.

A definition names the report's kind, audience, schedule and due day, the scopes it may be
built for, and its sections — each fed by one named function of the core (``feed``) or
written by people (``narrative: true``: the team lead's commentary, never numbers).
A centre replaces a definition by putting a file of the same name in ``SERVIQ_CONFIG_DIR``
(``reports/monthly.yaml``); :func:`load_definition` validates it and names the file, line
and field of any mistake.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from serviq.errors import InvalidInput, Where
from serviq.languages import Role, Text
from serviq.resources import data_path
from serviq.yamlfile import load_model

Kind = Literal[
    "monthly",
    "workload-daily",
    "workload-weekly",
    "supervision-weekly",
    "qa-weekly",
    "half-year",
    "annual",
]
KINDS: tuple[Kind, ...] = (
    "monthly",
    "workload-daily",
    "workload-weekly",
    "supervision-weekly",
    "qa-weekly",
    "half-year",
    "annual",
)
PeriodKind = Literal["day", "week", "month", "half", "year"]
ScopeLevel = Literal["centre", "department", "team"]
#: The functions of the core that can feed a section (docs/reports.md lists them).
Feed = Literal[
    "summary",
    "indicators",
    "shortfalls",
    "drivers",
    "themes",
    "qa",
    "workforce",
    "actions",
    "workload",
    "heatmap",
    "backlog",
    "handover",
    "supervision",
    "trends",
    "targets",
    "training",
    "none",
]


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: Text
    feed: Feed = "none"
    narrative: bool = False
    hint: Text | None = None


class ReportDefinition(BaseModel):
    """One kind of report (see the module docstring)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Kind
    version: str = Field(min_length=1)
    title: Text
    audience: tuple[Role, ...] = Field(min_length=1)
    authors: tuple[Role, ...] = Field(min_length=1)
    approvers: tuple[Role, ...] = ()
    period: PeriodKind
    due_day: int | None = Field(default=None, ge=1, le=28)
    scopes: tuple[ScopeLevel, ...] = ("centre",)
    history_periods: int = Field(default=12, ge=1, le=60)
    sections: tuple[Section, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_sections(self) -> ReportDefinition:
        seen: set[str] = set()
        for s in self.sections:
            if s.id in seen:
                raise ValueError(f"section id {s.id!r} is used twice")
            seen.add(s.id)
        return self

    @property
    def narrative_sections(self) -> tuple[Section, ...]:
        return tuple(s for s in self.sections if s.narrative)


def definition_file(kind: str) -> str:
    return f"reports/{kind}.yaml"


def load_definition(kind: str, path: str | Path | None = None) -> ReportDefinition:
    """The definition of ``kind`` in force: ``path``, else the centre's, else the bundled one."""
    if kind not in KINDS:
        raise InvalidInput(
            f"unknown report kind {kind!r}; allowed: {', '.join(KINDS)}",
            where=Where(field="kind"),
        )
    source = Path(path) if path is not None else data_path(definition_file(kind))
    definition = load_model(ReportDefinition, source)
    if definition.kind != kind:
        raise InvalidInput(
            f"the file defines kind {definition.kind!r}, not {kind!r}",
            where=Where(file=str(source), field="kind"),
        )
    return definition
