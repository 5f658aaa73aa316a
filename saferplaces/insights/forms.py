from django import forms

from saferplaces.core.forms import GovUKForm
from saferplaces.insights.models import AssessmentRun
from saferplaces.places import boundaries
from saferplaces.places.models import PriorityArea


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


CSV = ((".csv",), "a CSV file")
GEOJSON = ((".geojson", ".json"), "a GeoJSON file (.geojson or .json)")


def _suffixes(uploads, kind: tuple[tuple[str, ...], str], what: str) -> None:
    suffixes, words = kind
    for upload in uploads:
        if upload and not upload.name.lower().endswith(suffixes):
            raise forms.ValidationError(f"{upload.name}: {what} must be {words}")


class AssessmentForm(GovUKForm):
    """The files of one strategic assessment. Only police data is needed; each other file adds
    findings, and its hint says which ones the report goes without."""

    # (field, suffixes, words for the error): the geography files, all stored together for the engine.
    GEOGRAPHY = (("boundary_files", GEOJSON, "each boundary file"),
                 ("lookup_file", CSV, "the lookup"),
                 ("deprivation_files", CSV, "each deprivation file"),
                 ("population_files", CSV, "the population file"))

    title = forms.CharField(max_length=200, label="Title", help_text="For example: Westminster 2017-18",
                            error_messages={"required": "Enter a title"})
    police_files = MultipleFileField(
        label="Police data files",
        help_text="Street-level crime files from data.police.uk: monthly CSV files, CSV.GZ files, the monthly "
                  "archive ZIP, or police.uk API JSON. Every figure in the report comes from these.",
        error_messages={"required": "Choose at least one police data file"},
    )
    boundary_files = MultipleFileField(
        required=False, label="LSOA and ward boundaries (optional)",
        help_text="GeoJSON boundary files from the ONS Open Geography Portal, in longitude and latitude. They draw "
                  "the maps, outline the hot-spot grid and place crimes whose police.uk row has no LSOA code. "
                  "Without them the report has no maps, and those crimes are counted in no area.",
    )
    lookup_file = forms.FileField(
        required=False, label="LSOA-to-ward lookup (optional)",
        help_text="The ONS lookup from LSOA to ward and local authority (CSV). It gives the ward figures (unless "
                  "ward boundaries are given) and the authority's name for the title. Without it, and without "
                  "ward boundaries, the report has LSOA figures only; without it there is no Vulnerable "
                  "Localities Index.",
    )
    deprivation_files = MultipleFileField(
        required=False, label="Deprivation (optional)",
        help_text="English Indices of Deprivation 2019: the underlying indicators and the population "
                  "denominators (CSV). With the population by age and the lookup they give the Vulnerable "
                  "Localities Index; without them the report says why it has none.",
    )
    population_files = MultipleFileField(
        required=False, label="Population by age (optional)",
        help_text="ONS mid-year population estimates by LSOA and single year or band of age (CSV), for the "
                  "young people in the Vulnerable Localities Index. Without it there is no index.",
    )
    events_file = forms.FileField(
        required=False, label="Crimes with exact dates (optional)",
        help_text="A CSV from the force's crime system with id, date (YYYY-MM-DD) and x and y (metres) or "
                  "longitude and latitude. Police.uk dates are months only, so without it the report has no "
                  "near-repeat analysis.",
    )

    def clean_events_file(self):
        upload = self.cleaned_data.get("events_file")
        _suffixes([upload], CSV, "the crimes with exact dates")
        return upload

    def clean(self):
        data = super().clean()
        for name, kind, what in self.GEOGRAPHY:
            value = data.get(name)
            try:
                _suffixes(value if isinstance(value, list) else [value], kind, what)
            except forms.ValidationError as error:
                self.add_error(name, error)
        return data

    def geography_files(self) -> list:
        """Every geography upload: the engine finds each kind in one folder by its columns."""
        data = self.cleaned_data
        files = []
        for name, _, _ in self.GEOGRAPHY:
            value = data.get(name)
            files += value if isinstance(value, list) else [value] if value else []
        return files


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


