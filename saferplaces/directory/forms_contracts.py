from __future__ import annotations

from django import forms

from saferplaces.core.forms import GovUKForm
from saferplaces.directory import contracts
from saferplaces.victims.forms import ReferralForm, ReferralUpdateForm
from saferplaces.victims.models import ReferralStatus, Service

#: the fields of the victims' referral form that a referral to the directory's service does not ask:
#: the service is the one chosen, and MARAC (with its DASH checklist) is not a directory service
NOT_ASKED = ("service_name", "dash_answers", "professional_judgement", "judgement_reason")
#: what the register counts a referral to a directory service as: Victim Support's are the plan's
#: "referral levels" KPI, so the referrer says when the chosen service is Victim Support's or an IDVA's
KINDS = [(Service.COMMISSIONED, "A commissioned or voluntary service"), (Service.VICTIM_SUPPORT, "Victim Support"),
         (Service.IDVA, "An IDVA service (independent domestic violence adviser)")]


class ServiceSearchForm(GovUKForm):
    """Find a service to refer to: by need, by words, or both (a GET form: results on the same page)."""

    need = forms.ChoiceField(label="Need", required=False)
    q = forms.CharField(label="Words in the service's name or description", required=False, max_length=100)

    def __init__(self, *args, needs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["need"].choices = [("", "Any need")] + list(needs)


class DirectoryReferralForm(ReferralForm):
    """The victims' referral form (consent or lawful basis, the victimisation, the date) for one
    service of the directory."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in NOT_ASKED:
            del self.fields[name]
        self.fields["service"].label = "Count it in the register as a referral to"
        self.fields["service"].choices = KINDS
        self.fields["service"].initial = Service.COMMISSIONED

    def clean(self):
        # The victims' form asks a commissioned service's name; here the chosen service gives it.
        self.cleaned_data["service_name"] = "the directory's service"
        return super().clean()

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {"service": data["service"], "referred_on": data["referred_on"],
                "victimisation": self.victimisations.get(data.get("victimisation") or ""),
                "consent_given": data["consent_given"] == "yes", "lawful_basis": data["lawful_basis"],
                "basis_detail": data["basis_detail"]}


class ReferralAnswerForm(ReferralUpdateForm):
    """A provider's answer to a referral: accepted, declined (with the reason) or closed with an outcome."""

    def clean(self):
        data = super().clean()
        if data.get("status") == ReferralStatus.DECLINED and not data.get("outcome", "").strip():
            self.add_error("outcome", "Give the reason for declining the referral")
        return data


class ReturnForm(GovUKForm):
    """A quarter's return: the quarter, then one number per figure of the contract's template."""

    period_start = forms.ChoiceField(label="Quarter", error_messages={"required": "Select the quarter"})

    def __init__(self, *args, figures=(), quarters=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period_start"].choices = [("", "Choose a quarter")] + [
            (start.isoformat(), contracts.quarter_label(start)) for start in quarters]
        self.figures = list(figures)
        for figure in self.figures:
            hint = f"From {figure.minimum:g}" + (f" to {figure.maximum:g}" if figure.maximum is not None else "")
            if figure.part_of_id:
                hint += f"; with the rest of its breakdown adds up to {figure.part_of.label.lower()}"
            self.fields[f"figure_{figure.code}"] = forms.FloatField(
                label=figure.label, required=False, help_text=hint,
                error_messages={"invalid": f"Enter {figure.label.lower()} as a number"})

    def values(self) -> dict[str, float]:
        return {figure.code: self.cleaned_data[f"figure_{figure.code}"] for figure in self.figures
                if self.cleaned_data.get(f"figure_{figure.code}") is not None}

    def field_of(self, code: str) -> str | None:
        name = f"figure_{code}"
        return name if name in self.fields else None
