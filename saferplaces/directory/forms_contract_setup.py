"""Forms that set up a contract and its return template (``services_contract_setup``)."""

from __future__ import annotations

from django import forms

from saferplaces.accounts.models import Agency
from saferplaces.core.forms import GovUKForm
from saferplaces.directory.models import Organization, Service
from saferplaces.directory.models_contracts import Figure
from saferplaces.plans.models import KPI

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ContractForm(GovUKForm):
    """A contract's terms; on a contract being changed, the provider's services it pays for."""

    reference = forms.CharField(label="Reference", max_length=40, help_text="For example LCPF-2025-07")
    title = forms.CharField(label="Title", max_length=200)
    provider = forms.ModelChoiceField(label="Provider", queryset=Organization.objects.order_by("name"),
                                      help_text="The organisation in the directory that runs the service")
    commissioner = forms.ModelChoiceField(label="Commissioning agency", queryset=Agency.objects.order_by("name"))
    fund = forms.CharField(label="Fund", max_length=200, help_text="For example MOPAC's London Crime Prevention Fund")
    value = forms.DecimalField(label="Value in pounds, over the whole contract", max_digits=12, decimal_places=2,
                               min_value=0, error_messages={"invalid": "Enter the value as a number, like 25000"})
    starts_on = forms.DateField(label="Start date", widget=DATE, error_messages={"invalid": "Enter a real start date"})
    ends_on = forms.DateField(label="End date", widget=DATE, error_messages={"invalid": "Enter a real end date"})
    services = forms.ModelMultipleChoiceField(label="The services it pays for", required=False,
                                              queryset=Service.objects.none(), widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, provider=None, **kwargs):
        super().__init__(*args, **kwargs)
        if provider is None:
            del self.fields["services"]  # chosen once the provider is saved: its services only
        else:
            self.fields["services"].queryset = provider.services.order_by("name")
            self.fields["services"].help_text = f"The services of {provider} in the directory"

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", "The end date must be the same as or after the start date")
        provider = data.get("provider")
        if provider is not None and any(s.organization_id != provider.pk for s in data.get("services", ())):
            self.add_error("services", "Choose only services of the provider (save the new provider first)")
        return data


YES_NO = [("yes", "Yes"), ("no", "No")]


class FigureForm(GovUKForm):
    """One figure of the return: its name, whether it must be given, its range, and the breakdown and
    total it belongs to."""

    label = forms.CharField(label="Name of the figure", max_length=200, help_text="For example Service users: female")
    code = forms.SlugField(label="Code", max_length=40,
                           help_text="Its name in the CSV return: letters, numbers, - and _ (for example female)",
                           error_messages={"invalid": "Enter a code of letters, numbers, hyphens or underscores"})
    required = forms.ChoiceField(label="Must every return give it?", choices=YES_NO, widget=forms.RadioSelect)
    whole_number = forms.ChoiceField(label="Is it a whole number (a count)?", choices=YES_NO,
                                     widget=forms.RadioSelect)
    minimum = forms.FloatField(label="Smallest value", initial=0,
                               error_messages={"invalid": "Enter the smallest value as a number"})
    maximum = forms.FloatField(label="Largest value (optional)", required=False,
                               error_messages={"invalid": "Enter the largest value as a number"})
    part_of = forms.ModelChoiceField(label="Total it is part of (optional)", required=False,
                                     queryset=Figure.objects.none(),
                                     help_text="With the other figures of its breakdown it must add up to this total")
    breakdown = forms.CharField(label="Breakdown (with a total)", required=False, max_length=60,
                                help_text="For example sex or age")
    kpi = forms.ModelChoiceField(label="Plan KPI it feeds (optional)", required=False,
                                 queryset=KPI.objects.order_by("name"))

    def __init__(self, *args, totals=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["part_of"].queryset = Figure.objects.filter(pk__in=[f.pk for f in totals])

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["required"] = data["required"] == "yes"
        data["whole_number"] = data["whole_number"] == "yes"
        return data
