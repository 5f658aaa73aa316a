"""The MOPAC Public Attitude Survey import: its two published layouts, its periods, all-or-nothing,
and the readings of the survey KPIs. The files here are small ones written in the published layouts."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from saferplaces.accounts.roles import Role
from saferplaces.audit.models import ChangeRecord
from saferplaces.plans import surveys
from saferplaces.plans.models import KPI, Action, DeliveryGroup, KPIReading, Objective, Source, Strategy, SurveyResult
from tests.factories import UserFactory

D = dt.date
HEADLINE = "Taking everything into account how good a job do you think the police in your area are doing?"

# The 2016 perceptions layout: questions, then what each figure counts; area attributes without a label.
PERCEPTIONS = "\r\n".join([
    f"Neighbourhood,Code,Group,{HEADLINE},Are you worried about crime in this area?,Total Notifiable Offences rate",
    ",,,% Excellent or Good,% Not very or not at all worried,",
    "Borough - East,EA-1,Group 2,80,70,N/A",
    "Borough - West,WE-1,Group 11,71,61,N/A",
]) + "\r\n"

# The pooled neighbourhood indicators layout: questions (repeated), respondents' group, what is counted.
INDICATORS = "\r\n".join([
    'neighbourhood,"Taking everything into account, how good a job do you think the police in your area are doing?",'
    '"Taking everything into account, how good a job do you think the police in your area are doing?"',
    ",White British,Black",
    ",% Excellent/Good,% Excellent/Good",
    "Borough - East,72,59",
    "Borough - Empty,,",
    "Borough - West,66,",
]) + "\r\n"


@pytest.fixture
def survey_kpis(db):
    strategy = Strategy.objects.create(title="Plan", period_start=D(2017, 4, 1), period_end=D(2020, 3, 31), vision="v")
    group = DeliveryGroup.objects.create(strategy=strategy, key="victim", name="Victim", chair="c", aim="a")
    objective = Objective.objects.create(group=group, number="5", text="Victims Code")
    action = Action.objects.create(objective=objective, text="Improve the victim journey")
    return {
        "attitude": KPI.objects.create(action=action, name="Public attitude survey", source=Source.SURVEY),
        "concern": KPI.objects.create(action=action, name="Reduction in community concern?", source=Source.SURVEY),
        "gangs": KPI.objects.create(action=action, name="Reduction in level of concern about gang violence",
                                    source=Source.SURVEY),
        "manual": KPI.objects.create(action=action, name="Public attitude survey (typed)", source=Source.MANUAL),
    }


@pytest.mark.parametrize(("text", "start", "end"), [
    ("2016", D(2016, 1, 1), D(2016, 12, 31)),
    ("2016-17", D(2016, 4, 1), D(2017, 3, 31)),
    ("2016/2017", D(2016, 4, 1), D(2017, 3, 31)),
    ("2015-16 to 2020-21", D(2015, 4, 1), D(2021, 3, 31)),
])
def test_periods_as_the_files_name_them(text, start, end):
    assert surveys.parse_period(text) == (start, end)


@pytest.mark.parametrize("text", ["", "16", "2016-18", "2016 to 2015", "1066", "spring"])
def test_a_period_that_is_not_one_says_so(text):
    with pytest.raises(ValueError):
        surveys.parse_period(text)


def test_reading_the_perceptions_layout():
    read = surveys.read_pas(PERCEPTIONS)
    assert not read.rejected
    assert read.left_out_columns == ["Code", "Group", "Total Notifiable Offences rate"]
    assert [(f.line, f.area, f.measure, f.group, f.value) for f in read.figures] == [
        (3, "Borough - East", "% Excellent or Good", "", 80), (3, "Borough - East", "% Not very or not at all worried",
                                                               "", 70),
        (4, "Borough - West", "% Excellent or Good", "", 71), (4, "Borough - West", "% Not very or not at all worried",
                                                               "", 61)]


def test_reading_the_indicators_layout_with_groups_blank_rows_and_blank_cells():
    read = surveys.read_pas("\ufeff" + INDICATORS)
    assert not read.rejected and not read.left_out_columns
    assert [(f.area, f.group, f.value) for f in read.figures] == [
        ("Borough - East", "White British", 72), ("Borough - East", "Black", 59),
        ("Borough - West", "White British", 66)]
    assert read.figures[0].measure == "% Excellent/Good"
    assert read.blank_cells == 3 and read.areas_without_figures == ["Borough - Empty"]


def test_a_bad_file_is_rejected_with_every_problem_and_its_line():
    bad = PERCEPTIONS.replace("80,70", "eighty,170") + "Borough - West,WE-1,Group 11,71,61,N/A,extra\r\n"
    read = surveys.read_pas(bad)
    assert [line for line, _ in read.rejected] == [3, 3, 5]
    assert "'eighty' is not a number" in read.rejected[0][1]
    assert "170 is not a percentage" in read.rejected[1][1]
    assert read.rejected[2][1] == "more values than columns"
    assert surveys.read_pas("Ward,Question\r\n,\r\nA,1\r\n").rejected == [
        (1, "the file holds no figures: no column is labelled with what it counts (% ...)")]
    assert "must name the area" in surveys.read_pas("Crime,Count\r\n").rejected[0][1]
    assert surveys.read_pas("").rejected == [(1, "the file is empty")]
    repeated = PERCEPTIONS + "Borough - West,WE-1,Group 11,71,61,N/A\r\n"
    assert "repeats line 4" in surveys.read_pas(repeated).rejected[0][1]


def test_an_import_stores_the_figures_and_reads_the_survey_kpis(survey_kpis):
    coordinator = UserFactory(role=Role.COORDINATOR)
    outcome = surveys.survey_import(actor=coordinator, text=PERCEPTIONS, period="2016")
    assert outcome.result.ok and outcome.result.imported == 4
    assert SurveyResult.objects.filter(period_start=D(2016, 1, 1), period_end=D(2016, 12, 31)).count() == 4
    attitude = KPIReading.objects.get(kpi=survey_kpis["attitude"])
    assert (attitude.period_start, attitude.value, attitude.author) == (D(2016, 1, 1), 75.5, coordinator)
    assert "Mean of 2 neighbourhoods' figures, unweighted: Borough - East 80, Borough - West 71" in attitude.commentary
    assert KPIReading.objects.get(kpi=survey_kpis["concern"]).value == 65.5
    # the file has no question on gangs; a KPI of another source is never touched
    assert outcome.kpis_without_figures == ["Reduction in level of concern about gang violence: the file has no "
                                            "figure for all respondents to 'Are gangs a problem in this area?'"]
    assert not KPIReading.objects.filter(kpi=survey_kpis["manual"]).exists()


def test_a_pooled_period_or_figures_only_by_group_give_no_reading(survey_kpis):
    outcome = surveys.results_load(text=INDICATORS, period="2015-16 to 2020-21")
    assert outcome.result.imported == 3 and not outcome.readings
    assert outcome.kpis_without_figures[0] == "Public attitude survey: the period is longer than a year"
    assert not KPIReading.objects.exists()
    outcome = surveys.results_load(text=INDICATORS, period="2019-20")
    assert not outcome.readings  # no figure for all respondents
    KPI.objects.filter(pk=survey_kpis["gangs"].pk).update(name="Residents' trust")
    outcome = surveys.results_load(text=INDICATORS, period="2019-20")
    assert "Residents' trust: no survey question is known for it" in outcome.kpis_without_figures


def test_a_reimport_replaces_the_periods_figures_and_keeps_them_in_history(survey_kpis):
    surveys.results_load(text=PERCEPTIONS, period="2016")
    surveys.results_load(text=PERCEPTIONS.replace("80,70", "90,70"), period="2016")
    surveys.results_load(text=PERCEPTIONS, period="2017")
    assert SurveyResult.objects.count() == 8
    east = SurveyResult.objects.get(period_start=D(2016, 1, 1), area="Borough - East", indicator=HEADLINE)
    assert east.value == 90
    assert ChangeRecord.objects.filter(record_type="plans.surveyresult", action="delete").count() == 4
    assert KPIReading.objects.get(kpi=survey_kpis["attitude"], period_start=D(2016, 1, 1)).value == 80.5


def test_a_bad_file_imports_nothing(survey_kpis):
    outcome = surveys.results_load(text=PERCEPTIONS.replace("71,61", "71,x"), period="2016")
    assert not outcome.result.ok and outcome.result.rejected[0][0] == 4
    assert not SurveyResult.objects.exists() and not KPIReading.objects.exists()


def test_only_coordinators_import(survey_kpis):
    with pytest.raises(PermissionDenied):
        surveys.survey_import(actor=UserFactory(role=Role.ANALYST), text=PERCEPTIONS, period="2016")


def test_the_command(tmp_path, survey_kpis, capsys):
    path = tmp_path / "pas.csv"
    path.write_text(PERCEPTIONS, encoding="utf-8")
    call_command("import_survey", str(path), "--period", "2016")
    out = capsys.readouterr().out
    assert "Imported 4 figures for 2016." in out and "Code; Group; Total Notifiable Offences rate" in out
    assert "KPI reading: Public attitude survey = 75.5" in out
    path.write_text(PERCEPTIONS.replace("71,61", "71,x"), encoding="utf-8")
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_survey", str(path), "--period", "2017")
    with pytest.raises(CommandError, match="not a year"):
        call_command("import_survey", str(path), "--period", "last year")


def test_the_import_page_and_the_results_page(client, survey_kpis):
    client.force_login(UserFactory(role=Role.COORDINATOR))
    url = reverse("plans:survey_import")
    response = client.post(url, {"period": "", "file": SimpleUploadedFile("pas.csv", PERCEPTIONS.encode())})
    assert "Enter the period the file covers" in response.content.decode()
    bad = PERCEPTIONS.replace("71,61", "71,x").encode()
    response = client.post(url, {"period": "2016", "file": SimpleUploadedFile("pas.csv", bad)})
    assert "Nothing was imported: 1 problem" in response.content.decode()
    response = client.post(url, {"period": "2016", "file": SimpleUploadedFile("pas.csv", PERCEPTIONS.encode())},
                           follow=True)
    body = response.content.decode()
    assert "4 figures imported for 2016; 2 KPI readings made" in body
    assert "Borough - East" in body and "75.5" in body
    client.force_login(UserFactory(role=Role.ANALYST))
    assert client.get(url).status_code == 403
    assert client.get(reverse("plans:surveys")).status_code == 200
