"""Proven re-offending of a cohort: the Ministry of Justice measure, before and after a start date.

Definitions (Ministry of Justice, *Proven reoffending statistics: guide to proven reoffending
statistics*, the quarterly "Proven reoffending statistics" series): a **proven re-offence** is an
offence committed in a one-year **follow-up** period that received a caution or a court conviction
in that year or in a further six-month **waiting period**. Here, for a person starting on day
``start`` (their cohort start date: release, order start, adoption onto the caseload):

* an offence counts **after** when committed on a day in ``[start, start + follow_up)`` and its
  outcome date (the caution or conviction) is before ``start + follow_up + waiting``, i.e. no later
  than the waiting period's last day. A blank outcome date means not proven: it never counts;
* an offence counts **before** when committed in ``[start − follow_up, start)`` and proven (an
  outcome date, whenever). The before period is the same length as the follow-up, so the two
  frequencies compare like with like;
* **binary rate**: people with at least one offence after ÷ people; **frequency**: offences after
  per person, and per re-offender; **severity**: the harm weights of :mod:`.harm` summed per person
  (offences are mapped to police.uk crime types; an offence that is not one is weighted as
  "Other crime", and the result lists those offence names so the weighting can be checked).

**Days to first re-offence** is estimated by Kaplan–Meier (Kaplan & Meier 1958, "Nonparametric
estimation from incomplete observations", *JASA* 53, 457-481): the survival ``S(t)`` is the product
over event days ``u ≤ t`` of ``1 − d_u / n_u``, with ``d_u`` first re-offences on day ``u`` and
``n_u`` people still at risk (neither re-offended nor censored before ``u``). A person is censored
at the end of the follow-up, or earlier on the day after their ``observed_until`` date (the optional
cohort column: the extract's end, death, moving away), when that comes first.

**Intervals** are 95% percentile bootstrap intervals over people (Efron & Tibshirani 1993, *An
Introduction to the Bootstrap*, ch. 13): :data:`RESAMPLES` resamples of the cohort's people with
replacement, drawn from a seeded generator so that the same input gives the same intervals. With a
comparison group, each group is resampled on its own and the **difference in differences** (cohort's
after − before minus the comparison's) is taken in each resample.

Everything is vectorised: offences are matched to cohort members once (``get_indexer``), counted
per person with ``bincount``, and each resample is a weighted ``bincount`` of the per-person figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse

from saferplaces.evidence import crime_types
from saferplaces.evidence.errors import InputError, ParameterError
from saferplaces.evidence.harm import HarmWeights
from saferplaces.evidence.serialise import json_meta
from saferplaces.evidence.textfiles import open_text

FOLLOW_UP_DAYS = 365
WAITING_DAYS = 182  # six months, as in the MoJ measure
SURVIVAL_DAYS = (30, 90, 180, 365)
RESAMPLES = 1000
SEED = 1
#: The Justice Data Lab's minimum treatment group (Ministry of Justice, *Justice Data Lab:
#: methodology*): fewer people and the figures are too uncertain to report an effect.
SMALL_GROUP = 60
_FALLBACK_TYPE = "Other crime"
OFFENCE_COLUMNS = ("person_id", "offence_date", "offence", "outcome_date")
COHORT_COLUMNS = ("person_id", "start_date")
_NO_DAY = np.iinfo(np.int64).max  # outcome date blank: never proven


@dataclass(frozen=True)
class Offences:
    """Offences as arrays: ``person`` ids, ``day`` committed and ``proven`` (days since 1970-01-01;
    :data:`_NO_DAY` when not proven), ``offence`` and ``outcome`` (optional column; "" when absent)
    as given."""

    person: np.ndarray
    day: np.ndarray
    proven: np.ndarray
    offence: np.ndarray
    outcome: np.ndarray


@dataclass(frozen=True)
class Cohort:
    """Cohort members: ``person`` ids (unique), ``start`` day and ``observed_until`` day (inclusive)."""

    person: np.ndarray
    start: np.ndarray
    observed_until: np.ndarray


@dataclass(frozen=True)
class Estimate:
    """A figure and its 95% bootstrap interval (``None`` when undefined, e.g. no people)."""

    value: float | None
    low: float | None
    high: float | None


@dataclass(frozen=True)
class GroupOutcomes:
    """The measure for one group of people (the cohort or its comparison)."""

    people: int
    reoffenders: int
    offences_before: int
    offences_after: int
    binary_rate: Estimate
    binary_rate_before: Estimate
    offences_per_person_before: Estimate
    offences_per_person_after: Estimate
    offences_per_reoffender: Estimate
    severity_per_person_before: Estimate
    severity_per_person_after: Estimate
    days_to_first: dict[str, Estimate]  # "30", "90" … → Kaplan–Meier survival (share not yet re-offended)
    people_observed_less_than_follow_up: int


@dataclass(frozen=True)
class Caveat:
    """A reason to read the figures with care, whether it applies to this result, and why."""

    name: str
    applies: bool
    reason: str


@dataclass(frozen=True)
class ReoffendingReport:
    """Proven re-offending of a cohort (Ministry of Justice measure); see the module's docstring.

    The cohort's figures are at the top level of the JSON; ``comparison`` holds the same for the
    comparison group and ``difference_in_differences`` the cohort's change minus the comparison's.
    """

    cohort: GroupOutcomes = field(metadata=json_meta(flatten=True))
    follow_up_days: int
    waiting_days: int
    harm: str
    harm_version: str
    offences_weighted_as_other: tuple[str, ...]
    offences_read: int
    offences_of_other_people: int
    resamples: int
    seed: int
    caveats: tuple[Caveat, ...]
    comparison: GroupOutcomes | None = field(default=None, metadata=json_meta(optional=True))
    difference_in_differences: dict[str, Estimate] | None = field(default=None, metadata=json_meta(optional=True))
    definition: str = ("after: committed in [start, start + follow-up) and proven by start + follow-up + waiting; "
                       "before: committed in [start - follow-up, start) and proven (Ministry of Justice proven "
                       "re-offending measure)")


# --- reading ---------------------------------------------------------------------------------------------------

def _read(path: str | Path, what: str, required: tuple[str, ...]) -> pd.DataFrame:
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{what} file {path}: no such file")
    try:
        frame = pd.read_csv(open_text(path), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        raise InputError(f"{what} file {path}: not a readable CSV ({error})") from None
    frame = frame.rename(columns={c: c.strip().lower() for c in frame.columns})
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise InputError(f"{what} file {path}: missing column(s) {', '.join(missing)} "
                         f"(it needs {', '.join(required)})")
    return frame.apply(lambda column: column.str.strip())


def _days(text: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Days since 1970-01-01 of ``YYYY-MM-DD`` texts, and which were not dates."""
    dates = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
    bad = dates.isna().to_numpy().copy()
    days = dates.to_numpy().astype("datetime64[D]").astype(np.int64)
    return np.where(bad, 0, days), bad


