"""The demo's benchmarks: a few illustrative reference values (industry, peer, association,
regulator, the best team) from ``demo/benchmarks.csv``, read through the same checks as an
import, so that the demo dashboard shows values, gaps and ranks beside its indicators."""

from __future__ import annotations

from django.db import transaction

from serviq.indicators.benchmarks import read_benchmarks
from serviq.resources import data_path
from serviq.web.indicatordata.benchmarks import directions, store
from serviq.web.org.models import Person


def load_demo_benchmarks() -> int:
    """Store the demo benchmarks (again: nothing added); the number of rows."""
    admin = Person.objects.filter(role="admin").first() or Person.objects.first()
    if admin is None:
        return 0
    rows = read_benchmarks(data_path("demo/benchmarks.csv"), directions())
    with transaction.atomic():
        store(rows, admin, None)
    return len(rows)
