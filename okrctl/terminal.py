"""Where a command meets the person running it: its two streams, how they are drawn, the
environment, and how to ask a question (None when nobody is there to answer)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TextIO

from okrctl.reports import Style

if TYPE_CHECKING:
    from okrctl.prompts import Prompter


@dataclass(frozen=True, slots=True)
class Terminal:
    """What a command's `run(options, terminal)` needs beyond its options.

    The command line builds it from the process (okrctl/cli.py); tests build one over
    StringIO, with a scripted prompter or confirm when they answer questions.
    """

    out: TextIO
    err: TextIO
    color: bool = False
    width: int | None = None  # the terminal's width for tables; None: a fixed default
    environ: Mapping[str, str] = field(default_factory=dict)
    # A yes/no question, and questions with checked answers; None when stdin is no terminal.
    confirm: Callable[[str], bool] | None = None
    prompter: Prompter | None = None

    @property
    def style(self) -> Style:
        """How reports shown here are drawn."""
        return Style(self.color, self.width)
