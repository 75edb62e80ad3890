"""Questions asked on a terminal, each answer checked before the next question.

Commands get a `Prompter` from their Terminal (None when stdin is not a terminal, so they never
hang in CI); the terminal one asks with typer's prompts, and tests pass a scripted one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol, TypeVar

from okrctl.errors import OkrctlError

T = TypeVar("T")


class Prompter(Protocol):
    def ask(self, question: str, parse: Callable[[str], T], default: str | None = None) -> T:
        """Ask until `parse` accepts the answer (it raises OkrctlError to reject one)."""
        ...

    def choose(self, question: str, choices: Sequence[str], default: str | None = None) -> str:
        """One of `choices`."""
        ...

    def say(self, text: str) -> None:
        """Show text between questions."""
        ...


class TerminalPrompter:
    """typer prompts on the terminal: a rejected answer is explained and asked again."""

    def ask(self, question: str, parse: Callable[[str], T], default: str | None = None) -> T:
        import typer

        def check(text: str) -> T:
            try:
                return parse(text.strip())
            except OkrctlError as error:
                raise typer.BadParameter(str(error)) from None

        answer: T = typer.prompt(
            question,
            default=default if default is not None else "",
            show_default=bool(default),
            value_proc=check,
        )
        return answer

    def choose(self, question: str, choices: Sequence[str], default: str | None = None) -> str:
        def one_of(text: str) -> str:
            if text not in choices:
                raise OkrctlError(f"answer one of {', '.join(choices)}")
            return text

        return self.ask(f"{question} ({', '.join(choices)})", one_of, default)

    def say(self, text: str) -> None:
        import typer

        typer.echo(text)
