"""Report sections for rates per resident (and per workday population) and for crime type by area.

Kept apart from ``report.html`` so that each section is built by its own function; ``html.render``
places them.
"""

from __future__ import annotations

from html import escape

from saferplaces.evidence.rates import FAR_OUT, VISITOR_RATIO, CrimeRates
from saferplaces.evidence.report.markup import figure as _figure
from saferplaces.evidence.report.markup import table as _table
from saferplaces.evidence.report.svg import choropleth
from saferplaces.evidence.type_by_area import TypeByArea

#: Most areas and crime types a table shows; the JSON has them all.
MAX_ROWS = {"ward": 40, "lsoa": 20}
MAX_TYPES = 7

CAUTIONS = {
    "many visitors": "Many visitors: {ratio} as many people by day as residents",
    "extreme rate": "Extreme rate: few residents for the crime here",
}
PLURAL = {"Ward": "wards", "LSOA": "LSOAs"}


def _number(value: float | None, places: int = 1) -> str:
    return "–" if value is None else f"{value:,.{places}f}"


def _caution(area) -> str:
    if not area.caution:
        return ""
    ratio = f"{area.workday_ratio:.1f} times" if area.workday_ratio else "several times"
    return "; ".join(CAUTIONS[c].format(ratio=ratio) for c in area.caution.split(", "))


def _rates_table(rates: CrimeRates, label: str) -> str:
    limit = MAX_ROWS[rates.by]
    shown = rates.areas[:limit]
    workday = rates.workday_source is not None
    header = [label, "Crimes", "Residents", "Per 1,000 residents a year"]
    if workday:
        header += ["Workday population", "Per 1,000 workday population a year", "Workday ÷ residents"]
    header.append("Caution")
    rows = []
    for a in shown:
        row = [a.name, f"{a.crimes:,}", _number(a.residents, 0), _number(a.per_1000_residents)]
        if workday:
            row += [_number(a.workday, 0), _number(a.per_1000_workday), _number(a.workday_ratio, 2)]
        rows.append([*row, _caution(a)])
    which = f"the {limit} highest rates" if len(rates.areas) > limit else f"all {len(rates.areas)}"
    numeric = set(range(1, len(header) - 1))
    name = label if label == "LSOA" else label.lower()
    return _table(f"Crimes per 1,000 people by {name}: {which}", header, rows, numeric)


def _fence(rates: CrimeRates) -> str:
    return "" if rates.extreme_above is None else f", here {rates.extreme_above:,.0f} for LSOAs"


def rates_section(rates, missing: str | None, ward_shapes, ward_names) -> str:
    """Rates by ward and LSOA, with a caution beside every area where a rate per resident misleads."""
    if rates is None:
        return f'<p class="note">Rates were not computed: {escape(missing or "no population file")}.</p>'
    lsoas: CrimeRates = rates.lsoas
    parts = [f"<p>Crimes (anti-social behaviour excluded) a year per 1,000 residents, over the {lsoas.months} "
             f"months of data, from the mid-year population estimate <strong>{escape(lsoas.residents_source)}"
             f"</strong>: {_number(lsoas.overall_per_1000_residents)} for the whole area.</p>"]
    if lsoas.workday_source:
        parts.append(f"<p>Per 1,000 workday population ({escape(lsoas.workday_source)}): "
                     f"{_number(lsoas.overall_per_1000_workday)} for the whole area.</p>")
    flagged = [a for r in (rates.wards, lsoas) if r for a in r.areas if a.caution]
    if flagged:
        names = sorted({a.name for a in flagged})
        listed = ", ".join(names[:12]) + (f" and {len(names) - 12} more" if len(names) > 12 else "")
        parts.append('<div class="warning"><p><strong>Rates per resident mislead in some areas.</strong> Where few '
                     "people live but many work, shop or visit (a West End), crime counted against residents "
                     "looks extreme and overstates the risk to residents: compare the count and, where given, the "
                     f"rate per workday population. Flagged: {escape(listed)}. An area is flagged when its workday "
                     f"population is at least {VISITOR_RATIO:g} times its residents, or when its rate per resident "
                     f"lies above the upper quartile plus {FAR_OUT:g} times the interquartile range of all areas' "
                     f"rates (Tukey's far-out fence{_fence(lsoas)})."
                     + ("" if lsoas.workday_source else " No workday population file was given: add one (ONS "
                        "workday population by LSOA) to show rates per person present.") + "</p></div>")
    if rates.wards is not None:
        if ward_shapes:
            values = {a.code: a.per_1000_residents or 0.0 for a in rates.wards.areas}
            parts.append(_figure(choropleth(ward_shapes, values, ward_names,
                                            title="Crimes per 1,000 residents by ward",
                                            desc="Wards shaded by crimes a year per 1,000 residents.",
                                            ident="map-rate-ward", what="highest rates"),
                                 "Crimes a year per 1,000 residents by ward, six quantile classes. Flagged wards: "
                                 "see the caution column."))
        parts.append(_rates_table(rates.wards, "Ward"))
    parts.append(_rates_table(lsoas, "LSOA"))
    if lsoas.without_population:
        parts.append(f'<p class="note">{len(lsoas.without_population):,} LSOAs with crime have no population in '
                     "the file (another LSOA vintage, or outside its coverage) and have no rate.</p>")
    return "".join(parts)


def _tint(share: float | None) -> str:
    """A blue background proportional to the share, light enough to keep black text legible."""
    if not share:
        return ""
    level = round(255 - 120 * min(share / 0.5, 1.0))
    return f' style="background:rgb({level},{round(255 - 70 * min(share / 0.5, 1.0))},255)"'


def types_section(table: TypeByArea | None, label: str) -> str:
    """Areas × crime types: counts and each type's share of the area's crime, the largest shaded."""
    if table is None or not table.types:
        return ""
    limit = MAX_ROWS[table.by]
    types = table.types[:MAX_TYPES]
    rest = len(table.types) > MAX_TYPES
    header = [label, "All crime", *types] + (["Other types"] if rest else [])
    head = "".join(f'<th scope="col"{" class=n" if i else ""}>{escape(h)}</th>' for i, h in enumerate(header))
    body = []
    for area in table.areas[:limit]:
        cells = [f'<th scope="row">{escape(area.name)}</th>', f'<td class="n">{area.total:,}</td>']
        pairs = list(zip(area.counts[:MAX_TYPES], area.shares[:MAX_TYPES], strict=True))
        if rest:
            other = sum(area.counts[MAX_TYPES:])
            pairs.append((other, other / area.total if area.total else None))
        for n, share in pairs:
            # Count over share on every cell (not wrapped where the column happens to be narrow).
            text = f"{n:,}" + ("" if share is None else f'<br><span class="share">{share:.0%}</span>')
            cells.append(f'<td class="n"{_tint(share)}>{text}</td>')
        body.append("<tr>" + "".join(cells) + "</tr>")
    which = f"the {limit} {PLURAL[label]} with most crime" if len(table.areas) > limit else f"all {len(table.areas)}"
    more = f"; the other {len(table.types) - MAX_TYPES} types are summed" if rest else ""
    name = label if label == "LSOA" else label.lower()
    return (f"<table class=wide><caption>Crime type by {escape(name)}: {which} (count and share of the "
            f"area's crime; darker = larger share{more})</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table>")
