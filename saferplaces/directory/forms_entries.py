"""The keepers' forms of an organisation and of a service of the directory."""

from __future__ import annotations

from django import forms

from saferplaces.core.forms import GovUKForm
from saferplaces.directory import taxonomy
from saferplaces.directory.models import MAX_AGE, ServiceStatus, TaxonomyTerm
from saferplaces.directory.services_entries import DAYS, Entry, Place, agencies_for
from saferplaces.geo import postcodes

NO_AGENCY = "none"


class OrganizationForm(GovUKForm):
    name = forms.CharField(label="Name", max_length=255)
    description = forms.CharField(label="Description", widget=forms.Textarea(attrs={"rows": 3}),
                                  help_text="What the organisation does, in a sentence or two")
    website = forms.URLField(label="Website", required=False, assume_scheme="https",
                             error_messages={"invalid": "Enter a website address, like https://example.org"})
    email = forms.EmailField(label="Email address", required=False,
                             error_messages={"invalid": "Enter an email address, like name@example.org"})
    agency = forms.ChoiceField(label="Who keeps its entries", widget=forms.RadioSelect, choices=[],
                               help_text="The partner agency whose staff keep its entries up to date")

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.agencies = {NO_AGENCY if agency is None else str(agency.pk): agency for agency in agencies_for(actor)}
        self.fields["agency"].choices = [
            (key, "No agency: the partnership's coordinators" if agency is None else agency.name)
            for key, agency in self.agencies.items()]
        if len(self.agencies) == 1:  # nothing to choose
            self.fields["agency"].widget = forms.HiddenInput()
            self.fields["agency"].initial = next(iter(self.agencies))

    def clean_agency(self):
        return self.agencies[self.cleaned_data["agency"]]


def _age(label: str) -> forms.IntegerField:
    return forms.IntegerField(label=label, required=False, min_value=0, max_value=MAX_AGE,
                              widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
                              help_text="In years; leave empty for no limit",
                              error_messages={"invalid": "Enter an age in years, like 18",
                                              "min_value": "Enter an age of 0 or more",
                                              "max_value": f"Enter an age of {MAX_AGE} or less"})


def _time(label: str) -> forms.TimeField:
    return forms.TimeField(label=label, required=False, input_formats=["%H:%M", "%H.%M", "%H%M"],
                           widget=forms.TimeInput(format="%H:%M", attrs={"class": "govuk-input--width-5"}),
                           error_messages={"invalid": "Enter a time in 24-hour form, like 09:00 or 17:30"})


