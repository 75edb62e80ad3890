"""output-not-outcome: a key result describes an activity, not a measurable result.

"Output instead of outcome: activity without results." A key result says what will be true
because of the work (activation reaches 45%, first-response time under 25 minutes), not the
work itself (launch, ship, write, hold meetings). This is advice, so it is reported as info:
a milestone is sometimes the honest key result.

A key result is reported when its title begins with an activity verb in any of its forms
(launch, launching, launched the ...; run, ran; roll out, rolled out; redesign, re-implement;
"Successfully launched ..."), after any team or list prefix (`PMM:`, `[Legal]`, `KR2:`). The
verbs: launch, ship, release, write, publish, hold, host, run, organize, organise, attend,
create, build, implement, deploy, complete, finish, deliver, conduct, migrate, roll out, set
up, introduce, draft, prepare, send, start, do, perform, develop, design, hire, execute,
document, track, test, begin, measure, provide, identify, onboard, automate, kick off, build
out, spin up, stand up, clean up, wrap up, put in place, establish, define, plan, schedule,
update, upgrade, refactor, integrate, pilot, prototype, train, audit, evaluate, assess,
analyze, analyse, research, investigate, explore, finalize, finalise, formalize, standardize,
consolidate, revamp, overhaul, refresh, present, facilitate, coordinate, participate,
contribute, submit, produce, record, map, outline, interview, give, speak, teach, translate,
instrument, enable, move; each also with `re-` or `co-` in front. Third-person forms
(launches, builds) are not matched: at the start of a title they are plural nouns
("Releases per week reach 10").

It is not reported when

- the verb names a metric ("Run rate reaches 1.2M", "Release frequency doubles", "Build time
  under 5 minutes", "Design partners signed reach 5");
- a past or -ing form describes a noun instead of taking an object ("Launched features
  drive 10% more signups", "Automated tests cover checkout", "Tracking plan covers every
  feature"; but "Launched the public beta" and "Launching the partner program" are reported);
- the title states a measurable result: a percentage, a money amount, a change ("2x", "a 28%
  increase"), a start and target ("from 12% to 18%"), a level reached ("to 25 minutes",
  "reach 60%"), or a quantity delivered ("Deliver 400 MQLs to sales").

Failing:

    - title: "PMM: Develop and roll out updated pitch and analyst decks"
      done: false
    - title: Run 3 user tests
      start: 0
      target: 3

Passing:

    - title: Onboarding completion rate reaches 60%
      start: 41
      target: 60
      unit: "%"
    - title: Deliver 400 MQLs to sales (a 28% increase)
      start: 312
      target: 400

Fix: name the result the activity is for, and measure that.
"""

from collections.abc import Iterator

from okrctl.findings import Problem, Severity
from okrctl.model.titles import describes_activity
from okrctl.rules.base import RuleContext, problem
from okrctl.wording import excerpt

CODE = "OK110"
NAME = "output-not-outcome"
SEVERITY = Severity.INFO
OPTIONS: dict[str, int] = {}
# What it finds in a file depends on that file alone: the lint engine keeps it by file.
PER_FILE = True


def check(ctx: RuleContext) -> Iterator[Problem]:
    for placed in ctx.tree.key_results():
        kr = placed.kr
        if not kr.valid("title"):  # salvaged without its title
            continue
        found = describes_activity(kr.title)
        if found is None:
            continue
        yield problem(
            NAME,
            kr.where("title"),
            f"key result `{excerpt(kr.title, 200)}` describes an activity (`{found.verb}`), "
            "not an outcome: say what will be true because of it",
        )
