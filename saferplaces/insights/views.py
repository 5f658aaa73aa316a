from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render

from saferplaces.insights import services
from saferplaces.insights.engine import EngineError, wdd
from saferplaces.insights.forms import AssessmentForm, EvaluationForm
from saferplaces.insights.models import AssessmentRun, RunStatus
from saferplaces.policy.rules import require_permission

# The report is self-contained HTML built by the engine: it needs no script, so none may run.
# Its styles are inline, so they are allowed; it is never framed and has no links to forms or bases.
REPORT_CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; "
              "frame-ancestors 'none'; base-uri 'none'; form-action 'none'")


def run_list(request):
    require_permission(request.user, "evidence.view")
    return render(request, "insights/run_list.html", {"runs": AssessmentRun.objects.all()})


def run_detail(request, pk):
    require_permission(request.user, "evidence.view")
    run = get_object_or_404(AssessmentRun, pk=pk)
    return render(request, "insights/run_detail.html", {"run": run, "finished": run.status == RunStatus.FINISHED})


def run_report(request, pk):
    require_permission(request.user, "evidence.view")
    run = get_object_or_404(AssessmentRun, pk=pk, status=RunStatus.FINISHED)
    path = services.report_path(run)
    if not path.exists():
        raise Http404("The report file is missing")
    response = FileResponse(path.open("rb"), content_type="text/html; charset=utf-8")
    if request.GET.get("download"):
        response["Content-Disposition"] = f'attachment; filename="strategic-assessment-{run.pk}.html"'
    response["Content-Security-Policy"] = REPORT_CSP
    return response


def run_create(request):
    require_permission(request.user, "evidence.run")
    form = AssessmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            run = services.assessment_start(
                actor=request.user,
                title=form.cleaned_data["title"],
                police_files=form.cleaned_data["police_files"],
                geography_files=form.cleaned_data["geography_files"],
                events_file=form.cleaned_data["events_file"],
            )
        except ValueError as error:
            form.add_error("police_files", str(error))
        else:
            return redirect("insights:detail", pk=run.pk)
    return render(request, "insights/run_form.html", {"form": form})


def evaluate(request):
    """Did it work? The WDD test on counts the analyst enters; nothing is stored."""
    require_permission(request.user, "evidence.view")
    form = EvaluationForm(request.GET or None)
    result = None
    if form.is_bound and form.is_valid():
        try:
            result = wdd(form.counts(), form.periods(), form.cleaned_data["level"])
        except EngineError as error:
            form.add_error(None, str(error))
    return render(request, "insights/evaluate.html", {"form": form, "result": result})
