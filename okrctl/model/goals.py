"""The goal-file format, version 1, as pydantic models: objectives, key results, KPIs.

Every model remembers where it came from (file, and its path inside the YAML document), so
rules and reports can point at the exact line of any value.
"""

from __future__ import annotations

import re
from datetime import date as Day  # `date` is a key result's field name
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    PlainValidator,
    PrivateAttr,
    Tag,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic.config import JsonValue
from pydantic.dataclasses import dataclass
from pydantic.json_schema import SkipJsonSchema
from pydantic_core import PydanticCustomError

from okrctl.findings import Location
from okrctl.model.period import Period, named_range, parse_label, resolve_label
from okrctl.model.sources import Pulled, Source, pulled_field, source_field
from okrctl.model.types import (
    AlignsTo,
    Bool,
    Cadence,
    Confidence,
    Direction,
    InitiativeStatus,
    IsoDate,
    KeyResultStatus,
    KpiRef,
    KrRef,
    LeadOwner,
    Number,
    ObjectiveType,
    Owner,
    Person,
    Priority,
    SelfScore,
    Slug,
    Text,
    Url,
    Weight,
    check_date,
    check_number,
    describe,
)
from okrctl.source import Positions, YamlPath

# Check-ins and measurements are by far the most numerous values (a KPI measured daily for
# years has thousands): slotted pydantic dataclasses take 64 bytes each where a model takes
# 480, with the same validation. Like Plain models they carry no location of their own.
LEAF = ConfigDict(extra="forbid", defer_build=True)


class Plain(BaseModel):
    """Base of the small, numerous models (check-ins, measurements, bands): strict, immutable.

    They carry no location of their own (a private attribute on each of hundreds of thousands
    of objects costs more than parsing them); rules find them through their parent's
    `where_path("checkins", index, "date")`.
    """

    # Built on first use: base classes and the part-by-part models a valid tree never needs
    # then cost nothing at start-up (every run pays start-up; the pre-commit hook, every commit).
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Model(Plain):
    """Base of the goal-file models that rules point at: aware of their source location."""

    _source: Positions | None = PrivateAttr(default=None)
    _at: YamlPath = PrivateAttr(default=())
    # Fields whose written value failed validation, in a part kept for linting only (the
    # loader's salvage): left unset if required, at their default if not. Empty when valid.
    _invalid: frozenset[str] = PrivateAttr(default=frozenset())

    def valid(self, *fields: str) -> bool:
        """Whether each of `fields` holds what was written (False in a salvaged part whose value
        for one failed validation: a rule must not read it, nor anything computed from it)."""
        # Read from the private dict itself: rules ask this of every part they look at, and
        # pydantic's `__getattr__` for a private attribute costs ten times a dict lookup.
        private = self.__pydantic_private__
        invalid = private.get("_invalid") if private else None
        return not invalid or invalid.isdisjoint(fields)

    def where(self, field: str | None = None) -> Location:
        """The location of this object, or of one of its field's values."""
        if self._source is None:
            return Location("<memory>")
        return self._source.value(self._at + (field,) if field else self._at)

    def where_key(self, field: str) -> Location:
        """The location of a field's key (where `target:` is written)."""
        if self._source is None:
            return Location("<memory>")
        return self._source.key(self._at + (field,))

    def where_path(self, *parts: str | int, key: bool = False) -> Location:
        """The location of a value (or, with `key`, its key) nested below this object."""
        if self._source is None:
            return Location("<memory>")
        at = self._at + parts
        return self._source.key(at) if key else self._source.value(at)

    @property
    def path(self) -> str:
        return self._source.path if self._source else "<memory>"

    def attach(self, source: Positions, at: YamlPath, recurse: bool = True) -> None:
        """Record where this object (and, with `recurse`, the models nested in it) came from."""
        self._source = source
        self._at = at
        if not recurse:
            return
        for name in type(self).model_fields:
            value = getattr(self, name, None)  # a salvaged part may leave a field unset
            if isinstance(value, Model):
                value.attach(source, at + (name,))
            elif isinstance(value, list) and value and isinstance(value[0], Model):
                for index, item in enumerate(value):
                    item.attach(source, at + (name, index))


# A check-in gives a value, a self-graded score, or both (docs/format.md).
CHECKIN = ConfigDict(
    extra="forbid",
    defer_build=True,
    json_schema_extra={"anyOf": [{"required": ["value"]}, {"required": ["score"]}]},
)
SCORE_DESCRIPTION = (
    "A self-graded score, 0 to 1 (three decimals at most): from this day on it is the key "
    "result's score, whatever the value."
)


def _value_or_score(score: Any, info: ValidationInfo) -> Any:
    """A check-in without a value needs a score (a value that failed validation is reported
    on its own, so it is not also missing)."""
    if score is None and "value" in info.data and info.data["value"] is None:
        raise PydanticCustomError(
            "missing",
            "a check-in needs a `value`, a self-graded `score` or both",
            {"field": "value", "hint": " (or a self-graded `score`)"},
        )
    return score


