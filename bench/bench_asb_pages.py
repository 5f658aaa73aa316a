"""Server time and queries of the ASB pages at volume, page by page, for a few demo users.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sp_bench SECRET_KEY=x ALLOWED_HOSTS=testserver \
        .venv/bin/python bench/bench_asb_pages.py [--runs 5] [--users caseworker.wcc,manager.wcc,partner.cwh]

Each request runs in the Django test client (the whole middleware stack, the template rendered) inside
a transaction that is rolled back: the sign-in, the access events and the session it writes never
reach the database, so the script may run against the shared benchmark database. The time printed is
the best of ``--runs`` requests (the least disturbed on a shared machine) and the median; the query
count is the last run's.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.append(str(ROOT))  # after PYTHONPATH: PYTHONPATH=/another/checkout times that checkout
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SAFERPLACES_REQUIRE_2FA", "0")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from saferplaces.accounts.models import User  # noqa: E402
from saferplaces.asb.models import AsbCase  # noqa: E402

REASON = {"reason": "casework", "justification": "Timing the ASB pages"}


class Rollback(Exception):
    pass


def measure(user, url, params=None, justify=False):
    """(seconds, queries, status) of one request by ``user``, everything it wrote rolled back."""
    client = Client()
    result = {}
    try:
        with transaction.atomic():
            client.force_login(user)
            if justify:
                client.post(url, {"justification-form": "1", **REASON})
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get(url, params or {})
                result["seconds"] = time.perf_counter() - start
            result["queries"] = queries.captured_queries
            result["status"] = response.status_code
            raise Rollback
    except Rollback:
        pass
    return result


def pages(user):
    own_case = (AsbCase.objects.filter(owner_agency=user.agency).order_by("-opened_on", "-pk")
                .values_list("pk", flat=True)[37:38])
    case_id = own_case[0] if own_case else AsbCase.objects.order_by("-pk").values_list("pk", flat=True)[0]
    yield "list (mine)", "/asb/", None, False
    yield "list (all, reason)", "/asb/", {"scope": "all", **REASON}, False
    yield "list (all, page 3)", "/asb/", {"scope": "all", "page": "3", **REASON}, False
    for q in ("noise", "Street", "drugs", "ASB at 1", "Sample", "smith"):
        yield f"search mine q={q!r}", "/asb/", {"q": q}, False
        yield f"search all q={q!r}", "/asb/", {"q": q, "scope": "all", **REASON}, False
    yield "search all closed q='Street'", "/asb/", {"q": "Street", "scope": "all", "status": "all", **REASON}, False
    yield f"case {case_id}", f"/asb/cases/{case_id}/", None, True
    yield "reviews", "/asb/reviews/", None, False


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--users", default="caseworker.wcc,manager.wcc,partner.cwh")
    parser.add_argument("--only", default="", help="a substring of the page names to run")
    args = parser.parse_args()
    for username in args.users.split(","):
        user = User.objects.select_related("agency").get(username=username)
        print(f"\n{username} ({user.role}, {user.agency.short_name})")
        for name, url, params, justify in pages(user):
            if args.only and args.only not in name:
                continue
            runs = [measure(user, url, params, justify) for _ in range(args.runs)]
            times = [r["seconds"] * 1000 for r in runs]
            # the database's share: on a loaded machine the request's wall time is mostly waiting for a core
            sql = [sum(float(q["time"]) for q in r["queries"]) * 1000 for r in runs]
            print(f"  {name:34} {min(times):8.1f} ms best {statistics.median(times):8.1f} ms median "
                  f"{min(sql):8.1f} ms SQL {len(runs[-1]['queries']):3d} queries  HTTP {runs[-1]['status']}",
                  flush=True)


if __name__ == "__main__":
    main()
