import datetime as dt
import json

import numpy as np
import pytest

from saferplaces.evidence import near_repeat_kernels as kernels
from saferplaces.evidence.cli import main
from saferplaces.evidence.errors import EvidenceError
from saferplaces.evidence.events import Events, events_from_arrays, load_events
from saferplaces.evidence.near_repeat import knox_test, near_repeat_chains

START = dt.date(2020, 1, 1)
DISTANCE = (0, 1, 100, 200, 300, 400)
TIME = (0, 7, 14, 21, 28, 35)


def make(x, y, days, resolution="day"):
    events = events_from_arrays(range(len(x)), [START + dt.timedelta(days=int(d)) for d in days], x, y)
    if resolution != "day":
        events = Events(events.ids, events.day, events.minute, events.x, events.y, events.crime_type, resolution)
    return events


def brute_force(x, y, days, d_edges, t_edges, metric):
    """Every pair of events, counted by nested loops."""
    table = np.zeros((len(d_edges) - 1, len(t_edges) - 1), dtype=int)
    for a in range(len(x)):
        for b in range(a + 1, len(x)):
            dx, dy = x[a] - x[b], y[a] - y[b]
            d = np.hypot(dx, dy) if metric == "euclidean" else abs(dx) + abs(dy)
            t = abs(int(days[a]) - int(days[b]))
            for i in range(len(d_edges) - 1):
                for k in range(len(t_edges) - 1):
                    if d_edges[i] <= d < d_edges[i + 1] and t_edges[k] <= t < t_edges[k + 1]:
                        table[i, k] += 1
    return table


def random_events(seed, n=150):
    rng = np.random.default_rng(seed)
    x, y = rng.uniform(0, 1500, n), rng.uniform(0, 1500, n)
    x[:15], y[:15] = x[15:30], y[15:30]  # some repeats at the same place
    days = rng.integers(0, 90, n)
    return x, y, days


@pytest.mark.parametrize("metric", ["euclidean", "manhattan"])
@pytest.mark.parametrize("seed", [1, 2])
def test_observed_table_equals_brute_force_count(metric, seed):
    x, y, days = random_events(seed)
    d_edges, t_edges = (0, 1, 100, 250, 400, 700), (0, 3, 7, 14, 30)
    result = knox_test(make(x, y, days), distance_bands=d_edges, time_bands=t_edges, permutations=19,
                       seed=1, metric=metric)
    expected = brute_force(x, y, days, d_edges, t_edges, metric)
    assert expected.sum() > 100  # the data do fill the table
    np.testing.assert_array_equal(result.observed, expected)
    # the pair list holds exactly the pairs within the distance edges, not every pair of events
    everything = brute_force(x, y, days, d_edges, (0, 10**6), metric)
    assert result.close_pairs == everything.sum() < len(x) * (len(x) - 1) // 4


def _splitmix(state):
    mask = (1 << 64) - 1
    state = (state + 0x9E3779B97F4A7C15) & mask
    z = state
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & mask
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & mask
    return state, z ^ (z >> 31)


def _shuffled(values, seed):
    """The documented permutation (SplitMix64, Fisher-Yates, multiply-shift draw) in plain Python."""
    values, state = list(values), int(seed)
    for i in range(len(values) - 1, 0, -1):
        state, z = _splitmix(state)
        k = ((z >> 32) * (i + 1)) >> 32
        values[i], values[k] = values[k], values[i]
    return np.array(values)


@pytest.mark.parametrize("span", ["int16 lanes", "int32 lanes"])
def test_every_simulated_table_equals_a_brute_force_count_of_its_permutation(span):
    x, y, days = random_events(5, n=80)
    if span == "int32 lanes":  # a date 100 years on: past 2**15 days, so the kernel counts in int32
        days[7] = 36600
    d_edges, t_edges = np.array([0, 1, 150, 400.0]), np.array([0, 5, 20, 40])
    order = kernels.grid_order(x, y, 400.0)
    x, y, days = x[order], y[order], days[order]
    offsets, neighbours = kernels.close_pairs(x, y, d_edges, False)
    seeds = np.random.SeedSequence(3).generate_state(70, np.uint64)  # more than one block of lanes
    below = kernels.simulated_counts(days.astype(np.float32), offsets, neighbours, 3,
                                     tuple(np.float32(e) for e in t_edges[1:]), seeds)
    for q in (0, 1, 63, 64, 69):
        permuted = _shuffled(days, seeds[q])
        table = brute_force(x, y, permuted, d_edges, t_edges, "euclidean")
        np.testing.assert_array_equal(np.diff(below[q], axis=1, prepend=0), table)


