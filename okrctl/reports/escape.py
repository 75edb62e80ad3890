"""Text from goal files made harmless in each medium a report is written in, one function per
medium (and per place in it): every reporter calls these, none escapes on its own.

A goal file that lints clean can still hold any character (YAML's `"\\e"`, `"\\u202e"`), and a
pull request can write it. What each medium must not let through:

- text (terminals, CI logs): control characters (C0, DEL, C1), which move the cursor, set the
  window title, make hyperlinks or clear the screen; the Unicode line and paragraph separators;
  the bidirectional embedding, override and isolate controls, which reorder what is shown
  ("Trojan Source"). Each is shown as a visible escape (`\\x1b`, `\\n`, `\\u202e`). And no line
  may start, after blanks, with `::` or `##[`: GitHub Actions runs such a line of a step's
  output as a workflow command (`::add-mask::`, `::stop-commands::`, `::error::`).
- GitHub workflow commands: `%`, CR and LF encoded as the runner decodes them (`%25`, `%0D`,
  `%0A`), so a message never ends its line; other control characters visible, as in text.
- Markdown (pull-request comments, job summaries, wikis): text renders as written on GitHub
  (CommonMark and GFM): what would be markup gets a backslash (`*`, `_`, backticks, brackets,
  `~`, `$`, pipes; what starts a block where the text starts a line); no raw HTML (a `<` that
  would open a tag, a comment or an autolink; an `&` that would start an entity), no
  `@mention` that pings someone (a zero-width joiner after the `@`), and one line: blanks
  folded, so a table row stays one row. A code span holds its text raw (nothing is decoded in
  it), fenced by a longer run of backticks.
- Links (a goal's `links`): the address percent-encoded outside a small safe set (so no
  blank, control character, quote, angle bracket, parenthesis, backslash or pipe is left to
  end it, and non-ASCII cannot hide in it); lint has already refused anything but http(s).
  In Markdown the link text is escaped as text, brackets too.
- Chat (Slack and Teams digests): one line each; in Slack `mrkdwn` `&`, `<`, `>` as entities;
  in a Teams card goal-file text goes only into `TextRun`s, which are never Markdown.
- HTML: the markup characters as entities, other control characters but tabs and line breaks
  visible (a page is text too: `lines` keeps its lines from starting a workflow command).
- XML: the writer escapes markup; characters XML cannot carry are replaced.
- JSON: RFC 8259 only (never NaN or Infinity: a value that is not finite is a bug, raised, never
  printed), and the characters a terminal or a JavaScript parser would act on as `\\u` escapes.
- YAML drafts: a string that holds any of the above is written double-quoted with `\\x` and
  `\\u` escapes, so it reads back as the same string and never shows raw.

Ordinary text (no control characters, no `::` at a line's start, no tags, no mentions) comes
out exactly as it went in.
"""

from __future__ import annotations

import html as _html
import json as _json
import re
from typing import Any
from urllib.parse import quote