def _raise_problems(problems: list[tuple[int, str]], where: str) -> None:
    if problems:
        problems.sort()
        listed = "\n".join(f"{where} line {line}: {message}" for line, message in problems[:1000])
        more = f"\n... and {len(problems) - 1000} more" if len(problems) > 1000 else ""
        raise InputError(f"{len(problems)} problem(s); nothing was counted:\n{listed}{more}")


def offences_from_frame(frame: pd.DataFrame, where: str = "offences") -> Offences:
    """Validate offences (strings); raise :class:`InputError` listing every bad row."""
    day, bad_day = _days(frame["offence_date"])
    blank = (frame["outcome_date"] == "").to_numpy()
    proven, bad_proven = _days(frame["outcome_date"])
    bad_proven = bad_proven & ~blank
    proven = np.where(blank, _NO_DAY, proven)
    checks = [
        ((frame["person_id"] == "").to_numpy(), lambda i: "person_id is blank"),
        (bad_day, lambda i: f"offence_date {frame['offence_date'].iat[i]!r} is not a date written YYYY-MM-DD"),
        ((frame["offence"] == "").to_numpy(), lambda i: "offence is blank"),
        (bad_proven, lambda i: f"outcome_date {frame['outcome_date'].iat[i]!r} is not a date written YYYY-MM-DD "
                               "(leave it blank when the offence is not proven)"),
        (~bad_day & ~bad_proven & ~blank & (proven < day), lambda i: "outcome_date is before offence_date"),
    ]
    problems = [(int(i) + 2, message(i)) for bad, message in checks for i in np.flatnonzero(bad)]
    _raise_problems(problems, where)
    outcome = frame["outcome"] if "outcome" in frame.columns else pd.Series("", index=frame.index)
    return Offences(frame["person_id"].to_numpy(), day, proven, frame["offence"].to_numpy(), outcome.to_numpy())


