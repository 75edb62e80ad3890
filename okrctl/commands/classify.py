"""`okrctl classify`: the OKR-or-KPI decision quiz, one question at a time or from --answers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Literal, cast

import typer

from okrctl.commands.emit import emit
from okrctl.commands.options import format_option
from okrctl.errors import EXIT_OK, UsageError
from okrctl.reports import CLASSIFY
from okrctl.terminal import Terminal

if TYPE_CHECKING:
    from okrctl.compute.classify import Metric, Option, Question
    from okrctl.prompts import Prompter


@dataclass(frozen=True, slots=True)
class Options:
    """OKR key result or KPI? A decision quiz: seven questions, a recommendation, a draft.

    Four questions on how the metric is used (what it is for, how much the team controls
    it, how often it is looked at, what conversation it drives) and three maintain-or-
    achieve tests, asked one by one on a terminal or given with --answers. The majority
    decides; the reasons for and against are listed, with a goal-file draft of the answer.

    Example: okrctl classify --answers 2,2,2,2,1,1,1 --metric "Median first-response time"
    --team support --owner lin --unit min --now 25 --goal 30 --better lower
    """

    answers: Annotated[
        str | None,
        typer.Option(
            help="The seven answers, comma-separated, in order (keys or 1-based numbers): "
            "purpose change|maintain|monitor, control direct|shared, cadence "
            "daily|weekly|monthly|quarter, conversation what-to-change|is-it-off, "
            "maintain|achieve, continuously|end-date, same-next-year|one-time-push.",
        ),
    ] = None
    metric: Annotated[str | None, typer.Option(help="What is measured, for the draft.")] = None
    team: Annotated[str | None, typer.Option(help="The team, for the draft.")] = None
    owner: Annotated[str | None, typer.Option(help="One person, for the draft.")] = None
    unit: Annotated[str | None, typer.Option(help="Unit of the values.")] = None
    now: Annotated[str | None, typer.Option(help="The value now.")] = None
    goal: Annotated[str | None, typer.Option(help="The level to reach (OKR) or to hold (KPI).")] = (
        None
    )
    better: Annotated[
        str | None, typer.Option(help="higher or lower: which way is better (KPI band).")
    ] = None
    objective: Annotated[
        str | None, typer.Option(help="The objective's title, for an OKR draft.")
    ] = None
    objective_type: Annotated[
        str | None, typer.Option("--type", help="committed or aspirational, for an OKR draft.")
    ] = None
    period: Annotated[
        str | None, typer.Option(help="The OKR draft's period. Default: this quarter.")
    ] = None
    output_format: Annotated[str, format_option("text, or yaml for the draft alone."), CLASSIFY] = (
        CLASSIFY.default
    )


def _ask_answers(prompter: Prompter) -> list[Option]:
    from okrctl.compute.classify import QUESTIONS

    chosen = []
    for number, question in enumerate(QUESTIONS, start=1):
        menu = "".join(
            f"\n  {index}. {option.text} [{option.key}]"
            for index, option in enumerate(question.options, start=1)
        )
        prompter.say(f"\n{number}/{len(QUESTIONS)}. {question.text}{menu}")
        chosen.append(prompter.ask("Answer", _answer_to(question, number)))
    return chosen


def _answer_to(question: Question, number: int) -> Callable[[str], Option]:
    return lambda text: question.option(text, number)


def _optional_number(what: str) -> Callable[[str], float | None]:
    from okrctl.edit.values import parse_number

    return lambda text: parse_number(text, what) if text.strip() else None


def _ask_metric(prompter: Prompter, metric: Metric, recommendation: str) -> Metric:
    """Ask for what the draft needs and the options did not give; empty answers skip it."""
    from okrctl.compute.classify import Metric
    from okrctl.model.types import SLUG

    def text(value: str) -> str | None:
        return value.strip() or None

    def team(value: str) -> str | None:
        if value.strip() and not SLUG.fullmatch(value.strip()):
            raise UsageError(f"`{value.strip()}` is not a team slug")
        return value.strip() or None

    def better(value: str) -> Literal["higher", "lower"] | None:
        if value.strip() and value.strip() not in ("higher", "lower"):
            raise UsageError("answer higher or lower")
        return cast(Literal["higher", "lower"] | None, value.strip() or None)

    prompter.say("\nFor a draft (leave an answer empty to skip it):")
    number = _optional_number
    title = metric.title or prompter.ask("The metric, in a few words", text)
    unit = metric.unit or prompter.ask("Its unit (%, min, EUR; empty for none)", text)
    team_slug = metric.team or prompter.ask("The team (its slug)", team)
    owner = metric.owner or prompter.ask("The owner (one person)", text)
    now = metric.now if metric.now is not None else prompter.ask("Its value now", number("now"))
    goal = metric.goal
    if goal is None:
        question = "The level to reach" if recommendation == "okr" else "The level to hold"
        goal = prompter.ask(question, number("goal"))
    direction = metric.better or prompter.ask("Is higher or lower better?", better)
    return Metric(
        title,
        team_slug,
        owner,
        unit,
        now,
        goal,
        direction,
        metric.objective,
        metric.objective_type,
    )


def run(options: Options, terminal: Terminal) -> int:
    """Ask (or read) the seven answers, decide, draft, report."""
    from okrctl import clock
    from okrctl.compute.classify import Classification, Metric, decide, draft, parse_answers
    from okrctl.edit.values import parse_number
    from okrctl.model.period import parse_label, quarter_of, resolve_label
    from okrctl.model.types import SLUG

    today = clock.today()
    team, better, period = options.team, options.better, options.period
    objective_type = options.objective_type
    if team is not None and not SLUG.fullmatch(team):
        raise UsageError(f"--team: `{team}` is not a team slug")
    if better is not None and better not in ("higher", "lower"):
        raise UsageError(f"--better is higher or lower, got `{better}`")
    if objective_type is not None and objective_type not in ("committed", "aspirational"):
        raise UsageError(f"--type is committed or aspirational, got `{objective_type}`")
    if period is not None and parse_label(period) is None:
        raise UsageError(f"--period: `{period}` is not a period: write 2026-Q4, 2026-H1 or 2026")
    about = Metric(
        options.metric,
        team,
        options.owner,
        options.unit,
        parse_number(options.now, "--now") if options.now is not None else None,
        parse_number(options.goal, "--goal") if options.goal is not None else None,
        cast(Literal["higher", "lower"] | None, better),
        options.objective,
        cast(Literal["committed", "aspirational"] | None, objective_type),
    )
    # Questions only when no answers are given, and only on a terminal.
    prompter = terminal.prompter if options.answers is None else None
    if options.answers is not None:
        chosen = parse_answers(options.answers)
    elif prompter is not None:
        chosen = _ask_answers(prompter)
    else:
        raise UsageError(
            "stdin is not a terminal, so the questions cannot be asked: pass --answers "
            "(`okrctl classify --help` lists the questions and their answers)"
        )
    verdict = decide(chosen)
    if prompter is not None:
        about = _ask_metric(prompter, about, verdict.recommendation)
    when = resolve_label(period) if period is not None else quarter_of(today)
    result = Classification(verdict, draft(verdict, about, when, today))
    if options.output_format == "yaml" and result.draft.data is None:
        raise UsageError(f"no draft to print as YAML: {result.draft.missing}")
    # Never in colour (the draft is pasted), at the terminal's width.
    emit(
        result,
        CLASSIFY,
        options.output_format,
        Terminal(terminal.out, terminal.err, width=terminal.width),
    )
    return EXIT_OK
