"""Where a command meets the person running it: its two streams, how they are drawn, the
environment, and how to ask a question (None when nobody is there to answer)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, TextIO

from okrctl.reports import Style

if TYPE_CHECKING:
    from okrctl.prompts import Prompter

DEFAULT_WIDTH = 80  # piped, in CI, into a file: when nothing says how wide
# The widths tables are laid out at: narrower leaves no room for a title beside the numbers;
# wider only draws longer rules. `--width` outside these is a usage error, `COLUMNS` ignored.
MIN_WIDTH = 40
MAX_WIDTH = 1000


def valid_width(value: str | None) -> int | None:
    """`COLUMNS` as a width: a whole number from MIN_WIDTH to MAX_WIDTH, else None."""
    text = (value or "").strip()
    if not text.isascii() or not text.isdigit():
        return None
    width = int(text)
    return width if MIN_WIDTH <= width <= MAX_WIDTH else None


def output_width(
    environ: Mapping[str, str], terminal_columns: int | None, option: int | None = None
) -> int:
    """The width tables are laid out at: `--width` (`option`) when given; else the terminal's
    width (`terminal_columns`, None when stdout is no terminal), kept within MIN_WIDTH and
    MAX_WIDTH; else `COLUMNS` when it is a valid width (CI systems and `COLUMNS=120 okrctl ...
    | less` set it); else DEFAULT_WIDTH."""
    if option is not None:
        return option
    if terminal_columns is not None:
        return max(MIN_WIDTH, min(MAX_WIDTH, terminal_columns))
    return valid_width(environ.get("COLUMNS")) or DEFAULT_WIDTH


@dataclass(frozen=True, slots=True)
class Terminal:
    """What a command's `run(options, terminal)` needs beyond its options.

    The command line builds it from the process (okrctl/cli.py); tests build one over
    StringIO, with a scripted prompter or confirm when they answer questions.
    """

    out: TextIO
    err: TextIO
    color: bool = False
    width: int | None = None  # the width of tables (output_width); None: DEFAULT_WIDTH
    environ: Mapping[str, str] = field(default_factory=dict)
    # A yes/no question, and questions with checked answers; None when stdin is no terminal.
    confirm: Callable[[str], bool] | None = None
    prompter: Prompter | None = None

    @property
    def style(self) -> Style:
        """How reports shown here are drawn."""
        return Style(self.color, self.width)

    def at_width(self, width: int | None) -> Terminal:
        """This terminal with tables at `width` (`--width`), or unchanged when None."""
        return self if width is None else replace(self, width=width)