def test_a_stray_point_far_away_changes_nothing_but_its_own_pairs():
    x, y, days = random_events(9, n=60)
    x, y = x + 529000, y + 180000
    x, y, days = np.append(x, 0.0), np.append(y, 0.0), np.append(days, 3)  # a zeroed coordinate
    result = knox_test(make(x, y, days), distance_bands=DISTANCE, time_bands=TIME, permutations=9, seed=1)
    np.testing.assert_array_equal(result.observed, brute_force(x, y, days, DISTANCE, TIME, "euclidean"))
    assert result.observed.sum() > 0


def test_documented_band_of_a_pair_100_m_and_3_days_apart():
    result = knox_test(make([0.0, 100.0], [0.0, 0.0], [0, 3]), distance_bands=DISTANCE, time_bands=TIME,
                       permutations=9, seed=1)
    assert result.distance_labels[2] == "[100, 200) m" and result.time_labels[0] == "[0, 7) days"
    assert result.band(100, 3) == (2, 0)
    expected = np.zeros((5, 5), dtype=int)
    expected[2, 0] = 1
    np.testing.assert_array_equal(result.observed, expected)
    assert "two events 100 m and 3 days apart are in distance band [100, 200) m, time band [0, 7) days" \
        in result.convention
    assert result.distance_labels[0] == "same location [0, 1) m"


def test_values_on_an_edge_go_to_the_band_above():
    # 0 and 1 share a place, 7 days apart; 2 is 1 m from them; 3 is exactly 100 m from 0 and 1
    # (a 60-80-100 triangle); 4 and 5 are exactly 500 m apart (the last edge); 6 is 10 m from 0,
    # exactly 35 days (the last edge) after it
    x = [0.0, 0.0, 1.0, 60.0, 1000.0, 1300.0, 0.0]
    y = [0.0, 0.0, 0.0, 80.0, 0.0, 400.0, 10.0]
    days = [0, 7, 0, 14, 35, 0, 35]
    d_edges, t_edges = (0, 1, 100, 200, 500), (0, 7, 14, 35)
    result = knox_test(make(x, y, days), distance_bands=d_edges, time_bands=t_edges, permutations=9, seed=1)
    np.testing.assert_array_equal(result.observed, brute_force(x, y, days, d_edges, t_edges, "euclidean"))
    expected = np.zeros((4, 3), dtype=int)
    expected[0, 1] = 1  # 0-1: 0 m, exactly 7 days: [0, 1) m x [7, 14) days
    expected[1, 0] = 1  # 0-2: exactly 1 m, same day: [1, 100) m x [0, 7)
    expected[1, 1] = 1  # 1-2: 1 m, 7 days
    expected[2, 2] = 1  # 0-3: exactly 100 m and 14 days: [100, 200) x [14, 35)
    expected[2, 1] = 1  # 1-3: 100 m, 7 days
    expected[1, 2] = 3  # 2-3 (99.4 m, 14 days), 6-1 (10 m, 28 days), 6-3 (92 m, 21 days)
    # not counted: 4-5 (500 m), 6-0 and 6-2 (35 days), and everything farther
    np.testing.assert_array_equal(result.observed, expected)


def test_pairs_beyond_the_last_edges_are_not_counted():
    # A-B 50 m and 40 days apart (beyond the time edges); A-C 450 m and 1 day (beyond the distance edges)
    result = knox_test(make([0.0, 50.0, 450.0], [0.0, 0.0, 0.0], [0, 40, 1]), distance_bands=DISTANCE,
                       time_bands=TIME, permutations=9, seed=1)
    assert result.observed.sum() == 0
    assert result.band(50, 40) is None and result.band(450, 1) is None


