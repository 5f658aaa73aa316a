"""The police.uk feed against a local fake of the data.police.uk API (no network): the newest months
not held are stored, a month fetched again is replaced whole, errors leave the store as it was, and
the priority-ward crime KPI counts what the feed stored."""

from __future__ import annotations

import datetime as dt
import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from saferplaces.insights import police_feed
from saferplaces.places.models import PriorityArea
from saferplaces.plans import measures
from tests.evidence.tiny_geography import write_geography

POINTS = {"south": ("-0.135", "51.505"), "south2": ("-0.125", "51.505"), "north": ("-0.135", "51.515")}


def record(ident, month, where="south", category="burglary"):
    lon, lat = POINTS[where]
    return {"category": category, "location_type": "Force", "context": "", "outcome_status": None,
            "location": {"latitude": lat, "longitude": lon, "street": {"id": 1, "name": "On or near Tiny Street"}},
            "persistent_id": f"p{ident}", "id": ident, "location_subtype": "", "month": month}


class FakePoliceUK:
    """Serves ``dates`` and ``crimes[month]`` as police.uk's API would; ``failures`` lists, per path,
    answers to give first ((status, body, headers)) before the real one."""

    def __init__(self):
        self.dates: list[str] = []
        self.crimes: dict[str, list] = {}
        self.failures: dict[str, list[tuple[int, bytes, dict]]] = {}
        self.requests: list[tuple[str, str, dict]] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _answer(self, form):
                path = urllib.parse.urlparse(self.path).path
                fake.requests.append((self.command, path, form))
                if fake.failures.get(path):
                    status, body, headers = fake.failures[path].pop(0)
                elif path == "/api/crimes-street-dates":
                    status, body, headers = 200, json.dumps([{"date": m, "stop-and-search": []}
                                                             for m in fake.dates]).encode(), {}
                elif path == "/api/crimes-street/all-crime" and form.get("date") in fake.crimes:
                    status, body, headers = 200, json.dumps(fake.crimes[form["date"]]).encode(), {}
                else:
                    status, body, headers = 404, b"[]", {}
                self.send_response(status)
                for name, value in {"Content-Type": "application/json", **headers}.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):
                self._answer({})

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                form = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))
                self._answer(form)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/api"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def fake():
    server = FakePoliceUK()
    yield server
    server.close()


@pytest.fixture
def feed(settings, tmp_path, fake):
    boundary = tmp_path / "borough.geojson"
    boundary.write_text(json.dumps({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},
                        "geometry": {"type": "Polygon", "coordinates": [[[-0.14, 51.5], [-0.12, 51.5], [-0.12, 51.52],
                                                                          [-0.14, 51.52], [-0.14, 51.5]]]}}]}))
    settings.POLICE_FEED = {"BASE_URL": fake.url, "DIR": tmp_path / "feed", "FORCE": "metropolitan",
                            "BOUNDARY": str(boundary), "GEOGRAPHY": str(write_geography(tmp_path / "geo")),
                            "MONTHS": 2, "TIMEOUT": 5, "RETRIES": 2, "RETRY_WAIT": 0}
    return tmp_path / "feed"


def run(*args) -> str:
    out = StringIO()
    call_command("police_feed", *args, stdout=out)
    return out.getvalue()


def stored(folder) -> dict[str, list[int]]:
    return {path.parent.name: sorted(r["id"] for r in json.loads(path.read_text()))
            for path in sorted(folder.glob("*/*.json"))}


def test_the_newest_months_not_held_are_fetched_stored_and_reported(fake, feed):
    fake.dates = ["2026-08", "2026-07", "2026-06"]
    fake.crimes = {"2026-08": [record(1, "2026-08"), record(2, "2026-08")], "2026-07": [record(3, "2026-07")],
                   "2026-06": [record(4, "2026-06")]}
    assert run() == ("2026-07: 1 records added\n2026-08: 2 records added\n"
                     f"2 months stored in {feed}\n")
    assert stored(feed) == {"2026-07": [3], "2026-08": [1, 2]}
    assert [p.name for p in (feed / "2026-08").iterdir()] == ["2026-08-metropolitan-api.json"]
    posted = [form for method, path, form in fake.requests if method == "POST"]
    assert posted[0]["poly"] == "51.50000,-0.14000:51.50000,-0.12000:51.52000,-0.12000:51.52000,-0.14000"
    assert run() == "Nothing new: the store holds 2 months, the newest 2026-08\n"
    # A month later police.uk publishes September: only it is fetched.
    fake.dates.insert(0, "2026-09")
    fake.crimes["2026-09"] = [record(5, "2026-09")]
    assert run() == f"2026-09: 1 records added\n1 month stored in {feed}\n"
    assert sorted(stored(feed)) == ["2026-07", "2026-08", "2026-09"]


