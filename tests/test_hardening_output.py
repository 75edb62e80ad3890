"""Issue 14, items 2, 3 and 8: what okrctl prints is safe and well-formed whatever a goal file
holds.

- Item 2: no output ever holds NaN or Infinity; every computation is total on finite numbers
  (1e308, 5e-324, -1e308); a key result beyond a float's range is `out-of-range`.
- Item 3: text from goal files is never read as rich markup (`[/bold]` crashed score, kpi check
  and review with MarkupError).
- Item 8: no terminal escape sequence, no GitHub workflow command, no raw HTML and no @mention
  from a goal file reaches any output: each medium escapes with okrctl/reports/escape.py.

Goal files are written to a temporary folder (the corpus cases are tests/data/hostile/
`overflow-values.yaml`, `rich-markup.yaml` and `terminal-escapes.yaml`), every command runs in
this process through `okrctl.cli.main` in every `--format`, and every output is checked for
the properties of its medium; a few representative lines are pinned exactly. Hypothesis puts
hostile text into every text field and huge and tiny numbers into every value.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Literal
from xml.etree import ElementTree

import pytest
from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from okrctl import clock, reports
from okrctl.cli import main
from okrctl.compute.kpi_health import BandValue, KpiStatus
from okrctl.compute.scoring import _progress, _weighted_mean, linear_forecast
from okrctl.reports import (
    CALIBRATION,
    DIFF,
    IMPACT,
    KPI,
    LINT,
    PULL,
    REVIEW,
    SCORE,
    SUGGEST,
    TREE,
    escape,
)
from okrctl.reports.draft_yaml import to_yaml
from okrctl.reports.kpi_format import share, sparkline

CORPUS = Path(__file__).parent / "data" / "hostile"
AS_OF = "2026-11-22"
TODAY = date(2026, 11, 22)
LARGEST = 1.7976931348623157e308


# --- Running okrctl in this process ------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    args: tuple[str, ...]
    code: int
    out: str
    err: str


@contextmanager
def environment(values: Mapping[str, str]) -> Iterator[None]:
    """os.environ with `values` set and the variables that would change a run removed."""
    keys = {"NO_COLOR", "FORCE_COLOR", "GITHUB_STEP_SUMMARY", "OKRCTL_DEBUG", "CI", *values}
    saved = {key: os.environ.get(key) for key in keys}
    for key in keys:
        os.environ.pop(key, None)
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def run(folder: Path, *args: str, env: Mapping[str, str] | None = None) -> Run:
    """`okrctl ARGS` in `folder`, in this process: its exit status, stdout and stderr.

    OKRCTL_DEBUG is set, so a crash is raised here (with its traceback) instead of becoming
    okrctl's one-line internal error.
    """
    out, err = io.StringIO(), io.StringIO()
    previous = Path.cwd()
    token = clock.TODAY.set(lambda: TODAY)
    os.chdir(folder)
    try:
        with (
            environment({"OKRCTL_DEBUG": "1", **(env or {})}),
            redirect_stdout(out),
            redirect_stderr(err),
        ):
            try:
                main(list(args))
            except SystemExit as stop:
                code = stop.code if isinstance(stop.code, int) else 0
            else:
                code = 0
    finally:
        os.chdir(previous)
        clock.TODAY.reset(token)
    return Run(tuple(args), code, out.getvalue(), err.getvalue())


# What each --format is written in. Taken from the registries, so a new format is covered (and
# fails here until its medium is named).
MEDIUM = {
    "text": "text",
    "yaml": "text",
    "json": "json",
    "sarif": "json",
    "gitlab": "json",
    "junit": "xml",
    "github": "github",
    "markdown": "markdown",
    "html": "html",
    "slack": "json",  # Block Kit: strings in mrkdwn, checked in tests/test_chat_formats.py
    "teams": "json",  # an Adaptive Card, validated in tests/test_chat_formats.py
}
READ_COMMANDS: list[tuple[tuple[str, ...], reports.Registry[Any]]] = [
    (("lint",), LINT),
    (("score", "--as-of", AS_OF), SCORE),
    (("tree", "--as-of", AS_OF), TREE),
    (("kpi", "check", "--as-of", AS_OF), KPI),
    (("suggest", "--as-of", AS_OF), SUGGEST),
    (("impact", "--as-of", AS_OF), IMPACT),
    # A year on, every verdict of the hostile tree is settled: its numbers are printed.
    (("impact", "--as-of", "2027-11-22"), IMPACT),
    (("review", "--as-of", AS_OF, "--cadence", "weekly"), REVIEW),
    (("review", "--as-of", AS_OF, "--cadence", "quarterly", "--period", "2026-Q4"), REVIEW),
    # The monthly KPI review: trends, breaches and band drafts of the hostile KPIs.
    (("review", "--as-of", AS_OF, "--cadence", "monthly"), REVIEW),
    (("calibration", "--as-of", AS_OF), CALIBRATION),
    # A dry run writes nothing; the hostile goal files' sources read a CSV file beside them.
    (("pull", "--dry-run", "--as-of", AS_OF), PULL),
]
# The text tables again at the narrowest width (--width 40), where every title gives way and
# ids stand on lines of their own (reports/table.py).
NARROW = ("--width", "40")
EVERY_RUN = [
    (command + ("--format", name), MEDIUM[name])
    for command, registry in READ_COMMANDS
    for name in registry.names
] + [
    (command + ("--format", "text", *NARROW), "text")
    for command, _ in READ_COMMANDS[1:]
    if command[0] != "pull"  # no tables, no --width
]
# The registries whose reports are not on a goal tree read as it is: each is fuzzed elsewhere
# or has no goal-file text in it.
NOT_READ_COMMANDS = {
    "DIFF": "test_hostile_changes_through_every_diff_format",
    "CLASSIFY": "answers typed by a person, not goal files",
    "SCHEMA": "okrctl's own JSON schema",
    "RULES": "okrctl's own rule documentation",
}


def test_every_registry_and_format_is_fuzzed() -> None:
    """Every reporter registry in okrctl.reports is run here in every format it lists (or is
    named, with the reason, in NOT_READ_COMMANDS): a new registry or format is covered."""
    registries = {
        name: value for name, value in vars(reports).items() if isinstance(value, reports.Registry)
    }
    covered = {
        name
        for name, registry in registries.items()
        if any(each is registry for _, each in READ_COMMANDS)
    }
    assert covered | set(NOT_READ_COMMANDS) == set(registries), set(registries) - covered
    assert not covered & set(NOT_READ_COMMANDS)
    assert {f for registry in registries.values() for f in registry.names} <= set(MEDIUM)


# --- What every output must be, by medium --------------------------------------------------------

SGR = re.compile(r"\x1b\[[0-9;]*m")  # okrctl's own colours, with FORCE_COLOR
# A line GitHub Actions would run as a workflow command (the runner trims blanks first; colours
# are skipped too, in case a log viewer drops them).
COMMAND_LINE = re.compile(r"^(\s|\x1b\[[0-9;]*m)*(::|##\[)", re.MULTILINE)
OWN_ANNOTATION = re.compile(r"::(error|warning|notice) [^:\r\n]*::[^\r\n]*")
TAG_OPEN = re.compile(r"<[A-Za-z/!?]")
MENTION = re.compile(r"(?<![A-Za-z0-9_])@[A-Za-z0-9]")
UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")
NOT_A_NUMBER = re.compile(r"\b(inf|infinity|nan)\b", re.IGNORECASE)
FENCE = re.compile(r"\s*(`{3,})")
DIFF_MARKER = "<!-- okrctl-diff -->"
# Every element okrctl's HTML report is made of: anything else came from a goal file.
HTML_ELEMENTS = {
    "html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "p", "main",
    "section", "table", "caption", "thead", "tbody", "tr", "th", "td", "code", "span", "strong",
    "ol", "ul", "li", "div", "br", "svg", "desc", "rect", "polyline", "g", "circle", "path",
    "details", "summary", "pre", "article",
}  # fmt: skip


def strict_json(text: str) -> Any:
    """RFC 8259 JSON only: NaN, Infinity and -Infinity are refused."""

    def refuse(constant: str) -> None:
        raise AssertionError(f"not JSON: {constant}")

    return json.loads(text, parse_constant=refuse)


class Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.seen: set[str] = set()
        self.attributes: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.seen.add(tag)
        self.attributes.update(name for name, _ in attrs)


def check_text(text: str, what: object) -> None:
    """Terminal text: no control character but line breaks (and okrctl's own colours), no line
    that starts a workflow command."""
    plain = SGR.sub("", text)
    raw = {hex(ord(c)) for c in escape.UNSAFE.findall(plain.replace("\n", ""))}
    assert not raw, (what, raw)
    assert not COMMAND_LINE.search(text), (what, COMMAND_LINE.search(text))


def outside_code_blocks(text: str, what: object) -> str:
    """The lines of Markdown outside fenced code blocks (where nothing is markup), each block
    closed by a fence as long as the one that opened it."""
    kept, fence = [], ""
    for line in text.splitlines():
        found = FENCE.match(line)
        if fence:
            if found and found.group(1) == fence:
                fence = ""
        elif found:
            fence = found.group(1)
        else:
            kept.append(line)
    assert not fence, (what, "a code block is never closed")
    return "\n".join(kept)


def check_markdown(text: str, what: object) -> None:
    check_text(text, what)
    body = outside_code_blocks(text.removeprefix(DIFF_MARKER), what)
    assert not TAG_OPEN.search(body), (what, TAG_OPEN.search(body))
    found = MENTION.search(body)
    assert not found, (what, body[max(0, found.start() - 40) : found.end() + 20])
    # Every row of a table has as many cells as its header: no goal-file text broke a row.
    columns = None
    for line in text.splitlines():
        if not line.startswith("|"):
            columns = None
            continue
        count = len(UNESCAPED_PIPE.findall(line))
        columns = count if columns is None else columns
        assert count == columns, (what, line)


def check_output(medium: str, run: Run) -> None:
    """The properties of `run`'s stdout in its medium; stderr is always terminal text."""
    what = run.args
    assert "Traceback" not in run.err, (what, run.err)
    check_text(run.err, what)
    out = run.out
    if run.code == 2 and not out:  # refused (the tree has errors): stderr said why
        return
    if medium == "text":
        check_text(out, what)
    elif medium == "github":
        for line in out.splitlines():
            assert OWN_ANNOTATION.fullmatch(line), (what, line)
            assert not escape.UNSAFE.search(line), (what, line)
    elif medium == "json":
        strict_json(out)
        assert not escape.UNSAFE.search(out.replace("\n", "")), what
        assert not COMMAND_LINE.search(out), what
    elif medium == "xml":
        ElementTree.fromstring(out)
        assert not COMMAND_LINE.search(out), what
    elif medium == "markdown":
        check_markdown(out, what)
    elif medium == "html":
        parser = Elements()
        parser.feed(out)
        assert parser.seen <= HTML_ELEMENTS, (what, parser.seen - HTML_ELEMENTS)
        assert not {a for a in parser.attributes if a.startswith("on")}, what
        assert not COMMAND_LINE.search(out), what
        check_text(out.replace("\t", " "), what)
    else:
        raise AssertionError(f"no medium {medium!r}")


def run_everything(
    folder: Path, env: Mapping[str, str] | None = None
) -> dict[tuple[str, ...], Run]:
    """Every read-only command in every format on the tree in `folder`, each output checked."""
    runs = {}
    for args, medium in EVERY_RUN:
        result = run(folder, *args, ".", env=env)
        assert result.code in (0, 1, 2), (args, result.code, result.err)
        if result.code == 2:  # the tree has errors: listed on stderr, then one line
            assert result.err.splitlines()[-1].startswith("okrctl: error: "), result.err
            assert result.out == "", args
        check_output(medium, result)
        runs[args] = result
    return runs


def corpus(case: str, folder: Path) -> Path:
    shutil.copy(CORPUS / case, folder / case)
    return folder


# Each corpus case lints clean (its one line: the verdict, or its one info finding), and is
# scored (exit 0) and checked (exit 1: its KPI is in breach) without an error.
ROTA_INFO = (
    "terminal-escapes.yaml:15:16: info: key result `Launch the rota\\n::add-mask::secret "
    "<img src=x onerror=alert(1)> @octocat` describes an activity (`launch`), not an outcome: "
    "say what will be true because of it [OK110 output-not-outcome]"
)


@pytest.mark.parametrize(
    ("case", "line"),
    [
        ("overflow-values.yaml", "All checks passed (1 file)."),
        ("rich-markup.yaml", "All checks passed (1 file)."),
        ("terminal-escapes.yaml", ROTA_INFO),
    ],
)
def test_corpus_case_has_its_one_line_and_exit_codes(case: str, line: str, tmp_path: Path) -> None:
    folder = corpus(case, tmp_path)
    linted = run(folder, "lint", ".")
    assert (linted.code, linted.out.splitlines()[0], linted.err) == (0, line, "")
    assert run(folder, "score", "--as-of", AS_OF, ".").code == 0
    assert run(folder, "kpi", "check", "--as-of", AS_OF, ".").code == 1


# --- The escapes, one medium at a time -----------------------------------------------------------


def test_text_shows_every_control_character_as_a_visible_escape() -> None:
    assert escape.text("a\x1b]0;pwned\x07b") == "a\\x1b]0;pwned\\x07b"
    assert escape.text("x\r\n::error::y\t\x9b\x85") == "x\\r\\n::error::y\\t\\x9b\\x85"
    assert escape.text("evil\u202egnp.exe\u2028\u2066") == "evil\\u202egnp.exe\\u2028\\u2066"
    ordinary = "Median first-response time → 25 min · 4.6/5 · ≤ 45 «ok» 日本"
    assert escape.text(ordinary) == ordinary


def test_no_line_starts_a_workflow_command() -> None:
    text = "ok ::not at the start\n::error::x\n  ::add-mask::y\n\u00a0##[error]z\n##[ok"
    assert escape.lines(text) == (
        "ok ::not at the start\n\\x3a:error::x\n  \\x3a:add-mask::y\n\u00a0\\x23#[error]z\n"
        "\\x23#[ok"
    )
    assert escape.text_lines("a\tb\r\nc\rd\x1b\n::x\n") == "a\tb\r\nc\\rd\\x1b\n\\x3a:x\n"


def test_workflow_command_data_and_properties() -> None:
    assert escape.command_data("100% done\r\nnext") == "100%25 done%0D%0Anext"
    assert escape.command_data("a\x1b]0;t\x07\n::stop-commands::x") == (
        "a\\x1b]0;t\\x07%0A::stop-commands::x"
    )
    assert escape.command_property("a:b,c%d\ne") == "a%3Ab%2Cc%25d%0Ae"


def test_markdown_has_no_html_no_mention_and_stays_one_cell() -> None:
    assert escape.markdown("<img src=x onerror=alert(1)> a|b\nc") == (
        "&lt;img src=x onerror=alert(1)> a\\|b c"
    )
    assert escape.markdown("</table><!-- x --><?php &lt; &amp; R&D") == (
        "&lt;/table>&lt;!-- x -->&lt;?php &amp;lt; &amp;amp; R&D"
    )
    assert escape.markdown("ping @octocat, @org/team; mail a@b.com") == (
        "ping @\u200doctocat, @\u200dorg/team; mail a@b.com"
    )
    assert escape.markdown("<= 45 min, 52 -> 25, x > y") == "<= 45 min, 52 -> 25, x > y"
    assert escape.markdown("a<b>c", every_angle=True) == "a&lt;b&gt;c"
    assert escape.markdown_code("support/kpis.yaml:3") == "`support/kpis.yaml:3`"
    assert escape.markdown_code("a`b") == "``a`b``"
    assert escape.markdown_code("`x") == "`` `x ``"
    assert escape.markdown_fence("x\n````\ny") == "`````"


def test_html_escapes_markup_and_control_characters() -> None:
    assert escape.html('<script>"x"\'&\n\x1b\t\r') == (
        "&lt;script&gt;&quot;x&quot;&#x27;&amp;\n\\x1b\t\\r"
    )


def test_json_is_strict_and_escapes_what_a_terminal_acts_on() -> None:
    assert escape.json_text({"a": "\x1b\x7f\x9b\u2028\u202eé"}, indent=None) == (
        '{"a": "\\u001b\\u007f\\u009b\\u2028\\u202eé"}'
    )
    for bad in (float("nan"), float("inf"), -float("inf")):
        with pytest.raises(ValueError):
            escape.json_text({"x": bad})


def test_yaml_drafts_escape_and_read_back_as_written() -> None:
    title = "Restore \x1b[2J median\u202e\n::error::x ##[y " + "word " * 30 + "::add-mask::z"
    draft = to_yaml({"title": title, "plain": "Median first-response time"})
    assert not COMMAND_LINE.search(draft)
    assert not escape.UNSAFE.search(draft.replace("\n", ""))
    assert "plain: Median first-response time\n" in draft
    assert YAML(typ="safe").load(draft) == {"title": title, "plain": "Median first-response time"}


# Properties of the escapes over any text, and over text made of the hostile pieces.
HOSTILE_PIECES = [
    "[/bold]", "[red]", "[/]", "[link=https://evil.example]", ":warning:",
    "\x1b[2J", "\x1b]0;pwned\x07", "\x1b]8;;https://evil.example\x1b\\", "\x1b[8m", "\x9b31m",
    "\x07", "\r", "\n", "\r\n", "\t", "\x00", "\x7f", "\x85", "\u2028", "\u2029", "\u202e",
    "\u2066", "\n::error::x", "\n::add-mask::secret", "::stop-commands::tok", "\n  ::warning::",
    "\n##[error]y", "\u00a0::notice::", "<img src=x onerror=alert(1)>", "<script>", "</table>",
    "<!-- okrctl-diff -->", "&lt;", "@octocat", "@org/team", "|", "`", "```", "%0A", "\\",
    "\"", "'", "#", "*", "_", "->", "<=", "a", "Median time", "é", "日本",
]  # fmt: skip
pieces = st.lists(st.sampled_from(HOSTILE_PIECES), min_size=1, max_size=8).map("".join)
SURROGATES: tuple[Literal["Cs"]] = ("Cs",)  # no text can hold a lone one
any_text = st.text(st.characters(exclude_categories=SURROGATES), max_size=40)
hostile_text = pieces | any_text | st.tuples(pieces, any_text).map("".join)


@settings(max_examples=300, deadline=None)
@given(hostile_text)
def test_every_escape_holds_for_any_text(value: str) -> None:
    shown = escape.text(value)
    assert not escape.UNSAFE.search(shown)
    assert not COMMAND_LINE.search(escape.lines(value))
    assert not COMMAND_LINE.search(escape.text_lines(value))
    data = escape.command_data(value)
    assert "\n" not in data and "\r" not in data and not escape.UNSAFE.search(data)
    cell = escape.markdown(value)
    assert "\n" not in cell and not escape.UNSAFE.search(cell)
    assert not TAG_OPEN.search(cell) and not MENTION.search(cell)
    assert len(UNESCAPED_PIPE.findall(cell)) == 0
    assert "\r" not in escape.html(value) and not TAG_OPEN.search(escape.html(value))
    assert strict_json(escape.json_text({"v": value})) == {"v": value}


# Long enough, often, to be folded at the draft's width (100).
long_text = st.lists(hostile_text, min_size=1, max_size=10).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(long_text)
def test_yaml_drafts_round_trip_any_text(value: str) -> None:
    draft = to_yaml({"title": value, "items": [{"note": value}]})
    assert not COMMAND_LINE.search(draft)
    assert not escape.UNSAFE.search(draft.replace("\n", ""))
    assert YAML(typ="safe").load(draft) == {"title": value, "items": [{"note": value}]}


# --- Item 2: computations are total on finite numbers --------------------------------------------

EXTREMES = [
    LARGEST, -LARGEST, 1e308, -1e308, 1.7e308, 5e-324, -5e-324, 1e-320, 2.2250738585072014e-308,
    0.0, -0.0, 1.0, 52.0, 25.0, 1e-300, 1e300,
]  # fmt: skip
finite = st.sampled_from(EXTREMES) | st.floats(allow_nan=False, allow_infinity=False)


def exact_progress(start: float, target: float, current: float) -> Fraction:
    return (Fraction(current) - Fraction(start)) / (Fraction(target) - Fraction(start))


@settings(max_examples=500, deadline=None)
@given(finite, finite, finite)
def test_progress_is_the_exact_ratio_or_out_of_range(
    start: float, target: float, current: float
) -> None:
    assume(start != target)
    progress = _progress(start, target, current)
    try:
        expected = float(exact_progress(start, target, current))
    except OverflowError:  # beyond the largest float
        assert progress is None
        return
    if progress is None:  # only a rounding away from the largest float
        assert abs(expected) > LARGEST * (1 - 1e-9)
    else:
        assert progress == pytest.approx(expected, rel=1e-9, abs=1e-300)


def exact_forecast(points: list[tuple[int, float]]) -> Fraction:
    data = [(Fraction(x), Fraction(y)) for x, y in points]
    n = len(data)
    zero = Fraction(0)
    mean_x = sum((x for x, _ in data), zero) / n
    mean_y = sum((y for _, y in data), zero) / n
    sxx = sum(((x - mean_x) ** 2 for x, _ in data), zero)
    sxy = sum(((x - mean_x) * (y - mean_y) for x, y in data), zero)
    return mean_y - sxy / sxx * mean_x


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(-400, 0), finite), min_size=2, max_size=8))
def test_forecast_is_finite_and_right_or_out_of_range(points: list[tuple[int, float]]) -> None:
    at = date(2026, 12, 31)
    dated = [(at + timedelta(days=x), y) for x, y in points]
    forecast = linear_forecast(dated, at)
    if len({x for x, _ in points}) < 2:
        assert forecast is None
        return
    assert forecast is not None
    exact = exact_forecast(points)
    if abs(exact) > Fraction(LARGEST):
        assert forecast == float("inf")  # the caller reports the key result out of range
    elif forecast != float("inf"):
        scale = max(abs(y) for _, y in points)
        assert abs(Fraction(forecast) - exact) <= Fraction(scale) * Fraction(1, 10**6) + Fraction(
            1, 10**300
        )


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from([0.0, 0.25, 0.5, 1.0]),
            st.sampled_from([LARGEST, 1e308, 1e150, 1.0, 2.0, 1e-150, 1e-320, 5e-324])
            | st.floats(min_value=5e-324, max_value=LARGEST),
        ),
        min_size=1,
        max_size=5,
    )
)
def test_weighted_mean_is_within_the_scores(scores: list[tuple[float, float]]) -> None:
    mean = _weighted_mean(scores)
    low, high = min(s for s, _ in scores), max(s for s, _ in scores)
    assert low - 1e-12 <= mean <= high + 1e-12


