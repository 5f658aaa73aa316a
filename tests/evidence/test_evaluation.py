import datetime as dt
import json

import pytest

from saferplaces.evidence.before_after import count_before_after
from saferplaces.evidence.cli import main
from saferplaces.evidence.errors import EvidenceError
from saferplaces.evidence.evaluation import wdd
from saferplaces.evidence.events import events_from_arrays

# The worked example of the WDD's authors (ptools documentation and Wheeler's "weights in
# regression" note): treated 207 → 110, control 308 → 318, displacement 178 → 157, its control 150 → 140.
TREATED, CONTROL, DISPLACEMENT, DISPLACEMENT_CONTROL = (207, 110), (308, 318), (178, 157), (150, 140)


def test_local_estimate_of_the_published_example():
    result = wdd(TREATED, CONTROL)
    # ΔT − ΔC = (110 − 207) − (318 − 308) = −107; SE = √(207 + 110 + 308 + 318) = √943 ≈ 30.7
    assert result.local.value == -107
    assert result.local.se == pytest.approx(943**0.5)
    assert round(result.local.se, 1) == 30.7
    assert result.displacement is None and result.total == result.local


def test_displacement_adds_its_own_difference_and_variance():
    result = wdd(TREATED, CONTROL, DISPLACEMENT, DISPLACEMENT_CONTROL)
    assert result.displacement.value == (157 - 178) - (140 - 150) == -11
    assert result.total.value == -118
    assert result.total.se == pytest.approx((943 + 178 + 157 + 150 + 140) ** 0.5)
    assert result.z == pytest.approx(-118 / 1568**0.5)


def test_area_weights_reproduce_the_published_density_estimate():
    # Area sizes 1.2 (treated), 0.9 (control): the authors report −91.9 (31.5) for the local effect.
    result = wdd(TREATED, CONTROL, DISPLACEMENT, DISPLACEMENT_CONTROL, areas=(1.2, 0.9, 1.5, 1.6))
    assert round(result.local.value, 1) == -91.9
    assert round(result.local.se, 1) == 31.5


def test_simple_example_and_its_verdict():
    # Control 100 → 90, treated 100 → 80: 10 fewer crimes than expected, SE √370 ≈ 19.
    result = wdd((100, 80), (100, 90))
    assert result.total.value == -10 and round(result.total.se) == 19
    half = 1.6448536269514722 * 370**0.5
    assert result.interval == pytest.approx((-10 - half, -10 + half))
    assert result.verdict == ("Crime fell by 10 (90% CI -22 to 42) relative to the control area; "
                              "the interval includes no change, so this could be chance.")


def test_a_clear_fall_reads_like_the_issue_example():
    result = wdd((300, 200), (300, 300), level=0.9)
    low, high = -result.interval[1], -result.interval[0]
    assert 0 < low < 100 < high
    assert result.verdict == f"Crime fell by 100 (90% CI {low:,.0f} to {high:,.0f}) relative to the control area."


def test_a_rise_is_called_a_rise():
    assert wdd((50, 90), (50, 50)).verdict.startswith("Crime rose by 40 (90% CI")


def test_unequal_periods_compare_rates():
    # Five years before at 100 a year, one year after: the same −10 as equal periods, smaller SE.
    result = wdd((500, 80), (500, 90), periods=(5, 1))
    assert result.total.value == pytest.approx(-10)
    assert wdd((500, 80), (500, 90), periods=(60, 12)) == result  # only the ratio of the lengths matters
    assert result.total.se == pytest.approx((500 / 25 + 80 + 500 / 25 + 90) ** 0.5)


def test_harm_weights_multiply_counts_and_square_in_the_variance():
    treated = {"Burglary": (10, 5), "Bicycle theft": (20, 20)}
    control = {"Burglary": (10, 10), "Bicycle theft": (20, 25)}
    result = wdd(treated, control, harm_weights={"Burglary": 100, "Bicycle theft": 10})
    assert result.total.value == 100 * (-5 - 0) + 10 * (0 - 5)
    assert result.total.se == pytest.approx((100**2 * 35 + 10**2 * 85) ** 0.5)
    assert result.unit == "harm" and result.verdict.startswith("Harm fell by 550.0")
    with pytest.raises(EvidenceError, match="no harm weight for 'Robbery'"):
        wdd({"Robbery": (1, 1)}, control, harm_weights={"Burglary": 1, "Bicycle theft": 1})


def test_bad_input_is_refused():
    with pytest.raises(EvidenceError, match="together"):
        wdd((1, 1), (1, 1), displacement=(1, 1))
    with pytest.raises(EvidenceError, match="negative"):
        wdd((-1, 1), (1, 1))
    with pytest.raises(EvidenceError, match="nothing to compare"):
        wdd((0, 0), (0, 0))


def square(x0, y0, side):
    from shapely.geometry import box

    return box(x0, y0, x0 + side, y0 + side)


