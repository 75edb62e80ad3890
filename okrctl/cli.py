"""The command line: options in, one core call, a reporter, an exit code.

Only typer is imported at start-up; each command imports what it needs when it runs, so
`okrctl --version` and `okrctl --help` stay instant (the pre-commit hook pays start-up on
every commit).
"""

from __future__ import annotations

import copy
import inspect
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from typer.models import CommandInfo

from okrctl import __version__, reports  # reports: only the format registries, no reporter
from okrctl.completion import complete_key_result, complete_kpi, complete_team
from okrctl.errors import EXIT_USAGE, OkrctlError
from okrctl.failures import render_error

app = typer.Typer(
    name="okrctl",
    help="Lint, score and review OKRs and KPIs kept as YAML goal files next to your code.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _choices(name: str, formats: Iterable[str]) -> type[StrEnum]:
    """The `--format` choices of a command, read from its reporter registry: a new format is
    one line in okrctl/reports/__init__.py, and the choices cannot drift from the reporters."""
    return StrEnum(name, {format_name: format_name for format_name in formats})  # type: ignore[return-value]


LintFormat = _choices("LintFormat", reports.LINT_FORMATS)
ScoreFormat = _choices("ScoreFormat", reports.SCORE_FORMATS)
TreeFormat = _choices("TreeFormat", reports.TREE_FORMATS)
KpiFormat = _choices("KpiFormat", reports.KPI_FORMATS)
SuggestFormat = _choices("SuggestFormat", reports.SUGGEST_FORMATS)
ReviewFormat = _choices("ReviewFormat", reports.REVIEW_FORMATS)
DiffFormat = _choices("DiffFormat", reports.DIFF_FORMATS)


class FailOn(StrEnum):
    breach = "breach"
    warn = "warn"
    stale = "stale"
    never = "never"


class RulesFormat(StrEnum):
    text = "text"
    markdown = "markdown"


class ReviewCadence(StrEnum):
    weekly = "weekly"
    quarterly = "quarterly"


class SchemaKind(StrEnum):
    goal = "goal"
    config = "config"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"okrctl {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
    verbose: Annotated[
        bool,
        typer.Option("--verbose", "-v", help="Say how the tree was read (time, processes)."),
    ] = False,
) -> None:
    """Lint, score and review OKRs and KPIs kept as YAML goal files next to your code."""
    if verbose or sys.stderr.isatty():
        from okrctl.load.goal_tree import OBSERVER
        from okrctl.progress import TerminalObserver

        OBSERVER.set(TerminalObserver(verbose))


def _color() -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout.isatty()


def _width() -> int | None:
    """The terminal's width for tables; None (a fixed default) when piped."""
    if not sys.stdout.isatty():
        return None
    import shutil

    return shutil.get_terminal_size().columns


def _run(command: Callable[[], int]) -> NoReturn:
    """Run a command function; an OkrctlError is shown on stderr and becomes its exit code."""
    try:
        code = command()
    except OkrctlError as error:
        render_error(error, sys.stderr, _color())
        raise typer.Exit(error.exit_code) from None
    raise typer.Exit(code)


PathsArgument = Annotated[
    list[Path] | None,
    typer.Argument(help="Goal files or goal trees (directories). Default: `.`."),
]
ConfigOption = Annotated[
    Path | None,
    typer.Option(help="Config file. Default: okrctl.yaml in the tree or a parent folder."),
]
AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="YYYY-MM-DD, today, yesterday or end-of-period. Default: today, or the last "
        "day of a period that has ended.",
    ),
]
SkipInvalidOption = Annotated[
    bool,
    typer.Option(help="Leave out files with errors (and list them) instead of stopping."),
]


def _split(values: list[str] | None) -> list[str]:
    return [part.strip() for value in values or [] for part in value.split(",") if part.strip()]


