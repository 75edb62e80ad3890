"""What a computation refuses: a value it cannot use, named with what would have worked.

Computations are called by commands, by other computations and by tests; they do not know
which command-line option a value came from, so these errors never name one. They carry the
value and the near misses; the CLI's error handler (okrctl/failures.py) adds the option.
"""

from __future__ import annotations

from collections.abc import Sequence

from okrctl.errors import UsageError
from okrctl.spelling import did_you_mean


class ComputeError(UsageError):
    """A value a computation cannot use; its message names the value, never an option."""


class UnknownPeriod(ComputeError):
    """A period label that no goal file uses and that does not parse as a label."""

    def __init__(self, label: str, reason: str) -> None:
        super().__init__(reason)
        self.label = label


class UnknownTeam(ComputeError):
    """A team with no objectives and no KPIs in the tree."""

    def __init__(self, team: str, known: Sequence[str]) -> None:
        super().__init__(f"no objectives or KPIs of team `{team}`{did_you_mean(team, known)}")
        self.team = team
        self.known = tuple(known)


class WeeklyEndOfPeriod(ComputeError):
    """`end-of-period` asked of a weekly (or monthly) review, made at a date, not a period's end."""

    def __init__(self, cadence: str = "weekly") -> None:
        super().__init__(
            f"end-of-period is for a quarterly review; give a date for a {cadence} one"
        )


class NotADate(ComputeError):
    """An as-of text that is neither an ISO date nor one of the words for a date."""

    def __init__(self, text: str, words: Sequence[str]) -> None:
        super().__init__(f"`{text}` is not a date; write YYYY-MM-DD, {', '.join(words)}")
        self.text = text
        self.words = tuple(words)


class DateOutOfRange(ComputeError):
    """An as-of date outside the years period labels can name (four digits, with a year after
    it for the following period): the reports would fail on it, not the user's tree."""

    def __init__(self, text: str, first: str, last: str) -> None:
        super().__init__(f"`{text}` is out of range: write a date from {first} to {last}")
        self.text = text


class UnknownAnswer(ComputeError):
    """An answer to a quiz question that is neither one of its keys nor one of its numbers."""

    def __init__(self, number: int, answer: str, keys: Sequence[str]) -> None:
        super().__init__(
            f"answer {number} (`{answer}`) is not one of {', '.join(keys)} (or 1 to {len(keys)})"
        )
        self.number = number
        self.answer = answer
        self.keys = tuple(keys)


class AnswerCount(ComputeError):
    """A list of quiz answers that does not hold one answer per question."""

    def __init__(self, expected: int, got: int) -> None:
        super().__init__(
            f"give {expected} comma-separated answers, one per question in order, got {got} "
            "(the questions and their answers are in `okrctl classify --help`)"
        )
        self.expected = expected
        self.got = got
