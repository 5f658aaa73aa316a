"""The access table: every named route, who may reach it, and what they get.

Each route is declared with one of:

* ``public``      anyone, signed in or not;
* ``signed_in``   every signed-in user, whatever their role;
* ``permission``  signed-in users whose role has ``permission``; others get 403;
* ``record``      a page about one record: users whose role has ``permission`` *and* who reach the
                  record by one of the ``visible`` relationships; everyone else gets 404;
* ``token``       the partner API: only a system account's bearer token opens it; anonymous and
                  signed-in web users alike get 401.

Anonymous users are sent to sign in from every route that is not public. ``tests/test_routes.py``
fails when a route is missing from this table. Add your routes here when you add them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Route:
    access: str
    permission: str | None = None
    visible: frozenset[str] = frozenset()
    kwargs: Callable | None = None  # (world, relationship) → URL kwargs
    query: dict = field(default_factory=dict)
    method: str = "get"
    ok: int = 200  # the status a permitted request gets
    signed_in_ok: int | None = None  # for public routes that answer signed-in users differently
    page: bool = True  # False for downloads: the accessibility check opens pages only
    data: dict = field(default_factory=dict)  # form data for POST routes


def person(world, relationship):
    return {"pk": world.people[relationship].pk}


def person_grant(world, relationship):
    return {"record_type": "people.person", "pk": world.people[relationship].pk}


def person_grant_to_revoke(world, relationship):
    """A fresh grant on the person, to a new agency: revoking it changes nobody else's access."""
    from saferplaces.policy.models import AccessGrant
    from tests.factories import AgencyFactory

    grant = AccessGrant.objects.create(record=world.people[relationship], grantee_agency=AgencyFactory(),
                                       reason="Route test", granted_by=world.users["dpo"])
    return {"pk": grant.pk}


def caseworker_notification(world, relationship):
    """A notification of the actors' caseworker: they are sent on to its link, others to their inbox."""
    from saferplaces.notifications.models import Notification, NotificationKind

    notification = Notification.objects.create(recipient=world.users["caseworker"], url="/asb/",
                                               kind=NotificationKind.TASK_ASSIGNED, reference="ASB-2026-00001")
    return {"pk": notification.pk}


def agreement(world, relationship):
    from saferplaces.policy.models import InformationSharingAgreement

    return {"pk": InformationSharingAgreement.objects.order_by("pk").first().pk}


def staff_member(world, relationship):
    """A caseworker of the actors' own agency ("own") or of another agency: administrators manage only
    their own agency's staff."""
    from saferplaces.accounts.models import User
    from saferplaces.accounts.roles import Role
    from tests.factories import UserFactory

    if relationship == "own":
        return {"pk": world.users["caseworker"].pk}
    agency = world.partner if relationship == "agreement" else world.other
    user = User.objects.filter(agency=agency, role=Role.CASEWORKER).first() or UserFactory(agency=agency)
    return {"pk": user.pk}


def agency_record(world, relationship):
    """The actors' own agency ("own") or another agency."""
    return {"pk": (world.own if relationship == "own" else world.partner).pk}


def draft_agreement(world, relationship):
    """A fresh draft between the actors' agency and its partner: the actors' DPO may sign it off."""
    from tests.factories import AgreementFactory

    return {"pk": AgreementFactory(parties=[world.own, world.partner], status="draft").pk}


def active_agreement(world, relationship):
    """A fresh active agreement between the actors' agency and its partner: the actors' DPO may end it."""
    from tests.factories import AgreementFactory

    return {"pk": AgreementFactory(parties=[world.own, world.partner], data_categories=["victim"]).pk}



def assessment(world, relationship):
    from pathlib import Path

    from django.conf import settings

    from saferplaces.insights.models import AssessmentRun, RunStatus

    run = AssessmentRun.objects.filter(title="Route test").first()
    if run is None:
        work_dir = Path(settings.VAR_DIR) / "evidence" / "route-test"
        work_dir.mkdir(parents=True, exist_ok=True)
        (work_dir / "report.html").write_text(
            '<!DOCTYPE html><html lang="en-GB"><head><title>Report</title></head>'
            "<body><main><h1>Report</h1></main></body></html>"
        )
        run = AssessmentRun.objects.create(title="Route test", work_dir=str(work_dir), status=RunStatus.FINISHED)
    return {"pk": run.pk}


def evaluation(world, relationship):
    """A finished "Did it work?" test on the route test's assessment, its result from the engine."""
    from saferplaces.insights import engine
    from saferplaces.insights.models import AssessmentRun, Evaluation, RunStatus

    square = {"type": "Polygon", "coordinates": [[[0, 51], [0.01, 51], [0.01, 51.01], [0, 51]]]}
    found = Evaluation.objects.filter(start="2018-03").first() or Evaluation.objects.create(
        run=AssessmentRun.objects.get(**assessment(world, relationship)), start="2018-03", before=2, after=2,
        level=0.9, status=RunStatus.FINISHED,
        result=engine.wdd({"treated": (207, 110), "control": (308, 318)}, None, 0.9),
        areas={role: {"name": role.title(), "priority_area": None, "geometry": square}
               for role in ("treated", "control")})
    return {"pk": found.pk}


def review_pair(world, relationship):
    from saferplaces.people.models import CandidatePair, LinkageRun, LinkageStatus

    pair = CandidatePair.objects.filter(left=world.people["own"], right=world.people["agreement"]).first()
    if pair is None:
        run = LinkageRun.objects.create(status=LinkageStatus.FINISHED)
        pair = CandidatePair.objects.create(run=run, left=world.people["own"], right=world.people["agreement"],
                                            probability=0.8, evidence={"surname": "different"})
    return {"pk": pair.pk}


def _victim_world(world):
    """Referrals and a victim/offender sharing agreement for the route checks (made once per test)."""
    import datetime as dt

    from saferplaces.policy.models import AccessGrant
    from saferplaces.victims.models import Referral, Service
    from tests.factories import AgreementFactory

    # Only this helper's own referrals: other builders (MARAC's) refer the same people elsewhere.
    referrals = {r.person_id: r for r in Referral.objects.filter(person__in=world.people.values(),
                                                                 service=Service.VICTIM_SUPPORT)}
    if len(referrals) == len(world.people):
        return {rel: referrals[p.pk] for rel, p in world.people.items()}
    AgreementFactory(parties=[world.own, world.partner], data_categories=["victim", "offender"])
    made = {}
    for rel, person in world.people.items():
        made[rel] = Referral.objects.create(owner_agency=person.owner_agency, person=person,
                                            service=Service.VICTIM_SUPPORT, referred_on=dt.date(2025, 1, 6),
                                            consent_given=True)
    granter = world.users["dpo"]
    AccessGrant.objects.create(record=made["grant"], grantee_agency=world.own, reason="Joint case", granted_by=granter)
    from saferplaces.offenders.models import CohortMembership

    for rel, person in world.people.items():
        membership = CohortMembership.objects.create(owner_agency=person.owner_agency, person=person, cohort="iom",
                                                     started_on=dt.date(2025, 1, 6))
        if rel == "grant":
            AccessGrant.objects.create(record=membership, grantee_agency=world.own, reason="Joint case",
                                       granted_by=granter)
    return made


def referral(world, relationship):
    return {"pk": _victim_world(world)[relationship].pk}


def membership(world, relationship):
    from saferplaces.offenders.models import CohortMembership

    _victim_world(world)
    return {"pk": CohortMembership.objects.get(person=world.people[relationship]).pk}


def _victimisation(world, relationship):
    """A victimisation of each relationship's person (made once), granted to ``own`` for "grant"."""
    import datetime as dt

    from saferplaces.policy.models import AccessGrant
    from saferplaces.victims.models import Victimisation

    _victim_world(world)
    person = world.people[relationship]
    found = Victimisation.objects.filter(person=person).first()
    if found is None:
        found = Victimisation.objects.create(owner_agency=person.owner_agency, person=person, kind="burglary",
                                             occurred_on=dt.date(2025, 1, 2))
        if relationship == "grant":
            AccessGrant.objects.create(record=found, grantee_agency=world.own, reason="Joint case",
                                       granted_by=world.users["dpo"])
    return found


def victimisation(world, relationship):
    return {"pk": _victimisation(world, relationship).pk}


def victim_note(world, relationship):
    from saferplaces.victims.models import VictimNote

    return {"pk": record_note(VictimNote, _victimisation(world, relationship), world).pk}


def membership_note(world, relationship):
    from saferplaces.offenders.models import CohortMembership, CohortNote

    _victim_world(world)
    parent = CohortMembership.objects.get(person=world.people[relationship])
    return {"pk": record_note(CohortNote, parent, world).pk}


def person_refer(world, relationship):
    return {"person_pk": world.people[relationship].pk}


def plan_object(model_name):
    def kwargs(world, relationship):
        from saferplaces.plans import models as plan_models
        from saferplaces.plans.importer import plan_import

        model = getattr(plan_models, model_name)
        if not model.objects.exists():
            plan_import()
        return {"pk": model.objects.order_by("pk").first().pk}

    return kwargs


