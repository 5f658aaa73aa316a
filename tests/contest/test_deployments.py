"""The police's monthly deployment return: the form, the all-or-nothing CSV import and the measures."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from saferplaces.accounts.roles import Role
from saferplaces.contest import deployments
from saferplaces.contest.models import DeploymentReturn
from saferplaces.plans import measures
from saferplaces.plans.kpi_sources import KPI_SOURCES, Computed
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HEADER = "month,stop_and_search,stop_and_account,section_43_stops,suspicious_packages,ct_intelligence_reports," \
         "vehicle_stops,notes\n"


@pytest.fixture
def adviser():
    return UserFactory(role=Role.CT_ADVISER)


def test_a_good_file_records_every_month(adviser):
    text = HEADER + "2025-01,10,4,1,2,3,5,\n2025-02-01,12,3,0,1,2,6,Quiet month\n"
    result = deployments.deployments_import(actor=adviser, text=text)
    assert (result.ok, result.imported) == (True, 2)
    february = DeploymentReturn.objects.get(month=dt.date(2025, 2, 1))
    assert (february.stop_and_search, february.vehicle_stops, february.notes) == (12, 6, "Quiet month")


def test_every_bad_row_is_reported_and_nothing_is_saved(adviser):
    DeploymentReturn.objects.create(month=dt.date(2024, 12, 1), stop_and_search=1, stop_and_account=1,
                                    section_43_stops=0, suspicious_packages=0, ct_intelligence_reports=0,
                                    vehicle_stops=0, submitted_by=adviser)
    text = (HEADER + "2025-01,10,4,1,2,3,5,\n"  # line 2: good
            "2024-12,1,1,1,1,1,1,\n"  # line 3: already recorded
            "2025-01,1,1,1,1,1,1,\n"  # line 4: repeats line 2
            "2025-03-15,x,-1,,1,1,1,\n"  # line 5: not a month's first day, two bad figures, one empty
            "2099-01,1,1,1,1,1,1,\n")  # line 6: not ended
    result = deployments.deployments_import(actor=adviser, text=text)
    assert result.imported == 0
    assert result.rejected == [
        (3, "The return for December 2024 is already recorded"),
        (4, "The return for January 2025 repeats line 2"),
        (5, "month: '2025-03-15' is not the first day of a month (write the month like 2026-10)"),
        (5, "stop_and_search 'x' is not a count (a whole number from 0 to 100000)"),
        (5, "stop_and_account '-1' is not a count (a whole number from 0 to 100000)"),
        (5, "section_43_stops is empty"),
        (6, "month: January 2099 has not ended yet"),
    ]
    assert list(DeploymentReturn.objects.values_list("month", flat=True)) == [dt.date(2024, 12, 1)]


def test_the_form_refuses_a_month_already_returned(client, adviser):
    figures = {"stop_and_search": 9, "stop_and_account": 2, "section_43_stops": 0, "suspicious_packages": 1,
               "ct_intelligence_reports": 4, "vehicle_stops": 3}
    deployments.deployment_record(actor=adviser, month=dt.date(2025, 1, 1), **figures)
    with pytest.raises(deployments.ReturnError, match="January 2025 is already recorded"):
        deployments.deployment_record(actor=adviser, month=dt.date(2025, 1, 1), **figures)
    client.force_login(adviser)
    response = client.post(reverse("contest:deployment_create"), {"month": "2025-01-01", **figures})
    assert response.status_code == 200 and "January 2025 is already recorded" in response.content.decode()


def test_each_figure_is_a_measure_summed_over_the_months_of_the_period(adviser):
    for month, searches, s43 in ((dt.date(2025, 1, 1), 10, 1), (dt.date(2025, 2, 1), 12, 0),
                                 (dt.date(2025, 4, 1), 7, 2)):
        DeploymentReturn.objects.create(month=month, stop_and_search=searches, stop_and_account=0,
                                        section_43_stops=s43, suspicious_packages=0, ct_intelligence_reports=0,
                                        vehicle_stops=0, submitted_by=adviser)
    first_quarter = (dt.date(2025, 1, 1), dt.date(2025, 3, 31))
    assert measures.get("contest.deployment_stop_and_search").compute(*first_quarter) == 22.0
    assert measures.get("contest.deployment_section_43_stops").compute(*first_quarter) == 1.0
    assert measures.get("contest.deployment_stop_and_search").compute(dt.date(2025, 4, 1),
                                                                      dt.date(2025, 4, 30)) == 7.0


def test_the_plans_six_deployment_kpis_read_their_measures():
    names = ["Number of Stop & Search", "Number of Stop & Account", "Number of s43 Stops", "Suspect Package Calls",
             "CT Intelligence Reports", "Number of vehicle stops"]
    keys = [KPI_SOURCES[name].measure for name in names if isinstance(KPI_SOURCES[name], Computed)]
    assert [measures.get(key).label for key in keys] == [
        "Police deployments: Stop and search", "Police deployments: Stop and account",
        "Police deployments: Section 43 stops (Terrorism Act 2000)", "Police deployments: Suspicious package calls",
        "Police deployments: Counter-terrorism intelligence submissions", "Police deployments: Vehicle stops"]
