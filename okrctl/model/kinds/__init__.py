"""The kinds of key result, and the registry that picks one: `kind_of(kr).reading(...)`.

Each kind answers, in its own module, everything okrctl asks that depends on the kind (the
KeyResultKind protocol in `base`): what it is scored between, its value at a date, how a
check-in value and a `--kr` spec are read, its words in reports. Scoring, check-ins, `new`,
`diff`, suggestions, rules and reports ask the kind instead of testing the model's class.

A new kind is its model in model/goals.py (the file format: the class, its tag in the
`KeyResult` union and in `key_result_kind`), one module here, and one line in `KINDS`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from okrctl.errors import UsageError
from okrctl.model.kinds.base import (
    Bounds,
    KeyResultKind,
    Level,
    Reading,
    Scale,
    Scored,
    SelfGraded,
    Value,
    latest_checkin,
    latest_confidence,
    latest_self_score,
    latest_value,
    meets,
)
from okrctl.model.kinds.kpi_linked import KPI_LINKED
from okrctl.model.kinds.milestone import MILESTONE
from okrctl.model.kinds.numeric import NUMERIC
from okrctl.model.kinds.redacted import REDACTED

if TYPE_CHECKING:
    from okrctl.model.goals import AnyKeyResult

__all__ = [
    "KINDS",
    "Bounds",
    "KeyResultKind",
    "Level",
    "Reading",
    "Scale",
    "Scored",
    "SelfGraded",
    "Value",
    "kind_named",
    "kind_of",
    "latest_checkin",
    "latest_confidence",
    "latest_self_score",
    "latest_value",
    "meets",
    "parse_spec",
]

# Every kind, in the order a `--kr` spec is tried against their forms: the most specific
# first (`TITLE: TEAM/KPI -> TARGET` before `TITLE: START -> TARGET`), the milestone's bare
# title, which any text is, last.
# A redacted key result has no spec form; it answers None.
KINDS: tuple[KeyResultKind, ...] = (KPI_LINKED, NUMERIC, REDACTED, MILESTONE)
_BY_NAME: dict[str, KeyResultKind] = {kind.name: kind for kind in KINDS}


def kind_named(name: str) -> KeyResultKind:
    """The kind reports name `name` (a KeyResultScore's `kind`)."""
    return _BY_NAME[name]


def kind_of(kr: AnyKeyResult) -> KeyResultKind:
    """The kind of a key result."""
    return _BY_NAME[kr.kind]


def parse_spec(spec: str, what: str = "--kr") -> dict[str, Any]:
    """A new key result from its one-line spec, in the form of the first kind that reads it:
    `TITLE: START -> TARGET [UNIT]` (numeric), `TITLE: TEAM/KPI -> TARGET` (KPI-linked) or
    `TITLE` alone (a milestone, not done yet). `what` names the option in errors."""
    text = spec.strip()
    if not text:
        raise UsageError(f"{what}: a key result needs a title")
    for kind in KINDS:
        found = kind.parse_spec(text, what)
        if found is not None:
            return found
    raise UsageError(f"{what} `{text}` is no kind of key result")  # a milestone reads any text
