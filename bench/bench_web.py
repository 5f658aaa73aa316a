"""The web app under load: signed-in users on a production-style server (gunicorn, DEBUG=0) over a
borough's volume of data, with the response times of every page.

Each simulated user signs in, then opens pages of their role's daily mix (My work, the case list and a
case, a person search and a person, the victims register, the cohort overlap, the access log, the
board report, ...) with a think time of 1 to 3 seconds between pages, and answers the "why do you need
to see this?" question when a record asks for it, as a person does. The run prints p50/p95/p99 per page
(as the client saw it, and the server's own time from gunicorn's access log), the requests and errors,
against the target of issue 20: p95 under 300 ms overall and for every page, no errors, no page above
150 ms of server time alone. Beside the pages it times a static file served by the same server under
the same load, the reference for what the server and the machine cost before any of our code runs,
and prints each page's p95 as a multiple of it.

Data: the database of DATABASE_URL (or --database-url), which must hold the demo and the volume of
``manage.py generate_scale_data`` (1,000,000 people at --scale 1, a few minutes by COPY). Without one,
the script makes ``saferplaces_bench_web`` on the local PostgreSQL at --prepare-scale (default 0.05).

Run:
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sp_bench .venv/bin/python bench/bench_web.py \\
        --users 20 --seconds 180
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlparse

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 300
SERVER_TARGET_MS = 150
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/saferplaces_bench_web"
PASSWORD = "bench-web-Passw0rd!"
MARKER = "justification-form"
STATIC = "/static/saferplaces/app.css"

#: role → the pages of their day, each (name, weight); ids come from the data (``Sampler``)
MIXES = {
    "caseworker": [("my_work", 3), ("asb_list", 2), ("asb_search", 1), ("asb_case", 3), ("people_search", 2),
                   ("person", 2), ("victims_register", 1), ("notifications", 1)],
    "manager": [("my_work", 2), ("asb_list", 2), ("asb_case", 2), ("asb_reviews", 1), ("people_search", 1),
                ("person", 1), ("victims_register", 1), ("overlap", 1)],
    "analyst": [("my_work", 1), ("overlap", 2), ("plans", 1), ("board_report", 1)],
    "coordinator": [("my_work", 1), ("plans", 2), ("board_report", 1), ("overlap", 1)],
    "dpo": [("my_work", 1), ("access_log", 3), ("access_log_search", 2)],
    "read_only_partner": [("my_work", 2), ("asb_list", 1), ("asb_case", 1), ("people_search", 1)],
}

#: the demo users who take part, by role; 20 users cycle over them
USERS = ["caseworker.wcc", "caseworker.mps", "caseworker.vs", "caseworker.nps", "manager.wcc", "manager.mps",
         "analyst.wcc", "analyst.mps", "coordinator.wcc", "dpo.wcc", "dpo.mps", "partner.cwh"]


@dataclass
class Result:
    page: str
    ms: float
    status: int
    request_id: str
    at: float = field(default_factory=time.time)


@dataclass
class Sample:
    """What a user may open: ids of records their agency holds (always visible to them)."""

    cases: list[int] = field(default_factory=list)
    people: list[int] = field(default_factory=list)
    surnames: list[str] = field(default_factory=list)


def django_setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def ensure_database(database_url: str, scale: float) -> None:
    """Make the default benchmark database with the demo and ``scale`` times the volume, once."""
    parsed = urlparse(database_url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    exists = subprocess.run(["psql", admin, "-tAc", f"SELECT 1 FROM pg_database WHERE datname = '{name}'"],
                            capture_output=True, text=True, check=True).stdout.strip()
    if exists:
        return
    print(f"Making {name} at --scale {scale} (once)...", flush=True)
    subprocess.run(["psql", admin, "-qc", f'CREATE DATABASE "{name}"'], check=True)
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "1"}
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, cwd=ROOT)
    subprocess.run([*manage, "generate_scale_data", "--scale", str(scale)], env=env, check=True, cwd=ROOT)


def prepare_users() -> dict[str, tuple[str, Sample]]:
    """Give the taking-part users a known password and no second factor (the server runs as a
    deployment behind single sign-on would, SAFERPLACES_REQUIRE_2FA=0), and sample their records."""
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from saferplaces.accounts.models import User
    from saferplaces.asb.models import AsbCase
    from saferplaces.people.models import Person
    from saferplaces.work.scale_data import CASE_SUMMARY

    if not AsbCase.objects.filter(summary=CASE_SUMMARY).exists():
        raise SystemExit("This database holds no generate_scale_data records: bench_web changes its users' "
                         "passwords, so it runs only on a database made for it (docs/scale.md).")
    users = {}
    for user in User.objects.filter(username__in=USERS).select_related("agency"):
        user.set_password(PASSWORD)
        user.must_change_password = False
        user.save(update_fields=["password", "must_change_password"])
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        rng = random.Random(user.pk)
        case_ids = list(AsbCase.objects.filter(owner_agency=user.agency).order_by("-opened_on")
                        .values_list("pk", flat=True)[:2000])
        people = list(Person.objects.filter(owner_agency=user.agency).order_by("pk")
                      .values_list("pk", "surname")[:5000:7])
        users[user.username] = (user.role, Sample(cases=rng.sample(case_ids, min(200, len(case_ids))),
                                                  people=[pk for pk, _ in people][:200],
                                                  surnames=sorted({s for _, s in people})[:100]))
    missing = set(USERS) - set(users)
    if missing:
        raise SystemExit(f"Load the demo first: no user {', '.join(sorted(missing))}.")
    return users


def page_url(page: str, sample: Sample, rng: random.Random) -> str | None:
    """The URL of ``page`` for a user with ``sample``; None where the user has nothing to open."""
    if page == "asb_case":
        return f"/asb/cases/{rng.choice(sample.cases)}/" if sample.cases else None
    if page == "person":
        return f"/people/{rng.choice(sample.people)}/" if sample.people else None
    if page == "people_search":
        return "/people/?" + urlencode({"q": rng.choice(sample.surnames)}) if sample.surnames else None
    if page == "asb_search":
        return "/asb/?" + urlencode({"q": rng.choice(["noise", "Street", "drugs", "ASB at 1"])})
    if page == "victims_register":  # opened as a person opens it: any rule, with the reason it asks for
        return "/victims/?" + urlencode({"rule": "", "reason": "casework", "justification": "Bench: weekly review"})
    if page == "access_log_search":
        return "/audit/access/?" + urlencode({"username": rng.choice(USERS)})
    return {"my_work": "/", "asb_list": "/asb/", "asb_reviews": "/asb/reviews/",
            "notifications": "/notifications/", "overlap": "/offenders/",
            "plans": "/plan/", "board_report": "/plan/board-report/", "access_log": "/audit/access/",
            "static": STATIC}[page]


class Browser:
    """One signed-in user's connection: cookies kept by hand (the server marks them Secure, as behind
    TLS; the client speaks plain HTTP to it with X-Forwarded-Proto: https, as a proxy would)."""

    def __init__(self, port: int):
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, str, float, str, str]:
        request_id = uuid.uuid4().hex
        headers = {"X-Forwarded-Proto": "https", "X-Request-ID": request_id,
                   "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode(form)
            headers |= {"Content-Type": "application/x-www-form-urlencoded",
                        "Origin": f"https://127.0.0.1:{self.port}", "Referer": f"https://127.0.0.1:{self.port}{path}",
                        "X-CSRFToken": self.cookies.get("csrftoken", "")}
        started = time.perf_counter()
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        ms = (time.perf_counter() - started) * 1000
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, text, ms, response.getheader("Location") or "", request_id

    def csrf(self, text: str) -> str:
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text)
        return match.group(1) if match else ""

    def sign_in(self, username: str) -> None:
        status, text, _, _, _ = self.request("GET", "/accounts/sign-in/")
        status, _, _, location, _ = self.request("POST", "/accounts/sign-in/", {
            "csrfmiddlewaretoken": self.csrf(text), "username": username, "password": PASSWORD})
        if status != 302 or "sign-in" in location:
            raise RuntimeError(f"{username} could not sign in (status {status}, sent to {location!r})")


def user_loop(username: str, role: str, sample: Sample, port: int, until: float, seed: int,
              results: list[Result], errors: list[str], leave_out: frozenset[str] = frozenset()) -> None:
    rng = random.Random(seed)
    pages, weights = zip(*[(page, weight) for page, weight in MIXES[role] if page not in leave_out])
    browser = Browser(port)
    try:
        browser.sign_in(username)
    except Exception as error:  # noqa: BLE001 (reported with the run's errors, not raised in a thread)
        errors.append(f"{username}: {error}")
        return
    while time.time() < until:
        page = rng.choices(pages, weights)[0] if rng.random() > 0.1 else "static"
        url = page_url(page, sample, rng)
        if url is None:
            continue
        try:
            status, text, ms, _, request_id = browser.request("GET", url)
            results.append(Result(page, ms, status, request_id))
            if status == 200 and MARKER in text:  # the record asks why: answer as a person does
                status, _, ms, _, request_id = browser.request("POST", url, {
                    "csrfmiddlewaretoken": browser.csrf(text), MARKER: "1", "reason": "casework",
                    "justification": "Bench: open case"})
                results.append(Result("justify", ms, status, request_id))
                status, text, ms, _, request_id = browser.request("GET", url)
                results.append(Result(page, ms, status, request_id))
            if status >= 400:
                errors.append(f"{username} {url}: HTTP {status}")
        except (OSError, http.client.HTTPException) as error:
            errors.append(f"{username} {url}: {error}")
            browser = Browser(port)
            browser.sign_in(username)
        time.sleep(rng.uniform(1.0, 3.0))


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))] if ordered else float("nan")


def server_times(log: Path) -> dict[str, float]:
    """request id → the server's own time in ms, from gunicorn's access log (format below)."""
    times = {}
    for line in log.read_text().splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] != "-":
            times[parts[0]] = int(parts[1]) / 1000  # %(D)s is in microseconds
    return times


def start_server(database_url: str, port: int, workers: int, log: Path) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "0", "SECRET_KEY": "bench-web-not-secret",
           "ALLOWED_HOSTS": "127.0.0.1", "SECURE_SSL_REDIRECT": "0", "SECURE_PROXY_SSL": "1",
           "SAFERPLACES_REQUIRE_2FA": "0", "PYTHONPATH": str(ROOT)}
    # As a deployment does: whitenoise serves the collected files when DEBUG is off.
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "config.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--access-logfile", str(log),
         "--access-logformat", "%({x-request-id}i)s %(D)s", "--error-logfile", str(log.with_suffix(".err"))],
        cwd=ROOT, env=env)
    for _ in range(120):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", STATIC)
            connection.getresponse().read()
            return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise SystemExit(f"gunicorn did not start: see {log.with_suffix('.err')}")


def report(results: list[Result], servers: dict[str, float], errors: list[str], seconds: float) -> bool:
    by_page: dict[str, list[Result]] = defaultdict(list)
    for result in results:
        by_page[result.page].append(result)
    static = percentile([r.ms for r in by_page.get("static", [])], 95)
    print(f"\n{len(results)} requests in {seconds:.0f} s ({len(results) / seconds:.1f}/s); "
          f"reference: a static file, p95 {static:.0f} ms")
    print(f"{'page':<20}{'requests':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'server p95':>12}{'server max':>12}"
          f"{'p95/static':>12}")
    ok = True
    pages = [r for r in results if r.page != "static"]
    for page in sorted(by_page, key=lambda p: (p == "static", p)):
        rows = by_page[page]
        client = [r.ms for r in rows]
        server = [servers[r.request_id] for r in rows if r.request_id in servers]
        p95, server_max = percentile(client, 95), max(server, default=float("nan"))
        if page != "static" and (p95 >= TARGET_MS or server_max > SERVER_TARGET_MS):
            ok = False
        print(f"{page:<20}{len(rows):>9}{percentile(client, 50):>9.0f}{p95:>9.0f}{percentile(client, 99):>9.0f}"
              f"{percentile(server, 95):>12.0f}{server_max:>12.0f}{p95 / static:>12.1f}")
    overall = [r.ms for r in pages]
    print(f"{'all pages':<20}{len(overall):>9}{percentile(overall, 50):>9.0f}{percentile(overall, 95):>9.0f}"
          f"{percentile(overall, 99):>9.0f}")
    under = sum(1 for ms in overall if ms < TARGET_MS) / max(1, len(overall))
    print(f"{under:.1%} of page requests under {TARGET_MS} ms; errors: {len(errors)}")
    for error in errors[:20]:
        print("  ", error)
    ok = ok and not errors and percentile(overall, 95) < TARGET_MS
    print(("MEETS" if ok else "MISSES") + f" the target: p95 < {TARGET_MS} ms overall and for every page, "
          f"no errors, no page above {SERVER_TARGET_MS} ms of server time")
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", DEFAULT_DB))
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=120)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--warmup", type=int, default=10, help="seconds at the start not timed (default 10)")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--prepare-scale", type=float, default=0.05,
                        help="the volume of a database this script makes itself (default 0.05)")
    parser.add_argument("--leave-out", default="", metavar="PAGE,...",
                        help="pages left out of every mix, e.g. victims_register to measure the rest without "
                             "the register's seconds holding the workers")
    args = parser.parse_args()
    leave_out = frozenset(filter(None, args.leave_out.split(",")))
    unknown = leave_out - {page for mix in MIXES.values() for page, _ in mix}
    if unknown:
        raise SystemExit(f"No such page in the mixes: {', '.join(sorted(unknown))}")
    if not args.database_url.startswith("postgres"):
        raise SystemExit("bench_web measures PostgreSQL: set DATABASE_URL or --database-url.")
    if args.database_url == DEFAULT_DB:
        ensure_database(args.database_url, args.prepare_scale)
    django_setup(args.database_url)
    users = prepare_users()
    from saferplaces.people.models import Person

    print(f"{Person.objects.count():,} person records; {args.users} users for {args.seconds} s; "
          f"gunicorn with {args.workers} workers; {os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f}"
          + (f"; left out: {', '.join(sorted(leave_out))}" if leave_out else ""))
    log = Path(tempfile.mkdtemp()) / "access.log"
    server = start_server(args.database_url, args.port, args.workers, log)
    results: list[Result] = []
    errors: list[str] = []
    started = time.time()
    try:
        until = time.time() + args.warmup + args.seconds
        threads = []
        for index in range(args.users):
            username = USERS[index % len(USERS)]
            role, sample = users[username]
            thread = threading.Thread(target=user_loop, daemon=True, args=(
                username, role, sample, args.port, until, index, results, errors, leave_out))
            threads.append(thread)
            thread.start()
            time.sleep(0.2)  # users arrive over a few seconds, not in one burst
        for thread in threads:
            thread.join()
    finally:
        server.terminate()
        server.wait()
    # The first seconds warm each worker (templates, content types, connections): not timed.
    timed = [r for r in results if r.at >= started + args.warmup]
    report(timed, server_times(log), errors, args.seconds)
    print(f"load average at the end {os.getloadavg()[0]:.1f}")
    sys.exit(1 if errors else 0)  # missing the target is a finding, printed; errors are a broken run


if __name__ == "__main__":
    main()
