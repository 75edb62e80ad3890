"""The command registry, the reporter registries and emit(): in step with the commands, every
`--format` choice renders the examples, and `--output` means the same for every command."""

from __future__ import annotations

import contextlib
import inspect
import io
import json
import typing
from pathlib import Path

import pytest

from okrctl import registry, reports
from okrctl.cli import _for_typer, main, whole_app
from okrctl.commands.emit import emit
from okrctl.reports import Registry
from okrctl.terminal import Terminal
from tests.conftest import EXAMPLES, REPO

AS_OF = ("--as-of", "2026-11-16")


def run(argv: list[str], cwd: Path = REPO) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(cwd), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(argv)
            code = 0
        except SystemExit as exit:
            code = int(exit.code or 0)
    return code, out.getvalue(), err.getvalue()


def every_command() -> list[tuple[tuple[str, ...], registry.Command]]:
    found = [((c.name,), c) for c in registry.COMMANDS]
    found += [((g.name, c.name), c) for g in registry.GROUPS for c in g.commands]
    return found


COMMAND_IDS = [" ".join(words) for words, _ in every_command()]


# --- the command registry ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "command"), every_command(), ids=[" ".join(words) for words, _ in every_command()]
)
def test_each_summary_is_the_first_line_of_the_commands_help(
    words: tuple[str, ...], command: registry.Command
) -> None:
    import importlib

    options = getattr(importlib.import_module(command.module), command.options)
    assert (options.__doc__ or "").splitlines()[0] == command.summary
    assert callable(getattr(importlib.import_module(command.module), command.run))


def test_the_registry_lists_every_command_of_the_app_in_order() -> None:
    app = whole_app()
    assert [info.name for info in app.registered_commands] == [c.name for c in registry.COMMANDS]
    groups = [(g.name, g.typer_instance) for g in app.registered_groups]
    assert [name for name, _ in groups] == [g.name for g in registry.GROUPS]
    for (_, instance), group in zip(groups, registry.GROUPS, strict=True):
        assert instance is not None
        assert [i.name for i in instance.registered_commands] == [c.name for c in group.commands]


def test_top_level_help_and_version_come_from_the_registry() -> None:
    assert run(["--help"]) == (0, registry.top_level_help(), "")
    assert run(["-h"]) == (0, registry.top_level_help(), "")
    code, out, _ = run(["--version"])
    assert (code, out) == (0, registry.version())
    assert registry.version().startswith("okrctl ")


# --- the reporter registries ---------------------------------------------------------------

REGISTRIES = {name: value for name, value in vars(reports).items() if isinstance(value, Registry)}


def test_every_registry_is_listed_here() -> None:
    assert sorted(REGISTRIES) == [
        "CALIBRATION",
        "CLASSIFY",
        "DIFF",
        "IMPACT",
        "KPI",
        "LINT",
        "PULL",
        "REVIEW",
        "RULES",
        "SCHEMA",
        "SCORE",
        "SUGGEST",
        "TREE",
    ]


@pytest.mark.parametrize(
    ("registry_name", "name"),
    [(r, n) for r, value in REGISTRIES.items() for n in value.names],
)
def test_every_reporter_has_the_one_signature(registry_name: str, name: str) -> None:
    reporters = REGISTRIES[registry_name]
    render = reporters.reporter(name)
    parameters = list(inspect.signature(render).parameters.values())
    assert len(parameters) == 2 and parameters[1].name == "style"
    assert typing.get_type_hints(render)["style"] is reports.Style
    job_summary = reporters.job_summary(name)
    if job_summary is not None:
        assert list(inspect.signature(job_summary).parameters)[1] == "style"


# The command line of each registry's command on the examples, with its format left to add.
EXAMPLE_RUNS = {
    "LINT": ["lint", str(EXAMPLES)],
    "SCORE": ["score", str(EXAMPLES), *AS_OF],
    "TREE": ["tree", str(EXAMPLES), *AS_OF],
    "KPI": ["kpi", "check", str(EXAMPLES), *AS_OF, "--fail-on", "never"],
    "SUGGEST": ["suggest", str(EXAMPLES), *AS_OF],
    "IMPACT": ["impact", str(EXAMPLES), *AS_OF],
    "REVIEW": ["review", str(EXAMPLES), *AS_OF],
    "CALIBRATION": ["calibration", str(EXAMPLES), *AS_OF],
    "DIFF": ["diff", "HEAD", "examples", *AS_OF],
    "CLASSIFY": ["classify", "--answers", "1,1,4,1,2,2,2", "--metric", "Churn", "--team", "growth"]
    + ["--owner", "priya", "--unit", "%", "--now", "5", "--goal", "3"],
    "RULES": ["rules"],
}


