"""The report data from the web application's database (``serviq report build`` without
``--data``): the tables the dashboard stores, in the report's canonical columns."""

from __future__ import annotations

from serviq.reports.inputs import ReportInputs


def database_inputs() -> ReportInputs:
    """The contacts and survey responses in the database named by ``DATABASE_URL``."""
    from serviq.web.boot import setup

    setup()
    from django.conf import settings

    from serviq.web.reports.data import inputs_from_database

    return inputs_from_database(settings.TIME_ZONE)