# Shown escaped in every medium: C0 controls, DEL, C1 controls (NEL among them), the line and
# paragraph separators, and the bidirectional embedding/override (U+202A-E) and isolate
# (U+2066-9) controls. JSON escapes C0 itself, and the YAML writer escapes all but these:
_BEYOND_C0 = "\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
UNSAFE = re.compile(f"[\x00-\x1f{_BEYOND_C0}]")
# In a workflow command's message, CR and LF are encoded instead (`command_data`).
_UNSAFE_BUT_LINE_BREAKS = re.compile(f"[\x00-\x09\x0b\x0c\x0e-\x1f{_BEYOND_C0}]")
# In whole lines of text (an edit's summary, a dry run's diff of a goal file): line breaks,
# tabs and the CR of a CRLF line ending are the text's own; a lone CR would overwrite the line.
_UNSAFE_IN_LINES = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f{_BEYOND_C0}]|\r(?!\n)")
# In HTML tabs and line breaks are only blanks (and a draft in <pre> keeps its lines).
_UNSAFE_IN_HTML = re.compile(f"[\x00-\x08\x0b-\x1f{_BEYOND_C0}]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}

# A line GitHub Actions reads as a workflow command: `::` (or the older `##[`) after blanks
# (the runner trims every Unicode blank before it looks), or after okrctl's own colours (a log
# viewer may drop them first).
_COMMAND_LINE = re.compile(r"^((?:[^\S\n]|\x1b\[[0-9;]*m)*)(::|##\[)", re.MULTILINE)
_DEFUSED = {"::": "\\x3a:", "##[": "\\x23#["}

# Markdown: what would open raw HTML (a tag, `</`, `<!--`, `<?`, an autolink), start a character
# reference, or mention someone (GitHub links `@name` after anything but a word character).
_TAG = re.compile(r"<(?=[A-Za-z/!?])")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_MENTION = re.compile(r"(?<![A-Za-z0-9_])@(?=[A-Za-z0-9])")
ZERO_WIDTH_JOINER = "\u200d"

# JSON: json.dumps escapes C0 controls itself; these it would write raw.
_JSON_RAW = re.compile(f"[{_BEYOND_C0}]")

# Characters XML 1.0 cannot carry at all (a message may quote a hostile file's bytes): all but
# tab, LF, CR, U+0020-D7FF, U+E000-FFFD and U+10000-10FFFF. Spelt as what is refused, not
# as the complement of what is allowed: compiling that set of a million characters took
# 5 ms of every run's start.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _visible(found: re.Match[str]) -> str:
    char = found.group()
    named = _NAMED.get(char)
    if named is not None:
        return named
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


# --- Text: terminals and logs --------------------------------------------------------------------


def text(value: str) -> str:
    """`value` for a terminal or a log: every control character as a visible escape (`\\x1b`,
    `\\n`, `\\u202e`), so it is one line that draws only itself."""
    return UNSAFE.sub(_visible, value)


def lines(rendered: str) -> str:
    """A whole report for a terminal or a log, with no line that GitHub Actions would run as a
    workflow command: a leading `::` or `##[` (after blanks) has its first character shown as
    an escape. okrctl's own lines never start so; a goal file's text can, when a table wraps it
    or a draft folds it."""
    return _COMMAND_LINE.sub(lambda found: found.group(1) + _DEFUSED[found.group(2)], rendered)


def text_lines(value: str) -> str:
    """Lines of text that are no report (an edit's summary, a dry run's diff of a goal file) for
    a terminal or a log: control characters visible as in `text`, but line breaks, tabs and
    CRLF line endings kept; no line starting a workflow command (`lines`)."""
    return lines(_UNSAFE_IN_LINES.sub(_visible, value))


# --- GitHub workflow commands (`--format github`) -----------------------------------------------


def command_data(value: str) -> str:
    """A workflow command's message: `%`, CR and LF as the runner decodes them, so the message
    never ends its line; other control characters visible, as in text."""
    shown = _UNSAFE_BUT_LINE_BREAKS.sub(_visible, value)
    return shown.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def command_property(value: str) -> str:
    """A workflow command's property value, where `:` and `,` are separators too."""
    return command_data(value).replace(":", "%3A").replace(",", "%2C")


# --- Markdown ------------------------------------------------------------------------------------

# Markdown text is written so that GitHub's renderer (CommonMark with the GFM extensions) shows
# exactly the characters given: each character that would be markup where it stands gets a
# backslash (CommonMark lets any ASCII punctuation have one, and shows it without), and nothing
# else changes, so ordinary titles read the same in the raw file.
#
# Inline markup, anywhere in a line: a backslash before punctuation (or at the end, a hard
# break), code spans, emphasis, GFM strikethrough (GitHub strikes with one tilde too), links,
# images and footnotes (`[`), GitHub's math (`$`), and the table's column break (`|`, escaped
# even where no table is: `\|` shows a pipe everywhere).
_INLINE = re.compile(r"\\(?=[!-/:-@\[-`{-~]|$)|[`*\[\]~$|]")
# Underscores open or close emphasis unless they stand between two letters or digits
# (`snake_case` stays as it is, `_x_` does not).
_UNDERSCORES = re.compile(r"(?<![^\W_])_+|_+(?![^\W_])")
# Block markup, where the text starts a line or a list item's content (`starts_line`): an ATX
# heading, a block quote, a bullet, a setext underline or thematic break of `-` or `=`.
_BLOCK_START = re.compile(r"^(?:#{1,6}(?=\s|$)|>|[-+](?=\s|$)|-+$|=+$)")
# An ordered list item: its `.` or `)` takes the backslash (`1\.`).
_ORDERED = re.compile(r"^(\d{1,9})(?=[.)](?:\s|$))")
# A heading's closing sequence: `#`s after a blank at the end of the line.
_CLOSING_HASHES = re.compile(r"(?<=\s)(?=#+$)")


def _one_line(value: str) -> str:
    """Blanks folded (line breaks among them): one line, with no blank at either end."""
    return " ".join(value.split())


def _backslash(found: re.Match[str]) -> str:
    return "\\" + found.group()


def _underscores(found: re.Match[str]) -> str:
    return "\\_" * len(found.group())


def markdown(value: str, *, every_angle: bool = False, starts_line: bool = False) -> str:
    """Text for Markdown that renders as written: one line (blanks folded), every character
    that would be markup where it stands backslash-escaped (`*fast*` shows its stars, `a|b`
    stays one cell, `$5 to $7` is no formula), no raw HTML, no `@mention`. Where the text
    starts a line or a list item's content (`starts_line`: a paragraph, a line of details,
    `- {text}`), what would start a block there is escaped too (`# x`, `> x`, `- x`, `1. x`,
    `---`); in a table cell, after a heading's `#` or inside a line, nothing starts a block.

    A `<` that would open a tag, a comment or an autolink becomes `&lt;` (`<= 45 min` stays as it
    is); `every_angle` escapes every `<` and `>` (the job summary always has). An `&` that would
    start a character reference becomes `&amp;`; a zero-width joiner after an `@` keeps GitHub
    from pinging the name after it. Control characters show as escapes, as in `text`.
    """
    shown = _UNDERSCORES.sub(_underscores, _INLINE.sub(_backslash, text(_one_line(value))))
    if starts_line:  # after the inline escapes, which would double these backslashes
        shown = _BLOCK_START.sub(_backslash, shown)
        shown = _ORDERED.sub(lambda found: found.group() + "\\", shown)
    shown = _CLOSING_HASHES.sub(lambda _: "\\", shown)
    shown = _ENTITY.sub("&amp;", shown)
    if every_angle:
        shown = shown.replace("<", "&lt;").replace(">", "&gt;")
    else:
        shown = _TAG.sub("&lt;", shown)
    return _MENTION.sub("@" + ZERO_WIDTH_JOINER, shown)


# What a link's address keeps as written: RFC 3986's unreserved and reserved characters but
# the ones that would end it in Markdown or HTML (`(`, `)`, `'`), and `%` (its escapes stay).
_URL_SAFE = "-._~:/?#[]@!$&*+,;=%"


def url(address: str) -> str:
    """A link's address, percent-encoded outside `_URL_SAFE`: safe in a Markdown link's
    parentheses and, HTML-escaped, in an `href`. ASCII addresses as lint accepts them are
    unchanged."""
    return quote(address, safe=_URL_SAFE)


def markdown_link(title: str, address: str) -> str:
    """`[title](address)`, the title escaped as Markdown text (its brackets too)."""
    return f"[{markdown(title)}]({url(address)})"


def _longest_run(value: str, char: str) -> int:
    runs = re.findall(f"{re.escape(char)}+", value)
    return max((len(run) for run in runs), default=0)


def markdown_code(value: str, *, cell: bool = False) -> str:
    """A code span holding `value` on one line, shown as written: its text raw (a code span
    decodes no entity and no backslash escape, so none is added: `<b>` and `&lt;` show as they
    are, and nothing in it is a tag, a link or a mention), control characters visible as in
    `text`, fenced by more backticks than any run in it (padded when it starts or ends with
    one). In a GFM table cell (`cell`) its pipes are `\\|`: the table reads them before the
    code span does, and shows a pipe. Empty text is no code span: nothing."""
    body = text(_one_line(value))
    if not body:
        return ""
    if cell:
        body = body.replace("|", "\\|")
    fence = "`" * (_longest_run(body, "`") + 1)
    pad = " " if body.startswith("`") or body.endswith("`") else ""
    return f"{fence}{pad}{body}{pad}{fence}"


def markdown_fence(block: str) -> str:
    """The fence of a code block holding `block`: longer than any run of backticks in it."""
    return "`" * max(3, _longest_run(block, "`") + 1)


# --- Chat: Slack and Microsoft Teams -------------------------------------------------------------


def chat_line(value: str) -> str:
    """Text for one line of a chat message where nothing is markup (an Adaptive Card's
    `TextRun`, which Teams never reads as Markdown; Slack's `plain_text`): blanks folded,
    control characters visible as in `text`."""
    return text(_one_line(value))


def slack(value: str) -> str:
    """Text in Slack `mrkdwn`: one line, control characters visible, and `&`, `<`, `>` as the
    entities Slack asks for, so no text makes a link, a mention (`<@U…>`, `<!channel>`) or a
    date. Slack has no escape for its formatting characters (`*`, `_`, `~`, backticks): a title
    written `*fast*` shows bold there, but can do no more than format itself."""
    return chat_line(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# --- HTML and XML --------------------------------------------------------------------------------


def html(value: object) -> str:
    """Text or an attribute value in HTML: `&`, `<`, `>` and both quotes as entities, control
    characters but tabs and line breaks visible as in `text`."""
    return _UNSAFE_IN_HTML.sub(_visible, _html.escape(str(value), quote=True))


def xml(value: str) -> str:
    """Text for an XML writer (which escapes the markup characters itself): the characters XML
    1.0 cannot carry replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", value)


# --- JSON ----------------------------------------------------------------------------------------


def _json_escape(found: re.Match[str]) -> str:
    return f"\\u{ord(found.group()):04x}"


def json_text(value: Any, *, indent: int | None = 2, ensure_ascii: bool = False) -> str:
    """`json.dumps(value)`, strict: RFC 8259 (NaN and infinities raise ValueError: okrctl never
    computes them, and a report that prints them is no JSON), and the characters JSON allows
    raw but a terminal or a JavaScript parser acts on (DEL, C1, U+2028/9, bidi controls) as
    `\\u` escapes. They only ever occur inside strings, so escaping them in the text is exact."""
    dumped = _json.dumps(value, indent=indent, ensure_ascii=ensure_ascii, allow_nan=False)
    return dumped if ensure_ascii else _JSON_RAW.sub(_json_escape, dumped)


# --- YAML drafts ---------------------------------------------------------------------------------


def yaml_needs_escapes(value: str) -> bool:
    """Whether a string in a YAML draft must be written double-quoted, with escapes (`yaml`)."""
    return UNSAFE.search(value) is not None or "::" in value or "##[" in value


# What the YAML writer leaves raw in a double-quoted string (it escapes C0 controls itself; the
# rest of the text is its own structure: line breaks, indentation).
_YAML_RAW = re.compile(f"[{_BEYOND_C0}]|::|##\\[")


def _yaml_escape(found: re.Match[str]) -> str:
    token = found.group()
    if token in _DEFUSED:
        return _DEFUSED[token]
    code = ord(token)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def yaml(dumped: str) -> str:
    """A YAML draft whose strings that `yaml_needs_escapes` were written double-quoted: what the
    YAML writer left raw in them (bidi controls, `::`, `##[`) as `\\x` and `\\u` escapes, which
    read back as the same characters. Nowhere else in a draft can these occur."""
    return _YAML_RAW.sub(_yaml_escape, dumped)
