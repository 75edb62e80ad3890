"""`okrctl classify`: the OKR-or-KPI quiz, asked one question at a time or from --answers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Literal, TextIO, cast

from okrctl import clock
from okrctl.compute.classify import (
    QUESTIONS,
    Classification,
    Metric,
    Option,
    Question,
    decide,
    draft,
    parse_answers,
)
from okrctl.edit.values import parse_number
from okrctl.errors import EXIT_OK, UsageError
from okrctl.model.period import parse_label, quarter_of, resolve_label
from okrctl.model.types import SLUG
from okrctl.prompts import Prompter
from okrctl.reports import reporter

FORMATS: dict[str, str] = {
    "text": "okrctl.reports.classify_text",
    "yaml": "okrctl.reports.classify_yaml",
}


def questions_help() -> str:
    """The questions and their answer keys, as `okrctl classify --help` lists them."""
    lines = []
    for number, question in enumerate(QUESTIONS, start=1):
        keys = ", ".join(option.key for option in question.options)
        lines.append(f"{number}. {question.text} ({keys})")
    return "\n".join(lines)


def _ask_answers(prompter: Prompter) -> list[Option]:
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
    return lambda text: parse_number(text, what) if text.strip() else None


def _ask_metric(prompter: Prompter, metric: Metric, recommendation: str) -> Metric:
    """Ask for what the draft needs and the options did not give; empty answers skip it."""

    def text(value: str) -> str | None:
        return value.strip() or None

    def team(value: str) -> str | None:
        if value.strip() and not SLUG.fullmatch(value.strip()):
            raise UsageError(f"`{value.strip()}` is not a team slug")
        return value.strip() or None

    def better(value: str) -> str | None:
        if value.strip() and value.strip() not in ("higher", "lower"):
            raise UsageError("answer higher or lower")
        return value.strip() or None

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
        cast(float | None, now),
        cast(float | None, goal),
        cast(Literal["higher", "lower"] | None, direction),
        metric.objective,
        metric.objective_type,
    )


def run(
    out: TextIO,
    *,
    answers: str | None = None,
    metric: str | None = None,
    team: str | None = None,
    owner: str | None = None,
    unit: str | None = None,
    now: str | None = None,
    goal: str | None = None,
    better: str | None = None,
    objective: str | None = None,
    objective_type: str | None = None,
    period: str | None = None,
    output_format: str = "text",
    today: date | None = None,
    prompter: Prompter | None = None,
    width: int | None = None,
) -> int:
    """Ask (or read) the seven answers, decide, draft, report."""
    today = today or clock.today()
    if team is not None and not SLUG.fullmatch(team):
        raise UsageError(f"--team: `{team}` is not a team slug")
    if better is not None and better not in ("higher", "lower"):
        raise UsageError(f"--better is higher or lower, got `{better}`")
    if objective_type is not None and objective_type not in ("committed", "aspirational"):
        raise UsageError(f"--type is committed or aspirational, got `{objective_type}`")
    if period is not None and parse_label(period) is None:
        raise UsageError(f"--period: `{period}` is not a period: write 2026-Q4, 2026-H1 or 2026")
    about = Metric(
        metric,
        team,
        owner,
        unit,
        parse_number(now, "--now") if now is not None else None,
        parse_number(goal, "--goal") if goal is not None else None,
        cast(Literal["higher", "lower"] | None, better),
        objective,
        cast(Literal["committed", "aspirational"] | None, objective_type),
    )
    if answers is not None:
        chosen = parse_answers(answers)
    elif prompter is not None:
        chosen = _ask_answers(prompter)
    else:
        raise UsageError(
            "stdin is not a terminal, so the questions cannot be asked: pass --answers "
            "(`okrctl classify --help` lists the questions and their answers)"
        )
    verdict = decide(chosen)
    if prompter is not None and answers is None:
        about = _ask_metric(prompter, about, verdict.recommendation)
    when = resolve_label(period) if period is not None else quarter_of(today)
    result = Classification(verdict, draft(verdict, about, when, today))
    if output_format == "yaml" and result.draft.data is None:
        raise UsageError(f"no draft to print as YAML: {result.draft.missing}")
    out.write(reporter(FORMATS, output_format)(result, False, width))
    return EXIT_OK
