"""Repeat victimisation: prevalence, incidence, concentration, repeat rates and time to repeat.

Definitions (Farrell & Pease 1993, "Once bitten, twice bitten: repeat victimisation and its
implications for crime prevention", Police Research Group paper 46; Pease 1998, "Repeat
victimisation: taking stock", Crime Detection and Prevention Series paper 90):

* **incidence**: events; **prevalence**: distinct victims; **concentration**: events per victim
  (incidence ÷ prevalence). With a population, incidence and prevalence per 1,000 residents.
* An event is a **repeat** when the same victim suffered an event of the **same group** (crime or
  ASB types grouped as configured; by default each type is its own group) in the 12 months
  (365 days, configurable) before it, the earlier event included on the same day. **Attempts count**
  as events: an attempted burglary is a burglary victimisation (Pease 1998).
* **repeat-victim rate**: victims with at least one repeat event ÷ victims; **share of crime
  suffered by repeat victims**: their events ÷ all events.
* **time to repeat**: days from the previous same-group event; the share of repeats within 7, 28
  and 90 days (repeats come quickly: Pease 1998, ch. 3).

**The window bias.** An event early in the data has less than 12 months of history before it, so
whether it is a repeat cannot be known: counting it would understate repeats. Only events with a
full look-back (dated at least 365 days after the first date in the data) are counted; earlier
events serve only as history. The result says how many events were left out and from when counting
starts. (Equivalently: every counted event had the same chance to be found a repeat.)

**Repeat locations** apply the same definitions with the exact address (cleaned: case, spaces and
punctuation ignored) in place of the victim.

Everything is vectorised (sort once, compare each event with the previous one of the same key and
group), so a million events take about a second.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from saferplaces.evidence.errors import EvidenceError
from saferplaces.evidence.textfiles import open_text

LOOKBACK_DAYS = 365
WITHIN_DAYS = (7, 28, 90)
REQUIRED = ("victim_id", "date", "crime_type")
ALIASES = {"person_id": "victim_id", "occurred_on": "date", "kind": "crime_type", "type": "crime_type"}
_TRUE = {"true", "1", "yes", "y", "t", "attempt", "attempted"}
_FALSE = {"", "false", "0", "no", "n", "f", "completed"}


@dataclass(frozen=True)
class Victimisations:
    """Canonical victim records, one row per event: ``victim`` key, ``day`` (days since
    1970-01-01), ``crime_type``, ``attempt`` (bool), ``address`` and ``area`` ("" when absent)."""

    frame: pd.DataFrame


def victimisations_from_frame(frame: pd.DataFrame, where: str = "victims") -> Victimisations:
    """Validate a frame of strings; raise :class:`EvidenceError` listing every bad row."""
    frame = frame.rename(columns={c: c.strip().lower() for c in frame.columns})
    frame = frame.rename(columns={k: v for k, v in ALIASES.items() if k in frame.columns and v not in frame.columns})
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        raise EvidenceError(f"{where}: missing column(s) {', '.join(missing)} "
                            f"(victim files need {', '.join(REQUIRED)}; optional attempt, address, area)")
    text = {c: frame[c].fillna("").astype(str).str.strip() if c in frame.columns else pd.Series("", index=frame.index)
            for c in REQUIRED + ("attempt", "address", "area")}
    dates = pd.to_datetime(text["date"], format="%Y-%m-%d", errors="coerce")
    attempt = text["attempt"].str.lower()
    problems: list[tuple[int, str]] = []
    checks = [
        (text["victim_id"] == "", lambda i: "victim_id is blank"),
        (dates.isna(), lambda i: f"date {text['date'].iat[i]!r} is not a date written YYYY-MM-DD"),
        (text["crime_type"] == "", lambda i: "crime_type is blank"),
        (~attempt.isin(_TRUE | _FALSE), lambda i: f"attempt {text['attempt'].iat[i]!r} is not yes/no"),
    ]
    for bad, message in checks:
        problems.extend((int(i) + 2, message(i)) for i in np.flatnonzero(bad.to_numpy()))
    if problems:
        problems.sort()
        listed = "\n".join(f"{where} line {line}: {msg}" for line, msg in problems[:1000])
        more = f"\n... and {len(problems) - 1000} more" if len(problems) > 1000 else ""
        raise EvidenceError(f"{len(problems)} problem(s); nothing was counted:\n{listed}{more}")
    day = (dates.to_numpy().astype("datetime64[D]").astype(np.int64))
    return Victimisations(pd.DataFrame({
        "victim": text["victim_id"].to_numpy(), "day": day, "crime_type": text["crime_type"].str.lower().to_numpy(),
        "attempt": attempt.isin(_TRUE).to_numpy(), "address": text["address"].to_numpy(),
        "area": text["area"].to_numpy()}))


def load_victimisations(path: str | Path) -> Victimisations:
    path = Path(path)
    if not path.is_file():
        raise EvidenceError(f"{path}: no such file")
    try:
        frame = pd.read_csv(open_text(path), dtype=str, keep_default_na=False)
    except pd.errors.ParserError as error:
        raise EvidenceError(f"{path}: not a readable CSV ({error})") from error
    return victimisations_from_frame(frame, where=str(path))


def clean_address(text: pd.Series) -> np.ndarray:
    """Exact address for repeat locations: case, punctuation and spacing ignored."""
    return text.str.lower().str.replace(r"[^a-z0-9]+", " ", regex=True).str.strip().to_numpy()


@dataclass(frozen=True)
class RepeatStats:
    """One set of figures (overall, one group, or one area). ``victims`` are victims or locations."""

    events: int
    victims: int
    concentration: float | None
    repeat_events: int
    repeat_victims: int
    repeat_victim_rate: float | None
    share_of_events_to_repeat_victims: float | None
    attempts: int
    repeats_within: dict
    incidence_per_1000: float | None = None
    prevalence_per_1000: float | None = None


@dataclass(frozen=True)
class RepeatReport:
    """The repeat-victimisation pack (Farrell & Pease 1993; Pease 1998).

    Attributes
    ----------
    lookback_days : int
        How far back an earlier victimisation makes a repeat.
    data_from, data_to, counted_from : str
        The records' first and last dates, and the first date with a full look-back behind it
        (earlier events serve only as history: whether they were repeats cannot be known).
    events_in_data, events_without_full_lookback : int
        Records read, and those before ``counted_from``.
    overall : RepeatStats
        Every counted event.
    by_group, by_area : dict of str to RepeatStats
        The same figures per crime group and per area (when records carry one).
    locations : RepeatStats or None
        Repeat locations (by cleaned address) when records carry addresses.
    top_locations : list of dict
        The addresses with most repeats: address, events, repeat_events.
    note : str
        What was counted and what served only as history, in words.
    """

    lookback_days: int
    data_from: str
    data_to: str
    counted_from: str
    events_in_data: int
    events_without_full_lookback: int
    overall: RepeatStats
    by_group: dict
    by_area: dict
    locations: RepeatStats | None
    top_locations: list
    note: str


def _codes(values: pd.Series) -> tuple[np.ndarray, int]:
    """Integer codes in order of first appearance (as ``pd.unique``) and how many."""
    codes, uniques = pd.factorize(values)
    return codes.astype(np.int64), len(uniques)


def flag_repeats(key: np.ndarray, group: np.ndarray, day: np.ndarray, lookback: int = LOOKBACK_DAYS):
    """For each event, whether it repeats an earlier same-key same-group event within ``lookback``
    days, and the gap in days (-1 where none). Ties on one day: the later row repeats the earlier."""
    order = np.lexsort((np.arange(len(day)), day, group, key))
    k, g, d = key[order], group[order], day[order]
    same = np.zeros(len(d), dtype=bool)
    same[1:] = (k[1:] == k[:-1]) & (g[1:] == g[:-1])
    gap = np.full(len(d), -1, dtype=np.int64)
    gap[1:] = np.where(same[1:], d[1:] - d[:-1], -1)
    repeat = same & (gap <= lookback)
    out_repeat = np.empty_like(repeat)
    out_gap = np.empty_like(gap)
    out_repeat[order], out_gap[order] = repeat, gap
    return out_repeat, out_gap


def _stats(key: np.ndarray, repeat: np.ndarray, gap: np.ndarray, attempt: np.ndarray,
           population: int | None, n_keys: int) -> RepeatStats:
    """Figures for the events given; ``key`` are integer codes below ``n_keys``."""
    n = len(key)
    events_per_key = np.bincount(key, minlength=n_keys)
    repeats_per_key = np.bincount(key, weights=repeat, minlength=n_keys)
    victims = int((events_per_key > 0).sum())
    repeat_victim = repeats_per_key > 0
    events_of_repeat_victims = int(events_per_key[repeat_victim].sum())
    repeats = int(repeat.sum())
    gaps = gap[repeat]
    within = {str(w): {"repeats": int((gaps <= w).sum()),
                       "share_of_repeats": (float((gaps <= w).mean()) if repeats else None)} for w in WITHIN_DAYS}
    return RepeatStats(
        events=n, victims=victims, concentration=n / victims if victims else None,
        repeat_events=repeats, repeat_victims=int(repeat_victim.sum()),
        repeat_victim_rate=float(repeat_victim.sum() / victims) if victims else None,
        share_of_events_to_repeat_victims=events_of_repeat_victims / n if n else None,
        attempts=int(attempt.sum()), repeats_within=within,
        incidence_per_1000=1000 * n / population if population else None,
        prevalence_per_1000=1000 * victims / population if population else None,
    )


def repeat_victimisation(data: Victimisations, *, groups: dict[str, list[str]] | None = None,
                         lookback_days: int = LOOKBACK_DAYS, population: int | None = None,
                         top: int = 10) -> RepeatReport:
    """The repeat-victimisation pack (see the module docstring for every definition).

    Parameters
    ----------
    data : canonical victim records.
    groups : group name → crime types counted as "the same type" (others are their own group).
    lookback_days : the look-back (365 = 12 months).
    population : residents, for rates per 1,000 (optional).
    top : how many repeat locations to list.
    """
    frame = data.frame
    if len(frame) == 0:
        raise EvidenceError("no victim records to count")
    group_of = {}
    for name, members in (groups or {}).items():
        for t in members:
            group_of[str(t).strip().lower()] = str(name)
    types, type_code = np.unique(frame["crime_type"].to_numpy().astype(str), return_inverse=True)
    type_group = np.array([group_of.get(t, t) for t in types])
    group_names, group_of_type = np.unique(type_group, return_inverse=True)
    group = group_of_type[type_code]  # integer group code per event
    day = frame["day"].to_numpy()
    first, last = int(day.min()), int(day.max())
    start = first + lookback_days
    counted = day >= start
    victim, n_victims = _codes(frame["victim"])
    repeat, gap = flag_repeats(victim, group, day, lookback_days)
    attempt = frame["attempt"].to_numpy()
    area, n_areas = _codes(frame["area"])
    area_names = pd.unique(frame["area"])

    def stats(mask, key=victim, n_keys=n_victims, rep=repeat, g=gap):
        return _stats(key[mask], rep[mask], g[mask], attempt[mask], population, n_keys)

    overall = stats(counted)
    counted_groups = np.unique(group[counted])
    by_group = {str(group_names[c]): stats(counted & (group == c)) for c in counted_groups}
    # Per group, a victim is a repeat victim of that group; per area, of any group in that area.
    counted_areas = np.unique(area[counted])
    by_area = {str(area_names[c]): stats(counted & (area == c)) for c in counted_areas if area_names[c]}
    by_area = dict(sorted(by_area.items()))
    address_text = pd.Series(clean_address(frame["address"]))
    located = (address_text != "").to_numpy()
    locations, top_locations = None, []
    if located.any():
        address, n_addresses = _codes(address_text)
        loc_repeat = np.zeros(len(day), dtype=bool)
        loc_gap = np.full(len(day), -1, dtype=np.int64)
        r, g = flag_repeats(address[located], group[located], day[located], lookback_days)
        loc_repeat[located], loc_gap[located] = r, g
        locations = stats(counted & located, key=address, n_keys=n_addresses, rep=loc_repeat, g=loc_gap)
        mask = counted & located
        events_at = np.bincount(address[mask], minlength=n_addresses)
        repeats_at = np.bincount(address[mask], weights=loc_repeat[mask], minlength=n_addresses).astype(np.int64)
        names = pd.unique(address_text)
        candidates = np.flatnonzero(repeats_at > 0)
        best = candidates[np.lexsort((-repeats_at[candidates], -events_at[candidates]))][:top]
        top_locations = [{"address": str(names[c]), "events": int(events_at[c]), "repeat_events": int(repeats_at[c])}
                         for c in best]
    iso = lambda d: str(np.datetime64(int(d), "D"))  # noqa: E731
    note = (f"Only events from {iso(start)} (a full {lookback_days}-day look-back after the first date in the "
            f"data, {iso(first)}) are counted; {int((~counted).sum())} earlier event(s) serve only as history, "
            "because whether they were repeats cannot be known. Attempts are counted as events.")
    if start > last:
        note += " The data span less than the look-back, so nothing could be counted."
    return RepeatReport(lookback_days, iso(first), iso(last), iso(start), len(day), int((~counted).sum()),
                        overall, by_group, by_area, locations, top_locations, note)
