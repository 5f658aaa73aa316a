"""The compiled loops (``_kernels.c``), loaded with ctypes, and the threads that share their work.

The C file is compiled when the package is installed (``setup.py``; ``make setup`` does it), so no
call ever waits for a compiler. ctypes releases the GIL during each call: :func:`split` runs
independent ranges of a loop on threads, one per core this process may use, and every kernel gives
the same result however its range is split (``SAFERPLACES_THREADS`` sets how many threads).
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from saferplaces.evidence.errors import EvidenceError

_i32, _i64, _u64, _f64, _ptr = ctypes.c_int32, ctypes.c_int64, ctypes.c_uint64, ctypes.c_double, ctypes.c_void_p

_SIGNATURES = {
    "sp_pair_rows": (None, [_i64, _ptr, _ptr, _ptr, _ptr, _ptr, _i64, _ptr, _i64, _i32, _ptr, _ptr, _ptr, _i32,
                            _i32, _i64, _i64]),
    "sp_observed_counts": (None, [_i64, _ptr, _ptr, _ptr, _i32, _i64, _ptr, _i64, _ptr]),
    "sp_simulated_counts_i16": (_i32, [_i64, _ptr, _ptr, _ptr, _i32, _i64, _ptr, _i64, _ptr, _i64, _i64, _i64, _ptr]),
    "sp_simulated_counts_i32": (_i32, [_i64, _ptr, _ptr, _ptr, _i32, _i64, _ptr, _i64, _ptr, _i64, _i64, _i64, _ptr]),
    "sp_draw_table": (_u64, [_i64, _i64, _i64, _u64, _ptr]),
    "sp_conditional_counts": (None, [_i64, _ptr, _ptr, _ptr, _i64, _ptr, _i64, _u64, _i64, _i64, _ptr, _ptr]),
    "sp_quartic_scatter": (None, [_ptr, _ptr, _ptr, _i64, _i64, _f64, _f64, _f64, _i64, _i64, _f64, _i32, _ptr]),
}


def _load() -> ctypes.CDLL:
    spec = importlib.util.find_spec("saferplaces.evidence._kernels")
    if spec is None or not spec.origin:
        raise EvidenceError(
            "the evidence engine's compiled loops are not built: install the package (pip install -e . "
            "or make setup), which compiles saferplaces/evidence/_kernels.c with the system's C compiler")
    library = ctypes.CDLL(spec.origin)
    for name, (result, arguments) in _SIGNATURES.items():
        function = getattr(library, name)
        function.restype, function.argtypes = result, arguments
    return library


lib = _load()


def pointer(array: np.ndarray) -> int:
    """The address of a C-contiguous array's data, for a kernel argument (checked: a strided view
    would be read as if it were contiguous)."""
    if not array.flags.c_contiguous:
        raise ValueError("compiled kernels need C-contiguous arrays")
    return array.ctypes.data


def threads() -> int:
    """Threads for the kernels: ``SAFERPLACES_THREADS`` if set (to leave cores free on a shared
    server), else the cores this process may run on (the affinity mask, not the machine's count)."""
    setting = os.environ.get("SAFERPLACES_THREADS", "").strip()
    if setting:
        if not setting.isdigit() or int(setting) < 1:
            raise EvidenceError(f"SAFERPLACES_THREADS must be a whole number of at least 1, got {setting!r}")
        return int(setting)
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def split(work, total: int, *, pieces: int | None = None) -> list:
    """Call ``work(lo, hi)`` over ``[0, total)`` cut into ``pieces`` ranges (default: more ranges than
    threads, so that a slow range does not leave a core idle), on one thread per core; the results in
    range order."""
    workers = threads()
    pieces = min(total, pieces or workers * 8)
    if workers == 1 or pieces <= 1:
        return [work(0, total)]
    bounds = [total * k // pieces for k in range(pieces + 1)]
    with ThreadPoolExecutor(workers) as pool:
        return list(pool.map(work, bounds[:-1], bounds[1:]))
