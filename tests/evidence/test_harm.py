import pytest

from saferplaces.evidence import crime_types
from saferplaces.evidence.errors import EvidenceError
from saferplaces.evidence.harm import harm_by_type, load_weights


@pytest.mark.parametrize("name", ["css-style", "chi-style"])
def test_built_in_tables_cover_every_type_and_weigh_asb_zero(name):
    weights = load_weights(name)
    assert set(crime_types.CURRENT) <= set(weights.weights)
    assert weights.weight("Anti-social behaviour") == 0
    assert weights.version == "2024.1"
    assert weights.weight("Robbery") > weights.weight("Shoplifting")


def test_harm_is_count_times_weight():
    weights = load_weights("css-style")
    assert harm_by_type({"Robbery": 2, "Shoplifting": 10}, weights) == {"Robbery": 800, "Shoplifting": 70}


def test_weights_replaceable_from_a_csv(tmp_path):
    path = tmp_path / "local.csv"
    path.write_text("crime_type,weight\n" + "\n".join(f"{t},1" for t in crime_types.CURRENT) + "\n")
    assert load_weights(str(path)).weight("Burglary") == 1


def test_bad_weight_files_name_the_line(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("crime_type,weight\nBurglary,-3\nJaywalking,2\n")
    with pytest.raises(EvidenceError) as error:
        load_weights(str(path))
    message = str(error.value)
    assert "line 2: weight cannot be negative" in message
    assert "line 3: unknown crime type 'Jaywalking'" in message
    assert "no weight for" in message