def plan_loaded(world, relationship):
    from saferplaces.plans.importer import plan_import
    from saferplaces.plans.models import Strategy

    if not Strategy.objects.exists():
        plan_import()
    return {}


def return_kpi(world, relationship):
    """A KPI of the plan filled by a partner's return; nobody in the world leads its action, so
    plans.manage decides (tests/plans/test_returns.py covers lead agencies)."""
    from saferplaces.plans.models import KPI, Action, Source

    plan_loaded(world, relationship)
    kpi, _ = KPI.objects.get_or_create(action=Action.objects.order_by("pk").first(), name="Route test return",
                                       defaults={"source": Source.RETURN})
    return {"pk": kpi.pk}


def returns_loaded(world, relationship):
    return_kpi(world, relationship)
    return {}


def surveys_loaded(world, relationship):
    """Two survey figures, so that the results page shows its table."""
    import datetime as dt

    from saferplaces.plans.models import SurveyResult

    plan_loaded(world, relationship)
    for area, value in (("Neighbourhood A", 80), ("Neighbourhood B", 71)):
        SurveyResult.objects.get_or_create(survey="Route test survey", period_start=dt.date(2016, 1, 1),
                                           period_end=dt.date(2016, 12, 31), indicator="Route test question",
                                           measure="% Yes", area=area, defaults={"value": value})
    return {}


def _places_world(world):
    """A priority area, a meeting with an agenda item and an action nobody in the world owns."""
    import datetime as dt

    from saferplaces.places.models import AgendaItem, PriorityArea, TaskingAction, TaskingMeeting

    action = TaskingAction.objects.filter(description="Route test action").first()
    if action is None:
        ring = [[-0.18, 51.51], [-0.16, 51.51], [-0.16, 51.53], [-0.18, 51.53], [-0.18, 51.51]]
        area = PriorityArea.objects.create(name="Route test area", geometry={"type": "Polygon", "coordinates": [ring]})
        meeting = TaskingMeeting.objects.create(title="Route test meeting", held_on=dt.date(2025, 1, 6))
        item = AgendaItem.objects.create(meeting=meeting, title="Route test item", priority_area=area)
        action = TaskingAction.objects.create(meeting=meeting, agenda_item=item, description="Route test action",
                                              owner_agency=world.partner, raised_on=meeting.held_on,
                                              due_on=dt.date(2025, 2, 6), priority_area=area)
    return action


def places_object(kind):
    def kwargs(world, relationship):
        action = _places_world(world)
        return {"pk": {"area": action.priority_area_id, "meeting": action.meeting_id, "action": action.pk}[kind]}

    return kwargs


def places_loaded(world, relationship):
    _places_world(world)
    return {}


def _meetings_world(world):
    """A Board meeting the actors' agency sits on, with an action owned by someone outside the world's
    users, and a risk on the plan's first group."""
    import datetime as dt

    from saferplaces.meetings.models import Attendance, Kind, Meeting, MeetingAction, Risk
    from saferplaces.plans.models import DeliveryGroup
    from tests.factories import UserFactory

    action = MeetingAction.objects.filter(text="Route test action").first()
    if action is None:
        plan_loaded(world, "own")
        meeting = Meeting.objects.create(kind=Kind.BOARD, held_on=dt.date(2025, 1, 6), place="Route test room")
        Attendance.objects.create(meeting=meeting, agency=world.own)
        owner = UserFactory(agency=world.partner)
        action = MeetingAction.objects.create(meeting=meeting, text="Route test action", owner=owner,
                                              due_on=dt.date(2025, 2, 6))
        Risk.objects.create(title="Route test risk", group=DeliveryGroup.objects.order_by("pk").first(), owner=owner,
                            likelihood=3, impact=4, review_on=dt.date(2025, 3, 1))
    return action


def meetings_object(kind):
    def kwargs(world, relationship):
        from saferplaces.meetings.models import Risk

        action = _meetings_world(world)
        return {"pk": {"meeting": action.meeting_id, "action": action.pk,
                       "risk": Risk.objects.get(title="Route test risk").pk}[kind]}

    return kwargs


def meetings_loaded(world, relationship):
    _meetings_world(world)
    return {}


VIEWABLE = frozenset({"own", "agreement", "grant"})
OWN_STAFF = frozenset({"own"})  # user accounts: only the actor's own agency's