@app.command()
def lint(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Goal files or goal trees (directories). Default: `.`."),
    ] = None,
    output_format: Annotated[
        LintFormat, typer.Option("--format", "-f", help="Report format.")
    ] = LintFormat.text,
    select: Annotated[
        list[str] | None,
        typer.Option(help="Run only these rules (names or codes, comma-separated)."),
    ] = None,
    ignore: Annotated[
        list[str] | None, typer.Option(help="Skip these rules (names or codes, comma-separated).")
    ] = None,
    strict: Annotated[bool, typer.Option(help="Fail on warnings too, not only errors.")] = False,
    config: Annotated[
        Path | None,
        typer.Option(help="Config file. Default: okrctl.yaml in the tree or a parent folder."),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write the --format report to this file (atomically); the text report still "
            "goes to the terminal.",
        ),
    ] = None,
) -> None:
    """Validate goal files and check them against the lint rules.

    Given files (as pre-commit passes them), the goal tree around them is read too, for the
    rules that need all of it, and only findings in the files named are reported.

    Exit status: 0 clean, 1 findings at the failing level (errors; with --strict,
    warnings too), 2 usage error or missing path.

    Example: okrctl lint examples/ --format sarif --output okrctl.sarif
    """
    from okrctl.commands import lint as command

    _run(
        lambda: command.run(
            paths or [Path(".")],
            sys.stdout,
            output_format=output_format.value,
            select=_split(select),
            ignore=_split(ignore),
            strict=strict,
            config=config,
            color=_color(),
            output=output,
            err=sys.stderr,
        )
    )


@app.command()
def score(
    paths: PathsArgument = None,
    period: Annotated[
        str | None, typer.Option(help="Only this period, as written (2026-Q4).")
    ] = None,
    team: Annotated[
        str | None, typer.Option(help="Only this team.", autocompletion=complete_team)
    ] = None,
    as_of: AsOfOption = None,
    output_format: Annotated[
        ScoreFormat, typer.Option("--format", "-f", help="Report format.")
    ] = ScoreFormat.text,
    config: ConfigOption = None,
    skip_invalid: SkipInvalidOption = False,
) -> None:
    """Score key results and objectives: grade, verdict after the period, pace during it.

    A tree with lint errors is not scored: the errors are printed and the exit status is 2
    (warnings do not block). --skip-invalid scores the rest and lists what it skipped.

    Example: okrctl score examples/ --period 2026-Q3 --format markdown
    """
    from okrctl.commands import score as command

    _run(
        lambda: command.run(
            paths or [Path(".")],
            sys.stdout,
            sys.stderr,
            output_format=output_format.value,
            period=period,
            team=team,
            as_of=as_of,
            config=config,
            skip_invalid=skip_invalid,
            color=_color(),
            width=_width(),
        )
    )


@app.command()
def tree(
    paths: PathsArgument = None,
    period: Annotated[
        str | None,
        typer.Option(help="Only this period and the periods containing it (the company's year)."),
    ] = None,
    as_of: AsOfOption = None,
    output_format: Annotated[
        TreeFormat, typer.Option("--format", "-f", help="Report format.")
    ] = TreeFormat.text,
    config: ConfigOption = None,
    skip_invalid: SkipInvalidOption = False,
) -> None:
    """Show the alignment tree: each objective under the one it aligns to, with its score.

    Example: okrctl tree examples/ --period 2026-Q4
    """
    from okrctl.commands import tree as command

    _run(
        lambda: command.run(
            paths or [Path(".")],
            sys.stdout,
            sys.stderr,
            output_format=output_format.value,
            period=period,
            as_of=as_of,
            config=config,
            skip_invalid=skip_invalid,
            color=_color(),
            width=_width(),
        )
    )


kpi_app = typer.Typer(
    help="KPIs: the board of health signals, checked against their bands.",
    no_args_is_help=True,
)
app.add_typer(kpi_app, name="kpi")


