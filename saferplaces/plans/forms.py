from django import forms

from saferplaces.accounts.models import Agency, User
from saferplaces.core.forms import GovUKForm, GovUKModelForm
from saferplaces.plans import measures, quarters
from saferplaces.plans.deadlines import interpret
from saferplaces.plans.models import KPI, Action, ActionUpdate, Objective, Source, Status, Unit
from saferplaces.plans.quarters import Quarter


class ActionUpdateForm(GovUKModelForm):
    class Meta:
        model = ActionUpdate
        fields = ["date", "status", "rag", "narrative", "decision_needed"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}), "narrative": forms.Textarea(attrs={"rows": 4}),
                   "decision_needed": forms.Textarea(attrs={"rows": 2})}
        labels = {"narrative": "Progress since the last update"}
        error_messages = {"date": {"required": "Enter the date of the update"},
                          "narrative": {"required": "Describe the progress"},
                          "status": {"required": "Select a status"}, "rag": {"required": "Select a RAG rating"}}


class KPIReadingForm(GovUKForm):
    quarter = forms.CharField(label="Quarter", error_messages={"required": "Enter the quarter"})
    value = forms.FloatField(error_messages={"required": "Enter the value", "invalid": "Enter a number"})
    commentary = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quarter"].help_text = quarters.example()  # the naming the settings choose

    def clean_quarter(self):
        try:
            return Quarter.parse(self.cleaned_data["quarter"])
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None


def _reason_field(record: str):
    return forms.CharField(label="Why are you making this change? (optional)", required=False, max_length=1000,
                           widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=f"Kept with the change in the {record}'s history")


#: what to enter in "where the figure comes from", by the KPI's source
SOURCE_NOTE_NEEDED = {
    Source.MANUAL: "Enter where the figure entered each period comes from, for example SafeLives MARAC data",
    Source.RETURN: "Enter the partner and the return the figure comes from, for example the CRC's quarterly return",
    Source.SURVEY: "Enter the survey the figure comes from, for example the MOPAC Public Attitude Survey",
}