ROUTES: dict[str, Route] = {
    "core:home": Route("signed_in"),  # every module the user's role opens
    "work:my_work": Route("signed_in"),  # home: what needs the user; each list is scoped by policy
    "notifications:inbox": Route("signed_in"),  # the user's own notifications only
    "notifications:mark_read": Route("signed_in", method="post", ok=302),  # marks only the user's own
    # Opening one: its recipient goes to its link (checked there by policy), anyone else to their inbox.
    "notifications:open": Route("signed_in", kwargs=caseworker_notification, ok=302),
    "core:health": Route("public", page=False),  # JSON for monitoring
    "core:accessibility": Route("public"),
    "accounts:login": Route("public", signed_in_ok=302),  # signed-in users go home
    "accounts:logout": Route("signed_in", method="post", ok=302),
    # Without a second factor to check (the test settings do not require one), the code step moves on.
    "accounts:second_factor_verify": Route("signed_in", ok=302),
    "accounts:second_factor_enrol": Route("signed_in"),
    "accounts:agencies": Route("signed_in"),
    "accounts:agency_create": Route("permission", "accounts.manage"),
    # An administrator changes only their own agency's record; others answer 404, as other agencies' accounts.
    "accounts:agency_edit": Route("record", "accounts.manage", visible=OWN_STAFF, kwargs=agency_record),
    "accounts:users": Route("permission", "accounts.manage"),
    "accounts:user_create": Route("permission", "accounts.manage"),
    "accounts:user_detail": Route("record", "accounts.manage", visible=OWN_STAFF, kwargs=staff_member),
    "accounts:user_role": Route("record", "accounts.manage", visible=OWN_STAFF, kwargs=staff_member),
    "accounts:user_deactivate": Route("record", "accounts.manage", visible=OWN_STAFF, kwargs=staff_member),
    "accounts:user_reactivate": Route("record", "accounts.manage", visible=OWN_STAFF, kwargs=staff_member),
    "accounts:user_unlock": Route("record", "accounts.manage", visible=OWN_STAFF, kwargs=staff_member),
    "accounts:user_password": Route("record", "accounts.manage", visible=OWN_STAFF, kwargs=staff_member),
    "accounts:user_second_factor": Route("record", "accounts.manage", visible=OWN_STAFF, kwargs=staff_member),
    "accounts:access_review": Route("permission", "accounts.review"),
    "accounts:password_change": Route("signed_in"),
    "accounts:password_change_done": Route("signed_in"),
    "accounts:password_reset": Route("public"),
    "accounts:password_reset_done": Route("public"),
    # A link whose token is wrong: the page says so and offers a new one.
    "accounts:password_reset_confirm": Route("public", kwargs=lambda w, r: {"uidb64": "MQ", "token": "bad-token"}),
    "accounts:password_reset_complete": Route("public"),
    "accounts:session_ended": Route("public"),
    "accounts:session_extend": Route("signed_in", method="post", ok=302),  # back to the page (JSON to script)
    "policy:isa_list": Route("permission", "isa.view"),
    "policy:isa_detail": Route("permission", "isa.view", kwargs=agreement),
    "policy:isa_create": Route("permission", "isa.manage"),
    # Proposing, changing and signing off agreements: data protection officers of the parties only
    # (tests/policy/test_agreement_lifecycle.py covers DPOs of other agencies).
    "policy:isa_edit": Route("permission", "isa.manage", kwargs=agreement),
    "policy:isa_sign": Route("permission", "isa.manage", kwargs=draft_agreement, method="post", ok=302),
    "policy:isa_end": Route("permission", "isa.manage", kwargs=active_agreement, method="post", ok=302),
    # Only the agency holding a record grants access to it (and revokes grants): no passing access on.
    "policy:grant_create": Route("record", "records.grant", visible=frozenset({"own"}), kwargs=person_grant),
    "policy:grant_revoke": Route("record", "records.grant", visible=frozenset({"own"}), kwargs=person_grant_to_revoke,
                                 method="post", ok=302),
    "audit:events": Route("permission", "audit.view"),
    "audit:events_export": Route("permission", "audit.view", page=False),
    "audit:changes": Route("permission", "audit.view"),
    "people:list": Route("permission", "personal.search"),
    "people:create": Route("permission", "personal.change"),
    "people:export": Route("permission", "personal.export", query={"q": "Olive", "reason": "casework"},
                           page=False),
    "people:detail": Route("record", "personal.view", visible=VIEWABLE, kwargs=person),
    # plans: everyone reads; updates are for the action's leads, the group's chair and coordinators
    # (plans.manage). The world fixture makes nobody a lead or chair, so plans.manage decides here;
    # tests/plans/test_plan.py covers leads and chairs.
    "plans:overview": Route("permission", "plans.view", kwargs=plan_loaded),
    "plans:group": Route("permission", "plans.view", kwargs=plan_object("DeliveryGroup")),
    "plans:objective": Route("permission", "plans.view", kwargs=plan_object("Objective")),
    "plans:action": Route("permission", "plans.view", kwargs=plan_object("Action")),
    "plans:action_update": Route("permission", "plans.manage", kwargs=plan_object("Action")),
    "plans:action_edit": Route("permission", "plans.manage", kwargs=plan_object("Action")),
    "plans:kpi_reading": Route("permission", "plans.manage", kwargs=plan_object("KPI")),
    "plans:kpi_edit": Route("permission", "plans.manage", kwargs=plan_object("KPI")),
    "plans:mine": Route("permission", "plans.view"),
    "plans:board_report": Route("permission", "plans.view", kwargs=plan_loaded, query={"quarter": "2018-Q1"}),
    "plans:board_report_download": Route("permission", "plans.view", kwargs=plan_loaded,
                                         query={"quarter": "2018-Q1"}, page=False),
    "plans:export_csv": Route("permission", "plans.view", kwargs=plan_loaded, page=False),
    "plans:export_xlsx": Route("permission", "plans.view", kwargs=plan_loaded, page=False),
    # keeping the plan (plans/views_edit.py): coordinators only
    "plans:objective_add": Route("permission", "plans.manage", kwargs=plan_object("DeliveryGroup")),
    "plans:objective_edit": Route("permission", "plans.manage", kwargs=plan_object("Objective")),
    "plans:action_add": Route("permission", "plans.manage", kwargs=plan_object("Objective")),
    "plans:action_close": Route("permission", "plans.manage", kwargs=plan_object("Action")),
    "plans:kpi_add": Route("permission", "plans.manage", kwargs=plan_object("Action")),
    "plans:kpi": Route("permission", "plans.view", kwargs=plan_object("KPI")),
    # returns: everyone reads what is due; a return is submitted by its action's lead agencies and
    # coordinators (the rule plans.submit_return); surveys are imported by coordinators.
    "plans:returns": Route("permission", "plans.view", kwargs=returns_loaded),
    "plans:returns_upload": Route("permission", "plans.manage", kwargs=returns_loaded),
    "plans:returns_template": Route("permission", "plans.manage", kwargs=returns_loaded, page=False),
    "plans:return_form": Route("permission", "plans.manage", kwargs=return_kpi),
    "plans:surveys": Route("permission", "plans.view", kwargs=surveys_loaded),
    "plans:survey_import": Route("permission", "plans.manage"),
    # places: partnership records about places, not people; read with places.view, written with
    # places.manage. An action's owner may update it too: the world's action has no owner user, so
    # places.manage decides here; tests/places/test_tasking.py covers owners.
    "places:areas": Route("permission", "places.view"),
    "places:area_create": Route("permission", "places.manage"),
    "places:area": Route("permission", "places.view", kwargs=places_object("area")),
    "places:area_edit": Route("permission", "places.manage", kwargs=places_object("area")),
    "places:area_geojson": Route("permission", "places.view", kwargs=places_object("area"), page=False),
    "places:meetings": Route("permission", "places.view", kwargs=places_loaded),
    "places:meeting_create": Route("permission", "places.manage"),
    "places:meeting": Route("permission", "places.view", kwargs=places_object("meeting")),
    "places:agenda_add": Route("permission", "places.manage", kwargs=places_object("meeting")),
    "places:action_create": Route("permission", "places.manage", kwargs=places_object("meeting")),
    "places:actions": Route("permission", "places.view", kwargs=places_loaded,
                            query={"status": "overdue"}),
    "places:action": Route("permission", "places.view", kwargs=places_object("action")),
    "places:action_update": Route("permission", "places.manage", kwargs=places_object("action")),
    "places:report": Route("permission", "places.view", kwargs=places_loaded,
                           query={"quarter": "2025-Q1"}),
    "places:report_csv": Route("permission", "places.view", kwargs=places_loaded,
                               query={"quarter": "2025-Q1"}, page=False),
    # meetings: partnership governance, naming staff and agencies only. Coordinators (meetings.manage)
    # read and record every meeting; others read the meetings their agency sits on (the world's meeting
    # lists the actors' agency; tests/meetings/test_meetings.py covers other agencies and owners).
    "meetings:list": Route("permission", "meetings.view", kwargs=meetings_loaded),
    "meetings:create": Route("permission", "meetings.manage", kwargs=plan_loaded),
    "meetings:detail": Route("permission", "meetings.view", kwargs=meetings_object("meeting")),
    "meetings:attendance": Route("permission", "meetings.manage", kwargs=meetings_object("meeting")),
    "meetings:agenda_add": Route("permission", "meetings.manage", kwargs=meetings_object("meeting")),
    "meetings:decision_add": Route("permission", "meetings.manage", kwargs=meetings_object("meeting")),
    "meetings:minutes": Route("permission", "meetings.manage", kwargs=meetings_object("meeting")),
    "meetings:action_add": Route("permission", "meetings.manage", kwargs=meetings_object("meeting")),
    "meetings:action_update": Route("permission", "meetings.manage", kwargs=meetings_object("action")),
    "meetings:risks": Route("permission", "meetings.view", kwargs=meetings_loaded),
    "meetings:risk_create": Route("permission", "meetings.manage", kwargs=plan_loaded),
    "meetings:risk": Route("permission", "meetings.view", kwargs=meetings_object("risk")),
    "meetings:risk_edit": Route("permission", "meetings.manage", kwargs=meetings_object("risk")),
    # maps: the partnership map needs places.view (its ASB layers need a reason and follow policy:
    # tests/maps/test_maps.py); postcodes and the boundary outline are open data for anyone signed in.
    "maps:map": Route("permission", "places.view", kwargs=places_loaded),
    "geo:postcode_lookup": Route("signed_in", query={"postcode": "SW1A 1AA"}, page=False),
    "geo:boundary": Route("signed_in", page=False),
    # insights
    "insights:list": Route("permission", "evidence.view"),
    "insights:create": Route("permission", "evidence.run"),
    "insights:detail": Route("permission", "evidence.view", kwargs=assessment),
    "insights:progress": Route("permission", "evidence.view", kwargs=assessment, page=False),
    "insights:report": Route("permission", "evidence.view", kwargs=assessment),
    "insights:report_page": Route("permission", "evidence.view", kwargs=assessment),
    "insights:evaluate": Route("permission", "evidence.view"),
    "insights:evaluation": Route("permission", "evidence.view", kwargs=evaluation),
    "insights:evaluation_progress": Route("permission", "evidence.view", kwargs=evaluation, page=False),
    "insights:evaluate_counts": Route("permission", "evidence.view", query={
        "treated_before": "207", "treated_after": "110", "control_before": "308", "control_after": "318",
        "displacement_before": "178", "displacement_after": "157", "displacement_control_before": "150",
        "displacement_control_after": "140", "level": "0.9"}),
    # people: linkage and clerical review
    "people:linkage": Route("permission", "linkage.run"),
    "people:review_queue": Route("permission", "linkage.review"),
    "people:review_pair": Route("permission", "linkage.review", kwargs=review_pair),
    # victims
    "victims:register": Route("permission", "personal.search", query={"reason": "casework"}),
    "victims:register_export": Route("permission", "personal.export", query={"reason": "casework"}, page=False),
    "victims:import": Route("permission", "personal.change"),
    "victims:victimisation_create": Route("record", "personal.change", visible=frozenset({"own"}), kwargs=person_refer),
    "victims:referral_create": Route("record", "personal.change", visible=VIEWABLE, kwargs=person_refer),
    "victims:referral_detail": Route("record", "personal.view", visible=VIEWABLE, kwargs=referral),
    "victims:referral_update": Route("record", "personal.change", visible=frozenset({"own"}), kwargs=referral),
    # Notes on a victimisation: read by those who may see it, added by those who may change it (its agency),
    # corrected only by the author (someone outside the world's users here: tests/people/test_notes.py).
    "victims:victimisation_notes": Route("record", "personal.view", visible=VIEWABLE, kwargs=victimisation),
    "victims:note_add": Route("record", "personal.change", visible=frozenset({"own"}), kwargs=victimisation),
    "victims:note_file": Route("record", "personal.view", visible=VIEWABLE, kwargs=victim_note, page=False),
    # the Victims' Code complaints log: counts by agency, no personal data; each agency logs its own
    "victims:complaints": Route("permission", "plans.view"),
    "victims:complaint_create": Route("permission", "personal.change"),
    "victims:note_correct": Route("record", "personal.change", visible=frozenset(), kwargs=victim_note,
                                   page=False),
    "victims:marac": Route("permission", "evidence.view"),
    "victims:marac_export": Route("permission", "evidence.view", page=False),
    # offenders
    "offenders:overlap": Route("permission", "evidence.view"),
    "offenders:overlap_export": Route("permission", "evidence.view", page=False),
    "offenders:members": Route("permission", "personal.search", query={"reason": "casework"}),
    "offenders:members_export": Route("permission", "personal.export", query={"reason": "casework"}, page=False),
    "offenders:import": Route("permission", "personal.change"),
    "offenders:membership_create": Route("record", "personal.change", visible=frozenset({"own"}),
                                         kwargs=person_refer),
    "offenders:membership_end": Route("record", "personal.change", visible=frozenset({"own"}), kwargs=membership),
    "offenders:membership_notes": Route("record", "personal.view", visible=VIEWABLE, kwargs=membership),
    "offenders:note_add": Route("record", "personal.change", visible=frozenset({"own"}), kwargs=membership),
    "offenders:note_file": Route("record", "personal.view", visible=VIEWABLE, kwargs=membership_note, page=False),
    "offenders:note_correct": Route("record", "personal.change", visible=frozenset(), kwargs=membership_note,
                                     page=False),
    # offending outcomes: each agency imports its own extract; the report is a partnership aggregate
    "offenders:offences_import": Route("permission", "personal.change"),
    "offenders:performance": Route("permission", "evidence.view"),
}


