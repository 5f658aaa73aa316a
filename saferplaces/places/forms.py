from django import forms

from saferplaces.accounts.models import Agency, User
from saferplaces.accounts.roles import ROLE_PERMISSIONS
from saferplaces.asb.models import AsbCase, CaseStatus
from saferplaces.core.forms import GovUKForm
from saferplaces.geo.forms import PointPickerMixin
from saferplaces.places import boundaries
from saferplaces.places.models import ActionStatus, AgendaItem, PriorityArea
from saferplaces.policy.access import scope

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _date(label, required=True):
    return forms.DateField(label=label, widget=DATE, required=required,
                           error_messages={"required": f"Enter the {label.lower()}", "invalid": "Enter a real date"})


class AreaForm(GovUKForm):
    name = forms.CharField(label="Name", max_length=120, error_messages={"required": "Enter the area's name"})
    description = forms.CharField(label="Description", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    boundary = forms.FileField(
        label="Boundary file (GeoJSON)",
        help_text="A .geojson file in longitude/latitude (WGS84). Every polygon in it makes up the area, or, "
                  "with ward codes below, an ONS ward boundaries file.",
        error_messages={"required": "Choose a GeoJSON file"})
    ward_codes = forms.CharField(label="Ward codes", required=False,
                                 help_text="To make the area from wards of the file: codes separated by commas, "
                                           "for example E05013806, E05013807")

    def clean(self):
        data = super().clean()
        upload = data.get("boundary")
        if upload is None:
            return data
        if upload.size > boundaries.MAX_BYTES:
            self.add_error("boundary", f"The file must be smaller than {boundaries.MAX_BYTES // (1024 * 1024)} MB")
            return data
        codes = [c for c in (data.get("ward_codes") or "").replace(";", ",").replace(" ", ",").split(",") if c]
        try:
            data["parsed"] = boundaries.parse_boundary(upload.read(), codes)
        except boundaries.BoundaryError as error:
            self.add_error("ward_codes" if codes and "Ward code" in str(error) else "boundary", str(error))
        return data


def _staff():
    """Active staff who can read the places module (a chair, attendee or owner must see the action),
    in agency order."""
    roles = [role for role, perms in ROLE_PERMISSIONS.items() if "places.view" in perms]
    return (User.objects.filter(is_active=True, agency__active=True, role__in=roles).select_related("agency")
            .order_by("agency__name", "last_name", "first_name", "username"))


def _person_label(user) -> str:
    return f"{user.display_name} ({user.agency.short_name})"


def _by_agency(field, empty_label="Nobody chosen"):
    """A staff select shows people's names, grouped under their agency (the value is still the id)."""
    field.label_from_instance = _person_label
    groups: dict[str, list] = {}
    for user in field.queryset:
        groups.setdefault(user.agency.name, []).append((user.pk, user.display_name))
    field.widget.choices = [("", empty_label), *groups.items()]


class AreaEditForm(GovUKForm):
    name = forms.CharField(label="Name", max_length=120, required=False,
                           help_text="Leave it blank to keep the current name")
    description = forms.CharField(label="Description", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    active = forms.BooleanField(label="A current priority area (untick to retire it)", required=False)
    reason = forms.CharField(label="Why are you making this change? (optional)", required=False, max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             help_text="Kept with the change in the area's history")

    def clean_name(self):
        return self.cleaned_data["name"].strip() or None


class MeetingForm(GovUKForm):
    title = forms.CharField(label="Title", max_length=200, error_messages={"required": "Enter the meeting's title"})
    held_on = _date("Date of the meeting")
    chair = forms.ModelChoiceField(label="Chair", queryset=User.objects.none(), required=False)
    attendees = forms.ModelMultipleChoiceField(label="Attendees", queryset=User.objects.none(),
                                               required=False, widget=forms.CheckboxSelectMultiple)
    agencies = forms.ModelMultipleChoiceField(label="Agencies represented",
                                              queryset=Agency.objects.filter(active=True), required=False,
                                              widget=forms.CheckboxSelectMultiple,
                                              help_text="Attendees' agencies are added for you")
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = self.fields["attendees"].queryset = _staff()
        _by_agency(self.fields["chair"])
        self.fields["attendees"].label_from_instance = _person_label


class AgendaItemForm(GovUKForm):
    title = forms.CharField(label="Item", max_length=200, error_messages={"required": "Enter the agenda item"})
    priority_area = forms.ModelChoiceField(label="Priority area", queryset=PriorityArea.objects.filter(active=True),
                                           required=False)
    asb_case = forms.ModelChoiceField(label="ASB case", queryset=None, required=False,
                                      help_text="An open case your agency can see, to discuss at the meeting")
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["asb_case"].queryset = scope(actor, AsbCase.objects.exclude(status=CaseStatus.CLOSED))
        self.order_fields(["title", "priority_area", "asb_case", "notes"])


class ActionForm(PointPickerMixin, GovUKForm):
    description = forms.CharField(label="Action", widget=forms.Textarea(attrs={"rows": 3}),
                                  error_messages={"required": "Describe the action"})
    agenda_item = forms.ModelChoiceField(label="Agenda item", queryset=None, required=False)
    owner_agency = forms.ModelChoiceField(label="Owning agency", queryset=Agency.objects.filter(active=True),
                                          error_messages={"required": "Choose the agency that owns the action"})
    owner_user = forms.ModelChoiceField(label="Owner", queryset=User.objects.none(), required=False,
                                        help_text="An officer of the owning agency")
    due_on = _date("Due date")
    priority_area = forms.ModelChoiceField(label="Priority area", queryset=PriorityArea.objects.filter(active=True),
                                           required=False)
    postcode = forms.CharField(label="Postcode of the place", required=False, max_length=10,
                               help_text="Places the action on the map; or click the map to mark the exact place")
    location_description = forms.CharField(label="Where", required=False, max_length=200,
                                           help_text="For example: Church Street market, north end")

    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = meeting.agenda.all() if meeting else AgendaItem.objects.none()
        self.fields["owner_user"].queryset = _staff()
        _by_agency(self.fields["owner_user"], empty_label="Anyone in the owning agency")

    def clean(self):
        data = super().clean()
        owner, agency = data.get("owner_user"), data.get("owner_agency")
        if owner is not None and agency is not None and owner.agency_id != agency.pk:
            self.add_error("owner_user", f"{owner.display_name} does not work for {agency.name}: choose an officer "
                                         "of the owning agency")
        return data

    def action_kwargs(self) -> dict:
        """The service's arguments: the form's fields but the postcode, which only finds the point."""
        data = self.cleaned_data
        return {key: data[key] for key in ("description", "agenda_item", "owner_agency", "owner_user", "due_on",
                                           "priority_area", "latitude", "longitude", "location_description")}


class ActionUpdateForm(GovUKForm):
    status = forms.ChoiceField(label="Status", choices=ActionStatus.choices, widget=forms.RadioSelect,
                               error_messages={"required": "Choose the status"})
    due_on = _date("Due date")
    outcome = forms.CharField(label="Outcome", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text="Needed when the action is done")

    def clean(self):
        data = super().clean()
        if data.get("status") == ActionStatus.DONE and not (data.get("outcome") or "").strip():
            self.add_error("outcome", "Describe the outcome of the completed action")
        return data
