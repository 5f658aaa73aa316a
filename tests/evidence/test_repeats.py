"""Repeat victimisation on hand-worked examples, and a cross-check against pandas rolling windows."""

import json

import numpy as np
import pandas as pd
import pytest

from saferplaces.evidence.cli import main
from saferplaces.evidence.errors import EvidenceError
from saferplaces.evidence.repeats import flag_repeats, repeat_victimisation, victimisations_from_frame


def frame(rows):
    return pd.DataFrame(rows, columns=["victim_id", "date", "crime_type", "attempt", "address", "area"])


# Data from 2023-01-01; counting starts 2024-01-01 (365 days later).
ROWS = [
    ("start", "2023-01-01", "theft", "", "", "A"),              # history only, opens the window
    ("A", "2023-06-01", "burglary", "", "1 High St", "A"),      # history only
    ("A", "2024-03-01", "burglary", "yes", "1 High Street", "A"),  # repeat (274 days), an attempt
    ("A", "2024-03-05", "burglary", "", "1 high st.", "A"),     # repeat (4 days)
    ("B", "2024-02-01", "burglary", "", "2 Low Rd", "B"),       # first
    ("B", "2024-02-01", "theft", "", "2 Low Rd", "B"),          # other type: not a repeat
    ("C", "2024-01-10", "asb", "", "", "B"),                    # first
    ("C", "2024-02-20", "asb", "", "", "B"),                    # repeat (41 days)
    ("D", "2023-01-15", "asb", "", "", "B"),                    # history only
    ("D", "2024-01-20", "asb", "", "", "B"),                    # 370 days later: not a repeat
]


def test_hand_worked_figures():
    report = repeat_victimisation(victimisations_from_frame(frame(ROWS)))
    assert (report.data_from, report.counted_from, report.data_to) == ("2023-01-01", "2024-01-01", "2024-03-05")
    assert report.events_without_full_lookback == 3
    o = report.overall
    # Counted: A x2, B x2, C x2, D x1 = 7 events by 4 victims; repeats: A x2, C x1.
    assert (o.events, o.victims, o.repeat_events, o.repeat_victims) == (7, 4, 3, 2)
    assert o.concentration == pytest.approx(7 / 4)
    assert o.repeat_victim_rate == pytest.approx(2 / 4)
    assert o.share_of_events_to_repeat_victims == pytest.approx(4 / 7)  # A's 2 and C's 2
    assert o.attempts == 1
    assert o.repeats_within["7"] == {"repeats": 1, "share_of_repeats": pytest.approx(1 / 3)}
    assert o.repeats_within["90"]["repeats"] == 2  # 4 and 41 days; 274 is beyond
    burglary = report.by_group["burglary"]
    assert (burglary.events, burglary.victims, burglary.repeat_events, burglary.repeat_victims) == (3, 2, 2, 1)
    assert report.by_area["B"].repeat_victims == 1 and report.by_area["B"].events == 5  # B x2, C x2, D
    # Repeat locations match exact addresses after case and punctuation: "1 high st." is
    # "1 High St" (history, 278 days before), but "1 High Street" is another address.
    assert report.locations.events == 4  # A's two and B's two counted events with an address
    assert report.locations.victims == 3  # 1 high street, 1 high st, 2 low rd
    assert report.locations.repeat_events == 1
    assert report.locations.repeats_within["90"]["repeats"] == 0
    assert "2024-01-01" in report.note and "3 earlier event(s)" in report.note


def test_repeat_location_from_exact_address_and_population_rates():
    rows = [("x", "2020-01-01", "burglary", "", "", ""),
            ("p1", "2021-01-10", "burglary", "", "5 Elm Close", "A"),
            ("p2", "2021-02-10", "burglary", "no", "5 ELM  close", "A")]  # another victim, same house
    report = repeat_victimisation(victimisations_from_frame(frame(rows)), population=2000)
    assert report.overall.repeat_victims == 0
    assert report.locations.repeat_events == 1 and report.locations.victims == 1
    assert report.top_locations == [{"address": "5 elm close", "events": 2, "repeat_events": 1}]
    assert report.overall.incidence_per_1000 == pytest.approx(1.0)
    assert report.overall.prevalence_per_1000 == pytest.approx(1.0)


def test_groups_make_types_the_same():
    rows = [("x", "2020-01-01", "theft", "", "", ""),
            ("v", "2021-03-01", "burglary", "", "", ""),
            ("v", "2021-04-01", "robbery", "", "", "")]
    plain = repeat_victimisation(victimisations_from_frame(frame(rows)))
    grouped = repeat_victimisation(victimisations_from_frame(frame(rows)),
                                   groups={"acquisitive": ["burglary", "robbery"]})
    assert plain.overall.repeat_events == 0
    assert grouped.overall.repeat_events == 1
    assert set(grouped.by_group) == {"acquisitive"}


def test_flags_match_pandas_rolling_window():
    rng = np.random.default_rng(4)
    n = 3000
    key = rng.integers(0, 300, n).astype(str)
    group = rng.choice(["a", "b", "c"], n)
    day = rng.integers(0, 1500, n)
    repeat, _ = flag_repeats(key, group, day, 365)
    df = pd.DataFrame({"k": key, "g": group, "date": pd.to_datetime(day, unit="D"), "i": np.arange(n)})
    df = df.sort_values(["k", "g", "date", "i"])
    # Reference: count of same-key same-group events in the closed window of 365 days ending at each one.
    counts = (df.set_index("date").groupby(["k", "g"])["i"].rolling("365D", closed="both").count())
    reference = pd.Series(counts.to_numpy() > 1, index=df["i"].to_numpy()).sort_index().to_numpy()
    assert (repeat == reference).all()


def test_every_bad_row_is_reported():
    rows = [("a", "2024-13-01", "theft", "", "", ""), ("", "2024-01-01", "theft", "", "", ""),
            ("b", "2024-01-01", "", "maybe", "", "")]
    with pytest.raises(EvidenceError) as error:
        victimisations_from_frame(frame(rows))
    message = str(error.value)
    assert "4 problem(s)" in message
    for fragment in ("line 2: date '2024-13-01'", "line 3: victim_id is blank", "line 4: crime_type is blank",
                     "line 4: attempt 'maybe'"):
        assert fragment in message


def test_cli_json(tmp_path, capsys):
    path = tmp_path / "victims.csv"
    frame(ROWS).to_csv(path, index=False)
    groups = tmp_path / "groups.json"
    groups.write_text(json.dumps({"property": ["burglary", "theft"]}))
    assert main(["repeats", str(path), "--json", "--groups", str(groups)]) == 0
    payload = json.loads(capsys.readouterr().out)
    # With burglary and theft one group, B's theft on the day of their burglary is a repeat.
    assert payload["overall"]["repeat_events"] == 4
    assert payload["counted_from"] == "2024-01-01"
    assert main(["repeats", str(tmp_path / "missing.csv"), "--json"]) == 1
