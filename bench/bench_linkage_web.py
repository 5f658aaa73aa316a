"""The web app's person linkage at a borough's volume, on PostgreSQL (issue 20, item 5).

Target: a full run over 1,000,000 people in under 10 minutes; an incremental run after 10,000 new
records in under a minute. Reference, run side by side: the engine alone on the same records (what
the run adds is reading the records from the database and writing the keys and pairs back).

It loads N synthetic people (``saferplaces.evidence.synthetic.people``: four agencies, one person
often held by several, with typos, nicknames, swapped names, moves) into a benchmark database with
COPY, then times a full run (``people.linkage_run.linkage_execute``, as ``manage.py link_people
--full``), then COPYs the new records and times an incremental run (as ``manage.py link_people``),
and checks the incremental run gave the clusters a full run gives.

Run (the database is emptied of people first; its name must contain "bench"):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sp_linkscale_bench \\
      /usr/bin/time -v .venv/bin/python bench/bench_linkage_web.py [--records 1000000] [--new 10000]
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "bench-linkage-web-not-secret")

#: the web app holds no PNC ID, NHS number or CRN on a person record: the engine's reference run gets none either
IDENTIFIERS = ("pnc_id", "nhs_number", "crn")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=1_000_000, help="people loaded before the full run")
    parser.add_argument("--new", type=int, default=10_000, help="people added before the incremental run")
    parser.add_argument("--seed", type=int, default=20)
    parser.add_argument("--check", action="store_true",
                        help="after the incremental run, run a full one and compare the clusters (slow)")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres") or "bench" not in url.rsplit("/", 1)[-1]:
        sys.exit("set DATABASE_URL to a PostgreSQL database whose name contains 'bench' (its people are replaced)")
    _create_database(url)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from saferplaces.evidence.api import link_person_table
    from saferplaces.evidence.synthetic.people import generate_people
    from saferplaces.people.linkage_run import PURPOSE, linkage_execute
    from saferplaces.people.models import LinkageRun, PersonLink

    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    everyone = generate_people(args.records + args.new, seed=args.seed)
    print(f"generated {len(everyone):,} synthetic records in {time.perf_counter() - start:.1f} s")
    agencies = _agencies(sorted(everyone["source"].unique()))
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE people_personlink, people_candidatepair, people_clericallabel, people_linkagerun, "
                       "people_person RESTART IDENTITY CASCADE")
    start = time.perf_counter()
    _copy_people(everyone.iloc[:args.records], agencies)
    print(f"COPY of {args.records:,} people: {time.perf_counter() - start:.1f} s")

    # The engine alone on the records the full run reads (the reference).
    from saferplaces.people.linkage_run import _people

    people = _people()
    start = time.perf_counter()
    link_person_table(people, purpose=PURPOSE)
    engine = time.perf_counter() - start

    full = _timed_run(linkage_execute, LinkageRun.objects.create(full=True))
    start = time.perf_counter()
    _copy_people(everyone.iloc[args.records:], agencies)
    print(f"COPY of {args.new:,} more people: {time.perf_counter() - start:.1f} s")
    incremental = _timed_run(linkage_execute, LinkageRun.objects.create(full=False))

    print(f"\n{'run':28s} {'records':>9s} {'relinked':>9s} {'people':>9s} {'keys written':>12s} "
          f"{'pairs':>7s} {'seconds':>8s}")
    print(f"{'engine alone (reference)':28s} {len(people):>9,} {len(people):>9,} {'':>9s} {'':>12s} {'':>7s} "
          f"{engine:>8.1f}")
    for name, (run, seconds) in (("web app, full", full), ("web app, incremental", incremental)):
        print(f"{name:28s} {run.records:>9,} {run.relinked:>9,} {run.people:>9,} {run.links_written:>12,} "
              f"{run.review_pairs:>7,} {seconds:>8.1f}")
    print(f"full run / engine alone: {full[1] / engine:.2f}; targets: full < 600 s, incremental < 60 s")
    if args.check:
        keys = dict(PersonLink.objects.values_list("person_id", "person_key"))
        again = _timed_run(linkage_execute, LinkageRun.objects.create(full=True))
        after = dict(PersonLink.objects.values_list("person_id", "person_key"))
        same = _same_partition(keys, after)
        print(f"full run after the incremental one: {again[1]:.1f} s; same clusters: {same}")


def _timed_run(execute, run):
    start = time.perf_counter()
    run = execute(run)
    seconds = time.perf_counter() - start
    if run.status != "finished":
        sys.exit(f"run {run.pk} failed: {run.error}")
    return run, seconds


def _same_partition(a: dict, b: dict) -> bool:
    frame = pd.DataFrame({"a": pd.Series(a), "b": pd.Series(b)})
    return bool((frame.groupby("a")["b"].nunique() == 1).all() and (frame.groupby("b")["a"].nunique() == 1).all())


def _create_database(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as con:
        if not con.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            con.execute(f'CREATE DATABASE "{name}"')


def _agencies(sources: list[str]) -> dict[str, int]:
    from saferplaces.accounts.models import Agency

    return {source: Agency.objects.get_or_create(short_name=source, defaults={
        "name": f"Bench {source}", "kind": Agency._meta.get_field("kind").choices[0][0]})[0].pk for source in sources}


def _copy_people(records: pd.DataFrame, agencies: dict[str, int]) -> None:
    """COPY the records into people_person (a date of birth that is not a real date is left blank)."""
    from django.db import connection
    from django.utils import timezone

    dob = pd.to_datetime(records["dob"], errors="coerce", format="%Y-%m-%d").dt.strftime("%Y-%m-%d")
    now = timezone.now().isoformat()
    frame = pd.DataFrame({
        "owner_agency_id": records["source"].map(agencies), "forename": records["forename"].fillna(""),
        "surname": records["surname"].fillna(""), "date_of_birth": dob.fillna(r"\N"),
        "sex": records["sex"].fillna("").str[:1], "postcode": records["postcode"].fillna("").str[:10],
        "address": records["address"].fillna("").str[:300], "source_reference": records["record_id"].str[:60],
        "created_at": now, "updated_at": now})
    buffer = io.StringIO()
    frame.to_csv(buffer, sep="\t", header=False, index=False)
    buffer.seek(0)
    with connection.cursor() as cursor, cursor.copy(
            f"COPY people_person ({', '.join(frame.columns)}) FROM STDIN WITH (FORMAT csv, DELIMITER E'\\t', "
            "NULL '\\N')") as copy:
        while chunk := buffer.read(1 << 20):
            copy.write(chunk)


if __name__ == "__main__":
    main()
