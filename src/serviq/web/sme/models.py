"""The SME desk's records: firms, financing cases, their timelines and soft information
(docs/sme.md). The rules live in :mod:`serviq.sme.cases`; these tables only keep them."""

from __future__ import annotations

from django.db import models

from serviq.web.org.models import Person, Team


class Firm(models.Model):
    code = models.CharField(max_length=32, unique=True)
    name = models.CharField(max_length=200)
    size_class = models.CharField(max_length=16)
    industry = models.CharField(max_length=64)
    region = models.CharField(max_length=64)
    founded = models.DateField()
    related_parties = models.JSONField(default=list, blank=True)

    def __str__(self) -> str:
        return self.code


class Case(models.Model):
    code = models.CharField(max_length=32, unique=True)
    firm = models.ForeignKey(Firm, on_delete=models.PROTECT, related_name="cases")
    product = models.CharField(max_length=64)
    branch = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="sme_cases")
    relationship_manager = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="sme_cases"
    )
    amount_asked = models.DecimalField(max_digits=16, decimal_places=2)
    outcome = models.CharField(max_length=16, blank=True)  # approved / declined / ''
    amount_granted = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    rate = models.FloatField(null=True, blank=True)
    score = models.FloatField(null=True, blank=True)
    grade = models.CharField(max_length=8, blank=True)
    term_months = models.PositiveSmallIntegerField(null=True, blank=True)

    def __str__(self) -> str:
        return self.code


class Step(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="steps")
    step = models.CharField(max_length=32)
    at = models.DateTimeField()
    by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ("at", "pk")


class SoftEntry(models.Model):
    """Soft information as evidence; the observation is masked before it is stored."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="soft_entries")
    category = models.CharField(max_length=32)
    observation = models.TextField()
    source = models.CharField(max_length=200)
    observed_on = models.DateField()
    recorded_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    verified_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    score = models.SmallIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("observed_on", "pk")


class Guarantor(models.Model):
    """A financing guarantee company the desk works with, and its book's size."""

    code = models.CharField(max_length=32, unique=True)
    name = models.CharField(max_length=200)
    net_assets = models.DecimalField(max_digits=18, decimal_places=2)
    small_micro_agri = models.BooleanField(default=False)

    def __str__(self) -> str:
        return self.code


class GuaranteeContract(models.Model):
    """A guaranteed case's contract: the layers' shares (from a preset), fees, and the loss
    allocated layer by layer once the case defaulted (R-SME-4)."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="guarantee")
    guarantor = models.ForeignKey(Guarantor, on_delete=models.PROTECT, related_name="contracts")
    preset = models.CharField(max_length=32)
    shares = models.JSONField()
    fees = models.JSONField(default=dict)
    years = models.FloatField(default=1.0)
    allocation = models.JSONField(null=True, blank=True)


class CaseEvent(models.Model):
    """Follow-up and recovery of a case: monitoring visits, early-warning signs, the default
    and each recovery (amounts in the case's currency); the note is masked before storing."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=32)
    on = models.DateField()
    by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    interest = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    cost = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ("on", "pk")
