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
written, within 5% (`1.2M` for 1234567). A key result with `commit` or `stretch` levels
(docs/scoring.md) may state any of its levels: `Conversion to 30%` with `target: 20, stretch:
30` agrees, and so does a range, `a 20-30% lift` (`target: 20, stretch: 30`, or `commit: 20,
target: 30`), whose two ends must each be one of its levels. Years (2026), quarters (Q3),
ranks and qualifiers (`top 3`, `tier 1`, `per 100 accounts`, `7-day`, `p95`), changes
(`by 20%`, `a 28% increase`, `2x`) and numbers with no cue before them are not judged.

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

import re
from collections.abc import Iterator

from okrctl.findings import Problem, Severity
from okrctl.model.common import SCALE_FIELDS
from okrctl.model.goals import AnyKeyResult
from okrctl.model.kinds import Scale, kind_of
from okrctl.model.titles import Number, stated
from okrctl.rules.base import RuleContext, problem
from okrctl.wording import number, value

CODE = "OK116"
NAME = "title-target-mismatch"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, int] = {}
# What it finds in a team's files depends on them and on the teams their references name:
# the lint engine keeps it by team.
PER_TEAM = True

# The same quantity in another unit: a percentage as a fraction, minutes in seconds or hours,
# thousands in units.
_FACTORS = (1.0, 100.0, 0.01, 1000.0, 0.001, 60.0, 1 / 60)

# A range of levels written in a title: `20-30%`, `$2–3M`, `180-220`. Read only on key results
# that write levels, so titles of key results without them are judged as before.
_RANGE = re.compile(
    r"(?<![\w.$/:-])(?P<currency>\$)?(?P<low>\d+(?:\.\d+)?)\s*[-–]\s*\$?"
    r"(?P<high>\d+(?:\.\d+)?)(?P<suffix>\s*(?:%|[KMB]\b|[km]\b))?(?![\w.-])"
)
_SUFFIXES = {"%": 1.0, "k": 1e3, "m": 1e6, "b": 1e9}


def _ends(title: str) -> Iterator[tuple[str, Number, Number]]:
    """The ranges a title writes, as their text and their two ends (years are not ranges)."""
    for found in _RANGE.finditer(title):
        suffix = (found["suffix"] or "").strip()
        multiplier = _SUFFIXES.get(suffix.lower(), 1.0)
        ends = []
        for name in ("low", "high"):
            digits = found[name]
            ends.append(
                Number(
                    text=digits,
                    start=found.start(name),
                    end=found.end(name),
                    mantissa=float(digits),
                    decimals=len(digits.partition(".")[2]),
                    multiplier=multiplier,
                    percent=suffix == "%",
                    currency=found["currency"] is not None,
                    relative=False,
                    year=False,
                    qualifier=False,
                )
            )
        low, high = ends
        if all(n.decimals == 0 and 1900 <= n.mantissa <= 2100 for n in ends):
            continue  # 2026-2027
        yield found.group(0).strip(), low, high


def _levels(scale: Scale) -> list[float]:
    return [level for level in (scale.commit, scale.stretch) if level is not None]


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
        if not kr.valid("title", *SCALE_FIELDS, "commit", "stretch"):  # salvaged without them
            continue
        kind = kind_of(kr)
        scale = kind.scale(kr)
        if scale is None or not any(map(str.isdigit, kr.title)):
            continue
        said = stated(kr.title)
        if scale.levels:
            yield from _ranges(placed.kr, scale)
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
        # With levels, each of them is a number the title may state as the one to reach.
        reached = [target, *_levels(scale)]
        if said.pair is not None:
            first, second = said.pair
            start_ok = start is None or agrees(first, start)
            if start_ok and any(agrees(second, level) for level in reached):
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
        stated_levels = [*reached, *([start] if start is not None else [])]
        if any(agrees(n, level) for n in said.levels for level in stated_levels):
            continue
        level = said.levels[-1]
        known_start = f" (start {number(start)})" if start is not None else ""
        yield problem(
            NAME,
            kr.where("title"),
            f"the title says {level.text}, but the target is {value(target, unit)}{known_start}: "
            "correct the title or the target",
        )


def _ranges(kr: AnyKeyResult, scale: Scale) -> Iterator[Problem]:
    """A range in the title of a key result with levels: each end must be one of its levels."""
    levels = [scale.target, *_levels(scale)]
    for text, low, high in _ends(kr.title):
        if all(any(agrees(end, level) for level in levels) for end in (low, high)):
            continue
        written = ", ".join(
            f"{name} {number(level)}"
            for name, level in (
                ("commit", scale.commit),
                ("target", scale.target),
                ("stretch", scale.stretch),
            )
            if level is not None
        )
        yield problem(
            NAME,
            kr.where("title"),
            f"the title says {text}, but the levels are {written}: correct the title or the levels",
        )
