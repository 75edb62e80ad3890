"""`okrctl review --cadence monthly --format html`: the monthly KPI review as one page.

The weekly page's styles and Content-Security-Policy (reports/review_html.py): nothing is
fetched, every fact is a word, drafts are in `<details>`.
"""

from __future__ import annotations

from okrctl.compute.review import ReviewReport
from okrctl.reports import Style, escape
from okrctl.reports.draft_yaml import to_yaml
from okrctl.reports.monthly_words import (
    SUGGESTION_TITLES,
    bands,
    breach,
    counts,
    crossing,
    heading,
    inside,
    monthly_of,
    trend,
)

_e = escape.html  # every string from a goal file, in text and in attributes


def render(report: ReviewReport, style: Style) -> str:
    from okrctl.reports.review_html import page

    monthly = monthly_of(report)
    title, *details = heading(report)
    body = [f"<header><h1>{_e(title)}</h1>"]
    body += [f'<p class="meta">{_e(line)}</p>' for line in details]
    body += ["</header><main>", f"<p>{_e(counts(monthly))}</p>"]
    teams = sorted({k.team for k in monthly.kpis})
    if not teams:
        body.append("<p>No KPIs matched.</p>")
    for team in teams:
        body.append(f'<section data-team="{_e(team)}"><h2>{_e(team)}</h2>')
        for kpi in (k for k in monthly.kpis if k.team == team):
            facts = [
                f"owner {kpi.owner}, {bands(kpi)}",
                f"trend: {trend(kpi)}",
                inside(kpi, monthly.start),
                *(f"breach: {breach(b, kpi.unit)}" for b in kpi.breaches),
                *(f"warn crossing: {crossing(c, kpi.unit)}" for c in kpi.crossings),
            ]
            body.append(
                f'<article data-kpi="{_e(kpi.ref)}"><h3><code>{_e(kpi.id)}</code>: '
                f"{_e(kpi.title)}</h3><ul>{''.join(f'<li>{_e(f)}</li>' for f in facts)}</ul>"
            )
            if kpi.suggestions:
                items = []
                for s in kpi.suggestions:
                    draft = (
                        ""
                        if s.draft is None
                        else f"<details><summary>Draft to paste into {_e(kpi.path)}, KPI "
                        f"{_e(kpi.id)}</summary><pre><code>{_e(to_yaml(s.draft))}</code></pre>"
                        "</details>"
                    )
                    items.append(
                        f'<li data-kind="{s.kind}"><strong>{_e(SUGGESTION_TITLES[s.kind])}'
                        f"</strong>: {_e(s.reason)}.{draft}</li>"
                    )
                body.append(f'<ol class="suggestions">{"".join(items)}</ol>')
            body.append("</article>")
        body.append("</section>")
    if report.skipped:
        body.append(f"<p>Skipped (errors): {_e(', '.join(report.skipped))}</p>")
    body.append("</main>")
    return page(title, body)
