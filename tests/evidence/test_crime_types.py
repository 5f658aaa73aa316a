import pytest

from saferplaces.evidence import crime_types
from saferplaces.evidence.errors import EvidenceError


def test_names_and_slugs_map_to_the_csv_name():
    assert crime_types.canonical("violent-crime") == "Violence and sexual offences"
    assert crime_types.canonical(" other theft ") == "Other theft"
    assert crime_types.canonical("Public disorder and weapons") == "Public disorder and weapons"
    assert crime_types.canonical("Shoplifting ") == "Shoplifting"


def test_unknown_type_names_where_it_was_found():
    assert crime_types.canonical("Jaywalking") is None
    with pytest.raises(EvidenceError, match=r"street\.csv line 7: unknown crime type 'Jaywalking'"):
        crime_types.require("Jaywalking", "street.csv line 7")


def test_anti_social_behaviour_is_recognised():
    assert crime_types.is_asb(crime_types.canonical("anti-social-behaviour"))
    assert not crime_types.is_asb("Burglary")
