"""The web app's one doorway into the evidence engine: its command-line contract, called in-process.

Calling the documented commands (rather than internal functions) keeps the web app on the same
interface that scripts use.
"""

from __future__ import annotations

import io
import json
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

from saferplaces.evidence.cli import main as evidence_main


class EngineError(Exception):
    pass


def _call(args: list[str]) -> str:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            status = evidence_main(args)
        except SystemExit as exit_:  # argparse exits on arguments it cannot parse
            status = exit_.code if isinstance(exit_.code, int) else 2
    if status != 0:
        raise EngineError(err.getvalue().strip() or f"saferplaces {args[0]} failed with status {status}")
    return out.getvalue()


def assess(inputs: list[Path], geography: Path | None, report: Path, summary: Path, events: Path | None = None) -> dict:
    """Write the strategic assessment report and its JSON summary; return the summary."""
    args = ["assess", *map(str, inputs), "--out", str(report), "--json", str(summary)]
    if events is not None:
        args += ["--events", str(events)]
    if geography is not None:
        args[1 + len(inputs):1 + len(inputs)] = ["--geography", str(geography)]
    _call(args)
    return json.loads(summary.read_text(encoding="utf-8"))


def synthetic_borough(out_dir: Path, seed: int = 1, months: int = 12, per_month: int = 5000) -> None:
    """Write the synthetic demo borough (police.uk files and geography) into ``out_dir``."""
    _call(["synth-borough", str(out_dir), "--seed", str(seed), "--months", str(months),
           "--per-month", str(per_month)])


def wdd(counts: dict[str, tuple[float, float]], periods: tuple[float, float] | None, level: float) -> dict:
    """The weighted displacement difference test on counts (``treated``, ``control`` and optionally
    ``displacement`` and ``displacement_control``, each (before, after))."""
    args = ["wdd"]
    for area, (before, after) in counts.items():
        args += [f"--{area.replace('_', '-')}", f"{before:g},{after:g}"]
    if periods is not None:
        args += ["--periods", f"{periods[0]:g},{periods[1]:g}"]
    return json.loads(_call([*args, "--level", f"{level:g}", "--json"]))
