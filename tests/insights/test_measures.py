"""Crime in each priority ward, counted from an assessment's monthly police.uk files: an exact answer
on a miniature borough."""

import datetime as dt

from saferplaces.insights.models import AssessmentRun, RunStatus
from saferplaces.places.models import PriorityArea
from saferplaces.plans import measures
from tests.evidence.police_files import write_street
from tests.evidence.test_study_area import crimes, write_national

SQUARE = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}
ABBEYTON = "E09000101"  # wards E05101000 (its LSOAs 0 and 1), E05101001 (2 and 3), E05101002 (4)


def test_ward_crime_counts_the_period_months_in_the_area_wards(db, tmp_path):
    for month, per_lsoa in [("2026-04", {0: 4, 2: 3}), ("2026-05", {1: 2}), ("2026-06", {4: 5}),
                            ("2026-07", {0: 7})]:
        write_street(tmp_path / "inputs" / month / f"{month}-metropolitan-street.csv",
                     crimes(ABBEYTON, per_lsoa, months=(month,)))
    write_national(tmp_path / "geography")
    AssessmentRun.objects.create(title="Test", work_dir=str(tmp_path), status=RunStatus.FINISHED,
                                 summary={"last_month": "2026-07"})
    area = PriorityArea.objects.create(name="North", geometry=SQUARE, ward_codes=["E05101000", "E05101001"])
    crime = measures.get(f"insights.ward_crime:{area.pk}")
    assert crime.compute(dt.date(2026, 4, 1), dt.date(2026, 6, 30)) == 9.0  # 4 + 3 in April, 2 in May
    assert crime.compute(dt.date(2026, 7, 1), dt.date(2026, 7, 31)) == 7.0  # a month: the plan's "by month"
    assert crime.compute(dt.date(2026, 7, 1), dt.date(2026, 9, 30)) == 0.0  # no assessment holds August
