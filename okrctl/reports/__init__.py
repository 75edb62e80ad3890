"""Reporters: pure functions from one result object to text, one module per format.

The registries below are the single list of formats: they feed `--format` choices, so a
new format is one module and one line here.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from okrctl.linting import LintResult

LintReporter = Callable[["LintResult", bool], str]

LINT_FORMATS: dict[str, str] = {
    "text": "okrctl.reports.lint_text",
    "json": "okrctl.reports.lint_json",
    "github": "okrctl.reports.lint_github",
    "sarif": "okrctl.reports.lint_sarif",
    "gitlab": "okrctl.reports.lint_gitlab",
    "junit": "okrctl.reports.lint_junit",
}


def lint_reporter(name: str) -> LintReporter:
    """The `render(result, color)` function of a lint format."""
    module = importlib.import_module(LINT_FORMATS[name])
    render: LintReporter = module.render
    return render


def needs_regions(name: str) -> bool:
    """Whether a lint format marks regions (start to end), so the ends must be looked up."""
    return bool(getattr(importlib.import_module(LINT_FORMATS[name]), "NEEDS_REGIONS", False))


SCORE_FORMATS: dict[str, str] = {
    "text": "okrctl.reports.score_text",
    "json": "okrctl.reports.score_json",
    "markdown": "okrctl.reports.score_markdown",
}


def reporter(formats: dict[str, str], name: str) -> Callable[..., str]:
    """The `render` function of a format in one of the registries above."""
    render: Callable[..., str] = importlib.import_module(formats[name]).render
    return render


TREE_FORMATS: dict[str, str] = {
    "text": "okrctl.reports.tree_text",
    "json": "okrctl.reports.tree_json",
}

KPI_FORMATS: dict[str, str] = {
    "text": "okrctl.reports.kpi_text",
    "json": "okrctl.reports.kpi_json",
    "markdown": "okrctl.reports.kpi_markdown",
}

SUGGEST_FORMATS: dict[str, str] = {
    "text": "okrctl.reports.suggest_text",
    "yaml": "okrctl.reports.suggest_yaml",
    "json": "okrctl.reports.suggest_json",
}

REVIEW_FORMATS: dict[str, str] = {
    "text": "okrctl.reports.review_text",
    "markdown": "okrctl.reports.review_markdown",
    "json": "okrctl.reports.review_json",
    "html": "okrctl.reports.review_html",
}

DIFF_FORMATS: dict[str, str] = {
    "text": "okrctl.reports.diff_text",
    "markdown": "okrctl.reports.diff_markdown",
    "json": "okrctl.reports.diff_json",
    "github": "okrctl.reports.diff_github",
}