class KPIForm(GovUKModelForm):
    """A KPI's definition. Every figure the product does not compute says where it comes from (the
    issue's "every other KPI says where its figure comes from"); a computed one names its measure."""

    reason = _reason_field("KPI")

    class Meta:
        model = KPI
        fields = ["name", "unit", "direction", "target", "baseline", "baseline_note", "cadence", "source",
                  "measure_key", "source_note"]
        labels = {"name": "KPI", "measure_key": "Measure", "baseline_note": "Baseline period or source",
                  "source_note": "Where the figure comes from", "cadence": "How often it is reported",
                  "source": "How the figure is obtained"}
        help_texts = {"baseline_note": "For example 2016/17, SafeLives",
                      "source_note": "Needed unless a measure computes the figure"}
        widgets = {"unit": forms.RadioSelect, "direction": forms.RadioSelect, "cadence": forms.RadioSelect,
                   "source": forms.RadioSelect}
        error_messages = {"name": {"required": "Enter the KPI as the board agreed it"},
                          "target": {"invalid": "Enter the target as a number, like 80"},
                          "baseline": {"invalid": "Enter the baseline as a number, like 65"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure_key"] = forms.ChoiceField(
            choices=[("", "None")] + measures.choices(), required=False, label="Measure",
            help_text="Only for a KPI computed by a measure", widget=forms.Select(attrs={"class": "govuk-select"}))
        for name, message in (("unit", "Select the unit"), ("direction", "Select which way is better"),
                              ("cadence", "Select how often it is reported"),
                              ("source", "Select how the figure is obtained")):
            self.fields[name].error_messages["required"] = message

    def clean(self):
        data = super().clean()
        source, measure_key = data.get("source"), data.get("measure_key")
        if source == Source.MEASURE and not measure_key:
            self.add_error("measure_key", "Choose the measure that computes this KPI")
        if source and source != Source.MEASURE and measure_key:
            self.add_error("measure_key", "Choose None, or choose \u201ccomputed by a measure\u201d as how the "
                                          "figure is obtained")
        if source in SOURCE_NOTE_NEEDED and not data.get("source_note", "").strip():
            self.add_error("source_note", SOURCE_NOTE_NEEDED[source])
        if data.get("baseline_note", "").strip() and data.get("baseline") is None:
            self.add_error("baseline", "Enter the baseline figure, or leave its period or source blank")
        unit = data.get("unit")
        for name in ("target", "baseline"):
            value = data.get(name)
            if value is None:
                continue
            if unit == Unit.PERCENTAGE and not 0 <= value <= 100:
                self.add_error(name, f"Enter the {name} as a percentage from 0 to 100")
            elif unit == Unit.MILESTONE and value not in (0, 1):
                self.add_error(name, f"Enter the {name} of a milestone as 1 (met) or 0 (not met)")
            elif unit == Unit.COUNT and value < 0:
                self.add_error(name, f"Enter the {name} as a count of 0 or more")
        return data


DEADLINE_FORMS = ("a date like 31/03/2019, a month like Mar-19, months like June / December, how often "
                  "(Monthly, Quarterly, Annual review), Ongoing, or the event it waits for in words")


class ActionEditForm(GovUKModelForm):
    """An action as the board agreed it: its wording, its leads as written and as the people and
    agencies who answer for it, its KPI as worded and its deadline (read by ``plans.deadlines``)."""

    reason = _reason_field("action")

    class Meta:
        model = Action
        fields = ["text", "lead", "lead_users", "lead_agencies", "kpi_text", "deadline_text", "note"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4}), "kpi_text": forms.Textarea(attrs={"rows": 2}),
                   "note": forms.Textarea(attrs={"rows": 2}), "lead_users": forms.CheckboxSelectMultiple,
                   "lead_agencies": forms.CheckboxSelectMultiple}
        labels = {"text": "The action", "lead": "Lead (as the plan names it)", "kpi_text": "KPI (as the plan words it)",
                  "deadline_text": "Deadline", "note": "Note", "lead_users": "Lead people",
                  "lead_agencies": "Lead agencies"}
        help_texts = {"lead_users": "They may record the action's updates and see it in \u201cMy work\u201d",
                      "deadline_text": f"Enter {DEADLINE_FORMS}"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only current accounts and partners can lead; those already leading stay listed to be removed.
        current = self.instance.pk and self.instance.lead_users.values("pk")
        users = User.objects.filter(is_active=True)
        agencies = Agency.objects.filter(active=True)
        if current:
            users = users | User.objects.filter(pk__in=current)
            agencies = agencies | Agency.objects.filter(pk__in=self.instance.lead_agencies.values("pk"))
        self.fields["lead_users"].queryset = users.select_related("agency").distinct().order_by(
            "last_name", "first_name", "username")
        self.fields["lead_users"].label_from_instance = lambda u: f"{u.display_name} ({u.agency.short_name})"
        self.fields["lead_agencies"].queryset = agencies.distinct().order_by("name")
        self.fields["lead_agencies"].label_from_instance = lambda a: f"{a.name} ({a.short_name})"
        if self.instance.pk:
            self.fields["deadline_text"].help_text += f". Read now as: {self.instance.deadline.label}"

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError("Describe the action")
        return text

    def clean_deadline_text(self):
        """Text the plan's reader cannot place is refused: a date it would misread as an event (a
        mistyped or impossible date, another date format) would never show as overdue."""
        text = " ".join(self.cleaned_data["deadline_text"].split())
        try:
            deadline = interpret(text)
        except ValueError:
            raise forms.ValidationError("Enter a real date, like 31/03/2019") from None
        if deadline.kind == "event" and any(c.isdigit() for c in text):
            raise forms.ValidationError(f"Enter the deadline as {DEADLINE_FORMS}")
        return text


class ObjectiveForm(GovUKModelForm):
    reason = _reason_field("objective")

    class Meta:
        model = Objective
        fields = ["number", "strand", "text", "note"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3}), "note": forms.Textarea(attrs={"rows": 2})}
        labels = {"number": "Number", "strand": "Strand", "text": "The objective", "note": "Note"}
        error_messages = {"text": {"required": "Enter the objective as the board agreed it"}}
        help_texts = {"number": "As the plan numbers it, for example 3",
                      "strand": "For CONTEST: Protect, Prepare or Prevent"}

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError("Enter the objective as the board agreed it")
        return text

    def clean_strand(self):
        strand = self.cleaned_data["strand"].strip()
        if self.instance.group_id and self.instance.group.key == "contest" and strand not in CONTEST_STRANDS:
            raise forms.ValidationError("Enter the strand as Protect, Prepare or Prevent")
        if self.instance.group_id and self.instance.group.key != "contest" and strand:
            raise forms.ValidationError("Leave the strand blank: only CONTEST's objectives have one")
        return strand


#: the CONTEST strands the delivery group covers (HM Government, CONTEST, 2018: Pursue is for the police)
CONTEST_STRANDS = ("Protect", "Prepare", "Prevent")


class ActionCloseForm(GovUKForm):
    status = forms.ChoiceField(label="How does the action end?", widget=forms.RadioSelect,
                               choices=[(Status.COMPLETE, "Complete: it did what it set out to"),
                                        (Status.DROPPED, "Dropped: the board agreed to stop it")],
                               error_messages={"required": "Select whether the action is complete or dropped"})
    date = forms.DateField(label="Date it ended", widget=forms.DateInput(attrs={"type": "date"}),
                           error_messages={"required": "Enter the date the action ended",
                                           "invalid": "Enter a real date, like 31/03/2019"})
    reason = forms.CharField(label="Why is it closed?", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="Shown to the board as the action's final update",
                             error_messages={"required": "Enter why the action is closed"})

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Enter why the action is closed")
        return reason

    def __init__(self, *args, action: Action, **kwargs):
        super().__init__(*args, **kwargs)
        self.action = action

    def clean(self):
        data = super().clean()
        latest = self.action.latest_update()
        if latest is not None and latest.status in CLOSED:
            raise forms.ValidationError(
                f"The action was closed on {latest.date:%-d %B %Y} ({latest.get_status_display().lower()}). "
                "To reopen it, record an update with its status now")
        return data


#: the statuses that end an action
CLOSED = (Status.COMPLETE, Status.DROPPED)