def cohort_from_frame(frame: pd.DataFrame, follow_up: int, waiting: int, where: str = "cohort") -> Cohort:
    """Validate cohort members (strings); raise :class:`InputError` listing every bad row."""
    start, bad_start = _days(frame["start_date"])
    given = frame["observed_until"] if "observed_until" in frame.columns else pd.Series("", index=frame.index)
    blank = (given == "").to_numpy()
    until, bad_until = _days(given)
    bad_until = bad_until & ~blank
    until = np.where(blank, start + follow_up + waiting - 1, until)
    duplicate = frame["person_id"].duplicated().to_numpy() & (frame["person_id"] != "").to_numpy()
    checks = [
        ((frame["person_id"] == "").to_numpy(), lambda i: "person_id is blank"),
        (duplicate, lambda i: f"person {frame['person_id'].iat[i]!r} appears twice (one start date per person)"),
        (bad_start, lambda i: f"start_date {frame['start_date'].iat[i]!r} is not a date written YYYY-MM-DD"),
        (bad_until, lambda i: f"observed_until {given.iat[i]!r} is not a date written YYYY-MM-DD"),
        (~bad_start & ~bad_until & (until < start), lambda i: "observed_until is before start_date"),
    ]
    problems = [(int(i) + 2, message(i)) for bad, message in checks for i in np.flatnonzero(bad)]
    _raise_problems(problems, where)
    return Cohort(frame["person_id"].to_numpy(), start, until)


def load_offences(path: str | Path) -> Offences:
    return offences_from_frame(_read(path, "offences", OFFENCE_COLUMNS), where=str(path))


def load_cohort(path: str | Path, what: str, follow_up: int, waiting: int) -> Cohort:
    return cohort_from_frame(_read(path, what, COHORT_COLUMNS), follow_up, waiting, where=str(path))


# --- Kaplan–Meier ------------------------------------------------------------------------------------------------

def _survival_curves(events: np.ndarray, leaving: np.ndarray, total: np.ndarray, at: tuple[int, ...]) -> np.ndarray:
    """Kaplan–Meier survival at days ``at`` of each row: ``events`` and ``leaving`` (events and
    censorings) by day, ``total`` people at the start."""
    gone_before = np.cumsum(leaving, axis=1) - leaving
    at_risk = total[:, None] - gone_before
    with np.errstate(divide="ignore", invalid="ignore"):
        factor = np.where(at_risk > 0, 1 - events / np.where(at_risk > 0, at_risk, 1), 1.0)
    survival = np.cumprod(factor, axis=1)
    horizon = events.shape[1]
    return np.stack([survival[:, min(t, horizon) - 1] if t > 0 else np.ones(len(total)) for t in at], axis=1)


def kaplan_meier(time: np.ndarray, event: np.ndarray, at: tuple[int, ...], weight: np.ndarray | None = None,
                 horizon: int | None = None) -> np.ndarray:
    """Kaplan–Meier survival at days ``at``, from integer times (event, or last day observed) and event flags.

    Everyone whose time is ``t`` or later is at risk on day ``t`` (the usual convention: a person
    censored on ``t`` was seen through ``t``). ``weight`` counts each person that many times (a
    bootstrap resample). ``S(at)`` is the share with no event on days ``0 … at − 1``.
    """
    horizon = int(max(max(at), time.max(initial=0))) + 1 if horizon is None else horizon
    weight = np.ones(len(time)) if weight is None else weight
    events = np.bincount(time[event], weights=weight[event], minlength=horizon)
    leaving = np.bincount(time, weights=weight, minlength=horizon)
    return _survival_curves(events[None, :], leaving[None, :], np.array([weight.sum()]), at)[0]


