"""Synthetic partner person records: seeded, with the planted errors at their rates."""

import numpy as np
import pandas as pd

from saferplaces.evidence.linkage.names import NICKNAMES, canonical_forename, clean_name
from saferplaces.evidence.synthetic.people import SOURCES, ErrorRates, generate_people


def test_same_seed_same_records_and_columns():
    a = generate_people(2000, seed=7)
    b = generate_people(2000, seed=7)
    pd.testing.assert_frame_equal(a, b)
    assert not a.equals(generate_people(2000, seed=8))
    assert list(a.columns) == ["source", "record_id", "forename", "surname", "dob", "postcode", "address",
                               "sex", "pnc_id", "nhs_number", "crn", "person"]
    assert len(a) == 2000 and set(a["source"]) == set(SOURCES)
    assert not a.duplicated(["source", "record_id"]).any()
    # People appear more than once (that is what linkage finds), some in several agencies.
    per_person = a.groupby("person")["source"].nunique()
    assert (per_person > 1).mean() > 0.3


def test_dates_are_real_or_blank_and_errors_planted():
    df = generate_people(20000, seed=1)
    dob = df["dob"]
    assert pd.to_datetime(dob[dob != ""], format="%Y-%m-%d", errors="coerce").notna().all()
    assert 0.06 < (dob == "").mean() < 0.10  # 8% missing
    # Transposed dates: same person, same year, day and month swapped.
    rows = df[dob != ""].assign(y=lambda d: d.dob.str[:4], m=lambda d: d.dob.str[5:7], d_=lambda d: d.dob.str[8:])
    pairs = rows.merge(rows, on=["person", "y"])
    transposed = (pairs.m_x == pairs.d__y) & (pairs.d__x == pairs.m_y) & (pairs.m_x != pairs.m_y)
    assert transposed.sum() > 50
    # Nicknames: a record whose forename is a known diminutive of the person's usual name.
    names = df["forename"].str.lower()
    diminutives = {short for shorts in NICKNAMES.values() for short in shorts}
    assert names.isin(diminutives).mean() > 0.02


def test_identifiers_only_where_the_agency_holds_them():
    df = generate_people(5000, seed=3)
    assert (df.loc[df.source == "council", ["pnc_id", "nhs_number", "crn"]] == "").all().all()
    assert (df.loc[df.source != "health", "nhs_number"] == "").all()
    assert (df.loc[df.source == "probation", "crn"] != "").all()
    nhs = df.loc[df.nhs_number != "", "nhs_number"]
    digits = np.array([[int(c) for c in n] for n in nhs])
    check = 11 - (digits[:, :9] * np.arange(10, 1, -1)).sum(axis=1) % 11
    check[check == 11] = 0
    assert (check == digits[:, 9]).all()  # valid modulus-11 check digits
    # One person, one identifier everywhere it appears.
    held = df[df.pnc_id != ""]
    assert (held.groupby("person")["pnc_id"].nunique() == 1).all()


def test_no_errors_means_clean_copies():
    clean = ErrorRates(**{name: 0.0 for name in ErrorRates.__dataclass_fields__})
    df = generate_people(3000, seed=2, errors=clean)
    same = df.groupby("person")[["forename", "surname", "dob", "postcode"]].nunique()
    assert (same == 1).all().all()


def test_name_cleaning():
    assert clean_name(" O'Brien-Smith ") == "obriensmith"
    assert canonical_forename("bill") == "william" and canonical_forename("zebedee") == "zebedee"


def test_synth_people_command(tmp_path, capsys):
    from saferplaces.evidence.cli import main

    assert main(["synth-people", str(tmp_path), "--records", "500", "--seed", "4"]) == 0
    files = sorted(p.name for p in tmp_path.glob("*.csv"))
    assert files == ["council.csv", "health.csv", "police.csv", "probation.csv"]
    total = sum(len(pd.read_csv(tmp_path / f, dtype=str)) for f in files)
    assert total == 500
    assert main(["synth-people", str(tmp_path), "--records", "0"]) == 1
