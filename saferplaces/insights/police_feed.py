"""The police.uk feed: the borough's newest months of street-level crime, fetched from the
data.police.uk API into the evidence store, so that the priority-ward crime KPIs update themselves.

How (the API's documentation, https://data.police.uk/docs/):

* ``GET {BASE_URL}/crimes-street-dates`` lists the months police.uk holds, newest first
  (``[{"date": "2026-08", "stop-and-search": [...]}, ...]``);
* ``POST {BASE_URL}/crimes-street/all-crime`` with ``poly`` (``lat,lng:lat,lng:...``, the borough's
  outline; a POST because an outline is longer than a URL may be) and ``date`` (``YYYY-MM``) gives
  that month's crimes and ASB inside it as a JSON array of crimes-street records. police.uk answers
  503 when an area holds more than 10,000 crimes in the month (an outline with several polygons is
  asked polygon by polygon); 429 when asked too often (15 requests a second is its stated limit).

Each month is kept as ``{DIR}/YYYY-MM/YYYY-MM-{force}-api.json`` (the API's own records, which the
engine loads as they are: ``evidence.load.api_json``; the force named in the file is the one its
"Force" records belong to). A run is all or nothing: every month asked for is fetched and checked
before any is written, then each month's folder is swapped in whole (a month fetched again replaces
the one held, never adds to it). An HTTP error after the retries, or an answer that is not the
records expected, leaves the store as it was.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import re
import secrets
import shutil
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


class FeedError(Exception):
    """The feed could not run; nothing was stored. The message says why."""


@dataclass(frozen=True)
class MonthFetched:
    month: str
    crimes: int
    replaced: bool  # the store held the month before


def config() -> dict:
    return settings.POLICE_FEED


def store() -> Path:
    return Path(config()["DIR"])


def held_months() -> list[str]:
    """The months the store holds, oldest first."""
    folder = store()
    if not folder.is_dir():
        return []
    return sorted(path.name for path in folder.iterdir() if path.is_dir() and MONTH.match(path.name)
                  and any(path.glob("*.json")))


def month_files(months: list[str]) -> list[Path] | None:
    """The store's files of ``months`` (every month must be held), or None."""
    files = []
    for month in months:
        found = sorted((store() / month).glob("*.json")) if MONTH.match(month) else []
        if not found:
            return None
        files += found
    return files


# --- asking police.uk ----------------------------------------------------------------------------

