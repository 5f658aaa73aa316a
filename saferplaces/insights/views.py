import datetime as dt

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.clickjacking import xframe_options_sameorigin

from saferplaces.audit.models import AccessAction, JustificationReason
from saferplaces.audit.services import access_record
from saferplaces.insights import engine, services
from saferplaces.insights.forms import AssessmentForm, EvaluationDataForm, EvaluationForm
from saferplaces.insights.models import AssessmentRun, RunStatus
from saferplaces.places import selectors as places_selectors
from saferplaces.places.models import PriorityArea
from saferplaces.policy.rules import may, require_permission

# The report is self-contained HTML built by the engine: it needs no script, so none may run.
# Its styles are inline, so they are allowed; it is framed only by the app's own report page (which
# adds the service's header and a back link) and has no links to forms or bases.
REPORT_CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; "
              "frame-ancestors 'self'; base-uri 'none'; form-action 'none'")


def _finished_report(request, pk):
    require_permission(request.user, "evidence.view")
    run = get_object_or_404(AssessmentRun, pk=pk, status=RunStatus.FINISHED)
    path = services.report_path(run)
    if not path.exists():
        raise Http404("The report file is missing")
    return run, path


def _log_report(request, run, action: str, words: str) -> None:
    access_record(actor=request.user, action=action, record=run, reason=JustificationReason.OTHER,
                  justification=words, path=request.path)


def run_list(request):
    require_permission(request.user, "evidence.view")
    return render(request, "insights/run_list.html", {"runs": AssessmentRun.objects.all()})


def run_detail(request, pk):
    require_permission(request.user, "evidence.view")
    run = get_object_or_404(AssessmentRun, pk=pk)
    return render(request, "insights/run_detail.html", {"run": run, "finished": run.status == RunStatus.FINISHED})


@xframe_options_sameorigin
def run_report(request, pk):
    """The report file itself: framed by :func:`run_report_page`, or downloaded (logged as an export)."""
    run, path = _finished_report(request, pk)
    response = FileResponse(path.open("rb"), content_type="text/html; charset=utf-8")
    if request.GET.get("download"):
        _log_report(request, run, AccessAction.EXPORT, "Downloaded the strategic assessment report")
        response["Content-Disposition"] = f'attachment; filename="strategic-assessment-{run.pk}.html"'
    response["Content-Security-Policy"] = REPORT_CSP
    return response


def run_report_page(request, pk):
    """The report inside the app: the service's header, a back link and the report framed below."""
    run, _ = _finished_report(request, pk)
    _log_report(request, run, AccessAction.VIEW, "Read the strategic assessment report")
    return render(request, "insights/report_page.html", {"run": run})


def run_create(request):
    require_permission(request.user, "evidence.run")
    form = AssessmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            run = services.assessment_start(
                actor=request.user,
                title=form.cleaned_data["title"],
                police_files=form.cleaned_data["police_files"],
                geography_files=form.geography_files(),
                events_file=form.cleaned_data["events_file"],
            )
        except ValueError as error:
            form.add_error("police_files", str(error))
        else:
            return redirect("insights:detail", pk=run.pk)
    return render(request, "insights/run_form.html", {"form": form})


ROLE_LABELS = {"treated": "Treated", "control": "Control", "displacement": "Displacement",
               "displacement_control": "Displacement control"}


def _evaluation_areas(actor):
    """The priority areas the actor may read: the boundaries a test can use."""
    return places_selectors.priority_areas(actor=actor, include_retired=False) if may(actor, "places.view") \
        else PriorityArea.objects.none()


def evaluate(request):
    """Did it work? The WDD test on crimes counted in priority areas from an assessment's police data;
    nothing is stored."""
    require_permission(request.user, "evidence.view")
    runs = AssessmentRun.objects.filter(status=RunStatus.FINISHED)
    areas = _evaluation_areas(request.user)
    initial = {"run": request.GET.get("run")} if request.GET.get("run") else None
    # Posted, because a boundary may be uploaded; nothing is stored.
    posted = request.method == "POST"
    form = EvaluationDataForm(request.POST if posted else None, request.FILES if posted else None, runs=runs,
                              areas=areas, initial=initial)
    result, count_rows = None, []
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        chosen = form.areas()
        try:
            result = engine.wdd_police(
                services.run_inputs(data["run"]), {role: geometry for role, (_, geometry) in chosen.items()},
                dt.date.fromisoformat(data["start"] + "-01"), data["before"], data["after"], data["level"],
                [data["crime_type"]] if data["crime_type"] else None)
        except (engine.EngineError, OSError) as error:
            form.add_error(None, str(error) if isinstance(error, engine.EngineError)
                           else "The assessment's police files are no longer kept: run the assessment again")
        else:
            count_rows = [(f"{ROLE_LABELS[role]}: {chosen[role][0]}", counted["before"], counted["after"])
                          for role, counted in result["counts"].items()]
    return render(request, "insights/evaluate.html", {
        "form": form, "result": result, "count_rows": count_rows, "have_areas": areas.exists(),
        "outcome": engine.wdd_outcome(result) if result else None})


def evaluate_counts(request):
    """Did it work? The WDD test on counts the analyst enters; nothing is stored."""
    require_permission(request.user, "evidence.view")
    form = EvaluationForm(request.GET or None)
    result = None
    if form.is_bound and form.is_valid():
        try:
            result = engine.wdd(form.counts(), form.periods(), form.cleaned_data["level"])
        except engine.EngineError as error:
            form.add_error(None, str(error))
    return render(request, "insights/evaluate_counts.html", {
        "form": form, "result": result, "outcome": engine.wdd_outcome(result) if result else None})
