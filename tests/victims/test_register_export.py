"""The repeat-victim register filtered by rule and downloaded as CSV: only people the viewer may
export, each flag's rule, reason and sources, and the download logged with its reason."""

import csv
import datetime as dt
import io

from django.urls import reverse
from django.utils import timezone

from saferplaces.audit.models import AccessAction, AccessEvent
from saferplaces.victims.models import Victimisation
from tests.factories import AgreementFactory


def _victimised(person, agency, kind, *days_ago):
    today = timezone.localdate()
    for days in days_ago:
        Victimisation.objects.create(owner_agency=agency, person=person, kind=kind,
                                     occurred_on=today - dt.timedelta(days=days), reference=f"{kind}-{days}")


def test_the_register_filters_by_rule_and_exports_what_the_viewer_may_export(client, world):
    AgreementFactory(parties=[world.own, world.partner], data_categories=["victim"])
    _victimised(world.people["own"], world.own, "theft", 10, 20)  # a same-type repeat
    _victimised(world.people["agreement"], world.partner, "asb", 5, 15, 25)  # the ASB threshold
    _victimised(world.people["unrelated"], world.other, "theft", 3, 4)  # not shared: never listed
    manager = world.users["manager"]
    client.force_login(manager)

    page = client.get(reverse("victims:register"), {"reason": "casework", "rule": "community_trigger"})
    text = page.content.decode()
    assert "Parker Shared" in text and "Olive Owned" not in text and "Una Hidden" not in text

    download = client.get(reverse("victims:register_export"), {"reason": "casework"})
    assert download["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(download.content.decode())))
    assert {row["person"] for row in rows} == {"Olive Owned", "Parker Shared"}
    parker = next(row for row in rows if row["person"] == "Parker Shared")
    assert parker["rules"] == "community_trigger" and parker["victimisations and ASB complaints"] == "3"
    assert "Community Trigger" in parker["why flagged"] and "Recorded by" in parker["sources"]
    event = AccessEvent.objects.get(actor=manager, action=AccessAction.EXPORT, record_type="people.person")
    assert event.reason == "casework" and event.detail["rows"] == 2
    assert sorted(event.detail["ids"]) == sorted([world.people["own"].pk, world.people["agreement"].pk])


def test_the_export_asks_why_first(client, world):
    client.force_login(world.users["manager"])
    response = client.get(reverse("victims:register_export"))
    assert response.status_code == 400
    assert not AccessEvent.objects.filter(action=AccessAction.EXPORT).exists()
