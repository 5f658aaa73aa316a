"""Render an :class:`~saferplaces.evidence.assess.Assessment` as one self-contained HTML file:
inline CSS, inline SVG, no script, no external reference; prints on A4."""

from __future__ import annotations

from html import escape

import shapely

from saferplaces.evidence.coverage import describe
from saferplaces.evidence.pvalues import format_p
from saferplaces.evidence.report.area_tables import rates_section, types_section
from saferplaces.evidence.report.markup import figure as _figure
from saferplaces.evidence.report.markup import table as _table
from saferplaces.evidence.report.scale import (
    MAX_SEPARATE_AREAS,
    merged_cells,
    outlines,
    simplified,
    table_limit,
    thinned,
)
from saferplaces.evidence.report.svg import (
    HOTSPOT_COLOURS,
    TREND_COLOURS,
    bar_chart,
    cell_map,
    choropleth,
    heatmap,
    line_chart,
    lorenz_chart,
    to_bng_shapes,
)

CSS = """
@page { size: A4; margin: 15mm; }
body { font-family: Arial, Helvetica, sans-serif; color: #0b0c0c; max-width: 960px; margin: 0 auto; padding: 20px;
       line-height: 1.4; }
h1 { font-size: 2rem; margin-bottom: 0.2rem; }
h2 { border-bottom: 2px solid #1d70b8; padding-bottom: 4px; margin-top: 2rem; }
.meta { color: #505a5f; }
.headlines li { margin-bottom: 0.5rem; font-size: 1.1rem; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1.5rem; font-size: 0.9rem; }
caption { text-align: left; font-weight: bold; padding: 4px 0; }
th, td { border-bottom: 1px solid #b1b4b6; padding: 4px 6px; text-align: left; vertical-align: top; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 1rem 0; page-break-inside: avoid; break-inside: avoid; overflow-x: auto; }
figure:focus { outline: 3px solid #ffdd00; } figure svg.chart { min-width: calc(var(--drawn) * 0.82); }
figcaption { font-size: 0.9rem; color: #505a5f; }
.note { background: #f3f2f1; border-left: 5px solid #505a5f; padding: 8px 12px; }
.warning { background: #fff7bf; border-left: 5px solid #ffdd00; padding: 8px 12px; }
table.wide { font-size: 0.8rem; } table.wide td { white-space: nowrap; } .share { color: #505a5f; }
details summary { cursor: pointer; color: #1d70b8; }
@media print { details { display: block; } h2 { page-break-after: avoid; } table { page-break-inside: auto; }
               tr { page-break-inside: avoid; } a { color: inherit; } }
"""


def _count(n: int, singular: str, plural: str) -> str:
    return f"{n} {singular} holds" if n == 1 else f"{n} {plural} hold"


def _area_section(label: str, plural: str, findings, shapes, names, limit: int | None) -> str:
    crime = findings.crime
    rows = _area_rows(crime.areas[:limit] if limit else crime.areas)
    shown = f"the {limit} with most crime" if limit and len(crime.areas) > limit else f"all {len(crime.areas)}"
    parts = [
        f"<p>{crime.total:,} crimes (anti-social behaviour excluded) across {len(crime.areas)} {plural}. "
        f"The top three hold {crime.top_k_share:.1%}; {_count(crime.areas_for_quarter, label, plural)} a quarter "
        f"and {_count(crime.areas_for_half, label, plural)} half. Gini {crime.gini:.3f}"
        + (f" (95% bootstrap interval {crime.gini_interval.low:.3f} to {crime.gini_interval.high:.3f})"
           if crime.gini_interval else "")
        + f"; generalized Gini {crime.generalized_gini:.3f}.</p>",
    ]
    if findings.counts.unassigned:
        parts.append(f'<p class="note">{findings.counts.unassigned:,} crimes have no {label} in this geography '
                     "(no location, or just outside the area) and are not counted here.</p>")
    if shapes:
        values = {a.code: a.count for a in crime.areas}
        parts.append(_figure(choropleth(shapes, values, names, title=f"Crime by {label}",
                                        what=f"{plural} with most crime",
                                        desc=f"Map of {plural} shaded by number of crimes; darker means more.",
                                        ident=f"map-{label}"),
                             f"Crimes by {label}, six quantile classes. The table below gives the same figures."))
    header = ["Area", "Code", "Crimes", "Share", "Cumulative share"]
    parts.append(_table(f"Crime by {label}: {shown}", header, rows, {2, 3, 4}))
    if limit and len(crime.areas) > limit and len(crime.areas) <= MAX_SEPARATE_AREAS:
        # The map shades every area: the full table says in text what each shade is (WCAG 1.1.1).
        parts.append(f"<details><summary>All {len(crime.areas):,} {plural}</summary>"
                     + _table(f"Crime by {label}: all {len(crime.areas):,}", header, _area_rows(crime.areas),
                              {2, 3, 4}) + "</details>")
    else:
        parts.append(_more_rows(crime.areas, len(rows), plural))
    return "".join(parts)


