"""The proven re-offending measure: each definition's boundary by hand, a plain-Python cross-check on
generated cohorts, Kaplan–Meier on a textbook example, the bootstrap's seed, and the command line."""

import datetime as dt
import json

import numpy as np
import pandas as pd
import pytest

from saferplaces.evidence import api
from saferplaces.evidence.cli import main
from saferplaces.evidence.harm import load_weights
from saferplaces.evidence.reoffending import kaplan_meier
from tests.evidence.reoffending_reference import measure

D = dt.date.fromisoformat
START = "2024-01-01"  # follow-up 2024-01-01 .. 2024-12-30 (365 days); waiting to 2025-06-30 (182 days)


def run(offences, cohort=None, **options):
    rows = [dict(zip(("person_id", "offence_date", "offence", "outcome_date"), row)) for row in offences]
    people = cohort or [{"person_id": p, "start_date": START} for p in sorted({r["person_id"] for r in rows})]
    return api.reoffending_from_rows(rows, people, resamples=options.pop("resamples", 20), **options)


def counts(offences):
    report = run(offences)
    return report.cohort.offences_before, report.cohort.offences_after


@pytest.mark.parametrize(("offence", "expected"), [
    # (offence date, outcome date) → (before, after)
    (("2024-12-30", "2025-01-05"), (0, 1)),   # committed on the last day of the follow-up
    (("2024-12-31", "2025-01-05"), (0, 0)),   # the day after it
    (("2024-06-01", "2025-06-30"), (0, 1)),   # proven on the waiting period's last day
    (("2024-06-01", "2025-07-01"), (0, 0)),   # proven one day late
    (("2024-01-01", "2024-02-01"), (0, 1)),   # committed on the start day: after
    (("2023-12-31", "2024-02-01"), (1, 0)),   # the day before: before
    (("2023-01-01", "2023-02-01"), (1, 0)),   # first day of the before period
    (("2022-12-31", "2023-02-01"), (0, 0)),   # before the before period
    (("2023-06-01", "2025-12-01"), (1, 0)),   # before, proven much later: still proven
    (("2024-06-01", None), (0, 0)),           # blank outcome: not proven, after
    (("2023-06-01", None), (0, 0)),           # blank outcome: not proven, before
])
def test_definition_boundaries(offence, expected):
    assert counts([("p", offence[0], "Burglary", offence[1])]) == expected


def test_hand_worked_cohort():
    offences = [
        ("a", "2023-06-01", "Burglary", "2023-07-01"),     # before
        ("a", "2024-01-10", "Burglary", "2024-03-01"),     # after, day 9
        ("a", "2024-02-01", "Shoplifting", "2024-03-01"),  # after
        ("b", "2024-03-01", "Robbery", None),              # not proven
        ("c", "2024-04-10", "Robbery", "2024-05-01"),      # after, day 100
        ("x", "2024-04-10", "Robbery", "2024-05-01"),      # not in the cohort
    ]
    cohort = [{"person_id": p, "start_date": START} for p in "abcd"]
    report = run(offences, cohort)
    burglary, shoplifting, robbery = (load_weights("css-style").weight(t)
                                      for t in ("Burglary", "Shoplifting", "Robbery"))
    assert (report.cohort.people, report.cohort.reoffenders, report.offences_of_other_people) == (4, 2, 1)
    assert report.cohort.binary_rate.value == pytest.approx(0.5)
    assert report.cohort.offences_per_person_before.value == pytest.approx(0.25)
    assert report.cohort.offences_per_person_after.value == pytest.approx(0.75)
    assert report.cohort.offences_per_reoffender.value == pytest.approx(1.5)
    assert report.cohort.severity_per_person_before.value == pytest.approx(burglary / 4)
    assert report.cohort.severity_per_person_after.value == pytest.approx((burglary + shoplifting + robbery) / 4)
    survival = {k: e.value for k, e in report.cohort.days_to_first.items()}
    assert survival == pytest.approx({"30": 0.75, "90": 0.75, "180": 0.5, "365": 0.5})
    caveats = {c.name: c.applies for c in report.caveats}
    assert caveats["small numbers"] and caveats["regression to the mean"] and caveats["selection into the cohort"]