@kpi_app.command("check")
def kpi_check(
    paths: PathsArgument = None,
    team: Annotated[
        str | None, typer.Option(help="Only this team's KPIs.", autocompletion=complete_team)
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="YYYY-MM-DD, today or yesterday. Default: today."),
    ] = None,
    output_format: Annotated[
        KpiFormat, typer.Option("--format", "-f", help="Report format.")
    ] = KpiFormat.text,
    fail_on: Annotated[
        FailOn,
        typer.Option(help="Exit 1 when a KPI is at or beyond this: breach > warn > stale."),
    ] = FailOn.breach,
    config: ConfigOption = None,
    skip_invalid: SkipInvalidOption = False,
) -> None:
    """Check every KPI against its band: ok, warn, breach or no-data; stale; breach streak.

    Exit status 1 when a KPI is at or beyond --fail-on (default: breach), so a scheduled CI
    job alerts the owner; 0 otherwise; 2 when the goal tree has errors.

    Example: okrctl kpi check examples/ --fail-on warn
    """
    from okrctl.commands import kpi_check as command

    _run(
        lambda: command.run(
            paths or [Path(".")],
            sys.stdout,
            sys.stderr,
            output_format=output_format.value,
            team=team,
            as_of=as_of,
            fail_on=fail_on.value,
            config=config,
            skip_invalid=skip_invalid,
            color=_color(),
            width=_width(),
        )
    )


TreeOption = Annotated[
    Path, typer.Option("--tree", help="The goal tree (a folder) to find REF in. Default: `.`.")
]
DryRunOption = Annotated[
    bool, typer.Option("--dry-run", help="Print the change as a unified diff; write nothing.")
]
DateOption = Annotated[
    str | None,
    typer.Option("--date", help="YYYY-MM-DD, today or yesterday. Default: today."),
]
NoteOption = Annotated[str | None, typer.Option(help="What happened, in one line.")]


def _confirm() -> Callable[[str], bool] | None:
    """A yes/no question on a terminal; None when nobody is there to answer it."""
    if not sys.stdin.isatty():
        return None
    return lambda question: typer.confirm(question, default=False)


@kpi_app.command("record")
def kpi_record(
    ref: Annotated[str, typer.Argument(help="The KPI: TEAM/KPI_ID.", autocompletion=complete_kpi)],
    value: Annotated[str, typer.Argument(help="The measured value, a number.")],
    day: DateOption = None,
    note: NoteOption = None,
    replace: Annotated[
        bool, typer.Option("--replace", help="Replace a measurement already on that date.")
    ] = False,
    dry_run: DryRunOption = False,
    tree: TreeOption = Path("."),
    config: ConfigOption = None,
) -> None:
    """Record a KPI measurement, in date order, in the KPI's goal file.

    Only the KPI's `measurements:` list changes; every other byte stays as it was. A second
    measurement on the same date is refused unless --replace.

    Example: okrctl kpi record support/first-response-time 41 --date 2026-11-20
    """
    from okrctl.commands import kpi_record as command

    _run(
        lambda: command.run(
            ref,
            value,
            sys.stdout,
            sys.stderr,
            tree=tree,
            day=day,
            note=note,
            replace=replace,
            dry_run=dry_run,
            config=config,
            color=_color(),
        )
    )


@app.command()
def suggest(
    paths: PathsArgument = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="YYYY-MM-DD, today or yesterday. Default: today."),
    ] = None,
    output_format: Annotated[
        SuggestFormat, typer.Option("--format", "-f", help="Report format.")
    ] = SuggestFormat.text,
    config: ConfigOption = None,
    skip_invalid: SkipInvalidOption = False,
) -> None:
    """Suggest objectives from KPIs out of band, and KPIs from key results achieved.

    Each suggestion gives its reason and a ready-to-paste YAML draft. Exit status 0 with or
    without suggestions (`okrctl kpi check` is the command that alerts).

    Example: okrctl suggest examples/ --format yaml
    """
    from okrctl.commands import suggest as command

    _run(
        lambda: command.run(
            paths or [Path(".")],
            sys.stdout,
            sys.stderr,
            output_format=output_format.value,
            as_of=as_of,
            config=config,
            skip_invalid=skip_invalid,
            color=_color(),
            width=_width(),
        )
    )


