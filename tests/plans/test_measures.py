"""The measures the plans module registers, families of measures (one per priority ward), and the
mapping of the plan's KPIs to measures or to where their figures come from."""

import datetime as dt
import json
from pathlib import Path

import pytest
from django.utils import timezone

from saferplaces.insights.models import AssessmentRun, RunStatus
from saferplaces.places.models import PriorityArea
from saferplaces.plans import measures
from saferplaces.plans.kpi_sources import KPI_SOURCES, Computed, Elsewhere, kpi_sources_apply
from saferplaces.plans.models import KPI, Source
from saferplaces.plans.quarters import Quarter
from saferplaces.policy.models import AgreementStatus
from tests.factories import AgreementFactory

START, END = dt.date(2026, 4, 1), dt.date(2026, 6, 30)
SQUARE = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}


def test_agreements_in_force_and_due_for_review(db):
    AgreementFactory(start_date=dt.date(2026, 1, 1), review_date=dt.date(2026, 6, 30))
    AgreementFactory(start_date=dt.date(2026, 1, 1), review_date=dt.date(2027, 1, 1))
    AgreementFactory(start_date=dt.date(2026, 7, 1), review_date=dt.date(2026, 6, 1))  # not yet in force
    AgreementFactory(start_date=dt.date(2026, 1, 1), status=AgreementStatus.ENDED)
    assert measures.get("policy.agreements_in_force").compute(START, END) == 2.0
    assert measures.get("policy.agreements_due_for_review").compute(START, END) == 1.0


def _run(tmp_path, vli, last_month="2026-06", months=("2026-04", "2026-05", "2026-06")):
    inputs = tmp_path / "inputs"
    for month in months:
        (inputs / month).mkdir(parents=True)
    return AssessmentRun.objects.create(title="Test", work_dir=str(tmp_path), status=RunStatus.FINISHED,
                                        summary={"last_month": last_month, "vli": {"units": vli}})


def test_a_family_reads_each_priority_ward_by_its_own_key(db, tmp_path):
    ward = PriorityArea.objects.create(name="Church Street", geometry=SQUARE, ward_codes=["W1", "W2"])
    PriorityArea.objects.create(name="No wards", geometry=SQUARE)
    _run(tmp_path, [{"code": "W1", "vli": 150.0}, {"code": "W2", "vli": 120.0}, {"code": "W3", "vli": 90.0}])
    key = f"insights.ward_vli:{ward.pk}"
    assert (key, "Vulnerable Localities Index of the priority ward: Church Street") in measures.choices()
    assert not any("No wards" in label for _key, label in measures.choices())
    assert measures.get(key).label == "Vulnerable Localities Index of the priority ward: Church Street"
    assert measures.get(key).compute(START, END) == 135.0  # the mean of its two wards
    # an assessment whose data end after the period says nothing of it
    assert measures.get(key).compute(dt.date(2026, 1, 1), dt.date(2026, 3, 31)) == 0.0
    with pytest.raises(KeyError):
        measures.get("insights.no_such_family:1")


def test_ward_crime_needs_an_assessment_holding_every_month_of_the_period(db, tmp_path):
    ward = PriorityArea.objects.create(name="Church Street", geometry=SQUARE, ward_codes=["W1"])
    _run(tmp_path, [], months=("2026-04", "2026-05"))  # June missing
    assert measures.get(f"insights.ward_crime:{ward.pk}").compute(START, END) == 0.0


def test_every_name_in_the_table_is_a_kpi_of_the_plan_and_every_kpi_of_the_plan_is_in_it():
    plan = json.loads((Path(measures.__file__).parent / "data" / "swp-2017-2020.json").read_text(encoding="utf-8"))
    names = {kpi["name"] for group in plan["groups"] for objective in group["objectives"]
             for action in objective["actions"] for kpi in action.get("kpis", [])}
    assert set(KPI_SOURCES) - names == set()  # a renamed KPI is noticed
    assert names - set(KPI_SOURCES) == set()  # every KPI is computed or says where its figure comes from
    for source in KPI_SOURCES.values():
        if isinstance(source, Computed):
            assert measures.get(source.measure)
        else:
            assert isinstance(source, Elsewhere) and source.note
        for key in source.also:
            assert key.endswith(":*") or measures.get(key)


def test_the_plan_with_its_sources_has_35_measured_kpis_each_computing_for_the_last_full_quarter(db):
    from saferplaces.plans.importer import plan_import

    strategy = plan_import()
    computed, noted = kpi_sources_apply(strategy)
    assert kpi_sources_apply(strategy) == (computed, noted)  # again: nothing added twice
    measured = KPI.objects.filter(action__objective__group__strategy=strategy, source=Source.MEASURE)
    assert measured.count() == computed >= 35
    # every other KPI says where its figure comes from
    assert not KPI.objects.filter(action__objective__group__strategy=strategy, source_note="").exclude(
        source=Source.MEASURE).exists()
    assert noted == KPI.objects.exclude(source=Source.MEASURE).count()
    last = Quarter.containing(timezone.localdate()).previous()
    for kpi in measured:
        value = measures.get(kpi.measure_key).compute(last.start, last.end)
        assert isinstance(value, float), kpi.measure_key
