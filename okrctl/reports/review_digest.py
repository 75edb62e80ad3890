"""What a chat digest of the review says (`--format slack`, `--format teams`), as data: the
title, the counts, what needs attention now, and each team's scores, objectives and KPIs, in
lines of runs that say which words are okrctl's own (shown bold) and which come from goal files.

Each chat reporter draws these in its own medium and cuts them to its platform's limits; the
words are the same in both, and the same as the other formats' (reports/words.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from okrctl.compute.review import ReviewReport, TeamReview
from okrctl.compute.scoring import ObjectiveScore
from okrctl.reports import kpi_format, values
from okrctl.reports.monthly_words import SUGGESTION_TITLES
from okrctl.reports.words import ATTENTION_WORDS, objective_counts, review_heading

# Where the full report is when a digest names no address (`--link`): the command to run.
FULL_REPORT_COMMAND = "okrctl review"


@dataclass(frozen=True, slots=True)
class Run:
    """A piece of a line: okrctl's own words (`strong`: a label, shown bold) or text from a
    goal file (escaped by each medium)."""

    text: str
    strong: bool = False


Line = tuple[Run, ...]


@dataclass(frozen=True, slots=True)
class Part:
    """A heading (a team, "Needs attention now") and its lines, in order."""

    heading: str
    lines: tuple[Line, ...]


@dataclass(frozen=True, slots=True)
class Digest:
    title: str
    details: tuple[str, ...]  # a period's dates, the note on the period shown
    counts: tuple[tuple[str, int], ...]
    parts: tuple[Part, ...]
    link: str | None  # the full report's address (`--link`), if given

    @property
    def lines(self) -> int:
        return sum(len(part.lines) for part in self.parts)


# The most of one goal-file text a digest line shows (titles this long are cut, with "…"): a
# line then always fits in one Slack section (3000 characters), escapes and all.
MAX_TEXT = 200


def shortened(text: str) -> str:
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1].rstrip() + "…"


def drawn(run: Run, escape: Callable[[str], str]) -> str:
    """A run's text through a medium's `escape` (which folds blanks and trims them), the blank
    at either end kept: runs are joined as they are."""
    text = run.text if run.strong else shortened(run.text)
    lead = " " if text[:1].isspace() else ""
    tail = " " if text[-1:].isspace() else ""
    return lead + escape(text) + tail if text.strip() else lead


def _judged(score: float | None, grade: str | None, no_data: bool) -> str:
    if no_data or score is None or grade is None:
        return values.scored(score, no_data)
    return f"{values.score(score)} ({grade})"


def counts(report: ReviewReport) -> tuple[tuple[str, int], ...]:
    s = report.summary
    kpis = (
        ("KPIs", s.kpis),
        ("In breach", s.in_breach),
        ("In warn", s.in_warn),
        ("Stale", s.stale),
    )
    if report.monthly is not None:
        return kpis  # the monthly review scores no objective
    return (
        ("Objectives", s.objectives),
        *((name.capitalize(), n) for group in objective_counts(s) for name, n in group),
        *kpis,
    )


def attention(report: ReviewReport) -> Part:
    lines = tuple(
        (
            Run(f"{number}. {ATTENTION_WORDS[item.kind]}: ", strong=True),
            Run(f"{item.ref} {item.title}" + (f" (owner {item.owner})" if item.owner else "")),
            Run(f": {item.reason}"),
        )
        for number, item in enumerate(report.summary.attention, start=1)
    )
    return Part("Needs attention now", lines or ((Run("Nothing needs attention now."),),))


def initiative_lines(objective: ObjectiveScore) -> list[Line]:
    """A line for each initiative on an objective and on its key results (issue 20), under the
    objective's line: its status, title, what it serves, owner and the short names of its
    issues and pull requests."""
    lines: list[Line] = []
    served = [(objective.id, objective.initiatives)]
    # A key result by its ref below the objective's (one without an id has a ref all the same).
    served += [
        (f"{objective.id}/{kr.ref.removeprefix(objective.ref + '/')}", kr.initiatives)
        for kr in objective.key_results
    ]
    for name, initiatives in served:
        for i in initiatives:
            facts = [name, *([f"owner {i.owner}"] if i.owner else []), *(n for n, _ in i.links)]
            status = f"done {i.done}" if i.status == "done" and i.done else i.status
            lines.append(
                (
                    Run(f"initiative {status}: ", strong=True),
                    Run(i.title),
                    Run("".join(f" · {fact}" for fact in facts)),
                )
            )
    return lines


def team_part(report: ReviewReport, team: TeamReview) -> Part:
    lines: list[Line] = []
    elapsed = {(o.team, o.period): o.elapsed for o in team.objectives}
    for score in team.scores:
        when = (
            f"ended {score.as_of}"
            if score.ended
            else f"{round(elapsed[(score.team, score.period)] * 100)}% of the period gone"
        )
        judged = _judged(score.score, score.grade, score.no_data)
        lines.append((Run(f"{score.period}: ", strong=True), Run(f"score {judged}, {when}")))
    for o in team.objectives:
        judged = _judged(o.score, o.grade, o.no_data)
        lines.append(
            (
                Run(f"{o.status}: ", strong=True),
                Run(o.title),
                Run(f" · {o.id} · {judged} · owner {o.owner or '-'}"),
            )
        )
        lines += initiative_lines(o)
    for kpi in (k.status for k in team.kpis):
        shown = values.value(kpi.value, kpi.unit)
        band = kpi_format.band(kpi.band, kpi.unit)
        lines.append(
            (
                Run(f"KPI {kpi_format.status(kpi)}: ", strong=True),
                Run(kpi.title),
                Run(f" · {kpi.ref} · {shown} (band {band}) · owner {kpi.owner}"),
            )
        )
    if report.monthly is not None:  # the monthly review's point: the bands to recalibrate
        for month in (k for k in report.monthly.kpis if k.team == team.team):
            lines += [
                (
                    Run(f"{SUGGESTION_TITLES[s.kind]}: ", strong=True),
                    Run(month.title),
                    Run(f" · {month.ref} · {s.reason}"),
                )
                for s in month.suggestions
            ]
    return Part(team.team, tuple(lines))


def digest(report: ReviewReport) -> Digest:
    title, *details = review_heading(report)
    parts = [attention(report), *(team_part(report, team) for team in report.teams)]
    if report.skipped:
        skipped = (Run("Skipped (errors): ", strong=True), Run(", ".join(report.skipped)))
        parts.append(Part("Skipped", (skipped,)))
    return Digest(title, tuple(details), counts(report), tuple(parts), report.full_report)


def left_out(lines: int) -> str:
    """The words before the pointer to the full report, for a digest cut short."""
    if not lines:
        return "The whole review: "
    return f"{lines} more line{'' if lines == 1 else 's'} in the full report: "
