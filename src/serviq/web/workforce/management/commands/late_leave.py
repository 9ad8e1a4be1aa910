"""``python -m django late_leave --as CODE``: late leave still undecided at its deadline
becomes absence (曠工) with the reason (R-OPS-6; :func:`serviq.web.workforce.lateleave.lapse`).
Run it from a scheduler every few minutes; ``CODE`` is the person recorded as having
entered the absences (the department director, say)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Record late leave still undecided at the shift start as absence."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as", dest="actor", required=True, help="person code, e.g. D001")

    def handle(self, *args: Any, **options: Any) -> None:
        from serviq.web.org.models import Person
        from serviq.web.workforce import lateleave

        actor = Person.objects.filter(code=options["actor"]).first()
        if actor is None:
            raise CommandError(f"unknown person {options['actor']!r} (option --as)")
        lapsed = lateleave.lapse(actor)
        self.stdout.write(f"late leave lapsed: {len(lapsed)}")
