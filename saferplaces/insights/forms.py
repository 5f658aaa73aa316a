from django import forms

from saferplaces.core.forms import GovUKForm


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class AssessmentForm(GovUKForm):
    title = forms.CharField(max_length=200, label="Title", help_text="For example: Westminster 2017-18",
                            error_messages={"required": "Enter a title"})
    police_files = MultipleFileField(
        label="Police data files",
        help_text="data.police.uk street-level CSV files, .csv.gz files or monthly archive zips",
        error_messages={"required": "Choose at least one police data file"},
    )
    geography_files = MultipleFileField(
        required=False,
        label="Geography files",
        help_text="LSOA and ward boundaries (GeoJSON) and an ONS LSOA-to-ward lookup (CSV)",
    )
    events_file = forms.FileField(
        required=False, label="Crimes with exact dates (optional)",
        help_text="A CSV from the force's crime system with id, date (YYYY-MM-DD) and x and y (metres) or "
                  "longitude and latitude: the report then includes near repeats",
    )

    def clean_events_file(self):
        upload = self.cleaned_data.get("events_file")
        if upload and not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError("The crimes with exact dates must be a CSV file")
        return upload


# Bounds that keep the test's arithmetic finite: counts of crimes in an area and period lengths in any
# unit (days of a few decades, or years) fall well inside them.
MAX_COUNT = 10**9
MAX_LENGTH = 100_000.0
MAX_LENGTH_RATIO = 1_000.0


class EvaluationForm(GovUKForm):
    """Counts before and after an intervention, for the weighted displacement difference test."""

    AREAS = (("treated", "Treated area"), ("control", "Control area"),
             ("displacement", "Displacement area"), ("displacement_control", "Displacement control area"))

    level = forms.TypedChoiceField(
        label="Confidence level", coerce=float, initial="0.9",
        choices=[("0.8", "80%"), ("0.9", "90%"), ("0.95", "95%")], widget=forms.RadioSelect,
    )
    before_length = forms.FloatField(
        required=False, min_value=0.001, max_value=MAX_LENGTH, label="Length of the before period",
        help_text="Only when the periods differ, in any unit (for example 12 and 6 months)",
    )
    after_length = forms.FloatField(required=False, min_value=0.001, max_value=MAX_LENGTH,
                                    label="Length of the after period")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for area, label in self.AREAS:
            required = area in ("treated", "control")
            for period in ("before", "after"):
                self.fields[f"{area}_{period}"] = forms.IntegerField(
                    required=required, min_value=0, max_value=MAX_COUNT, label=f"{label}: crimes {period}",
                    error_messages={"required": f"Enter the number of crimes in the {label.lower()} {period}",
                                    "min_value": "Enter a count of 0 or more",
                                    "max_value": f"Enter a count under {MAX_COUNT:,}",
                                    "invalid": "Enter a whole number"},
                    widget=forms.NumberInput(attrs={"class": "govuk-input--width-5"}),
                )
        self.order_fields([f"{a}_{p}" for a, _ in self.AREAS for p in ("before", "after")]
                          + ["before_length", "after_length", "level"])

    def clean(self):
        data = super().clean()
        given = [data.get(f"{area}_{p}") is not None for area in ("displacement", "displacement_control")
                 for p in ("before", "after")]
        if any(given) and not all(given):
            raise forms.ValidationError("Enter all four displacement counts (both areas, before and after), or none")
        if (data.get("before_length") is None) != (data.get("after_length") is None):
            raise forms.ValidationError("Enter both period lengths, or neither when the periods are equal")
        lengths = data.get("before_length"), data.get("after_length")
        if None not in lengths and max(lengths) / min(lengths) > MAX_LENGTH_RATIO:
            raise forms.ValidationError(f"One period is more than {MAX_LENGTH_RATIO:,.0f} times as long as the other: "
                                        "check the lengths are in the same unit")
        return data

    def counts(self) -> dict[str, tuple[int, int]]:
        data = self.cleaned_data
        return {area: (data[f"{area}_before"], data[f"{area}_after"]) for area, _ in self.AREAS
                if data.get(f"{area}_before") is not None}

    def periods(self) -> tuple[float, float] | None:
        data = self.cleaned_data
        return None if data.get("before_length") is None else (data["before_length"], data["after_length"])
