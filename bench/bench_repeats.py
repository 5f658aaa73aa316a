"""The repeat-victimisation pack on 1,000,000 victim records, against a straightforward pandas
reference (a 365-day rolling count per victim and type, then the same figures by groupby).

Target (issue 6): under 10 s for 1,000,000 records.
Run: .venv/bin/python bench/bench_repeats.py [RECORDS]
"""

import sys
import time

import numpy as np
import pandas as pd

from saferplaces.evidence.repeats import Victimisations, repeat_victimisation

TYPES = ["burglary", "theft", "violence", "criminal_damage", "asb", "domestic_abuse", "robbery", "fraud"]


def synthetic(n: int, seed: int = 1) -> pd.DataFrame:
    """Victims with a heavy tail (a few suffer many events), over three years, 20 areas."""
    rng = np.random.default_rng(seed)
    victims = (rng.random(n) ** 2.5 * n * 0.8).astype(np.int64)  # skewed: low ids are victimised often
    return pd.DataFrame({
        "victim": victims.astype(str), "day": 19000 + rng.integers(0, 3 * 365, n),
        "crime_type": np.array(TYPES)[rng.integers(0, len(TYPES), n)], "attempt": rng.random(n) < 0.1,
        "address": (victims % (n // 3)).astype(str) + " Some Street", "area": "E0500" + (victims % 20).astype(str)})


def reference(frame: pd.DataFrame):
    """Straightforward pandas: rolling 365-day counts per victim and type, then groupby figures."""
    df = frame.assign(date=pd.to_datetime(frame["day"], unit="D"), i=np.arange(len(frame)))
    df = df.sort_values(["victim", "crime_type", "date", "i"])
    counts = df.set_index("date").groupby(["victim", "crime_type"])["i"].rolling("365D", closed="both").count()
    df["repeat"] = counts.to_numpy() > 1
    counted = df[df["date"] >= df["date"].min() + pd.Timedelta(days=365)]
    per_victim = counted.groupby("victim")["repeat"].any()
    by_type = counted.groupby("crime_type").agg(events=("repeat", "size"), repeats=("repeat", "sum"))
    return len(counted), len(per_victim), int(per_victim.sum()), int(counted["repeat"].sum()), by_type


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    frame = synthetic(n)
    start = time.perf_counter()
    events, victims, repeat_victims, repeats, _ = reference(frame)
    ref_time = time.perf_counter() - start
    start = time.perf_counter()
    report = repeat_victimisation(Victimisations(frame))
    our_time = time.perf_counter() - start
    o = report.overall
    assert (o.events, o.victims, o.repeat_victims, o.repeat_events) == (events, victims, repeat_victims, repeats)
    print(f"records: {n:,}; counted (full look-back) {o.events:,}; victims {o.victims:,}; "
          f"repeat-victim rate {o.repeat_victim_rate:.1%}")
    print(f"pandas rolling-window reference (overall and by type only): {ref_time:.2f} s")
    print(f"saferplaces repeat_victimisation (overall, by type, by area, locations, time to repeat): {our_time:.2f} s")
    print(f"ratio ours / reference: {our_time / ref_time:.2f}; target under 10 s -> "
          f"{'met' if our_time < 10 else 'NOT met'}")


if __name__ == "__main__":
    main()