@app.command()
def review(
    paths: PathsArgument = None,
    team: Annotated[
        str | None, typer.Option(help="Only this team.", autocompletion=complete_team)
    ] = None,
    period: Annotated[
        str | None,
        typer.Option(help="Review this period (2026-Q3) and the periods containing it."),
    ] = None,
    as_of: AsOfOption = None,
    cadence: Annotated[
        ReviewCadence | None,
        typer.Option(
            help="Default: quarterly when --period or --as-of end-of-period is given, or a "
            "quarter ended in the last 14 days; else weekly.",
        ),
    ] = None,
    output_format: Annotated[
        ReviewFormat, typer.Option("--format", "-f", help="Report format.")
    ] = ReviewFormat.text,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the report to this file (atomically)."),
    ] = None,
    config: ConfigOption = None,
    skip_invalid: SkipInvalidOption = False,
) -> None:
    """The report for the review meeting: a summary, then each team's KPIs and OKRs.

    Exit status 0 when the report was produced, breaches or not (`okrctl kpi check` is the
    command that alerts); 2 when the goal tree has errors.

    Example: okrctl review examples/ --format html --output review.html
    """
    from okrctl.commands import review as command

    _run(
        lambda: command.run(
            paths or [Path(".")],
            sys.stdout,
            sys.stderr,
            output_format=output_format.value,
            cadence=cadence.value if cadence else None,
            period=period,
            team=team,
            as_of=as_of,
            output=output,
            config=config,
            skip_invalid=skip_invalid,
            color=_color() and output is None,
            width=_width(),
        )
    )


@app.command()
def checkin(
    ref: Annotated[
        str,
        typer.Argument(
            help="The key result: TEAM/PERIOD/OBJECTIVE_ID/KR, KR an id or a position (1 is "
            "the first). PERIOD may be left out when the team has one period containing today.",
            autocompletion=complete_key_result,
        ),
    ],
    value: Annotated[str, typer.Argument(help="A number; done or not-done for a milestone.")],
    day: DateOption = None,
    confidence: Annotated[
        str | None, typer.Option(help="How likely the key result will be met, 0 to 1.")
    ] = None,
    note: NoteOption = None,
    convert: Annotated[
        bool,
        typer.Option(
            "--convert",
            help="If the key result holds its value as `current:` (or `done:`), turn that into "
            "a first check-in dated at the period's start (asked on a terminal otherwise).",
        ),
    ] = False,
    dry_run: DryRunOption = False,
    tree: TreeOption = Path("."),
    config: ConfigOption = None,
) -> None:
    """Record progress on a key result: append a dated check-in to its goal file.

    Only the key result's `checkins:` list changes; every other byte of the file stays as it
    was. The file is checked before it is written and written atomically. A value of the
    wrong kind, a date outside the period or a confidence outside 0..1 is refused.

    Example: okrctl checkin support/2026-Q4/faster-replies/first-response 36 --confidence 0.6
    """
    from okrctl.commands import checkin as command

    _run(
        lambda: command.run(
            ref,
            value,
            sys.stdout,
            sys.stderr,
            tree=tree,
            day=day,
            confidence=confidence,
            note=note,
            convert=convert,
            dry_run=dry_run,
            config=config,
            confirm=_confirm(),
            color=_color(),
        )
    )


@app.command()
def init(
    folder: Annotated[
        Path, typer.Argument(help="The folder for the goal tree (created if needed). Default: `.`.")
    ] = Path("."),
    team: Annotated[str, typer.Option(help="The team of the starter files.")] = "my-team",
    owner: Annotated[
        str | None, typer.Option(help="The person who owns them. Default: your login name.")
    ] = None,
    fiscal_year_start: Annotated[
        int, typer.Option(help="First month of the fiscal year (1 = calendar years).")
    ] = 1,
) -> None:
    """Start a goal tree: okrctl.yaml, one team's OKRs for this quarter, its KPIs, a hook.

    Writes okrctl.yaml (commented settings), TEAM/PERIOD.yaml (the current quarter),
    TEAM/kpis.yaml and a .pre-commit-config.yaml that lints the tree; they lint clean. The
    JSON Schemas go in schemas/, and each YAML file starts with the modeline that points
    editors at its schema (docs/editors.md). Nothing is written if any of them exists already.

    Example: okrctl init goals --team support --owner lin
    """
    import getpass

    from okrctl.commands import init as command

    _run(
        lambda: command.run(
            folder,
            sys.stdout,
            team=team,
            owner=owner if owner is not None else getpass.getuser(),
            fiscal_year_start=fiscal_year_start,
        )
    )


