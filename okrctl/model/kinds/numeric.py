"""Numeric key results: a number moved from `start` to `target` (`current:` or check-ins).

Scored by progress, (current - start) / (target - start); checked in with a number; written
`TITLE: START -> TARGET [UNIT]` in `okrctl new objective --kr`, where each number may carry
its unit (`12% -> 18%`, `$500K -> $750K`), `from 52 to 25 min` works too, and levels may
follow: `Upgrades: 0 -> 60 (commit 40, stretch 75)` (docs/editing.md).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from okrctl.errors import UsageError
from okrctl.model.goals import NumericKeyResult
from okrctl.model.kinds.base import (
    Bounds,
    Level,
    Reading,
    Scale,
    Scored,
    as_float,
    latest_checkin,
    latest_confidence,
    latest_self_score,
    latest_value,
    own,
    scale_journey,
)
from okrctl.typed import in_range, parse_number
from okrctl.wording import excerpt, number, value

if TYPE_CHECKING:
    from okrctl.model.goals import AnyKeyResult
    from okrctl.model.tree import GoalTree, PlacedKeyResult

# A number as a spec writes it, with its unit after it: a sign, a currency, the digits (read
# strictly later, so that `1,5` is refused with what to write), a scale (`$500K`). Every
# pattern here is matched at one place or searched with a bounded step, so a long --kr costs
# linear time (a spec is split at its arrow by hand, not by backtracking).
_QUANTITY = re.compile(
    r"(?P<sign>[-+]?)(?P<currency>[$€£¥]?)\s*"
    r"(?P<number>[-+]?(?:[0-9][0-9.,_]*|[.,][0-9][0-9.,_]*)(?:[eE][-+]?[0-9]+)?)"
    r"(?P<scale>(?:bn|Bn|BN|[kKmMbB])(?![^\W\d_]))?\s*(?P<unit>.*)",
    re.DOTALL,
)
_ARROWS = ("->", "→")
_FROM = re.compile(r"(?i:from)\s+")
_TO = re.compile(r"\s(?i:to)\s")
_NUMBERISH = r"[-+]?[$€£¥]? ?[-+]?[.,]?[0-9]"
# Text that means a number's change, so it is read as one or refused, never a milestone: it
# starts with a number and has an arrow (`12% -> ?`), starts `from NUMBER` and has a ` to`,
# or has a number on each side of an arrow (`USD 500 -> 300`). `v1 -> v2`, `Phase: 2 of 3`
# and `3 new markets` are milestones' titles.
_STARTS_WITH_NUMBER = re.compile(_NUMBERISH)
_STARTS_FROM_NUMBER = re.compile(rf"(?i:from)\s+{_NUMBERISH}")
_TO_WORD = re.compile(r"\s(?i:to)\b")
_NUMBER_TO_NUMBER = re.compile(rf"(?:^|\s){_NUMBERISH}[0-9.,_]*%? ?(?:->|→) ?{_NUMBERISH}")
# A number in the text between the start and the arrow (`1 / 2 -> 5`): no unit reads so.
_NUMBER_IN_UNIT = re.compile(r"(?:^|\s)[-+]?[.,]?[0-9]")
_SCALES = {"k": 10**3, "m": 10**6, "b": 10**9, "bn": 10**9}
FORMS = (
    "write `TITLE: START -> TARGET [UNIT]`, as in `Conversion: 12% -> 18%`, "
    "`Revenue: $500K -> $750K` or `Response time: from 52 to 25 min`"
)
# Commit and stretch levels after a spec's target, `(commit 40, stretch 75)`: a parenthesis at
# the very end whose text starts with a level's name and a number (a milestone's title may end
# `(commit phase)`). `[^()]*` stops at the next parenthesis, so the search is linear. It is cut
# off before the title is split at the last colon, so that `(commit: 40)` cannot move the
# split into the parenthesis.
_LEVELS = re.compile(rf"\((?P<inner>\s*(?i:commit|stretch)\s*[:=]?\s*{_NUMBERISH}[^()]*)\)\s*$")
# Levels are separated by `,` or `;` before a word (`1,500` is one number, refused as such).
_LEVEL_SEPARATOR = re.compile(r"\s*[,;]\s*(?=[^\W\d_])")
_LEVEL_NAME = re.compile(r"\b(?i:commit|stretch)\b")
_LEVEL = re.compile(r"(?P<name>(?i:commit|stretch))\s*[:=]?\s*(?P<value>\S.*)", re.DOTALL)
LEVEL_FORMS = (
    "write the levels in parentheses after the target, as in "
    "`Upgrades: 0 -> 60 accounts (commit 40, stretch 75)`: `commit N`, `stretch N` or both"
)
# What a milestone is checked in with: typed for a numeric key result, it gets a pointed hint.
_MILESTONE_WORDS = ("done", "not-done", "true", "false")


class Numeric:
    """A key result that moves a number from `start` to `target`."""

    name = "numeric"
    model = NumericKeyResult
    compared_fields = ("direction", "unit", "current")

    def bounds(self, placed: PlacedKeyResult, tree: GoalTree) -> Bounds:
        kr = own(placed.kr, NumericKeyResult)
        return Bounds(kr.start, kr.target)

    def reading(self, placed: PlacedKeyResult, tree: GoalTree, as_of: date) -> Reading:
        """The latest check-in on or before `as_of`, else `current`."""
        kr = own(placed.kr, NumericKeyResult)
        if kr.checkins is None:
            return Reading(kr.start, kr.target, kr.current, kr.unit)
        checkin = latest_value(kr.checkins, as_of)
        latest = latest_checkin(kr.checkins, as_of)  # its note is the latest word
        return Reading(
            kr.start,
            kr.target,
            checkin.value if checkin else None,
            kr.unit,
            last_day=checkin.date if checkin else None,
            note=latest.note if latest else None,
            confidence=latest_confidence(kr.checkins, as_of),
            history=tuple(
                (c.date, as_float(c.value))
                for c in kr.checkins
                if c.date <= as_of and c.value is not None
            ),
            self_score=latest_self_score(kr.checkins, as_of),
        )

    def scale(self, kr: AnyKeyResult) -> Scale:
        mine = own(kr, NumericKeyResult)
        return Scale(
            mine.start,
            mine.target,
            mine.direction,
            mine.commit,
            mine.stretch,
            tuple(mine.plan or ()),
        )

    def increasing(self, placed: PlacedKeyResult, tree: GoalTree) -> bool:
        return own(placed.kr, NumericKeyResult).increasing

    def unit(self, kr: AnyKeyResult) -> str | None:
        return own(kr, NumericKeyResult).unit

    def linked_kpi(self, kr: AnyKeyResult) -> str | None:
        return None

    def defended_level(self, kr: AnyKeyResult) -> Level:
        mine = own(kr, NumericKeyResult)
        return Level(mine.target, mine.increasing, mine.unit)

    def written_value(self, kr: AnyKeyResult) -> tuple[str, int | float | bool] | None:
        mine = own(kr, NumericKeyResult)
        return None if mine.current is None else ("current", mine.current)

    def parse_checkin(self, kr: AnyKeyResult, text: str, ref: str, what: str) -> int | float:
        """A number; `done` and its like get a hint naming the key result's start and target."""
        mine = own(kr, NumericKeyResult)
        try:
            return parse_number(text, what)
        except UsageError as error:
            if text.strip().lower() in _MILESTONE_WORDS:
                span = f"{number(mine.start)} to {value(mine.target, mine.unit)}"
                raise UsageError(
                    f"{ref} is numeric (from {span}): {what} is a number, got `{text}`"
                ) from None
            raise error

    def parse_spec(self, text: str, what: str) -> dict[str, Any] | None:
        """`TITLE: START -> TARGET [UNIT]` or `TITLE: from START to TARGET [UNIT]`, the title
        being everything before the last colon; None for text that reads as no number's
        change, a UsageError, with the forms, for text that does but cannot be read."""
        shown = excerpt(text)
        body, levels = split_levels(text)
        title, colon, change = body.rpartition(":")
        if levels is not None and not colon:
            raise UsageError(f"{what} `{shown}`: levels go with a number's change: {FORMS}")
        if not colon:
            if _NUMBER_TO_NUMBER.search(text):
                raise UsageError(
                    f"{what} `{shown}` looks like a number's change but has no title before a "
                    f"colon: {FORMS} (a milestone's title says it in words, without `->`)"
                )
            return None
        change = change.strip()
        sides = _split(change)
        if sides is None:
            if _looks_like_a_change(change) or levels is not None:
                raise UsageError(
                    f"{what} `{shown}` looks like a number's change but cannot be read: {FORMS}"
                )
            return None
        if not title.strip():
            raise UsageError(f"{what} `{shown}`: a key result needs a title before the colon")
        start, start_currency, start_unit = _side(sides[0], what)
        target, target_currency, target_unit = _side(sides[1], what)
        for first, second in ((start_currency, target_currency), (start_unit, target_unit)):
            if first and second and first != second:
                raise UsageError(
                    f"{what} `{shown}`: the start is in `{excerpt(first)}` and the target in "
                    f"`{excerpt(second)}`; write both in one unit"
                )
        # A unit written once counts for both (`12 -> 18%`, `$500K -> 750K`).
        unit = " ".join(
            p for p in (start_currency or target_currency, start_unit or target_unit) if p
        )
        if start == target:
            raise UsageError(
                f"{what} `{shown}`: start and target are equal; a key result is a change"
            )
        spec: dict[str, Any] = {"title": title.strip(), "start": start}

        def level(written: str) -> int | float:
            quantity = _QUANTITY.fullmatch(written)
            if quantity is None:
                raise UsageError(
                    f"{what} `{shown}`: `{excerpt(written)}` is no level: {LEVEL_FORMS}"
                )
            amount, currency, level_unit = _side(quantity, what)
            written_unit = " ".join(p for p in (currency, level_unit) if p)
            if written_unit and written_unit != unit:
                raise UsageError(
                    f"{what} `{shown}`: a level is in `{excerpt(written_unit)}`, not in the key "
                    f"result's unit{f' `{excerpt(unit)}`' if unit else ''}; write it in that unit"
                )
            return amount

        found = {} if levels is None else parse_levels(levels, what, shown, level)
        _check_levels(start, target, found, what, shown)
        if "commit" in found:
            spec["commit"] = found["commit"]
        spec["target"] = target
        if "stretch" in found:
            spec["stretch"] = found["stretch"]
        if unit:
            spec["unit"] = unit
        return spec

    def journey(self, scored: Scored) -> str:
        return scale_journey(scored)