@dataclass(frozen=True, slots=True, config=CHECKIN)
class NumericCheckin:
    """One progress update of a numeric key result."""

    date: IsoDate = Field(
        description="The day of the check-in (ISO 8601).", examples=["2026-11-12"]
    )
    value: Number | None = Field(
        default=None,
        description="The metric's value on that day (or give a self-graded `score`).",
        examples=[36],
    )
    confidence: Confidence | None = Field(
        default=None,
        description="How likely the key result will be met, from 0 to 1.",
        examples=[0.6],
    )
    note: Text | None = Field(
        default=None, description="What happened, in a sentence.", examples=["Triage rota live"]
    )
    score: SelfScore | None = Field(
        default=None, validate_default=True, description=SCORE_DESCRIPTION, examples=[0.4]
    )
    source: Pulled | None = pulled_field()

    @field_validator("score")
    @classmethod
    def _value_or_score(cls, score: Any, info: ValidationInfo) -> Any:
        return _value_or_score(score, info)


@dataclass(frozen=True, slots=True, config=CHECKIN)
class BinaryCheckin:
    """One progress update of a milestone (binary) key result."""

    date: IsoDate = Field(
        description="The day of the check-in (ISO 8601).", examples=["2026-10-20"]
    )
    value: Bool | None = Field(
        default=None,
        description="Whether the milestone is done on that day (or give a self-graded `score`).",
        examples=[False, True],
    )
    confidence: Confidence | None = Field(
        default=None,
        description="How likely the milestone will be done, from 0 to 1.",
        examples=[0.8],
    )
    note: Text | None = Field(
        default=None,
        description="What happened, in a sentence.",
        examples=["Auditor fieldwork started"],
    )
    score: SelfScore | None = Field(
        default=None,
        validate_default=True,
        description=SCORE_DESCRIPTION + " A milestone gets partial credit so.",
        examples=[0.5],
    )

    @field_validator("score")
    @classmethod
    def _value_or_score(cls, score: Any, info: ValidationInfo) -> Any:
        return _value_or_score(score, info)


@dataclass(frozen=True, slots=True, config=LEAF)
class ScoreCheckin:
    """A self-graded score of a KPI-linked key result (its values are the KPI's)."""

    date: IsoDate = Field(
        description="The day of the self-graded score (ISO 8601).", examples=["2026-11-14"]
    )
    score: SelfScore = Field(description=SCORE_DESCRIPTION, examples=[0.4])
    confidence: Confidence | None = Field(
        default=None,
        description="How likely the key result will be met, from 0 to 1.",
        examples=[0.6],
    )
    note: Text | None = Field(
        default=None,
        description="Why this score, in a sentence.",
        examples=["The survey vendor changed mid-quarter"],
    )


@dataclass(frozen=True, slots=True, config=LEAF)
class Measurement:
    """One measurement of a KPI."""

    date: IsoDate = Field(
        description="The day the value was measured (ISO 8601).", examples=["2026-11-13"]
    )
    value: Number = Field(description="The measured value.", examples=[49])
    note: Text | None = Field(
        default=None, description="Context for the value.", examples=["Two agents out sick"]
    )
    source: Pulled | None = pulled_field()


@dataclass(frozen=True, slots=True, config=LEAF)
class PlanPoint:
    """One point of a key result's planned path: the value planned by a day of the period."""

    date: IsoDate = Field(
        description="The day by which the value is planned (ISO 8601), inside the period.",
        examples=["2026-11-15"],
    )
    value: Number = Field(description="The value planned by that day.", examples=[20])


class Link(Plain):
    """A web page that goes with an objective or key result: a dashboard, a plan, a ticket."""

    title: Text = Field(
        description="What the page is, in a few words.", examples=["First-response dashboard"]
    )
    url: Url = Field(
        description="The page's full http:// or https:// address.",
        examples=["https://grafana.example.com/d/support-frt"],
    )

    @property
    def shown(self) -> str:
        """How reports name it: an issue or pull request by its short name, else its title."""
        return short_name(self.url) or self.title


# Issues and pull requests by their short names (issue 20): on GitHub `org/repo#123`; on GitLab
# (any host: self-hosted ones share the `/-/` paths) `group/repo#123` for an issue and
# `group/repo!123` for a merge request, as GitLab itself writes them.
_GITHUB = re.compile(r"https?://(?:www\.)?github\.com/([^/\s]+/[^/\s]+)/(?:issues|pull)/(\d+)")
_GITLAB = re.compile(r"https?://[^/\s]+/((?:[^/\s]+/)+[^/\s]+)/-/(issues|merge_requests)/(\d+)")


def short_name(url: str) -> str | None:
    """`org/repo#123` for a GitHub or GitLab issue or pull request; None for any other page."""
    found = _GITHUB.match(url)
    if found:
        return f"{found[1]}#{found[2]}"
    found = _GITLAB.match(url)
    if found:
        return f"{found[1]}{'#' if found[2] == 'issues' else '!'}{found[3]}"
    return None


