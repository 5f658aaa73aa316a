"""Commissioned services: the contracts that fund a directory organisation's services (its staff are
the provider-role users of the agency that keeps its entries, ``Organization.agency``), the figures
each contract's quarterly return must give, and the returns themselves. None of it is personal data:
a return holds aggregates only."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from saferplaces.core.tracked import Tracked


class Contract(Tracked):
    """A commissioned service's contract: who provides it, who commissions it, from which fund."""

    reference = models.CharField(max_length=40, unique=True)
    title = models.CharField(max_length=200)
    provider = models.ForeignKey("directory.Organization", on_delete=models.PROTECT, related_name="contracts")
    commissioner = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="commissioned")
    fund = models.CharField(max_length=200, help_text="For example MOPAC's London Crime Prevention Fund")
    value = models.DecimalField(max_digits=12, decimal_places=2, help_text="In pounds, over the whole contract")
    starts_on = models.DateField()
    ends_on = models.DateField()
    services = models.ManyToManyField("directory.Service", blank=True, related_name="contracts",
                                      help_text="The directory's services this contract pays for")
    is_sample = models.BooleanField(default=False)

    class Meta:
        ordering = ["reference"]
        constraints = [models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")),
                                              name="contract_ends_after_start")]

    def __str__(self):
        return f"{self.reference}: {self.title}"

    def get_absolute_url(self):
        return reverse("directory:contract", kwargs={"pk": self.pk})


class Figure(Tracked):
    """One figure of a contract's quarterly return (its template): a required figure must be given;
    a value must lie in ``minimum``..``maximum``; the parts of one ``breakdown`` of a figure (``part_of``)
    must add up to it. A figure may feed one of the plan's KPIs (``kpi``)."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="figures")
    code = models.SlugField(max_length=40, help_text="The figure's name in the CSV return")
    label = models.CharField(max_length=200)
    required = models.BooleanField(default=True)
    minimum = models.FloatField(default=0)
    maximum = models.FloatField(null=True, blank=True)
    whole_number = models.BooleanField(default=True)
    part_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="parts")
    breakdown = models.CharField(max_length=60, blank=True, help_text="The breakdown this part belongs to (e.g. age)")
    kpi = models.ForeignKey("plans.KPI", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                            help_text="The plan's KPI this figure is the reading of")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["contract", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["contract", "code"], name="one_figure_code_per_contract")]

    def __str__(self):
        return self.label


class PerformanceReturn(Tracked):
    """A provider's return for one quarter of a contract: each figure's value by its code."""

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="returns")
    period_start = models.DateField(help_text="The first day of the quarter")
    values = models.JSONField(default=dict)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    submitted_at = models.DateTimeField(default=timezone.now)
    is_sample = models.BooleanField(default=False)

    class Meta:
        ordering = ["contract", "-period_start"]
        constraints = [models.UniqueConstraint(fields=["contract", "period_start"], name="one_return_per_quarter")]

    def __str__(self):
        return f"{self.contract.reference} return for the quarter from {self.period_start:%d %B %Y}"

    def get_absolute_url(self):
        return reverse("directory:return_detail", kwargs={"pk": self.pk})
