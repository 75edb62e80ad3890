"""title-target-mismatch: the title states a number that is neither the start nor the target.

A title is what people read; `start` and `target` are what is scored. When they disagree
("reduce to 25 minutes" with `target: 30`), one of them is stale, and the team is working
towards a number the dashboard does not show. A numeric or KPI-linked key result is reported
when

- its title writes a start and a target (`from 52 to 25 minutes`, `12% -> 18%`) and either
  differs from the key result's (the start of a KPI-linked one is its KPI's value on the
  period's first day, when it has no `start` of its own); or
- its title presents numbers as the level to reach (`to 25`, `reaches 60%`, `under 250 ms`,
  `at least 8`, `Deliver 400 MQLs`, `99.9% uptime`) and none of them is the start or the
  target.

Numbers are read as titles write them: `$500K` is 500000 (or 500 in a unit of thousands),
`1.2M` and `1.2 million` are 1200000, `40%` matches a target of 0.4 or 40, `4.6/5` is 4.6,
`25 min` matches 1500 seconds, and a number agrees when it is the start or target rounded as
written, within 5% (`1.2M` for 1234567). Years (2026), quarters (Q3), ranks and qualifiers
(`top 3`, `tier 1`, `per 100 accounts`, `7-day`, `p95`), changes (`by 20%`, `a 28%
increase`, `2x`) and numbers with no cue before them are not judged.

Failing:

    - title: First-response time down to 25 minutes
      start: 52
      target: 30
      unit: min

Passing:

    - title: First-response time down from 52 to 25 minutes
      start: 52
      target: 25
      unit: min

Fix: correct whichever is wrong, the title or the numbers.
"""

from collections.abc import Iterator

from okrctl.findings import Problem, Severity
from okrctl.model.common import SCALE_FIELDS
from okrctl.model.kinds import kind_of
from okrctl.model.titles import Number, stated
from okrctl.rules.base import RuleContext, problem
from okrctl.wording import number, value

CODE = "OK116"
NAME = "title-target-mismatch"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, int] = {}

# The same quantity in another unit: a percentage as a fraction, minutes in seconds or hours,
# thousands in units.
_FACTORS = (1.0, 100.0, 0.01, 1000.0, 0.001, 60.0, 1 / 60)


def agrees(said: Number, actual: float) -> bool:
    """Whether a number written in a title is `actual`, as written (rounded to the digits the
    title shows, within 5%), in another common unit, or without its magnitude (`$500K` for
    500)."""
    readings = {said.multiplier, 1.0}
    for multiplier in readings:
        shown = said.mantissa * multiplier
        # Half of the last written digit, at the title's magnitude (`1.2M` covers 1.15M to
        # 1.25M), but never more than 5%: `1 million` is not 600000, nor `to 2` 2.4.
        rounding = 0.5 * 10.0**-said.decimals * multiplier
        slack = min(rounding, 0.05 * abs(shown)) + 1e-9 * max(abs(shown), 1.0)
        if any(abs(actual * factor - shown) <= slack for factor in _FACTORS):
            return True
    return False


def check(ctx: RuleContext) -> Iterator[Problem]:
    for placed in ctx.tree.key_results():
        kr = placed.kr
        if not kr.valid("title", *SCALE_FIELDS):  # salvaged without what this rule compares
            continue
        kind = kind_of(kr)
        scale = kind.scale(kr)
        if scale is None or not any(character.isdigit() for character in kr.title):
            continue
        said = stated(kr.title)
        if said.pair is None and not said.levels:
            continue
        start = scale.start
        if start is None:  # a KPI-linked key result starts where its KPI stood
            known = kind.bounds(placed, ctx.tree).start
            start = (
                known if isinstance(known, int | float) and not isinstance(known, bool) else None
            )
        target = scale.target
        unit = kind.unit(kr)
        if said.pair is not None:
            first, second = said.pair
            start_ok = start is None or agrees(first, start)
            if start_ok and agrees(second, target):
                continue
            goes = (
                f"from {number(start)} to {value(target, unit)}"
                if start is not None
                else (f"to {value(target, unit)}")
            )
            yield problem(
                NAME,
                kr.where("title"),
                f"the title says from {first.text} to {second.text}, but the key result goes "
                f"{goes}: correct the title or the numbers",
            )
            continue
        if any(agrees(n, target) or (start is not None and agrees(n, start)) for n in said.levels):
            continue
        level = said.levels[-1]
        known_start = f" (start {number(start)})" if start is not None else ""
        yield problem(
            NAME,
            kr.where("title"),
            f"the title says {level.text}, but the target is {value(target, unit)}{known_start}: "
            "correct the title or the target",
        )