def links_field() -> Any:
    """`links` of objectives and key results: one definition, one description."""
    return Field(
        default=None,
        description="Pages that go with it: dashboards, plans, tickets ({title, url} each).",
        examples=[
            [{"title": "First-response dashboard", "url": "https://grafana.example.com/d/frt"}]
        ],
    )


def contributors_field() -> Any:
    return Field(
        default=None,
        description="The people who work on it beside its one accountable owner.",
        examples=[["sam", "priya"]],
    )


def priority_field() -> Any:
    return Field(
        default=None,
        description="P0 (highest) to P4; reviews list higher priorities first. "
        "It never changes a score.",
        examples=["P1", "P0"],
    )


def commit_field() -> Any:
    """`commit` of numeric and KPI-linked key results: one definition, one description."""
    return Field(
        default=None,
        description="The level the team commits to, between start and target: it scores 0.3 "
        "(docs/scoring.md).",
        examples=[15],
    )


def stretch_field() -> Any:
    return Field(
        default=None,
        description="The level that would be exceptional, beyond target: it scores 1.0 and the "
        "target 0.7 (docs/scoring.md).",
        examples=[30],
    )


class Initiative(Model):
    """A piece of work meant to move a key result (seed 004: "initiatives drive change").

    It is never scored: it says what the team does, the key result says whether it worked.
    """

    # `done` only with `status: done` (`_only_when_done`), in the JSON Schema too.
    model_config = ConfigDict(
        json_schema_extra={
            "if": {"required": ["done"]},
            "then": {"required": ["status"], "properties": {"status": {"const": "done"}}},
        }
    )

    id: Slug | None = Field(
        default=None,
        description="Slug; without it the initiative is addressed by its title.",
        examples=["triage-rota"],
    )
    title: Text = Field(description="The work, in a few words.", examples=["Triage rota"])
    owner: LeadOwner | None = Field(
        default=None,
        description="The one person who drives it; defaults to the key result's.",
        examples=["sam"],
    )
    status: InitiativeStatus = Field(
        default="planned",
        description="planned, active, done or dropped.",
        examples=["active", "done"],
    )
    start: IsoDate | None = Field(
        default=None, description="The day the work started (ISO 8601).", examples=["2026-10-05"]
    )
    done: IsoDate | None = Field(
        default=None,
        description="The day the work was finished (with `status: done`).",
        examples=["2026-10-30"],
    )
    links: list[Link] | None = links_field()

    @field_validator("done")
    @classmethod
    def _only_when_done(cls, value: Any, info: ValidationInfo) -> Any:
        if value is not None and info.data.get("status", "done") != "done":
            raise PydanticCustomError(
                "done_only",
                "only a finished initiative has a `done` day: set `status: done`, or remove it",
                {"field": "done"},
            )
        return value

    @property
    def name(self) -> str:
        """How reports and `okrctl initiative` name it: its id, else its title."""
        return self.id or self.title


def initiatives_field() -> Any:
    """`initiatives` of objectives and key results: one definition, one description."""
    return Field(
        default=None,
        description="The work meant to move it ({title, owner, status, start, done, links} "
        "each); never scored.",
        examples=[[{"title": "Triage rota", "owner": "sam", "status": "active"}]],
    )


class Retro(Model):
    """What a team learned from an objective once its period is over (issue 20, seed 005:
    "missing a target ... helps you learn what worked, what didn't"). Each part is optional;
    an empty retro is none, so at least one is written."""

    model_config = ConfigDict(
        json_schema_extra={
            "anyOf": [{"required": ["worked"]}, {"required": ["didnt"]}, {"required": ["next"]}]
        }
    )

    worked: Text | None = Field(
        default=None,
        description="What worked, to keep doing.",
        examples=["The triage rota halved the queue in two weeks"],
    )
    didnt: Text | None = Field(
        default=None,
        description="What did not work, and why.",
        examples=["Macros went stale after the pricing change"],
    )
    next: Text | None = Field(
        default=None,
        description="What the team does differently next period.",
        examples=["Review macros monthly; staff the rota from week one"],
    )

    @model_validator(mode="after")
    def _something(self) -> Retro:
        if self.worked is None and self.didnt is None and self.next is None:
            raise PydanticCustomError(
                "retro", "a retro needs `worked`, `didnt` or `next` (or leave it out)"
            )
        return self


# What the JSON Schema says of `status`, `reason` and `date` (`_only_when_dropped` checks it):
# `status` goes with its `reason`, and `reason` or `date` with the status. Written as `if`/`then`,
# not `dependentRequired`, which yaml-language-server (it validates as draft-07) ignores.
DROPPED: list[JsonValue] = [
    {"if": {"required": [field]}, "then": {"required": [needed]}}
    for field, needed in (("status", "reason"), ("reason", "status"), ("date", "status"))
]


