import pytest

from saferplaces.evidence.trends import monthly_series, seasonality, year_on_year


def test_monthly_series_fills_missing_months_with_zero():
    series = monthly_series(["2020-11", "2021-02", "2020-11"], [3, 4, 2])
    assert series.months == ("2020-11", "2020-12", "2021-01", "2021-02")
    assert series.counts == (5, 0, 0, 4)


def test_year_on_year_compares_latest_twelve_months_with_the_twelve_before():
    months = [f"{2020 + i // 12}-{i % 12 + 1:02d}" for i in range(24)]
    series = monthly_series(months, [10] * 12 + [5] * 12)
    yoy = year_on_year(series)
    assert (yoy.previous, yoy.current, yoy.change) == (120, 60, -60)
    assert yoy.percent_change == pytest.approx(-50)
    assert yoy.test.p_value < 0.001
    assert year_on_year(monthly_series(months[:23], [1] * 23)) is None


def test_seasonality_index_corrects_for_month_length():
    months = [f"2021-{m:02d}" for m in range(1, 13)]
    days = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    flat = seasonality(monthly_series(months, [d * 10 for d in days]))  # same count per day all year
    assert flat.index == tuple([100.0] * 12)
    assert flat.p_value == pytest.approx(1.0)
    peaked = seasonality(monthly_series(months, [10] * 6 + [100] + [10] * 5))
    assert peaked.index[6] > 300 and peaked.p_value < 1e-6