@settings(max_examples=300, deadline=None)
@given(st.lists(finite, min_size=1, max_size=12))
def test_sparkline_draws_any_finite_values(values: list[float]) -> None:
    history = tuple((date(2026, 1, 1) + timedelta(days=n), v) for n, v in enumerate(values))
    status = KpiStatus(
        "t/k", "t", "k", "K", "o", None, None, BandValue(None, None), None, None, values[-1],
        date(2026, 1, 1), "ok", False, 0, 0, "flat", history,
    )  # fmt: skip
    line = sparkline(status)
    assert len(line) == len(values) and set(line) <= set("▁▂▃▄▅▆▇█")
    low, high = min(values), max(values)
    if low < high:
        assert all(0.0 <= share(v, low, high) <= 1.0 for v in values)


def test_overflow_corpus_case_is_out_of_range_and_strict_json(tmp_path: Path) -> None:
    folder = corpus("overflow-values.yaml", tmp_path)
    assert run(folder, "lint", ".").code == 0
    scored = run(folder, "score", "--as-of", AS_OF, "--format", "json", ".")
    assert scored.code == 0
    document = strict_json(scored.out)
    huge, weights = document["objectives"]
    rows = {
        kr["id"]: (kr["status"], kr["score"], kr["progress"], kr["forecast"], kr["no_data"])
        for kr in huge["key_results"] + weights["key_results"]
    }
    assert rows == {
        "forecast": ("out-of-range", 0.0, None, None, False),
        "progress": ("out-of-range", 0.0, None, None, False),
        "span": ("on-track", 0.5, 0.5, None, False),
        "tiny": ("on-track", 1.0, 1.0, None, False),
        "half": ("on-track", 0.5, 0.5, None, False),
        "there": ("on-track", 1.0, 1.0, None, False),
        "linked": ("out-of-range", 0.0, None, None, False),
    }
    # The tiny weight counts for nothing beside the others: (0 + 0 + 0.5) / 3.
    assert (huge["score"], huge["status"]) == (0.167, "off-track")
    assert huge["note"] == (
        "key result forecast is out of range: its forecast is beyond what a number can hold; "
        "key result progress is out of range: its progress is beyond what a number can hold"
    )
    assert weights["note"] == (
        "key result linked is out of range: its forecast is beyond what a number can hold"
    )
    # Weights of 1e308 count by their ratio (1:1); the KPI-linked one (weight 1) is nothing
    # beside them: (0.5 + 1.0) / 2.
    assert (weights["score"], weights["grade"], weights["status"]) == (0.75, "green", "on-track")
    text = run(folder, "score", "--as-of", AS_OF, ".").out
    assert "out-of-range" in text and "note: support/2026-Q4/huge key result forecast" in text
    kpis = strict_json(run(folder, "kpi", "check", "--as-of", AS_OF, "--format", "json", ".").out)
    assert [(k["id"], k["status"], k["value"]) for k in kpis["kpis"]] == [
        ("extremes", "breach", LARGEST),
        ("tiny", "breach", 1.5e-323),
    ]
    board = run(folder, "kpi", "check", "--as-of", AS_OF, "--format", "markdown", ".").out
    assert "| █▁▄█ | **breach** |" in board and "| ▁▃█ | **breach** |" in board