class _KeyResultBase(Model):
    kind: ClassVar[str]

    id: Slug | None = Field(
        default=None,
        description="Slug; without it the key result is addressed by position.",
        examples=["first-response"],
    )
    title: Text = Field(
        description="What will be true when the key result is met.",
        examples=["Median first-response time down to 25 minutes"],
    )
    owner: LeadOwner | None = Field(
        default=None, description="One person; defaults to the objective's.", examples=["sam"]
    )
    contributors: list[Person] | None = contributors_field()
    priority: Priority | None = priority_field()
    note: Text | None = Field(
        default=None,
        description="The latest word on it, in a sentence or two; a newer check-in's note "
        "is shown instead.",
        examples=["Ownership established; uncertainty from a supplier change"],
    )
    links: list[Link] | None = links_field()
    initiatives: list[Initiative] | None = initiatives_field()
    aligns_to: AlignsTo | None = Field(
        default=None,
        description="The key result (TEAM/OBJECTIVE_ID/KR_ID, or TEAM/PERIOD/OBJECTIVE_ID/KR_ID) "
        "or objective this one rolls up into; a list for several.",
        examples=["company/revenue/arr", ["company/2026/revenue/arr"]],
    )
    weight: Weight = Field(
        default=1, description="Relative weight in the objective's score.", examples=[1, 2]
    )
    status: KeyResultStatus | None = Field(
        default=None,
        description="`dropped`: no longer pursued; left out of the objective's score. "
        "Needs a `reason`.",
        examples=["dropped"],
    )
    reason: Text | None = Field(
        default=None,
        validate_default=True,
        description="Why the key result was dropped (with `status: dropped`).",
        examples=["Blocked on the supplier change; moved to next quarter"],
    )
    date: IsoDate | None = Field(
        default=None,
        description="The day it was dropped (with `status: dropped`); it counts until then.",
        examples=["2026-11-20"],
    )

    @field_validator("reason", "date")
    @classmethod
    def _only_when_dropped(cls, value: Any, info: ValidationInfo) -> Any:
        if "status" not in info.data:  # a status that failed validation is reported itself
            return value
        dropped = info.data["status"] == "dropped"
        if dropped and info.field_name == "reason" and value is None:
            raise PydanticCustomError(
                "missing",
                "a dropped key result needs a `reason`",
                {"field": "reason", "hint": " (why it was dropped, in a sentence)"},
            )
        if not dropped and value is not None:
            raise PydanticCustomError(
                "dropped_only",
                "only a dropped key result has one: add `status: dropped`, or remove it",
                {"field": info.field_name},
            )
        return value

    def dropped_on(self, day: Day) -> bool:
        """Whether it is dropped as of `day`: `status: dropped`, from its `date` if it has one."""
        return self.status == "dropped" and (self.date is None or self.date <= day)


def plan_field() -> Any:
    """`plan` of numeric and KPI-linked key results: one definition, one description."""
    return Field(
        default=None,
        min_length=1,
        description="The planned path, {date, value} points inside the period in date order: "
        "during the period the expected score is read off it instead of the share of time "
        "gone (docs/scoring.md).",
        examples=[[{"date": "2026-10-31", "value": 10}, {"date": "2026-11-30", "value": 20}]],
    )


def _one_source_schema(other: str, kind: str) -> JsonValue:
    """`_not_both` in the JSON Schema: beside `other`, `checkins` is refused by name (an editor
    says `Property checkins is not allowed` at `checkins`, where lint reports it)."""
    return {
        "if": {
            "required": [other, "checkins"],
            "properties": {other: {"type": kind}, "checkins": {"type": "array"}},
        },
        "then": {"properties": {"checkins": False}},
    }


def _not_both(value: Any, info: ValidationInfo, other: str) -> Any:
    if value is not None and info.data.get(other) is not None:
        raise PydanticCustomError(
            "exclusive",
            "use either `{other}` or `checkins`, not both: move the value into a first check-in",
            {"other": other},
        )
    return value


class NumericKeyResult(_KeyResultBase):
    """A key result that moves a number from `start` to `target`."""

    # The JSON Schema says what `_one_source` checks: not both `current` and `checkins`.
    model_config = ConfigDict(
        json_schema_extra={"allOf": [*DROPPED, _one_source_schema("current", "number")]}
    )
    kind: ClassVar[str] = "numeric"

    start: Number = Field(description="The value when the period began.", examples=[52])
    target: Number = Field(description="The value that means the key result is met.", examples=[25])
    commit: Number | None = commit_field()
    stretch: Number | None = stretch_field()
    plan: list[PlanPoint] | None = plan_field()
    direction: Direction | None = Field(
        default=None,
        description="increase or decrease; read from start and target when absent.",
        examples=["decrease"],
    )
    unit: Text | None = Field(
        default=None, description="Unit of start, target and values.", examples=["min", "%"]
    )
    current: Number | None = Field(
        default=None, description="The value now (or use checkins).", examples=[36]
    )
    checkins: list[NumericCheckin] | None = Field(
        default=None,
        description="Dated progress (or use current).",
        examples=[[{"date": "2026-10-15", "value": 44, "confidence": 0.7}]],
    )
    source: Source | None = source_field()

    @field_validator("checkins")
    @classmethod
    def _one_source(cls, value: Any, info: ValidationInfo) -> Any:
        return _not_both(value, info, "current")

    @property
    def increasing(self) -> bool:
        """Whether a higher value is better: `direction`, else target above start."""
        if self.direction is not None:
            return self.direction == "increase"
        return self.target >= self.start


