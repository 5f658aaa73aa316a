"""Timing shared by the benchmarks (imported as ``timing``: each script runs with bench/ on its path)."""

import time


def best_of(runs, function):
    """The fastest of ``runs`` calls of ``function`` in seconds, and the last call's result: the
    minimum is the least disturbed by other work on a shared machine."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return min(times), result
