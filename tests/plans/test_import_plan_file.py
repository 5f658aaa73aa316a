"""The built-in plan file, corrected against the strategy's body: its counts pinned, its recovered cells
and its KPIs one indicator each (Safer Westminster Partnership Strategy 2017-2020, body and appendix)."""

import pytest

from saferplaces.plans.importer import plan_import, read_plan
from saferplaces.plans.models import KPI, Action, Direction, Objective, Unit

# Objectives per group and per CONTEST strand, and actions: 23 objectives, 86 actions.
OBJECTIVES = {"victim": 6, "offender": 5, "location": 1, "contest": 11}
STRANDS = {"Protect": 3, "Prepare": 4, "Prevent": 4}
CT_DEPLOYMENT = ["Number of Stop & Search", "Number of Stop & Account", "Number of s43 Stops",
                 "Suspect Package Calls", "CT Intelligence Reports", "Number of vehicle stops"]


def _walk(plan):
    for group in plan["groups"]:
        for objective in group["objectives"]:
            for action in objective["actions"]:
                yield group, objective, action


def test_the_file_counts():
    plan = read_plan()
    assert {g["key"]: len(g["objectives"]) for g in plan["groups"]} == OBJECTIVES
    assert sum(1 for _ in _walk(plan)) == 86
    contest = next(g for g in plan["groups"] if g["key"] == "contest")
    assert {s: sum(o.get("strand") == s for o in contest["objectives"]) for s in STRANDS} == STRANDS


def test_every_ref_is_unique_and_every_kpi_is_one_indicator():
    plan = read_plan()
    refs = [o["ref"] for g in plan["groups"] for o in g["objectives"]]
    for _, _, action in _walk(plan):
        refs.append(action["ref"])
        refs.extend(kpi["ref"] for kpi in action["kpis"])
        for kpi in action["kpis"]:
            assert ";" not in kpi["name"], kpi["name"]
    assert len(refs) == len(set(refs))


@pytest.fixture
def plan(db):
    return plan_import()


def test_victim_objective_3_is_restored_with_its_actions_and_kpi(plan):
    victim = Objective.objects.filter(group__key="victim")
    assert list(victim.values_list("number", flat=True)) == ["1", "2", "3", "4", "5", "6"]
    v3 = victim.get(number="3")
    assert v3.text.startswith("Provide bespoke support to vulnerable young victims")
    assert [a.text[:20] for a in v3.actions.order_by("order")] == ["Improve linkages bet", "Young womens advocat"]
    assert victim.get(number="2").actions.count() == 3
    kpi = KPI.objects.get(action__objective=v3, name__contains="positive outcome")
    assert (kpi.unit, kpi.target, kpi.direction) == (Unit.PERCENTAGE, 80, Direction.UP)


def test_prevent_4_and_the_recovered_cells(plan):
    assert Objective.objects.filter(strand="Prevent", number="Prevent 4",
                                    text__startswith="Support and safeguard individuals").exists()
    assert Objective.objects.filter(number="Prepare 4", text__contains="Business Continuity Plans and Executive "
                                    "Business Impact Assessments").exists()
    first = Action.objects.get(objective__group__key="victim", objective__number="1", order=1)
    assert "minimum set of standards for housing providers" in first.text
    assert "uncertain" in first.note


def test_compound_kpi_cells_are_split(plan):
    deployments = Action.objects.get(text__startswith="Review deployments of PSO")
    assert list(deployments.kpis.order_by("pk").values_list("name", flat=True)) == CT_DEPLOYMENT
    assert set(deployments.kpis.values_list("cadence", flat=True)) == {"monthly"}
    employment = Action.objects.get(kpi_text__contains="65 programme starts")
    assert sorted(employment.kpis.values_list("target", flat=True)) == [25, 30, 65]
    # The cells that name no indicator make no KPI; the cell stays visible on the action.
    assert not KPI.objects.filter(name__in=["N/A", "TBD", "Awaiting confirmation"]).exists()
    assert KPI.objects.count() == 78


def test_prepare_leads_and_deadlines_keep_their_rows(plan):
    prepare = Action.objects.filter(objective__strand="Prepare").order_by("objective__order", "order")
    rows = [(a.lead, a.deadline_text) for a in prepare]
    assert rows[0] == ("Peter Reeves", "31/03/2018")
    assert rows[7] == ("Peter Reeves", "30/06/2017")          # the tabletop exercise
    assert rows[8] == ("Peter Reeves", "31/07/2017")          # London Fire Brigade training
    assert rows[9:] == [("Stephen Ansah", "31/10/2017"), ("Stephen Ansah", "Quarterly"), ("", "")]
    assert "uncertain lead" in prepare[11].note
