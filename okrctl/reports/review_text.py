"""`okrctl review`: the review for a terminal; every table row fits the width on one line.

Tables size each column to its widest cell and give the rest of the width to the one column
of free text (a title), which is cut with an ellipsis rather than wrapped, so a row never
breaks across lines at 80 columns. Without colour (piped, NO_COLOR) there are no escape
codes and the header rule is ASCII.
"""

from __future__ import annotations

from collections.abc import Sequence
from io import StringIO

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from okrctl.compute.kpi_health import KpiStatus
from okrctl.compute.review import Attention, KpiReview, ReviewReport, TeamReview
from okrctl.compute.scoring import KeyResultScore, ObjectiveScore, TeamScore
from okrctl.reports import Style, escape, kpi_format, values
from okrctl.reports.kpi_text import STYLE as KPI_STYLE
from okrctl.reports.score_text import ASCII_HEAD, GRADE_STYLE, STATUS_STYLE, console
from okrctl.reports.words import ATTENTION_WORDS, SUGGESTION_TITLES, review_heading

MIN_FLEX = 12  # the free-text column is never cut shorter than this
GAP = 2  # one space of padding and one divider between columns
ATTENTION_STYLE = {
    "kpi-breach": "bold red",
    "objective-off-track": "red",
    "objective-missed": "red",
    "kpi-warn": "yellow",
    "kpi-stale": "yellow",
    "objective-at-risk": "yellow",
}

Cell = Text | str


def _plain(cell: Cell) -> str:
    return cell.plain if isinstance(cell, Text) else cell


def fitted(
    headers: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    width: int,
    color: bool,
    *,
    flex: int = 0,
    right: Sequence[int] = (),
) -> Table:
    """A table whose rows never wrap; column `flex` takes the width left and is cut to fit."""
    natural = [
        max(cell_len(header), *(cell_len(_plain(row[i])) for row in rows))
        for i, header in enumerate(headers)
    ]
    fixed = sum(w for i, w in enumerate(natural) if i != flex) + GAP * (len(headers) - 1)
    table = Table(
        box=box.SIMPLE_HEAD if color else ASCII_HEAD,
        show_edge=False,
        pad_edge=False,
        padding=(0, 1, 0, 0),
    )
    for i, header in enumerate(headers):
        if i == flex:
            room = max(MIN_FLEX, width - fixed)
            table.add_column(header, no_wrap=True, overflow="ellipsis", max_width=room)
        else:
            table.add_column(header, no_wrap=True, justify="right" if i in right else "left")
    for row in rows:
        table.add_row(*row)
    return table


def _score(score: float | None, grade: str | None, mark: str = "") -> Text:
    """`0.417 yellow`, `0.400 red (self)` for a self-graded key result, `no score`."""
    if score is None or grade is None:
        return Text(values.NO_SCORE)
    return Text.assemble(
        values.score(score), " ", (grade, GRADE_STYLE[grade]), f" {mark}" if mark else ""
    )


def _kr_title(kr: KeyResultScore) -> Text:
    """A key result's title; a dropped one struck out (its reason is printed below the table,
    which has no room for it)."""
    if not kr.dropped:
        return Text(escape.text(kr.title))
    return Text(escape.text(kr.title), style="strike")


def _status(status: str) -> Text:
    return Text(status, style=STATUS_STYLE[status])


def team_score_line(score: TeamScore, elapsed: float) -> Text:
    when = f"ended {score.as_of}" if score.ended else f"{round(elapsed * 100)}% of the period gone"
    return Text.assemble(
        (escape.text(score.period), "bold"),
        "  score " if score.score is not None else "  ",
        _score(score.score, score.grade),
        f"  ({when})",
    )


def _attention_grid(items: Sequence[Attention]) -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, justify="right")
    grid.add_column()
    for number, item in enumerate(items, start=1):
        owner = f" (owner {item.owner})" if item.owner else ""
        grid.add_row(
            f"{number}.",
            Text.assemble(
                (escape.text(item.ref), "bold"),
                ", ",
                (ATTENTION_WORDS[item.kind], ATTENTION_STYLE[item.kind]),
                escape.text(f"{owner}: {item.reason}"),
            ),
        )
    return grid


def summary(out: Console, report: ReviewReport) -> None:
    s = report.summary
    out.print(
        f"Objectives: {s.objectives} ({s.on_track} on track, {s.at_risk} at risk, "
        f"{s.off_track} off track)"
    )
    out.print(f"KPIs: {s.kpis} ({s.in_breach} in breach, {s.in_warn} in warn, {s.stale} stale)")
    if s.attention:
        out.print(Text("Needs attention now:", style="bold"))
        out.print(_attention_grid(s.attention))
    else:
        out.print("Nothing needs attention now.")


def kpi_board(kpis: Sequence[KpiReview], width: int, color: bool) -> Table:
    def row(kpi: KpiStatus) -> list[Cell]:
        return [
            escape.text(kpi.id),
            escape.text(values.value(kpi.value, kpi.unit)),
            escape.text(kpi_format.band(kpi.band)),
            kpi_format.sparkline(kpi, points=8),
            Text(kpi_format.status(kpi), style=KPI_STYLE[kpi.status]),
            escape.text(kpi.owner),
            kpi_format.age(kpi, short=True),
        ]

    headers = ["KPI", "Value", "Band", "Recent", "Status", "Owner", "Last"]
    return fitted(headers, [row(k.status) for k in kpis], width, color, right=(1, 6))


