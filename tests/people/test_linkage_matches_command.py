"""One linkage: a run over the web app's person records and the ``link`` command over the same records
exported as CSV files find the same people, with the same ids, and queue the same pairs for review;
below the training threshold (fixed parameters) and above it (trained)."""

import pandas as pd
import pytest

from saferplaces.evidence.cli import main
from saferplaces.evidence.synthetic.people import SOURCES, generate_people
from saferplaces.people.linkage_run import PURPOSE, linkage_execute
from saferplaces.people.models import CandidatePair, LinkageRun, Person, PersonLink
from tests.factories import AgencyFactory

COLUMNS = ["source", "record_id", "forename", "surname", "dob", "postcode", "address", "sex"]


def _person_records(n, seed):
    """Synthetic partner records as Person rows, one agency per synthetic source, created agency by
    agency so that the files below, read in turn, hold the records in the web app's order."""
    data = generate_people(n, seed=seed)
    agencies = {source: AgencyFactory(short_name=source.upper(), name=f"{source} agency") for source in SOURCES}
    for source in SOURCES:
        rows = data[data["source"] == source]
        Person.objects.bulk_create([
            Person(owner_agency=agencies[source], forename=r.forename, surname=r.surname,
                   date_of_birth=pd.Timestamp(r.dob).date() if r.dob else None, sex=r.sex, postcode=r.postcode,
                   address=r.address, source_reference=r.record_id)
            for r in rows.itertuples()])


def _files(tmp_path):
    """The same records as the command's record files, one per agency."""
    people = pd.DataFrame(list(Person.objects.order_by("pk").values(
        "pk", "owner_agency__short_name", "forename", "surname", "date_of_birth", "postcode", "address", "sex")))
    frame = pd.DataFrame({"source": people["owner_agency__short_name"], "record_id": people["pk"].astype(str),
                          "forename": people["forename"], "surname": people["surname"],
                          "dob": [d.isoformat() if d else "" for d in people["date_of_birth"]],
                          "postcode": people["postcode"], "address": people["address"], "sex": people["sex"]})
    paths = []
    for source in frame["source"].unique():  # in pk order, so file after file is the web app's order
        path = tmp_path / f"{source}.csv"
        frame[frame["source"] == source][COLUMNS].to_csv(path, index=False)
        paths.append(str(path))
    return paths


@pytest.mark.parametrize(("n", "model"), [(400, "fixed parameters"), (2100, "trained by EM")])
def test_web_run_and_link_command_find_the_same_people(db, tmp_path, n, model):
    _person_records(n, seed=17)
    run = linkage_execute(LinkageRun.objects.create())
    assert run.status == "finished", run.error
    assert model in run.engine

    out, review = tmp_path / "clusters.csv", tmp_path / "review.csv"
    assert main(["link", *_files(tmp_path), "--out", str(out), "--review-out", str(review),
                 "--purpose", PURPOSE]) == 0
    command = pd.read_csv(out, dtype=str)
    web = dict(PersonLink.objects.values_list("person_id", "person_key"))
    assert len(command) == len(web) == n
    assert {int(r): p for r, p in zip(command["record_id"], command["person_id"], strict=True)} == web
    assert command["person_id"].nunique() == run.people < n  # some records were linked
    queued = pd.read_csv(review, dtype=str)
    assert {tuple(sorted((int(a), int(b)))) for a, b in zip(queued["record_id_l"], queued["record_id_r"],
                                                             strict=True)} == set(
        CandidatePair.objects.filter(run=run).values_list("left_id", "right_id"))
