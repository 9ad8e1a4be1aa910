"""A report's documents built from the database's data, with the report's commentary."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings

from serviq.reports.build import FORMATS, Built, build_report
from serviq.web.actions.reporting import report_rows
from serviq.web.reports.data import inputs_from_database
from serviq.web.reports.models import Report


@dataclass(frozen=True)
class WebBuilt:
    documents: dict[str, bytes]
    sha256: dict[str, str]
    context_inputs: dict[str, dict[str, Any]]


def build_for(report: Report, *, lang: str, formats: tuple[str, ...] = FORMATS) -> WebBuilt:
    from serviq.ops.workspace import default_workspace

    inputs = inputs_from_database(settings.TIME_ZONE, default_workspace(settings.SERVIQ.home))
    built: Built = build_report(
        report.kind,
        report.period,
        inputs,
        formats=formats,
        scope=report.scope,
        lang=lang,
        narratives=report.narratives,
        data_ref="DATABASE",
        actions=report_rows,
    )
    return WebBuilt(built.documents, built.sha256, inputs.summary())
