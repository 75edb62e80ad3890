"""`okrctl score`: a table per team and period, readable with or without colour."""

from __future__ import annotations

from io import StringIO

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from okrctl.compute.scoring import ObjectiveScore, ScoreReport
from okrctl.reports import Style, escape, values

GRADE_STYLE = {"red": "red", "yellow": "yellow", "green": "green"}
STATUS_STYLE = {
    "on-track": "green",
    "at-risk": "yellow",
    "off-track": "red",
    "met": "green",
    "success": "green",
    "missed": "red",
    "out-of-range": "red",
    "no-data": "yellow",
}


def console(buffer: StringIO, color: bool, width: int | None) -> Console:
    """A console writing to `buffer`: colour only when asked, a fixed width when piped, and no
    markup: text from goal files (`[/bold]` in a title) is never read as rich markup."""
    return Console(
        file=buffer,
        force_terminal=color,
        no_color=not color,
        color_system="standard" if color else None,
        width=width or 80,
        highlight=False,
        emoji=False,
        markup=False,
    )


def _score(score: float, grade: str, bold: bool = False, no_data: bool = False) -> Text:
    """`0.70 green`: the grade as a word, so it reads without colour too; `no data` when
    there is no score."""
    if no_data:
        return Text(values.NO_DATA, style="bold" if bold else "")
    return Text.assemble(
        (values.score(score), "bold" if bold else ""), " ", (grade, GRADE_STYLE[grade])
    )


# Like rich's SIMPLE_HEAD, but plain ASCII so piped output never shows box characters.
ASCII_HEAD = box.Box("    \n    \n -- \n    \n    \n    \n    \n    \n", ascii=True)


def objective_table(objectives: list[ObjectiveScore], color: bool) -> Table:
    table = Table(box=box.SIMPLE_HEAD if color else ASCII_HEAD, show_edge=False, pad_edge=False)
    table.add_column("Objective / key result", ratio=3, overflow="fold")
    table.add_column("Start -> now -> target", ratio=2, overflow="fold")
    table.add_column("Score", no_wrap=True)
    table.add_column("Status", no_wrap=True)
    table.add_column("Conf.", no_wrap=True, justify="right")
    table.add_column("Owner", overflow="fold")
    for o in objectives:
        table.add_row(
            Text(escape.text(o.title), style="bold"),
            Text(o.type, style="italic"),
            _score(o.score, o.grade, bold=True, no_data=o.no_data),
            Text(o.status, style=STATUS_STYLE[o.status]),
            "",
            escape.text(o.owner or "-"),
        )
        for kr in o.key_results:
            table.add_row(
                Text("  " + escape.text(kr.title)),
                escape.text(values.journey(kr)),
                _score(kr.score, kr.grade),
                Text(kr.status, style=STATUS_STYLE[kr.status]),
                values.number(kr.confidence) if kr.confidence is not None else "",
                escape.text(kr.owner or "-"),
            )
    return table


def render(report: ScoreReport, style: Style) -> str:
    color, width = style.color, style.width
    buffer = StringIO()
    out = console(buffer, color, width)
    if not report.teams:
        out.print("No objectives matched.")
    for team in report.teams:
        objectives = [
            o for o in report.objectives if o.team == team.team and o.period == team.period
        ]
        when = (
            f"ended, scored at {team.as_of}"
            if team.ended
            else f"as of {team.as_of}, {round(objectives[0].elapsed * 100)}% of the period gone"
        )
        out.print(
            Text.assemble(
                (escape.text(f"{team.team} · {team.period}"), "bold"),
                "  score ",
                _score(team.score, team.grade, no_data=team.no_data),
                f"  ({when})",
            )
        )
        out.print(objective_table(objectives, color))
        for o in objectives:
            if o.note:
                out.print(escape.text(f"note: {o.ref} {o.note}"))
        out.print()
    if report.skipped:
        out.print("Skipped (errors): " + escape.text(", ".join(report.skipped)))
    return escape.lines(buffer.getvalue())
