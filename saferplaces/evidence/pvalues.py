"""How every p-value is written in reports and text outputs: one rule, one helper.

A p-value estimated by permutation or computed in floating point is never exactly zero, so a value
below the last printed digit is written as an upper bound (``p < 0.001``), never as ``p = 0.000``
(APA Publication Manual, 7th ed., 6.36: report exact p to two or three decimals, below .001 as
``p < .001``).
"""

from __future__ import annotations

SMALLEST = 0.001


def format_p(p: float, *, prefix: bool = True) -> str:
    """A p-value as text: ``p = 0.023`` or ``p < 0.001`` (``prefix=False``: ``0.023`` or ``< 0.001``).

    Parameters
    ----------
    p : float
        The p-value, between 0 and 1.
    prefix : bool
        Start with ``p`` (for a sentence); without it, for a table cell.

    Returns
    -------
    str
        Three decimals, or ``< 0.001`` when the value would round to 0.000 or lies below 0.001;
        ``n/a`` when the value is missing or not a number.
    """
    if p is None or p != p:
        return "p n/a" if prefix else "n/a"
    text = f"< {SMALLEST:.3f}" if p < SMALLEST else f"{p:.3f}"
    if not prefix:
        return text
    return f"p {text}" if text.startswith("<") else f"p = {text}"