def test_unknown_offences_are_weighted_as_other_crime_and_listed():
    report = run([("p", "2024-02-01", "theft of a pedal cycle", "2024-03-01")])
    assert report.offences_weighted_as_other == ("theft of a pedal cycle",)
    other_crime = load_weights("css-style").weight("Other crime")
    assert report.cohort.severity_per_person_after.value == pytest.approx(other_crime)


def generated(seed, people=300, offences=3000):
    rng = np.random.default_rng(seed)
    base = D("2022-01-01")
    cohort = {f"p{i}": base + dt.timedelta(days=int(d)) for i, d in enumerate(rng.integers(400, 800, people))}
    names = ["Burglary", "Robbery", "Shoplifting", "Drugs", "common assault"]
    rows = []
    for _ in range(offences):
        person = f"p{rng.integers(0, people + 20)}"  # some not in the cohort
        committed = base + dt.timedelta(days=int(rng.integers(0, 1500)))
        proven = None if rng.random() < 0.2 else committed + dt.timedelta(days=int(rng.integers(0, 400)))
        rows.append((person, committed, names[rng.integers(0, len(names))], proven))
    return rows, cohort


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_equals_plain_python_on_generated_cohorts(seed):
    rows, cohort = generated(seed)
    harm = load_weights("chi-style")
    expected = measure(rows, cohort, lambda o: harm.weights.get(o, harm.weight("Other crime")))
    report = api.reoffending_from_rows(
        [dict(zip(("person_id", "offence_date", "offence", "outcome_date"), r)) for r in rows],
        [{"person_id": p, "start_date": s} for p, s in cohort.items()], harm="chi-style", resamples=5)
    assert (report.cohort.people, report.cohort.reoffenders) == (expected["people"], expected["reoffenders"])
    for name in ("binary_rate", "binary_rate_before", "offences_per_person_before", "offences_per_person_after",
                 "offences_per_reoffender", "severity_per_person_before", "severity_per_person_after"):
        assert getattr(report.cohort, name).value == pytest.approx(expected[name]), name
    assert {k: e.value for k, e in report.cohort.days_to_first.items()} == pytest.approx(expected["days_to_first"])


def test_kaplan_meier_textbook_example_with_censoring():
    # Freireich et al. (1963) 6-MP arm, as in Kaplan & Meier's method's textbook treatments
    # (e.g. Kleinbaum & Klein, Survival Analysis, ch. 2): weeks of remission, + censored.
    data = "6 6 6 6+ 7 9+ 10 10+ 11+ 13 16 17+ 19+ 20+ 22 23 25+ 32+ 32+ 34+ 35+"
    time = np.array([int(v.rstrip("+")) for v in data.split()])
    event = np.array([not v.endswith("+") for v in data.split()])
    # S(at) covers days before ``at``: S(7) is the textbook S(6), and so on.
    survival = kaplan_meier(time, event, (7, 10, 11, 16, 17, 23, 24, 36))
    assert survival == pytest.approx([0.8571, 0.8067, 0.7529, 0.6902, 0.6275, 0.5378, 0.4482, 0.4482], abs=1e-4)


def test_observed_until_censors_days_to_first():
    cohort = [{"person_id": "a", "start_date": START}, {"person_id": "b", "start_date": START,
                                                         "observed_until": "2024-01-20"},
              {"person_id": "c", "start_date": START}]
    report = run([("c", "2024-02-01", "Burglary", "2024-03-01")], cohort)
    # b is censored after day 19; c re-offends on day 31, with a and c at risk: S = 1/2.
    assert report.cohort.days_to_first["90"].value == pytest.approx(0.5)
    assert report.cohort.people_observed_less_than_follow_up == 1
    assert "incomplete follow-up" in {c.name for c in report.caveats}


def test_bootstrap_is_reproducible_and_seeded():
    rows, cohort = generated(4, people=100, offences=600)
    args = ([dict(zip(("person_id", "offence_date", "offence", "outcome_date"), r)) for r in rows],
            [{"person_id": p, "start_date": s} for p, s in cohort.items()])
    one, two = (api.reoffending_from_rows(*args, resamples=200, seed=7) for _ in range(2))
    other = api.reoffending_from_rows(*args, resamples=200, seed=8)
    assert one == two
    assert one.cohort.binary_rate != other.cohort.binary_rate
    assert one.cohort.binary_rate.low < one.cohort.binary_rate.value < one.cohort.binary_rate.high


