"""output-not-outcome: a key result describes an activity, not a measurable result.

"Output instead of outcome: activity without results" (seed 003). A key result says what
will be true because of the work (activation reaches 45%, first-response time under 25
minutes), not the work itself (launch, ship, write, hold meetings). This is advice, so it is
reported as info: a milestone is sometimes the honest key result.

A key result is reported when its title begins with an activity verb: launch, ship, release,
write, publish, hold, host, run, organize, attend, create, build, implement, deploy,
complete, finish, deliver, conduct, migrate, roll out, set up, introduce, draft, prepare,
send, start, do, perform, develop, design, hire; unless the verb names a metric ("Run rate
reaches 1.2M", "Release frequency doubles", "Build time under 5 minutes").

Failing:

    - title: Launch the new onboarding flow
      done: false

Passing:

    - title: Onboarding completion rate reaches 60%
      start: 41
      target: 60
      unit: "%"

Fix: name the result the activity is for, and measure that.
"""

import re
from collections.abc import Iterator

from okrctl.findings import Problem, Severity
from okrctl.rules.base import RuleContext, problem
from okrctl.wording import excerpt

CODE = "OK110"
NAME = "output-not-outcome"
SEVERITY = Severity.INFO
OPTIONS: dict[str, int] = {}

VERBS = (
    "launch", "ship", "release", "write", "publish", "hold", "host", "run", "organize",
    "organise", "attend", "create", "build", "implement", "deploy", "complete", "finish",
    "deliver", "conduct", "migrate", "roll out", "set up", "introduce", "draft", "prepare",
    "send", "start", "do", "perform", "develop", "design", "hire",
)  # fmt: skip
# "Run rate reaches 1.2M" and "Release frequency doubles" name metrics, not activities.
METRIC_NOUNS = (
    "rate", "rates", "frequency", "time", "times", "velocity", "volume", "count", "duration",
    "speed", "success", "failure", "quality", "coverage", "cadence", "lead", "cycle", "size",
)  # fmt: skip
ACTIVITY = re.compile(
    r"\s*(" + "|".join(v.replace(" ", r"\s+") for v in VERBS) + r")\b"
    r"(?!\s+(?:" + "|".join(METRIC_NOUNS) + r")\b)",
    re.IGNORECASE,
)


def check(ctx: RuleContext) -> Iterator[Problem]:
    for placed in ctx.tree.key_results():
        kr = placed.kr
        match = ACTIVITY.match(kr.title)
        if match:
            verb = " ".join(match.group(1).lower().split())
            yield problem(
                NAME,
                kr.where("title"),
                f"key result `{excerpt(kr.title, 200)}` describes an activity (`{verb}`), not "
                "an outcome: say what will be true because of it",
            )
