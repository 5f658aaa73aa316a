"""A KPI's readings drawn as a line, with its target beside them (the action's and the KPI's pages)."""

from saferplaces.evidence.api import line_chart
from saferplaces.plans.models import KPI
from saferplaces.plans.returns import period_label


def kpi_chart(kpi: KPI) -> str:
    """An SVG line chart of the KPI's readings, named by the KPI's own periods (months, quarters or
    years); empty with fewer than two readings, where a line says nothing the table does not."""
    readings = list(kpi.readings.all())
    if len(readings) < 2:
        return ""
    labels = [period_label(kpi.cadence, r.period_start, short=True) for r in readings]
    series = {kpi.name[:40]: [r.value for r in readings]}
    if kpi.target is not None:
        series["Target"] = [kpi.target] * len(readings)
    cadence = kpi.get_cadence_display().lower()
    return line_chart(series, labels, title=f"{kpi.name}: {cadence} readings",
                      desc=f"Line chart of the KPI's {cadence} readings; the table gives the figures.",
                      ident=f"kpi-{kpi.pk}", height=220)
