"""Reporters: pure functions from one result object to text, one module per format.

One registry per result type is the single list of its formats: it feeds the command's
`--format` choices, says what each format needs computed beyond the result (as data), and
imports a reporter only when it is asked for, so a new format is one module and one line here.
Every reporter has one signature: `render(result, style) -> str | Iterator[str]` (an iterator
for reports streamed piece by piece, reports/jsonstream.py).

This module is imported at start-up by every command: it imports no reporter and nothing heavy.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

if TYPE_CHECKING:
    from okrctl.compute.alignment import TreeReport
    from okrctl.compute.classify import Classification
    from okrctl.compute.diff import DiffReport
    from okrctl.compute.impact import ImpactReport
    from okrctl.compute.kpi_health import KpiReport
    from okrctl.compute.learning import CalibrationReport
    from okrctl.compute.pull import PullReport
    from okrctl.compute.review import ReviewReport
    from okrctl.compute.scoring import ScoreReport
    from okrctl.compute.suggestions import SuggestionReport
    from okrctl.linting import LintResult
    from okrctl.rules.docs import RuleDocs

Result = TypeVar("Result")
Result_contra = TypeVar("Result_contra", contravariant=True)


@dataclass(frozen=True, slots=True)
class Style:
    """How a report is drawn: colour (only on a terminal that wants it) and the width of its
    tables (None: a fixed default, for files and pipes)."""

    color: bool = False
    width: int | None = None


PLAIN = Style()  # for files: no colour, the fixed width


class Need(Enum):
    """What a format needs computed beyond the result, at a cost the others do not pay."""

    REGIONS = "regions"  # where each finding's token ends (SARIF marks a region)
    REPOSITORY_ROOT = "repository-root"  # files named from the repository's root (CI formats)
    CHANGED_FILES = "changed-files"  # the pull request's files, from git (GitHub annotations)
    RUN = "run"  # when, how long and where the lint ran (JUnit's timestamp, time, hostname)
    ANCHORS = "anchors"  # the YAML node each finding is about (fingerprints: SARIF, GitLab)


class Reporter(Protocol[Result_contra]):
    """A report of one result: the whole text, or its pieces in order (streamed)."""

    def __call__(self, result: Result_contra, style: Style, /) -> str | Iterator[str]: ...


@dataclass(frozen=True, slots=True)
class Format:
    """One `--format`: the module whose `render` writes it, and what it needs."""

    module: str
    needs: frozenset[Need] = frozenset()
    # A Markdown summary appended to the GitHub Actions job page ($GITHUB_STEP_SUMMARY) when
    # this format runs there: the module whose `render` writes it.
    job_summary: str | None = None


class Registry(Generic[Result]):
    """The formats of one result type, by `--format` name, in the order `--help` lists them.
    The first one is the default, and `text` (when there is one) is what a terminal shows."""

    def __init__(self, formats: Mapping[str, Format]) -> None:
        self.formats = dict(formats)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self.formats)

    @property
    def default(self) -> str:
        return next(iter(self.formats))

    def needs(self, name: str) -> frozenset[Need]:
        return self.formats[name].needs

    def reporter(self, name: str) -> Reporter[Result]:
        """The `render(result, style)` of a format, its module imported now."""
        render: Reporter[Result] = importlib.import_module(self.formats[name].module).render
        return render

    def job_summary(self, name: str) -> Reporter[Result] | None:
        """The reporter of the GitHub job summary this format writes, if it writes one."""
        module = self.formats[name].job_summary
        if module is None:
            return None
        render: Reporter[Result] = importlib.import_module(module).render
        return render


def _format(module: str, *needs: Need, job_summary: str | None = None) -> Format:
    return Format(f"okrctl.reports.{module}", frozenset(needs), job_summary)


_CI = (Need.REPOSITORY_ROOT,)

LINT: Registry[LintResult] = Registry(
    {
        "text": _format("lint_text"),
        "json": _format("lint_json"),
        "github": _format(
            "lint_github",
            *_CI,
            Need.REGIONS,
            Need.CHANGED_FILES,
            job_summary="okrctl.reports.lint_step_summary",
        ),
        "sarif": _format("lint_sarif", *_CI, Need.REGIONS, Need.ANCHORS),
        "gitlab": _format("lint_gitlab", *_CI, Need.ANCHORS),
        "junit": _format("lint_junit", *_CI, Need.RUN),
    }
)

SCORE: Registry[ScoreReport] = Registry(
    {
        "text": _format("score_text"),
        "json": _format("score_json"),
        "markdown": _format("score_markdown"),
    }
)

TREE: Registry[TreeReport] = Registry({"text": _format("tree_text"), "json": _format("tree_json")})

KPI: Registry[KpiReport] = Registry(
    {
        "text": _format("kpi_text"),
        "json": _format("kpi_json"),
        "markdown": _format("kpi_markdown"),
    }
)

SUGGEST: Registry[SuggestionReport] = Registry(
    {
        "text": _format("suggest_text"),
        "yaml": _format("suggest_yaml"),
        "json": _format("suggest_json"),
    }
)

REVIEW: Registry[ReviewReport] = Registry(
    {
        "text": _format("review_text"),
        "markdown": _format("review_markdown"),
        "json": _format("review_json"),
        "html": _format("review_html"),
        "slack": _format("review_slack"),
        "teams": _format("review_teams"),
    }
)

IMPACT: Registry[ImpactReport] = Registry(
    {
        "text": _format("impact_text"),
        "markdown": _format("impact_markdown"),
        "json": _format("impact_json"),
    }
)

CALIBRATION: Registry[CalibrationReport] = Registry(
    {
        "text": _format("calibration_text"),
        "markdown": _format("calibration_markdown"),
        "json": _format("calibration_json"),
    }
)

DIFF: Registry[DiffReport] = Registry(
    {
        "text": _format("diff_text"),
        "markdown": _format("diff_markdown"),
        "json": _format("diff_json"),
        "github": _format("diff_github"),
    }
)

PULL: Registry[PullReport] = Registry(
    {
        "text": _format("pull_text"),
        "json": _format("pull_json"),
        "markdown": _format("pull_markdown"),
    }
)

CLASSIFY: Registry[Classification] = Registry(
    {"text": _format("classify_text"), "yaml": _format("classify_yaml")}
)

SCHEMA: Registry[str] = Registry({"json": _format("schema_json")})  # the kind of file

RULES: Registry[RuleDocs] = Registry(
    {"text": _format("rules_text"), "markdown": _format("rules_markdown")}
)
