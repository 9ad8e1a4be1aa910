"""The data of indicators that no system records: values entered by their owners."""

from __future__ import annotations

from django.db import models


class ManualValue(models.Model):
    """The month's value of a ``manual`` indicator for the centre or one team, with its
    evidence and who entered it. Entering it again replaces it (the audit row keeps both)."""

    period = models.CharField(max_length=7, db_index=True)  # YYYY-MM
    team = models.ForeignKey(
        "org.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )  # empty = the whole centre
    code = models.CharField(max_length=64)  # the indicator
    value = models.FloatField()  # full precision; rounded only for display
    note = models.TextField(blank=True)  # the evidence, masked before it is stored
    evidence_name = models.CharField(max_length=200, blank=True)
    evidence = models.BinaryField(blank=True, default=b"")  # the evidence file's bytes
    entered_by = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("period", "code", "team__code")
        constraints = (
            models.UniqueConstraint(
                fields=["period", "team", "code"], name="manual_value_unique_team"
            ),
            models.UniqueConstraint(
                fields=["period", "code"],
                condition=models.Q(team__isnull=True),
                name="manual_value_unique_centre",
            ),
        )

    @property
    def scope(self) -> str:
        return self.team.code if self.team_id else ""