def test_comparison_and_difference_in_differences():
    offences = [("a", "2023-06-01", "Burglary", "2023-07-01"), ("a", "2023-07-01", "Burglary", "2023-08-01"),
                ("b", "2023-06-01", "Burglary", "2023-07-01"), ("b", "2024-06-01", "Burglary", "2024-07-01")]
    rows = [dict(zip(("person_id", "offence_date", "offence", "outcome_date"), r)) for r in offences]
    report = api.reoffending_from_rows(rows, [{"person_id": "a", "start_date": START}],
                                       [{"person_id": "b", "start_date": START}], resamples=10)
    # cohort: 2 → 0 offences per person; comparison 1 → 1; difference in differences −2.
    assert report.difference_in_differences["offences_per_person"].value == pytest.approx(-2)
    assert report.difference_in_differences["binary_rate"].value == pytest.approx(-1)
    assert report.comparison.people == 1
    with pytest.raises(api.ParameterError, match="both the cohort and the comparison"):
        api.reoffending_from_rows(rows, [{"person_id": "a", "start_date": START}],
                                  [{"person_id": "a", "start_date": START}])


def write(path, frame):
    pd.DataFrame(frame).to_csv(path, index=False)
    return str(path)


def test_cli_json_contract(tmp_path, capsys):
    offences = write(tmp_path / "o.csv", {"person_id": ["a", "b"], "offence_date": ["2024-02-01", "2023-02-01"],
                                          "offence": ["Burglary", "Robbery"], "outcome_date": ["2024-03-01", ""]})
    cohort = write(tmp_path / "c.csv", {"person_id": ["a", "b"], "start_date": [START, START]})
    comparison = write(tmp_path / "k.csv", {"person_id": ["z"], "start_date": [START]})
    assert main(["reoffending", offences, "--cohort", cohort, "--comparison", comparison, "--follow-up", "365",
                 "--waiting", "182", "--harm", "chi-style", "--resamples", "50", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    for key in ("people", "reoffenders", "binary_rate", "offences_per_person_before", "offences_per_person_after",
                "offences_per_reoffender", "severity_per_person_before", "severity_per_person_after",
                "days_to_first", "comparison", "difference_in_differences", "caveats"):
        assert key in data, key
    assert data["people"] == 2 and data["binary_rate"]["value"] == 0.5
    assert set(data["binary_rate"]) == {"value", "low", "high"}
    assert set(data["days_to_first"]) == {"30", "90", "180", "365"}
    assert data["harm"] == "chi-style" and data["resamples"] == 50


def test_cli_errors_name_every_bad_row(tmp_path, capsys):
    offences = write(tmp_path / "o.csv", {"person_id": ["a", ""], "offence_date": ["2024-13-01", "2024-01-01"],
                                          "offence": ["Burglary", "Robbery"], "outcome_date": ["", "2023-01-01"]})
    cohort = write(tmp_path / "c.csv", {"person_id": ["a"], "start_date": [START]})
    assert main(["reoffending", offences, "--cohort", cohort]) == 1
    error = capsys.readouterr().err
    assert "line 2: offence_date '2024-13-01' is not a date" in error
    assert "line 3: person_id is blank" in error and "line 3: outcome_date is before offence_date" in error
    assert main(["reoffending", offences, "--cohort", str(tmp_path / "none.csv")]) == 1
    assert main(["reoffending", str(tmp_path / "c.csv"), "--cohort", cohort]) == 1
    assert "missing column(s) offence_date, offence, outcome_date" in capsys.readouterr().err
    assert main(["reoffending", cohort, "--cohort", cohort, "--follow-up", "0"]) == 1
    assert "(see --follow-up)" in capsys.readouterr().err


def test_duplicate_cohort_member_is_refused():
    with pytest.raises(api.InputError, match="appears twice"):
        api.reoffending_from_rows([], [{"person_id": "a", "start_date": START}] * 2)