# --- the measure ---------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _PerPerson:
    """Per-person figures of one group (arrays of its people's length)."""

    before: np.ndarray
    after: np.ndarray
    severity_before: np.ndarray
    severity_after: np.ndarray
    time: np.ndarray  # days to first re-offence, or last day observed
    event: np.ndarray  # re-offended (observed)
    short: np.ndarray  # observed for less than follow-up + waiting


def _per_person(who: np.ndarray, offences: Offences, weights: np.ndarray, cohort: Cohort, follow_up: int,
                waiting: int) -> _PerPerson:
    """``who``: each offence's position in ``cohort`` (−1: not a member)."""
    n = len(cohort.person)
    mine = who >= 0
    who, day, proven, weight = who[mine], offences.day[mine], offences.proven[mine], weights[mine]
    start, until = cohort.start[who], cohort.observed_until[who]
    since = day - start
    after = (since >= 0) & (since < follow_up) & (proven < start + follow_up + waiting) & (proven <= until)
    before = (since >= -follow_up) & (since < 0) & (proven != _NO_DAY)
    end = np.minimum(follow_up, cohort.observed_until - cohort.start + 1)  # first day not observed
    first = np.full(n, follow_up, dtype=np.int64)
    np.minimum.at(first, who[after], since[after])
    event = first < end
    return _PerPerson(
        before=np.bincount(who[before], minlength=n).astype(float),
        after=np.bincount(who[after], minlength=n).astype(float),
        severity_before=np.bincount(who[before], weights=weight[before], minlength=n),
        severity_after=np.bincount(who[after], weights=weight[after], minlength=n),
        time=np.where(event, first, end - 1), event=event,
        short=cohort.observed_until - cohort.start + 1 < follow_up + waiting)


_MEANS = ("binary_rate", "binary_rate_before", "offences_per_person_before", "offences_per_person_after",
          "severity_per_person_before", "severity_per_person_after")
_CHUNK = 50  # resamples drawn at once: 50 × 100,000 people is 40 MB of weights


def _figures(p: _PerPerson, w: np.ndarray, follow_up: int) -> dict[str, np.ndarray]:
    """Every figure of one group for each row of ``w`` (how many times each person is drawn)."""
    columns = np.column_stack([p.after > 0, p.before > 0, p.before, p.after, p.severity_before, p.severity_after])
    sums = w @ columns.astype(float)
    total = w.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        figures = {name: sums[:, i] / total for i, name in enumerate(_MEANS)}
        figures["offences_per_reoffender"] = sums[:, 3] / sums[:, 0]
    at = tuple(t for t in SURVIVAL_DAYS if t <= follow_up)
    n = len(p.time)
    # People × days indicators, so that each resample's counts by day are one matrix product.
    leaving = sparse.csr_matrix((np.ones(n), (np.arange(n), p.time)), shape=(n, follow_up))
    events = sparse.csr_matrix((p.event.astype(float), (np.arange(n), p.time)), shape=(n, follow_up))
    survival = _survival_curves(np.asarray((events.T @ w.T).T), np.asarray((leaving.T @ w.T).T), total, at)
    survival[total == 0] = np.nan
    for i, t in enumerate(at):
        figures[f"days_to_first_{t}"] = survival[:, i]
    return figures


def _resampled(p: _PerPerson, rng: np.random.Generator, resamples: int, follow_up: int) -> dict[str, np.ndarray]:
    """The figures of ``resamples`` bootstrap resamples of the people (with replacement)."""
    n = len(p.after)
    draws: dict[str, list[np.ndarray]] = {}
    for done in range(0, resamples, _CHUNK):
        rows = min(_CHUNK, resamples - done)
        drawn = rng.integers(0, n, (rows, n)) + (np.arange(rows) * n)[:, None] if n else np.zeros((rows, 0), int)
        w = np.bincount(drawn.ravel(), minlength=rows * n).reshape(rows, n).astype(float)
        for name, values in _figures(p, w, follow_up).items():
            draws.setdefault(name, []).append(values)
    return {name: np.concatenate(values) for name, values in draws.items()}


