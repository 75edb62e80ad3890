"""The configuration file `okrctl.yaml`: roster, fiscal year, lint settings and limits.

Every key is optional. It is validated like a goal file, so a typo in it is a finding at its
line, not a silently ignored setting.
"""

from __future__ import annotations

import os
from typing import Annotated, Any, Literal

from pydantic import Field, PlainValidator, WithJsonSchema, model_validator
from pydantic_core import PydanticCustomError

from okrctl.model.globs import PatternError, compile_pattern
from okrctl.model.goals import Model
from okrctl.model.types import Bool, Owner, Text, describe
from okrctl.source import ALLOW_LIMITS, CEILINGS, Limits

SeverityName = Literal["error", "warning", "info"]


def _positive_int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise PydanticCustomError(
            "positive_int", "expected a whole number above 0, got {got}", {"got": describe(value)}
        )
    return value


def _month(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 12:
        raise PydanticCustomError(
            "month",
            "expected a month from 1 (January) to 12 (December), got {got}",
            {"got": describe(value)},
        )
    return value


def _whole_number(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise PydanticCustomError(
            "whole_number",
            "expected a whole number, 0 or more, got {got}",
            {"got": describe(value)},
        )
    return value


WholeNumber = Annotated[
    int,
    PlainValidator(_whole_number),
    WithJsonSchema({"type": "integer", "minimum": 0, "examples": [100]}),
]
PositiveInt = Annotated[
    int,
    PlainValidator(_positive_int),
    WithJsonSchema({"type": "integer", "minimum": 1, "examples": [100]}),
]
Month = Annotated[
    int,
    PlainValidator(_month),
    WithJsonSchema({"type": "integer", "minimum": 1, "maximum": 12, "examples": [1, 10]}),
]


def _cache_dir(value: Any) -> str:
    """A folder inside the tree: the tree (a pull request) must not make okrctl write
    elsewhere."""
    if not isinstance(value, str) or not value.strip():
        raise PydanticCustomError(
            "cache_dir", "expected a folder name, got {got}", {"got": describe(value)}
        )
    parts = value.replace("\\", "/").split("/")
    inside = [part for part in parts if part not in ("", ".")]
    if value.startswith(("/", "~")) or ":" in value or ".." in parts or not inside:
        raise PydanticCustomError(
            "cache_dir",
            "`{value}`: the cache folder is a folder of its own inside the folder of "
            "okrctl.yaml, named relative to it (set OKRCTL_CACHE_DIR for a folder elsewhere)",
            {"value": value},
        )
    return value


CacheDir = Annotated[
    str,
    PlainValidator(_cache_dir),
    WithJsonSchema({"type": "string", "examples": [".okrctl_cache"]}),
]


def _glob(value: Any) -> str:
    if not isinstance(value, str):
        raise PydanticCustomError(
            "glob_type", "expected a pattern (a string), got {got}", {"got": describe(value)}
        )
    try:
        compile_pattern(value)
    except PatternError as error:
        raise PydanticCustomError(
            "glob", "`{pattern}`: {why}", {"pattern": value, "why": str(error)}
        ) from None
    return value


Glob = Annotated[
    str,
    PlainValidator(_glob),
    WithJsonSchema({"type": "string", "minLength": 1, "examples": ["goals/", "k8s/**"]}),
]


# A file of a million bad list items must give a short report, not a million lines.
MAX_FINDINGS_PER_RULE = 100


class LintSettings(Model):
    """Which rules run, how severe they are, and their options."""

    select: list[Text] | None = Field(
        default=None,
        description="Run only these rules (names or codes).",
        examples=[["missing-owner", "unknown-owner"]],
    )
    ignore: list[Text] = Field(
        default_factory=list,
        description="Never run these rules (names or codes).",
        examples=[["output-not-outcome"], ["OK110"]],
    )
    rules: dict[str, dict[str, Any]] = Field(
        default_factory=dict,
        description="Per rule: `severity` (error, warning, info) and the rule's own options.",
        examples=[{"too-many-objectives": {"max": 4}, "missing-owner": {"severity": "error"}}],
    )
    max_findings_per_rule: WholeNumber = Field(
        default=MAX_FINDINGS_PER_RULE,
        description="Findings of one rule listed per file; the rest are counted in one "
        "finding (0: list them all).",
        examples=[100, 0],
    )


_DEFAULT = Limits()


def _limit(name: str) -> Any:
    """A limit: a whole number above 0, at most its ceiling (source.CEILINGS) unless the
    environment (never the tree) says OKRCTL_ALLOW_LIMITS=1."""
    ceiling: int = getattr(CEILINGS, name)

    def check(value: Any) -> int:
        number = _positive_int(value)
        if number > ceiling and os.environ.get(ALLOW_LIMITS) != "1":
            raise PydanticCustomError(
                "limit_ceiling",
                "{value} is over okrctl's ceiling of {ceiling} for this limit; okrctl.yaml can "
                "lower a limit but not raise it past that (set {allow}=1 in the environment "
                "to allow it)",
                {"value": f"{number:,}", "ceiling": f"{ceiling:,}", "allow": ALLOW_LIMITS},
            )
        return number

    return PlainValidator(check)


_LIMIT_SCHEMA = WithJsonSchema({"type": "integer", "minimum": 1, "examples": [100]})


class LimitSettings(Model):
    """Resource limits on each file read, against hostile or broken input."""

    max_file_size: Annotated[int, _limit("max_file_size"), _LIMIT_SCHEMA] = Field(
        default=_DEFAULT.max_file_size,
        description="Largest goal file read, in bytes.",
        examples=[_DEFAULT.max_file_size],
    )
    max_aliases: Annotated[int, _limit("max_aliases"), _LIMIT_SCHEMA] = Field(
        default=_DEFAULT.max_aliases,
        description="YAML aliases (*name) allowed per file.",
        examples=[_DEFAULT.max_aliases],
    )
    max_alias_expansion: Annotated[int, _limit("max_alias_expansion"), _LIMIT_SCHEMA] = Field(
        default=_DEFAULT.max_alias_expansion,
        description="Values that aliases may expand to per file (stops alias bombs).",
        examples=[_DEFAULT.max_alias_expansion],
    )
    max_depth: Annotated[int, _limit("max_depth"), _LIMIT_SCHEMA] = Field(
        default=_DEFAULT.max_depth, description="Deepest nesting.", examples=[_DEFAULT.max_depth]
    )

    max_alias_chars: Annotated[int, _limit("max_alias_chars"), _LIMIT_SCHEMA] = Field(
        default=_DEFAULT.max_alias_chars,
        description="Characters of text that aliases may expand to per file (stops alias "
        "amplification of long texts).",
        examples=[_DEFAULT.max_alias_chars],
    )

    def limits(self) -> Limits:
        return Limits(
            self.max_file_size,
            self.max_aliases,
            self.max_alias_expansion,
            self.max_depth,
            self.max_alias_chars,
        )


def _share(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise PydanticCustomError(
            "share", "expected a number from 0 to 1, got {got}", {"got": describe(value)}
        )
    return value


Share = Annotated[
    float,
    PlainValidator(_share),
    WithJsonSchema({"type": "number", "minimum": 0, "maximum": 1, "examples": [0.7]}),
]


class ScoringSettings(Model):
    """Thresholds of grades, verdicts and pace (Google's bands by default)."""

    yellow: Share = Field(
        default=0.4, description="Lowest score graded yellow (below: red).", examples=[0.4]
    )
    green: Share = Field(default=0.7, description="Lowest score graded green.", examples=[0.7])
    aspirational_success: Share = Field(
        default=0.7,
        description="Score at which an aspirational objective is a success; also the share of "
        "elapsed time an aspirational objective is expected to have reached.",
        examples=[0.7],
    )
    on_track_margin: Share = Field(
        default=0.1,
        description="How far below the expected score still counts as on-track.",
        examples=[0.1],
    )
    at_risk_margin: Share = Field(
        default=0.25,
        description="How far below the expected score counts as at-risk, not off.",
        examples=[0.25],
    )
    forecast: Literal["linear", "historical"] = Field(
        default="linear",
        description="linear: a key result's forecast is the straight line through its values; "
        "historical adds the score key results of its team ended with from the same point of "
        "their periods (docs/scoring.md), once the team has two past periods.",
        examples=["historical"],
    )


def _positive_number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
        raise PydanticCustomError(
            "positive", "expected a number above 0, got {got}", {"got": describe(value)}
        )
    return value


PositiveNumber = Annotated[
    float,
    PlainValidator(_positive_number),
    WithJsonSchema({"type": "number", "exclusiveMinimum": 0, "examples": [1.5]}),
]


class KpiSettings(Model):
    """When a KPI counts as stale, and when a breach becomes an objective."""

    stale_after: PositiveNumber = Field(
        default=1.5,
        description="A KPI is stale when its latest measurement is older than this many "
        "cadence intervals.",
        examples=[1.5],
    )
    breach_streak: PositiveInt = Field(
        default=2,
        description="Consecutive out-of-band measurements after which `okrctl suggest` "
        "proposes an objective to restore the KPI.",
        examples=[2],
    )


class MonthlySettings(Model):
    """The monthly KPI review: when it is the default, its window and when it suggests a new
    band (docs/review.md)."""

    first_week: Bool = Field(
        default=False,
        description="Make `okrctl review` monthly by default in a month's first seven days "
        "(the quarterly review still comes first in the 14 days after a quarter ends).",
        examples=[True],
    )
    months: PositiveInt = Field(
        default=3,
        description="Whole months the monthly review looks at (trend, time in band, breaches).",
        examples=[3],
    )
    steady_months: PositiveInt = Field(
        default=6,
        description="Whole months a KPI must have held inside its band before a tighter band "
        "is suggested.",
        examples=[6],
    )
    room: Share = Field(
        default=0.2,
        description="Room to spare: how far inside an edge the KPI stayed, as a share of the "
        "band's width (of the edge's own size for a one-sided band), for that edge to be "
        "tightened.",
        examples=[0.2],
    )
    margin: Share = Field(
        default=0.1,
        description="A tightened edge lies this far beyond the values seen, as a share of the "
        "same width; below `room`.",
        examples=[0.1],
    )
    breach_share: Share = Field(
        default=1 / 3,
        description="A band outside which the KPI spent more than this share of the days "
        "reviewed does not describe normal.",
        examples=[0.33],
    )

    @model_validator(mode="after")
    def _margin_below_room(self) -> MonthlySettings:
        # A tightened edge at margin beyond the values seen must lie inside the old edge, which
        # is at least `room` beyond them.
        if self.margin >= self.room:
            raise PydanticCustomError(
                "margin_room",
                "`margin` ({margin}) must be below `room` ({room}): a tightened edge lies "
                "`margin` beyond the values seen, inside the old edge",
                {"margin": self.margin, "room": self.room},
            )
        return self


class ReviewSettings(Model):
    """Settings of `okrctl review`."""

    monthly: MonthlySettings = Field(
        default_factory=MonthlySettings,
        description="The monthly KPI review (docs/review.md).",
        examples=[{"first_week": True, "steady_months": 6}],
    )


class Config(Model):
    """The whole of `okrctl.yaml`."""

    people: list[Owner] | None = Field(
        default=None,
        description="The roster: when set, every owner must be one of these.",
        examples=[["maria", "lin", "omar"]],
    )
    fiscal_year_start: Month = Field(
        default=1,
        description="First month of the fiscal year; 1 means calendar years.",
        examples=[1, 10],
    )
    scoring: ScoringSettings = Field(
        default_factory=ScoringSettings,
        description="Grades, verdicts and pace thresholds (docs/scoring.md).",
        examples=[{"yellow": 0.4, "green": 0.7}],
    )
    kpi: KpiSettings = Field(
        default_factory=KpiSettings,
        description="When a KPI is stale, and when a breach becomes a suggested objective.",
        examples=[{"stale_after": 1.5, "breach_streak": 2}],
    )
    review: ReviewSettings = Field(
        default_factory=ReviewSettings,
        description="Settings of `okrctl review`: the monthly KPI review (docs/review.md).",
        examples=[{"monthly": {"first_week": True}}],
    )
    lint: LintSettings = Field(
        default_factory=LintSettings,
        description="Which lint rules run, their severities and options.",
        examples=[{"ignore": ["output-not-outcome"]}],
    )
    follow_symlinks: Bool = Field(
        default=False,
        description="Read symlinks in the goal tree that lead outside it (off: they are "
        "reported, not read, so a pull request cannot make CI print another file).",
        examples=[False],
    )
    include: list[Glob] | None = Field(
        default=None,
        description="Goal files are the YAML files matching one of these gitignore-style "
        "patterns, relative to the folder of okrctl.yaml (default: every .yaml/.yml file).",
        examples=[["goals/"], ["okrs/**/*.yaml"]],
    )
    exclude: list[Glob] = Field(
        default_factory=list,
        description="YAML files and folders that are not goal files: gitignore-style "
        "patterns, relative to the folder of okrctl.yaml (`!` brings one back).",
        examples=[["docker-compose.yml", "k8s/", ".github/"]],
    )
    respect_gitignore: Bool = Field(
        default=True,
        description="Leave out the files .gitignore files ignore (read by okrctl, not git).",
        examples=[True],
    )
    cache_dir: CacheDir | None = Field(
        default=None,
        description="Where okrctl keeps its cache of read goal files, relative to the folder "
        "of okrctl.yaml and inside it (default: .okrctl_cache; OKRCTL_CACHE_DIR overrides it).",
        examples=[".okrctl_cache"],
    )
    limits: LimitSettings = Field(
        default_factory=LimitSettings,
        description="Limits on each file read (size, aliases, nesting), against hostile or "
        "broken input.",
        examples=[{"max_file_size": _DEFAULT.max_file_size}],
    )