def _area_rows(areas) -> list[list[str]]:
    rows, cumulative = [], 0.0
    for rank, area in enumerate(areas, start=1):
        cumulative += area.share
        rows.append([f"{rank}. {area.name}", area.code, f"{area.count:,}", f"{area.share:.1%}", f"{cumulative:.1%}"])
    return rows


def _more_rows(areas, shown: int, plural: str) -> str:
    """The line under a table cut short: how many areas it leaves out and their share."""
    rest = areas[shown:]
    if not rest:
        return ""
    count = sum(a.count for a in rest)
    share = sum(a.share for a in rest)
    return (f'<p class="note">And {len(rest):,} more {plural} with {count:,} between them ({share:.1%}); '
            "the JSON summary lists every one.</p>")


def _lorenz_section(crime) -> str:
    chance = crime.chance
    text = (f"<p>The Lorenz curve orders LSOAs from fewest to most crimes. The further it bows below the diagonal, "
            f"the more concentrated crime is. Gini {crime.gini:.3f}; generalized Gini (Bernasco &amp; Steenbeek "
            f"2017) {crime.generalized_gini:.3f}.")
    if chance:
        text += (f" If the same {crime.total:,} crimes fell on the LSOAs at random, the Gini would be about "
                 f"{chance.gini_mean:.3f} (95% of {chance.simulations} random allocations between "
                 f"{chance.gini_interval.low:.3f} and {chance.gini_interval.high:.3f}); {format_p(chance.p_gini)}.")
    text += "</p>"
    points = crime.lorenz
    step = max(1, len(points) // 10)
    rows = [[f"{a:.0%} of LSOAs", f"{b:.1%}"] for a, b in points[::step]]
    return text + _figure(lorenz_chart(thinned(points), chance_gini=chance.gini_mean if chance else None,
                                       title="Lorenz curve of crime across LSOAs",
                                       desc=f"Curve bowing below the diagonal; Gini {crime.gini:.2f}.",
                                       ident="lorenz"), "Lorenz curve across LSOAs.") + _table(
        "Lorenz curve points", ["Share of LSOAs (fewest crimes first)", "Share of crime"], rows, {1})


def _count_cell(count: int | None) -> str:
    return "no data" if count is None else f"{count:,}"


def _trend_section(a) -> str:
    series = {"Crime": list(a.crime_series.counts)}
    if a.asb_series.counts and len(a.asb_series.counts) == len(a.crime_series.counts):
        series["Anti-social behaviour"] = list(a.asb_series.counts)
    gaps = a.crime_series.without_data
    parts = [_figure(line_chart(series, list(a.crime_series.months), title="Crime by month",
                                desc="Monthly counts of crime and anti-social behaviour.", ident="trend"),
                     "Monthly counts. The table gives the same figures.")]
    if gaps:
        parts.append(f"<p>No data for {escape(describe(gaps))}: unknown, not zero. The chart breaks there, and "
                     "the year-on-year comparison and seasonality leave the month out.</p>")
    asb = dict(zip(a.asb_series.months, a.asb_series.counts, strict=True))
    parts.append("<details><summary>Monthly figures</summary>" + _table(
        "Crime and anti-social behaviour by month", ["Month", "Crime", "Anti-social behaviour"],
        [[m, _count_cell(n), _count_cell(asb.get(m, None if n is None else 0))]
         for m, n in zip(a.crime_series.months, a.crime_series.counts, strict=True)],
        {1, 2}) + "</details>")
    if a.year_on_year:
        y = a.year_on_year
        compared = "" if not y.left_out else (
            f" Only the {y.months_compared} calendar months with data in both years are compared "
            f"({escape(describe(y.left_out))} left out).")
        parts.append(f"<p>Latest 12 months ({y.current_months[0]} to {y.current_months[1]}): {y.current:,} crimes; "
                     f"previous 12 months: {y.previous:,}; change {y.change:+,} ({y.percent_change or 0:+.1f}%). "
                     f"Rate ratio {y.test.ratio:.3f} (95% CI {y.test.ratio_interval[0]:.3f} to "
                     f"{y.test.ratio_interval[1]:.3f}); E-test {format_p(y.test.p_value)}.{compared}</p>")
    else:
        parts.append("<p>Year-on-year change needs 24 months of data.</p>")
    if a.seasonality:
        s = a.seasonality
        months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        left_out = "" if not s.left_out else (
            f" Months without data ({escape(describe(s.left_out))}) count neither their crimes nor their days; "
            "a calendar month with no data at all has no index and is left out of the test.")
        parts.append(f"<p>Seasonality over {s.years} whole year(s): index 100 = an even spread by days in the month. "
                     f"Chi-square {s.chi_square:.1f} on {s.degrees_of_freedom} degrees of freedom, "
                     f"{format_p(s.p_value)}.{left_out}</p>")
        parts.append(_table("Seasonal index by calendar month", ["Month", "Index"],
                            [[m, "no data" if v is None else f"{v:.1f}"] for m, v in zip(months, s.index, strict=True)],
                            {1}))
    return "".join(parts)


def _harm_section(a) -> str:
    w = a.harm_weights
    parts = [f"<p>Harm weights: <strong>{escape(w.name)}</strong> version {escape(w.version)} ({escape(w.source)}). "
             "Each crime counts by the weight of its police.uk category; anti-social behaviour weighs 0. The weights "
             "are category-level approximations (see the table's assumptions).</p>"]
    rows = [[t, f"{dict(a.by_type)[t]:,}", f"{w.weight(t):g}", f"{h:,.0f}"] for t, h in a.harm_by_type]
    parts.append(_figure(bar_chart([(t, h) for t, h in a.harm_by_type], title="Harm by crime type",
                                   desc="Bars of harm-weighted totals by crime type.", ident="harm"),
                         "Harm-weighted total by crime type."))
    parts.append(_table("Harm by crime type", ["Crime type", "Crimes", "Weight", "Harm"], rows, {1, 2, 3}))
    if a.wards:
        rows = [[x.name, f"{x.count:,}", f"{x.share:.1%}"] for x in a.wards.harm.areas[:10]]
        parts.append(_table("Harm by ward: the ten highest", ["Ward", "Harm", "Share of harm"], rows, {1, 2}))
    parts.append("<details><summary>Weights and their assumptions</summary>" + _table(
        "Harm weights", ["Crime type", "Weight", "Typical offence assumed"],
        [[t, f"{v:g}", w.assumptions.get(t, "")] for t, v in sorted(w.weights.items())], {1}) + "</details>")
    return "".join(parts)


def _hotspot_map(h, field: str, colours: dict, outlines, title: str, desc: str, ident: str,
                 outline_names=None) -> str:
    half = h.cell_size / 2
    drawn = [c for c in h.cells if getattr(c, field) in colours]
    squares = [shapely.box(c.x - half, c.y - half, c.x + half, c.y + half) for c in drawn]
    present = {getattr(c, field) for c in drawn}
    legend = [(colour, name) for name, colour in colours.items() if name in present]
    shapes, classes, labels = merged_cells(squares, [getattr(c, field) for c in drawn], [c.count for c in drawn])
    return cell_map(shapes, [colours[cls] for cls in classes], labels, legend, outlines=outlines,
                    outline_names=outline_names, title=title, desc=desc, ident=ident)


#: The trend classes listed by area beside the hot spots: where crime is getting worse.
EMERGING = ("emerging hot spot", "new hot spot")


def _hotspots_by_area(h, where, of: str = "") -> str:
    """Where the hot spots are, in words: the hot and emerging cells counted by the ward (or LSOA) their
    centre lies in, so that the map's message does not rest on colour alone (WCAG 1.1.1, 1.4.1)."""
    label, shapes, names = where
    cells = [c for c in h.cells if c.gistar_class.startswith("hot spot") or c.trend_class in EMERGING]
    if not shapes or not cells:
        return ""
    codes = list(shapes)
    inside, area = shapely.STRtree([shapes[code] for code in codes]).query(
        shapely.points([(c.x, c.y) for c in cells]), predicate="within")
    area_of = {int(i): codes[int(k)] for i, k in zip(inside, area, strict=True)}
    tally: dict[str, list[int]] = {}
    for i, cell in enumerate(cells):
        counts = tally.setdefault(area_of.get(i, ""), [0, 0, 0, 0])  # hot, hot at 99%, their crimes, emerging
        if cell.gistar_class.startswith("hot spot"):
            counts[0] += 1
            counts[1] += cell.gistar_class == "hot spot 99%"
            counts[2] += cell.count
        counts[3] += cell.trend_class in EMERGING
    order = sorted(tally, key=lambda code: (-tally[code][2], -tally[code][3], names.get(code, code)))
    outside = f"Centre outside every {label} (at the boundary)"
    rows = [[names.get(code, code) if code else outside, *(f"{n:,}" for n in tally[code])] for code in order]
    hot = [names.get(code, code) for code in order if code and tally[code][0]]
    emerging = [names.get(code, code) for code in order if code and tally[code][3]]
    text = (f"<p>Hot-spot cells{escape(of)} lie in {len(hot)} {label}{'s' if len(hot) != 1 else ''}"
            + (f", most crime in them in {escape(', '.join(hot[:3]))}" if hot else "") + ". "
            + (f"Emerging or new hot spots: {escape(', '.join(emerging))}." if emerging
               else "No cell is an emerging or new hot spot.") + "</p>")
    limit = table_limit(len(rows))
    rest = (f'<p class="note">And {len(rows) - limit:,} more {label}s with hot or emerging cells; the JSON summary '
            "gives every cell with its grid reference.</p>") if limit else ""
    header = [label.capitalize() if label == "ward" else label, "Hot-spot cells", "Of them at 99%",
              "Crimes in hot-spot cells", "Emerging or new hot-spot cells"]
    return text + _table(f"Hot and emerging hot-spot cells by {label}{of}", header, rows[:limit], {1, 2, 3, 4}) + rest


def _hotspot_section(h, outlines, prefix: str = "", outline_names=None, of: str = "", where=None) -> str:
    if h is None:
        return "<p>No crimes with a location: no hot spots to show.</p>"
    parts = [
        f"<p>A grid of {h.cell_size:.0f} m squares ({len(h.cells):,} cells) over the area. Cells classed as hot spots "
        f"cover {h.share_of_area_hot:.1%} of the area and hold {h.share_of_crime_in_hot:.1%} of its crime.</p>",
        _figure(_hotspot_map(h, "gistar_class", HOTSPOT_COLOURS, outlines, f"Hot and cold spots{of} (Gi*)",
                             "Grid cells coloured where crime is significantly high (reds) or low (blues).",
                             f"{prefix}hotspots", outline_names),
                "Getis-Ord Gi* hot and cold spots over the whole period; uncoloured cells are not significant."),
        _table("Cells by Gi* class", ["Class", "Cells", "Crimes"],
               [[cls, f"{cells:,}", f"{crimes:,}"] for cls, cells, crimes in h.classes], {1, 2}),
        _hotspots_by_area(h, where, of) if where else "",
    ]
    if h.trends:
        parts += [
            f"<p>How each cell behaved month by month over {len(h.periods)} months ({h.periods[0]} to {h.periods[-1]}"
            + (f"; without data, so not periods: {escape(describe(h.without_data))}" if h.without_data else "")
            + "):</p>",
            _figure(_hotspot_map(h, "trend_class", TREND_COLOURS, outlines, f"Hot-spot trends{of}",
                                 "Grid cells coloured by their hot-spot pattern over the months.", f"{prefix}trends",
                                 outline_names),
                    "Persistent, emerging, intermittent and former hot spots (Chainey 2020); uncoloured: no pattern."),
            _table("Cells by trend", ["Pattern", "Cells", "Crimes"],
                   [[cls, f"{cells:,}", f"{crimes:,}"] for cls, cells, crimes in h.trends], {1, 2}),
        ]
    else:
        parts.append(f"<p>Hot-spot trends are not assessed: {len(h.periods)} month is too few to compare the latest "
                     "months with earlier ones (see <a href=\"#needs\">What needs more data</a>).</p>")
    if h.strays:
        parts.append(f'<p class="note">{h.strays:,} crimes lie outside the area\'s boundary or far from the rest '
                     "(for example at 0,0) and are left out of the grid.</p>")
    return "".join(parts)


def _near_repeat_section(n) -> str:
    if n is None:
        return ("<p>Not assessed: near repeats need exact dates, and police.uk dates are months. Add an events file "
                "with exact dates from the force's crime system to the assessment.</p>")
    significant = [[p <= 0.05 for p in row] for row in n.p]
    rows = [[d] + [f"{o:,} ({'–' if r is None else f'{r:.2f}'})" for o, r in zip(obs, ratio, strict=True)]
            for d, obs, ratio in zip(n.distance_labels, n.observed, n.ratio, strict=True)]
    return "".join([
        f"<p>Knox test on {n.events:,} events from {escape(n.source)}, {n.permutations:,} permutations of the dates. "
        "Each cell is the ratio of the pairs of events observed to those expected if timing were unrelated to "
        "place; a ratio above 1 in a bold cell (p &le; 0.05) means more near repeats than chance.</p>",
        _figure(heatmap(n.ratio, list(n.distance_labels), list(n.time_labels), highlight=significant,
                        title="Knox ratios", desc="Observed over expected pairs by distance (rows) and time (columns).",
                        ident="knox", row_title="Distance", col_title="Days apart"),
                "Knox ratios: red above 1 (more pairs than chance), blue below; bold borders where p ≤ 0.05."),
        _table("Pairs observed (Knox ratio) by distance and time", ["Distance", *n.time_labels], rows,
               set(range(1, len(n.time_labels) + 1))),
        f'<p class="note">{escape(n.convention)}</p>',
    ])


def _vli_section(a, ward_shapes, ward_names) -> str:
    if a.vli is None:
        return f'<p class="note">The Vulnerable Localities Index was not computed: {escape(a.vli_missing or "")}.</p>'
    v = a.vli
    labels = {"burglary_dwelling": "Burglary", "criminal_damage_dwelling": "Criminal damage",
              "income_deprivation": "Income", "employment_deprivation": "Employment", "young_people": "Young people",
              "low_attainment": "Low attainment"}
    parts = ["<p>The Vulnerable Localities Index (Chainey 2008) combines six indicators, each indexed so that the "
             f"reference area ({escape(v.reference_name)}) scores 100; above 100 is more vulnerable than the reference "
             "area, and Chainey suggests 120 or more marks a priority neighbourhood.</p>"]
    if v.proxy_notes:
        parts.append('<div class="warning"><p><strong>Proxy indicators.</strong></p><ul>'
                     + "".join(f"<li>{escape(n)}</li>" for n in v.proxy_notes) + "</ul></div>")
    parts.append(_suppression_note(v, labels))
    parts.append(_visitor_note(a))
    if ward_shapes:
        parts.append(_figure(choropleth(ward_shapes, {u.code: u.vli for u in v.units}, ward_names,
                                        what="most vulnerable",
                                        title="Vulnerable Localities Index by ward",
                                        desc="Map of wards shaded by VLI; darker is more vulnerable.", ident="map-vli"),
                             "VLI by ward, six quantile classes."))
    units = v.units[:table_limit(len(v.units))]
    rows = [[u.name, f"{u.vli:.0f}", *["suppressed" if u.indices[k] is None else f"{u.indices[k]:.0f}" for k in labels]]
            for u in units]
    parts.append(_table("Vulnerable Localities Index by ward, most vulnerable first",
                        ["Ward", "VLI", *labels.values()], rows, set(range(1, 8))))
    if len(units) < len(v.units):
        parts.append(f'<p class="note">And {len(v.units) - len(units):,} less vulnerable wards; the JSON summary '
                     "lists every one.</p>")
    return "".join(parts)


def _visitor_note(a) -> str:
    """The VLI's crime indicators are per resident: say where the rates section found that misleading."""
    flagged = [r.name for r in (a.rates.wards.areas if a.rates and a.rates.wards else ()) if r.caution]
    if not flagged:
        return ""
    return ('<p class="note">The burglary and criminal damage indicators are rates per resident, so in '
            f"{escape(', '.join(flagged))} (few residents for the crime there: see the rates section) they, and "
            "the VLI with them, overstate how vulnerable the residents are.</p>")


def _suppression_note(v, labels) -> str:
    """Which LSOAs had suppressed deprivation inputs, and what the index did with them."""
    affected = [(u, name, codes) for u in v.units for name, codes in u.suppressed.items()]
    if not affected:
        return ""
    items = []
    for unit, name, codes in affected:
        whole = unit.indices[name] is None
        how = ("no index for this indicator; the VLI averages the others" if whole
               else "rate over the ward's other LSOAs")
        items.append(f"<li>{escape(unit.name)}: {escape(labels.get(name, name))} suppressed in "
                     f"{len(codes)} LSOA{'s' if len(codes) != 1 else ''} ({escape(', '.join(codes))}): {how}.</li>")
    return ('<div class="warning"><p><strong>Suppressed deprivation values.</strong> The source suppresses small '
            "counts (blank, *, .., c …). A suppressed value is unknown, not zero: each rate is taken over the LSOAs "
            "whose value is published (numerator and denominator alike), and where none is, that indicator is left "
            "out of the ward's VLI.</p><ul>" + "".join(items) + "</ul></div>")


def _quality_section(q) -> str:
    parts = ["<ul>" + "".join(f"<li>{escape(line)}</li>" for line in q.findings()) + "</ul>"]
    forces: dict[str, list] = {}
    for force, month, rows in q.rows_by_force_month:
        forces.setdefault(force, []).append((month, rows))
    rows = [[force, f"{items[0][0]} to {items[-1][0]}", f"{sum(r for _, r in items):,}",
             ", ".join(q.missing_months.get(force, ())) or "none"] for force, items in forces.items()]
    parts.append(_table("Rows by force", ["Force", "Months", "Rows", "Missing months"], rows, {2}))
    vintage = q.lsoa_vintage
    parts.append(f"<p>LSOA codes: {vintage.get('both', 0) + vintage.get('2011', 0):,} rows with 2011-set codes, "
                 f"{vintage.get('2021', 0):,} with 2021-only codes, "
                 f"{vintage.get('unknown', 0):,} unknown or blank.</p>")
    return "".join(parts)


def _needs_section(needs) -> str:
    """The analyses the months given are too few for, and how many more months each needs."""
    if not needs:
        return ""
    return ('<h2 id="needs">What needs more data</h2><p>These analyses are left out because the data covers too '
            "few months. Everything else in this report uses the months given.</p>"
            + _table("Analyses that need more months", ["Analysis", "Needs", "More months needed"],
                     [[n.analysis, n.needs, f"{n.more_months:,}"] for n in needs], {2}))


def _coverage(study) -> str:
    """What the report covers and what it leaves out, under the title."""
    if study is None:
        return ""
    names = [x.name for x in study.authorities]
    listed = ", ".join(names[:12]) + (f" and {len(names) - 12} more" if len(names) > 12 else "")
    how = "as chosen" if study.chosen else (
        "the local authority the data falls in" if len(names) == 1 else "the local authorities the data falls in")
    text = f"Covers {escape(listed)} ({how})."
    if study.rows_outside:
        others = ", ".join(f"{x.name} {x.rows:,}" for x in study.outside[:5])
        more = f" and {len(study.outside) - 5} more" if len(study.outside) > 5 else ""
        text += (f" {study.rows_outside:,} rows lying in other authorities ({escape(others)}{more}) are left out"
                 + ("; with so few per area they are points snapped over the border." if not study.chosen else "."))
    if study.rows_unplaced and not study.unplaced_kept:
        text += (" 1 row with no known LSOA cannot be placed in it and is left out." if study.rows_unplaced == 1 else
                 f" {study.rows_unplaced:,} rows with no known LSOA cannot be placed in it and are left out.")
    return f"<p class=meta>{text}</p>"


def render(a) -> str:
    geography = a.geography
    ward_shapes = simplified(to_bng_shapes(geography.wards)) if geography is not None and geography.wards else {}
    lsoa_shapes = simplified(to_bng_shapes(geography.lsoas)) if geography is not None and geography.lsoas else {}
    ward_names = {code: area.name for code, area in geography.wards.items()} if ward_shapes else {}
    lsoa_names = {code: area.name for code, area in geography.lsoas.items()} if lsoa_shapes else {}
    sections = [
        f"<h1>{escape(a.title)}</h1><p class=meta>Police.uk data {a.first_month} to {a.last_month}. "
        f"Generated {escape(a.generated)} by Safer Places.</p>" + _coverage(a.study_area),
        "<h2>Headlines</h2><ul class=headlines>" + "".join(f"<li>{escape(h)}</li>" for h in a.headlines) + "</ul>",
        "<h2>The data and its quality</h2>" + _quality_section(a.quality),
        _needs_section(a.needs_more_data),
    ]
    if a.wards:
        sections.append("<h2>Where crime concentrates: wards</h2>"
                        + _area_section("ward", "wards", a.wards, ward_shapes, ward_names,
                                        table_limit(len(a.wards.crime.areas))))
    sections.append("<h2>Where crime concentrates: LSOAs</h2>"
                    + _area_section("LSOA", "LSOAs", a.lsoas, lsoa_shapes, lsoa_names, 20))
    sections.append("<h2>How concentrated, against chance</h2>" + _lorenz_section(a.lsoas.crime))
    authority_of, authority_names = {}, {}
    if geography is not None:
        authority_of = {ward: lad for ward, (lad, _) in geography.ward_to_lad.items()}
        authority_names = {lad: name for lad, name in geography.ward_to_lad.values()}
    under = outlines(ward_shapes, authority_of) if ward_shapes else lsoa_shapes
    # Merged by authority when the wards are too many to draw: then the key numbers authorities.
    outline_names = (ward_names if under is ward_shapes else authority_names) if ward_shapes else lsoa_names
    where = ("ward", ward_shapes, ward_names) if ward_shapes else ("LSOA", lsoa_shapes, lsoa_names)
    sections.append("<h2>Hot spots</h2>" + _hotspot_section(a.hotspots, under, outline_names=outline_names,
                                                            where=where))
    if a.crime_type:
        sections.append(f"<h2>Hot spots: {escape(a.crime_type)}</h2>"
                        + _hotspot_section(a.type_hotspots, under, prefix="type-", outline_names=outline_names,
                                           of=f" of {a.crime_type.lower()}", where=where))
    sections.append("<h2>Near repeats</h2>" + _near_repeat_section(a.near_repeats))
    sections.append("<h2>When: trends and seasons</h2>" + _trend_section(a))
    sections.append("<h2>What: crime types</h2>" + _figure(
        bar_chart(list(a.by_type), title="Crimes by type", desc="Bars of crime counts by type.", ident="types"),
        "Crimes by type.")
        + _table("Crimes by type", ["Crime type", "Crimes"], [[t, f"{n:,}"] for t, n in a.by_type], {1}))
    sections.append("<h2>What, where: crime type by area</h2>" + types_section(a.types_by_ward, "Ward")
                    + types_section(a.types_by_lsoa, "LSOA"))
    sections.append("<h2>Rates: crimes per 1,000 people</h2>"
                    + rates_section(a.rates, a.rates_missing, ward_shapes, ward_names))
    if a.asb_wards:
        wards = a.asb_wards.areas[:table_limit(len(a.asb_wards.areas))]
        rows = [[x.name, f"{x.count:,}", f"{x.share:.1%}"] for x in wards]
        sections.append("<h2>Anti-social behaviour</h2><p>Reported separately from crime: "
                        f"{a.asb_wards.total:,} incidents; the top three wards hold {a.asb_wards.top_k_share:.1%}.</p>"
                        + _table("Anti-social behaviour by ward", ["Ward", "Incidents", "Share"], rows, {1, 2})
                        + _more_rows(a.asb_wards.areas, len(rows), "wards"))
    sections.append("<h2>Harm</h2>" + _harm_section(a))
    sections.append("<h2>Vulnerable localities</h2>" + _vli_section(a, ward_shapes, ward_names))
    sections.append(METHOD)
    return (f'<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>{escape(a.title)}</title>'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><style>{CSS}</style></head>'
            f'<body><main>{"".join(sections)}</main></body></html>')


METHOD = """<h2>Method</h2>
<ul>
<li>Counts are street-level records from data.police.uk. Locations are anonymised to snap points and dates to
the month; anti-social behaviour is reported separately and excluded from crime counts.</li>
<li>Areas with no crime are included in every share and coefficient. Shares of the top areas and the
numbers of areas holding 25% and 50% of crime follow Weisburd (2015).</li>
<li>Gini coefficient: population form, 1 − 2 × the area under the Lorenz curve. Generalized Gini: Bernasco &amp;
Steenbeek (2017), measured against the most even allocation the number of crimes allows. Intervals: percentile
bootstrap resampling crimes. Chance baseline: the same number of crimes allocated to areas uniformly at random.</li>
<li>Year-on-year change: the E-test for two Poisson rates (Krishnamoorthy &amp; Thomson 2004) with an exact
conditional interval for the rate ratio.</li>
<li>Harm: category-level weights in the style of the ONS Crime Severity Score or the Cambridge Crime Harm Index
(Sherman et al. 2016); replaceable with local weights.</li>
<li>Hot spots: Getis-Ord Gi* (Getis &amp; Ord 1992) on square cells with queen contiguity including the cell
itself; pseudo p-values from 9,999 conditional permutations, adjusted for the false discovery rate (Benjamini &amp;
Hochberg 1995). Trends: Gi* for each month, p-values adjusted by Holm's method across each cell's months, classed by
the rules of Chainey (2020) as in the R package sfhotspot.</li>
<li>Near repeats: the Knox test over distance and time bands (Knox 1964; Johnson et al. 2007), expected counts
from permutations of the dates, p = (1 + simulated counts at least the observed) / (permutations + 1).</li>
<li>Vulnerable Localities Index: Chainey (2008), equal weights, reference area = 100.</li>
</ul>"""