@pytest.mark.parametrize(
    ("registry_name", "name"),
    [(r, n) for r in EXAMPLE_RUNS for n in REGISTRIES[r].names],
)
def test_every_format_choice_renders_the_examples(registry_name: str, name: str) -> None:
    argv = [*EXAMPLE_RUNS[registry_name], "--format", name]
    code, out, err = run(argv)
    assert code in (0, 1), err
    assert err == ""
    # GitHub annotations are one per finding, and the examples lint clean.
    assert out.strip() or (registry_name, name) == ("LINT", "github")
    if name == "json":
        json.loads(out)


@pytest.mark.parametrize("kind", ["goal", "config"])
def test_the_schema_renders_each_kind(kind: str) -> None:
    code, out, _ = run(["schema", "--kind", kind])
    assert code == 0 and json.loads(out)["$schema"]


@pytest.mark.parametrize(
    ("words", "command"), every_command(), ids=[" ".join(words) for words, _ in every_command()]
)
def test_the_format_choices_are_the_registrys(
    words: tuple[str, ...], command: registry.Command
) -> None:
    import importlib

    options = getattr(importlib.import_module(command.module), command.options)
    hints = typing.get_type_hints(options, include_extras=True)
    for field, hint in hints.items():
        found = [m for m in getattr(hint, "__metadata__", ()) if isinstance(m, Registry)]
        if not found:
            continue
        assert field == "output_format"
        # The typer command is given the registry's formats as its choices.
        choices, *_ = typing.get_args(_for_typer(hint))
        assert typing.get_args(choices) == found[0].names


# --- emit ----------------------------------------------------------------------------------


def test_output_without_a_text_report_for_the_format_of_the_file(tmp_path: Path) -> None:
    # lint and review: the --format report into the file, the text report on the terminal.
    for argv in (["lint", str(EXAMPLES)], ["review", str(EXAMPLES), *AS_OF]):
        target = tmp_path / "report.json"
        code, out, err = run([*argv, "--format", "json", "--output", str(target)])
        assert code in (0, 1), err
        assert out == run(argv)[1]
        assert target.read_text(encoding="utf-8") == run([*argv, "--format", "json"])[1]
        target.unlink()


def test_output_of_the_text_report_goes_only_to_the_file(tmp_path: Path) -> None:
    for argv in (["lint", str(EXAMPLES)], ["review", str(EXAMPLES), *AS_OF]):
        target = tmp_path / "report.txt"
        code, out, err = run([*argv, "--output", str(target)])
        assert code in (0, 1), err
        assert out == ""
        assert target.read_text(encoding="utf-8") == run(argv)[1]
        target.unlink()


def test_output_of_the_schema_goes_only_to_the_file(tmp_path: Path) -> None:
    target = tmp_path / "goal.schema.json"
    assert run(["schema", "--output", str(target)]) == (0, "", "")
    assert target.read_text(encoding="utf-8") == run(["schema"])[1]


def test_emit_streams_writes_files_plainly_and_appends_the_job_summary(tmp_path: Path) -> None:
    from okrctl.linting import LintResult

    out, err = io.StringIO(), io.StringIO()
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    terminal = Terminal(out, err, color=True, environ={"GITHUB_STEP_SUMMARY": str(summary)})
    emit(LintResult((), 1), reports.LINT, "github", terminal)
    assert summary.read_text(encoding="utf-8").startswith("earlier step\n")
    assert len(summary.read_text(encoding="utf-8")) > len("earlier step\n")
    # No summary outside GitHub Actions, nor for a format without one.
    before = summary.read_text(encoding="utf-8")
    emit(LintResult((), 1), reports.LINT, "json", terminal)
    emit(LintResult((), 1), reports.LINT, "github", Terminal(out, err))
    assert summary.read_text(encoding="utf-8") == before
    # A file is written without colour, the terminal's text report in colour.
    target = tmp_path / "lint.json"
    coloured = io.StringIO()
    emit(LintResult((), 1), reports.LINT, "json", Terminal(coloured, err, color=True), target)
    assert "\x1b[" not in target.read_text(encoding="utf-8")
    assert json.loads(target.read_text(encoding="utf-8"))["findings"] == []
    assert "\x1b[" in coloured.getvalue()
