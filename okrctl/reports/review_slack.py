"""`okrctl review --format slack`: the review as a Slack message (Block Kit JSON), ready to
post to an incoming webhook (`curl --data-binary @review.json "$SLACK_WEBHOOK_URL"`).

Within Slack's documented limits: at most 50 blocks in a message, a header's text at most 150
characters, a section's text at most 3000 and at most 10 fields of at most 2000 each, a
context at most 10 elements. A review longer than that is cut at a line, and the message ends
with how many lines were left out and where the full report is (`--link`, or the command).
Goal-file text is Slack `mrkdwn` with `&`, `<` and `>` as entities (escape.slack).
"""

from __future__ import annotations

import re
from typing import Any

from okrctl.compute.review import ReviewReport
from okrctl.reports import Style, escape
from okrctl.reports.review_digest import (
    FULL_REPORT_COMMAND,
    Digest,
    Line,
    digest,
    drawn,
    left_out,
)

MAX_BLOCKS = 50
MAX_HEADER = 150
MAX_SECTION = 3000
MAX_FIELDS = 10
MAX_FIELD = 2000
MAX_CONTEXT = 10
# A line longer than this (only a goal file full of `&<>` makes one) is cut, with "…".
MAX_LINE = MAX_SECTION - 200
_PARTIAL_ENTITY = re.compile(r"&[a-z]{0,3}$")


def _mrkdwn(text: str) -> dict[str, str]:
    return {"type": "mrkdwn", "text": text}


def _line(line: Line) -> str:
    """A line in mrkdwn: okrctl's labels bold (the blank after one outside its stars, as
    Slack's bold needs), goal-file text escaped."""
    pieces = []
    for run in line:
        text = drawn(run, escape.slack)
        if run.strong and text.strip():
            stripped = text.rstrip()
            text = f"*{stripped}*" + text[len(stripped) :]
        pieces.append(text)
    shown = "".join(pieces).rstrip()
    if len(shown) > MAX_LINE:
        shown = _PARTIAL_ENTITY.sub("", shown[: MAX_LINE - 1]) + "…"
    return shown


def _header(text: str) -> dict[str, Any]:
    shown = escape.chat_line(text)
    if len(shown) > MAX_HEADER:
        shown = shown[: MAX_HEADER - 1] + "…"
    return {"type": "header", "text": {"type": "plain_text", "text": shown, "emoji": True}}


def _counts(found: Digest) -> list[dict[str, Any]]:
    fields = [_mrkdwn(f"*{name}*\n{count}") for name, count in found.counts]
    return [
        {"type": "section", "fields": fields[start : start + MAX_FIELDS]}
        for start in range(0, len(fields), MAX_FIELDS)
    ]


def _closing(found: Digest, left: int) -> dict[str, Any]:
    if found.link is not None:
        # Slack reads entities in a link's address too: its `&` is written `&amp;`.
        where = f"<{escape.url(found.link).replace('&', '&amp;')}|full report>"
    else:
        where = f"full report: `{FULL_REPORT_COMMAND}`"
    return {"type": "context", "elements": [_mrkdwn(left_out(left) + where)]}  # own words


def _sections(found: Digest) -> list[tuple[dict[str, Any], int]]:
    """Each part as sections of at most MAX_SECTION characters: its heading in bold, then its
    lines; with how many of the digest's lines each holds."""
    sections = []
    for part in found.parts:
        text, count = f"*{escape.slack(part.heading)}*", 0
        for line in part.lines:
            shown = _line(line)
            if len(text) + 1 + len(shown) > MAX_SECTION:
                sections.append(({"type": "section", "text": _mrkdwn(text)}, count))
                text, count = shown, 0
            else:
                text = f"{text}\n{shown}"
            count += 1
        sections.append(({"type": "section", "text": _mrkdwn(text)}, count))
    return sections


def blocks(report: ReviewReport) -> list[dict[str, Any]]:
    """The message's blocks: the title, the counts, as many sections of the review as fit in
    MAX_BLOCKS, then the closing line (how many lines were left out, where the rest is)."""
    found = digest(report)
    out: list[dict[str, Any]] = [_header(found.title)]
    if found.details:
        details = [_mrkdwn(escape.slack(d)) for d in found.details[:MAX_CONTEXT]]
        out.append({"type": "context", "elements": details})
    out += _counts(found)
    shown = 0
    for section, count in _sections(found):
        if len(out) >= MAX_BLOCKS - 1:  # the closing line always has its block
            break
        out.append(section)
        shown += count
    out.append(_closing(found, found.lines - shown))
    return out


def render(report: ReviewReport, style: Style) -> str:
    found = blocks(report)
    fallback = escape.slack(digest(report).title)  # what notifications show
    return escape.json_text({"text": fallback, "blocks": found}) + "\n"
