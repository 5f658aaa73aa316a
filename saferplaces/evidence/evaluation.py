"""Did it work? The weighted displacement difference (WDD) test for a place-based intervention.

References
----------
Wheeler, A. P. & Ratcliffe, J. H. (2018). A simple weighted displacement difference test to evaluate
place based crime interventions. *Crime Science* 7:11. doi:10.1186/s40163-018-0085-5
Wheeler, A. P. (2019-2025), extensions of the WDD with weights for unequal time periods, area sizes
and harm weights (R package ``ptools``, function ``wdd``; the crimede-coder note "Some extensions to
the WDD statistic", 2025).

The statistic is a difference in differences of counts,

    WDD = ΔT − ΔC + ΔD − ΔDC,   Δ = after − before,

for the treated area T, its control C, a displacement (catchment) area D around T and its control
DC. Under a Poisson model each count is its own variance, so

    Var(WDD) = T₀ + T₁ + C₀ + C₁ + D₀ + D₁ + DC₀ + DC₁,

and the normal approximation gives a z-score and an interval. Weights enter as scale factors: a
count ``n`` divided by a period length τ and an area size s, and multiplied by a harm weight w,
contributes ``w n / (τ s)`` to the estimate and ``w² n / (τ s)²`` to the variance. A negative WDD is a
fall in crime (or harm) relative to the controls.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from scipy import stats

from saferplaces.evidence.errors import ParameterError
from saferplaces.evidence.serialise import json_meta

BeforeAfter = tuple[float, float]
Counts = BeforeAfter | Mapping[str, BeforeAfter]  # one pair, or one pair per crime type


@dataclass(frozen=True)
class Estimate:
    """One difference in differences: ``value`` (negative = fewer crimes) and its standard error."""

    value: float = field(metadata=json_meta(name="estimate"))
    se: float


@dataclass(frozen=True)
class WDDResult:
    """The WDD test's result.

    Attributes
    ----------
    local : Estimate
        ΔT − ΔC: the change in the treated area beyond the control area's change.
    displacement : Estimate or None
        ΔD − ΔDC, when a displacement area was given: positive means crime moved next door,
        negative means a diffusion of benefits.
    total : Estimate
        local + displacement: the intervention's net effect.
    z, p_value : float
        The total's z-score and two-sided p-value (normal approximation).
    level : float
        Confidence level of ``interval``.
    interval : tuple of float
        Interval for the total at ``level``.
    unit : str
        What is counted: "crimes", or "harm" when harm weights were applied.
    verdict : str
        The result in one plain-English sentence.
    """

    local: Estimate
    displacement: Estimate | None
    total: Estimate
    z: float
    p_value: float = field(metadata=json_meta(name="p"))
    level: float
    interval: tuple[float, float]
    unit: str
    verdict: str


def _as_types(counts: Counts, name: str) -> dict[str, BeforeAfter]:
    pairs = dict(counts) if isinstance(counts, Mapping) else {"": counts}
    for crime_type, pair in pairs.items():
        label = f"{name} {crime_type}".strip()
        if len(pair) != 2:
            raise ParameterError(f"{label}: give two counts, before and after")
        if min(pair) < 0:
            raise ParameterError(f"{label}: counts cannot be negative")
    return pairs


def _difference(counts: Counts, name: str, periods: BeforeAfter, size: float,
                harm: Mapping[str, float] | None) -> tuple[float, float]:
    """(Δ, variance) of one area's weighted counts."""
    before_length, after_length = periods
    change = variance = 0.0
    for crime_type, (before, after) in _as_types(counts, name).items():
        if harm is None:
            weight = 1.0
        elif crime_type in harm:
            weight = harm[crime_type]
        else:
            raise ParameterError(f"{name}: no harm weight for {crime_type or 'untyped counts'!r}")
        change += weight * (after / after_length - before / before_length) / size
        variance += weight**2 * (after / after_length**2 + before / before_length**2) / size**2
    return change, variance


def _amount(value: float, whole: bool) -> str:
    return f"{value:,.0f}" if whole else f"{value:,.1f}"


def _bound(value: float, whole: bool) -> str:
    """One end of the interval in words, so that its sign cannot be misread beside the verb."""
    if round(value, 0 if whole else 1) == 0:
        return "no change"
    return f"a {'fall' if value < 0 else 'rise'} of {_amount(abs(value), whole)}"