def test_overflow_corpus_case_through_every_command_and_format(tmp_path: Path) -> None:
    runs = run_everything(corpus("overflow-values.yaml", tmp_path))
    for args, result in runs.items():
        assert result.code in (0, 1), (args, result.err)
        if "json" not in args and "sarif" not in args:  # JSON is parsed strictly already
            assert not NOT_A_NUMBER.search(result.out), args


# --- Item 3: no rich markup from goal files ----------------------------------------------------


def test_markup_corpus_case_is_shown_as_written(tmp_path: Path) -> None:
    folder = corpus("rich-markup.yaml", tmp_path)
    runs = run_everything(folder)
    assert {args[0]: r.code for args, r in runs.items()} == {
        "lint": 0,
        "score": 0,
        "tree": 0,
        "kpi": 1,  # the KPI is in breach
        "suggest": 0,
        "impact": 0,
        "review": 0,
        "calibration": 0,
        "pull": 0,  # no source: nothing to pull
    }
    kpi = runs[("kpi", "check", "--as-of", AS_OF, "--format", "text")].out
    assert "first-response-time   52 [b]m   <= 45 [b]m   ▁█       breach x2   [/bold]     6d" in kpi
    tree = runs[("tree", "--as-of", AS_OF, "--format", "text")].out
    assert tree.startswith(  # the title under its ref, score and status (too long beside them)
        "support/2026-Q4/markup  0.296 red  off-track\n"
        "  Customers [/bold] get [red]answers[/red]\n[link=https://example.com/x]fast[/link]\n"
    )
    weekly = runs[("review", "--as-of", AS_OF, "--cadence", "weekly", "--format", "text")].out
    row = "  0.593  on-track     0.6  [blink]sam[/blink]\n  First response [/bold] down to [bold]"
    assert row in weekly
    scored = strict_json(runs[("score", "--as-of", AS_OF, "--format", "json")].out)
    objective = scored["objectives"][0]
    assert (objective["title"], objective["owner"]) == (
        "Customers [/bold] get [red]answers[/red] [link=https://example.com/x]fast[/link]",
        "[/]",
    )
    assert objective["key_results"][0]["note"] == ":warning: [/] done"