def check_progress(value: Any) -> int | float:
    """A redacted key result's progress: the share of the way from start to target, 0 to 1."""
    number = check_number(value)
    if not 0 <= number <= 1:
        raise PydanticCustomError(
            "progress",
            "progress is the share of the way from start to target, between 0 and 1, got "
            "{got} (write 0.4 for 40%)",
            {"got": number},
        )
    return number


Progress = Annotated[
    float,
    PlainValidator(check_progress),
    WithJsonSchema({"type": "number", "minimum": 0, "maximum": 1, "examples": [0.4]}),
]


def _no_value(value: Any) -> Any:
    """A redacted key result's check-in gives no `value`: values would tell the target."""
    raise PydanticCustomError(
        "redacted_value",
        "a key result with `target: redacted` is checked in with `progress` (0 to 1), not a "
        "`value`: values would tell the confidential target",
    )


# A field only so that a `value` written is reported where it is, with why; left out of the
# schema, whose `additionalProperties: false` rejects it, as lint does.
NoValue = SkipJsonSchema[Annotated[Any, PlainValidator(_no_value)]]
REDACTED = "redacted"


# A redacted key result's check-in gives progress, a self-graded score, or both.
PROGRESS_CHECKIN = ConfigDict(
    extra="forbid",
    defer_build=True,
    json_schema_extra={"anyOf": [{"required": ["progress"]}, {"required": ["score"]}]},
)


@dataclass(frozen=True, slots=True, config=PROGRESS_CHECKIN)
class ProgressCheckin:
    """One progress update of a key result whose target is redacted: a share, not a value."""

    date: IsoDate = Field(
        description="The day of the check-in (ISO 8601).", examples=["2026-11-12"]
    )
    progress: Progress | None = Field(
        default=None,
        description="The share of the way from start to target on that day, from 0 to 1 "
        "(never the value: it would tell the redacted target). Or give a self-graded `score`.",
        examples=[0.4],
    )
    value: NoValue = Field(default=None, description="Never: write `progress`.")
    confidence: Confidence | None = Field(
        default=None,
        description="How likely the key result will be met, from 0 to 1.",
        examples=[0.6],
    )
    note: Text | None = Field(
        default=None, description="What happened, in a sentence.", examples=["Launch in Brazil"]
    )
    score: SelfScore | None = Field(
        default=None, validate_default=True, description=SCORE_DESCRIPTION, examples=[0.4]
    )

    @field_validator("score")
    @classmethod
    def _progress_or_score(cls, score: Any, info: ValidationInfo) -> Any:
        # A `value` written (it failed: it is not in `data`) is reported on its own.
        given = "progress" in info.data and "value" in info.data
        if score is None and given and info.data["progress"] is None:
            raise PydanticCustomError(
                "missing",
                "a check-in of a redacted key result needs a `progress` (0 to 1), a "
                "self-graded `score` or both",
                {"field": "progress", "hint": " (or a self-graded `score`)"},
            )
        return score


class RedactedKeyResult(_KeyResultBase):
    """A numeric key result whose target is confidential: scored from progress check-ins."""

    model_config = ConfigDict(json_schema_extra={"allOf": DROPPED})
    kind: ClassVar[str] = "redacted"

    target: Literal["redacted"] = Field(
        description='`redacted`: the target is confidential (published OKRs write "Reach N0 '
        'MAU"); check-ins give `progress` from 0 to 1 instead of values, and reports print '
        "`redacted` instead of numbers.",
        examples=["redacted"],
    )
    unit: Text | None = Field(
        default=None, description="Unit of the hidden values, shown as is.", examples=["MAU"]
    )
    checkins: list[ProgressCheckin] | None = Field(
        default=None,
        description="Dated progress, each a share of the way from 0 to 1.",
        examples=[[{"date": "2026-10-15", "progress": 0.3, "confidence": 0.7}]],
    )