def weekly_tables(team: TeamReview, width: int, color: bool) -> list[Table]:
    objectives = fitted(
        ["Objective", "Type", "Score", "Pace", "Owner"],
        [
            [
                escape.text(o.title),
                o.type,
                _score(o.score, o.grade),
                _status(o.status),
                escape.text(o.owner or "-"),
            ]
            for o in team.objectives
        ],
        width,
        color,
    )
    key_results = fitted(
        ["Key result", "Score", "Pace", "Conf.", "Owner"],
        [
            [
                _kr_title(kr),
                values.kr_score(kr),
                _status(kr.status),
                values.number(kr.confidence) if kr.confidence is not None else "-",
                escape.text(kr.owner or "-"),
            ]
            for kr in team.key_results
        ],
        width,
        color,
        right=(1, 3),
    )
    return [objectives, key_results]


def objective_block(out: Console, objective: ObjectiveScore, width: int, color: bool) -> None:
    o = objective
    out.print(Text(escape.text(o.title), style="bold"))
    out.print(
        Text.assemble(
            escape.text(f"{o.id} · {o.type} · owner {o.owner or '-'} · "),
            _score(o.score, o.grade),
            " · ",
            _status(o.status),
        )
    )
    rows: list[list[Cell]] = [
        [
            str(number),
            _kr_title(kr),
            escape.text(values.journey(kr)),
            _score(kr.score, kr.grade, values.SELF_MARK if kr.score_source == "self" else ""),
            _status(kr.status),
            values.number(kr.confidence) if kr.confidence is not None else "-",
        ]
        for number, kr in enumerate(o.key_results, start=1)
    ]
    headers = ["#", "Key result", "Start -> now -> target", "Score", "Status", "Conf."]
    out.print(fitted(headers, rows, width, color, flex=1, right=(0, 5)))
    notes = [(n, kr.note) for n, kr in enumerate(o.key_results, start=1) if kr.note]
    for number, note in notes:
        out.print(Text(escape.text(f"  note {number}: {note}"), style="dim"))
    for number, kr in enumerate(o.key_results, start=1):
        if kr.dropped:
            text = f"  key result {number} {values.dropped(kr)} (left out of the score)"
            out.print(Text(escape.text(text), style="dim"))
    if o.note:
        out.print(Text(escape.text(f"  {o.note}"), style="dim"))


def team_section(
    out: Console, report: ReviewReport, team: TeamReview, width: int, color: bool
) -> None:
    out.rule(
        Text(escape.text(team.team), style="bold"), characters="─" if color else "-", align="left"
    )
    elapsed = {(o.team, o.period): o.elapsed for o in team.objectives}
    for score in team.scores:
        out.print(team_score_line(score, elapsed[(score.team, score.period)]))
    if report.cadence == "weekly":
        if team.kpis:
            out.print()
            out.print(kpi_board(team.kpis, width, color))
        if team.objectives:
            for table in weekly_tables(team, width, color):
                out.print()
                out.print(table)
            for kr in team.key_results:
                if kr.dropped:  # its reason, which the table has no room for
                    text = f"  {kr.ref} {values.dropped(kr)} (left out of the score)"
                    out.print(Text(escape.text(text), style="dim"))
    else:
        for objective in team.objectives:
            out.print()
            objective_block(out, objective, width, color)
        if team.kpis:
            out.print()
            out.print(Text(f"KPIs at {report.as_of}", style="bold"))
            out.print(kpi_board(team.kpis, width, color))
    if team.suggestions:
        out.print()
        out.print(Text("Suggestions", style="bold"))
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True)
        grid.add_column()
        for suggestion in team.suggestions:
            title = escape.text(f"{SUGGESTION_TITLES[suggestion.kind]}: {suggestion.about}")
            reason = escape.text(f"{suggestion.reason}.")
            grid.add_row("-", Text.assemble((title, "bold"), "\n", reason))
        out.print(grid)
        out.print(f"Drafts to paste: okrctl suggest --as-of {report.as_of} --format yaml")
    stale = [k.status for k in team.kpis if k.status.stale]
    if team.warnings or stale:
        out.print()
        out.print(Text("Warnings", style="bold"))
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True)
        grid.add_column()
        for finding in team.warnings:
            grid.add_row(
                "-",
                Text.assemble(
                    escape.text(f"{finding.path}:{finding.line}: {finding.message} "),
                    (f"[{finding.code} {finding.rule}]", "dim"),
                ),
            )
        for kpi in stale:
            grid.add_row(
                "-", escape.text(f"{kpi.ref} is stale: last measured {kpi_format.age(kpi)}")
            )
        out.print(grid)


def render(report: ReviewReport, style: Style) -> str:
    color, width = style.color, style.width
    buffer = StringIO()
    out = console(buffer, color, width)
    room = width or 80
    title, *details = review_heading(report)
    out.print(Text(escape.text(title), style="bold"))
    for line in details:
        out.print(escape.text(line))
    out.print()
    summary(out, report)
    if not report.teams:
        out.print()
        out.print("No objectives or KPIs matched.")
    for team in report.teams:
        out.print()
        team_section(out, report, team, room, color)
    if report.skipped:
        out.print()
        out.print("Skipped (errors): " + escape.text(", ".join(report.skipped)))
    # Tables pad every cell to its column's width; trailing blanks only get in a diff's way.
    return escape.lines("".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines()))