def test_markup_in_a_finding_and_in_the_error_line(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(
        'team: "[/bold]"\nperiod: 2026-Q4\nobjectives: []\n', encoding="utf-8"
    )
    result = run(tmp_path, "score", "--as-of", AS_OF, ".")
    assert result.code == 2
    assert result.err == (
        "a.yaml:1:7: error: `team`: `[/bold]` is not a valid id: use lowercase letters, digits, "
        "`-` and `_`, starting with a letter or digit (e.g. `bold`) [OK005 invalid-value]\n\n"
        "Found 1 error in 1 of 1 file.\n"
        "okrctl: error: the goal tree has 1 error (listed above); fix them, or pass "
        "--skip-invalid to report on the rest\n"
    )


# --- Item 8: terminal and CI injection -----------------------------------------------------------

ESCAPES = "terminal-escapes.yaml"
ROTA_TITLE = "Launch the rota\n::add-mask::secret <img src=x onerror=alert(1)> @octocat"


def test_escapes_corpus_case_through_every_command_and_format(tmp_path: Path) -> None:
    runs = run_everything(corpus(ESCAPES, tmp_path))
    assert {args[0]: r.code for args, r in runs.items()} == {
        "lint": 0,
        "score": 0,
        "tree": 0,
        "kpi": 1,
        "suggest": 0,
        "impact": 0,
        "review": 0,
        "calibration": 0,
        "pull": 0,  # no source: nothing to pull
    }
    # JSON is escaped losslessly: the strings read back exactly as the goal file wrote them.
    scored = strict_json(runs[("score", "--as-of", AS_OF, "--format", "json")].out)
    objective = scored["objectives"][0]
    assert objective["title"] == (
        "Customers \x1b[2J\x1b[H get \x1b]8;;https://evil.example\x1b\\answers\x1b]8;;\x1b\\ "
        "fast\r\n::error::injected"
    )
    assert objective["owner"] == "omar\u202e@octocat"
    assert objective["key_results"][0]["title"] == ROTA_TITLE
    assert objective["key_results"][0]["unit"] == "min\x9b31m"


def test_escapes_in_lint_findings_in_every_format(tmp_path: Path) -> None:
    folder = corpus(ESCAPES, tmp_path)
    shown = "Launch the rota\\n::add-mask::secret <img src=x onerror=alert(1)> @octocat"
    advice = "describes an activity (`launch`), not an outcome: say what will be true because of it"
    text = run(folder, "lint", ".")
    assert text.out.splitlines()[0] == (
        f"terminal-escapes.yaml:15:16: info: key result `{shown}` {advice} "
        "[OK110 output-not-outcome]"
    )
    github = run(folder, "lint", "--format", "github", ".")
    annotations = github.out.splitlines()
    # Warnings come before infos (issue 19, item 3); the info is the first notice.
    notice = next(line for line in annotations if line.startswith("::notice "))
    assert notice == (
        "::notice file=terminal-escapes.yaml,line=15,endLine=15,col=16,endColumn=90,"
        "title=OK110 output-not-outcome::"
        "key result `Launch the rota%0A::add-mask::secret <img src=x onerror=alert(1)> "
        f"@octocat` {advice}"
    )
    # Every line is one of okrctl's own annotations (other rules, e.g. `placeholder`, find
    # the same titles): none is a workflow command smuggled in by a title.
    assert all(line.startswith(("::notice file=", "::warning file=")) for line in annotations)
    summary = tmp_path.parent / f"{tmp_path.name}-summary.md"
    run(folder, "lint", "--format", "github", ".", env={"GITHUB_STEP_SUMMARY": str(summary)})
    rows = summary.read_text(encoding="utf-8").splitlines()
    assert (
        "| terminal-escapes.yaml:15:16 | info | OK110 output-not-outcome | key result \\`Launch "
        "the rota ::add-mask::secret &lt;img src=x onerror=alert(1)&gt; @\u200doctocat\\` "
        + advice.replace("`", "\\`")
        + " |"
    ) in rows
    check_markdown(summary.read_text(encoding="utf-8"), "job summary")
    junit = ElementTree.fromstring(run(folder, "lint", "--format", "junit", ".").out)
    # An info passes (issue 19, item 5): the finding is the case's output, where no line
    # may start a workflow command (`::` at a line's start is written `\x3a:`).
    output = next(junit.iter("system-out"))
    assert "\n::" in ROTA_TITLE
    written = ROTA_TITLE.replace("\n::", "\n\\x3a:")
    assert output.text == (
        f"terminal-escapes.yaml:15:16: info: key result `{written}` {advice} "
        "[OK110 output-not-outcome]"
    )
    sarif = strict_json(run(folder, "lint", "--format", "sarif", ".").out)
    assert sarif["runs"][0]["results"][0]["message"]["text"] == (
        f"key result `{ROTA_TITLE}` {advice}"
    )


def test_escapes_in_the_reports_exactly(tmp_path: Path) -> None:
    folder = corpus(ESCAPES, tmp_path)
    weekly = ("review", "--as-of", AS_OF, "--cadence", "weekly")
    text = run(folder, *weekly, ".").out
    assert (
        "2. support/2026-Q4/escapes, off-track (owner omar\\u202e@octocat): committed\n"
    ) in text
    assert (
        "0.593  on-track     0.6  omar\\u202e@octocat\n  Launch the rota\\n::add-mask::secret "
        in (text)
    )
    markdown = run(folder, *weekly, "--format", "markdown", ".").out
    assert (
        "| Launch the rota ::add-mask::secret &lt;img src=x onerror=alert(1)> @\u200doctocat | "
        "`escapes` | 0.593 | yellow | on-track | 0.6 | omar\\u202e@octocat |"
    ) in markdown.splitlines()
    assert (
        "| Median ::error file=x::kpi &lt;/table> \\| @\u200dorg/team "
        "`support/first-response-time` | 52 \\x1b\\]0;t\\x07 | <= 45 \\x1b\\]0;t\\x07 | ▁█ | "
        "**breach x2** | sam\\x1b\\]8;;https://evil.example\\x1b\\\\ | 6 days ago |"
    ) in markdown.splitlines()
    quarterly = ("review", "--as-of", AS_OF, "--cadence", "quarterly", "--period", "2026-Q4")
    html = run(folder, *quarterly, "--format", "html", ".").out
    assert (
        "<h3>Customers \\x1b[2J\\x1b[H get \\x1b]8;;https://evil.example\\x1b\\answers"
        "\\x1b]8;;\\x1b\\ fast\\r\n\\x3a:error::injected</h3>"
    ) in html
    assert (
        '<td data-label="Last check-in note">##[error]old style\n  \\x3a:warning::indented</td>'
        in html
    )
    suggestions = run(folder, "suggest", "--as-of", AS_OF, "--format", "yaml", ".").out
    assert '    title: "Restore median\\n\\x3a:error file=x\\x3a:kpi </table> | @org/team"\n' in (
        suggestions
    )
    assert '    owner: "sam\\e]8;;https://evil.example\\e\\\\"\n' in suggestions


def test_colour_is_okrctl_s_own(tmp_path: Path) -> None:
    """With colour on, the only escape sequences are okrctl's colours (SGR), never the file's."""
    folder = corpus(ESCAPES, tmp_path)
    for args, medium in EVERY_RUN:
        if medium == "text":
            result = run(folder, *args, ".", env={"FORCE_COLOR": "1"})
            check_output(medium, result)
    assert "\x1b[" in run(folder, "score", "--as-of", AS_OF, ".", env={"FORCE_COLOR": "1"}).out


def test_error_lines_on_stderr_are_escaped(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(
        "team: support\nperiod: 2026-Q4\nobjectives:\n"
        '  - id: a\n    title: "x"\n    type: committed\n'
        '    aligns_to: "evil\\e]0;t\\a\\n::error::x/y"\n'
        "    key_results:\n      - {title: one, done: false}\n      - {title: two, done: true}\n",
        encoding="utf-8",
    )
    for command in (("score", "--as-of", AS_OF), ("review", "--as-of", AS_OF), ("lint",)):
        result = run(tmp_path, *command, ".")
        check_output("text", result)
        assert (
            "`evil\\x1b]0;t\\x07\\n::error::x/y` is not an objective or key-result reference"
            in (result.out + result.err)
        )


def test_edits_show_the_goal_file_escaped(tmp_path: Path) -> None:
    folder = corpus(ESCAPES, tmp_path)
    recorded = run(folder, "kpi", "record", "support/first-response-time", "40", "--date", AS_OF)
    assert recorded.code == 0
    assert recorded.out == (
        "terminal-escapes.yaml: recorded support/first-response-time = 40 \\x1b]0;t\\x07 on "
        f"{AS_OF}\n"
    )
    checkin = run(folder, "checkin", "support/2026-Q4/escapes/rota", "30", "--dry-run")
    assert checkin.code == 0
    check_output("text", checkin)
    assert '"##[error]old style\\n  ::warning::indented"}' in checkin.out


# --- diff: a base tree committed in git, the hostile tree in the working copy ------------------


def git(folder: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.email=t@example.com", "-c", "user.name=t", *args],
        cwd=folder,
        check=True,
        capture_output=True,
        env={**os.environ, "GIT_AUTHOR_DATE": "2026-01-01T00:00:00Z"},
    )


BASE_TREE = """\
team: support
period: 2026-Q4
owner: lin
objectives:
  - id: escapes
    title: Customers get answers fast
    type: committed
    owner: omar
    key_results:
      - id: rota
        title: Launch the rota
        start: 52
        target: 30
        unit: min
        checkins:
          - {date: 2026-10-15, value: 44, confidence: 0.7, note: first}
      - id: guide
        title: Guide
        owner: sam
        done: false
kpis:
  - id: first-response-time
    title: Median
    owner: sam
    unit: min
    cadence: weekly
    band: {max: 50}
    measurements:
      - {date: 2026-11-09, value: 49}
      - {date: 2026-11-16, value: 51}
"""


def diff_runs(folder: Path) -> dict[str, Run]:
    return {
        name: run(folder, "diff", "main", "--as-of", AS_OF, "--format", name, ".")
        for name in DIFF.names
    }


def test_diff_of_a_hostile_change_in_every_format(tmp_path: Path) -> None:
    (tmp_path / ESCAPES).write_text(BASE_TREE, encoding="utf-8")
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "base")
    shutil.copy(CORPUS / ESCAPES, tmp_path / ESCAPES)
    runs = diff_runs(tmp_path)
    for name, result in runs.items():
        assert result.code == 0, (name, result.err)
        check_output(MEDIUM[name], result)
    document = strict_json(runs["json"].out)
    titles = {c["title"] for c in document["changes"]}
    assert ROTA_TITLE in titles
    assert "    owner changed from sam to sam\\x1b]8;;https://evil.example\\x1b\\" in (
        runs["text"].out.splitlines()
    )
    assert runs["github"].out.splitlines()[0] == (
        "::warning file=terminal-escapes.yaml,line=35,col=35,title=okrctl diff%3A history "
        "rewritten::support/first-response-time: measurement of 2026-11-16 rewritten: value 51 "
        "\\x1b]0;t\\x07 -> 52 \\x1b]0;t\\x07, note '-' -> '<b>bold</b>\\n::error::x'. The "
        "measurement of 2026-11-16 is history: editing it rewrites the record; add a new "
        "measurement instead"
    )
    assert (
        "|  | check-in of 2026-10-15 rewritten: note 'first' -> 'rota\\u2028::stop-commands::tok "
        "&lt;!-- okrctl-diff --> &amp;lt;' | `terminal-escapes.yaml:20` |"
    ) in runs["markdown"].out.splitlines()
    markdown = runs["markdown"].out
    assert markdown.startswith(DIFF_MARKER + "\n")
    assert markdown.count(DIFF_MARKER) == 1  # the note's copy of the marker is escaped


# --- Hypothesis: hostile text in every text field, huge and tiny numbers in every value --------

title_text = st.tuples(st.sampled_from(["x", "Median", "Launch"]), hostile_text).map(" ".join)
number = st.sampled_from(EXTREMES + [52.0, 25.0, 4.6, 0.5]) | st.floats(
    allow_nan=False, allow_infinity=False
)


def yaml_string(value: str) -> str:
    """A YAML double-quoted scalar holding `value`: printable ASCII as it is, the rest escaped."""

    def one(char: str) -> str:
        code = ord(char)
        if char in '"\\':
            return "\\" + char
        if 0x20 <= code < 0x7F:
            return char
        if code < 0x100:
            return f"\\x{code:02x}"
        return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"

    return '"' + "".join(one(char) for char in value) + '"'


@st.composite
def hostile_goal_files(draw: st.DrawFn) -> str:
    def text() -> str:
        return yaml_string(draw(title_text))

    def value() -> str:
        return repr(draw(number))

    def scale() -> str:
        """`start: S, target: T` with T != S (equal, the file has an error: nothing to report)."""
        start, target = draw(number), draw(number)
        if target == start:
            target = -start if start else 1.0
        return f"start: {start!r}, target: {target!r}"

    lines = [
        "team: support",
        "period: 2026-Q4",
        f"owner: {text()}",
        "objectives:",
        "  - id: hostile",
        f"    title: {text()}",
        f"    type: {draw(st.sampled_from(['committed', 'aspirational']))}",
        f"    owner: {text()}",
        "    from_kpi: support/k",
        "    key_results:",
        f"      - {{id: numeric, title: {text()}, owner: {text()}, unit: {text()},",
        f"         {scale()}, weight: {draw(st.floats(5e-324, LARGEST))!r},",
        "         checkins: [",
        f"           {{date: 2026-10-15, value: {value()}, confidence: 0.5, note: {text()}}},",
        f"           {{date: 2026-11-12, value: {value()}, note: {text()}}}],",
        "         source: {kind: csv, path: data.csv, date_column: day, value_column: kr}}",
        f"      - {{id: current, title: {text()}, {scale()}, current: {value()}}}",
        f"      - {{id: linked, title: {text()}, kpi: support/k, target: {value()}}}",
        f"      - {{id: milestone, title: {text()}, done: false}}",
        "kpis:",
        "  - id: k",
        f"    title: {text()}",
        f"    owner: {text()}",
        f"    unit: {text()}",
        "    cadence: weekly",
        f"    band: {{max: {value()}}}",
        "    from_kr: support/2026-Q4/hostile/numeric",
        "    measurements:",
        f"      - {{date: 2026-09-28, value: {value()}, note: {text()}}}",
        f"      - {{date: 2026-11-09, value: {value()}, note: {text()}}}",
        f"      - {{date: 2026-11-16, value: {value()}, note: {text()}}}",
        "    source: {kind: csv, path: data.csv, date_column: day, value_column: kpi}",
    ]
    return "\n".join(lines) + "\n"


@st.composite
def pulled_values(draw: st.DrawFn) -> str:
    """The CSV file the hostile goal files' sources read: a value on a date the file has
    (a disagreement, or nothing when equal) and one after it (a value to write)."""
    rows = ["day,kr,kpi"]
    for day in ("2026-11-12", "2026-11-16", "2026-11-20"):
        rows.append(f"{day},{draw(number)!r},{draw(number)!r}")
    return "\n".join(rows) + "\n"


# Each example runs every command in every format (some 30 runs): shrinking a failure would
# take many minutes, so a failing example is reported as generated (a short goal file).
EXPENSIVE = settings(
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@settings(EXPENSIVE, max_examples=25)
@given(hostile_goal_files(), pulled_values())
def test_hostile_goal_files_through_every_command_and_format(text: str, values: str) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        (folder / "goals.yaml").write_text(text, encoding="utf-8")
        (folder / "data.csv").write_text(values, encoding="utf-8")
        runs = run_everything(folder)
        for args, result in runs.items():
            if "json" in args and result.out:
                # Strict RFC 8259: a bare NaN or Infinity token fails to parse (the same words
                # inside a title or a note are text, and are fine).
                strict_json(result.out)


@settings(EXPENSIVE, max_examples=10)
@given(hostile_goal_files())
def test_hostile_changes_through_every_diff_format(text: str) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        (folder / "goals.yaml").write_text(BASE_TREE, encoding="utf-8")
        git(folder, "init", "-q", "-b", "main")
        git(folder, "add", "-A")
        git(folder, "commit", "-qm", "base")
        (folder / "goals.yaml").write_text(text, encoding="utf-8")
        for name_, result in diff_runs(folder).items():
            assert result.code in (0, 2), (name_, result.err)
            check_output(MEDIUM[name_], result)