class ServiceForm(GovUKForm):
    """A service's entry: what it is, who it is for, its needs, contact, place and opening hours."""

    name = forms.CharField(label="Name", max_length=255)
    description = forms.CharField(label="Description", widget=forms.Textarea(attrs={"rows": 4}),
                                  help_text="What the service does and how to use it")
    eligibility_description = forms.CharField(label="Who it is for", required=False,
                                              widget=forms.Textarea(attrs={"rows": 2}))
    minimum_age = _age("Youngest age")
    maximum_age = _age("Oldest age")
    fees = forms.CharField(label="Fees", required=False, help_text="Any charges; leave empty if it is free")
    status = forms.ChoiceField(label="Status", choices=ServiceStatus.choices, initial=ServiceStatus.ACTIVE,
                               widget=forms.RadioSelect)
    url = forms.URLField(label="Website", required=False, assume_scheme="https",
                         error_messages={"invalid": "Enter a website address, like https://example.org"})
    email = forms.EmailField(label="Email address", required=False,
                             error_messages={"invalid": "Enter an email address, like name@example.org"})
    victim_needs = forms.MultipleChoiceField(label="Needs of victims it meets", required=False,
                                             widget=forms.CheckboxSelectMultiple, choices=[],
                                             help_text="Choose at least one need, here or below")
    other_needs = forms.MultipleChoiceField(label="Other needs it meets", required=False,
                                            widget=forms.CheckboxSelectMultiple, choices=[])
    contact_name = forms.CharField(label="Contact name", required=False, max_length=255,
                                   help_text="A desk or team, for example Helpline, rather than a person")
    phone = forms.CharField(label="Phone number", required=False, max_length=30,
                            widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}))
    address_1 = forms.CharField(label="Address", required=False, max_length=255,
                                help_text="Building and street of the place people go to; leave empty if the "
                                          "service has no place to visit")
    city = forms.CharField(label="Town or city", required=False, max_length=100, initial="London")
    postal_code = forms.CharField(label="Postcode", required=False, max_length=10,
                                  widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}))
    latitude = forms.FloatField(label="Latitude", required=False, min_value=-90, max_value=90,
                                help_text="Only if we do not know where the postcode is: in degrees, like 51.4975",
                                error_messages={"invalid": "Enter the latitude in degrees, like 51.4975"})
    longitude = forms.FloatField(label="Longitude", required=False, min_value=-180, max_value=180,
                                 help_text="In degrees, like -0.1357 (west of Greenwich is negative)",
                                 error_messages={"invalid": "Enter the longitude in degrees, like -0.1357"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        terms = list(TaxonomyTerm.objects.filter(term__in=taxonomy.TERMS).order_by("name", "id"))
        self.terms = {str(term.id): term for term in terms}
        victims = [(str(t.id), t.name) for t in terms if t.term in taxonomy.VICTIM_NEEDS]
        self.fields["victim_needs"].choices = victims
        self.fields["other_needs"].choices = [(str(t.id), t.name) for t in terms if t.term not in taxonomy.VICTIM_NEEDS]
        for day, name in DAYS.items():
            self.fields[f"{day}_opens"] = _time(f"{name}: opens")
            self.fields[f"{day}_closes"] = _time(f"{name}: closes")
        self.located = None  # the postcode's coordinates when they are known

    def hour_fields(self):
        """Per day, its name and the opens and closes fields: a row each on the page."""
        return [(name, self[f"{day}_opens"], self[f"{day}_closes"]) for day, name in DAYS.items()]

    def service_fields(self):
        return [self[name] for name in ("name", "description", "eligibility_description", "minimum_age",
                                        "maximum_age", "fees", "status", "url", "email")]

    def place_fields(self):
        return [self[name] for name in ("address_1", "city", "postal_code", "latitude", "longitude")]

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("minimum_age"), cleaned.get("maximum_age")
        if low is not None and high is not None and low > high:
            self.add_error("maximum_age", "The oldest age must be the same as the youngest or above it")
        if not cleaned.get("victim_needs") and not cleaned.get("other_needs") and "victim_needs" not in self.errors:
            self.add_error("victim_needs", "Choose at least one need the service meets")
        self._clean_place(cleaned)
        for day, name in DAYS.items():
            opens, closes = cleaned.get(f"{day}_opens"), cleaned.get(f"{day}_closes")
            if f"{day}_opens" in self.errors or f"{day}_closes" in self.errors:
                continue
            if (opens is None) != (closes is None):
                self.add_error(f"{day}_opens" if opens is None else f"{day}_closes",
                               f"Enter both the opening and the closing time on {name}, or neither")
            elif opens is not None and opens >= closes:
                self.add_error(f"{day}_closes", f"The closing time on {name} must be after the opening time")
        return cleaned

    def _clean_place(self, cleaned) -> None:
        if not cleaned.get("address_1"):
            return
        if not cleaned.get("city"):
            self.add_error("city", "Enter the town or city")
        text = cleaned.get("postal_code", "")
        postcode = postcodes.normalise(text)
        if postcode is None:
            self.add_error("postal_code", "Enter the postcode, like SW1P 4DR" if not text
                           else "Enter a real postcode, like SW1P 4DR")
            return
        cleaned["postal_code"] = postcode
        lat, lon = cleaned.get("latitude"), cleaned.get("longitude")
        if "latitude" in self.errors or "longitude" in self.errors:
            return
        if lat is not None or lon is not None:
            if lat is None or lon is None:
                self.add_error("latitude" if lat is None else "longitude", "Enter both latitude and longitude")
            elif not postcodes.in_uk(lat, lon):
                self.add_error("latitude", "The latitude and longitude are not in the United Kingdom")
            return
        held = postcodes.find(postcode)
        if held is None:
            self.add_error("latitude", f"We do not know where {postcode} is: enter the place's latitude and "
                                       "longitude, or check the postcode")
            return
        self.located = (held.latitude, held.longitude)

    def entry(self) -> Entry:
        data = self.cleaned_data
        place = None
        if data["address_1"]:
            lat, lon = self.located or (data["latitude"], data["longitude"])
            place = Place(address_1=data["address_1"], city=data["city"], postal_code=data["postal_code"],
                          latitude=lat, longitude=lon)
        return Entry(
            fields={name: data[name] for name in ("name", "description", "eligibility_description", "minimum_age",
                                                  "maximum_age", "fees", "status", "url", "email")},
            needs=[self.terms[key] for key in [*data["victim_needs"], *data["other_needs"]]],
            contact_name=data["contact_name"], phone=data["phone"], place=place,
            hours={day: (data[f"{day}_opens"], data[f"{day}_closes"]) for day in DAYS if data.get(f"{day}_opens")})
