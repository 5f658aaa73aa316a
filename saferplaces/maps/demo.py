"""Put the demo's ASB cases and their incidents on the map by their postcodes (the sample postcodes
of ``geo.demo``): the demo cases were opened before the postcodes were loaded."""

from __future__ import annotations

from saferplaces.asb.demo import DEMO
from saferplaces.asb.models import AsbCase, Incident
from saferplaces.geo.models import Postcode


def load(out) -> None:
    points = {p.postcode: (p.latitude, p.longitude) for p in Postcode.objects.all()}
    placed = 0
    for case in AsbCase.objects.filter(latitude__isnull=True, title__contains=DEMO).exclude(postcode=""):
        point = points.get(case.postcode)
        if point is None:
            continue
        AsbCase.objects.filter(pk=case.pk).update(latitude=point[0], longitude=point[1])
        Incident.objects.filter(case=case, latitude__isnull=True).update(latitude=point[0], longitude=point[1])
        placed += 1
    out.write(f"  map: {placed} demo ASB cases placed by their postcodes\n")
