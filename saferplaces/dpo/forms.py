from __future__ import annotations

from django import forms
from django.apps import apps
from django.db.models import Q
from django.utils import timezone

from saferplaces.core.forms import GovUKModelForm
from saferplaces.dpo.models import DPIA, Breach, Reportable, SubjectsTold
from saferplaces.policy.categories import CATEGORIES
from saferplaces.policy.models import AgreementStatus, InformationSharingAgreement, Protected


def module_choices() -> list[tuple[str, str]]:
    """The modules that hold personal data: the apps with protected models."""
    configs = {model._meta.app_config for model in apps.get_models() if issubclass(model, Protected)}
    return [("", "Select a module")] + sorted(((c.label, str(c.verbose_name)) for c in configs),
                                              key=lambda choice: choice[1])


def category_choices() -> list[tuple[str, str]]:
    return list(CATEGORIES.items())


class DPIAForm(GovUKModelForm):
    module = forms.ChoiceField(label="Module")
    data_category = forms.ChoiceField(label="Data category", widget=forms.RadioSelect)
    sign_off = forms.BooleanField(required=False, label="I sign off this assessment today")

    class Meta:
        model = DPIA
        fields = ["title", "module", "data_category", "description", "lawful_basis", "risks", "mitigations",
                  "review_date", "agreements"]
        labels = {"description": "Description of the processing", "lawful_basis": "Lawful basis",
                  "risks": "Risks to people's rights and freedoms", "mitigations": "Measures to address the risks",
                  "review_date": "Review date", "agreements": "Agreements that rely on this assessment"}
        widgets = {"review_date": forms.DateInput(attrs={"type": "date"}),
                   "agreements": forms.CheckboxSelectMultiple}

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["module"].choices = module_choices()
        self.fields["data_category"].choices = category_choices()
        self.fields["agreements"].required = False
        self.fields["agreements"].queryset = (
            InformationSharingAgreement.objects.filter(parties=actor.agency)
            .filter(Q(status=AgreementStatus.ACTIVE) | Q(status=AgreementStatus.DRAFT)).order_by("reference",
                                                                                               "version"))
        self.fields["review_date"].help_text = "When the assessment is next reviewed, for example 31 3 2027"


class BreachForm(GovUKModelForm):
    data_categories = forms.MultipleChoiceField(label="Categories of personal data", required=True,
                                                widget=forms.CheckboxSelectMultiple,
                                                error_messages={"required": "Select the categories of personal data"})

    class Meta:
        model = Breach
        fields = ["title", "aware_at", "occurred_at", "description", "data_categories", "subjects_approx",
                  "records_approx", "consequences", "measures", "reportable", "decision_reason", "reported_at",
                  "ico_reference", "delay_reason", "subjects_told", "subjects_told_on", "subjects_told_reason"]
        labels = {"title": "Summary", "aware_at": "When the agency became aware of it",
                  "occurred_at": "When it happened (if known)", "description": "What happened",
                  "subjects_approx": "Approximate number of data subjects",
                  "records_approx": "Approximate number of records (if known)",
                  "consequences": "Likely consequences", "measures": "Measures taken or proposed",
                  "reportable": "Reportable to the ICO?", "decision_reason": "Reason for the decision",
                  "reported_at": "When it was reported to the ICO", "ico_reference": "ICO reference",
                  "delay_reason": "Reason for reporting after 72 hours",
                  "subjects_told": "Were the data subjects told?", "subjects_told_on": "When they were told",
                  "subjects_told_reason": "Reason they were or were not told"}
        widgets = {"aware_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
                   "occurred_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
                   "reported_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
                   "subjects_told_on": forms.DateInput(attrs={"type": "date"}),
                   "reportable": forms.RadioSelect, "subjects_told": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["data_categories"].choices = category_choices()
        for name in ("aware_at", "occurred_at", "reported_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
            self.fields[name].help_text = "Date and time in UK time, for example 2026-03-28 14:30"

    def clean(self):
        data = super().clean()
        now = timezone.now()
        aware, occurred, reported = data.get("aware_at"), data.get("occurred_at"), data.get("reported_at")
        if aware and aware > now:
            self.add_error("aware_at", "The time the agency became aware must be now or in the past")
        if occurred and aware and occurred > aware:
            self.add_error("occurred_at", "The time it happened must be the same as or before the time the agency "
                                          "became aware of it")
        if reported and reported > now:
            self.add_error("reported_at", "The time it was reported must be now or in the past")
        if reported and aware and reported < aware:
            self.add_error("reported_at", "The time it was reported must be after the agency became aware of it")
        reportable = data.get("reportable")
        if reported and reportable != Reportable.YES:
            self.add_error("reportable", "Select yes: the breach was reported to the ICO")
        if reportable == Reportable.NO and not data.get("decision_reason", "").strip():
            self.add_error("decision_reason", "Enter why the breach is unlikely to result in a risk (Art. 33(5))")
        if reported and not data.get("ico_reference", "").strip():
            self.add_error("ico_reference", "Enter the reference the ICO gave the report")
        if reported and aware and (reported - aware).total_seconds() > 72 * 3600 \
                and not data.get("delay_reason", "").strip():
            self.add_error("delay_reason", "Enter why the report came after 72 hours (Art. 33(1))")
        told = data.get("subjects_told")
        if told == SubjectsTold.YES and not data.get("subjects_told_on"):
            self.add_error("subjects_told_on", "Enter when the data subjects were told")
        if told == SubjectsTold.NO and not data.get("subjects_told_reason", "").strip():
            self.add_error("subjects_told_reason", "Enter why the data subjects were not told (Art. 34(3))")
        told_on = data.get("subjects_told_on")
        if told_on and told_on > timezone.localdate():
            self.add_error("subjects_told_on", "The date they were told must be today or in the past")
        return data