# --- asb: cases, warnings and notices, the CPN portal ------------------------------------------
# Relationships to a case: own (the actors' agency leads it), agreement (the partner leads it; an
# agreement shares ASB and enforcement data), grant (explicit grants on the other agency's case and
# notices), association (the other agency leads it; each actor is named on an open task of it), unrelated.
ASB_VIEW = frozenset({"own", "agreement", "grant", "association"})
ASB_CHANGE = frozenset({"own", "association"})


def asb_world(world):
    """An ASB case for each relationship, each with a party, a task, a file, a warning and a notice."""
    from tests.asb.builders import asb_world as build

    return build(world)


def asb_case(world, relationship):
    return {"pk": asb_world(world)[relationship].pk}


def asb_notice(kind):
    def kwargs(world, relationship):
        case = asb_world(world)[relationship]
        return {"pk": case.notices.get(kind=kind).pk}

    return kwargs


def asb_letter(world, relationship):
    return {"pk": asb_world(world)[relationship].letters.order_by("pk").first().pk}


def letter_template(world, relationship):
    from tests.asb.builders import make_template

    return {"pk": make_template().pk}


def asb_civil(kind):
    def kwargs(world, relationship):
        return {"pk": asb_world(world)[relationship].civil_orders.get(kind=kind).pk}

    return kwargs


def asb_civil_create(world, relationship):
    return {**asb_case(world, relationship), "kind": "injunction"}


def pspo(world, relationship):
    """A PSPO made by the actors' council ("own"), or by another council: only the maker records changes."""
    from tests.asb.builders import make_pspo

    maker = world.own if relationship == "own" else world.partner
    return {"pk": make_pspo(maker).pk}


def asb_task(world, relationship):
    return {"pk": asb_world(world)[relationship].tasks.order_by("pk").first().pk}


def asb_file(world, relationship):
    return {"pk": asb_world(world)[relationship].attachments.get().pk}


def asb_party(world, relationship):
    return {"pk": asb_world(world)[relationship].parties.order_by("pk").first().pk}


def asb_incident(world, relationship):
    from django.utils import timezone

    from saferplaces.asb.models import Incident

    case = asb_world(world)[relationship]
    incident = case.incidents.first() or Incident.objects.create(
        case=case, occurred_at=timezone.now(), location="Route Street", kind="noise", description="Loud music",
        reporting_agency=case.owner_agency)
    return {"pk": incident.pk}


def _note_author(world):
    """A caseworker outside ``world.users``: the author of the notes made for the route checks."""
    from saferplaces.accounts.models import User
    from tests.factories import UserFactory

    return (User.objects.filter(username="note.author").first()
            or UserFactory(username="note.author", agency=world.own, role="caseworker"))


def record_note(model, parent, world):
    """A note with a file on ``parent`` (made once), by a caseworker outside ``world.users``."""
    from django.utils import timezone

    from saferplaces.core import files

    note = model.objects.filter(**{model.PARENT: parent}).first()
    if note is None:
        stored, digest = files.store(b"%PDF-1.4 letter sent")
        note = model.objects.create(**{model.PARENT: parent}, contact_type="letter", contact_on=timezone.localdate(),
                                    author=_note_author(world), text="Letter sent about the next visit",
                                    file_name="letter.pdf", file_type="application/pdf", file_size=20,
                                    file_sha256=digest, file_stored_name=stored)
    return note


def asb_note(world, relationship):
    from saferplaces.asb.models import CaseNote

    return {"pk": record_note(CaseNote, asb_world(world)[relationship], world).pk}


ROUTES.update({
    "asb:case_list": Route("permission", "personal.search"),
    "asb:case_export": Route("permission", "personal.export", query={"scope": "all", "reason": "casework"},
                             page=False),
    "asb:case_create": Route("permission", "personal.change"),
    "asb:my_tasks": Route("permission", "personal.view", kwargs=lambda w, r: asb_world(w) and {}),
    "asb:open_reviews": Route("permission", "personal.view", kwargs=lambda w, r: asb_world(w) and {}),
    "asb:case_detail": Route("record", "personal.view", visible=ASB_VIEW, kwargs=asb_case),
    "asb:party_add": Route("record", "personal.change", visible=ASB_CHANGE, kwargs=asb_case),
    "asb:incident_add": Route("record", "personal.change", visible=ASB_CHANGE, kwargs=asb_case),
    "asb:risk_assess": Route("record", "personal.change", visible=ASB_CHANGE, kwargs=asb_case),
    "asb:task_add": Route("record", "personal.change", visible=ASB_CHANGE, kwargs=asb_case),
    "asb:task_done": Route("record", "personal.change", visible=ASB_CHANGE, kwargs=asb_task, method="post", ok=302),
    "asb:case_status": Route("record", "personal.change", visible=ASB_CHANGE, kwargs=asb_case),
    "asb:attachment_add": Route("record", "personal.change", visible=ASB_CHANGE, kwargs=asb_case),
    "asb:attachment_download": Route("record", "personal.view", visible=ASB_VIEW, kwargs=asb_file, page=False),
    "asb:warning_create": Route("record", "personal.change", visible=ASB_CHANGE, kwargs=asb_case),
    "asb:review": Route("record", "personal.view", visible=ASB_VIEW, kwargs=asb_case),
    "asb:review_start": Route("record", "personal.change", visible=ASB_CHANGE, kwargs=asb_case),
    "asb:review_contribute": Route("record", "personal.change", visible=ASB_VIEW, kwargs=asb_case),
    "asb:review_decide": Route("record", "personal.change", visible=ASB_CHANGE, kwargs=asb_case),
    "asb:notice_detail": Route("record", "personal.view", visible=ASB_VIEW, kwargs=asb_notice("cpn")),
    "asb:notice_print": Route("record", "personal.view", visible=ASB_VIEW, kwargs=asb_notice("cpn")),
    "asb:notice_create": Route("record", "personal.change", visible=ASB_CHANGE, kwargs=asb_notice("cpw")),
    "asb:step_add": Route("record", "personal.change", visible=ASB_CHANGE, kwargs=asb_notice("cpn")),
    "asb:notice_status": Route("record", "personal.change", visible=ASB_CHANGE, kwargs=asb_notice("cpn")),
    "asb:letter_write": Route("record", "personal.change", visible=ASB_CHANGE, kwargs=asb_case),
    "asb:notice_letter_write": Route("record", "personal.change", visible=ASB_CHANGE, kwargs=asb_notice("cpn")),
    "asb:letter_print": Route("record", "personal.change", visible=ASB_CHANGE, kwargs=asb_letter),
    "asb:letter_pdf": Route("record", "personal.change", visible=ASB_CHANGE, kwargs=asb_letter, page=False),
    "asb:letter_templates": Route("permission", "asb.letters"),
    "asb:letter_template_create": Route("permission", "asb.letters"),
    "asb:letter_template_edit": Route("permission", "asb.letters", kwargs=letter_template),
    "asb:portal": Route("permission", "personal.search", query={"reason": "casework", "q": "Street"}),
    "asb:portal_export": Route("permission", "personal.export", query={"reason": "casework", "q": "Street"},
                              page=False),
    # Corrections of the case and its parts: those who may change the case.
    "asb:case_edit": Route("record", "personal.change", visible=ASB_CHANGE, kwargs=asb_case),
    "asb:party_edit": Route("record", "personal.change", visible=ASB_CHANGE, kwargs=asb_party),
    "asb:incident_edit": Route("record", "personal.change", visible=ASB_CHANGE, kwargs=asb_incident),
    # Notes: added by those who may change the case, read (and their files) by those who may see it.
    "asb:note_add": Route("record", "personal.change", visible=ASB_CHANGE, kwargs=asb_case),
    "asb:note_file": Route("record", "personal.view", visible=ASB_VIEW, kwargs=asb_note, page=False),
    # Only a note's author corrects it: the notes here are by someone outside the world's users, so
    # every one of them is refused (tests/people/test_notes.py covers the author). No role reaches it
    # here, so the accessibility sweep cannot open it (page=False): its template, people/note_form.html,
    # is swept through the note_add routes.
    "asb:note_correct": Route("record", "personal.change", visible=frozenset(), kwargs=asb_note, page=False),
    # The civil toolkit: closure notices and orders, injunctions, CBOs and contracts, read like notices.
    "asb:civil_create": Route("record", "personal.change", visible=ASB_CHANGE, kwargs=asb_civil_create),
    "asb:civil_list": Route("permission", "personal.search", query={"reason": "casework", "kind": "cbo"}),
    "asb:civil_detail": Route("record", "personal.view", visible=ASB_VIEW, kwargs=asb_civil("closure_notice")),
    "asb:civil_print": Route("record", "personal.view", visible=ASB_VIEW, kwargs=asb_civil("closure_notice")),
    "asb:closure_order_create": Route("record", "personal.change", visible=ASB_CHANGE,
                                      kwargs=asb_civil("closure_notice")),
    "asb:civil_step_add": Route("record", "personal.change", visible=ASB_CHANGE, kwargs=asb_civil("cbo")),
    # PSPOs are public orders naming nobody: every signed-in user reads them; the council that made one
    # records what happens to it.
    "places:pspos": Route("signed_in"),
    "places:pspo_detail": Route("signed_in", kwargs=pspo),
    "places:pspo_geojson": Route("signed_in", kwargs=pspo, page=False),
    "places:pspo_create": Route("permission", "personal.change"),
    "places:pspo_step_add": Route("record", "personal.change", visible=frozenset({"own"}), kwargs=pspo),
})