def test_p_value_formula_on_a_hand_made_case():
    # A and B share a place, C is far away. Dates 0, 0, 100: the A-B pair is 0 days apart only when
    # the two 0s land on A and B, which a random permutation does with probability 1/3.
    events = make([0.0, 0.0, 5000.0], [0.0, 0.0, 0.0], [0, 0, 100])
    result = knox_test(events, distance_bands=(0, 1), time_bands=(0, 7), permutations=2999, seed=4)
    assert result.observed.tolist() == [[1]]
    hits = int((result.simulated[:, 0, 0] >= 1).sum())
    assert set(np.unique(result.simulated).tolist()) == {0, 1}
    assert result.p[0, 0] == (1 + hits) / 3000
    assert result.expected_mean[0, 0] == hits / 2999
    assert abs(hits / 2999 - 1 / 3) < 4 * np.sqrt(2 / 9 / 2999)
    assert result.ratio[0, 0] == pytest.approx(1 / result.expected_mean[0, 0])


def test_ratio_is_nan_where_nothing_is_expected_and_p_is_one_when_every_permutation_matches():
    # all pairs share a distance band, so permuting dates cannot change any count
    events = make([0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0], [0, 1, 9, 30])
    result = knox_test(events, distance_bands=(0, 1, 10), time_bands=(0, 7, 14), permutations=99, seed=2)
    # gaps 1 | 9, 8 | 30, 29, 21 days: one pair in [0, 7), two in [7, 14), three beyond 14
    np.testing.assert_array_equal(result.observed, [[1, 2], [0, 0]])
    np.testing.assert_array_equal(result.expected_mean, result.observed)
    np.testing.assert_array_equal(result.p, np.ones((2, 2)))
    assert result.ratio[0, 0] == 1.0 and np.isnan(result.ratio[1, 0])


def test_seeded_runs_repeat_and_other_seeds_differ():
    x, y, days = random_events(7, n=120)
    events = make(x, y, days)

    def run(seed):
        return knox_test(events, distance_bands=DISTANCE, time_bands=TIME, permutations=99, seed=seed)

    first, again, other = run(11), run(11), run(12)
    np.testing.assert_array_equal(first.simulated, again.simulated)
    np.testing.assert_array_equal(first.p, again.p)
    assert not np.array_equal(first.simulated, other.simulated)


def test_month_dates_are_refused_unless_month_bands_are_asked_for():
    events = make([0.0, 10.0, 20.0], [0.0, 0.0, 0.0], [0, 31, 60], resolution="month")
    with pytest.raises(EvidenceError, match="month-only dates.*month bands"):
        knox_test(events, distance_bands=DISTANCE, time_bands=TIME, permutations=9, seed=1)
    with pytest.raises(EvidenceError, match="month-only dates"):
        near_repeat_chains(events, distance=100, days=14)
    # 2020-01-01, 2020-02-01, 2020-03-01: 1, 2 and 1 calendar months apart
    result = knox_test(events, distance_bands=(0, 100), time_bands=(0, 1, 2, 3), permutations=9, seed=1,
                       month_bands=True)
    assert result.time_unit == "months" and result.time_labels[1] == "[1, 2) months"
    assert result.observed.tolist() == [[0, 2, 1]]


def test_bad_arguments_say_what_to_fix():
    events = make([0.0, 1.0], [0.0, 0.0], [0, 1])
    for kwargs, message in [({"distance_bands": (0, 100, 50)}, "increase"), ({"time_bands": (0, 3.5)}, "whole"),
                            ({"metric": "chebyshev"}, "metric"), ({"permutations": 0}, "permutations"),
                            ({"distance_bands": (-1, 5)}, "negative"), ({"seed": None}, "seed")]:
        arguments = {"distance_bands": DISTANCE, "time_bands": TIME, "permutations": 9, "seed": 1} | kwargs
        with pytest.raises(EvidenceError, match=message):
            knox_test(events, **arguments)


def test_chains_on_a_hand_made_example():
    # 0-1-2 linked in a line (each 80 m and 5 days from the next, 0 and 2 too far apart to link
    # directly); 3-4 exactly 100 m and 14 days apart (inclusive: linked); 5 is 100 m from 4 but
    # 15 days away; 6 is 101 m from 3 on the same day; 7 alone
    x = [0.0, 80.0, 160.0, 1000.0, 1100.0, 1200.0, 1000.0, 5000.0]
    y = [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 101.0, 0.0]
    days = [0, 5, 10, 50, 64, 79, 50, 0]
    result = near_repeat_chains(make(x, y, days), distance=100, days=14)
    assert result.chain.tolist() == [0, 0, 0, 1, 1, -1, -1, -1]
    assert result.sizes.tolist() == [3, 2]
    assert result.distribution == ((2, 1), (3, 1))
    assert result.links == 3 and result.events_in_chains == 5
    assert result.members(1).tolist() == [3, 4]
    manhattan = near_repeat_chains(make([0.0, 60.0], [0.0, 60.0], [0, 0]), distance=100, days=0,
                                   metric="manhattan")
    assert manhattan.sizes.tolist() == []  # 120 m by the street grid, 85 m as the crow flies


