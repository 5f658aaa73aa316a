import datetime as dt

from django import forms
from django.db.models import Q
from django.shortcuts import render
from django.utils import timezone

from saferplaces.accounts.models import Agency
from saferplaces.accounts.roles import require_permission
from saferplaces.audit import showing
from saferplaces.audit.models import AccessAction, AccessEvent, ChangeRecord, JustificationReason
from saferplaces.audit.services import access_record
from saferplaces.core.forms import MAX_ID, GovUKForm, query_id
from saferplaces.core.listing import Listing, Sort, csv_response

PAGE_SIZE = 50
CHANGE_SORTS = {"at": Sort("When", ("at",), descending_first=True)}
EVENT_FILTERS = ("username", "agency", "action", "record_type", "record_id", "subject", "date_from", "date_to")
#: an export of the access log holds at most this many events, newest first: narrow it with the filters
EXPORT_LIMIT = 50_000
#: the export asks what the viewer may see of this many events' records at a time
EXPORT_CHUNK = 500


class AccessEventFilter(GovUKForm):
    """The access log's filters. Each is an exact match that one of ``AccessEvent``'s indexes serves, and
    dates select whole days in Europe/London as ranges of the stored timestamp (``at``)."""

    username = forms.CharField(required=False, label="User name", max_length=150,
                               help_text="The whole user name, for example jo.smith")
    agency = forms.ModelChoiceField(queryset=Agency.objects.all(), required=False, label="Their agency")
    action = forms.ChoiceField(choices=[("", "Any")] + list(AccessAction.choices), required=False)
    subject = forms.IntegerField(required=False, label="Data subject (person record number)", min_value=1,
                                 max_value=MAX_ID,
                                 help_text="Events on this person record, the person records linked to it and "
                                           "the records about them")
    record_type = forms.CharField(required=False, label="Record type", help_text="For example people.person")
    record_id = forms.CharField(required=False, label="Record id")
    date_from = forms.DateField(required=False, label="From", widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(required=False, label="To", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.subject_records: dict[str, set[str]] | None = None
        if not showing.finds_subjects():
            del self.fields["subject"]

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        start, end = data.get("date_from"), data.get("date_to")
        if start and start > today:
            self.add_error("date_from", "The ‘from’ date must be today or in the past")
        if end and end > today:
            self.add_error("date_to", "The ‘to’ date must be today or in the past")
        if start and end and start > end and start <= today:
            self.add_error("date_to", "The ‘to’ date must be the same as or after the ‘from’ date")
        if data.get("subject"):
            self.subject_records = showing.subject_records(self.actor, data["subject"])
            if self.subject_records is None:
                self.add_error("subject", "There is no person record with that number")
        return data


def day_start(day: dt.date) -> dt.datetime:
    """The first instant of ``day`` in the current time zone (Europe/London), as an aware time."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _visible_events(actor):
    """The events ``actor`` may read: their agency's staff's and those on their agency's records; every
    agency's with ``audit.view_all``."""
    if actor.has_role_permission("audit.view_all"):
        return AccessEvent.objects.all()
    return AccessEvent.objects.filter(Q(agency_id=actor.agency_id) | Q(record_agency_id=actor.agency_id))


def _filtered_events(actor, form):
    """The events the valid ``form`` selects (none when it is not valid)."""
    events = _visible_events(actor)
    if not form.is_bound:
        return events
    if not form.is_valid():
        return events.none()
    data = form.cleaned_data
    if data["username"]:
        events = events.filter(actor_username=data["username"].strip())
    if data["agency"]:
        events = events.filter(agency=data["agency"])
    if data["action"]:
        events = events.filter(action=data["action"])
    if data["record_type"]:
        events = events.filter(record_type=data["record_type"].strip().lower())
    if data["record_id"]:
        events = events.filter(record_id=data["record_id"].strip())
    if form.subject_records is not None:
        about = Q(pk__in=[])
        for record_type, ids in sorted(form.subject_records.items()):
            about |= Q(record_type=record_type, record_id__in=sorted(ids))
        events = events.filter(about)
    # Ranges of the stored time, not its local date: an index on ``at`` serves them.
    if data["date_from"]:
        events = events.filter(at__gte=day_start(data["date_from"]))
    if data["date_to"]:
        events = events.filter(at__lt=day_start(data["date_to"] + dt.timedelta(days=1)))
    return events


def _query(request, **changes) -> str:
    params = request.GET.copy()
    for key, value in changes.items():
        params.pop(key, None)
        if value is not None:
            params[key] = value
    return params.urlencode()


def access_events(request):
    """The data protection officer's search of the access log, newest first, one page at a time by key
    (``?before=<event id>``): no count, no offset, so a page costs the same over 2,000 events or 2,000,000."""
    require_permission(request.user, "audit.view")
    form = AccessEventFilter(request.GET or None, actor=request.user)
    wide = request.user.has_role_permission("audit.view_all")
    if wide:
        # Reading other agencies' staff's searches and views is itself an access to be accounted for.
        access_record(actor=request.user, action=AccessAction.SEARCH, reason=JustificationReason.OTHER,
                      justification="Searched every agency's access log", record_type="audit.accessevent",
                      path=request.path, detail={"scope": "every agency",
                                                 "query": {k: v for k, v in request.GET.items() if v}})
    events = _filtered_events(request.user, form)
    before_id = query_id(request, "before")
    if before_id is not None:
        before = _visible_events(request.user).filter(pk=before_id).values_list("at", "pk").first()
        if before is not None:
            # ``at <= t`` beside the OR gives the planner a range on the (…, at, id) indexes: without it
            # PostgreSQL walked 2,000,000 events for a page a million events deep (1.4 s against 8 ms).
            events = events.filter(Q(at__lt=before[0]) | Q(at=before[0], pk__lt=before[1]), at__lte=before[0])
    rows = list(events.order_by("-at", "-id")[:PAGE_SIZE + 1])
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    records = showing.shown(request.user, rows)
    return render(request, "audit/access_events.html",
                  {"form": form, "rows": [(event, records.get(event.pk)) for event in rows], "wide": wide,
                   "older_query": _query(request, before=str(rows[-1].pk)) if more else "",
                   "newest_query": _query(request, before=None) if before_id is not None else None,
                   "export_query": _query(request, before=None, page=None, sort=None)})


def access_events_export(request):
    """The access log's events that the filters find, as CSV (newest first, at most
    ``EXPORT_LIMIT``); the export is itself logged with its filters and row count. A record's name or
    reference is written only where the viewer may see the record, as on the page."""
    require_permission(request.user, "audit.view")
    form = AccessEventFilter(request.GET or None, actor=request.user)
    events = list(_filtered_events(request.user, form).order_by("-at", "-id")[:EXPORT_LIMIT])
    wide = request.user.has_role_permission("audit.view_all")
    access_record(actor=request.user, action=AccessAction.EXPORT, reason=JustificationReason.OTHER,
                  justification="Exported the access log" + (" of every agency" if wide else ""),
                  record_type="audit.accessevent", path=request.path,
                  detail={"query": {k: v for k, v in request.GET.items() if v and k in EVENT_FILTERS},
                          "rows": len(events), "limited": len(events) == EXPORT_LIMIT})
    records: dict[int, showing.Shown] = {}
    for i in range(0, len(events), EXPORT_CHUNK):
        records.update(showing.shown(request.user, events[i:i + EXPORT_CHUNK]))
    return csv_response("access-log", ["at", "user", "agency", "action", "record_type", "record_id", "record",
                                       "reason", "justification", "allowed_by", "path", "request_id"],
                        ([e.at.isoformat(), e.actor_username, e.agency_name, e.action, e.record_type, e.record_id,
                          records[e.pk].label if e.pk in records else "", e.reason, e.justification, e.basis,
                          e.path, e.request_id] for e in events))


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