def split_levels(text: str) -> tuple[str, str | None]:
    """A spec without its trailing `(commit N, stretch N)`, and the text in the parentheses
    (None when there are none)."""
    found = _LEVELS.search(text)
    if found is None:
        return text, None
    return text[: found.start()].rstrip(), found["inner"]


def parse_levels(
    inner: str, what: str, shown: str, read: Callable[[str], int | float]
) -> dict[str, int | float]:
    """`commit 40, stretch 75` (either, or both in any order; `,` or `;` between them) as
    `{"commit": 40, "stretch": 75}`, each value read by `read`; a UsageError with the form
    for anything else."""
    levels: dict[str, int | float] = {}
    for part in _LEVEL_SEPARATOR.split(inner.strip()):
        found = _LEVEL.fullmatch(part.strip())
        if found is None or _LEVEL_NAME.search(found["value"]):
            raise UsageError(f"{what} `{shown}`: cannot read `({excerpt(inner)})`: {LEVEL_FORMS}")
        name = found["name"].lower()
        if name in levels:
            raise UsageError(f"{what} `{shown}`: `{name}` is given twice: {LEVEL_FORMS}")
        levels[name] = read(found["value"].strip())
    return levels


def _check_levels(
    start: int | float, target: int | float, levels: dict[str, int | float], what: str, shown: str
) -> None:
    """Levels in the key result's direction (what `level-order` checks in the file): the commit
    between start and target, the stretch beyond the target."""
    sign = 1 if target > start else -1
    way = "up" if sign > 0 else "down"
    commit, stretch = levels.get("commit"), levels.get("stretch")
    if commit is not None and not sign * start < sign * commit < sign * target:
        raise UsageError(
            f"{what} `{shown}`: commit {number(commit)} is not between start {number(start)} "
            f"and target {number(target)} (the metric goes {way})"
        )
    if stretch is not None and not sign * stretch > sign * target:
        raise UsageError(
            f"{what} `{shown}`: stretch {number(stretch)} is not beyond the target "
            f"{number(target)} (the metric goes {way})"
        )