# --- marac: meetings, cases, research, actions, attendance, the quarterly return ----------------
# Relationships to a meeting: own (the actors' agency holds it), agreement (the partner holds it and
# an agreement covers "marac"), grant (grants on the other agency's meeting, case, research and
# action), unrelated. The case list, attendance and actions are the holder's to keep (own only);
# every agency that may see a case submits its own research. Attendance as association is tested in
# tests/marac/test_access.py.
MARAC_VIEW = frozenset({"own", "agreement", "grant"})
MARAC_HOLDER = frozenset({"own"})


def marac_meeting(world, relationship):
    from tests.marac.builders import marac_world

    return {"pk": marac_world(world)[relationship].pk}


def marac_case(world, relationship):
    from tests.marac.builders import marac_world

    return {"pk": marac_world(world)[relationship].cases.get().pk}


def marac_action(world, relationship):
    from tests.marac.builders import marac_world

    return {"pk": marac_world(world)[relationship].cases.get().actions.get().pk}


ROUTES.update({
    "marac:meetings": Route("permission", "personal.search", query={"reason": "casework"}),
    "marac:meeting_create": Route("permission", "personal.change"),
    "marac:quarterly": Route("permission", "evidence.view"),
    "marac:meeting_detail": Route("record", "personal.view", visible=MARAC_VIEW, kwargs=marac_meeting),
    "marac:case_add": Route("record", "personal.change", visible=MARAC_HOLDER, kwargs=marac_meeting),
    "marac:attendance": Route("record", "personal.change", visible=MARAC_HOLDER, kwargs=marac_meeting),
    "marac:case_detail": Route("record", "personal.view", visible=MARAC_VIEW, kwargs=marac_case),
    "marac:research_submit": Route("record", "personal.change", visible=MARAC_VIEW, kwargs=marac_case),
    "marac:action_add": Route("record", "personal.change", visible=MARAC_HOLDER, kwargs=marac_case),
    "marac:action_done": Route("record", "personal.change", visible=MARAC_HOLDER, kwargs=marac_action,
                               method="post", ok=302),
})


# --- referrals into the directory's services; commissioned services (issue 16) ----------------------

def service_to_refer_to(world, relationship):
    """A person to refer and a service of the directory to refer them to."""
    from tests.directory.contract_builders import organisation, service

    found = service(organisation("Route test provider", agency=world.other), "Route test service")
    return {"person_pk": world.people[relationship].pk, "service_pk": found.pk}


def provider_referral(world, relationship):
    """A referral to a service of the organisation the actors' agency keeps ("own"), or of another's."""
    import datetime as dt

    from saferplaces.victims.models import Referral, Service
    from tests.directory.contract_builders import organisation, service

    agency = world.own if relationship == "own" else world.other
    to = service(organisation(f"Route provider {agency.short_name}", agency=agency), f"Service of {agency.short_name}")
    referral = Referral.objects.filter(directory_service=to).first() or Referral.objects.create(
        owner_agency=world.partner, person=world.people["agreement"], service=Service.COMMISSIONED,
        service_name=to.name, directory_service=to, referred_on=dt.date(2025, 1, 6), consent_given=True)
    return {"pk": referral.pk}


def _route_contract(world):
    from tests.directory.contract_builders import contract, organisation

    return contract(organisation("Route contract provider", agency=world.other), world.partner, reference="ROUTE-1")


def contract_kwargs(world, relationship):
    """A contract of an organisation the actors' agency does not keep: partnership staff who read
    contracts see it whatever the relationship; a provider's staff never do."""
    return {"pk": _route_contract(world).pk}


def contract_figure(world, relationship):
    """The last figure of that contract (optional, in no breakdown: it could be removed)."""
    return {"pk": _route_contract(world).figures.order_by("order").last().pk}


def contract_return(world, relationship):
    from tests.directory.contract_builders import a_return

    return {"pk": a_return(_route_contract(world)).pk}


EVERY_RELATIONSHIP = frozenset({"own", "agreement", "grant", "unrelated"})

ROUTES.update({
    "directory:refer_find": Route("record", "personal.change", visible=VIEWABLE, kwargs=person_refer),
    "directory:refer": Route("record", "personal.change", visible=VIEWABLE, kwargs=service_to_refer_to),
    "directory:provider_referrals": Route("permission", "referrals.receive"),
    "directory:provider_referral": Route("record", "referrals.receive", visible=frozenset({"own"}),
                                         kwargs=provider_referral),
    "directory:contracts": Route("permission", "contracts.view"),
    "directory:provider_contracts": Route("permission", "contracts.submit"),
    "directory:contract": Route("record", "contracts.view", visible=EVERY_RELATIONSHIP, kwargs=contract_kwargs),
    "directory:return_enter": Route("record", "contracts.manage", visible=EVERY_RELATIONSHIP, kwargs=contract_kwargs),
    "directory:return_upload": Route("record", "contracts.manage", visible=EVERY_RELATIONSHIP,
                                     kwargs=contract_kwargs),
    "directory:return_template": Route("record", "contracts.manage", visible=EVERY_RELATIONSHIP,
                                       kwargs=contract_kwargs, page=False),
    "directory:contract_create": Route("permission", "contracts.manage"),
    "directory:contract_edit": Route("record", "contracts.manage", visible=EVERY_RELATIONSHIP, kwargs=contract_kwargs),
    "directory:figure_add": Route("record", "contracts.manage", visible=EVERY_RELATIONSHIP, kwargs=contract_kwargs),
    "directory:figure_edit": Route("record", "contracts.manage", visible=EVERY_RELATIONSHIP, kwargs=contract_figure),
    "directory:figure_remove": Route("record", "contracts.manage", visible=EVERY_RELATIONSHIP,
                                     kwargs=contract_figure),
    "directory:return_detail": Route("record", "contracts.view", visible=EVERY_RELATIONSHIP, kwargs=contract_return),
})


# --- directory: the public directory of services, its ORUK API, corrections, reviews and imports ----
# Directory entries are public (no personal data). Any signed-in partner proposes a correction; the
# keepers of a service (directory.manage, in the agency its organisation is linked to: "own") review
# it and decide its corrections; everyone else gets 404. Coordinators (directory.import) import feeds.
def directory_service(world, relationship):
    from tests.directory.builders import directory_world

    return {"pk": directory_world(world)[relationship].pk}


def directory_correction(world, relationship):
    from tests.directory.builders import directory_world

    return {"pk": directory_world(world)[relationship].corrections.get().pk}


def directory_term(world, relationship):
    from saferplaces.directory import taxonomy
    from tests.directory.builders import directory_world

    directory_world(world)
    return {"pk": taxonomy.term_id("victims-of-crime")}


def directory_taxonomy(world, relationship):
    from saferplaces.directory import taxonomy
    from tests.directory.builders import directory_world

    directory_world(world)
    return {"pk": taxonomy.TAXONOMY_ID}


def directory_loaded(world, relationship):
    from tests.directory.builders import directory_world

    directory_world(world)
    return {}


ROUTES.update({
    "directory:search": Route("public", kwargs=directory_loaded),
    "directory:victims": Route("public", kwargs=directory_loaded),
    "directory:service": Route("public", kwargs=directory_service),
    "directory:correction_propose": Route("signed_in", kwargs=directory_service),
    "directory:review": Route("record", "directory.manage", visible=frozenset({"own"}), kwargs=directory_service,
                              method="post", ok=302),
    "directory:manage": Route("permission", "directory.manage", kwargs=directory_loaded),
    "directory:correction_decide": Route("record", "directory.manage", visible=frozenset({"own"}),
                                         kwargs=directory_correction),
    "directory:import_csv": Route("permission", "directory.import"),
    "directory:import_feed": Route("permission", "directory.import"),
    "directory:api": Route("public", page=False),
    "directory:api_services": Route("public", kwargs=directory_loaded, page=False),
    "directory:api_service": Route("public", kwargs=directory_service, page=False),
    "directory:api_taxonomies": Route("public", kwargs=directory_loaded, page=False),
    "directory:api_taxonomy": Route("public", kwargs=directory_taxonomy, page=False),
    "directory:api_taxonomy_terms": Route("public", kwargs=directory_loaded, page=False),
    "directory:api_taxonomy_term": Route("public", kwargs=directory_term, page=False),
})