class BinaryKeyResult(_KeyResultBase):
    """A milestone: done or not done."""

    # Without `done` or `checkins` a key result reads as numeric (`key_result_kind`), so in the
    # JSON Schema, too, a binary key result has one of them: the three kinds never overlap.
    model_config = ConfigDict(
        json_schema_extra={
            "allOf": [*DROPPED, _one_source_schema("done", "boolean")],  # `_one_source`
            "anyOf": [{"required": ["done"]}, {"required": ["checkins"]}],
        }
    )
    kind: ClassVar[str] = "binary"

    done: Bool | None = Field(
        default=None, description="Whether the milestone is done.", examples=[False, True]
    )
    checkins: list[BinaryCheckin] | None = Field(
        default=None,
        description="Dated progress (or use done).",
        examples=[[{"date": "2026-10-20", "value": False, "confidence": 0.8}]],
    )

    @field_validator("checkins")
    @classmethod
    def _one_source(cls, value: Any, info: ValidationInfo) -> Any:
        return _not_both(value, info, "done")


class KpiKeyResult(_KeyResultBase):
    """A KPI used as a key result: its value is the KPI's latest measurement."""

    model_config = ConfigDict(json_schema_extra={"allOf": DROPPED})
    kind: ClassVar[str] = "kpi"

    kpi: KpiRef = Field(description="The KPI, as TEAM/KPI_ID.", examples=["support/csat"])
    target: Number = Field(
        description="The KPI value that means the key result is met.", examples=[4.6]
    )
    commit: Number | None = commit_field()
    stretch: Number | None = stretch_field()
    plan: list[PlanPoint] | None = plan_field()
    start: Number | None = Field(
        default=None,
        description="Defaults to the KPI's last measurement on or before the period's first day.",
        examples=[4.1],
    )
    direction: Direction | None = Field(
        default=None,
        description="increase or decrease; read from start and target when absent.",
        examples=["increase"],
    )
    checkins: list[ScoreCheckin] | None = Field(
        default=None,
        description="Self-graded scores (its values are the KPI's measurements).",
        examples=[[{"date": "2026-11-14", "score": 0.4}]],
    )


def key_result_kind(value: Any) -> str | None:
    """Which of the four kinds a raw key result mapping is meant to be."""
    if not isinstance(value, dict):
        return None
    # The most specific field decides, so a stray field is the one reported as foreign.
    if "kpi" in value:
        return "kpi"
    if value.get("target") == REDACTED:
        return "redacted"
    if "start" in value:
        return "numeric"
    if "done" in value:
        return "binary"
    if any(name in value for name in ("target", "current", "direction", "unit")):
        return "numeric"
    checkins = value.get("checkins")
    # The first check-in with a value decides; check-ins that only give a self-graded score
    # are a milestone's (a numeric key result has `start` and `target`).
    items = [c for c in checkins if isinstance(c, dict)] if isinstance(checkins, list) else []
    first = next((c for c in items if "value" in c), None)
    if first is not None:
        return "binary" if isinstance(first.get("value"), bool) else "numeric"
    if any("score" in c for c in items):
        return "binary"
    return "numeric"


KeyResult = Annotated[
    Annotated[NumericKeyResult, Tag("numeric")]
    | Annotated[BinaryKeyResult, Tag("binary")]
    | Annotated[KpiKeyResult, Tag("kpi")]
    | Annotated[RedactedKeyResult, Tag("redacted")],
    Discriminator(
        key_result_kind,
        custom_error_type="key_result",
        custom_error_message="a key result is a mapping with a `title` and either "
        "`start`/`target`, `done`, or `kpi`/`target`",
    ),
]
KEY_RESULT_KINDS: dict[str, type[_KeyResultBase]] = {
    "numeric": NumericKeyResult,
    "binary": BinaryKeyResult,
    "kpi": KpiKeyResult,
    "redacted": RedactedKeyResult,
}
KEY_RESULT_FIELDS = frozenset(
    name for model in KEY_RESULT_KINDS.values() for name in model.model_fields
)
AnyKeyResult = NumericKeyResult | BinaryKeyResult | KpiKeyResult | RedactedKeyResult


class ObjectiveHeader(Model):
    """An objective's own fields; its key results are validated one by one."""

    id: Slug = Field(description="Slug, unique per team and period.", examples=["faster-replies"])
    title: Text = Field(
        description="The change the team wants, in a memorable sentence.",
        examples=["Customers get answers while they still care"],
    )
    type: ObjectiveType = Field(
        description="committed (must be met: 1.0) or aspirational (0.7 is success). "
        "Set it when the objective is written.",
        examples=["committed", "aspirational"],
    )
    owner: LeadOwner | None = Field(
        default=None, description="One person; defaults to the file's.", examples=["lin"]
    )
    contributors: list[Person] | None = contributors_field()
    priority: Priority | None = priority_field()
    description: Text | None = Field(
        default=None,
        description="Why this objective, in prose: the context a title cannot hold.",
        examples=[
            "Half of the accounts that left last year named slow support; a reply within "
            "the hour keeps them."
        ],
    )
    links: list[Link] | None = links_field()
    initiatives: list[Initiative] | None = initiatives_field()
    retro: Retro | None = Field(
        default=None,
        description="What the team learned, written after the period: {worked, didnt, next}, "
        "each a sentence or a paragraph; never scored.",
        examples=[
            {"worked": "The triage rota", "didnt": "Stale macros", "next": "Monthly macro review"}
        ],
    )
    aligns_to: AlignsTo | None = Field(
        default=None,
        description="The parent objective, TEAM/OBJECTIVE_ID, in this period or one containing "
        "it (TEAM/PERIOD/OBJECTIVE_ID names the period), or a parent key result "
        "(TEAM/OBJECTIVE_ID/KR_ID); a list for several parents.",
        examples=["company/scalable-success", ["company/growth", "company/revenue/arr"]],
    )
    from_kpi: KpiRef | None = Field(
        default=None,
        description="The KPI whose breach this objective answers, as TEAM/KPI_ID: `okrctl "
        "impact` tells whether the KPI went back into its band and stayed there.",
        examples=["support/first-response-time"],
    )


