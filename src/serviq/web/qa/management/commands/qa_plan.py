"""``python -m django qa_plan 2026-10 [--seed N]``: the month's sampling plan from the
interactions in the database (``serviq.qa.sampling.make_plan``)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Make the month's QA sampling plan from the interactions in the database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("month", help="YYYY-MM in the centre's zone")
        parser.add_argument("--seed", type=int, default=0)

    def handle(self, *args: Any, **options: Any) -> None:
        from serviq.web.qa import actions

        plan = actions.make_plan(options["month"], seed=options["seed"])
        self.stdout.write(
            f"plan {plan.month}: {plan.reviews.count()} reviews, {len(plan.notes)} notes"
        )