def _estimate(value: float, draws: np.ndarray) -> Estimate:
    if not np.isfinite(value):
        return Estimate(None, None, None)
    finite = draws[np.isfinite(draws)]
    if not len(finite):
        return Estimate(float(value), None, None)
    low, high = np.percentile(finite, [2.5, 97.5])
    return Estimate(float(value), float(low), float(high))


def _group(p: _PerPerson, draws: dict[str, np.ndarray], follow_up: int) -> GroupOutcomes:
    figures = _figures(p, np.ones((1, len(p.after))), follow_up)
    e = {name: _estimate(float(value[0]), draws[name]) for name, value in figures.items()}
    return GroupOutcomes(
        people=len(p.after), reoffenders=int((p.after > 0).sum()),
        offences_before=int(p.before.sum()), offences_after=int(p.after.sum()),
        **{name: e[name] for name in (*_MEANS, "offences_per_reoffender")},
        days_to_first={name.removeprefix("days_to_first_"): e[name] for name in e if name.startswith("days_to_first_")},
        people_observed_less_than_follow_up=int(p.short.sum()))


_CHANGES = {"binary_rate": ("binary_rate_before", "binary_rate"),
            "offences_per_person": ("offences_per_person_before", "offences_per_person_after"),
            "severity_per_person": ("severity_per_person_before", "severity_per_person_after")}


def _did(cohort: _PerPerson, comparison: _PerPerson, draws: dict, other: dict, follow_up: int) -> dict[str, Estimate]:
    a, b = (_figures(group, np.ones((1, len(group.after))), follow_up) for group in (cohort, comparison))
    result = {}
    for name, (before, after) in _CHANGES.items():
        value = (a[after][0] - a[before][0]) - (b[after][0] - b[before][0])
        spread = (draws[after] - draws[before]) - (other[after] - other[before])
        result[name] = _estimate(float(value), spread)
    return result


def _offence_weights(offence: np.ndarray, harm: HarmWeights) -> tuple[np.ndarray, tuple[str, ...]]:
    inverse, names = pd.factorize(offence)
    types = [crime_types.canonical(str(name)) for name in names]
    known = [t if t is not None and t in harm.weights else None for t in types]
    other = tuple(str(name) for name, t in zip(names, known) if t is None)
    per_name = np.array([harm.weight(t or _FALLBACK_TYPE) for t in known], dtype=np.float64)
    return per_name[inverse], other