# --- directory: the keepers' forms of organisations and services (issue 16) -------------------------
# The keepers of an organisation ("own": its agency's directory.manage staff) edit it and add and edit
# its services; everyone else gets 404. Any directory.manage user adds an organisation their agency keeps.
def directory_organization(world, relationship):
    from tests.directory.builders import directory_world

    return {"pk": directory_world(world)[relationship].organization_id}


ROUTES.update({
    "directory:organization_create": Route("permission", "directory.manage"),
    "directory:organization_edit": Route("record", "directory.manage", visible=frozenset({"own"}),
                                         kwargs=directory_organization),
    "directory:service_create": Route("record", "directory.manage", visible=frozenset({"own"}),
                                      kwargs=directory_organization),
    "directory:service_edit": Route("record", "directory.manage", visible=frozenset({"own"}),
                                    kwargs=directory_service),
})


def offender_intervention(world, relationship):
    """A referral on each relationship's IOM membership (made once)."""
    import datetime as dt

    from saferplaces.offenders.models import CohortMembership, Intervention

    member = CohortMembership.objects.get(pk=membership(world, relationship)["pk"])
    found = Intervention.objects.filter(membership=member).first() or Intervention.objects.create(
        owner_agency=member.owner_agency, membership=member, service_name="Starting Over",
        referred_on=dt.date(2025, 2, 1))
    return {"pk": found.pk}


def _offender_panel(world):
    import datetime as dt

    from saferplaces.offenders.models import Panel

    return Panel.objects.filter(kind="iom").first() or Panel.objects.create(
        kind="iom", held_on=dt.date(2025, 3, 4), chair_agency=world.own)


def offender_panel(world, relationship):
    return {"pk": _offender_panel(world).pk}


def offender_panel_case(world, relationship):
    """Each relationship's IOM membership on the panel's list (made once)."""
    from saferplaces.offenders.models import CohortMembership, PanelCase

    panel = _offender_panel(world)
    membership_row = CohortMembership.objects.get(pk=membership(world, relationship)["pk"])
    found = PanelCase.objects.filter(panel=panel, membership=membership_row).first() or PanelCase.objects.create(
        owner_agency=membership_row.owner_agency, panel=panel, membership=membership_row)
    return {"pk": found.pk}


_OWN = frozenset({"own"})
ROUTES.update({
    "offenders:caseload": Route("permission", "personal.search", query={"reason": "casework"}),
    "offenders:case": Route("record", "personal.view", visible=VIEWABLE, kwargs=membership),
    "offenders:manage": Route("record", "personal.change", visible=_OWN, kwargs=membership),
    "offenders:needs_add": Route("record", "personal.change", visible=_OWN, kwargs=membership),
    "offenders:intervention_add": Route("record", "personal.change", visible=_OWN, kwargs=membership),
    "offenders:intervention_find": Route("record", "personal.change", visible=_OWN, kwargs=membership),
    "offenders:ete_add": Route("record", "personal.change", visible=_OWN, kwargs=membership),
    "offenders:place_add": Route("record", "personal.change", visible=_OWN, kwargs=membership),
    "offenders:intervention_outcome": Route("record", "personal.change", visible=_OWN, kwargs=offender_intervention),
    "offenders:panels": Route("permission", "personal.view"),
    "offenders:panel_create": Route("permission", "personal.change"),
    "offenders:panel": Route("permission", "personal.view", kwargs=offender_panel, query={"reason": "casework"}),
    "offenders:panel_attendance": Route("permission", "personal.change", kwargs=offender_panel),
    "offenders:panel_case_add": Route("permission", "personal.change", kwargs=offender_panel),
    "offenders:panel_action_add": Route("record", "personal.change", visible=_OWN, kwargs=offender_panel_case),
    "offenders:overlap_cell": Route("permission", "personal.search",
                                    query={"a": "iom", "b": "mappa", "reason": "casework"}),
})


# --- the gangs cohort (offenders.gangs) ---------------------------------------------------------
# Its memberships are data category "gangs": the partner reaches them only by an agreement naming it
# (made here). Each relationship's person gets a second person record, so that the gangs membership
# is theirs alone (the routes above find one membership per world person). The actors' caseworker
# made the memberships, so their pages ask no reason (a different record of the same kind as above
# would otherwise repeat its reason step's title). Reviews and removals are the holder's (own only).
GANGS_HOLDER = frozenset({"own"})


def _gangs_world(world):
    import datetime as dt

    from saferplaces.core.context import acting_as
    from saferplaces.offenders.models import CohortMembership, GangsMark
    from saferplaces.policy.models import AccessGrant
    from tests.factories import AgreementFactory, PersonFactory

    found = {m.person.forename: m for m in CohortMembership.objects.filter(cohort="gangs", person__surname="Gangs")
             .select_related("person")}
    if len(found) == len(world.people):
        return found
    _gangs_activation(world)
    AgreementFactory(parties=[world.own, world.partner], data_categories=["gangs"])
    made = {}
    with acting_as(world.users["caseworker"]):
        for rel, person in world.people.items():
            twin = PersonFactory(owner_agency=person.owner_agency, forename=rel.title(), surname="Gangs")
            made[rel] = CohortMembership.objects.create(owner_agency=person.owner_agency, person=twin, cohort="gangs",
                                                        started_on=dt.date(2025, 1, 6))
            GangsMark.objects.create(owner_agency=person.owner_agency, membership=made[rel], mark="at_risk",
                                     criteria=["V1"], score=3, reviewed_on=dt.date(2025, 1, 6),
                                     next_review_on=dt.date(2025, 4, 6), reviewed_by=world.users["caseworker"])
    AccessGrant.objects.create(record=made["grant"], grantee_agency=world.own, reason="Joint case",
                               granted_by=world.users["dpo"])
    return {rel.title(): m for rel, m in made.items()}


def gangs_membership(world, relationship):
    return {"pk": _gangs_world(world)[relationship.title()].pk}


def _gangs_activation(world):
    """The actors' agency's gangs cohort, activated on its two assessments (made once)."""
    import datetime as dt

    from saferplaces.core import files
    from saferplaces.offenders.models import GangsActivation, GangsDocument

    found = GangsActivation.objects.filter(agency=world.own).first()
    if found:
        return found
    dpo = world.users["dpo"]
    documents = {}
    for kind in ("dpia", "eia"):
        stored, digest = files.store(b"%PDF-1.4 assessment")
        documents[kind] = GangsDocument.objects.create(
            agency=world.own, kind=kind, title=f"Route test {kind.upper()}", author="A. Author",
            dated=dt.date(2026, 1, 5), review_on=dt.date(2099, 1, 5), file_name=f"{kind}.pdf",
            file_type="application/pdf", file_size=19, file_sha256=digest, file_stored_name=stored, uploaded_by=dpo)
    return GangsActivation.objects.create(agency=world.own, activated_by=dpo, **documents)


def gangs_person(world, relationship):
    _gangs_activation(world)
    return {"person_pk": world.people[relationship].pk}


def gangs_document(world, relationship):
    return {"pk": _gangs_activation(world).dpia_id}


ROUTES.update({
    "offenders:gangs": Route("permission", "personal.search", query={"reason": "casework"}),
    "offenders:gangs_export": Route("permission", "personal.export", query={"reason": "casework"}, page=False),
    # The data protection officer attaches the agency's assessments and activates its cohort.
    "offenders:gangs_activation": Route("permission", "gangs.activate"),
    "offenders:gangs_document_add": Route("permission", "gangs.activate"),
    "offenders:gangs_document_file": Route("permission", "gangs.activate", kwargs=gangs_document, page=False),
    "offenders:gangs_member_add": Route("record", "personal.change", visible=GANGS_HOLDER, kwargs=gangs_person),
    "offenders:gangs_review": Route("record", "personal.change", visible=GANGS_HOLDER, kwargs=gangs_membership),
    "offenders:gangs_remove": Route("record", "personal.change", visible=GANGS_HOLDER, kwargs=gangs_membership),
})


# --- contest: the Contest delivery group's counter-terrorism registers -----------------------------
# Counter-terrorism records are read with contest.view (not personal.view): by the holding agency, by
# agreement covering counter_terrorism, or by grant (tests/contest/builders.py).
CONTEST_VIEW = frozenset({"own", "agreement", "grant"})
CONTEST_OWN = frozenset({"own"})  # changing needs the holding agency: agreements and grants share for reading


def contest_record(key):
    def kwargs(world, relationship):
        from tests.contest.builders import contest_world

        return {"pk": contest_world(world)[relationship][key].pk}

    return kwargs


def contest_loaded(world, relationship):
    from tests.contest.builders import contest_world

    contest_world(world)
    return {}


