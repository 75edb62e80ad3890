"""`okrctl review`: the review for a terminal, its tables laid out by reports/table.py.

Every row starts with its ref (without the team and period its section's heading names), so
no two rows print the same; refs, numbers and statuses are never wrapped or cut; a title that
does not fit is cut with an ellipsis and follows in full on the next line, or every title
follows its row when the width leaves too little room for a title column. Without colour
(piped, NO_COLOR) there are no escape codes and the header rule is ASCII.
"""

from __future__ import annotations

from collections.abc import Sequence
from io import StringIO

from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from okrctl.compute.initiatives import initiative_words
from okrctl.compute.kpi_health import KpiStatus
from okrctl.compute.review import Attention, KpiReview, ReviewReport, TeamReview
from okrctl.compute.scoring import KeyResultScore, ObjectiveScore, TeamScore
from okrctl.model.goals import Link
from okrctl.reports import Style, escape, kpi_format, values
from okrctl.reports.calibration_text import section as calibration_section
from okrctl.reports.calibration_words import heading as calibration_heading
from okrctl.reports.impact_text import section as impact_lines
from okrctl.reports.impact_words import HEADING as IMPACT_HEADING
from okrctl.reports.kpi_text import STYLE as KPI_STYLE
from okrctl.reports.score_text import GRADE_STYLE, STATUS_STYLE, console, with_extras
from okrctl.reports.table import Cell, Column, print_table
from okrctl.reports.words import (
    ATTENTION_WORDS,
    SUGGESTION_TITLES,
    historical_words,
    objective_counts,
    people,
    retro_lines,
    review_heading,
)

ATTENTION_STYLE = {
    "kpi-breach": "bold red",
    "objective-off-track": "red",
    "objective-missed": "red",
    "kpi-warn": "yellow",
    "kpi-stale": "yellow",
    "source-stale": "yellow",
    "objective-at-risk": "yellow",
}


def local_ref(ref: str, within: str) -> str:
    """`ref` without the `within/` it starts with: the team (and the period, when the team's
    section has one) are in the section's heading, so the table names the rest."""
    return ref[len(within) + 1 :] if ref.startswith(within + "/") else ref


def _within(team: TeamReview) -> str:
    """What every ref in a team's tables starts with: the team, and its period when all its
    objectives are of one period."""
    periods = {o.period for o in team.objectives}
    return f"{team.team}/{periods.pop()}" if len(periods) == 1 else team.team


def _score(score: float | None, grade: str | None, no_data: bool = False, mark: str = "") -> Text:
    """`0.417 yellow`, `0.400 red (self)` for a self-graded key result, `no data`, or `no score`
    (every key result dropped)."""
    if no_data:
        return Text(values.NO_DATA)
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


def _dropped_line(name: str, kr: KeyResultScore) -> str:
    """`key result NAME dropped on DAY: REASON (left out of the score)`."""
    return f"key result {name} {values.dropped(kr)} (left out of the score)"


def _status(status: str) -> Text:
    return Text(status, style=STATUS_STYLE[status])