def test_a_month_fetched_again_is_replaced_whole_never_duplicated(fake, feed):
    fake.dates = ["2026-08"]
    fake.crimes = {"2026-08": [record(1, "2026-08"), record(2, "2026-08")]}
    run()
    fake.crimes["2026-08"] = [record(2, "2026-08"), record(6, "2026-08"), record(7, "2026-08")]
    assert run("--refresh") == f"2026-08: 3 records replaced\n1 month stored in {feed}\n"
    assert stored(feed) == {"2026-08": [2, 6, 7]}
    assert run("--month", "2026-08").startswith("2026-08: 3 records replaced")
    assert stored(feed) == {"2026-08": [2, 6, 7]}
    assert [p.name for p in feed.iterdir() if p.name != ".lock"] == ["2026-08"]  # no leftovers


def test_too_many_requests_is_asked_again_after_the_wait_police_uk_gives(fake, feed, monkeypatch):
    waits = []
    monkeypatch.setattr(police_feed.time, "sleep", waits.append)
    fake.dates = ["2026-08"]
    fake.crimes = {"2026-08": [record(1, "2026-08")]}
    fake.failures["/api/crimes-street/all-crime"] = [(429, b"", {"Retry-After": "3"}), (502, b"", {})]
    assert run().startswith("2026-08: 1 records added")
    assert waits == [3.0, 0.0]  # Retry-After, then RETRY_WAIT (0 here) doubled
    assert stored(feed) == {"2026-08": [1]}


@pytest.mark.parametrize("failure, message", [
    ([(500, b"", {})] * 3, "HTTP 500 after 3 tries"),
    ([(503, b"", {})] * 3, "more than 10,000 crimes"),
    ([(200, b"[{not json", {})], "the answer is not JSON"),
    ([(200, b'{"error": "x"}', {})], "expected a JSON array of crimes"),
    ([(200, json.dumps([record(9, "2026-05")]).encode(), {})], "record 1: its month '2026-05' is not 2026-08"),
])
def test_errors_leave_the_store_unchanged(fake, feed, monkeypatch, failure, message):
    monkeypatch.setattr(police_feed.time, "sleep", lambda seconds: None)
    fake.dates = ["2026-07"]
    fake.crimes = {"2026-07": [record(1, "2026-07")], "2026-08": [record(2, "2026-08")]}
    run()
    before = stored(feed)
    fake.dates = ["2026-08", "2026-07"]
    # July, asked again, comes fine (with a new crime); August fails: neither is written.
    fake.failures["/api/crimes-street/all-crime"] = [
        (200, json.dumps([record(1, "2026-07"), record(3, "2026-07")]).encode(), {}), *failure]
    with pytest.raises(CommandError, match=message):
        run("--refresh")
    assert stored(feed) == before == {"2026-07": [1]}
    assert [p.name for p in feed.iterdir() if p.name != ".lock"] == ["2026-07"]


def test_malformed_month_list_and_a_missing_boundary_are_refused(fake, feed, settings):
    fake.failures["/api/crimes-street-dates"] = [(200, b'[{"date": "August"}]', {})]
    with pytest.raises(CommandError, match="a month is not written YYYY-MM. Nothing was stored."):
        run()
    fake.dates = ["2026-08"]
    with pytest.raises(CommandError, match="police.uk does not hold 2026-09"):
        run("--month", "2026-09")
    settings.POLICE_FEED = {**settings.POLICE_FEED, "BOUNDARY": ""}
    with pytest.raises(CommandError, match="POLICE_FEED_BOUNDARY"):
        run()
    assert not stored(feed)


def test_the_priority_ward_crime_kpi_counts_what_the_feed_stored(db, fake, feed):
    area = PriorityArea.objects.create(name="South", geometry={"type": "Polygon", "coordinates": [
        [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}, ward_codes=["E05000001"])
    crime = measures.get(f"insights.ward_crime:{area.pk}")
    august = (dt.date(2026, 8, 1), dt.date(2026, 8, 31))
    assert crime.compute(*august) == 0.0  # nothing holds August yet
    fake.dates = ["2026-08", "2026-07"]
    fake.crimes = {
        "2026-08": [record(1, "2026-08"), record(2, "2026-08", "south2"), record(3, "2026-08", "north"),
                    record(4, "2026-08", category="anti-social-behaviour")],
        "2026-07": [record(5, "2026-07")],
    }
    run()
    assert crime.compute(*august) == 2.0  # two crimes in Southward; the north one and the ASB are not counted
    assert crime.compute(dt.date(2026, 7, 1), dt.date(2026, 8, 31)) == 3.0
    assert crime.compute(dt.date(2026, 8, 1), dt.date(2026, 9, 30)) == 0.0  # September is not held
    fake.crimes["2026-08"].append(record(8, "2026-08", "south2"))  # police.uk revises August
    run("--refresh")
    assert crime.compute(*august) == 3.0
