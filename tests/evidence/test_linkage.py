"""Person linkage with Splink: accuracy on labelled synthetic records, planted hard cases, stable
ids, clerical labels, pairwise accuracy by hand, input validation and the ``link`` command."""

import json
import math
import shutil

import numpy as np
import pandas as pd
import pytest

from saferplaces.evidence.cli import main
from saferplaces.evidence.errors import EvidenceError
from saferplaces.evidence.linkage import PURPOSES, Training, link_records, pairwise_accuracy
from saferplaces.evidence.linkage.clusters import labelled_pair_accuracy, stable_ids
from saferplaces.evidence.linkage.model import FIXED, FIXED_PRIOR
from saferplaces.evidence.synthetic.people import generate_people

COLUMNS = ["source", "record_id", "forename", "surname", "dob", "postcode", "address", "sex", "pnc_id",
           "nhs_number", "crn"]

# Hard cases planted among the synthetic records: (record, record, same person?)
PLANTED = [
    (("police", "X1", "William", "Fairweather", "1984-03-07", "W2 4QT", "17 Quex Road", "M", "", "", ""),
     ("health", "X2", "Bill", "Fairweather", "1984-07-03", "W2 4QT", "", "M", "", "", ""), True),
    (("council", "X3", "Abimbola", "Ogunleye", "1990-11-21", "NW8 7HH", "3 Alma Square", "F", "", "", ""),
     ("police", "X4", "Ogunleye", "Abimbola", "1990-11-21", "", "", "F", "", "", ""), True),
    (("probation", "X5", "Tobias", "Hetherington", "", "SW1 2RT", "44 Page Street", "M", "", "", "B123456"),
     ("probation", "X6", "T", "Hetherington", "1979-05-02", "SE15 3AA", "", "M", "", "", "B123456"), True),
    (("police", "X7", "Gwendolyn", "Pemberton", "1962-08-30", "E2 7QQ", "9 Ada Place", "F", "", "", ""),
     ("council", "X8", "Gwendolyn", "Pemberton", "1995-01-12", "N7 6RR", "12 Holloway Road", "F", "", "", ""), False),
]