def _looks_like_a_change(change: str) -> bool:
    """Whether the text after a spec's colon means a number's change (see the patterns)."""
    if _STARTS_WITH_NUMBER.match(change) and any(arrow in change for arrow in _ARROWS):
        return True
    if _STARTS_FROM_NUMBER.match(change) and _TO_WORD.search(change):
        return True
    return _NUMBER_TO_NUMBER.search(change) is not None


def _split(change: str) -> tuple[re.Match[str], re.Match[str]] | None:
    """The start and the target of `START -> TARGET` or `from START to TARGET`, each a number
    with its unit (`_QUANTITY`), or None when the text is not of these forms."""
    opening = _FROM.match(change)
    if opening is not None:
        to = _TO.search(change, opening.end())
        if to is None:
            return None
        left, right = change[opening.end() : to.start()], change[to.end() :]
    else:
        found = [(change.find(arrow), arrow) for arrow in _ARROWS if arrow in change]
        if not found:
            return None
        at, arrow = min(found)
        left, right = change[:at], change[at + len(arrow) :]
    start = _QUANTITY.fullmatch(left.strip())
    target = _QUANTITY.fullmatch(right.strip())
    if start is None or target is None:
        return None
    # Text between the start and the arrow is the start's unit: never a number (`1 / 2 -> 5`)
    # and no unit has an arrow (`12 -> 18 -> 20`).
    if _NUMBER_IN_UNIT.search(start["unit"]):
        return None
    if any(arrow in start["unit"] + target["unit"] for arrow in _ARROWS):
        return None
    return start, target


def _side(found: re.Match[str], what: str) -> tuple[int | float, str, str]:
    """One number of a spec's change, scaled (`$500K` is 500000), its currency and the unit
    written after it."""
    digits = found["sign"] + found["number"]
    value = parse_number(digits, what)
    currency = found["currency"]
    scale = found["scale"] or ""
    unit = found["unit"].strip()
    if scale in ("m", "b") and not currency:
        # `5m` is five metres or minutes, `5b` five bytes: without a currency, only K, M, B
        # and bn scale a number. The letter is the unit's first.
        unit = found.string[found.start("scale") :].strip()
        scale = ""
    if scale:
        exact = Decimal(digits) * _SCALES[scale.lower()]
        value = int(exact) if exact == exact.to_integral_value() else float(exact)
        if not in_range(value):
            raise UsageError(
                f"{what}: `{excerpt(digits + scale)}` is too large to be a number okrctl can score"
            )
    return value, currency, unit


NUMERIC = Numeric()
