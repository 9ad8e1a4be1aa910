"""One month's interactions exported from the web: the streamed export against the earlier
one that built the whole table (and the whole file) before sending a byte.

A generated centre (one month, ``--scale``; 1.0 is the demo's size) is loaded into a fresh
SQLite file (or the PostgreSQL database ``DATABASE_URL`` names — its tables are replaced);
then, as the centre director, the month is exported as CSV three ways, each timed to the
last byte: the earlier path (``records.export_table`` → one ``HttpResponse``), the streamed
data layout (``layout=data``: the import's columns) and the streamed labelled layout (the
page's localised headers, rounded values). Also printed: the time to the first byte of the
streamed export and, with ``--memory``, the peak Python memory (tracemalloc) of each path.

Options: ``--scale=1.0 --repeat=3 --memory``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from typing import Any


def _setup(db_url: str) -> None:
    os.environ.setdefault("DATABASE_URL", db_url)
    os.environ.setdefault("SERVIQ_DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "serviq.web.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _load(scale: float) -> tuple[Any, str]:
    from django.contrib.auth.models import User

    from serviq.demo import generate
    from serviq.web.dashboard.models import Interaction
    from serviq.web.demo import load_centre
    from serviq.web.org.models import Person

    data = generate(months=1, scale=scale, seed=5, start="2026-09-01")
    load_centre(data)
    user, _ = User.objects.get_or_create(username="bench-centre-director")
    person = Person.objects.filter(role="centre_director").first()
    assert person is not None
    person.user = user
    person.save(update_fields=["user"])
    period = Interaction.objects.order_by("period").values_list("period", flat=True).first()
    assert period is not None
    return user, period


def _timed(
    run: Callable[[], tuple[int, float]], repeat: int, memory: bool
) -> tuple[float, float, int, int]:
    """Median seconds to the last byte, to the first, bytes, and (``memory``: one more,
    untimed run under tracemalloc, which slows Python several times) peak traced memory."""
    totals, firsts, size, peak = [], [], 0, 0
    for _ in range(repeat):
        start = time.perf_counter()
        size, first = run()
        totals.append(time.perf_counter() - start)
        firsts.append(first - start)
    if memory:
        tracemalloc.start()
        run()
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return statistics.median(totals), statistics.median(firsts), size, peak


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench_exports")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--memory", action="store_true", help="also measure peak memory")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        _setup(f"sqlite:///{tmp}/bench.sqlite3")
        from django.test import Client

        from serviq.web.dashboard import exports, records
        from serviq.web.dashboard.models import Interaction

        user, period = _load(args.scale)
        client = Client()
        client.force_login(user)
        n = Interaction.objects.filter(period=period).count()

        def earlier() -> tuple[int, float]:
            qs = records.query(user, "interactions", {"period": period})
            columns, rows = records.export_table("interactions", qs)
            body = exports.respond("csv", "interactions", columns, rows).content
            return len(body), time.perf_counter()

        def streamed(layout: str) -> Callable[[], tuple[int, float]]:
            def run() -> tuple[int, float]:
                r = client.get(
                    "/records/interactions/export.csv", {"period": period, "layout": layout}
                )
                chunks = iter(r.streaming_content)
                size = len(next(chunks))
                first = time.perf_counter()
                size += sum(len(c) for c in chunks)
                return size, first

            return run

        print(f"one month ({period}): {n} interactions, scale {args.scale}")
        base = _timed(earlier, args.repeat, args.memory)
        for name, run in (
            ("earlier (whole table, one response)", earlier),
            ("streamed, layout=data", streamed("data")),
            ("streamed, labelled (default)", streamed("labels")),
        ):
            total, first, size, peak = (
                base if run is earlier else _timed(run, args.repeat, args.memory)
            )
            print(
                f"{name:38s} {total:6.2f} s to last byte, {first:6.2f} s to first, "
                f"{size / 1e6:6.1f} MB, peak {peak / 1e6:6.1f} MB, "
                f"{base[0] / total:4.2f}x the earlier speed"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