new_app = typer.Typer(
    help="Add an objective or a KPI to a team's goal file (asks on a terminal).",
    no_args_is_help=True,
)
app.add_typer(new_app, name="new")
TeamArgument = Annotated[
    str,
    typer.Argument(help="The team, as in its goal files' `team:`.", autocompletion=complete_team),
]
FileOption = Annotated[
    Path | None,
    typer.Option(help="The goal file to add to, when the team has several that fit."),
]


@new_app.command("objective")
def new_objective(
    team: TeamArgument,
    period: Annotated[
        str | None,
        typer.Option(
            help="2026-Q4, 2026-H1 or 2026. Default: the team's period containing "
            "today, else the current quarter."
        ),
    ] = None,
    objective_id: Annotated[
        str | None, typer.Option("--id", help="Default: made from the title.")
    ] = None,
    title: Annotated[str | None, typer.Option(help="The change you want.")] = None,
    objective_type: Annotated[
        str | None, typer.Option("--type", help="committed or aspirational.")
    ] = None,
    owner: Annotated[str | None, typer.Option(help="One person. Default: the file's.")] = None,
    aligns_to: Annotated[
        str | None, typer.Option(help="The parent objective, TEAM/OBJECTIVE_ID.")
    ] = None,
    key_results: Annotated[
        list[str] | None,
        typer.Option(
            "--kr",
            help="A key result, repeated: 'TITLE: START -> TARGET [UNIT]', "
            "'TITLE: TEAM/KPI -> TARGET' or a milestone's 'TITLE'.",
        ),
    ] = None,
    file: FileOption = None,
    dry_run: DryRunOption = False,
    tree: TreeOption = Path("."),
    config: ConfigOption = None,
) -> None:
    """Add an objective to the team's file for the period (created if there is none).

    On a terminal, okrctl asks for every value not given, checking each answer; otherwise
    --title, --type and at least one --kr are required.

    Example: okrctl new objective support --title "Answers while customers still care"
    --type committed --kr "First-response time: 52 -> 25 min" --kr "CSAT: support/csat -> 4.6"
    """
    from okrctl.commands import new as command
    from okrctl.prompts import terminal_prompter

    _run(
        lambda: command.run_objective(
            team,
            sys.stdout,
            sys.stderr,
            tree=tree,
            period=period,
            objective_id=objective_id,
            title=title,
            objective_type=objective_type,
            owner=owner,
            aligns_to=aligns_to,
            key_results=key_results or [],
            file=file,
            dry_run=dry_run,
            config=config,
            prompter=terminal_prompter(),
            color=_color(),
        )
    )


