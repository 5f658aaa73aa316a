"""Prepare's pages: the plans register, exercises with their lessons and actions, and the London
Local Authority Gold rota (the rota, an officer's own weeks, swaps and the calendar file)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from saferplaces.audit.justification import JustificationForm
from saferplaces.audit.models import AccessAction
from saferplaces.audit.services import access_record
from saferplaces.contest import forms_prepare as forms
from saferplaces.contest import rota
from saferplaces.contest import selectors_prepare as selectors
from saferplaces.contest import services_prepare as services
from saferplaces.contest.models_prepare import Duty, ExerciseKind, PlanKind, RotaWeek, SwapStatus
from saferplaces.core.listing import Listing, Sort
from saferplaces.policy import access
from saferplaces.policy.gate import view_with_justification
from saferplaces.policy.rules import may, require_permission

PLAN_SORTS = {"review": Sort("Next review due", ("next_review_on",)), "title": Sort("Title", ("title",))}
EXERCISE_SORTS = {"date": Sort("Date", ("held_on",), descending_first=True)}
ROTA_WEEKS = 12


def _form_page(request, form, *, heading, caption, back_url, button="Save", intro=""):
    return render(request, "contest/prepare/form.html", {"form": form, "heading": heading, "caption": caption,
                                                         "back_url": back_url, "button": button, "intro": intro})


def _logged_list(request, queryset, *, record_type, sorts, default, filters=()):
    """A register of counter-terrorism records: read after the reason is given, each page logged as
    a search with its filters and the ids shown."""
    form = JustificationForm(request.GET or None)
    if not (form.is_bound and form.is_valid()):
        return form, None
    listing = Listing(request, queryset, sorts=sorts, default=default)
    access_record(actor=request.user, action=AccessAction.SEARCH, record_type=record_type,
                  reason=form.cleaned_data["reason"], justification=form.cleaned_data["justification"],
                  path=request.path, detail={**listing.filters(*filters), "page": listing.page.number,
                                             "results": listing.page.total,
                                             "results_capped": listing.page.total_capped,
                                             "shown": [r.pk for r in listing.page]})
    return form, listing


# --- plans register --------------------------------------------------------------------------------

def plan_list(request):
    plans = selectors.plans(request.user)
    kind = request.GET.get("kind", "")
    if kind and kind not in PlanKind.values:
        raise Http404("No such kind of plan")
    if kind:
        plans = plans.filter(kind=kind)
    form, listing = _logged_list(request, plans, record_type="contest.resilienceplan", sorts=PLAN_SORTS,
                                 default="review", filters=("kind",))
    return render(request, "contest/prepare/plan_list.html", {
        "form": form, "listing": listing, "page": listing.page if listing else None,
        "query": listing.page_query if listing else "", "kind": kind, "kinds": PlanKind.choices,
        "today": timezone.localdate()})


def plan_create(request):
    require_permission(request.user, "contest.manage")
    today = timezone.localdate()
    form = forms.PlanForm(request.POST or None, agency=request.user.agency,
                          initial={"last_reviewed_on": today, "next_review_on": today + dt.timedelta(days=365)})
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_save(actor=request.user, **form.cleaned_data)
        except services.PrepareError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Plan added to the register")
            return redirect(plan.get_absolute_url())
    return _form_page(request, form, heading="Add a plan", caption="Plans register",
                      back_url=reverse("contest:plans"), button="Add the plan",
                      intro=f"{request.user.agency.name} will hold the plan.")


def plan_detail(request, pk):
    plan = selectors.plan_access(actor=request.user, plan_id=pk)

    def show():
        exercises = access.scope(request.user, plan.exercises.all()).order_by("-held_on")
        return render(request, "contest/prepare/plan_detail.html", {
            "plan": plan, "exercises": exercises, "today": timezone.localdate(),
            "can_change": may(request.user, "contest.manage") and may(request.user, "change", plan),
            "why": access.explain(request.user, plan)})

    return view_with_justification(request, plan, show)


def plan_edit(request, pk):
    """Change the plan or record a review (its new version and dates): the holding agency's
    ``contest.manage`` staff; anyone else gets 404, as for a plan they may not see."""
    plan = selectors.plan_access(actor=request.user, plan_id=pk, action="change")

    def show():
        form = forms.PlanForm(request.POST or None, agency=plan.owner_agency,
                              initial={name: getattr(plan, name) for name in services.PLAN_FIELDS})
        if request.method == "POST" and form.is_valid():
            try:
                services.plan_save(actor=request.user, plan=plan, **form.cleaned_data)
            except services.PrepareError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "Plan saved")
                return redirect(plan.get_absolute_url())
        return _form_page(request, form, heading="Change the plan or record a review", caption=plan.reference,
                          back_url=plan.get_absolute_url(),
                          intro="After a review, enter the new version, the review's date and when the next is due.")

    return view_with_justification(request, plan, show)


# --- exercises -------------------------------------------------------------------------------------

def exercise_list(request):
    exercises = selectors.exercises(request.user)
    kind = request.GET.get("kind", "")
    if kind and kind not in ExerciseKind.values:
        raise Http404("No such kind of exercise")
    if kind:
        exercises = exercises.filter(kind=kind)
    form, listing = _logged_list(request, exercises, record_type="contest.exercise", sorts=EXERCISE_SORTS,
                                 default="-date", filters=("kind",))
    return render(request, "contest/prepare/exercise_list.html", {
        "form": form, "listing": listing, "page": listing.page if listing else None,
        "query": listing.page_query if listing else "", "kind": kind, "kinds": ExerciseKind.choices})


def exercise_create(request):
    require_permission(request.user, "contest.manage")
    form = forms.ExerciseForm(request.POST or None, plans=selectors.plans(request.user).order_by("title"),
                              initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            exercise = services.exercise_record(actor=request.user, **form.cleaned_data)
        except services.PrepareError as error:
            form.add_error("objectives", str(error))
        else:
            messages.success(request, "Exercise recorded")
            return redirect(exercise.get_absolute_url())
    return _form_page(request, form, heading="Record an exercise", caption="Exercises",
                      back_url=reverse("contest:exercises"), button="Record the exercise",
                      intro=f"{request.user.agency.name} will hold the record.")


def exercise_detail(request, pk):
    exercise = selectors.exercise_access(actor=request.user, exercise_id=pk)

    def show():
        return render(request, "contest/prepare/exercise_detail.html", {
            "exercise": exercise, "lessons": selectors.lessons_of(exercise),
            "agencies": exercise.agencies.order_by("name"),
            "plans": access.scope(request.user, exercise.plans.all()).order_by("title"),
            "today": timezone.localdate(),
            "can_change": may(request.user, "contest.manage") and may(request.user, "change", exercise),
            "why": access.explain(request.user, exercise)})

    return view_with_justification(request, exercise, show)


def _changed_exercise(request, pk):
    """The exercise, if the actor may change it (``contest.manage`` in the holding agency); else 404."""
    return selectors.exercise_access(actor=request.user, exercise_id=pk, action="change")


def lesson_add(request, pk):
    exercise = _changed_exercise(request, pk)

    def show():
        form = forms.LessonForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            services.lesson_add(actor=request.user, exercise=exercise, **form.cleaned_data)
            messages.success(request, "Lesson recorded")
            return redirect(exercise.get_absolute_url())
        return _form_page(request, form, heading="Record a lesson identified", caption=exercise.reference,
                          back_url=exercise.get_absolute_url())

    return view_with_justification(request, exercise, show)


def lesson_action_add(request, pk):
    exercise = _changed_exercise(request, pk)

    def show():
        form = forms.LessonActionForm(request.POST or None, lessons=exercise.lessons.filter(closed_on__isnull=True))
        if request.method == "POST" and form.is_valid():
            try:
                services.lesson_action_add(actor=request.user, **form.cleaned_data)
            except services.PrepareError as error:
                form.add_error("due_on", str(error))
            else:
                messages.success(request, "Action added")
                return redirect(exercise.get_absolute_url())
        return _form_page(request, form, heading="Add an action", caption=exercise.reference,
                          back_url=exercise.get_absolute_url())

    return view_with_justification(request, exercise, show)


def lesson_action_update(request, pk, action_pk):
    exercise = _changed_exercise(request, pk)
    action = selectors.action_of(exercise, action_pk)

    def show():
        form = forms.LessonActionUpdateForm(request.POST or None, initial={"status": action.status})
        if request.method == "POST" and form.is_valid():
            services.lesson_action_update(actor=request.user, action=action, **form.cleaned_data)
            messages.success(request, "Action updated")
            return redirect(exercise.get_absolute_url())
        return _form_page(request, form, heading="Update the action", caption=str(action),
                          back_url=exercise.get_absolute_url())

    return view_with_justification(request, exercise, show)


def lesson_close(request, pk, lesson_pk):
    """Close a lesson (POST from the exercise's page)."""
    exercise = _changed_exercise(request, pk)
    lesson = selectors.lesson_of(exercise, lesson_pk)
    if request.method != "POST":
        return redirect(exercise.get_absolute_url())
    try:
        services.lesson_close(actor=request.user, lesson=lesson)
    except services.PrepareError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Lesson closed")
    return redirect(exercise.get_absolute_url())


# --- the Gold rota ---------------------------------------------------------------------------------

def _monday(text: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise Http404("Not a date") from None
    if day != rota.monday_of(day):
        raise Http404("A rota week starts on a Monday")
    return day


def rota_view(request):
    """The rota: twelve weeks from the week asked (this one by default), gaps in the next four weeks
    flagged; earlier weeks show who was on call."""
    require_permission(request.user, "contest.view")
    today = timezone.localdate()
    asked = request.GET.get("from", "")
    try:
        first = rota.monday_of(dt.date.fromisoformat(asked)) if asked else rota.monday_of(today)
    except ValueError:
        first = rota.monday_of(today)
    weeks = selectors.rota_weeks(actor=request.user, first=first, count=ROTA_WEEKS, today=today)
    return render(request, "contest/prepare/rota.html", {
        "weeks": weeks, "first": first, "today": today, "gaps": selectors.rota_gaps(today=today),
        "earlier": first - dt.timedelta(weeks=ROTA_WEEKS), "later": first + dt.timedelta(weeks=ROTA_WEEKS),
        "pending": selectors.pending_swaps(), "horizon": rota.GAP_HORIZON_WEEKS,
        "decided": selectors.swaps(actor=request.user).exclude(status=SwapStatus.PENDING)[:20],
        "can_manage": may(request.user, "contest.rota")})


def rota_week(request, starts_on):
    """Put officers on a week; the week's change history shows who was on call before."""
    require_permission(request.user, "contest.rota")
    monday = _monday(starts_on)
    week = RotaWeek.objects.filter(starts_on=monday).first()
    form = forms.RotaWeekForm(request.POST or None, agency=request.user.agency,
                              initial={"primary": week and week.primary, "reserve": week and week.reserve})
    if request.method == "POST" and form.is_valid():
        try:
            services.rota_week_set(actor=request.user, starts_on=monday, **form.cleaned_data)
        except services.PrepareError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Rota saved")
            return redirect(f"{reverse('contest:rota')}?from={monday:%Y-%m-%d}")
    return render(request, "contest/prepare/rota_week.html", {
        "form": form, "monday": monday, "history": selectors.week_history(week), "back_url": reverse("contest:rota")})


def rota_mine(request):
    """The signed-in officer's own weeks on the rota, their swaps, and their calendar file."""
    today = timezone.localdate()
    return render(request, "contest/prepare/rota_mine.html", {
        "weeks": selectors.officer_weeks(request.user, since=rota.monday_of(today)),
        "swaps": selectors.swaps(actor=request.user).filter(requested_by=request.user)[:20], "today": today})


def _duties(officer, today):
    weeks = selectors.officer_weeks(officer, since=today - dt.timedelta(days=6))
    return [(week, duty) for week in weeks if week.ends_on > today
            for duty in Duty.values if getattr(week, f"{duty}_id") == officer.pk]


def swap_request(request):
    today = timezone.localdate()
    duties = _duties(request.user, today)
    form = forms.SwapRequestForm(request.POST or None, duties=duties, officer=request.user)
    if request.method == "POST" and form.is_valid():
        week, duty = form.cleaned_data["week"]
        try:
            services.swap_request(actor=request.user, week=week, duty=duty, cover=form.cleaned_data["cover"],
                                  reason=form.cleaned_data["reason"])
        except services.PrepareError as error:
            form.add_error("cover", str(error))
        else:
            messages.success(request, "Swap requested: the rota manager will decide")
            return redirect("contest:rota_mine")
    return render(request, "contest/prepare/swap_request.html", {"form": form if duties else None,
                                                                 "back_url": reverse("contest:rota_mine")})


def swap_decide(request, pk):
    swap = selectors.swap_access(actor=request.user, swap_id=pk)
    if swap.status != SwapStatus.PENDING:
        messages.info(request, f"The swap was already {swap.get_status_display().lower()}")
        return redirect("contest:rota")
    form = forms.SwapDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.swap_decide(actor=request.user, swap=swap, approve=form.cleaned_data["decision"] == "approve",
                                 note=form.cleaned_data["note"])
        except services.PrepareError as error:
            form.add_error("decision", str(error))
        else:
            messages.success(request, "Swap decided")
            return redirect(f"{reverse('contest:rota')}?from={swap.week.starts_on:%Y-%m-%d}")
    return _form_page(request, form, heading="Decide the swap", caption=str(swap), back_url=reverse("contest:rota"),
                      intro=f"{swap.requested_by.display_name} asks that {swap.cover.display_name} takes the "
                            f"{swap.get_duty_display().lower()} duty for the {swap.week}. {swap.reason}".strip())


def rota_calendar(request):
    """The signed-in officer's weeks as an iCalendar file to subscribe to or import."""
    since = rota.monday_of(timezone.localdate()) - dt.timedelta(weeks=52)
    events = rota.officer_events(selectors.officer_weeks(request.user, since=since), request.user)
    text = rota.calendar(events, name=f"Gold rota: {request.user.display_name}", stamp=timezone.now())
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="gold-rota.ics"'
    return response
