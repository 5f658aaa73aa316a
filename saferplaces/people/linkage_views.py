from django import forms
from django.contrib import messages
from django.db.models import Q
from django.shortcuts import redirect, render

from saferplaces.accounts.models import Agency
from saferplaces.audit.models import AccessAction
from saferplaces.audit.services import access_record
from saferplaces.core.forms import GovUKForm
from saferplaces.core.listing import Listing, Sort
from saferplaces.people import linkage
from saferplaces.people.models import ClericalLabel, LinkageRun
from saferplaces.policy.rules import require_permission


def _location(person) -> str:
    return ", ".join(part for part in (person.postcode, person.address) if part)


#: how a pair's evidence is shown: the engine's comparison (or, in pairs stored before it scored
#: them, the old field name) → (row heading, the record's value)
FIELDS = {
    "name": ("Name", lambda p: f"{p.forename} {p.surname}"),
    "dob": ("Date of birth", lambda p: p.date_of_birth),
    "location": ("Postcode and address", _location),
    "sex": ("Sex", lambda p: p.get_sex_display()),
    "forename": ("Forename", lambda p: p.forename),
    "surname": ("Surname", lambda p: p.surname),
    "date_of_birth": ("Date of birth", lambda p: p.date_of_birth),
    "postcode": ("Postcode", lambda p: p.postcode),
}
#: the engine's agreement levels (docs/linkage.md, "The model"), and the old ones, in words
LEVEL_LABELS = {
    "exact": "Same", "same": "Same", "different": "Different", None: "Missing on one record",
    "nickname": "Same surname; forename a nickname of the other", "swapped": "Forename and surname swapped",
    "one typo": "One typing error", "initial": "Same surname; forename initial only",
    "surname only": "Same surname only", "forename only": "Same forename only",
    "day/month transposed": "Day and month swapped", "one character different": "One character different",
    "postcode and address": "Same postcode and address", "postcode": "Same postcode", "address": "Same address",
    "postcode sector": "Same postcode sector", "postcode district": "Same postcode district",
    "transposed": "Day and month swapped", "same_year": "Same year only", "same_district": "Same postcode district",
}


class DecisionForm(GovUKForm):
    decision = forms.ChoiceField(
        label="Are these records the same person?",
        choices=[("same", "Yes, the same person"), ("different", "No, different people")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether these records are the same person"},
    )
    note = forms.CharField(label="Note", required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text="What you checked, for example a case file or a call to the other agency")


def linkage_runs(request):
    require_permission(request.user, "linkage.run")
    if request.method == "POST":
        linkage.linkage_start(actor=request.user)
        messages.success(request, "Linkage run started")
        return redirect("people:linkage")
    return render(request, "people/linkage_runs.html", {
        "runs": LinkageRun.objects.all()[:20],
        "labels": ClericalLabel.objects.count(),
    })


#: the review queue's sort keys: backed by the index on ``CandidatePair`` (run, status, probability)
PAIR_SORTS = {"probability": Sort("Match probability", ("probability",), descending_first=True)}


class QueueFilter(GovUKForm):
    agency = forms.ModelChoiceField(queryset=Agency.objects.order_by("name"), required=False,
                                    label="Pairs with a record held by", empty_label="Any agency")


def review_queue(request):
    """The pairs waiting for a decision, most likely first, a page at a time; each page is logged."""
    form = QueueFilter(request.GET or None)
    pairs = linkage.review_queue(actor=request.user)
    if form.is_valid() and form.cleaned_data["agency"]:
        agency = form.cleaned_data["agency"]
        pairs = pairs.filter(Q(left__owner_agency=agency) | Q(right__owner_agency=agency))
    listing = Listing(request, pairs, sorts=PAIR_SORTS, default="-probability")
    # The queue names people: logged like a search result list, for data-quality review.
    access_record(actor=request.user, action=AccessAction.SEARCH, record_type="people.person",
                  reason="data_quality", justification="Linkage review queue", path=request.path,
                  detail={**listing.filters("agency"), "page": listing.page.number,
                          "pairs": [pair.pk for pair in listing.page]})
    return render(request, "people/review_queue.html", {
        "form": form, "listing": listing, "page": listing.page, "query": listing.page_query,
        "run": linkage.latest_run(), "decisions": linkage.recent_decisions(actor=request.user)})


def review_pair(request, pk):
    pair = linkage.pair_access(actor=request.user, pair_id=pk)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        linkage.pair_decide(actor=request.user, pair_id=pair.pk,
                            same_person=form.cleaned_data["decision"] == "same", note=form.cleaned_data["note"])
        messages.success(request, "Decision recorded; linkage is running again with it")
        return redirect("people:review_queue")
    linkage.pair_viewed(actor=request.user, pair=pair, path=request.path)
    rows = [{"field": FIELDS[field][0], "left": FIELDS[field][1](pair.left), "right": FIELDS[field][1](pair.right),
             "level": LEVEL_LABELS.get(level, level)} for field, level in pair.evidence.items() if field in FIELDS]
    return render(request, "people/review_pair.html", {"pair": pair, "form": form, "rows": rows})