@new_app.command("kpi")
def new_kpi(
    team: TeamArgument,
    kpi_id: Annotated[
        str | None, typer.Option("--id", help="Default: made from the title.")
    ] = None,
    title: Annotated[str | None, typer.Option(help="What is measured.")] = None,
    owner: Annotated[
        str | None, typer.Option(help="The one person alerted when it leaves its band.")
    ] = None,
    unit: Annotated[str | None, typer.Option(help="%, min, EUR...")] = None,
    cadence: Annotated[
        str | None, typer.Option(help="daily, weekly, monthly or quarterly.")
    ] = None,
    band_min: Annotated[str | None, typer.Option(help="Lowest normal value.")] = None,
    band_max: Annotated[str | None, typer.Option(help="Highest normal value.")] = None,
    warn_min: Annotated[str | None, typer.Option(help="Early warning below this.")] = None,
    warn_max: Annotated[str | None, typer.Option(help="Early warning above this.")] = None,
    target: Annotated[str | None, typer.Option(help="The ideal value.")] = None,
    file: FileOption = None,
    dry_run: DryRunOption = False,
    tree: TreeOption = Path("."),
    config: ConfigOption = None,
) -> None:
    """Add a KPI to the team's KPI file (created if there is none).

    On a terminal, okrctl asks for every value not given, checking each answer; otherwise
    --title and --owner are required.

    Example: okrctl new kpi support --title "Median first-response time" --owner lin
    --unit min --cadence weekly --band-max 45 --warn-max 35 --target 25
    """
    from okrctl.commands import new as command
    from okrctl.prompts import terminal_prompter

    _run(
        lambda: command.run_kpi(
            team,
            sys.stdout,
            sys.stderr,
            tree=tree,
            kpi_id=kpi_id,
            title=title,
            owner=owner,
            unit=unit,
            cadence=cadence,
            band_min=band_min,
            band_max=band_max,
            warn_min=warn_min,
            warn_max=warn_max,
            target=target,
            file=file,
            dry_run=dry_run,
            config=config,
            prompter=terminal_prompter(),
            color=_color(),
        )
    )


@app.command()
def schema(
    kind: Annotated[
        SchemaKind,
        typer.Option("--kind", "-k", help="goal: goal files; config: okrctl.yaml."),
    ] = SchemaKind.goal,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the schema to this file (atomically)."),
    ] = None,
) -> None:
    """Print the JSON Schema of goal files or of okrctl.yaml, for editors and CI.

    Editors with yaml-language-server (VS Code, JetBrains, Neovim) give completion and hover
    docs in a goal file that starts with `# yaml-language-server: $schema=PATH_OR_URL`
    (docs/editors.md).

    Example: okrctl schema --output schemas/goal-file.schema.json
    """
    from okrctl.commands import schema as command

    _run(lambda: command.run(sys.stdout, kind=kind.value, output=output))


class ClassifyFormat(StrEnum):
    text = "text"
    yaml = "yaml"


@app.command()
def classify(
    answers: Annotated[
        str | None,
        typer.Option(
            help="The seven answers, comma-separated, in order (keys or 1-based numbers): "
            "purpose change|maintain|monitor, control direct|shared, cadence "
            "daily|weekly|monthly|quarter, conversation what-to-change|is-it-off, "
            "maintain|achieve, continuously|end-date, same-next-year|one-time-push.",
        ),
    ] = None,
    metric: Annotated[str | None, typer.Option(help="What is measured, for the draft.")] = None,
    team: Annotated[str | None, typer.Option(help="The team, for the draft.")] = None,
    owner: Annotated[str | None, typer.Option(help="One person, for the draft.")] = None,
    unit: Annotated[str | None, typer.Option(help="Unit of the values.")] = None,
    now: Annotated[str | None, typer.Option(help="The value now.")] = None,
    goal: Annotated[
        str | None, typer.Option(help="The level to reach (OKR) or to hold (KPI).")
    ] = None,
    better: Annotated[
        str | None, typer.Option(help="higher or lower: which way is better (KPI band).")
    ] = None,
    objective: Annotated[
        str | None, typer.Option(help="The objective's title, for an OKR draft.")
    ] = None,
    objective_type: Annotated[
        str | None, typer.Option("--type", help="committed or aspirational, for an OKR draft.")
    ] = None,
    period: Annotated[
        str | None, typer.Option(help="The OKR draft's period. Default: this quarter.")
    ] = None,
    output_format: Annotated[
        ClassifyFormat, typer.Option("--format", "-f", help="text, or yaml for the draft alone.")
    ] = ClassifyFormat.text,
) -> None:
    """OKR key result or KPI? The seeds' quiz: seven questions, a recommendation, a draft.

    Seed 002's four questions (what the metric is for, how much the team controls it, how
    often it is looked at, what conversation it drives) and seed 001's three maintain-or-
    achieve tests, asked one by one on a terminal or given with --answers. The majority
    decides; the reasons for and against are listed, with a goal-file draft of the answer.

    Example: okrctl classify --answers 2,2,2,2,1,1,1 --metric "Median first-response time"
    --team support --owner lin --unit min --now 25 --goal 30 --better lower
    """
    from okrctl.commands import classify as command
    from okrctl.prompts import terminal_prompter

    _run(
        lambda: command.run(
            sys.stdout,
            answers=answers,
            metric=metric,
            team=team,
            owner=owner,
            unit=unit,
            now=now,
            goal=goal,
            better=better,
            objective=objective,
            objective_type=objective_type,
            period=period,
            output_format=output_format.value,
            prompter=terminal_prompter() if answers is None else None,
            width=_width(),
        )
    )


