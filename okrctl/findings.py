"""Findings: immutable records of one problem at one place in one file."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    """How much a finding matters; the order is error > warning > info."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


@dataclass(frozen=True, slots=True, order=True)
class Location:
    """A place in a file; line and column are 1-based, as editors count them."""

    path: str
    line: int = 1
    column: int = 1


@dataclass(frozen=True, slots=True)
class Related:
    """Another place a finding points at (where a repeated id or key was first written, where
    the YAML construct a syntax error is in starts), and how its message names that place.

    The text formats show the message as it is; a format that can link to the place (SARIF's
    `relatedLocations`) writes `label` as a link in place of `mention`, so that its message
    holds no line number."""

    location: Location
    mention: str  # the words of the message that give the position, e.g. `at a.yaml:3`
    label: str  # what a link to the place says instead, e.g. `first use`


@dataclass(frozen=True, slots=True)
class Problem:
    """What a rule (or the loader) found, before the lint engine decides how much it matters."""

    rule: str
    location: Location
    message: str
    related: tuple[Related, ...] = ()


@dataclass(frozen=True, slots=True)
class Finding:
    """A problem as reported: with its rule's code and its effective severity."""

    location: Location
    code: str
    rule: str
    severity: Severity
    message: str
    related: tuple[Related, ...] = ()

    @property
    def path(self) -> str:
        return self.location.path

    @property
    def line(self) -> int:
        return self.location.line

    @property
    def column(self) -> int:
        return self.location.column

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.line, self.column, self.code, self.message)