def write_csv(tmp_path, rows, name="events.csv"):
    path = tmp_path / name
    path.write_text("id,date,x,y\n" + "".join(f"{r[0]},{r[1]},{r[2]},{r[3]}\n" for r in rows))
    return path


def test_cli_prints_the_contract_json(tmp_path, capsys):
    path = write_csv(tmp_path, [("a", "2020-01-01", 0, 0), ("b", "2020-01-04", 100, 0),
                                ("c", "2020-01-01", 0, 0), ("d", "2020-03-01", 5000, 0)])
    code = main(["knox", str(path), "--distance-bands", "0,1,100,200", "--time-bands", "0,7,14",
                 "--permutations", "19", "--seed", "1", "--json"])
    assert code == 0

    def not_json(constant):
        raise AssertionError(f"{constant} is not valid JSON")

    payload = json.loads(capsys.readouterr().out, parse_constant=not_json)
    assert payload["distance_bands"] == [0, 1, 100, 200] and payload["time_bands"] == [0, 7, 14]
    # a-c same place same day; a-b and c-b 100 m and 3 days apart
    assert payload["observed"] == [[1, 0], [0, 0], [2, 0]]
    assert len(payload["expected_mean"]) == 3 and len(payload["p"][0]) == 2
    assert payload["ratio"][1] == [None, None]  # nothing expected at 1-100 m: null, not NaN
    assert payload["permutations"] == 19 and payload["seed"] == 1 and payload["events"] == 4
    assert "[100, 200) m" in payload["convention"]


def test_cli_refuses_month_data_and_reads_it_with_month_bands(tmp_path, capsys):
    path = write_csv(tmp_path, [("a", "2020-01", 0, 0), ("b", "2020-02", 0, 0)])
    assert main(["knox", str(path), "--distance-bands", "0,1", "--time-bands", "0,1,2", "--json"]) == 1
    assert "month-only dates" in capsys.readouterr().err
    assert main(["knox", str(path), "--distance-bands", "0,1", "--time-bands", "0,1,2", "--month-bands",
                 "--permutations", "9", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["observed"] == [[0, 1]]


def test_cli_table_and_chains(tmp_path, capsys):
    path = write_csv(tmp_path, [("a", "2020-01-01", 0, 0), ("b", "2020-01-04", 100, 0), ("c", "2020-06-01", 0, 0)])
    assert main(["knox", str(path), "--distance-bands", "0,1,100,200", "--time-bands", "0,7,14",
                 "--permutations", "9"]) == 0
    out = capsys.readouterr().out
    assert "[100, 200) m" in out and "[0, 7) days" in out
    assert main(["chains", str(path), "--distance", "100", "--days", "14", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["chains"] == [{"size": 2, "ids": ["a", "b"]}]
    assert payload["distribution"] == [{"size": 2, "chains": 1}]


def test_loaded_csv_events_run(tmp_path):
    path = write_csv(tmp_path, [("a", "2020-01-01", 0, 0), ("b", "2020-01-02", 0, 0)])
    result = knox_test(load_events(path), distance_bands=(0, 1), time_bands=(0, 7), permutations=9, seed=1)
    assert result.observed.tolist() == [[1]]


def test_results_do_not_depend_on_the_number_of_threads(monkeypatch):
    x, y, days = random_events(4, n=120)
    results = []
    for threads in ("1", "3"):
        monkeypatch.setenv("SAFERPLACES_THREADS", threads)
        results.append(knox_test(make(x, y, days), distance_bands=DISTANCE, time_bands=TIME, permutations=130,
                                 seed=5))
    np.testing.assert_array_equal(results[0].simulated, results[1].simulated)
    monkeypatch.setenv("SAFERPLACES_THREADS", "two")
    with pytest.raises(EvidenceError, match="SAFERPLACES_THREADS"):
        knox_test(make(x, y, days), distance_bands=DISTANCE, time_bands=TIME, permutations=9, seed=5)
