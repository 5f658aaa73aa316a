"""The one map's layers, each narrowed to what the viewer may see.

Places' records (priority areas, tasking actions) are the partnership's and need ``places.view``;
the hot spots of the latest finished strategic assessment come from open police data and need
``evidence.view``. ASB cases and their incidents are personal data: only the cases policy lets the
viewer see (``policy.access.scope``), and only when the viewer has given a reason, which the view
logs as a search of the cases (as the case list does).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone

from saferplaces.asb.models import AsbCase, Incident
from saferplaces.asb.selectors import visible_cases
from saferplaces.geo.postcodes import bng_to_wgs84
from saferplaces.insights.models import AssessmentRun, RunStatus
from saferplaces.places import selectors as places
from saferplaces.policy.rules import may

#: Layer keys in drawing order (areas underneath, points on top), with their names on the page.
LAYERS = {
    "hotspots": "Hot spots (latest strategic assessment)",
    "areas": "Priority areas",
    "actions": "Tasking actions",
    "cases": "ASB cases",
    "incidents": "ASB incidents",
}
PERSONAL_LAYERS = ("cases", "incidents")


@dataclass
class Layer:
    key: str
    name: str
    features: list[dict] = field(default_factory=list)
    note: str = ""  # why the layer is empty or partial, in the page's words

    def collection(self) -> dict:
        return {"type": "FeatureCollection", "features": self.features}


def _point(longitude, latitude, **properties) -> dict:
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [longitude, latitude]},
            "properties": properties}


def _areas(actor) -> list[dict]:
    return [{"type": "Feature", "geometry": area.geometry,
             "properties": {"label": area.name, "url": area.get_absolute_url(), "detail": area.description[:200]}}
            for area in places.priority_areas(actor=actor, include_retired=False)]


def _actions(actor) -> list[dict]:
    today = timezone.localdate()
    actions = places.actions(actor=actor, status="open").filter(latitude__isnull=False, longitude__isnull=False)
    return [_point(a.longitude, a.latitude, label=str(a), url=a.get_absolute_url(),
                   detail=f"{a.owner_agency.short_name}, due {a.due_on:%d %b %Y}"
                          + (" (overdue)" if a.is_overdue(today) else "")
                          + (f", {a.location_description}" if a.location_description else ""))
            for a in actions]


def latest_assessment(actor) -> AssessmentRun | None:
    """The latest finished strategic assessment with hot spots, if the viewer may read evidence."""
    if not may(actor, "evidence.view"):
        return None
    for run in AssessmentRun.objects.filter(status=RunStatus.FINISHED).order_by("-finished_at", "-pk")[:5]:
        if ((run.summary or {}).get("hotspots") or {}).get("cells"):
            return run
    return None


def hotspot_cells(summary: dict) -> list[dict]:
    """The hot cells (Gi* "hot spot" at any confidence) of an assessment summary as squares in WGS84."""
    hotspots = summary.get("hotspots") or {}
    half = float(hotspots.get("cell_size") or 200.0) / 2
    hot = [c for c in hotspots.get("cells") or [] if str(c.get("gistar_class", "")).startswith("hot spot")]
    features = []
    for cell in hot:
        x, y = float(cell["x"]), float(cell["y"])
        corners = bng_to_wgs84([x - half, x + half, x + half, x - half, x - half],
                               [y - half, y - half, y + half, y + half, y - half])
        features.append({"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [corners]},
                         "properties": {"label": cell["gistar_class"].capitalize(),
                                        "detail": f"{cell.get('count', 0)} crimes; trend: "
                                                  f"{cell.get('trend_class') or 'not assessed'}"}})
    return features


def _cases(actor) -> list[AsbCase]:
    return list(visible_cases(actor).filter(latitude__isnull=False).exclude(status="closed"))


def _incidents(actor) -> list[Incident]:
    return list(Incident.objects.filter(case__in=visible_cases(actor).values("pk"), latitude__isnull=False)
                .exclude(case__status="closed").select_related("case")[:1000])


def map_layers(*, actor, personal: bool) -> dict[str, Layer]:
    """Every layer the viewer may see; the personal ones only when ``personal`` (a reason was given:
    the caller logs the search)."""
    layers = {key: Layer(key, name) for key, name in LAYERS.items()}
    if may(actor, "places.view"):
        layers["areas"].features = _areas(actor)
        layers["actions"].features = _actions(actor)
    else:
        layers["areas"].note = layers["actions"].note = "Your role does not include places and tasking."
    run = latest_assessment(actor)
    if run is not None:
        layers["hotspots"].features = hotspot_cells(run.summary)
        layers["hotspots"].note = f"From {run.title}" + (" (sample data)" if run.is_sample else "")
    else:
        layers["hotspots"].note = "No finished strategic assessment with hot spots that you may see."
    if personal:
        layers["cases"].features = [
            _point(c.longitude, c.latitude, label=c.reference, url=c.get_absolute_url(),
                   detail=f"{c.title}; {c.location}; {c.get_status_display()}; {c.owner_agency.short_name}")
            for c in _cases(actor)]
        layers["incidents"].features = [
            _point(i.longitude, i.latitude, label=f"{i.get_kind_display()}, {i.case.reference}",
                   url=i.case.get_absolute_url(),
                   detail=f"{timezone.localtime(i.occurred_at):%d %b %Y %H:%M}; {i.location}")
            for i in _incidents(actor)]
    else:
        for key in PERSONAL_LAYERS:
            layers[key].note = "Shown when you give your reason above (the search is logged)."
    return layers