class Objective(ObjectiveHeader):
    """An objective with its key results."""

    key_results: list[KeyResult] = Field(
        min_length=1,
        description="Two to five key results, each exactly one of numeric (start/target), "
        "binary (done or checkins), KPI-linked (kpi/target) or redacted (target: redacted).",
        examples=[
            [
                {
                    "id": "first-response",
                    "title": "Median first-response time down to 25 minutes",
                    "start": 52,
                    "target": 25,
                    "unit": "min",
                }
            ]
        ],
    )


class Band(Plain):
    """An inclusive range of normal values: `{min: N}`, `{max: N}` or both."""

    model_config = ConfigDict(
        json_schema_extra={"anyOf": [{"required": ["min"]}, {"required": ["max"]}]}
    )

    min: Number | None = Field(
        default=None, description="Lowest normal value (inclusive).", examples=[99.5]
    )
    max: Number | None = Field(
        default=None, description="Highest normal value (inclusive).", examples=[45]
    )

    @model_validator(mode="after")
    def _sane(self) -> Band:
        if self.min is None and self.max is None:
            raise PydanticCustomError("band", "a band needs `min`, `max` or both")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise PydanticCustomError(
                "band",
                "the band's min ({min}) is above its max ({max})",
                {"min": self.min, "max": self.max},
            )
        return self

    def contains(self, value: float) -> bool:
        return (self.min is None or value >= self.min) and (self.max is None or value <= self.max)


class Kpi(Model):
    """An always-on health metric with a normal band and one owner."""

    id: Slug = Field(description="Slug, unique per team.", examples=["first-response-time"])
    title: Text = Field(description="What is measured.", examples=["Median first-response time"])
    owner: Owner = Field(
        description="The one person whose phone goes off when it leaves its band.",
        examples=["lin"],
    )
    unit: Text | None = Field(default=None, description="Unit of the values.", examples=["min"])
    cadence: Cadence | None = Field(
        default=None, description="How often it is measured.", examples=["weekly"]
    )
    band: Band | None = Field(
        default=None,
        description="The normal range, inclusive; leaving it needs action.",
        examples=[{"max": 45}, {"min": 99.5}],
    )
    warn: Band | None = Field(
        default=None,
        description="Early-warning range inside the band, same shape.",
        examples=[{"max": 35}],
    )
    target: Number | None = Field(default=None, description="The ideal value.", examples=[25])
    measurements: list[Measurement] = Field(
        default_factory=list,
        description="Dated values.",
        examples=[[{"date": "2026-11-13", "value": 49, "note": "Two agents out sick"}]],
    )
    source: Source | None = source_field()
    from_kr: KrRef | None = Field(
        default=None,
        description="The key result this KPI graduated from, as TEAM/PERIOD/OBJECTIVE_ID/KR_ID: "
        "`okrctl impact` tells whether its band has been defended since.",
        examples=["support/2026-Q3/tame-escalations/escalation-rate"],
    )

    @field_validator("warn")
    @classmethod
    def _inside_band(cls, warn: Band | None, info: ValidationInfo) -> Band | None:
        band = info.data.get("band")
        if warn is None or band is None:
            return warn
        # Like the band, a warn band may be one-sided (`{min: 25}` inside `{min: 20, max: 40}`):
        # on its open side the band's own edge is the only limit. Each edge it does have must
        # lie inside the band.
        edges = [edge for edge in (warn.min, warn.max) if edge is not None]
        if not all(band.contains(edge) for edge in edges):
            raise PydanticCustomError(
                "warn_band", "the warn band must lie inside the band (it is an early warning)"
            )
        return warn

    @property
    def increasing(self) -> bool | None:
        """Whether higher is better, read from a one-sided band; None when it cannot tell."""
        if self.band is None:
            return None
        if self.band.min is not None and self.band.max is None:
            return True
        if self.band.max is not None and self.band.min is None:
            return False
        return None


class PeriodRange(Plain):
    """An explicit period: first and last day, inclusive."""

    start: IsoDate = Field(description="The period's first day.", examples=["2026-10-01"])
    end: IsoDate = Field(description="The period's last day.", examples=["2026-12-31"])