def _verdict(total: Estimate, interval: tuple[float, float], level: float, unit: str,
             displaced: Estimate | None, whole: bool) -> str:
    noun = "crime" if unit == "crimes" else "harm"
    change = (f"{noun} {'fell' if total.value < 0 else 'rose'} by {_amount(abs(total.value), whole)}"
              if total.value else f"{noun} did not change")
    where = " relative to the control area" + (", counting the displacement area" if displaced is not None else "")
    low, high = interval
    if low < 0 < high or 0 in (low, high):
        # Not significant: the sentence leads with that, and names each end of the interval by its
        # direction (the interval of a fall of 23 can run from a fall of 82 to a rise of 36).
        return (f"No clear change: {change}{where}, but the {level:.0%} interval runs from {_bound(low, whole)} to "
                f"{_bound(high, whole)}, so this could be chance.")
    # Both ends on the side of the change: give them as sizes of that change, nearest first.
    near, far = sorted((abs(low), abs(high)))
    return (f"{change[0].upper()}{change[1:]} ({level:.0%} CI {_amount(near, whole)} to {_amount(far, whole)})"
            f"{where}.")


def wdd(treated: Counts, control: Counts, displacement: Counts | None = None,
        displacement_control: Counts | None = None, *, periods: BeforeAfter = (1.0, 1.0),
        areas: tuple[float, float, float, float] = (1.0, 1.0, 1.0, 1.0),
        harm_weights: Mapping[str, float] | None = None, level: float = 0.9) -> WDDResult:
    """The weighted displacement difference test (Wheeler & Ratcliffe 2018).

    Parameters
    ----------
    treated, control, displacement, displacement_control : (before, after) or {crime type: (before, after)}
        Counts in each area. The displacement area and its control come together or not at all.
        Counts by crime type are needed for harm weights.
    periods : (before, after)
        Lengths of the two periods (any unit): when they differ, the before counts are scaled to the
        length of the after period, so estimates are always crimes over the after period.
    areas : (treated, control, displacement, displacement control)
        Sizes of the areas, to compare densities rather than counts (this changes the parallel
        trends assumption to one about densities).
    harm_weights : {crime type: weight}, optional
        Multiply each type's counts by its weight (e.g. a crime severity score).
    level : float
        Confidence level of the interval (0.9 as in Wheeler & Ratcliffe's examples).

    Returns
    -------
    WDDResult
    """
    if (displacement is None) != (displacement_control is None):
        raise ParameterError("give the displacement area and its control together, or neither")
    if min(periods) <= 0 or min(areas) <= 0:
        raise ParameterError("period lengths and area sizes must be positive")
    if not 0 < level < 1:
        raise ParameterError("the confidence level must be between 0 and 1, e.g. 0.9")

    # Rates per after-period: the estimate reads as crimes over the after period, whatever the unit.
    periods = (periods[0] / periods[1], 1.0)

    def diff(counts, name, size):
        return _difference(counts, name, periods, size, harm_weights)

    t_change, t_var = diff(treated, "treated area", areas[0])
    c_change, c_var = diff(control, "control area", areas[1])
    local = Estimate(t_change - c_change, (t_var + c_var) ** 0.5)
    displaced = None
    value, variance = local.value, t_var + c_var
    if displacement is not None:
        d_change, d_var = diff(displacement, "displacement area", areas[2])
        dc_change, dc_var = diff(displacement_control, "displacement control area", areas[3])
        displaced = Estimate(d_change - dc_change, (d_var + dc_var) ** 0.5)
        value += displaced.value
        variance += d_var + dc_var
    total = Estimate(value, variance**0.5)
    if total.se == 0:
        raise ParameterError("every count is zero: there is nothing to compare")
    z = total.value / total.se
    p = float(2 * stats.norm.sf(abs(z)))
    half = float(stats.norm.ppf(0.5 + level / 2)) * total.se
    interval = (total.value - half, total.value + half)
    unit = "crimes" if harm_weights is None else "harm"
    whole = harm_weights is None and periods == (1.0, 1.0) and areas == (1.0, 1.0, 1.0, 1.0)
    return WDDResult(local, displaced, total, z, p, level, interval, unit,
                     _verdict(total, interval, level, unit, displaced, whole))
