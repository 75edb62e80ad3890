"""`okrctl score`: a table per team and period, readable with or without colour."""

from __future__ import annotations

from io import StringIO

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from okrctl.compute.scoring import KeyResultScore, ObjectiveScore, ScoreReport
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
    "dropped": "dim",
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


def _score(score: float | None, grade: str | None, bold: bool = False, mark: str = "") -> Text:
    """`0.70 green`: the grade as a word, so it reads without colour too; `no score` for an
    objective whose key results are all dropped; `mark` after it (`(self)`)."""
    if score is None or grade is None:
        return Text(values.NO_SCORE, style="bold" if bold else "")
    return Text.assemble(
        (values.score(score), "bold" if bold else ""),
        " ",
        (grade, GRADE_STYLE[grade]),
        f" {mark}" if mark else "",
    )


def kr_title(kr: KeyResultScore, indent: str = "  ") -> Text:
    """A key result's title; a dropped one struck out, with its reason below (readable without
    colour too)."""
    if not kr.dropped:
        return Text(indent + escape.text(kr.title))
    return Text.assemble(
        indent,
        (escape.text(kr.title), "strike"),
        "\n" + indent + escape.text(f"({values.dropped(kr)})"),
    )


def kr_mark(kr: KeyResultScore) -> str:
    return values.SELF_MARK if kr.score_source == "self" else ""


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
            _score(o.score, o.grade, bold=True),
            Text(o.status, style=STATUS_STYLE[o.status]),
            "",
            escape.text(o.owner or "-"),
        )
        for kr in o.key_results:
            table.add_row(
                kr_title(kr),
                escape.text(values.journey(kr)),
                _score(kr.score, kr.grade, mark=kr_mark(kr)),
                Text(kr.status, style=STATUS_STYLE[kr.status]),
                values.number(kr.confidence) if kr.confidence is not None else "",
                escape.text(kr.owner or "-"),
            )
    return table


def _team_score(score: float | None, grade: str | None) -> Text:
    """`score 0.417 yellow`, or `no score` when every objective's key results are dropped."""
    if score is None or grade is None:
        return Text(values.NO_SCORE)
    return Text.assemble(f"score {values.score(score)} ", (grade, GRADE_STYLE[grade]))


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
                "  ",
                _team_score(team.score, team.grade),
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
