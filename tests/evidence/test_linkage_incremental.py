"""Incremental linkage in the engine: only new and changed records (and the people they were) are
relinked, and the people found are exactly a full run's; unchanged people keep their ids."""

import numpy as np
import pandas as pd
import pytest

from saferplaces.evidence.errors import EvidenceError
from saferplaces.evidence.linkage import affected_records, incremental_edges, link_records
from saferplaces.evidence.synthetic.people import generate_people


def _partition(ids) -> set[frozenset[int]]:
    groups: dict[str, set[int]] = {}
    for position, person in enumerate(ids):
        groups.setdefault(person, set()).add(position)
    return {frozenset(g) for g in groups.values()}


@pytest.fixture(scope="module")
def before_and_after():
    """900 records linked, then 100 new ones, 15 changed (one record of a pair given another surname
    and date of birth, so the person splits) and one deleted."""
    everyone = generate_people(1000, seed=23).drop(columns=["person"])
    first = link_records(everyone.iloc[:900])
    after = everyone.drop(index=[7]).reset_index(drop=True)
    ids = first.clusters.set_index(["source", "record_id"])["person_id"]
    in_pairs = ids[ids.duplicated(keep=False)]
    changed_keys = list(in_pairs.index[:15])
    keys = list(zip(after["source"], after["record_id"], strict=True))
    changed = np.array([k in set(changed_keys) for k in keys])
    after.loc[changed, "surname"] = "Quennell-Ashdown"
    after.loc[changed, "dob"] = "1931-02-03"
    changed[900 - 1:] = True  # the new records (row 7 gone: the new ones start at 899)
    deleted = ids[(everyone.loc[7, "source"], everyone.loc[7, "record_id"])]
    return first, after, changed, deleted


@pytest.fixture(scope="module")
def incremental(before_and_after):
    first, after, changed, deleted = before_and_after
    return link_records(after, previous=first.clusters, changed=changed, dissolve=[deleted], model=first.saved_model)


def test_incremental_run_finds_the_full_runs_people(before_and_after, incremental):
    first, after, _, _ = before_and_after
    full = link_records(after, previous=first.clusters)
    assert _partition(incremental.clusters["person_id"]) == _partition(full.clusters["person_id"])
    # The same ids too: the same previous ids are kept by the same rule.
    assert list(incremental.clusters["person_id"]) == list(full.clusters["person_id"])
    # Only the affected records were relinked.
    assert 115 <= int(incremental.relinked.sum()) < 300
    # Review pairs: only pairs with a relinked record, each of them also in the full run's queue.
    relinked = incremental.relinked
    assert (relinked[incremental.review["unique_id_l"]] | relinked[incremental.review["unique_id_r"]]).all()
    full_pairs = set(zip(full.review["unique_id_l"], full.review["unique_id_r"], strict=True))
    assert set(zip(incremental.review["unique_id_l"], incremental.review["unique_id_r"], strict=True)) <= full_pairs


def test_unchanged_people_keep_their_ids(before_and_after, incremental):
    first, after, _, _ = before_and_after
    old = first.clusters.set_index(["source", "record_id"])["person_id"]
    new = incremental.clusters.set_index(["source", "record_id"])["person_id"]
    untouched = ~incremental.relinked
    keys = list(zip(after["source"][untouched], after["record_id"][untouched], strict=True))
    assert all(old[k] == new[k] for k in keys)


def test_affected_records_and_kept_edges_by_hand():
    old = pd.Series(["A", "A", "B", "B", "C", np.nan])
    changed = np.array([False, True, False, False, False, False])
    # Record 1 changed: all of A relinked; record 5 is new; B dissolved by name.
    assert list(affected_records(old, changed)) == [True, True, False, False, False, True]
    assert list(affected_records(old, changed, ["B"])) == [True, True, True, True, False, True]
    # B's two records stay together (a star from its first record); C alone needs no edge.
    edges = incremental_edges(old, affected_records(old, changed))
    assert edges.to_dict("list") == {"unique_id_l": [2], "unique_id_r": [3]}


def test_incremental_run_needs_the_previous_run(before_and_after):
    first, after, changed, _ = before_and_after
    with pytest.raises(EvidenceError, match="previous run's ids and model"):
        link_records(after, changed=changed, model=first.saved_model)
    with pytest.raises(EvidenceError, match="flags for"):
        link_records(after, previous=first.clusters, changed=changed[:10], model=first.saved_model)
