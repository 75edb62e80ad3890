"""OKR key result or KPI? The decision quiz, and a goal-file draft of the answer.

Four questions on how the metric is used (what it is for, how much the team controls it, how
often it is looked at, what conversation it should drive) and three "maintain or achieve?"
tests (maintain or improve, continuous or ending, next year the same or a one-time
push). Every answer leans one way; the majority of the seven is the recommendation, with the
answers that lean that way as its reasons and the others as the case against.

Pure functions: parsing `--answers`, deciding, drafting. Asking is the command's job,
rendering the reporters'.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from okrctl.compute.errors import AnswerCount, UnknownAnswer
from okrctl.compute.suggestions import slug
from okrctl.model.period import Period
from okrctl.wording import value as show

Lean = Literal["okr", "kpi"]
LEANS: dict[Lean, str] = {"okr": "OKR key result", "kpi": "KPI"}


@dataclass(frozen=True, slots=True)
class Option:
    key: str
    text: str
    lean: Lean
    reason: str


@dataclass(frozen=True, slots=True)
class Question:
    key: str
    text: str
    part: str  # the part of the quiz it belongs to: "how it is used", "maintain or achieve"
    options: tuple[Option, ...]

    def option(self, answer: str, number: int) -> Option:
        """The option `answer` names: its key or its 1-based number."""
        word = answer.strip().lower()
        for index, option in enumerate(self.options, start=1):
            if word in (option.key, str(index)):
                return option
        raise UnknownAnswer(number, answer.strip(), [o.key for o in self.options])


KPI_CADENCE = "KPIs run the daily and weekly rhythm of a team: always on, never reset"
QUESTIONS: tuple[Question, ...] = (
    Question(
        "purpose",
        "What are you trying to do with this metric?",
        "how it is used",
        (
            Option(
                "change",
                "Move it to a level the team has not reached yet",
                "okr",
                "you want to move it to a level the team does not have yet, and OKRs are for "
                "driving change",
            ),
            Option(
                "maintain",
                "Hold a standard the team already meets",
                "kpi",
                "you want to hold a standard the team already meets, which is what a KPI monitors",
            ),
            Option(
                "monitor",
                "Watch the health of something that runs already, to catch problems",
                "kpi",
                "you want to watch the health of something running, to catch problems early: "
                "a KPI's band does that",
            ),
        ),
    ),
    Question(
        "control",
        "How much is the metric in the team's direct control?",
        "how it is used",
        (
            Option(
                "direct",
                "Mostly: the team's own work moves it",
                "okr",
                "the team's own work moves it, so the team can commit to moving it this quarter",
            ),
            Option(
                "shared",
                "Partly: other teams, customers or the market move it too",
                "kpi",
                "other teams, customers or the market move it too, so the team cannot commit "
                "to moving it in a quarter; a KPI is more honest",
            ),
        ),
    ),
    Question(
        "cadence",
        "How often should the team look at it?",
        "how it is used",
        (
            Option("daily", "Every day", "kpi", f"it is looked at every day; {KPI_CADENCE}"),
            Option("weekly", "Every week", "kpi", f"it is looked at every week; {KPI_CADENCE}"),
            Option("monthly", "Every month", "kpi", f"it is looked at every month; {KPI_CADENCE}"),
            Option(
                "quarter",
                "Through one quarter's check-ins, then a new goal is set",
                "okr",
                "it is followed through one quarter and then reset: OKRs run the quarterly rhythm",
            ),
        ),
    ),
    Question(
        "conversation",
        "What conversation should it drive?",
        "how it is used",
        (
            Option(
                "what-to-change",
                "What must we change to get there?",
                "okr",
                "it should start the conversation about what must change to get there",
            ),
            Option(
                "is-it-off",
                "Is it out of its normal band, and who acts?",
                "kpi",
                "it should start the conversation about whether it left its normal band and who "
                "acts: a KPI's deviation is a problem to investigate",
            ),
        ),
    ),
    Question(
        "maintain-or-achieve",
        "Is it something to maintain, or something to achieve or improve?",
        "maintain or achieve",
        (
            Option("maintain", "Maintain", "kpi", "it is something to maintain"),
            Option("achieve", "Achieve or improve", "okr", "it is something to achieve or improve"),
        ),
    ),
    Question(
        "measured",
        "Do you measure it continuously, or does it have an end date or a target state?",
        "maintain or achieve",
        (
            Option("continuously", "Continuously", "kpi", "it is measured continuously"),
            Option(
                "end-date",
                "It has an end date or a target state",
                "okr",
                "it has an end date or a target state",
            ),
        ),
    ),
    Question(
        "next-year",
        "Would you keep measuring it the same way next year, or is it a one-time push to a "
        "new level?",
        "maintain or achieve",
        (
            Option(
                "same-next-year",
                "The same way next year",
                "kpi",
                "you would measure it the same way next year",
            ),
            Option(
                "one-time-push",
                "A one-time push to a new level",
                "okr",
                "it is a one-time push to a new level",
            ),
        ),
    ),
)


@dataclass(frozen=True, slots=True)
class Verdict:
    """The recommendation, and every answer for it and against it."""

    recommendation: Lean
    answers: tuple[tuple[Question, Option], ...]
    notes: tuple[str, ...] = field(default=())

    @property
    def votes(self) -> int:
        return sum(1 for _, option in self.answers if option.lean == self.recommendation)

    @property
    def reasons(self) -> list[str]:
        return [o.reason for _, o in self.answers if o.lean == self.recommendation]

    @property
    def against(self) -> list[str]:
        return [o.reason for _, o in self.answers if o.lean != self.recommendation]

    def answer(self, key: str) -> Option:
        return next(option for question, option in self.answers if question.key == key)


def parse_answers(text: str) -> list[Option]:
    """`change,direct,quarter,...`: one key (or number) per question, in order."""
    parts = [part for part in text.split(",")]
    if len(parts) != len(QUESTIONS) or not all(part.strip() for part in parts):
        raise AnswerCount(len(QUESTIONS), len([p for p in parts if p.strip()]))
    return [q.option(part, n) for n, (q, part) in enumerate(zip(QUESTIONS, parts, strict=True), 1)]


def decide(options: list[Option]) -> Verdict:
    """The majority of the seven answers; seven answers cannot tie."""
    answers = tuple(zip(QUESTIONS, options, strict=True))
    okr = sum(1 for option in options if option.lean == "okr")
    recommendation: Lean = "okr" if okr * 2 > len(options) else "kpi"
    notes: list[str] = []
    purpose = answers[0][1].key
    if recommendation == "kpi" and purpose == "change":
        notes.append(
            "You want to move it, though: a KPI can serve as a key result for one quarter "
            "(`kpi: TEAM/KPI_ID` with a `target`), and goes back to being a KPI once the new "
            "level holds."
        )
    if recommendation == "okr" and answers[1][1].key == "shared":
        notes.append(
            "The team does not fully control it: if a KPI measures it, a KPI-linked key result "
            "(`kpi: TEAM/KPI_ID`) keeps one number in one place."
        )
    if recommendation == "okr":
        notes.append(
            "When the key result is met and the new level should stay, it graduates into a KPI "
            "with a band (`okrctl suggest` proposes it)."
        )
    return Verdict(recommendation, answers, tuple(notes))


@dataclass(frozen=True, slots=True)
class Metric:
    """What the draft is about; every field optional until a draft needs it."""

    title: str | None = None
    team: str | None = None
    owner: str | None = None
    unit: str | None = None
    now: float | None = None
    goal: float | None = None
    better: Literal["higher", "lower"] | None = None
    objective: str | None = None
    objective_type: Literal["committed", "aspirational"] | None = None


@dataclass(frozen=True, slots=True)
class Draft:
    """A whole goal file for the recommendation, or why there is none."""

    data: dict[str, Any] | None
    where: str
    missing: str | None = None
    advice: tuple[str, ...] = ()


def _cadence(verdict: Verdict) -> str:
    key = verdict.answer("cadence").key
    return "quarterly" if key == "quarter" else key


def draft(verdict: Verdict, metric: Metric, period: Period, today: date) -> Draft:
    """The goal-file data of the recommendation: a KPI, or an objective with the key result."""
    kind = verdict.recommendation
    needed = {"--metric": metric.title, "--team": metric.team, "--goal": metric.goal}
    if kind == "kpi":
        needed |= {"--owner": metric.owner, "--better": metric.better}
    else:
        needed |= {"--now": metric.now}
    missing = [name for name, value in needed.items() if value is None]
    if missing:
        return Draft(None, "", f"for a draft, give {', '.join(missing)}")
    assert metric.title and metric.team and metric.goal is not None
    if kind == "kpi":
        band_edge = "min" if metric.better == "higher" else "max"
        kpi: dict[str, Any] = {
            "id": slug(metric.title),
            "title": metric.title,
            "owner": metric.owner,
        }
        if metric.unit:
            kpi["unit"] = metric.unit
        kpi["cadence"] = _cadence(verdict)
        kpi["band"] = {band_edge: metric.goal}
        if metric.now is not None:
            kpi["measurements"] = [{"date": today, "value": metric.now}]
        return Draft({"team": metric.team, "kpis": [kpi]}, f"{metric.team}'s KPI file")
    assert metric.now is not None
    if metric.now == metric.goal:
        return Draft(None, "", "the goal equals the value now: a level to hold is a KPI")
    rising = metric.goal > metric.now
    if metric.better is not None and rising != (metric.better == "higher"):
        return Draft(
            None,
            "",
            f"the goal {show(metric.goal, metric.unit)} is worse than now "
            f"({show(metric.now, metric.unit)}) when {metric.better} is better: the level is "
            "already met, so it is a standard to hold with a KPI",
        )
    lower = metric.title[:1].lower() + metric.title[1:]
    title = metric.objective or f"Improve {lower}"
    key_result: dict[str, Any] = {
        "title": f"{metric.title} from {show(metric.now, metric.unit)} to "
        f"{show(metric.goal, metric.unit)}",
        "start": metric.now,
        "target": metric.goal,
    }
    if metric.unit:
        key_result["unit"] = metric.unit
    objective: dict[str, Any] = {
        "id": slug(title),
        "title": title,
        "type": metric.objective_type or "committed",
    }
    if metric.owner:
        objective["owner"] = metric.owner
    objective["key_results"] = [key_result]
    data = {"team": metric.team, "period": period.label, "objectives": [objective]}
    advice = ["Add one to four more key results: two to five say whether the change happened."]
    if metric.objective_type is None:
        advice.append(
            "Decide `type` now: committed (met only in full) or aspirational (0.7 is success); "
            "the draft says committed."
        )
    if metric.objective is None:
        advice.append("Say the objective's title in words the team will remember.")
    return Draft(data, f"{metric.team}'s file for {period.label}", advice=tuple(advice))


@dataclass(frozen=True, slots=True)
class Classification:
    """What `okrctl classify` reports: the verdict and the draft (or why there is none)."""

    verdict: Verdict
    draft: Draft