def planted_frame():
    rows = [r for a, b, _ in PLANTED for r in (a, b)]
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame["person"] = [f"planted{i // 2}" if PLANTED[i // 2][2] else f"planted{i}" for i in range(len(rows))]
    return frame


@pytest.fixture(scope="module")
def everyone():
    """3,150 records; the first 3,000 are linked first, the other 5% are added later."""
    return generate_people(3150, seed=11)


@pytest.fixture(scope="module")
def records(everyone):
    return pd.concat([everyone.iloc[:3000], planted_frame()], ignore_index=True)


@pytest.fixture(scope="module")
def linked(records):
    return link_records(records.drop(columns=["person"]))


def person_of(result, source, record_id):
    c = result.clusters
    return c.loc[(c.source == source) & (c.record_id == record_id), "person_id"].item()


def test_accuracy_on_labelled_synthetic_records(linked, records):
    accuracy = pairwise_accuracy(linked.clusters["person_id"], records["person"])
    assert accuracy.pairwise_precision >= 0.98
    assert accuracy.pairwise_recall >= 0.93
    assert accuracy.true_pairs > 1000  # enough pairs to mean something
    assert list(linked.clusters.columns) == ["source", "record_id", "person_id"]
    assert (linked.clusters[["source", "record_id"]].to_numpy() == records[["source", "record_id"]].to_numpy()).all()


def test_planted_hard_cases(linked):
    for a, b, same in PLANTED:
        linked_now = person_of(linked, a[0], a[1]) == person_of(linked, b[0], b[1])
        assert linked_now == same, (a[2], a[3], b[2], b[3])


def test_precision_purpose_links_no_more_than_balance(records, linked):
    strict = link_records(records.drop(columns=["person"]), purpose_name="cohort-overlap")
    truth = records["person"]
    a_strict = pairwise_accuracy(strict.clusters["person_id"], truth)
    a_balance = pairwise_accuracy(linked.clusters["person_id"], truth)
    assert a_strict.predicted_pairs <= a_balance.predicted_pairs
    assert a_strict.pairwise_precision >= a_balance.pairwise_precision
    with pytest.raises(EvidenceError, match="purpose"):
        link_records(records.drop(columns=["person"]), purpose_name="everything")


def test_ids_stable_after_adding_five_percent(records, linked, everyone):
    # The previous run's ids are arbitrary labels: they must be taken over, not recomputed.
    previous = linked.clusters.copy()
    codes = pd.factorize(previous["person_id"])[0]
    previous["person_id"] = [f"OLD-{c}" for c in codes]
    extra = everyone.iloc[3000:]  # more records of people already seen, and new people
    assert extra["person"].isin(records["person"]).any()
    grown = pd.concat([records, extra], ignore_index=True)
    again = link_records(grown.drop(columns=["person"]), previous=previous)
    before = previous.assign(key=previous.source + "|" + previous.record_id)
    after = again.clusters.assign(key=again.clusters.source + "|" + again.clusters.record_id)
    members_before = before.groupby("person_id")["key"].apply(frozenset)
    members_after = after.groupby("person_id")["key"].apply(frozenset)
    by_members = {m: pid for pid, m in members_after.items()}
    unchanged = [(pid, m) for pid, m in members_before.items() if m in by_members]
    assert len(unchanged) > 0.9 * len(members_before)
    kept = sum(by_members[m] == pid for pid, m in unchanged)
    assert kept / len(unchanged) >= 0.99
    new_ids = set(after.person_id) - set(before.person_id)
    assert new_ids and all(i.startswith("P-") for i in new_ids)


def test_stable_ids_by_hand():
    records = pd.DataFrame({"source": ["a"] * 5, "record_id": list("12345")})
    previous = pd.DataFrame({"source": ["a"] * 4, "record_id": list("1234"), "person_id": ["K", "K", "K", "L"]})
    # Cluster 0 = {1, 2} (2 of K), cluster 1 = {3, 4} (1 of K, 1 of L), cluster 2 = {5} new.
    ids = stable_ids(records, np.array([0, 0, 1, 1, 2]), previous)
    assert ids[0] == ids[1] == "K"  # the larger overlap with K wins
    assert ids[2] == ids[3] == "L"
    assert ids[4] not in {"K", "L"} and ids[4].startswith("P-")
    # Without a previous run an id depends only on the cluster's records.
    assert list(stable_ids(records, np.array([0, 0, 1, 1, 2]))) == list(
        stable_ids(records.iloc[::-1].reset_index(drop=True), np.array([2, 1, 1, 0, 0])))[::-1]


def test_clerical_labels_respected(records, linked):
    pairs, c = linked.pairs, linked.clusters
    size = c["person_id"].map(c["person_id"].value_counts()).to_numpy()
    # A sure pair that is a person on its own: rejecting it must split it.
    sure = pairs[(pairs.match_probability > 0.999) & (size[pairs.unique_id_l.to_numpy()] == 2)].iloc[0]
    a, b = (sure.source_l, sure.record_id_l), (sure.source_r, sure.record_id_r)
    # Two clearly different people: confirming them must join them.
    x, y = c.iloc[0], c[c.person_id != c.iloc[0].person_id].iloc[0]
    labels = pd.DataFrame([
        {"source_l": a[0], "record_id_l": a[1], "source_r": b[0], "record_id_r": b[1], "same_person": "false"},
        {"source_l": x.source, "record_id_l": x.record_id, "source_r": y.source, "record_id_r": y.record_id,
         "same_person": "true"},
    ])
    relinked = link_records(records.drop(columns=["person"]), labels=labels, previous=linked.clusters)
    assert person_of(relinked, x.source, x.record_id) == person_of(relinked, y.source, y.record_id)
    assert person_of(relinked, *a) != person_of(relinked, *b)
    # The larger part keeps the old id; labelled pairs are never offered for review.
    assert person_of(linked, *a) in {person_of(relinked, *a), person_of(relinked, *b)}
    assert not relinked.review.merge(labels, how="inner",
                                     on=["source_l", "record_id_l", "source_r", "record_id_r"]).shape[0]
    # Without the labels the model links them again.
    assert person_of(linked, *a) == person_of(linked, *b)


def test_pairwise_accuracy_by_hand():
    # Predicted {1,2} {3,4}; true {1,2,3} {4}: predicted pairs 2, true pairs 3, both 1.
    a = pairwise_accuracy(["a", "a", "b", "b"], ["x", "x", "x", "y"])
    assert (a.true_positive_pairs, a.predicted_pairs, a.true_pairs) == (1, 2, 3)
    assert a.pairwise_precision == pytest.approx(0.5) and a.pairwise_recall == pytest.approx(1 / 3)
    assert a.f1 == pytest.approx(2 * 0.5 * (1 / 3) / (0.5 + 1 / 3))
    labels = pd.DataFrame({"unique_id_l": [0, 0, 2], "unique_id_r": [1, 2, 3], "same_person": [True, True, False]})
    b = labelled_pair_accuracy(["a", "a", "b", "b"], labels)
    assert (b.true_positive_pairs, b.predicted_pairs, b.true_pairs) == (1, 2, 2)


def test_every_bad_row_reported(records):
    bad = records.drop(columns=["person"]).head(20).copy()
    bad.loc[3, "dob"] = "March 1980"  # no day: in no format a date of birth is read in
    bad.loc[5, "record_id"] = bad.loc[6, "record_id"]
    bad.loc[5, "source"] = bad.loc[6, "source"]
    bad.loc[8, ["forename", "surname"]] = ""
    bad.loc[9, "nhs_number"] = "12345"
    with pytest.raises(EvidenceError) as error:
        link_records(bad)
    message = str(error.value)
    assert "5 problem(s)" in message
    for fragment in ("records: 1 date(s) of birth in no format read here: line 5 'March 1980'",
                     "line 7: record_id", "line 8: record_id",
                     "line 10: forename and surname are both blank", "line 11: nhs_number 12345"):
        assert fragment in message


def test_link_command(tmp_path, records, capsys):
    paths = []
    for source, part in records.groupby("source"):
        path = tmp_path / f"{source}.csv"
        part.rename(columns={"person": "truth"}).assign(extra="kept").to_csv(path, index=False)
        paths.append(str(path))
    out = tmp_path / "clusters.csv"
    assert main(["link", *paths, "--out", str(out), "--truth-column", "truth", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert {"pairwise_precision", "pairwise_recall", "f1", "seconds"} <= set(payload)
    assert payload["pairwise_precision"] >= 0.98 and payload["pairwise_recall"] >= 0.93
    clusters = pd.read_csv(out, dtype=str)
    assert list(clusters.columns) == ["source", "record_id", "person_id"] and len(clusters) == len(records)
    # Accuracy against labelled pairs: the planted pairs, as a caseworker would have labelled them.
    pairs = tmp_path / "pairs.csv"
    pd.DataFrame([{"source_l": a[0], "record_id_l": a[1], "source_r": b[0], "record_id_r": b[1],
                   "same_person": str(same).lower()} for a, b, same in PLANTED]).to_csv(pairs, index=False)
    assert main(["link", *paths, "--out", str(tmp_path / "c2.csv"), "--evaluate", str(pairs), "--json"]) == 0
    labelled = json.loads(capsys.readouterr().out)["labelled_pairs"]
    assert labelled == {"pairs": 4, "precision": 1.0, "recall": 1.0, "f1": 1.0}
    # Re-run with the previous clusters: every id is kept (same data).
    again = tmp_path / "again.csv"
    assert main(["link", *paths, "--out", str(again), "--previous", str(out)]) == 0
    merged = clusters.merge(pd.read_csv(again, dtype=str), on=["source", "record_id"])
    assert (merged.person_id_x == merged.person_id_y).mean() >= 0.99
    assert "trained by EM" in capsys.readouterr().out
    # Too few records to train on: the same model with its fixed parameters.
    tiny = tmp_path / "tiny.csv"
    records.drop(columns=["person"]).head(20).to_csv(tiny, index=False)
    assert main(["link", str(tiny), "--out", str(tmp_path / "t.csv"), "--json",
                 "--review-out", str(tmp_path / "review.csv")]) == 0
    assert "fixed parameters" in json.loads(capsys.readouterr().out)["model"]
    assert len(pd.read_csv(tmp_path / "t.csv")) == 20
    # The review queue says how each comparison agreed, as the web app's review page does.
    assert {"match_probability", "name", "dob", "location"} <= set(pd.read_csv(tmp_path / "review.csv").columns)
    broken = tmp_path / "broken.csv"
    broken.write_text("source,record_id,forename\npolice,1,Ann\n")
    assert main(["link", str(broken), "--out", str(tmp_path / "x.csv")]) == 1
    err = capsys.readouterr().err
    assert "broken.csv: no column for surname" in err and "'source', 'record_id', 'forename'" in err
    assert err.rstrip().endswith("(see --columns or --column-map)")


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("java") is None, reason="no Java runtime for Spark")
def test_spark_backend_same_model():
    pytest.importorskip("pyspark")
    records = generate_people(600, seed=5)
    # Trained, not fixed, although the set is small: training is what this test runs on Spark.
    result = link_records(records.drop(columns=["person"]), backend="spark", training=Training(min_records=0))
    accuracy = pairwise_accuracy(result.clusters["person_id"], records["person"])
    assert accuracy.pairwise_precision >= 0.95 and accuracy.pairwise_recall >= 0.85
    assert set(result.parameters) >= {"name", "dob", "location", "pnc", "nhs", "crn"}


def test_clustering_matches_splink():
    from saferplaces.evidence.linkage.clusters import cluster, splink_cluster

    rng = np.random.default_rng(3)
    edges = pd.DataFrame({"unique_id_l": rng.integers(0, 400, 300), "unique_id_r": rng.integers(0, 400, 300)})
    ours, theirs = cluster(400, edges), splink_cluster(400, edges)
    assert pairwise_accuracy(ours, theirs).f1 == 1.0
    assert len(set(ours)) == len(set(theirs)) > 100
    # By hand: 0-1-2 chained, 3 alone, 4-5.
    assert list(cluster(6, pd.DataFrame({"unique_id_l": [0, 1, 4], "unique_id_r": [1, 2, 5]}))) == [0, 0, 0, 1, 2, 2]


# --- small record sets: the same model with its fixed parameters ------------------------------------


def small(*rows):
    """Records from ``(record_id, forename, surname, dob, postcode)``, all from one source."""
    return pd.DataFrame([("council", *row) for row in rows],
                        columns=["source", "record_id", "forename", "surname", "dob", "postcode"])


def scored(records, floor=0.0):
    """Every blocked pair with its levels by name, under the fixed parameters."""
    from saferplaces.evidence.linkage.model import level_labels, predict
    from saferplaces.evidence.linkage.prepare import standardise, validate_records

    pairs, parameters = predict(standardise(validate_records(records).records), fixed=True, floor=floor)
    return pd.concat([pairs, level_labels(pairs, parameters)], axis=1)


def test_small_sets_use_the_fixed_parameters_and_find_the_hard_cases():
    result = link_records(planted_frame().drop(columns=["person"]), purpose_name="cohort-overlap")
    assert "fixed parameters" in result.model
    assert result.parameters["probability_two_random_records_match"] == pytest.approx(FIXED_PRIOR)
    for a, b, same in PLANTED:
        assert (person_of(result, a[0], a[1]) == person_of(result, b[0], b[1])) == same, (a[2], b[2])


def test_exact_match_and_transposed_date_of_birth_link_without_review():
    records = small(("1", "Maria", "Kowalska", "1978-11-02", "W9 3RS"),
                    ("2", "Maria", "Kowalska", "1978-02-11", "W93RS"))
    pair = scored(records).iloc[0]
    assert (pair["name"], pair["dob"], pair["location"]) == ("exact", "day/month transposed", "postcode")
    result = link_records(records, purpose_name="cohort-overlap")
    assert result.clusters["person_id"].nunique() == 1 and result.review.empty


def test_nickname_and_transposed_date_link():
    records = small(("1", "William", "Fairweather", "1984-03-07", "W2 4QT"),
                    ("2", "Bill", "Fairweather", "1984-07-03", "W2 4QT"))
    pair = scored(records).iloc[0]
    assert (pair["name"], pair["dob"]) == ("nickname", "day/month transposed")
    assert pair["match_probability"] >= PURPOSES["cohort-overlap"].link


def test_weights_add_up_as_fellegi_sunter_says():
    # Same name, nothing else on one record: compared (a name is its only key), and weighed by the
    # prior and the exact-name level alone; missing fields weigh nothing.
    records = small(("1", "Kyle", "Barnes", "2001-07-30", "W10 4LP"), ("2", "Kyle", "Barnes", "", ""))
    pair = scored(records).iloc[0]
    m, u = FIXED["name"][0]
    expected = math.log2(FIXED_PRIOR / (1 - FIXED_PRIOR)) + math.log2(m / u)
    assert pair["match_weight"] == pytest.approx(expected)
    assert pair["match_probability"] == pytest.approx(1 / (1 + 2 ** -expected))
    # Too little to link, enough to ask a caseworker, for either purpose.
    for chosen in PURPOSES.values():
        assert chosen.review <= pair["match_probability"] < chosen.link
        review = link_records(records, purpose_name=chosen.name).review
        assert list(review[["record_id_l", "record_id_r"]].itertuples(index=False, name=None)) == [("1", "2")]
        assert (review.iloc[0]["name"], review.iloc[0]["dob"], review.iloc[0]["location"]) == ("exact", None, None)


def test_different_people_are_not_candidates():
    records = small(("1", "Jordan", "Ellis", "1991-03-14", "W2 5EH"), ("2", "Fatima", "Begum", "1985-05-21", "NW8 8LL"))
    assert scored(records).empty
    assert link_records(records).clusters["person_id"].nunique() == 2


def test_blocking_compares_a_swapped_date_of_birth_but_not_strangers_sharing_a_postcode():
    records = small(("1", "Maria", "Kowalska", "1978-11-02", "W9 3RS"),
                    ("2", "Marie", "Kowalski", "1978-02-11", ""),  # names keyed differently, date swapped
                    ("3", "Zoe", "Quinn", "1960-05-05", "W9 3RS"))  # only the postcode in common
    assert {(p.unique_id_l, p.unique_id_r) for p in scored(records).itertuples()} == {(0, 1)}


def test_small_sets_respect_labels_and_keep_ids():
    records = small(("1", "Kyle", "Barnes", "2001-07-30", "W10 4LP"), ("2", "Kyle", "Barnes", "", ""),
                    ("3", "Jordan", "Ellis", "1991-03-14", "W2 5EH"), ("4", "Jordan", "Ellis", "1991-03-14", "W2 5EH"))
    first = link_records(records, purpose_name="cohort-overlap")
    assert person_of(first, "council", "3") == person_of(first, "council", "4")
    assert person_of(first, "council", "1") != person_of(first, "council", "2")
    labels = pd.DataFrame([("council", "1", "council", "2", "true"), ("council", "3", "council", "4", "false")],
                          columns=["source_l", "record_id_l", "source_r", "record_id_r", "same_person"])
    again = link_records(records, purpose_name="cohort-overlap", labels=labels, previous=first.clusters)
    assert person_of(again, "council", "1") == person_of(again, "council", "2")
    assert person_of(again, "council", "3") != person_of(again, "council", "4")
    assert again.review.empty  # the labelled pair is not asked again
    # Every old id is kept by the part that overlaps it most; the split-off record gets a new one.
    assert person_of(again, "council", "1") == person_of(first, "council", "1")
    assert person_of(again, "council", "3") == person_of(first, "council", "3")
    assert person_of(again, "council", "4") not in set(first.clusters["person_id"])


def test_fixed_parameters_accuracy_on_a_small_synthetic_set():
    data = generate_people(1500, seed=4)
    result = link_records(data.drop(columns=["person"]), purpose_name="cohort-overlap")
    assert "fixed parameters" in result.model
    accuracy = pairwise_accuracy(result.clusters["person_id"], data["person"])
    assert accuracy.pairwise_precision >= 0.98 and accuracy.pairwise_recall >= 0.93
    assert accuracy.true_pairs > 300


def test_typed_records_link_as_the_frame_does():
    from saferplaces.evidence import api

    data = generate_people(300, seed=9)
    records = [api.LinkageRecord(r.source, r.record_id, r.forename, r.surname,
                                 pd.Timestamp(r.dob).date() if r.dob else None, r.postcode, r.address, r.sex,
                                 r.pnc_id, r.nhs_number, r.crn) for r in data.itertuples()]
    typed = api.link_person_records(records, purpose="cohort-overlap")
    frame = link_records(data.drop(columns=["person"]), purpose_name="cohort-overlap")
    assert [typed.person_ids[(s, r)] for s, r in zip(data.source, data.record_id, strict=True)] == list(
        frame.clusters["person_id"])
    assert [(p.left, p.right) for p in typed.review] == list(zip(
        zip(frame.review.source_l, frame.review.record_id_l, strict=True),
        zip(frame.review.source_r, frame.review.record_id_r, strict=True), strict=True))
    assert all(set(p.agreement) >= {"name", "dob", "location"} for p in typed.review)