def test_counting_events_before_and_after_in_areas():
    day = dt.date(2020, 3, 1)
    dates = [day - dt.timedelta(days=5), day - dt.timedelta(days=1), day, day + dt.timedelta(days=9),
             day - dt.timedelta(days=2), day + dt.timedelta(days=3), day + dt.timedelta(days=3)]
    xs = [5, 5, 5, 5, 15, 15, 50]
    events = events_from_arrays(list("abcdefg"), dates, xs, [5] * 7, ["Burglary"] * 7)
    # The displacement area is a ring drawn as a whole square over the treated one: treated comes first.
    table = count_before_after(events, {"treated": square(0, 0, 10), "displacement": square(0, 0, 20)}, day,
                               before=5, after=10)
    treated, displacement = table.areas
    assert treated.pair() == (2, 2) and displacement.pair() == (1, 1)
    assert table.outside == 1 and table.unit == "days"
    assert treated.size_km2 == pytest.approx(1e-4)
    shorter = count_before_after(events, {"treated": square(0, 0, 10)}, day, before=1, after=1)
    assert shorter.areas[0].pair() == (1, 1)


def test_month_data_needs_a_month_start():
    events = events_from_arrays(["a", "b"], [dt.date(2020, 1, 1), dt.date(2020, 3, 1)], [1, 1], [1, 1])
    events = type(events)(**{**events.__dict__, "resolution": "month"})
    with pytest.raises(EvidenceError, match="first of a month"):
        count_before_after(events, {"treated": square(0, 0, 10)}, dt.date(2020, 2, 15))
    table = count_before_after(events, {"treated": square(0, 0, 10)}, dt.date(2020, 2, 1))
    # February has no event between months that have some: a month without data, not counted.
    assert (table.before_length, table.after_length, table.unit) == (1, 1, "months")
    assert table.without_data == ("2020-02",)
    assert table.areas[0].pair() == (1, 1)


def run_cli(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_wdd_command_from_counts(capsys):
    code, out, _ = run_cli(capsys, "wdd", "--treated", "207,110", "--control", "308,318", "--displacement", "178,157",
                           "--displacement-control", "150,140", "--json")
    assert code == 0
    payload = json.loads(out)
    assert payload["local"]["estimate"] == -107 and payload["total"]["estimate"] == -118
    assert payload["verdict"].startswith("Crime fell by 118")


def test_wdd_command_from_events_and_boundaries(tmp_path, capsys):
    treated = tmp_path / "treated.geojson"
    control = tmp_path / "control.geojson"
    for path, y0 in ((treated, 0), (control, 10_000)):
        path.write_text(json.dumps({"type": "Polygon", "coordinates": [[
            [500_000, 200_000 + y0], [500_100, 200_000 + y0], [500_100, 200_100 + y0], [500_000, 200_100 + y0],
            [500_000, 200_000 + y0]]]}))
    rows = ["id,date,x,y,crime_type"]
    rows += [f"t{i},2020-01-{1 + i:02d},500050,200050,Burglary" for i in range(6)]   # treated, before
    rows += [f"u{i},2020-02-{1 + i:02d},500050,200050,Burglary" for i in range(2)]   # treated, after
    rows += [f"c{i},2020-01-{1 + i:02d},500050,210050,Burglary" for i in range(5)]   # control, before
    rows += [f"d{i},2020-02-{1 + i:02d},500050,210050,Burglary" for i in range(5)]   # control, after
    events = tmp_path / "events.csv"
    events.write_text("\n".join(rows) + "\n")
    code, out, _ = run_cli(capsys, "wdd", str(events), "--treated-area", str(treated), "--control-area", str(control),
                           "--start", "2020-02-01", "--before", "31", "--after", "31", "--json")
    assert code == 0
    payload = json.loads(out)
    assert payload["counts"] == {"treated": {"before": 6, "after": 2}, "control": {"before": 5, "after": 5}}
    assert payload["local"]["estimate"] == -4 and payload["period_unit"] == "days"
    code, out, _ = run_cli(capsys, "wdd", str(events), "--treated-area", str(treated), "--control-area", str(control),
                           "--start", "2020-02-01", "--harm", "css-style", "--json")
    payload = json.loads(out)
    # Burglary weighs 150 in the built-in table. By default the periods run to the edges of the data:
    # 31 days before (1 January on), 5 after (to 5 February), so the before counts are scaled by 5/31.
    assert payload["unit"] == "harm" and payload["periods"] == [31, 5]
    assert payload["local"]["estimate"] == pytest.approx(150 * ((2 - 6 / 6.2) - (5 - 5 / 6.2)))


def test_wdd_command_explains_what_is_missing(capsys):
    code, _, err = run_cli(capsys, "wdd", "--treated", "1,2")
    assert code == 1 and "missing --control" in err
    code, _, err = run_cli(capsys, "wdd", "--treated", "1", "--control", "1,2")
    assert code == 1 and "give 2 comma-separated numbers" in err


def test_etest_command(capsys):
    code, out, _ = run_cli(capsys, "etest", "60", "30", "--exposure1", "51477.5", "--exposure2", "54308.7", "--json")
    payload = json.loads(out)
    assert code == 0 and payload["p"] == pytest.approx(0.000643, abs=1e-6)
    assert payload["ratio"] == pytest.approx((60 / 51477.5) / (30 / 54308.7))
    code, _, err = run_cli(capsys, "etest", "1", "1", "--exposure1", "0")
    assert code == 1 and "exposures > 0" in err


def test_wdd_text_prints_a_tiny_p_value_as_below_one_in_a_thousand(capsys):
    code, out, _ = run_cli(capsys, "wdd", "--treated", "1000,500", "--control", "1000,1000")
    assert code == 0 and "p < 0.001" in out and "p = 0.000" not in out
    code, out, _ = run_cli(capsys, "wdd", "--treated", "100,90", "--control", "100,100")
    assert code == 0 and "z = -0.51, p = 0.613" in out