@app.command()
def diff(
    base: Annotated[
        str | None,
        typer.Argument(
            help="The git revision to compare with (main, HEAD~1, a commit; `main...` for the "
            "merge base of main and HEAD). Default: the merge base of the default branch "
            "(origin/HEAD, else main, else master) and HEAD.",
            show_default=False,
        ),
    ] = None,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Goal files or goal trees (directories). Default: `.`."),
    ] = None,
    output_format: Annotated[
        DiffFormat, typer.Option("--format", "-f", help="Report format.")
    ] = DiffFormat.text,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="YYYY-MM-DD, today or yesterday: when the change is made, for the warning "
            "signs. Default: today.",
        ),
    ] = None,
    fail_on_warning: Annotated[
        bool, typer.Option("--fail-on-warning", help="Exit 1 when a change is a warning sign.")
    ] = False,
    config: ConfigOption = None,
) -> None:
    """What changed in the goals since a git revision, with the warning signs first.

    Objectives, key results and KPIs added or removed; targets, starts, types, owners and
    bands changed; check-ins and measurements added, rewritten or deleted. Flags moving the
    goalposts, a type changed late and rewritten history (docs/diff.md). The markdown
    format is a ready pull-request comment. Old files are read from git, never checked out.

    Exit status: 0; 1 with --fail-on-warning when there is a warning sign; 2 outside a git
    repository, for an unknown revision, or without git.

    Example: okrctl diff main --format markdown > goal-changes.md
    """
    from okrctl.commands import diff as command

    _run(
        lambda: command.run(
            base,
            paths or [],
            sys.stdout,
            output_format=output_format.value,
            as_of=as_of,
            config=config,
            fail_on_warning=fail_on_warning,
            color=_color(),
            width=_width(),
        )
    )


@app.command()
def rules(
    name: Annotated[str | None, typer.Argument(help="A rule name or code.")] = None,
    output_format: Annotated[
        RulesFormat, typer.Option("--format", "-f", help="text, or markdown for the docs page.")
    ] = RulesFormat.text,
) -> None:
    """List the lint rules, or print one rule's documentation.

    Example: okrctl rules target-already-met
    """
    from okrctl.commands import rules as command

    _run(lambda: command.run(name, sys.stdout, output_format=output_format.value))


def reflowed(docstring: str) -> str:
    """A command's docstring as its help: each paragraph on one line.

    typer's help keeps a docstring's line breaks and then wraps to the terminal, so lines
    written to fit 100 columns came out ragged on an 80-column terminal; a paragraph on one
    line is wrapped once, at the terminal's width. A line ending in a hyphen joins the next
    without a space (`maintain-or-` + `achieve`).
    """
    paragraphs = []
    for paragraph in inspect.cleandoc(docstring).split("\n\n"):
        text = ""
        for line in paragraph.splitlines():
            line = line.strip()
            text += line if not text or text.endswith("-") else " " + line
        paragraphs.append(text)
    return "\n\n".join(paragraphs)


for _typer in (app, kpi_app, new_app):
    for _command in _typer.registered_commands:
        if _command.help is None and _command.callback is not None and _command.callback.__doc__:
            _command.help = reflowed(_command.callback.__doc__)


