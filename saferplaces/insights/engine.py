"""The insights app's calls into the evidence engine, through its public API only.

The engine's errors (bad uploads, impossible parameters) become :class:`EngineError`, the one
error the app's services and views show to the user; results come back as JSON-ready data, the
form the app stores (``AssessmentRun.summary``) and its templates read.
"""

from __future__ import annotations

from pathlib import Path

from saferplaces.evidence import api


class EngineError(Exception):
    pass


def assess(inputs: list[Path], geography: Path | None, report: Path, summary: Path, events: Path | None = None) -> dict:
    """Write the strategic assessment report and its JSON summary; return the summary."""
    try:
        assessment = api.strategic_assessment(inputs, geography, report=report, summary=summary, events=events)
    except api.EvidenceError as error:
        raise EngineError(str(error)) from error
    return api.to_data(assessment)


def synthetic_borough(out_dir: Path, seed: int = 1, months: int = 12, per_month: int = 5000) -> None:
    """Write the synthetic demo borough (police.uk files and geography) into ``out_dir``."""
    try:
        api.synthetic_borough(out_dir, seed=seed, months=months, per_month=per_month)
    except api.EvidenceError as error:
        raise EngineError(str(error)) from error


def wdd(counts: dict[str, tuple[float, float]], periods: tuple[float, float] | None, level: float) -> dict:
    """The weighted displacement difference test on counts (``treated``, ``control`` and optionally
    ``displacement`` and ``displacement_control``, each (before, after))."""
    try:
        report = api.wdd_from_counts(counts["treated"], counts["control"], counts.get("displacement"),
                                     counts.get("displacement_control"), periods=periods or (1.0, 1.0), level=level)
    except api.EvidenceError as error:
        raise EngineError(str(error)) from error
    return api.to_data(report)
