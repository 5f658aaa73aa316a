"""The Contest delivery group's pages: its home page and the sites register.

A site the viewer may not reach answers 404 (``policy.access.fetch``); its page asks the reason once
a session and logs each view (``policy.gate``); each page of the register is logged as a search.
"""

from django.shortcuts import render

from saferplaces.audit.models import AccessAction, JustificationReason
from saferplaces.audit.services import access_record
from saferplaces.contest import selectors
from saferplaces.contest.sections import sections_for
from saferplaces.core.listing import Listing, Sort
from saferplaces.policy.gate import view_with_justification
from saferplaces.policy.rules import require_permission

SITE_SORTS = {"name": Sort("Name", ("name",)), "capacity": Sort("Capacity", ("capacity",), descending_first=True)}
REGISTER = "Read the Contest delivery group's register"


def home(request):
    require_permission(request.user, "contest.view")
    sections = sections_for(request.user)
    strands = {}
    for section in sections:
        strands.setdefault(section.strand, []).append(section)
    return render(request, "contest/home.html", {"strands": strands})


def site_list(request):
    require_permission(request.user, "contest.view")
    listing = Listing(request, selectors.visible_sites(request.user), sorts=SITE_SORTS, default="name")
    access_record(actor=request.user, action=AccessAction.SEARCH, record_type="contest.site",
                  reason=JustificationReason.OTHER, justification=REGISTER, path=request.path,
                  detail={"page": listing.page.number, "results": listing.page.total,
                          "shown": [site.pk for site in listing.page]})
    return render(request, "contest/site_list.html", {"listing": listing, "page": listing.page,
                                                      "query": listing.page_query})


def site_detail(request, pk):
    site = selectors.site_access(actor=request.user, site_id=pk)
    return view_with_justification(request, site, lambda: render(request, "contest/site_detail.html",
                                                                 {"site": site}))
