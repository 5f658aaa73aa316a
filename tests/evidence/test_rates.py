"""Crime rates per 1,000 residents and per 1,000 workday population, on hand-worked figures."""

import pytest

from saferplaces.evidence.errors import InputError
from saferplaces.evidence.rates import Population, crime_rates, find_populations, middle_year, read_population

RESIDENTS = Population("residents", "pop.csv", "All Ages", {"A": 1000, "B": 500, "C": 2000})
WORKDAY = Population("workday", "wd.csv", "Workday population", {"A": 1500, "B": 5000, "C": 2000})


def test_lsoa_rates_are_annualised_per_1000_people():
    # 6 months of data: a year is twice the count. A: 30 × 2 / 1,000 × 1,000 = 60; B: 60 × 2 / 500 = 240 per
    # 1,000; C: 12 × 2 / 2,000 = 12 per 1,000. Per workday person: A 60 / 1,500 = 40, B 120 / 5,000 = 24, C 12.
    rates = crime_rates("lsoa", ["A", "B", "C"], ["A", "B", "C"], [30, 60, 12], 6, RESIDENTS, WORKDAY)
    by_code = {a.code: a for a in rates.areas}
    assert [a.code for a in rates.areas] == ["B", "A", "C"]  # highest rate first
    assert by_code["A"].per_1000_residents == pytest.approx(60)
    assert by_code["B"].per_1000_residents == pytest.approx(240)
    assert by_code["C"].per_1000_residents == pytest.approx(12)
    assert by_code["A"].per_1000_workday == pytest.approx(40)
    assert by_code["B"].per_1000_workday == pytest.approx(24)
    assert by_code["B"].workday_ratio == pytest.approx(10)
    # 102 crimes × 2 = 204 a year over 3,500 residents = 58.29 per 1,000; over 8,500 workday people = 24.
    assert rates.overall_per_1000_residents == pytest.approx(204 / 3.5)
    assert rates.overall_per_1000_workday == pytest.approx(204 / 8.5)
    # B has ten times as many people by day as residents: flagged; A (1.5×) and C (1×) are not.
    assert by_code["B"].caution == "many visitors"
    assert by_code["A"].caution is None and by_code["C"].caution is None
    assert rates.extreme_above is None  # fewer than four areas: no quartiles to fence with


def test_ward_rates_sum_their_lsoas_people():
    # W1 = A + B: 90 crimes, 1,500 residents → 180 a year / 1,500 × 1,000 = 120. W2 = C: 12.
    rates = crime_rates("ward", ["W1", "W2"], ["One", "Two"], [90, 12], 6, RESIDENTS, None,
                        {"W1": ["A", "B"], "W2": ["C"]})
    by_code = {a.code: a for a in rates.areas}
    assert by_code["W1"].residents == 1500 and by_code["W1"].per_1000_residents == pytest.approx(120)
    assert by_code["W2"].per_1000_residents == pytest.approx(12)
    assert by_code["W1"].workday is None and rates.workday_source is None


def test_an_extreme_rate_is_flagged_beyond_tukeys_far_out_fence():
    # Twelve months, 1,000 residents each: rates equal counts. Sorted 10 … 22, 500: Q1 = 13.5, Q3 = 20.5
    # (linear interpolation), IQR 7, fence 20.5 + 3 × 7 = 41.5: only the 500 lies beyond it.
    codes = [f"L{i}" for i in range(8)]
    people = Population("residents", "p.csv", "All Ages", dict.fromkeys(codes, 1000))
    rates = crime_rates("lsoa", codes, codes, [10, 12, 14, 16, 18, 20, 22, 500], 12, people)
    assert rates.extreme_above == pytest.approx(41.5)
    assert [a.code for a in rates.areas if a.caution] == ["L7"]
    assert rates.areas[0].caution == "extreme rate"


def test_areas_without_a_population_have_no_rate_and_are_listed():
    rates = crime_rates("lsoa", ["A", "Z"], ["A", "Z"], [3, 4], 12, RESIDENTS)
    z = next(a for a in rates.areas if a.code == "Z")
    assert z.per_1000_residents is None and rates.without_population == ("Z",)
    assert rates.areas[-1].code == "Z"


def test_population_files_are_recognised_by_their_columns(tmp_path):
    london = tmp_path / "london-mid2019-pop.csv"
    london.write_text("LSOA11CD,LSOA11NM,Persons_All-Ages,Persons_16-29\nE01000001,Tiny 001A,1500,300\n")
    ons = tmp_path / "sape_mid2020.csv"
    ons.write_text('LSOA Code,LSOA Name,All Ages,0,1\nE01000001,Tiny 001A,"1,600",20,21\n')
    workday = tmp_path / "workday.csv"
    workday.write_text("geography code,Workday Population: Total\nE01000001,9000\n")
    other = tmp_path / "lookup.csv"
    other.write_text("LSOA11CD,WD19CD\nE01000001,E05000001\n")
    assert read_population(london).by_lsoa == {"E01000001": 1500}
    assert read_population(ons).by_lsoa == {"E01000001": 1600}
    found = read_population(workday)
    assert found.kind == "workday" and found.by_lsoa == {"E01000001": 9000}
    assert read_population(other) is None
    residents, day = find_populations([london, ons, workday, other], middle_year("2017-01", "2018-06"))
    assert residents.source == "london-mid2019-pop.csv" and day.source == "workday.csv"
    residents, _ = find_populations([london, ons], middle_year("2020-01", "2021-06"))
    assert residents.source == "sape_mid2020.csv"


def test_bad_population_files_are_refused_with_file_and_line(tmp_path):
    path = tmp_path / "pop.csv"
    path.write_text("LSOA11CD,All Ages\nE01000001,1000\nE01000002,lots\n")
    with pytest.raises(InputError, match=r"pop.csv line 3: All Ages 'lots' is not a number"):
        read_population(path)
    path.write_text("geography code,Workday population\nE00000001,40\n")
    with pytest.raises(InputError, match=r"line 2: E00000001 is an output area; add the ONS output area to LSOA"):
        read_population(path)


def test_a_workday_population_by_output_area_is_summed_to_lsoas_with_the_lookup(tmp_path):
    workday = tmp_path / "wp101ew.csv"
    workday.write_text("geography code,Workday Population: All usual residents\n"
                       "E00000001,400\nE00000002,\"1,100\"\nE00000003,70\n")
    lookup = tmp_path / "oa11_lsoa11.csv"
    lookup.write_text("OA11CD,LSOA11CD,MSOA11CD\nE00000001,E01000001,E02000001\nE00000002,E01000001,E02000001\n"
                      "E00000003,E01000002,E02000001\n")
    _, day = find_populations([workday, lookup], 2017)
    assert day.by_lsoa == {"E01000001": 1500, "E01000002": 70}
    lookup.write_text("OA11CD,LSOA11CD\nE00000001,E01000001\n")
    with pytest.raises(InputError, match=r"line 3: output area E00000002 is not in the OA-to-LSOA lookup"):
        find_populations([workday, lookup], 2017)


def test_the_middle_year_of_the_data_picks_the_population_estimate():
    assert middle_year("2017-01", "2018-06") == 2017
    assert middle_year("2017-07", "2018-06") == 2017
    assert middle_year("2017-12", "2018-02") == 2018
