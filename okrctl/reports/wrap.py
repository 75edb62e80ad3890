"""Long lines of the text reports, wrapped under themselves at the width: never cut inside a
word (ids, refs and URLs stay whole), a number and its unit and a month and its day together."""

from __future__ import annotations

import re
import textwrap

# A number and its unit, and a month and its day ("43 min", "(Oct 31)"), stay on one line:
# the space between them is held as a no-break space while wrapping.
_KEEP = re.compile(r"(?<=\d) (?=[^\s\-])|(?<=\(\w{3}) (?=\d)")


def hanging(line: str, width: int) -> list[str]:
    """`line` (escaped, indented) in lines of at most `width` (40 at the least), continuing two
    columns further in; a word longer than the width stands whole on a line of its own."""
    indent = line[: len(line) - len(line.lstrip(" "))]
    held = _KEEP.sub("\u00a0", line.strip(" "))
    return [
        part.replace("\u00a0", " ")
        for part in textwrap.wrap(
            held,
            max(width, 40),
            initial_indent=indent,
            subsequent_indent=indent + "  ",
            break_long_words=False,
            break_on_hyphens=False,
        )
    ] or [""]
