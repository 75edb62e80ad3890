"""`okrctl review --format html`: one self-contained page, readable offline and in any browser.

No scripts, fonts, stylesheets or images are fetched: styles are one <style> element and a few
`style` attributes, charts are inline SVG, so the page passes the strict Content-Security-Policy
it declares (`default-src 'none'; style-src 'unsafe-inline'; img-src data:`). Accessible by
construction: real tables with header cells, a text alternative (<title> and <desc>) on every
chart, and every colour paired with a word or a shape.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from datetime import date

from okrctl.compute.initiatives import InitiativeLine, initiative_facts
from okrctl.compute.kpi_health import BandValue, KpiStatus
from okrctl.compute.learning import CalibrationReport
from okrctl.compute.review import KpiPoint, KpiReview, ReviewReport, TeamReview
from okrctl.compute.scoring import KeyResultScore, ObjectiveScore, TeamScore
from okrctl.model.goals import Link
from okrctl.reports import Style, escape, kpi_format, values
from okrctl.reports.calibration_words import EXPLAINED as CALIBRATION_EXPLAINED
from okrctl.reports.calibration_words import HEADERS as CALIBRATION_HEADERS
from okrctl.reports.calibration_words import cells as calibration_cells
from okrctl.reports.calibration_words import heading as calibration_heading
from okrctl.reports.draft_yaml import to_yaml
from okrctl.reports.impact_words import HEADING as IMPACT_HEADING
from okrctl.reports.impact_words import about, numbers
from okrctl.reports.words import (
    ATTENTION_WORDS,
    SUGGESTION_TITLES,
    historical_words,
    note_heading,
    objective_counts,
    people,
    retro_lines,
    review_heading,
)
from okrctl.wording import plural

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

# Chart geometry, in SVG user units (= CSS pixels at 100%).
WIDTH, HEIGHT = 180, 56
LEFT, RIGHT, TOP, BOTTOM = 6, 6, 7, 7
# The fills below are the light scheme's, kept as SVG attributes; the stylesheet gives every
# chart mark its colour from the scheme in force (light, dark, or light again on paper).
BAND_FILL = "#d4e2ee"  # the band: normal values
WARN_FILL = "#edf3f8"  # the warn band inside it, the healthy zone: lighter
LINE = "#3d4752"
BREACH = "#b3261e"
WARN = "#8a5a00"
# A progress bar, in CSS pixels: the bar 12 high with room above and below for the marker.
BAR_WIDTH, BAR_HEIGHT, BAR_TOP = 144, 20, 4
# Past this, the differences between values may overflow: the chart is drawn from the values
# scaled down by a power of two (exact; a chart needs only their proportions).
HUGE = 2.0**1000

# Colours are custom properties: the light scheme by default and on paper (printed pages keep
# no background, so dark text on white it must be), the dark one on screens that ask for it.
# Every text colour passes WCAG AA against its background in both schemes (axe-core checks
# both in tests/test_review.py). Progress bars and charts are SVG, whose fills print even with
# the browser's "background graphics" off. Under 600px each table row becomes a card: the row
# header is its title and each cell is labelled with its column's header (`data-label`).
STYLE = """
:root { color-scheme: light; --fg: #1f2328; --bg: #fff; --muted: #4d5761; --rule: #d8dee4;
  --rule-strong: #8c959f; --heading-rule: #d0d7de; --code-bg: #f6f8fa; --link: #0000ee;
  --visited: #551a8b; --ok: #1a7f37; --warn: #8a5a00; --bad: #b3261e; --track: #eaeef2;
  --track-edge: #8c959f; --fill-green: #2da44e; --fill-yellow: #d4a72c; --fill-red: #cf222e;
  --marker: #1f2328; --chart-bg: #fff; --band: #d4e2ee; --healthy: #edf3f8; --line: #3d4752;
  --point-warn: #8a5a00; --point-breach: #b3261e; }
@media screen and (prefers-color-scheme: dark) {
  :root { color-scheme: dark; --fg: #e6edf3; --bg: #0d1117; --muted: #9da7b3;
    --rule: #30363d; --rule-strong: #6e7681; --heading-rule: #3d444d; --code-bg: #161b22;
    --link: #6cb6ff; --visited: #d2a8ff; --ok: #3fb950; --warn: #d29922; --bad: #ff7b72;
    --track: #21262d; --track-edge: #6e7681; --fill-green: #2ea043; --fill-yellow: #bb8009;
    --fill-red: #da3633; --marker: #e6edf3; --chart-bg: #0d1117; --band: #26415d;
    --healthy: #15202c; --line: #c9d1d9; --point-warn: #e3b341; --point-breach: #f85149; }
}
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial,
  sans-serif; color: var(--fg); background: var(--bg); margin: 0 auto; max-width: 76rem;
  padding: 1.5rem; }
a { color: var(--link); }
a:visited { color: var(--visited); }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.3rem; margin: 2rem 0 .5rem; padding-bottom: .25rem;
  border-bottom: 2px solid var(--heading-rule); }