def _fail(message: str) -> NoReturn:
    sys.stderr.write(f"okrctl: error: {message}\n")
    sys.exit(EXIT_USAGE)


def command_word(info: CommandInfo) -> str:
    """The word that runs a registered command: its name, else its function's, as typer
    derives it (`record_measurement` -> `record-measurement`)."""
    return info.name or (info.callback.__name__ if info.callback else "").replace("_", "-")


def _top_level_help() -> str:
    """`okrctl --help`, from the registered commands' own docstrings."""
    rows = [
        (
            command_word(command),
            (command.callback.__doc__ or "").strip().splitlines()[0],
        )
        for command in app.registered_commands
        if command.callback is not None
    ]
    rows += [
        (group.name or "", str(group.typer_instance.info.help or ""))
        for group in app.registered_groups
        if group.typer_instance is not None
    ]
    width = max(len(name) for name, _ in rows)
    commands = "".join(f"  {name:<{width}}  {text}\n" for name, text in rows)
    return (
        "Usage: okrctl [OPTIONS] COMMAND [ARGS]...\n\n"
        f"  {app.info.help}\n\n"
        "Options:\n"
        "  --version             Show the version.\n"
        "  -v, --verbose         Say how the tree was read (time, processes).\n"
        "  --install-completion  Install completion for the current shell.\n"
        "  --show-completion     Show completion for the current shell, to copy it or\n"
        "                        customize the installation.\n"
        "  -h, --help            Show this message and exit.\n\n"
        f"Commands:\n{commands}\n"
        "Run `okrctl COMMAND --help` for a command's options and an example.\n"
    )


def _answered_without_typer(argv: list[str]) -> bool:
    """`okrctl --version` and `okrctl --help` answer before typer builds every command's
    parameters: shells, editors and hooks call them often, and they should feel instant."""
    if argv == ["--version"]:
        sys.stdout.write(f"okrctl {__version__}\n")
        return True
    if argv in (["--help"], ["-h"]):
        sys.stdout.write(_top_level_help())
        return True
    return False


def _command_name(argv: list[str]) -> str | None:
    """The command a command line runs: its first word that is not an option (okrctl's own
    options are flags, so no option takes the word after it)."""
    for word in argv:
        if word == "--":
            return None
        if not word.startswith("-"):
            return word
    return None


def app_for(argv: list[str]) -> typer.Typer:
    """The app with only the command `argv` runs, or the whole app when it names none.

    typer builds every command's options (inspecting each signature and its annotations)
    before it parses anything: a few tens of milliseconds that the pre-commit hook would pay
    on every commit for commands it never runs. The command's own options, help and errors
    are unchanged (tested); anything else (no command, a misspelt one, shell completion) gets
    the whole app, so its help and its "did you mean" see every command.
    """
    name = _command_name(argv)
    if name is None:
        return app
    commands = [info for info in app.registered_commands if command_word(info) == name]
    groups = [info for info in app.registered_groups if info.name == name]
    if len(commands) + len(groups) != 1:
        return app
    only = copy.copy(app)
    only.registered_commands = commands
    only.registered_groups = groups
    return only


def main(argv: Sequence[str] | None = None) -> None:
    """Console-script entry point: every failure becomes one line on stderr, never a traceback.

    `argv` (default: the process's arguments) lets tests run a whole command line in-process;
    like the console script, it ends by raising SystemExit with the exit status.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        if _answered_without_typer(args):
            return
        app_for(args)(args=args, prog_name="okrctl")
    except OkrctlError as error:
        render_error(error, sys.stderr, _color())
        sys.exit(error.exit_code)
    except KeyboardInterrupt:
        sys.stderr.write("okrctl: interrupted\n")
        sys.exit(130)
    except BrokenPipeError:  # `okrctl lint | head`
        sys.stderr.close()
        sys.exit(0)
    except Exception as error:
        if os.environ.get("OKRCTL_DEBUG"):
            raise
        _fail(
            f"internal error: {type(error).__name__}: {error} "
            "(this is a bug in okrctl; set OKRCTL_DEBUG=1 for details)"
        )