def _caveats(cohort: GroupOutcomes, comparison: GroupOutcomes | None, custody_known: bool) -> tuple[Caveat, ...]:
    before = cohort.offences_per_person_before.value or 0.0
    after = cohort.offences_per_person_after.value or 0.0
    if comparison is None:
        rtm = Caveat("regression to the mean", before > 0,
                     "people join a cohort after a spell of offending, and such spells tend to end anyway: a fall "
                     "from before to after is expected without any intervention, and there is no comparison group"
                     if before > 0 else "nobody offended in the before period")
        selection = Caveat("selection into the cohort", True,
                           "the people were chosen for the cohort, so the figures describe them, not what would have "
                           "happened otherwise; there is no comparison group")
    else:
        theirs = comparison.offences_per_person_before.value or 0.0
        unlike = before > 0 and abs(before - theirs) > 0.2 * before
        rtm = Caveat("regression to the mean", unlike,
                     f"the groups offended at different rates before ({before:.2f} and {theirs:.2f} per person): "
                     "the difference in differences still carries regression to the mean" if unlike else
                     "the groups offended at similar rates before (within 20%), and the comparison group "
                     "regresses to the mean as the cohort does")
        selection = Caveat("selection into the cohort", True,
                           "the comparison group was not chosen at random: whatever decided who joined the cohort "
                           "may also decide how they offend afterwards")
    custody = Caveat("time in custody", True,
                     "some offences' outcomes are custodial sentences: a person in custody during the follow-up "
                     "could not offend in the community, which lowers the after figures" if custody_known else
                     "time in custody is not in the data: a person in custody during the follow-up could not "
                     "offend in the community, which lowers the after figures")
    groups = [("cohort", cohort)] + ([("comparison", comparison)] if comparison else [])
    small = [f"the {name} has {g.people} people" for name, g in groups if g.people < SMALL_GROUP]
    caveats = [rtm, selection, custody, Caveat(
        "small numbers", bool(small),
        f"{' and '.join(small)}, fewer than the {SMALL_GROUP} the Justice Data Lab requires: the intervals are wide "
        "and a change may be chance" if small else
        f"each group has at least {SMALL_GROUP} people (the Justice Data Lab's minimum)")]
    short = [f"{g.people_observed_less_than_follow_up} in the {name}" for name, g in groups
             if g.people_observed_less_than_follow_up]
    if short:
        caveats.append(Caveat("incomplete follow-up", True,
                              f"people observed for less than the follow-up and waiting period ({', '.join(short)}): "
                              "their after figures count only what was seen; days to first re-offence censors them"))
    if before == 0 and after == 0 and cohort.people:
        caveats.append(Caveat("no offences", True, "no proven offence before or after: check the extract matches "
                                                   "the cohort's person ids"))
    return tuple(caveats)


def check_parameters(follow_up: int, waiting: int, resamples: int) -> None:
    if follow_up < 1:
        raise ParameterError(f"the follow-up must be at least 1 day, not {follow_up}")
    if waiting < 0:
        raise ParameterError(f"the waiting period cannot be negative, not {waiting}")
    if resamples < 1:
        raise ParameterError(f"the number of resamples must be at least 1, not {resamples}")


_CUSTODIAL = ("custod", "prison", "imprison", "detention", "detained")


def reoffending(offences: Offences, cohort: Cohort, *, harm: HarmWeights, comparison: Cohort | None = None,
                follow_up: int = FOLLOW_UP_DAYS, waiting: int = WAITING_DAYS, resamples: int = RESAMPLES,
                seed: int = SEED) -> ReoffendingReport:
    """The proven re-offending measure of ``cohort`` (and ``comparison``); see the module's docstring."""
    check_parameters(follow_up, waiting, resamples)
    if comparison is not None and len(np.intersect1d(cohort.person, comparison.person)):
        shared = np.intersect1d(cohort.person, comparison.person)
        raise ParameterError(f"{len(shared)} person(s) are in both the cohort and the comparison group, "
                             f"e.g. {shared[0]!r}")
    weights, other = _offence_weights(offences.offence, harm)
    rng = np.random.default_rng(seed)
    index = pd.Index(offences.person)
    who = pd.Index(cohort.person).get_indexer(index)
    of_others = who < 0
    mine = _per_person(who, offences, weights, cohort, follow_up, waiting)
    draws = _resampled(mine, rng, resamples, follow_up)
    group = _group(mine, draws, follow_up)
    outcomes = pd.Series(pd.unique(offences.outcome), dtype=str)
    custody_known = bool(outcomes.str.lower().str.contains("|".join(_CUSTODIAL)).any())
    theirs = did = None
    if comparison is not None:
        theirs_who = pd.Index(comparison.person).get_indexer(index)
        of_others &= theirs_who < 0
        other_people = _per_person(theirs_who, offences, weights, comparison, follow_up, waiting)
        other_draws = _resampled(other_people, rng, resamples, follow_up)
        theirs = _group(other_people, other_draws, follow_up)
        did = _did(mine, other_people, draws, other_draws, follow_up)
    return ReoffendingReport(
        cohort=group, follow_up_days=follow_up, waiting_days=waiting, harm=harm.name, harm_version=harm.version,
        offences_weighted_as_other=other, offences_read=len(offences.person),
        offences_of_other_people=int(of_others.sum()),
        resamples=resamples, seed=seed, caveats=_caveats(group, theirs, custody_known), comparison=theirs,
        difference_in_differences=did)
