"""`okrctl review --format teams`: the review as a Microsoft Teams message holding one Adaptive
Card (schema 1.5), ready to post to a Teams webhook (`curl --data-binary @review.json
-H 'Content-Type: application/json' "$TEAMS_WEBHOOK_URL"`).

Teams refuses a message over about 28 KB, so the card is kept under MAX_BYTES: a review longer
than that is cut at a line, and the card ends with how many lines were left out and where the
full report is (`--link`, or the command). Goal-file text goes only into `TextRun`s of
`RichTextBlock`s, which Teams never reads as Markdown: a title shows as written (escape.chat_line
folds its blanks and shows control characters); a mention needs an `<at>` entity, which okrctl
never writes.
"""

from __future__ import annotations

from typing import Any

from okrctl.compute.review import ReviewReport
from okrctl.reports import Style, escape
from okrctl.reports.review_digest import (
    FULL_REPORT_COMMAND,
    Digest,
    Line,
    Run,
    digest,
    drawn,
    left_out,
)

# The whole message as printed, in UTF-8 bytes: Teams' limit (about 28 KB) with room to spare
# for what the webhook adds.
MAX_BYTES = 24_000
CARD_VERSION = "1.5"
SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"


def _size(value: Any) -> int:
    return len(escape.json_text(value, indent=None).encode("utf-8"))


def _text_run(text: str, *, strong: bool = False, **more: Any) -> dict[str, Any]:
    run: dict[str, Any] = {"type": "TextRun", "text": text}
    if strong:
        run["weight"] = "Bolder"
    return run | more


def _line(line: Line) -> dict[str, Any]:
    inlines = [_text_run(drawn(run, escape.chat_line), strong=run.strong) for run in line]
    return {"type": "RichTextBlock", "inlines": [i for i in inlines if i["text"]]}


def _heading(text: str, size: str) -> dict[str, Any]:
    return {
        "type": "RichTextBlock",
        "inlines": [_text_run(escape.chat_line(text), strong=True, size=size)],
        "spacing": "Medium",
    }


def _closing(found: Digest, left: int) -> dict[str, Any]:
    words = _text_run(left_out(left), isSubtle=True)
    if found.link is None:
        where = _text_run(f"full report: {FULL_REPORT_COMMAND}", fontType="Monospace")
    else:
        address = escape.url(found.link)
        where = _text_run(
            "full report", selectAction={"type": "Action.OpenUrl", "url": address}, color="Accent"
        )
    return {"type": "RichTextBlock", "inlines": [words, where], "separator": True}


def _message(body: list[dict[str, Any]], fallback: str) -> dict[str, Any]:
    card = {
        "type": "AdaptiveCard",
        "$schema": SCHEMA,
        "version": CARD_VERSION,
        "fallbackText": fallback,
        "body": body,
    }
    attachment = {
        "contentType": "application/vnd.microsoft.card.adaptive",
        "contentUrl": None,
        "content": card,
    }
    return {"type": "message", "attachments": [attachment]}


def message(report: ReviewReport) -> dict[str, Any]:
    """The message: the title, the counts, as many of the review's lines as fit in MAX_BYTES,
    then the closing line."""
    found = digest(report)
    fallback = escape.chat_line(found.title)
    body = [_heading(found.title, "Large")]
    body += [_line((Run(detail),)) for detail in found.details]
    facts = [{"title": name, "value": str(count)} for name, count in found.counts]
    body.append({"type": "FactSet", "facts": facts})
    # Room for the longest closing line, whichever is written.
    used = _size(_message(body, fallback)) + _size(_closing(found, found.lines)) + 2
    shown = 0
    for part in found.parts:
        pieces = [_heading(part.heading, "Medium"), *(_line(line) for line in part.lines)]
        for number, piece in enumerate(pieces):
            cost = _size(piece) + 2  # the comma and blank between items
            if used + cost > MAX_BYTES:
                break
            body.append(piece)
            used += cost
            shown += number > 0
        else:
            continue
        break
    body.append(_closing(found, found.lines - shown))
    return _message(body, fallback)


def render(report: ReviewReport, style: Style) -> str:
    return escape.json_text(message(report), indent=None) + "\n"
