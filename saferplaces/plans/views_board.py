"""The quarterly board pack: on screen with a quarter picker, as one self-contained HTML file to print
or circulate, and the plan as a spreadsheet."""

from __future__ import annotations

from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from saferplaces.evidence.api import line_chart
from saferplaces.plans import board_sections, exports, quarters, selectors
from saferplaces.plans.quarters import Quarter
from saferplaces.policy.rules import require_permission

PRINT_CSS = "saferplaces/board.css"


def _strategy():
    strategy = selectors.current_strategy()
    if strategy is None:
        raise Http404("No plan has been loaded")
    return strategy


def _chart(row, report) -> str:
    """A KPI's last four quarters with its target as a second line; the figures are in the table beside."""
    if not row.charted:
        return ""
    labels = [str(q) for q in report.quarters]
    series = {"Reading": [v for _, v, _ in row.readings]}
    if row.kpi.target is not None:
        series["Target"] = [row.kpi.target] * len(labels)
    return line_chart(series, labels, title=f"{row.kpi.name}: the last four quarters",
                      desc="Line chart of the KPI's readings by quarter"
                           f"{' against its target' if row.kpi.target is not None else ''}; "
                           "the table gives the figures.",
                      ident=f"kpi-{row.kpi.pk}", width=520, height=200)


def _board_context(request) -> dict:
    """The report for the quarter asked (by default the last full one). A quarter that cannot be read
    is said on the page, with the picker to choose another, never an error page."""
    strategy = _strategy()
    today = timezone.localdate()
    asked = request.GET.get("quarter", "").strip()
    context = {"strategy": strategy, "generated": timezone.localtime(), "asked": asked, "error": "",
               "choices": quarters.between(strategy.period_start, today), "naming": quarters.naming()}
    try:
        quarter = Quarter.parse(asked) if asked else Quarter.containing(today).previous()
    except ValueError as error:
        context["error"] = f"{error}. Choose a quarter from the list."
        return context
    report = selectors.board_report(strategy, quarter)
    for row in (row for g in report.groups for row in g.kpis):
        row.chart = _chart(row, report)
    context.update(report=report, quarter=quarter, previous=quarter.previous(), next=quarter.next(),
                   sections=board_sections.sections(today))
    return context


def board_report(request):
    require_permission(request.user, "plans.view")
    return render(request, "plans/board_report.html", _board_context(request))


def board_report_download(request):
    """The board pack as one self-contained HTML file (styles inline, no links out), ready to print."""
    require_permission(request.user, "plans.view")
    context = _board_context(request)
    if context["error"]:
        return render(request, "plans/board_report.html", context)
    with open(finders.find(PRINT_CSS), encoding="utf-8") as css:
        context["css"] = css.read()
    html = render_to_string("plans/board_report_standalone.html", context, request=request)
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    name = str(context["quarter"]).replace("/", "-").replace(" ", "-")
    response["Content-Disposition"] = f'attachment; filename="board-pack-{name}.html"'
    return response


def export_csv(request):
    require_permission(request.user, "plans.view")
    response = HttpResponse(exports.plan_csv(_strategy(), timezone.localdate()), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="action-plan.csv"'
    return response


def export_xlsx(request):
    require_permission(request.user, "plans.view")
    response = HttpResponse(exports.plan_xlsx(_strategy(), timezone.localdate()),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = 'attachment; filename="action-plan.xlsx"'
    return response
