"""The proven re-offending measure on 100,000 people with 2,000,000 offences (generated), against the
plain-Python reference of the tests (``tests/evidence/reoffending_reference.py``) on a subsample.

Target (issue 15): under 20 s for 100,000 people and 2,000,000 offences, 1,000 bootstrap resamples.
Run from the repository root: .venv/bin/python bench/bench_reoffending.py [PEOPLE] [OFFENCES] [SUBSAMPLE]
"""

import datetime as dt
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from saferplaces.evidence.harm import load_weights  # noqa: E402
from saferplaces.evidence.reoffending import cohort_from_frame, offences_from_frame, reoffending  # noqa: E402
from tests.evidence.reoffending_reference import measure  # noqa: E402

OFFENCES = np.array(["Burglary", "Robbery", "Shoplifting", "Drugs", "Violence and sexual offences", "common assault"])


def synthetic(people: int, offences: int, seed: int = 1) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Cohort starts over two years; offences over four, skewed to a few prolific people; 20% unproven."""
    rng = np.random.default_rng(seed)
    base = np.datetime64("2021-01-01")
    cohort = pd.DataFrame({"person_id": "p" + pd.Series(np.arange(people)).astype(str),
                           "start_date": (base + 365 + rng.integers(0, 730, people)).astype(str)})
    who = (rng.random(offences) ** 2 * people * 1.05).astype(np.int64)  # a few not in the cohort
    committed = base + rng.integers(0, 4 * 365, offences)
    proven = (committed + rng.integers(0, 400, offences)).astype(str)
    proven[rng.random(offences) < 0.2] = ""
    frame = pd.DataFrame({"person_id": "p" + pd.Series(who).astype(str), "offence_date": committed.astype(str),
                          "offence": OFFENCES[rng.integers(0, len(OFFENCES), offences)], "outcome_date": proven})
    return frame, cohort


def main():
    people = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    offences = int(sys.argv[2]) if len(sys.argv) > 2 else 2_000_000
    subsample = int(sys.argv[3]) if len(sys.argv) > 3 else 10_000
    frame, cohort = synthetic(people, offences)
    harm = load_weights("css-style")

    start = time.perf_counter()
    report = reoffending(offences_from_frame(frame), cohort_from_frame(cohort, 365, 182), harm=harm)
    ours = time.perf_counter() - start
    print(f"ours: {people:,} people, {offences:,} offences, 1,000 resamples: {ours:.1f} s "
          f"(binary rate {report.cohort.binary_rate.value:.4f})")

    # The reference on the first SUBSAMPLE people (and their offences), point figures only.
    chosen = cohort.iloc[:subsample]
    theirs = frame[frame["person_id"].isin(set(chosen["person_id"]))]
    rows = [(p, dt.date.fromisoformat(d), o, dt.date.fromisoformat(r) if r else None)
            for p, d, o, r in theirs.itertuples(index=False)]
    starts = {p: dt.date.fromisoformat(s) for p, s in chosen.itertuples(index=False)}
    start = time.perf_counter()
    expected = measure(rows, starts, lambda o: harm.weights.get(o, harm.weight("Other crime")))
    reference = time.perf_counter() - start
    start = time.perf_counter()
    small = reoffending(offences_from_frame(theirs.reset_index(drop=True)), cohort_from_frame(chosen, 365, 182),
                        harm=harm, resamples=1)
    ours_small = time.perf_counter() - start
    assert small.cohort.binary_rate.value == expected["binary_rate"]
    assert abs(small.cohort.severity_per_person_after.value - expected["severity_per_person_after"]) < 1e-6
    print(f"subsample of {subsample:,} people, {len(rows):,} offences, point figures: ours {ours_small:.2f} s, "
          f"plain Python {reference:.2f} s, ratio {reference / ours_small:.0f}x; figures equal")


if __name__ == "__main__":
    main()
