"""Initiatives as reports show them: the work on an objective or key result, never scored."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from okrctl.model.goals import Initiative


@dataclass(frozen=True, slots=True)
class InitiativeLine:
    """One initiative as written (issue 20), with its links by the names reports show:
    an issue or pull request by its short name (`org/repo#123`), any other page by its title."""

    id: str | None
    title: str
    owner: str | None
    status: str
    start: date | None
    done: date | None
    links: tuple[tuple[str, str], ...]  # (shown name, url)

    @property
    def name(self) -> str:
        return self.id or self.title


def initiative_lines(initiatives: Sequence[Initiative] | None) -> tuple[InitiativeLine, ...]:
    """The initiatives written on an objective or key result, in file order."""
    return tuple(
        InitiativeLine(
            id=i.id,
            title=i.title,
            owner=i.owner,
            status=i.status,
            start=i.start,
            done=i.done,
            links=tuple((link.shown, link.url) for link in i.links or ()),
        )
        for i in initiatives or ()
    )


def initiative_facts(line: InitiativeLine) -> list[str]:
    """Its status (with the day, when done) and owner: `["done 2026-10-31", "owner sam"]`."""
    status = f"done {line.done}" if line.status == "done" and line.done else line.status
    return [status, *([f"owner {line.owner}"] if line.owner else [])]


def initiative_words(line: InitiativeLine) -> str:
    """`Triage rota (done 2026-10-31, owner sam, acme/support#12)`: one initiative in a
    sentence, as the text reviews show it (Markdown and HTML link the names)."""
    names = [name for name, _ in line.links]
    return f"{line.title} ({', '.join([*initiative_facts(line), *names])})"
