"""Every deadline the 2017-2020 plan writes, interpreted."""

import datetime as dt
import json

import pytest

from saferplaces.plans.deadlines import interpret
from saferplaces.plans.importer import BUILT_IN

D = dt.date
CASES = {
    "31/03/2018": ("date", (D(2018, 3, 31),)),
    "30/06/2017": ("date", (D(2017, 6, 30),)),
    "Mar-18": ("month", (D(2018, 3, 31),)),
    "Nov-17": ("month", (D(2017, 11, 30),)),
    "Sep-17": ("month", (D(2017, 9, 30),)),
    "Feb-20": ("month", (D(2020, 2, 29),)),
    "Jul-17": ("month", (D(2017, 7, 31),)),
    "Aug-17": ("month", (D(2017, 8, 31),)),
    "Oct-17": ("month", (D(2017, 10, 31),)),
    "Dec-17": ("month", (D(2017, 12, 31),)),
    "Nov-18": ("month", (D(2018, 11, 30),)),
    "31/07/2017": ("date", (D(2017, 7, 31),)),
    "31/08/2017": ("date", (D(2017, 8, 31),)),
    "30/09/2017": ("date", (D(2017, 9, 30),)),
    "31/10/2017": ("date", (D(2017, 10, 31),)),
    "30/11/2018": ("date", (D(2018, 11, 30),)),
    "Monthly": ("recurring", ()),
    "Quarterly": ("recurring", ()),
    "Quarterly reporting": ("recurring", ()),
    "Annual review": ("recurring", ()),
    "Ongoing": ("ongoing", ()),
    "On going": ("ongoing", ()),
    "On Going": ("ongoing", ()),
    "Before school summer holidays": ("event", ()),
    "In line with meeting dates": ("event", ()),
    "On Exception": ("event", ()),
    "July / November March": ("several", (D(2017, 7, 31), D(2017, 11, 30), D(2018, 3, 31))),
    "June / December": ("several", (D(2017, 6, 30), D(2017, 12, 31))),
    "?": ("unknown", ()),
    "TBD": ("unknown", ()),
    "": ("unknown", ()),
    None: ("unknown", ()),
}


@pytest.mark.parametrize("text", list(CASES))
def test_deadline_kinds_and_dates(text):
    deadline = interpret(text)
    assert (deadline.kind, deadline.dates) == CASES[text]


def test_every_deadline_in_the_plan_is_interpreted():
    plan = json.loads(BUILT_IN.read_text())
    texts = {a["deadline"] for g in plan["groups"] for o in g["objectives"] for a in o["actions"]}
    assert texts <= set(CASES), f"deadlines without a test case: {texts - set(CASES)}"


def test_recurring_frequency():
    assert interpret("Quarterly reporting").frequency == "quarterly"
    assert interpret("Annual review").frequency == "annually"


@pytest.mark.parametrize("text,today,status", [
    ("31/03/2018", D(2018, 4, 1), "overdue"),
    ("31/03/2018", D(2018, 3, 10), "due_soon"),
    ("31/03/2018", D(2017, 10, 1), "upcoming"),
    ("Mar-18", D(2018, 3, 31), "due_soon"),
    ("July / November March", D(2017, 8, 15), "upcoming"),
    ("July / November March", D(2017, 11, 10), "due_soon"),
    ("July / November March", D(2018, 4, 2), "overdue"),
    ("Monthly", D(2030, 1, 1), "recurring"),
    ("Ongoing", D(2030, 1, 1), "ongoing"),
    ("Before school summer holidays", D(2030, 1, 1), "no_date"),
    ("TBD", D(2030, 1, 1), "no_date"),
])
def test_overdue_and_due_soon_follow_from_the_kind(text, today, status):
    assert interpret(text).status(today) == status


def test_complete_actions_are_never_overdue():
    assert interpret("31/03/2018").status(D(2019, 1, 1), complete=True) == "complete"