def check_period(value: Any) -> str | PeriodRange:
    if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
        return str(value)
    if isinstance(value, str):
        if parse_label(value) is None:
            raise PydanticCustomError(
                "period",
                "`{value}` is not a period: write 2026-Q4, 2026-H1, 2026 or "
                "{start: 2026-10-01, end: 2026-12-31}",  # pydantic-core does not unescape {{ }}
                {"value": value},
            )
        return value
    if isinstance(value, dict):
        if set(value) != {"start", "end"}:
            raise PydanticCustomError(
                "period", "a period range has exactly two keys, `start` and `end`"
            )
        start, end = check_date(value["start"]), check_date(value["end"])
        if end < start:
            raise PydanticCustomError("period", "the period ends before it starts")
        return PeriodRange.model_construct(start=start, end=end)
    raise PydanticCustomError(
        "period",
        "expected a period such as 2026-Q4, got {got}",
        {"got": describe(value)},
    )


PeriodSpec = Annotated[
    str | PeriodRange,
    PlainValidator(check_period),
    WithJsonSchema(
        {
            "oneOf": [
                {
                    "type": "string",
                    "pattern": "^[0-9]{4}(-Q[1-4]|-H[12])?$",
                    "description": "A quarter, a half year or a year.",
                    "examples": ["2026-Q4", "2026-H1", "2026"],
                },
                {
                    "type": "integer",
                    "minimum": 1000,
                    "maximum": 9999,
                    "description": "A year.",
                    "examples": [2026],
                },
                {
                    "type": "object",
                    "description": "An explicit range, both days included.",
                    "properties": {
                        "start": {
                            "type": "string",
                            "format": "date",
                            "description": "The period's first day.",
                            "examples": ["2026-10-01"],
                        },
                        "end": {
                            "type": "string",
                            "format": "date",
                            "description": "The period's last day.",
                            "examples": ["2026-12-31"],
                        },
                    },
                    "required": ["start", "end"],
                    "additionalProperties": False,
                },
            ]
        }
    ),
]


def resolve_period(spec: str | PeriodRange, fiscal_year_start: int = 1) -> Period:
    """The bounds of a file's period under the configured fiscal-year convention; a range
    equal to a quarter, half or year is that period, under its label."""
    if isinstance(spec, PeriodRange):
        return named_range(spec.start, spec.end, fiscal_year_start)
    return resolve_label(spec, fiscal_year_start)


class GoalFileHeader(Model):
    """A goal file's own fields; objectives and KPIs are validated one by one."""

    team: Slug = Field(description="The team this file belongs to.", examples=["support"])
    period: PeriodSpec | None = Field(
        default=None,
        description="Required with objectives: 2026-Q4, 2026-H1, 2026 or a range.",
        examples=["2026-Q4", "2026-H1", 2026, {"start": "2026-10-01", "end": "2026-12-31"}],
    )
    owner: Owner | None = Field(
        default=None, description="Default owner of the objectives.", examples=["lin"]
    )


def _goal_file_schema(schema: dict[str, Any]) -> None:
    """The JSON Schema of a goal file also says what the loader checks of the file as a whole."""
    for name in ("objectives", "kpis"):  # `objectives:` with nothing below it is no objectives
        listing = schema["properties"][name]
        schema["properties"][name] = {
            "anyOf": [{key: listing.pop(key) for key in ("type", "items")}, {"type": "null"}],
            **listing,
        }
    schema["anyOf"] = [{"required": ["objectives"]}, {"required": ["kpis"]}]
    schema["if"] = {
        "required": ["objectives"],
        "properties": {"objectives": {"type": "array", "minItems": 1}},
    }
    schema["then"] = {"required": ["period"], "properties": {"period": {"not": {"type": "null"}}}}


class GoalFile(GoalFileHeader):
    """One goal file: a team's objectives for a period, its KPIs, or both."""

    model_config = ConfigDict(json_schema_extra=_goal_file_schema)
    objectives: list[Objective] = Field(
        default_factory=list,
        description="The team's objectives for the period.",
        examples=[
            [
                {
                    "id": "faster-replies",
                    "title": "Customers get answers while they still care",
                    "type": "committed",
                    "key_results": [
                        {
                            "title": "Median first-response time down to 25 minutes",
                            "start": 52,
                            "target": 25,
                            "unit": "min",
                        }
                    ],
                }
            ]
        ],
    )
    kpis: list[Kpi] = Field(
        default_factory=list,
        description="The team's KPIs: always-on health signals, with no period.",
        examples=[
            [
                {
                    "id": "first-response-time",
                    "title": "Median first-response time",
                    "owner": "lin",
                    "unit": "min",
                    "cadence": "weekly",
                    "band": {"max": 45},
                }
            ]
        ],
    )


def normalize_title(title: str) -> str:
    """A title reduced for comparison: case, punctuation and spacing ignored."""
    return " ".join(re.sub(r"[^\w\s]", " ", title.casefold()).split())
