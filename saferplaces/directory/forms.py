from django import forms

from saferplaces.core.forms import GovUKForm
from saferplaces.directory.models import MAX_AGE
from saferplaces.directory.services import CORRECTABLE
from saferplaces.geo import postcodes

#: miles → metres, the distances the search offers
DISTANCES = {"1": 1609.344, "2": 3218.688, "5": 8046.72, "10": 16093.44}


class SearchForm(GovUKForm):
    """The public search (sent by GET): every field optional."""

    need = forms.ChoiceField(label="What do you need help with?", required=False, choices=[])
    keyword = forms.CharField(label="Words to search for", required=False, max_length=100,
                              help_text="For example counselling, a borough or a service's name")
    age = forms.IntegerField(label="Age of the person who needs help", required=False, min_value=0,
                             max_value=MAX_AGE, widget=forms.TextInput(attrs={"inputmode": "numeric"}),
                             error_messages={"invalid": "Enter an age in years, like 34",
                                             "min_value": "Enter an age of 0 or more",
                                             "max_value": f"Enter an age of {MAX_AGE} or less"})
    postcode = forms.CharField(label="Postcode", required=False, max_length=10,
                               help_text="To list the nearest services first, for example SW1P 4DR")
    within = forms.ChoiceField(label="How far", required=False, choices=[
        ("", "Any distance"), *((miles, f"Within {miles} mile{'s' if miles != '1' else ''}") for miles in DISTANCES)])

    def __init__(self, *args, needs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["need"].choices = [("", "Any need"), *((str(term.id), term.name) for term in needs)]
        self.fields["keyword"].widget.attrs["type"] = "search"

    def clean_postcode(self):
        text = self.cleaned_data["postcode"].strip()
        if not text:
            return None
        postcode = postcodes.normalise(text)
        if postcode is None:
            raise forms.ValidationError("Enter a real postcode, like SW1P 4DR")
        held = postcodes.find(postcode)
        if held is None:
            raise forms.ValidationError(
                f"We cannot find where {postcode} is: this directory does not hold that postcode's location. "
                "Search without a postcode, or try a nearby postcode")
        return held

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("within") and not cleaned.get("postcode") and "postcode" not in self.errors:
            self.add_error("postcode", "Enter a postcode to search within a distance")
        return cleaned


class CorrectionForm(GovUKForm):
    field = forms.ChoiceField(label="What is wrong?", choices=list(CORRECTABLE.items()), widget=forms.RadioSelect,
                              error_messages={"required": "Choose the detail that is wrong"})
    proposed_value = forms.CharField(label="What it should say", required=False,
                                     widget=forms.Textarea(attrs={"rows": 3}),
                                     help_text="Leave empty to remove it (an age: no limit)")
    reason = forms.CharField(label="How do you know?", widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="The owner reads this when deciding. Do not include anyone's personal details",
                             error_messages={"required": "Say how you know the entry is wrong"})


class DecisionForm(GovUKForm):
    decision = forms.ChoiceField(label="Your decision", widget=forms.RadioSelect,
                                 choices=[("accept", "Accept: change the entry"), ("reject", "Reject: keep the entry")],
                                 error_messages={"required": "Choose whether to accept or reject the correction"})
    note = forms.CharField(label="Note (optional)", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class FeedForm(GovUKForm):
    file = forms.FileField(label="ORUK feed (JSON)", error_messages={"required": "Choose a JSON file"},
                           help_text="A list of services, or a page of the ORUK API's services with full=true")
