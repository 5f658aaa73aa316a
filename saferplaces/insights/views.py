from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.clickjacking import xframe_options_sameorigin

from saferplaces.audit.models import AccessAction, JustificationReason
from saferplaces.audit.services import access_record
from saferplaces.insights import engine, evaluations, services
from saferplaces.insights.forms import AssessmentForm, EvaluationDataForm, EvaluationForm
from saferplaces.insights.models import AssessmentRun, Evaluation, RunStatus
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


def _progress(request, status: str, template: str, context: dict):
    """Only a run's progress, which run-progress.mjs puts in place of the page's own: the page's status
    region then changes without the page being reloaded and the reader losing their place."""
    return render(request, "insights/progress_fragment.html",
                  {**context, "status": status, "stage_template": template})


def run_progress(request, pk):
    require_permission(request.user, "evidence.view")
    run = get_object_or_404(AssessmentRun, pk=pk)
    return _progress(request, run.status, "insights/run_stage.html", {"run": run})


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


def _evaluation_areas(actor):
    """The priority areas the actor may read: the boundaries a test can use."""
    return places_selectors.priority_areas(actor=actor, include_retired=False) if may(actor, "places.view") \
        else PriorityArea.objects.none()


def evaluate(request):
    """Did it work? The WDD test on crimes counted in areas from an assessment's police data: the form
    stores the test and queues it (it can take minutes), then shows its page."""
    require_permission(request.user, "evidence.view")
    runs = AssessmentRun.objects.filter(status=RunStatus.FINISHED)
    areas = _evaluation_areas(request.user)
    initial = {"run": request.GET.get("run")} if request.GET.get("run") else None
    posted = request.method == "POST"  # posted, because a boundary may be uploaded
    form = EvaluationDataForm(request.POST if posted else None, request.FILES if posted else None, runs=runs,
                              areas=areas, initial=initial)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            evaluation = evaluations.evaluation_start(
                actor=request.user, run=data["run"], areas=form.areas(), start=data["start"], before=data["before"],
                after=data["after"], level=data["level"], crime_type=data["crime_type"])
        except ValueError as error:
            form.add_error("run", str(error))
        else:
            return redirect("insights:evaluation", pk=evaluation.pk)
    return render(request, "insights/evaluate.html", {
        "form": form, "have_areas": areas.exists(),
        "earlier": Evaluation.objects.filter(created_by=request.user).select_related("run")[:10]})


def evaluation_detail(request, pk):
    """One test: its progress while queued or running, then its result (a finished result read is logged,
    as reading an assessment's report is)."""
    require_permission(request.user, "evidence.view")
    evaluation = get_object_or_404(Evaluation.objects.select_related("run"), pk=pk)
    finished = evaluation.status == RunStatus.FINISHED
    if finished:
        access_record(actor=request.user, action=AccessAction.VIEW, record=evaluation,
                      reason=JustificationReason.OTHER, justification="Read a Did it work? result",
                      path=request.path)
    result = evaluation.result if finished else None
    return render(request, "insights/evaluation_detail.html", {
        "evaluation": evaluation, "result": result,
        "count_rows": evaluations.count_rows(evaluation) if finished else [],
        "outcome": engine.wdd_outcome(result) if result else None})


def evaluation_progress(request, pk):
    require_permission(request.user, "evidence.view")
    evaluation = get_object_or_404(Evaluation, pk=pk)
    return _progress(request, evaluation.status, "insights/evaluation_stage.html", {"evaluation": evaluation})


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
