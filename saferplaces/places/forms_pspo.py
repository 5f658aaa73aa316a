"""Forms for Public Spaces Protection Orders: the order and its restricted area (a GeoJSON file, or
a priority area's boundary), and the steps that follow it."""

from django import forms

from saferplaces.asb.models import PspoStepKind
from saferplaces.core.forms import GovUKForm
from saferplaces.places import boundaries
from saferplaces.places.forms import DATE, _date
from saferplaces.places.models import PriorityArea


class PspoForm(GovUKForm):
    title = forms.CharField(label="Title", max_length=200, error_messages={"required": "Enter the order's title"})
    area_description = forms.CharField(label="The restricted area, in words", max_length=300,
                                       error_messages={"required": "Describe the restricted area"})
    boundary = forms.FileField(label="Boundary file (GeoJSON)", required=False,
                               help_text="A .geojson file in longitude/latitude (WGS84); or choose a priority area "
                                         "below to use its boundary")
    priority_area = forms.ModelChoiceField(label="Or use the boundary of a priority area", required=False,
                                           queryset=PriorityArea.objects.filter(active=True).order_by("name"))
    activities = forms.CharField(label="The activities with a detrimental effect", max_length=4000,
                                 widget=forms.Textarea(attrs={"rows": 3}),
                                 help_text="Activities in the area that have had, or are likely to have, a persistent "
                                           "and unreasonable detrimental effect on the quality of life of those in "
                                           "the locality (section 59(2)-(3))",
                                 error_messages={"required": "Describe the activities"})
    prohibitions = forms.CharField(label="Prohibitions", max_length=4000, required=False,
                                   widget=forms.Textarea(attrs={"rows": 3}))
    requirements = forms.CharField(label="Requirements", max_length=4000, required=False,
                                   widget=forms.Textarea(attrs={"rows": 3}))
    consulted_on = _date("Consultation completed on", required=False)
    made_on = _date("Made on")
    expires_on = _date("Expires on")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consulted_on"].help_text = ("With the chief officer of police, the police and crime commissioner "
                                                 "and community representatives (section 72(3))")
        self.fields["expires_on"].help_text = "At most 3 years after it is made (section 60(1))"
        self.fields["priority_area"].widget.attrs["class"] = "govuk-select"

    def clean(self):
        data = super().clean()
        upload, area = data.get("boundary"), data.get("priority_area")
        if upload is None and area is None:
            self.add_error("boundary", "Upload the restricted area's boundary, or choose a priority area")
        elif upload is not None:
            if upload.size > boundaries.MAX_BYTES:
                self.add_error("boundary", f"The file must be smaller than {boundaries.MAX_BYTES // (1024 * 1024)} MB")
                return data
            try:
                data["geometry"] = boundaries.parse_boundary(upload.read()).geometry
            except boundaries.BoundaryError as error:
                self.add_error("boundary", str(error))
        else:
            data["geometry"] = area.geometry
        return data


class PspoStepForm(GovUKForm):
    kind = forms.ChoiceField(label="What happened", widget=forms.RadioSelect, choices=PspoStepKind.choices,
                             error_messages={"required": "Select what happened"})
    on = _date("Date")
    details = forms.CharField(label="Details", max_length=4000, widget=forms.Textarea(attrs={"rows": 3}),
                              error_messages={"required": "Describe what happened"})
    new_expiry = forms.DateField(label="Extension: the new expiry date", required=False, widget=DATE,
                                 help_text="At most 3 years after the current expiry (section 60(2))")
    consulted = forms.BooleanField(label="Extension: the police, the police and crime commissioner and community "
                                         "representatives have been consulted (section 72(3))", required=False)