ROUTES.update({
    "contest:home": Route("permission", "contest.view"),
    "contest:sites": Route("permission", "contest.view", kwargs=contest_loaded),
    "contest:site_create": Route("permission", "contest.manage"),
    "contest:site": Route("record", "contest.view", visible=CONTEST_VIEW, kwargs=contest_record("site")),
    "contest:site_edit": Route("record", "contest.manage", visible=CONTEST_OWN, kwargs=contest_record("site")),
    # an adviser assesses any site their agency may see (the council's sites by agreement)
    "contest:assessment_create": Route("record", "contest.manage", visible=CONTEST_VIEW,
                                       kwargs=contest_record("site_to_assess")),
    "contest:assessment": Route("record", "contest.view", visible=CONTEST_VIEW, kwargs=contest_record("assessment")),
    "contest:recommendation_add": Route("record", "contest.manage", visible=CONTEST_OWN,
                                        kwargs=contest_record("assessment")),
    "contest:recommendation_update": Route("record", "contest.manage", visible=CONTEST_OWN,
                                           kwargs=contest_record("recommendation")),
    "contest:requests": Route("permission", "contest.view", kwargs=contest_loaded),
    "contest:request_create": Route("permission", "contest.manage"),
    "contest:request_edit": Route("record", "contest.manage", visible=CONTEST_OWN, kwargs=contest_record("request")),
    "contest:schemes": Route("permission", "contest.view", kwargs=contest_loaded),
    "contest:scheme_create": Route("permission", "contest.manage"),
    "contest:scheme_edit": Route("record", "contest.manage", visible=CONTEST_OWN, kwargs=contest_record("scheme")),
    "contest:training": Route("permission", "contest.view", kwargs=contest_loaded),
    "contest:training_create": Route("permission", "contest.manage"),
    "contest:training_edit": Route("record", "contest.manage", visible=CONTEST_OWN, kwargs=contest_record("session")),
})


# --- contest, Prepare: plans register, exercises, the Gold rota -----------------------------------
# Plans and exercises are counter-terrorism records (read with contest.view through own, agreement or
# grant; changed by the holding agency's contest.manage staff). The rota names council officers: the
# contest.view roles read it, the rota manager (contest.rota) sets weeks and decides swaps, and every
# signed-in officer reads their own weeks, asks for swaps and downloads their calendar.
def _prepare(name):
    def kwargs(world, relationship):
        from tests.contest import prepare_builders

        return getattr(prepare_builders, name)(world, relationship)

    return kwargs


CONTEST_HOLDER = frozenset({"own"})
ROUTES.update({
    "contest:plans": Route("permission", "contest.view", kwargs=_prepare("route_loaded"), query={"reason": "casework"}),
    "contest:plan_create": Route("permission", "contest.manage"),
    "contest:plan_detail": Route("record", "contest.view", visible=CONTEST_VIEW, kwargs=_prepare("route_plan")),
    "contest:plan_edit": Route("record", "contest.manage", visible=CONTEST_HOLDER, kwargs=_prepare("route_plan")),
    "contest:exercises": Route("permission", "contest.view", kwargs=_prepare("route_loaded"),
                               query={"reason": "casework"}),
    "contest:exercise_create": Route("permission", "contest.manage"),
    "contest:exercise_detail": Route("record", "contest.view", visible=CONTEST_VIEW,
                                     kwargs=_prepare("route_exercise")),
    "contest:lesson_add": Route("record", "contest.manage", visible=CONTEST_HOLDER, kwargs=_prepare("route_exercise")),
    "contest:lesson_close": Route("record", "contest.manage", visible=CONTEST_HOLDER, kwargs=_prepare("route_lesson"),
                                  method="post", ok=302),
    "contest:lesson_action_add": Route("record", "contest.manage", visible=CONTEST_HOLDER,
                                       kwargs=_prepare("route_exercise")),
    "contest:lesson_action_update": Route("record", "contest.manage", visible=CONTEST_HOLDER,
                                          kwargs=_prepare("route_lesson_action")),
    "contest:rota": Route("permission", "contest.view", kwargs=_prepare("route_loaded")),
    "contest:rota_mine": Route("signed_in", kwargs=_prepare("route_loaded")),
    "contest:rota_calendar": Route("signed_in", kwargs=_prepare("route_loaded"), page=False),
    "contest:swap_request": Route("signed_in", kwargs=_prepare("route_loaded")),
    "contest:swap_decide": Route("permission", "contest.rota", kwargs=_prepare("route_swap")),
    "contest:rota_week": Route("permission", "contest.rota", kwargs=_prepare("route_week")),
})


# --- contest reporting: threat assessments, police deployment returns, Prevent -----------------------
# The threat assessment is in the restricted category counter_terrorism_restricted: every world user
# whose role reads Contest records is named a reader here, so the ordinary relationships decide; the
# builder's agreement covers the restricted category. tests/contest/test_threat.py covers the users
# who are not named (404 whatever their agency) and those outside the category.
def contest_threat(world, relationship):
    from tests.contest.reporting_builders import threat_world

    return {"pk": threat_world(world)[relationship].pk}


def contest_threat_loaded(world, relationship):
    from tests.contest.reporting_builders import threat_world

    threat_world(world)
    return {}


def contest_reader_to_remove(world, relationship):
    """A fresh named reader outside the world's users: removing them changes nobody's access here."""
    from tests.contest.reporting_builders import name_reader
    from tests.factories import UserFactory

    return {"pk": name_reader(UserFactory(agency=world.own, role="ct_adviser")).pk}


def contest_reporting_loaded(world, relationship):
    from tests.contest.reporting_builders import reporting_world

    reporting_world(world)
    return {}


def contest_deployment(world, relationship):
    from tests.contest.reporting_builders import reporting_world

    return {"pk": reporting_world(world).pk}


ROUTES.update({
    "contest:threat_list": Route("permission", "contest.view", kwargs=contest_threat_loaded),
    # Only a named reader writes one; the others with contest.manage are told so (200 either way).
    "contest:threat_create": Route("permission", "contest.manage", kwargs=contest_threat_loaded),
    "contest:threat_readers": Route("permission", "contest.manage", kwargs=contest_threat_loaded),
    "contest:threat_reader_remove": Route("permission", "contest.manage", kwargs=contest_reader_to_remove,
                                          method="post", ok=302),
    "contest:threat_detail": Route("record", "contest.view", visible=CONTEST_VIEW, kwargs=contest_threat),
    "contest:threat_edit": Route("record", "contest.manage", visible=frozenset({"own"}), kwargs=contest_threat),
    "contest:threat_file": Route("record", "contest.view", visible=CONTEST_VIEW, kwargs=contest_threat,
                                 page=False),
    "contest:deployments": Route("permission", "contest.view", kwargs=contest_reporting_loaded),
    "contest:deployment_create": Route("permission", "contest.manage"),
    "contest:deployment_import": Route("permission", "contest.manage"),
    "contest:deployment_edit": Route("permission", "contest.manage", kwargs=contest_deployment),
    "contest:prevent": Route("permission", "contest.view", kwargs=contest_reporting_loaded),
    "contest:prevent_activity_create": Route("permission", "contest.manage"),
    "contest:channel_create": Route("permission", "contest.manage"),
})


def _retention_agency(world, relationship):
    return {"own": world.own, "agreement": world.partner}.get(relationship, world.other)


def retention_review_item(world, relationship):
    """A record due for review, held by the actors' agency ("own") or another: only its owner decides."""
    import datetime as dt

    from saferplaces.retention.models import ReviewItem

    person = world.people["own"]
    item, _ = ReviewItem.objects.update_or_create(
        record_type="people.person", record_id=str(person.pk),
        defaults={"owner_agency": _retention_agency(world, relationship), "category": "person", "status": "due",
                  "label": f"Person {person.pk}", "event_on": dt.date(2019, 1, 1), "due_on": dt.date(2025, 1, 1),
                  "url": person.get_absolute_url()})
    return {"pk": item.pk}


def retention_review_loaded(world, relationship):
    retention_review_item(world, "own")
    return {}


def retention_hold(world, relationship):
    """A legal hold of the actors' agency ("own") or another's: only its owner lifts it."""
    from saferplaces.retention.models import LegalHold

    person = world.people["own"]
    hold = LegalHold.objects.create(record_type="people.person", record_id=str(person.pk),
                                    owner_agency=_retention_agency(world, relationship), label=f"Person {person.pk}",
                                    reason="Civil claim", placed_by=world.users["dpo"])
    return {"pk": hold.pk}


def retention_holds_loaded(world, relationship):
    retention_hold(world, "own")
    return {}


ROUTES.update({
    "retention:schedule": Route("permission", "retention.view"),
    "retention:rule_edit": Route("permission", "retention.manage", kwargs=lambda world, rel: {"category": "asb"}),
    "retention:review_list": Route("permission", "retention.review", kwargs=retention_review_loaded),
    "retention:review_decide": Route("record", "retention.review", visible=frozenset({"own"}),
                                     kwargs=retention_review_item),
    "retention:holds": Route("permission", "retention.hold", kwargs=retention_holds_loaded),
    "retention:hold_place": Route("permission", "retention.hold"),
    "retention:hold_lift": Route("record", "retention.hold", visible=frozenset({"own"}), kwargs=retention_hold,
                                 method="post", ok=302),
})


