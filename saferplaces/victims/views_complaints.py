"""The Victims' Code complaints log: each agency logs the complaints it received that a right of the
Code of Practice for Victims of Crime in England and Wales (2020) was not met; the partnership reads
the counts by agency (Victim objective 5: "assess how each agency is performing"). No personal data."""

from collections import Counter

from django.contrib import messages
from django.shortcuts import redirect, render

from saferplaces.core.listing import Listing, Sort
from saferplaces.policy.rules import may, require_permission
from saferplaces.victims import services
from saferplaces.victims.forms_complaints import ComplaintForm
from saferplaces.victims.models import ComplaintOutcome, VictimsCodeComplaint

SORTS = {"received": Sort("Date received", ("received_on",), descending_first=True)}


def complaints(request):
    require_permission(request.user, "plans.view")
    queryset = VictimsCodeComplaint.objects.select_related("agency")
    listing = Listing(request, queryset, sorts=SORTS, default="-received")
    by_agency = Counter(queryset.values_list("agency__name", flat=True))
    still_open = Counter(queryset.filter(outcome=ComplaintOutcome.OPEN).values_list("agency__name", flat=True))
    rows = [(name, n, still_open[name]) for name, n in sorted(by_agency.items())]
    return render(request, "victims/complaints.html", {"page": listing.page, "listing": listing, "by_agency": rows,
                                                       "may_record": may(request.user, "personal.change")})


def complaint_create(request):
    require_permission(request.user, "personal.change")
    form = ComplaintForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.complaint_record(actor=request.user, **form.cleaned_data)
        except services.ReferralError as error:
            form.add_error("received_on", str(error))
        else:
            messages.success(request, "Complaint logged")
            return redirect("victims:complaints")
    return render(request, "victims/complaint_form.html", {"form": form})