class _Client:
    def __init__(self, base_url: str, *, timeout: float, retries: int, wait: float,
                 sleep: Callable[[float], None] = time.sleep):
        self.base_url = base_url.rstrip("/")
        self.timeout, self.retries, self.wait, self.sleep = timeout, retries, wait, sleep
        self.requests = 0

    def get_json(self, path: str, form: dict[str, str] | None = None):
        url = f"{self.base_url}/{path}"
        body = urllib.parse.urlencode(form).encode() if form is not None else None
        for attempt in range(self.retries + 1):
            request = urllib.request.Request(url, data=body, headers={"Accept": "application/json",
                                                                      "User-Agent": "saferplaces-police-feed"})
            self.requests += 1
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 (a setting's URL)
                    data = response.read()
            except urllib.error.HTTPError as error:
                if (error.code == 429 or error.code >= 500) and attempt < self.retries:
                    self.sleep(_retry_after(error.headers.get("Retry-After"), self.wait * 2 ** attempt))
                    continue
                hint = (" (police.uk answers 503 when the area holds more than 10,000 crimes in a month: "
                        "split the boundary)" if error.code == 503 and form else "")
                raise FeedError(f"{url}: HTTP {error.code} after {attempt + 1} tries{hint}") from None
            except (urllib.error.URLError, TimeoutError, OSError) as error:
                if attempt < self.retries:
                    self.sleep(self.wait * 2 ** attempt)
                    continue
                raise FeedError(f"{url}: {getattr(error, 'reason', error)} after {attempt + 1} tries") from None
            try:
                return json.loads(data)
            except ValueError:
                raise FeedError(f"{url}: the answer is not JSON") from None
        raise AssertionError("unreachable")  # pragma: no cover


def _retry_after(header: str | None, default: float) -> float:
    if header and header.strip().isdigit():
        return min(float(header.strip()), 300.0)
    return default


def available_months(client: _Client) -> list[str]:
    """The months police.uk holds, newest first."""
    answer = client.get_json("crimes-street-dates")
    if not isinstance(answer, list) or not all(isinstance(item, dict) for item in answer):
        raise FeedError("crimes-street-dates: expected a JSON array of months")
    months = [item.get("date") for item in answer]
    if not all(isinstance(month, str) and MONTH.match(month) for month in months):
        raise FeedError("crimes-street-dates: a month is not written YYYY-MM")
    return sorted(set(months), reverse=True)


def boundary_polygons(path: str | Path) -> list[str]:
    """The outline(s) of the borough as the API's ``poly`` values (``lat,lng:lat,lng:...``), one per
    polygon's outer ring, from a GeoJSON file (geometry, feature or feature collection)."""
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise FeedError(f"The boundary file {path} cannot be read as GeoJSON ({error})") from None
    rings = list(_outer_rings(document))
    if not rings:
        raise FeedError(f"The boundary file {path} holds no polygon")
    return [":".join(f"{float(lat):.5f},{float(lon):.5f}" for lon, lat, *_ in ring[:-1] or ring) for ring in rings]


def _outer_rings(node) -> Iterator[list]:
    if not isinstance(node, dict):
        return
    kind = node.get("type")
    if kind == "FeatureCollection":
        for feature in node.get("features") or []:
            yield from _outer_rings(feature)
    elif kind == "Feature":
        yield from _outer_rings(node.get("geometry"))
    elif kind == "Polygon" and node.get("coordinates"):
        yield node["coordinates"][0]
    elif kind == "MultiPolygon":
        for polygon in node.get("coordinates") or []:
            if polygon:
                yield polygon[0]
    elif kind == "GeometryCollection":
        for geometry in node.get("geometries") or []:
            yield from _outer_rings(geometry)


def fetch_month(client: _Client, month: str, polygons: list[str]) -> list[dict]:
    """The month's crimes inside the polygons, each record once (by its API id), checked."""
    records: dict[object, dict] = {}
    for poly in polygons:
        answer = client.get_json("crimes-street/all-crime", {"poly": poly, "date": month})
        if not isinstance(answer, list):
            raise FeedError(f"crimes-street {month}: expected a JSON array of crimes")
        for index, record in enumerate(answer, start=1):
            problem = _record_problem(record, month)
            if problem:
                raise FeedError(f"crimes-street {month}, record {index}: {problem}")
            records.setdefault(record["id"], record)
    return list(records.values())


def _record_problem(record, month: str) -> str | None:
    if not isinstance(record, dict):
        return "not a crime record"
    if not isinstance(record.get("category"), str) or not record["category"]:
        return "no category"
    if record.get("month") != month:
        return f"its month {record.get('month')!r} is not {month}"
    if record.get("id") is None:
        return "no id"
    location = record.get("location")
    if not isinstance(location, dict):
        return "no location"
    try:
        float(location["latitude"]), float(location["longitude"])
    except (KeyError, TypeError, ValueError):
        return "no latitude and longitude"
    return None


# --- the run ---------------------------------------------------------------------------------------

def feed_run(*, months: int | None = None, refresh: bool = False, only: list[str] | None = None,
             sleep: Callable[[float], None] | None = None) -> list[MonthFetched]:
    """Fetch the newest ``months`` police.uk holds that the store does not (all of them again with
    ``refresh``; or exactly the months ``only``), and store them, all or nothing."""
    conf = config()
    if not conf["BOUNDARY"]:
        raise FeedError("Set POLICE_FEED_BOUNDARY (or MAP_BOUNDARY_FILE) to the borough's boundary (GeoJSON)")
    polygons = boundary_polygons(conf["BOUNDARY"])
    client = _Client(conf["BASE_URL"], timeout=conf["TIMEOUT"], retries=conf["RETRIES"], wait=conf["RETRY_WAIT"],
                     sleep=sleep or time.sleep)
    folder = store()
    folder.mkdir(parents=True, exist_ok=True)
    with _locked(folder):
        available = available_months(client)
        if only:
            missing = sorted(set(only) - set(available))
            if missing:
                raise FeedError(f"police.uk does not hold {', '.join(missing)} (its newest month is "
                                f"{available[0] if available else 'none'})")
            wanted = sorted(set(only))
        else:
            newest = available[:months if months is not None else conf["MONTHS"]]
            held = set(held_months())
            wanted = sorted(month for month in newest if refresh or month not in held)
        fetched = {month: fetch_month(client, month, polygons) for month in wanted}
        return _store(folder, fetched, conf["FORCE"])


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    with (folder / ".lock").open("w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise FeedError("Another police_feed run is going: try again when it has finished") from None
        yield


def _store(folder: Path, fetched: dict[str, list[dict]], force: str) -> list[MonthFetched]:
    """Write every month to a new folder, then swap each in for the one held (if any)."""
    token = secrets.token_hex(6)
    incoming = folder / f".incoming-{token}"
    done: list[MonthFetched] = []
    try:
        for month, records in fetched.items():
            (incoming / month).mkdir(parents=True)
            (incoming / month / f"{month}-{force}-api.json").write_text(json.dumps(records), encoding="utf-8")
        for month, records in fetched.items():
            target = folder / month
            replaced = target.exists()
            if replaced:
                target.rename(incoming / f"{month}.old")
            (incoming / month).rename(target)
            done.append(MonthFetched(month, len(records), replaced))
    finally:
        shutil.rmtree(incoming, ignore_errors=True)
    return done