def team_score_line(score: TeamScore, elapsed: float) -> Text:
    when = f"ended {score.as_of}" if score.ended else f"{round(elapsed * 100)}% of the period gone"
    return Text.assemble(
        (escape.text(score.period), "bold"),
        "  score " if score.score is not None or score.no_data else "  ",
        _score(score.score, score.grade, score.no_data),
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
    counts = "; ".join(
        ", ".join(f"{count} {name}" for name, count in group) for group in objective_counts(s)
    )
    out.print(f"Objectives: {s.objectives} ({counts})")
    out.print(f"KPIs: {s.kpis} ({s.in_breach} in breach, {s.in_warn} in warn, {s.stale} stale)")
    if s.attention:
        out.print(Text("Needs attention now:", style="bold"))
        out.print(_attention_grid(s.attention))
    else:
        out.print("Nothing needs attention now.")


KPI_BOARD = (
    Column("KPI"),
    Column("Value", right=True),
    Column("Band"),
    Column("Recent"),
    Column("Status"),
    Column("Owner"),
    Column("Last", right=True),
)


def kpi_board(out: Console, kpis: Sequence[KpiReview], color: bool) -> None:
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

    print_table(out, KPI_BOARD, [row(k.status) for k in kpis], color=color)


OBJECTIVES = (
    Column("Objective"),
    Column("Title"),
    Column("Type"),
    Column("Score"),
    Column("Pace"),
    Column("Owner"),
)
KEY_RESULTS = (
    Column("Key result"),
    Column("Title"),
    Column("Score", right=True),
    Column("Pace"),
    Column("Conf.", right=True),
    Column("Owner"),
)
PRIORITY = Column("Pri.")


def _with_priority(
    columns: tuple[Column, ...], rows: list[list[Cell]], priorities: Sequence[str | None]
) -> tuple[tuple[Column, ...], list[list[Cell]]]:
    """A "Pri." column after the ref when any row has a priority (else the table is as it was
    before priorities existed)."""
    if all(p is None for p in priorities):
        return columns, rows
    return (
        (columns[0], PRIORITY, *columns[1:]),
        [[row[0], p or "-", *row[1:]] for row, p in zip(rows, priorities, strict=True)],
    )


def _title(columns: Sequence[Column]) -> int:
    """The column that gives way: the titles."""
    return next(i for i, column in enumerate(columns) if column.header == "Title")


def weekly_tables(out: Console, team: TeamReview, color: bool) -> None:
    within = _within(team)
    objectives: list[list[Cell]] = [
        [
            escape.text(local_ref(o.ref, within)),
            escape.text(o.title),
            o.type,
            _score(o.score, o.grade, o.no_data),
            _status(o.status),
            escape.text(o.owner or "-"),
        ]
        for o in team.objectives
    ]
    key_results: list[list[Cell]] = [
        [
            escape.text(local_ref(kr.ref, within)),
            _kr_title(kr),
            values.kr_score(kr),
            _status(kr.status),
            values.number(kr.confidence) if kr.confidence is not None else "-",
            escape.text(kr.owner or "-"),
        ]
        for kr in team.key_results
    ]
    tables = (
        _with_priority(OBJECTIVES, objectives, [o.priority for o in team.objectives]),
        _with_priority(KEY_RESULTS, key_results, [kr.priority for kr in team.key_results]),
    )
    for columns, rows in tables:
        out.print()
        print_table(out, columns, rows, title=_title(columns), color=color)


KEY_RESULTS_OF_ONE = (
    Column("Key result"),
    Column("Title"),
    Column("Start -> now -> target"),
    Column("Score"),
    Column("Status"),
    Column("Conf.", right=True),
)


def _link(link: Link) -> str:
    return f"{link.title} <{link.url}>"  # shown through escape.text, as all goal-file text


def _indented(line: str) -> Padding:
    """A dim line under a table, indented by two columns; a long one wraps under itself, not
    at the margin where the next objective's title starts."""
    return Padding(Text(escape.text(line), style="dim"), (0, 0, 0, 2))


def _details(name: str, kr: KeyResultScore) -> list[str]:
    """The lines under an objective's table about one of its key results."""
    lines = [f"note {name}: {kr.note}"] if kr.note else []
    if kr.contributors:
        lines.append(f"contributors {name}: {', '.join(kr.contributors)}")
    lines += [f"link {name}: {_link(link)}" for link in kr.links]
    lines += [f"initiative {name}: {initiative_words(i)}" for i in kr.initiatives]
    if (history := historical_words(kr)) is not None:
        lines.append(f"historical forecast {name}: {history}")
    if kr.dropped:
        lines.append(_dropped_line(name, kr))
    return lines


def objective_block(
    out: Console, objective: ObjectiveScore, color: bool, retro_wanted: bool = False
) -> None:
    o = objective
    out.print(Text(escape.text(o.title), style="bold"))
    priority = f" · {o.priority}" if o.priority else ""
    contributors = f" · {people(o.contributors)}" if o.contributors else ""
    out.print(
        Text.assemble(
            escape.text(f"{o.id} · {o.type}{priority} · owner {o.owner or '-'}{contributors} · "),
            _score(o.score, o.grade, o.no_data),
            " · ",
            _status(o.status),
        )
    )
    if o.description:
        out.print(escape.text(o.description))
    for link in o.links:
        out.print(escape.text(f"link: {_link(link)}"))
    for initiative in o.initiatives:
        out.print(escape.text(f"initiative: {initiative_words(initiative)}"))
    for line in retro_lines(o, retro_wanted):
        out.print(escape.text(line))
    rows: list[list[Cell]] = [
        [
            escape.text(local_ref(kr.ref, o.ref)),
            with_extras(_kr_title(kr), values.journey_parts(kr)[1]),
            escape.text(values.journey_parts(kr)[0]),
            _score(
                kr.score,
                kr.grade,
                no_data=values.kr_no_data(kr),
                mark=values.SELF_MARK if kr.score_source == "self" else "",
            ),
            _status(kr.status),
            values.number(kr.confidence) if kr.confidence is not None else "-",
        ]
        for kr in o.key_results
    ]
    columns, rows = _with_priority(KEY_RESULTS_OF_ONE, rows, [kr.priority for kr in o.key_results])
    print_table(out, columns, rows, title=_title(columns), color=color)
    for kr in o.key_results:
        for line in _details(local_ref(kr.ref, o.ref), kr):
            out.print(_indented(line))
    if o.note:
        out.print(_indented(o.note))


def team_section(out: Console, report: ReviewReport, team: TeamReview, color: bool) -> None:
    out.rule(
        Text(escape.text(team.team), style="bold"), characters="─" if color else "-", align="left"
    )
    elapsed = {(o.team, o.period): o.elapsed for o in team.objectives}
    for score in team.scores:
        out.print(team_score_line(score, elapsed[(score.team, score.period)]))
    if report.cadence == "weekly":
        if team.kpis:
            out.print()
            kpi_board(out, team.kpis, color)
        if team.objectives:
            weekly_tables(out, team, color)
            within = _within(team)
            for kr in team.key_results:
                if kr.dropped:  # its reason, which the table has no room for
                    out.print(_indented(_dropped_line(local_ref(kr.ref, within), kr)))
    else:
        for objective in team.objectives:
            out.print()
            objective_block(out, objective, color, objective.ref in report.retros_wanted)
        if team.kpis:
            out.print()
            out.print(Text(f"KPIs at {report.as_of}", style="bold"))
            kpi_board(out, team.kpis, color)
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
    stopped = [k.status for k in team.kpis if k.status.source_stale]
    if team.warnings or stale or stopped:
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
        for kpi in stopped:
            grid.add_row(
                "-", escape.text(f"{kpi.ref} is source-stale: {kpi_format.source_stopped(kpi)}")
            )
        out.print(grid)


def impact_section(out: Console, report: ReviewReport, width: int | None) -> None:
    """Did the OKRs move their KPIs: each team's judged KPIs (reports/impact_text.py)."""
    out.print(Text(IMPACT_HEADING, style="bold"))
    for team in sorted({i.team for i in report.impact}):
        out.print(Text(escape.text(team), style="bold"))
        impacts = [i for i in report.impact if i.team == team]
        for line in impact_lines(impacts, width or 80):
            out.print(line, soft_wrap=True)


def render(report: ReviewReport, style: Style) -> str:
    if report.monthly is not None:
        from okrctl.reports import review_monthly_text

        return review_monthly_text.render(report, style)
    color, width = style.color, style.width
    buffer = StringIO()
    out = console(buffer, color, width)
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
        team_section(out, report, team, color)
    if report.impact:
        out.print()
        impact_section(out, report, width)
    if report.calibration is not None:
        out.print()
        out.print(Text(calibration_heading(report.calibration), style="bold"))
        calibration_section(out, report.calibration, color, only_shown=True)
    if report.skipped:
        out.print()
        out.print("Skipped (errors): " + escape.text(", ".join(report.skipped)))
    # Tables pad every cell to its column's width; trailing blanks only get in a diff's way.
    return escape.lines("".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines()))
