"""`okrctl score`: a table per team and period, readable with or without colour, laid out by
reports/table.py (ids and numbers whole, titles give way)."""

from __future__ import annotations

from io import StringIO

from rich.console import Console
from rich.text import Text

from okrctl.compute.scoring import KeyResultScore, ObjectiveScore, ScoreReport
from okrctl.reports import Style, escape, values
from okrctl.reports.table import Cell, Column, print_table

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


def _score(
    score: float | None,
    grade: str | None,
    bold: bool = False,
    no_data: bool = False,
    mark: str = "",
) -> Text:
    """`0.70 green`: the grade as a word, so it reads without colour too; `no data` when
    there is no score yet, `no score` for an objective whose key results are all dropped;
    `mark` after it (`(self)`)."""
    if no_data:
        return Text(values.NO_DATA, style="bold" if bold else "")
    if score is None or grade is None:
        return Text(values.NO_SCORE, style="bold" if bold else "")
    return Text.assemble(
        (values.score(score), "bold" if bold else ""),
        " ",
        (grade, GRADE_STYLE[grade]),
        f" {mark}" if mark else "",
    )


def kr_title(kr: KeyResultScore) -> Text:
    """A key result's title; a dropped one struck out, with its reason after it (readable
    without colour too)."""
    if not kr.dropped:
        return Text(escape.text(kr.title))
    return Text.assemble(
        (escape.text(kr.title), "strike"), " ", escape.text(f"({values.dropped(kr)})")
    )


def with_extras(title: Text, extras: str) -> Text:
    """The title, then the words on levels and plan in brackets (they wrap with it)."""
    return Text.assemble(title, f" {escape.text(extras)}") if extras else title


def kr_mark(kr: KeyResultScore) -> str:
    return values.SELF_MARK if kr.score_source == "self" else ""


def local_id(ref: str) -> str:
    """A key result's id within its objective (its position when it has no id): the last part
    of its ref."""
    return ref.rsplit("/", 1)[-1]


COLUMNS = (
    Column("Id"),
    Column("Objective / key result"),
    Column("Start -> now -> target"),
    Column("Score"),
    Column("Status"),
    Column("Conf.", right=True),
    Column("Owner"),
)


def objective_rows(objectives: list[ObjectiveScore]) -> list[list[Cell]]:
    """One row per objective, then one per key result (its id indented under the objective's)."""
    rows: list[list[Cell]] = []
    for o in objectives:
        rows.append(
            [
                Text(escape.text(o.id), style="bold"),
                Text(escape.text(o.title), style="bold"),
                Text(o.type, style="italic"),
                _score(o.score, o.grade, bold=True, no_data=o.no_data),
                Text(o.status, style=STATUS_STYLE[o.status]),
                "",
                escape.text(o.owner or "-"),
            ]
        )
        for kr in o.key_results:
            path, extras = values.journey_parts(kr)
            rows.append(
                [
                    "  " + escape.text(local_id(kr.ref)),
                    with_extras(kr_title(kr), extras),
                    escape.text(path),
                    _score(kr.score, kr.grade, mark=kr_mark(kr), no_data=values.kr_no_data(kr)),
                    Text(kr.status, style=STATUS_STYLE[kr.status]),
                    values.number(kr.confidence) if kr.confidence is not None else "",
                    escape.text(kr.owner or "-"),
                ]
            )
    return rows


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
                "  score " if team.score is not None or team.no_data else "  ",
                _score(team.score, team.grade, no_data=team.no_data),
                f"  ({when})",
            )
        )
        print_table(out, COLUMNS, objective_rows(objectives), title=1, color=color)
        for o in objectives:
            if o.note:
                out.print(escape.text(f"note: {o.ref} {o.note}"))
        out.print()
    if report.skipped:
        out.print("Skipped (errors): " + escape.text(", ".join(report.skipped)))
    # A heading wrapped at the width may leave blanks at a line's end: they only get in a
    # diff's way.
    return escape.lines("".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines()))
