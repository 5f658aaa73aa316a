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
