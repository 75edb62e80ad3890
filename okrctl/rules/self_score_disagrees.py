"""self-score-disagrees: a self-graded score is far from what the key result's values say.

A check-in's `score` is the key result's score from its day on (docs/scoring.md): teams grade
by hand at mid and end of quarter, and a milestone half done earns partial credit. When the
hand-given score and the one the values give on that day (progress from start to target, done
or not done, the KPI's measurement) differ by more than 0.3, one of them is wrong, or the
reason is worth a sentence: the check-in's note is where it goes. Only check-ins with a value
to compare count (a milestone never checked in as done or not done has none).

Failing (start 52, target 25 min: the values give (40 - 52) / (25 - 52) = 0.444):

    checkins:
      - {date: 2026-11-14, value: 40, score: 0.9}

Passing: `score: 0.6` (a difference of 0.156), or no `score`.

Fix: check the values and the self score; say in the check-in's note why they differ.
"""

from collections.abc import Iterator
from fractions import Fraction

from okrctl.findings import Problem, Severity
from okrctl.model.common import SCALE_FIELDS, values_score
from okrctl.rules.base import RuleContext, problem
from okrctl.wording import number

CODE = "OK117"
NAME = "self-score-disagrees"
SEVERITY = Severity.INFO
OPTIONS: dict[str, int] = {}
# What it finds in a team's files depends on them and on the teams their references name:
# the lint engine keeps it by team.
PER_TEAM = True

# Farther apart than this, a self score and the values' score disagree (issue 16: 0.3, the
# width of a grade band).
LIMIT = Fraction(3, 10)


def check(ctx: RuleContext) -> Iterator[Problem]:
    for placed in ctx.tree.key_results():
        # A part that failed validation in part: what its values give cannot be read (its
        # start, target or a check-in may be unset); its errors come first.
        if not placed.kr.valid(*SCALE_FIELDS, "current", "done", "checkins"):
            continue
        for index, checkin in enumerate(getattr(placed.kr, "checkins", None) or ()):
            if checkin.score is None:
                continue
            computed = values_score(placed, ctx.tree, checkin.date)
            if computed is None:
                continue
            given = Fraction(str(checkin.score))
            if abs(given - computed) > LIMIT:
                shown = number(round(float(computed), 3))
                yield problem(
                    NAME,
                    placed.kr.where_path("checkins", index, "score"),
                    f"self score {number(checkin.score)} on {checkin.date} is more than 0.3 "
                    f"from the {shown} its values give: say why in the check-in's note, or "
                    "check the values",
                )