# Data subject rights (saferplaces.rights): the DPO's own agency's requests; others' answer 404 (tests/rights).
def rights_sar(world, relationship):
    from saferplaces.rights.models import SubjectAccessRequest

    sar = SubjectAccessRequest.objects.filter(agency=world.own).first()
    if sar is None:
        sar = SubjectAccessRequest.objects.create(agency=world.own, reference="SAR-2025-0001", forename="Olive",
                                                  surname="Owned", received_on=dt_date(2025, 9, 3),
                                                  created_by=world.users["dpo"])
    return {"pk": sar.pk}


def rights_redaction(world, relationship):
    from saferplaces.rights.models import Redaction

    sar = rights_sar(world, relationship)["pk"]
    redaction, _ = Redaction.objects.get_or_create(sar_id=sar, text="A neighbour", defaults={"found_in": "Route test"})
    return {"pk": sar, "redaction_pk": redaction.pk}


def rights_partner_request(world, relationship):
    """A partner's request to the actors' agency."""
    from saferplaces.rights.models import PartnerRequest, SubjectAccessRequest
    from tests.factories import UserFactory

    sar = SubjectAccessRequest.objects.filter(agency=world.partner).first() or SubjectAccessRequest.objects.create(
        agency=world.partner, reference="SAR-2025-0900", forename="Olive", surname="Owned",
        received_on=dt_date(2025, 9, 3), created_by=UserFactory(agency=world.partner, role="dpo"))
    request, _ = PartnerRequest.objects.get_or_create(sar=sar, agency=world.own, defaults={
        "records": [["people.person", world.people["own"].pk, "person"]], "sent_by": sar.created_by})
    return {"pk": request.pk}


def rights_request(world, relationship):
    from saferplaces.rights.models import RightsRequest

    made = RightsRequest.objects.filter(agency=world.own).first() or RightsRequest.objects.create(
        agency=world.own, kind="restriction", person=world.people["own"], person_label="Person record",
        received_on=dt_date(2025, 9, 1), grounds="Route test", created_by=world.users["dpo"])
    return {"pk": made.pk}


def rights_sar_undecided(world, relationship):
    """A request with third-party information not yet decided on: no package yet."""
    return {"pk": rights_redaction(world, relationship)["pk"]}


def dt_date(*parts):
    import datetime as dt

    return dt.date(*parts)


RIGHTS = "rights.manage"
ROUTES.update({
    "rights:index": Route("permission", RIGHTS),
    "rights:sar_create": Route("permission", RIGHTS),
    "rights:sar_detail": Route("permission", RIGHTS, kwargs=rights_sar),
    # No person chosen: back to the request with a message.
    "rights:sar_find": Route("permission", RIGHTS, kwargs=rights_sar, method="post", ok=302),
    "rights:sar_extend": Route("permission", RIGHTS, kwargs=rights_sar),
    "rights:redaction_add": Route("permission", RIGHTS, kwargs=rights_sar),
    "rights:redaction_decide": Route("permission", RIGHTS, kwargs=rights_redaction),
    # Undecided third-party information: back to the request (the tests in tests/rights download it).
    "rights:sar_json": Route("permission", RIGHTS, kwargs=rights_sar_undecided, ok=302, page=False),
    "rights:sar_pdf": Route("permission", RIGHTS, kwargs=rights_sar_undecided, ok=302, page=False),
    # No subject found yet: back to the request with a message.
    "rights:sar_complete": Route("permission", RIGHTS, kwargs=rights_sar, method="post", ok=302),
    "rights:partner_requests": Route("permission", RIGHTS),
    "rights:partner_request": Route("permission", RIGHTS, kwargs=rights_partner_request),
    "rights:person_correct": Route("record", "people.correct", visible=frozenset({"own"}), kwargs=person),
    "rights:request_create": Route("permission", RIGHTS),
    "rights:request_detail": Route("permission", RIGHTS, kwargs=rights_request),
})
ROUTES.update({
    # Mapped imports (core/importpage.py): the agency's saved column mappings (column names, no personal data).
    "core:import_mappings": Route("signed_in"),
})


# --- the partner API (saferplaces/api) ---------------------------------------------------------------------------
# ``token`` routes answer a request only with a system account's bearer token: without one, anonymous or
# signed in to the web, they answer 401 (a web session does not open them). tests/api/ checks the tokens.


def partner_system(world, relationship):
    """A system account of the actors' agency (DPOs and administrators keep their own agency's)."""
    from saferplaces.api.models import SystemAccount
    from saferplaces.api.services import account_create

    account = SystemAccount.objects.filter(agency=world.own, active=True).first()
    if account is None:
        account, _ = account_create(actor=world.users["dpo"], name="Route test feed", categories=["victim"])
    return {"pk": account.pk}


def partner_system_token(world, relationship):
    """A fresh token of the agency's system account: revoking it changes no other route's outcome."""
    import datetime as dt

    from saferplaces.api.models import SystemAccount
    from saferplaces.api.services import token_rotate

    account = SystemAccount.objects.get(**partner_system(world, relationship))
    token_rotate(actor=world.users["dpo"], account=account, grace=dt.timedelta(hours=1))
    return {"pk": account.pk, "token_pk": account.tokens.order_by("-pk").first().pk}


def partner_system_to_deactivate(world, relationship):
    from saferplaces.api.models import SystemAccount
    from saferplaces.api.services import account_create

    count = SystemAccount.objects.count()
    account, _ = account_create(actor=world.users["dpo"], name=f"Feed to stop {count}", categories=[])
    return {"pk": account.pk}


def api_id(name):
    return lambda world, relationship: {name: 1}


def api_uuid(world, relationship):
    return {"service_id": "00000000-0000-4000-8000-000000000001"}


ROUTES.update({
    "api:account_list": Route("permission", "api.manage"),
    "api:account_create": Route("permission", "api.manage"),
    "api:account_detail": Route("permission", "api.manage", kwargs=partner_system),
    "api:token_rotate": Route("permission", "api.manage", kwargs=partner_system),
    "api:token_revoke": Route("permission", "api.manage", kwargs=partner_system_token, method="post", ok=302),
    "api:account_deactivate": Route("permission", "api.manage", kwargs=partner_system_to_deactivate,
                                    method="post", ok=302),
    "api_v1:openapi-json": Route("public", page=False),
    # ninja's root of the API (it finds the API's prefix by it): nothing is served there.
    "api_v1:api-root": Route("public", ok=404, page=False),
    "api_v1:incident_create": Route("token", method="post", page=False),
    "api_v1:incident_update": Route("token", method="put", kwargs=api_id("incident_id"), page=False),
    "api_v1:incident_detail": Route("token", kwargs=api_id("incident_id"), page=False),
    "api_v1:victimisation_create": Route("token", method="post", page=False),
    "api_v1:victimisation_update": Route("token", method="put", kwargs=api_id("victimisation_id"), page=False),
    "api_v1:victimisation_detail": Route("token", kwargs=api_id("victimisation_id"), page=False),
    "api_v1:membership_create": Route("token", method="post", page=False),
    "api_v1:membership_update": Route("token", method="put", kwargs=api_id("membership_id"), page=False),
    "api_v1:membership_detail": Route("token", kwargs=api_id("membership_id"), page=False),
    "api_v1:offence_create": Route("token", method="post", page=False),
    "api_v1:offence_update": Route("token", method="put", kwargs=api_id("offence_id"), page=False),
    "api_v1:offence_detail": Route("token", kwargs=api_id("offence_id"), page=False),
    "api_v1:service_create": Route("token", method="post", page=False),
    "api_v1:service_update": Route("token", method="put", kwargs=api_uuid, page=False),
    "api_v1:service_detail": Route("token", kwargs=api_uuid, page=False),
})

def dpo_dpia(world, relationship):
    """A DPIA of the actors' own agency: the register is each controller's own."""
    from tests.dpo.builders import make_dpia

    return {"pk": make_dpia(world.users["dpo"]).pk}


def dpo_breach(world, relationship):
    """A breach of the actors' own agency: the log is each controller's own."""
    from tests.dpo.builders import make_breach

    return {"pk": make_breach(world.users["dpo"]).pk}


def dpo_loaded(world, relationship):
    """The register and the log with one entry each, so that their pages show rows."""
    dpo_dpia(world, relationship)
    dpo_breach(world, relationship)
    return {}


# The data protection officer's records (issue 17): DPIA register, record of processing, breach log.
ROUTES.update({
    "dpo:home": Route("permission", "dpo.records"),
    "dpo:dpias": Route("permission", "dpo.records", kwargs=dpo_loaded),
    "dpo:dpia_create": Route("permission", "dpo.records"),
    "dpo:dpia_detail": Route("permission", "dpo.records", kwargs=dpo_dpia),
    "dpo:dpia_edit": Route("permission", "dpo.records", kwargs=dpo_dpia),
    "dpo:processing": Route("permission", "dpo.records"),
    "dpo:processing_csv": Route("permission", "dpo.records", page=False),
    "dpo:breaches": Route("permission", "dpo.records", kwargs=dpo_loaded),
    "dpo:breach_create": Route("permission", "dpo.records"),
    "dpo:breach_detail": Route("permission", "dpo.records", kwargs=dpo_breach),
    "dpo:breach_edit": Route("permission", "dpo.records", kwargs=dpo_breach),
})