def month_number(text: str) -> int:
    """``YYYY-MM`` as a count of months, for comparing and stepping months."""
    year, month = text.split("-")
    return int(year) * 12 + int(month) - 1


def month_text(number: int) -> str:
    return f"{number // 12:04d}-{number % 12 + 1:02d}"


def _months_field(label: str, help_text: str) -> forms.IntegerField:
    """An optional period length in whole months (1 to 240)."""
    return forms.IntegerField(
        required=False, min_value=1, max_value=240, label=label, help_text=help_text,
        error_messages={"min_value": "Enter at least 1 month", "max_value": "Enter at most 240 months",
                        "invalid": "Enter a whole number of months"},
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
    )


def _area_field(label: str, *, help_text: str = "") -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=label, queryset=PriorityArea.objects.none(), required=False, help_text=help_text,
        empty_label="None", error_messages={"invalid_choice": "Choose one of the priority areas"},
    )


def _boundary_field(label: str) -> forms.FileField:
    return forms.FileField(required=False, label=f"or upload the {label.lower()}'s boundary",
                           help_text="A GeoJSON file in longitude and latitude, for example a buffer drawn in a GIS; "
                                     "it is kept with this test only")


class EvaluationDataForm(GovUKForm):
    """Did it work, on an assessment's police data: the areas (priority areas, or boundaries uploaded
    for this test), the month the intervention started and the lengths of the periods before and after."""

    AREAS = ("treated", "control", "displacement", "displacement_control")

    run = forms.ModelChoiceField(
        label="Assessment", queryset=AssessmentRun.objects.none(),
        help_text="The crimes are counted in this assessment's police.uk files (anti-social behaviour is left out)",
        error_messages={"required": "Choose the assessment whose data to count",
                        "invalid_choice": "Choose one of the finished assessments"},
    )
    start = forms.CharField(
        label="First month of the intervention", max_length=7,
        help_text="As year and month, for example 2018-04. Police.uk dates are months, so the after period "
                  "starts with this month.",
        error_messages={"required": "Enter the first month of the intervention"},
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
    )
    before = _months_field("Months before (optional)", "Leave blank to count every month of the data before the start")
    after = _months_field("Months after (optional)", "Leave blank to count every month of the data from the start")
    level = forms.TypedChoiceField(
        label="Confidence level", coerce=float, initial="0.9",
        choices=[("0.8", "80%"), ("0.9", "90%"), ("0.95", "95%")], widget=forms.RadioSelect,
    )
    treated = _area_field("Treated area")
    treated_file = _boundary_field("Treated area")
    control = _area_field("Control area")
    control_file = _boundary_field("Control area")
    displacement = _area_field("Displacement area (optional)",
                               help_text="Around the treated area, where crime might move to")
    displacement_file = _boundary_field("Displacement area")
    displacement_control = _area_field("Displacement control area (optional)")
    displacement_control_file = _boundary_field("Displacement control area")

    crime_type = forms.ChoiceField(
        required=False, label="Crime type (optional)", help_text="Count only this type of crime",
        error_messages={"invalid_choice": "Choose one of the crime types offered"},
    )

    field_order = ["run", "treated", "treated_file", "control", "control_file", "displacement", "displacement_file",
                   "displacement_control", "displacement_control_file", "start", "before", "after", "crime_type",
                   "level"]
    WORDS = {"treated": "treated area", "control": "control area", "displacement": "displacement area",
             "displacement_control": "displacement control area"}

    def __init__(self, *args, runs, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["run"].queryset = runs
        types = sorted({kind for summary in runs.values_list("summary", flat=True)
                        for kind, _ in (summary or {}).get("by_type", [])})
        self.fields["crime_type"].choices = [("", "Every crime type"), *((kind, kind) for kind in types)]
        for name in self.AREAS:
            self.fields[name].queryset = areas

    def clean_start(self):
        text = self.cleaned_data["start"].strip()
        try:
            year, month = (int(part) for part in text.split("-"))
        except ValueError:
            raise forms.ValidationError("Enter the month as year and month, for example 2018-04") from None
        if not (1 <= month <= 12 and 2000 <= year <= 2100):
            raise forms.ValidationError("Enter a real month, for example 2018-04")
        return f"{year:04d}-{month:02d}"

    def clean(self):
        data = super().clean()
        self.chosen: dict[str, dict] = {}  # role → the area as the evaluation keeps it (see :meth:`areas`)
        for role in self.AREAS:
            area, upload = data.get(role), data.get(f"{role}_file")
            if area is not None and upload is not None:
                self.add_error(f"{role}_file", f"Choose a priority area or upload a boundary for the "
                                               f"{self.WORDS[role]}, not both")
            elif area is not None:
                self.chosen[role] = {"name": area.name, "priority_area": area.pk, "geometry": area.geometry}
            elif upload is not None:
                self._read_boundary(role, upload)
            elif role in ("treated", "control"):
                self.add_error(role, f"Choose the {self.WORDS[role]} or upload its boundary")
        picked = [data[role].pk for role in self.AREAS if data.get(role) is not None]
        if len(set(picked)) < len(picked):
            raise forms.ValidationError("Choose a different priority area for each role: an area cannot be its own "
                                        "control")
        has_displacement = ("displacement" in self.chosen or data.get("displacement") or data.get("displacement_file"))
        has_its_control = ("displacement_control" in self.chosen or data.get("displacement_control")
                           or data.get("displacement_control_file"))
        if bool(has_displacement) != bool(has_its_control):
            raise forms.ValidationError("Choose both a displacement area and its control area, or neither")
        run, start = data.get("run"), data.get("start")
        if run is not None and start:
            self._check_periods(run.summary or {}, start, data.get("before"), data.get("after"))
        return data

    def _read_boundary(self, role: str, upload) -> None:
        if upload.size > boundaries.MAX_BYTES:
            self.add_error(f"{role}_file", f"{upload.name}: the file must be smaller than "
                                           f"{boundaries.MAX_BYTES // (1024 * 1024)} MB")
            return
        try:
            parsed = boundaries.parse_boundary(upload.read())
        except boundaries.BoundaryError as error:
            self.add_error(f"{role}_file", f"{upload.name}: {error}")
            return
        self.chosen[role] = {"name": upload.name, "priority_area": None, "geometry": parsed.geometry}

    def _check_periods(self, summary: dict, start: str, before: int | None, after: int | None) -> None:
        """The periods lie inside the assessment's months and hold no month police.uk left out."""
        if not summary.get("first_month") or not summary.get("last_month"):
            raise forms.ValidationError("This assessment's months are not recorded: run the assessment again")
        first, last, origin = month_number(summary["first_month"]), month_number(summary["last_month"]), \
            month_number(start)
        span = f"its data runs from {summary['first_month']} to {summary['last_month']}"
        if not first < origin <= last:
            raise forms.ValidationError(f"The first month must have data before it and be in the assessment: {span}")
        before = origin - first if before is None else before
        after = last + 1 - origin if after is None else after
        low, high = origin - before, origin + after - 1
        self.cleaned_data["before"], self.cleaned_data["after"] = before, after  # the lengths the test will use
        if low < first or high > last:
            raise forms.ValidationError(f"The periods run from {month_text(low)} to {month_text(high)}, beyond the "
                                        f"assessment's data: {span}")
        missing = sorted({(month, force) for force, months in (summary.get("quality") or {})
                         .get("missing_months", {}).items() for month in months
                          if low <= month_number(month) <= high})
        if missing:
            month, force = missing[0]
            raise forms.ValidationError(
                f"Police.uk has no data from {force} for {month}, inside the periods: the counts would be short. "
                "Choose periods without it")

    def areas(self) -> dict[str, dict]:
        """Each role's area: the name shown (a priority area's, or the uploaded file's), the priority
        area's id (None for an uploaded boundary) and its GeoJSON geometry."""
        return {role: self.chosen[role] for role in self.AREAS if role in self.chosen}
