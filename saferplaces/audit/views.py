from django import forms
from django.db.models import Q
from django.shortcuts import render

from saferplaces.accounts.models import Agency
from saferplaces.accounts.roles import require_permission
from saferplaces.audit.models import AccessAction, AccessEvent, ChangeRecord, JustificationReason
from saferplaces.audit.services import access_record
from saferplaces.core.forms import GovUKForm
from saferplaces.core.listing import Listing, Sort, csv_response

PAGE_SIZE = 50
#: the access log's sort keys: each is backed by an index on ``AccessEvent``
EVENT_SORTS = {
    "at": Sort("When", ("at",), descending_first=True),
    "actor": Sort("Who", ("actor_username", "-at")),
    "action": Sort("Action", ("action", "-at")),
}
CHANGE_SORTS = {"at": Sort("When", ("at",), descending_first=True)}
EVENT_FILTERS = ("username", "agency", "action", "record_type", "record_id", "date_from", "date_to")
#: an export of the access log holds at most this many events, newest first: narrow it with the filters
EXPORT_LIMIT = 50_000


class AccessEventFilter(GovUKForm):
    username = forms.CharField(required=False, label="User name")
    agency = forms.ModelChoiceField(queryset=Agency.objects.all(), required=False)
    action = forms.ChoiceField(choices=[("", "Any")] + list(AccessAction.choices), required=False)
    record_type = forms.CharField(required=False, label="Record type", help_text="For example people.person")
    record_id = forms.CharField(required=False, label="Record id")
    date_from = forms.DateField(required=False, label="From", widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(required=False, label="To", widget=forms.DateInput(attrs={"type": "date"}))


def _visible_events(actor):
    """The events ``actor`` may read: their agency's staff's and those on their agency's records; every
    agency's with ``audit.view_all``."""
    if actor.has_role_permission("audit.view_all"):
        return AccessEvent.objects.all()
    return AccessEvent.objects.filter(Q(agency_id=actor.agency_id) | Q(record_agency_id=actor.agency_id))


def _filtered_events(request, form):
    events = _visible_events(request.user).select_related("agency")
    if form.is_valid():
        data = form.cleaned_data
        if data["username"]:
            events = events.filter(actor_username__icontains=data["username"])
        if data["agency"]:
            events = events.filter(agency=data["agency"])
        if data["action"]:
            events = events.filter(action=data["action"])
        if data["record_type"]:
            events = events.filter(record_type=data["record_type"].strip().lower())
        if data["record_id"]:
            events = events.filter(record_id=data["record_id"].strip())
        if data["date_from"]:
            events = events.filter(at__date__gte=data["date_from"])
        if data["date_to"]:
            events = events.filter(at__date__lte=data["date_to"])
    return events


def access_events(request):
    """The data protection officer's search of the access log, one sorted page at a time."""
    require_permission(request.user, "audit.view")
    form = AccessEventFilter(request.GET or None)
    wide = request.user.has_role_permission("audit.view_all")
    if wide:
        # Reading other agencies' staff's searches and views is itself an access to be accounted for.
        access_record(actor=request.user, action=AccessAction.SEARCH, reason=JustificationReason.OTHER,
                      justification="Searched every agency's access log", record_type="audit.accessevent",
                      path=request.path, detail={"scope": "every agency",
                                                 "query": {k: v for k, v in request.GET.items() if v}})
    listing = Listing(request, _filtered_events(request, form), sorts=EVENT_SORTS, default="-at", page_size=PAGE_SIZE)
    return render(request, "audit/access_events.html",
                  {"form": form, "listing": listing, "page": listing.page, "query": listing.page_query, "wide": wide,
                   "export_query": listing.query(page=None, sort=None)})


def access_events_export(request):
    """The access log's events that the filters find, as CSV (newest first, at most
    ``EXPORT_LIMIT``); the export is itself logged with its filters and row count."""
    require_permission(request.user, "audit.view")
    form = AccessEventFilter(request.GET or None)
    events = list(_filtered_events(request, form).order_by("-at", "-id")[:EXPORT_LIMIT])
    wide = request.user.has_role_permission("audit.view_all")
    access_record(actor=request.user, action=AccessAction.EXPORT, reason=JustificationReason.OTHER,
                  justification="Exported the access log" + (" of every agency" if wide else ""),
                  record_type="audit.accessevent", path=request.path,
                  detail={"query": {k: v for k, v in request.GET.items() if v and k in EVENT_FILTERS},
                          "rows": len(events), "limited": len(events) == EXPORT_LIMIT})
    return csv_response("access-log", ["at", "user", "agency", "action", "record_type", "record_id", "record",
                                       "reason", "justification", "allowed_by", "path", "request_id"],
                        ([e.at.isoformat(), e.actor_username, e.agency_name, e.action, e.record_type, e.record_id,
                          e.record_label, e.reason, e.justification, e.basis, e.path, e.request_id] for e in events))


def _visible_changes(actor):
    """The changes ``actor`` may read: those made by their agency's staff and those to their agency's
    records; every agency's with ``audit.view_all``."""
    if actor.has_role_permission("audit.view_all"):
        return ChangeRecord.objects.all()
    return ChangeRecord.objects.filter(Q(actor__agency_id=actor.agency_id) | Q(record_agency_id=actor.agency_id))


def change_history(request):
    """The changes to domain records the data protection officer may read, newest first, filterable by
    record."""
    require_permission(request.user, "audit.view")
    changes = _visible_changes(request.user)
    if request.user.has_role_permission("audit.view_all"):
        # Other agencies' before and after snapshots hold personal data: reading them is an access.
        access_record(actor=request.user, action=AccessAction.SEARCH, reason=JustificationReason.OTHER,
                      justification="Searched every agency's change history", record_type="audit.changerecord",
                      path=request.path, detail={"scope": "every agency",
                                                 "query": {k: v for k, v in request.GET.items() if v}})
    record_type = request.GET.get("record_type", "").strip().lower()
    record_id = request.GET.get("record_id", "").strip()
    if record_type:
        changes = changes.filter(record_type=record_type)
    if record_id:
        changes = changes.filter(record_id=record_id)
    listing = Listing(request, changes, sorts=CHANGE_SORTS, default="-at", page_size=PAGE_SIZE)
    return render(request, "audit/change_history.html",
                  {"listing": listing, "page": listing.page, "query": listing.page_query, "record_type": record_type,
                   "record_id": record_id})