h3 { font-size: 1.05rem; margin: 1.25rem 0 .25rem; }
p.meta { margin: 0 0 .5rem; color: var(--muted); }
table { border-collapse: collapse; width: 100%; margin: .25rem 0 1rem; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; }
th, td { text-align: left; vertical-align: middle; padding: .3rem .5rem;
  border-bottom: 1px solid var(--rule); }
thead th { font-size: .85rem; color: var(--muted); border-bottom: 2px solid var(--rule-strong); }
tbody th { font-weight: 500; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
code { font: .85em ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  color: var(--muted); }
.word { font-weight: 600; white-space: nowrap; }
.nw { white-space: nowrap; }
.ok, .on-track, .met, .success, .green { color: var(--ok); }
.warn, .at-risk, .yellow { color: var(--warn); }
.breach, .off-track, .missed, .red { color: var(--bad); }
.no-data { color: var(--muted); }
svg.bar { display: block; overflow: visible; }
.bar .track { fill: var(--track); }
.bar .edge { fill: none; stroke: var(--track-edge); }
.bar .fill.green { fill: var(--fill-green); }
.bar .fill.yellow { fill: var(--fill-yellow); }
.bar .fill.red { fill: var(--fill-red); }
.bar .elapsed { fill: var(--marker); }
.counts td, .counts th { text-align: center; }
.counts td { font-size: 1.4rem; font-weight: 600; }
ol.attention li, ol.suggestions li { margin-bottom: .4rem; }
pre { background: var(--code-bg); padding: .5rem .75rem; overflow-x: auto; }
.legend { color: var(--muted); font-size: .9rem; }
svg.chart { display: block; }
.chart .bg { fill: var(--chart-bg); }
.chart .band { fill: var(--band); }
.chart .warn-band { fill: var(--healthy); }
.chart .line { stroke: var(--line); }
.chart .point circle { fill: var(--line); }
.chart .point.warn circle { fill: var(--point-warn); }
.chart .point.breach circle { fill: var(--point-breach); }
@media (max-width: 600px) {
  body { padding: .75rem; overflow-wrap: anywhere; }
  table, caption, tbody, tr, th, td { display: block; }
  thead { position: absolute; width: 1px; height: 1px; overflow: hidden;
    clip-path: inset(50%); white-space: nowrap; }
  tbody tr { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 0 .75rem;
    border: 1px solid var(--rule); border-radius: 6px; margin: 0 0 .5rem;
    padding: .35rem .6rem; }
  tbody th, tbody td:has(svg), td[data-label^="Start"] { grid-column: 1 / -1; }
  th, td { border: 0; padding: .1rem 0; }
  tbody th { font-weight: 600; }
  .num { text-align: left; }
  .num, .nw { white-space: normal; }
  td[data-label]::before { content: attr(data-label) ": "; color: var(--muted);
    font-size: .85rem; font-weight: 400; }
  td:empty { display: none; }
  td svg.bar, td svg.chart { display: inline-block; vertical-align: middle; }
  .counts tr { display: grid; grid-template-columns: repeat(auto-fill, minmax(6.5rem, 1fr));
    gap: .25rem .5rem; }
  .counts td { text-align: left; }
  .counts td[data-label]::before { display: block; content: attr(data-label); }
}
@media print { body { max-width: none; padding: 0; } h2 { break-before: auto; } }
""".strip()


_e = escape.html  # every string from a goal file, in text and in attributes


def _word(word: str | None) -> str:
    """A status as a word in its colour: the word carries the meaning, the colour repeats it;
    `-` for the grade of no score."""
    if word is None:
        return "-"
    return f'<span class="word {_e(word)}">{_e(word)}</span>'


def _ident(prefix: str, ref: str) -> str:
    return f"{prefix}-" + re.sub(r"[^A-Za-z0-9_-]+", "-", ref)


def _percent(share: float) -> str:
    """A CSS length along a bar: the share clamped to 0..1, in percent, one decimal."""
    return values.number(round(max(0.0, min(1.0, share)) * 100, 1)) + "%"


def _gone(elapsed: float) -> str:
    """`50% of the period gone`, rounded as the text and Markdown reports round it."""
    return f"{round(elapsed * 100)}% of the period gone"


def progress_bar(
    score: float | None, grade: str | None, elapsed: float, expected: float | None = None
) -> str:
    """The score as a filled bar, with a vertical marker at the share of the period gone, or,
    for a planned key result (or an objective with one), at the score its plan expects now (no
    bar for an objective without a score). SVG, not CSS backgrounds, so that it prints."""
    if score is None or grade is None:
        return values.NO_SCORE
    if expected is None:
        label = f"score {values.score(score)} of 1; {_gone(elapsed)}"
        marker, data = elapsed, f'data-elapsed="{elapsed}"'
    else:
        label = f"score {values.score(score)} of 1; the plan expects {values.score(expected)}"
        marker, data = expected, f'data-elapsed="{elapsed}" data-expected="{expected}"'
    h, top = BAR_HEIGHT, BAR_TOP
    return (
        f'<svg class="bar" width="{BAR_WIDTH}" height="{h}" role="img" '
        f'aria-label="{_e(label)}" data-score="{score}" {data}>'
        f'<rect class="track" y="{top}" width="100%" height="{h - 2 * top}"/>'
        f'<rect class="fill {_e(grade)}" y="{top}" width="{_percent(score)}" '
        f'height="{h - 2 * top}"/>'
        f'<rect class="edge" x=".5" y="{top + 0.5}" width="{BAR_WIDTH - 1}" '
        f'height="{h - 2 * top - 1}" rx="2"/>'
        f'<rect class="elapsed" x="{_percent(marker)}" width="2" height="{h}"/></svg>'
    )


def _edges(band: BandValue | None) -> list[float]:
    if band is None:
        return []
    return [edge for edge in (band.min, band.max) if edge is not None]


def chart(review: KpiReview) -> str:
    """A line chart of the KPI's latest measurements over its band and warn band."""
    kpi, points = review.status, review.points
    ident = _ident("chart", kpi.ref)
    values_seen = [p.value for p in points]
    scale = values_seen + _edges(kpi.band) + _edges(kpi.warn)
    largest = max((abs(v) for v in scale), default=0.0)
    shift = math.frexp(largest)[1] if largest > HUGE else 0

    def scaled(value: float) -> float:
        return math.ldexp(value, -shift) if shift else value

    low, high = (scaled(min(scale)), scaled(max(scale))) if scale else (0.0, 1.0)
    pad = (high - low) * 0.12 or abs(high) * 0.1 or 1.0
    low, high = low - pad, high + pad
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def y(value: float) -> float:
        return round(TOP + (high - scaled(value)) / (high - low) * plot_h, 1)

    first: date | None = points[0].date if points else None
    span = (points[-1].date - points[0].date).days if points else 0

    def x(day: date) -> float:
        if first is None or span == 0:
            return round(LEFT + plot_w / 2, 1)
        return round(LEFT + (day - first).days / span * plot_w, 1)

    def shade(band: BandValue | None, fill: str, name: str) -> str:
        if band is None:
            return ""
        top = y(band.max) if band.max is not None else TOP
        bottom = y(band.min) if band.min is not None else TOP + plot_h
        return (
            f'<rect class="{name}" x="{LEFT}" y="{top}" width="{plot_w}" '
            f'height="{round(bottom - top, 1)}" fill="{fill}"/>'
        )

    marks = []
    for p in points:
        cx, cy = x(p.date), y(p.value)
        tip = f"<title>{_e(p.date)}: {_e(values.value(p.value, kpi.unit))} ({p.state})</title>"
        if p.state == "breach":
            marks.append(
                f'<g class="point breach" data-date="{p.date}" data-value="{p.value}">{tip}'
                f'<circle cx="{cx}" cy="{cy}" r="4" fill="{BREACH}"/>'
                f'<path d="M{cx - 2.5} {cy - 2.5}l5 5m0 -5l-5 5" stroke="#fff" '
                'stroke-width="1.5"/></g>'
            )
        else:
            fill = WARN if p.state == "warn" else LINE
            marks.append(
                f'<g class="point {p.state}" data-date="{p.date}" data-value="{p.value}">{tip}'
                f'<circle cx="{cx}" cy="{cy}" r="2.2" fill="{fill}"/></g>'
            )
    line = ""
    if len(points) > 1:
        path = " ".join(f"{x(p.date)},{y(p.value)}" for p in points)
        line = (
            f'<polyline class="line" points="{path}" fill="none" stroke="{LINE}" '
            'stroke-width="1.5"/>'
        )
    return (
        f'<svg class="chart" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-labelledby="{ident}-title" aria-describedby="{ident}-desc" '
        f'data-kpi="{_e(kpi.ref)}" data-points="{len(points)}">'
        f'<title id="{ident}-title">{_e(kpi.title)}: the latest '
        f"{plural(len(points), 'measurement')}</title>"
        f'<desc id="{ident}-desc">{_e(describe(kpi, points))}</desc>'
        f'<rect class="bg" x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="#fff"/>'
        f"{shade(kpi.band, BAND_FILL, 'band')}{shade(kpi.warn, WARN_FILL, 'warn-band')}"
        f"{line}{''.join(marks)}</svg>"
    )


def describe(kpi: KpiStatus, points: Sequence[KpiPoint]) -> str:
    """The chart in words, for screen readers and for anyone who cannot tell the colours."""
    if not points:
        return "No measurements yet."
    unit = kpi.unit
    first, last = points[0], points[-1]
    band = f"Band {kpi_format.band(kpi.band, unit)}" if kpi.band is not None else "No band"
    text = (
        f"From {values.value(first.value, unit)} on {first.date} "
        f"to {values.value(last.value, unit)} on {last.date}. {band}"
    )
    if kpi.warn is not None:
        text += f", warn band {kpi_format.band(kpi.warn, unit)}"
    breaches = [p for p in points if p.state == "breach"]
    if breaches:
        listed = ", ".join(f"{values.value(p.value, unit)} on {p.date}" for p in breaches)
        noun = "measurement" if len(breaches) == 1 else "measurements"
        text += f". {len(breaches)} {noun} outside the band: {listed}"
    else:
        text += ". No measurement outside the band"
    return text + "."


_CELL = re.compile(r"<(?=t[dh][\s>])")


def _table(
    caption: str, headers: Sequence[tuple[str, bool]], rows: Iterable[str], css: str = ""
) -> str:
    """A table with column headers (text, numeric?) and ready-made `<tr>` rows, one cell per
    header; each data cell gets its header as `data-label`, which labels it when the narrow
    layout shows the row as a card."""
    numeric_class = ' class="num"'
    labels = [f' data-label="{_e(text)}"' for text, _ in headers]

    def labelled(row: str) -> str:
        # Every `<td` and `<th` in a row opens one of its cells: text from goal files is
        # escaped and charts hold neither, so the n-th found is the n-th column's.
        pieces = _CELL.split(row)
        if len(pieces) - 1 != len(labels):
            raise ValueError(f"a row of {len(pieces) - 1} cells under {len(labels)} headers")
        marked = [pieces[0]]
        for label, piece in zip(labels, pieces[1:], strict=True):
            tag, rest = piece[:2], piece[2:]
            marked.append(f"<{tag}{label if tag == 'td' else ''}{rest}")
        return "".join(marked)

    rows = (labelled(row) for row in rows)
    head = "".join(
        f'<th scope="col"{numeric_class if numeric else ""}>{_e(text)}</th>'
        for text, numeric in headers
    )
    klass = f' class="{css}"' if css else ""
    return (
        f"<table{klass}><caption>{_e(caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _confidence(confidence: float | None) -> str:
    return values.number(confidence) if confidence is not None else "-"


def summary(report: ReviewReport) -> str:
    s = report.summary
    counts = [
        ("Objectives", s.objectives),
        *((name.capitalize(), n) for group in objective_counts(s) for name, n in group),
        ("KPIs", s.kpis),
        ("In breach", s.in_breach),
        ("In warn", s.in_warn),
        ("Stale", s.stale),
    ]
    row = "<tr>" + "".join(f'<td data-count="{_e(n)}">{v}</td>' for n, v in counts) + "</tr>"
    parts = [
        '<section aria-labelledby="summary"><h2 id="summary">Summary</h2>',
        _table("Counts", [(name, True) for name, _ in counts], [row], "counts"),
    ]
    if s.attention:
        items = "".join(
            f'<li data-ref="{_e(a.ref)}" data-kind="{_e(a.kind)}">'
            f"{_word(ATTENTION_WORDS[a.kind])}: <strong>{_e(a.title)}</strong> "
            f"<code>{_e(a.ref)}</code>{_e(f' (owner {a.owner})' if a.owner else '')}: "
            f"{_e(a.reason)}.</li>"
            for a in s.attention
        )
        parts.append(f'<h3>Needs attention now</h3><ol class="attention">{items}</ol>')
    else:
        parts.append("<p>Nothing needs attention now.</p>")
    parts.append("</section>")
    return "".join(parts)


def kpi_table(kpis: Sequence[KpiReview], caption: str) -> str:
    def row(review: KpiReview) -> str:
        k = review.status
        status = _word(k.status)
        if k.status == "breach" and k.breach_streak > 1:
            status += f" x{k.breach_streak}"
        return (
            f'<tr data-ref="{_e(k.ref)}" data-status="{_e(k.status)}" '
            f'data-value="{"" if k.value is None else k.value}">'
            f'<th scope="row">{_e(k.title)}<br><code>{_e(k.ref)}</code></th>'
            f'<td class="num">{_e(values.value(k.value, k.unit))}</td>'
            f'<td class="nw">{_e(kpi_format.band(k.band, k.unit))}</td>'
            f'<td class="nw">{_e(kpi_format.band(k.warn, k.unit))}</td>'
            f"<td>{chart(review)}</td>"
            f'<td class="nw">{status}</td>'
            f"<td>{_word('stale') if k.stale else 'no'}</td>"
            f"<td>{_e(k.owner)}</td>"
            f'<td class="nw">{_e(kpi_format.age(k))}</td></tr>'
        )

    headers = [
        ("KPI", False),
        ("Value", True),
        ("Band", False),
        ("Warn band", False),
        ("Recent measurements", False),
        ("Status", False),
        ("Stale", False),
        ("Owner", False),
        ("Measured", False),
    ]
    return _table(caption, headers, (row(k) for k in kpis))


def _kr_cells(kr: KeyResultScore, elapsed: float) -> str:
    return (
        f"<td>{_e(values.journey(kr))}</td>"
        f"<td>{progress_bar(kr.score, kr.grade, elapsed, kr.expected)}</td>"
        f'<td class="num">{_kr_score(kr)}{_self_mark(kr)}</td>'
        f"<td>{'-' if values.kr_no_data(kr) else _word(kr.grade)}</td>"
        f"<td>{_word(kr.status)}</td>"
        f'<td class="num">{_confidence(kr.confidence)}</td>'
    )


def _kr_score(kr: KeyResultScore) -> str:
    """The score alone (the `(self)` mark is markup of its own), or `no data`."""
    return values.NO_DATA if values.kr_no_data(kr) else values.score(kr.score)


def _self_mark(kr: KeyResultScore) -> str:
    if kr.score_source != "self":
        return ""
    return f' <span class="self" title="graded by hand in a check-in">{values.SELF_MARK}</span>'


def _kr_title(kr: KeyResultScore) -> str:
    """A key result's title; a dropped one struck out, with its reason."""
    if not kr.dropped:
        return _e(kr.title)
    return f'<s>{_e(kr.title)}</s> <span class="dropped">({_e(values.dropped(kr))})</span>'


def _links(links: Sequence[Link]) -> str:
    """Links that open the page they name: the address percent-encoded, then escaped (lint
    has refused any address but http(s), so none runs a script)."""
    return ", ".join(
        f'<a href="{_e(escape.url(link.url))}" rel="noopener noreferrer">{_e(link.title)}</a>'
        for link in links
    )


def _priority_cell(priority: str | None, shown: bool) -> str:
    return f"<td>{_e(priority or '-')}</td>" if shown else ""


def _priority_header(shown: bool) -> list[tuple[str, bool]]:
    """A "Priority" column only in a table where some row has a priority."""
    return [("Priority", False)] if shown else []


def _initiatives(initiatives: Sequence[InitiativeLine]) -> str:
    """Each initiative in a sentence, its issues and pull requests linked by short name."""
    return "; ".join(
        f"{_e(i.title)} ({_e(', '.join(initiative_facts(i)))}"
        + "".join(
            f', <a href="{_e(escape.url(url))}" rel="noopener noreferrer">{_e(name)}</a>'
            for name, url in i.links
        )
        + ")"
        for i in initiatives
    )


def _kr_details(kr: KeyResultScore) -> str:
    parts = []
    if kr.contributors:
        parts.append(_e(people(kr.contributors)))
    if kr.links:
        parts.append(f"links: {_links(kr.links)}")
    if kr.initiatives:
        parts.append(f"initiatives: {_initiatives(kr.initiatives)}")
    if (history := historical_words(kr)) is not None:
        parts.append(_e(f"historical forecast: {history}"))
    return f"<li>{_e(kr.title)}: {'; '.join(parts)}</li>" if parts else ""


def objective_section(o: ObjectiveScore, retro_wanted: bool = False) -> str:
    prioritized = any(kr.priority for kr in o.key_results)
    rows = (
        f'<tr data-ref="{_e(kr.ref)}"><th scope="row">{_kr_title(kr)}</th>'
        f"{_priority_cell(kr.priority, prioritized)}"
        f"{_kr_cells(kr, o.elapsed)}<td>{_e(kr.owner or '-')}</td>"
        f"<td>{_e(kr.note or '')}</td></tr>"
        for kr in o.key_results
    )
    headers = [
        ("Key result", False),
        *_priority_header(prioritized),
        ("Start → current → target", False),
        ("Progress", False),
        ("Score", True),
        ("Grade", False),
        ("Status", False),
        ("Confidence", True),
        ("Owner", False),
        (note_heading([kr.own_note for kr in o.key_results]), False),
    ]
    note = f'<p class="meta">{_e(o.note)}.</p>' if o.note else ""
    priority = f" · {_e(o.priority)}" if o.priority else ""
    contributors = f" · {_e(people(o.contributors))}" if o.contributors else ""
    description = f"<p>{_e(o.description)}</p>" if o.description else ""
    links = f'<p class="meta">Links: {_links(o.links)}</p>' if o.links else ""
    if o.initiatives:
        links += f'<p class="meta">Initiatives: {_initiatives(o.initiatives)}</p>'
    retro = retro_lines(o, retro_wanted)
    if retro:
        links += f'<ul class="retro">{"".join(f"<li>{_e(line)}</li>" for line in retro)}</ul>'
    details = "".join(_kr_details(kr) for kr in o.key_results)
    return (
        f'<section data-ref="{_e(o.ref)}"><h3>{_e(o.title)}</h3>'
        f'<p class="meta"><code>{_e(o.ref)}</code> · {_e(o.type)}{priority} · owner '
        f"{_e(o.owner or '-')}{contributors} · score "
        f"<strong>{values.scored(o.score, o.no_data)}</strong> "
        f"{'' if o.no_data else _word(o.grade) + ' '}· {_word(o.status)}</p>{description}{links}"
        f"{_table(f'Key results of {o.id}', headers, rows)}"
        f"{f'<ul>{details}</ul>' if details else ''}{note}</section>"
    )


def weekly_tables(team: TeamReview) -> str:
    prioritized = any(o.priority for o in team.objectives)
    objective_rows = (
        f'<tr data-ref="{_e(o.ref)}"><th scope="row">{_e(o.title)}<br><code>{_e(o.ref)}</code>'
        f"</th>{_priority_cell(o.priority, prioritized)}"
        f"<td>{_e(o.type)}</td><td>{progress_bar(o.score, o.grade, o.elapsed, o.expected)}</td>"
        f'<td class="num">{values.scored(o.score, o.no_data)}</td>'
        f"<td>{'-' if o.no_data else _word(o.grade)}</td>"
        f"<td>{_word(o.status)}</td><td>{_e(o.owner or '-')}</td></tr>"
        for o in team.objectives
    )
    objectives = _table(
        "Objectives, worst first",
        [
            ("Objective", False),
            *_priority_header(prioritized),
            ("Type", False),
            ("Progress", False),
            ("Score", True),
            ("Grade", False),
            ("Pace", False),
            ("Owner", False),
        ],
        objective_rows,
    )
    parent = {kr.ref: o for o in team.objectives for kr in o.key_results}
    prioritized = any(kr.priority for kr in team.key_results)
    kr_rows = (
        f'<tr data-ref="{_e(kr.ref)}"><th scope="row">{_kr_title(kr)}</th>'
        f"{_priority_cell(kr.priority, prioritized)}"
        f"<td><code>{_e(parent[kr.ref].id)}</code></td>"
        f"{_kr_cells(kr, parent[kr.ref].elapsed)}<td>{_e(kr.owner or '-')}</td></tr>"
        for kr in team.key_results
    )
    key_results = _table(
        "Key results, worst first",
        [
            ("Key result", False),
            *_priority_header(prioritized),
            ("Objective", False),
            ("Start → current → target", False),
            ("Progress", False),
            ("Score", True),
            ("Grade", False),
            ("Pace", False),
            ("Confidence", True),
            ("Owner", False),
        ],
        kr_rows,
    )
    return objectives + key_results


def _team_score(score: TeamScore, elapsed: float) -> str:
    when = f"ended {score.as_of}" if score.ended else _gone(elapsed)
    return (
        f'<p class="meta" data-period="{_e(score.period)}"><strong>{_e(score.period)}</strong>: '
        f"team score <strong>{values.scored(score.score, score.no_data)}</strong> "
        f"{'' if score.no_data else _word(score.grade) + ' '}"
        f"({_e(when)})</p>"
    )


def suggestions(team: TeamReview) -> str:
    items = "".join(
        f'<li data-about="{_e(s.about)}"><strong>{_e(SUGGESTION_TITLES[s.kind])}</strong>: '
        f"<code>{_e(s.about)}</code>. {_e(s.reason)}."
        f"<details><summary>Draft to paste into {_e(s.where)}</summary>"
        f"<pre><code>{_e(to_yaml(s.draft))}</code></pre></details></li>"
        for s in team.suggestions
    )
    return f'<h3>Suggestions</h3><ol class="suggestions">{items}</ol>'


def warnings(team: TeamReview) -> str:
    stale = [k.status for k in team.kpis if k.status.stale]
    stopped = [k.status for k in team.kpis if k.status.source_stale]
    if not team.warnings and not stale and not stopped:
        return ""
    items = [
        f"<li><code>{_e(f.path)}:{f.line}</code>: {_e(f.message)} "
        f"<code>{_e(f.code)} {_e(f.rule)}</code></li>"
        for f in team.warnings
    ]
    items += [
        f"<li><code>{_e(k.ref)}</code> is {_word('stale')}: last measured "
        f"{_e(kpi_format.age(k))}</li>"
        for k in stale
    ]
    items += [
        f"<li><code>{_e(k.ref)}</code> is {_word('source-stale')}: "
        f"{_e(kpi_format.source_stopped(k))}</li>"
        for k in stopped
    ]
    return f"<h3>Warnings</h3><ul>{''.join(items)}</ul>"


def team_section(report: ReviewReport, team: TeamReview) -> str:
    ident = _ident("team", team.team)
    elapsed = {(o.team, o.period): o.elapsed for o in team.objectives}
    parts = [
        f'<section aria-labelledby="{ident}" data-team="{_e(team.team)}">'
        f'<h2 id="{ident}">{_e(team.team)}</h2>',
        *(_team_score(s, elapsed[(s.team, s.period)]) for s in team.scores),
    ]
    if report.cadence == "weekly":
        if team.kpis:
            parts.append(kpi_table(team.kpis, "KPIs, worst first"))
        if team.objectives:
            parts.append(weekly_tables(team))
    else:
        parts += [objective_section(o, o.ref in report.retros_wanted) for o in team.objectives]
        if team.kpis:
            parts.append(kpi_table(team.kpis, f"KPIs at {report.as_of}"))
    if team.suggestions:
        parts.append(suggestions(team))
    parts += [warnings(team), "</section>"]
    return "".join(parts)


def impact_section(report: ReviewReport) -> str:
    """Did the OKRs move their KPIs: one table of the judged KPIs (reports/impact_words.py)."""
    rows = (
        f'<tr data-verdict="{_e(i.verdict)}"><th scope="row">{_e(i.title)} '
        f"<code>{_e(i.ref)}</code></th><td>{_e(about(i))}</td><td>{_e(numbers(i))}</td>"
        f"<td><strong>{_e(i.verdict)}</strong>: {_e(i.reason)}</td></tr>"
        for i in report.impact
    )
    headers = [("Objective or KPI", False), ("Judged on", False), ("Numbers", False)]
    table = _table("Impact", [*headers, ("Verdict", False)], rows)
    return (
        f'<section aria-labelledby="impact"><h2 id="impact">{_e(IMPACT_HEADING)}</h2>'
        f"{table}</section>"
    )


def calibration_section(report: CalibrationReport) -> str:
    """The quarterly review's calibration (issue 20): the teams and owners with a number."""
    headers = [("", False), *((header, True) for header in CALIBRATION_HEADERS)]
    tables = []
    for first, rows in (("Team", report.teams), ("Owner", report.owners)):
        shown = [c for c in rows if c.shown]
        if shown:
            headers[0] = (first, False)
            tables.append(
                _table(
                    f"Calibration by {first.lower()}",
                    headers,
                    (
                        f'<tr><th scope="row">{_e(c.name)}</th>'
                        + "".join(
                            f'<td class="num">{_e(cell)}</td>' for cell in calibration_cells(c)
                        )
                        + "</tr>"
                        for c in shown
                    ),
                )
            )
    ident = _ident("calibration", "all")
    return (
        f'<section aria-labelledby="{ident}"><h2 id="{ident}">{_e(calibration_heading(report))}'
        f'</h2>{"".join(tables)}<p class="legend">{_e(CALIBRATION_EXPLAINED)}</p></section>'
    )


def page(title: str, body: Sequence[str]) -> str:
    """One self-contained page around `body`: its title, the stylesheet, the CSP that forbids
    scripts and outside requests (every review cadence is this page)."""
    return escape.lines(
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)}</title>\n<style>\n{STYLE}\n</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


def render(report: ReviewReport, style: Style) -> str:
    if report.monthly is not None:
        from okrctl.reports import review_monthly_html

        return review_monthly_html.render(report, style)
    title, *details = review_heading(report)
    body = [f"<header><h1>{_e(title)}</h1>"]
    body += [f'<p class="meta">{_e(line)}</p>' for line in details]
    planned = any(o.expected is not None for team in report.teams for o in team.objectives)
    # Said only when a plan is drawn, so a review without plans reads as it always did.
    mark = " (with a plan: the score the plan expects by now)" if planned else ""
    body.append(
        '<p class="legend">Progress bars: the score from 0 to 1, the vertical mark is the share '
        f"of the period gone{mark}. Charts: the shaded area is the KPI's band, and inside it the "
        "lighter area is the healthy zone (its warn band): a measurement in the darker part of "
        "the band is a warning, one outside the band a breach, marked with a red dot and a white "
        "cross.</p>"
        "</header><main>"
    )
    body.append(summary(report))
    if not report.teams:
        body.append("<p>No objectives or KPIs matched.</p>")
    body += [team_section(report, team) for team in report.teams]
    if report.impact:
        body.append(impact_section(report))
    if report.calibration is not None:
        body.append(calibration_section(report.calibration))
    if report.skipped:
        body.append(f"<p>Skipped (errors): {_e(', '.join(report.skipped))}</p>")
    body.append("</main>")
    return page(title, body)
