"""The command line: the typer app built from the command registry, one command at a time.

Each command declares its options once, as a frozen dataclass in its module
(okrctl/commands/X.py), and runs as `run(options, terminal) -> int`; this module turns that
dataclass into a typer command (a generated signature), builds only the command the command
line runs (so `okrctl lint FILE`, the pre-commit hook, imports no other command), and maps
whatever stops a command to one line on stderr and an exit status (okrctl.errors).
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import os
import sys
import typing
from collections.abc import Callable, Mapping, Sequence
from functools import cache
from typing import Annotated, Any, Literal

import typer
from typer.models import CommandInfo

from okrctl import registry
from okrctl.failures import error_handler
from okrctl.reports import Registry
from okrctl.terminal import Terminal, output_width

# typer's own exceptions (its usage errors, --help's exit): typer reports them itself.
TYPER_EXCEPTIONS: tuple[type[BaseException], ...] = (typer.Exit, typer.Abort, typer.TyperException)
COMPLETE_VARIABLE = "_OKRCTL_COMPLETE"  # set by the shell scripts of `--show-completion`


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


def _color() -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout.isatty()


def _width() -> int:
    """The width of tables: the terminal's, or when piped `COLUMNS` or 80 (output_width)."""
    columns = None
    if sys.stdout.isatty():
        import shutil

        columns = shutil.get_terminal_size().columns
    return output_width(os.environ, columns)


def _confirm() -> Callable[[str], bool] | None:
    """A yes/no question on a terminal; None when nobody is there to answer it."""
    if not sys.stdin.isatty():
        return None
    return lambda question: typer.confirm(question, default=False)


def process_terminal() -> Terminal:
    """The terminal of this process, as typer (or a test's CliRunner) has set it up."""
    prompter = None
    if sys.stdin.isatty():  # questions only when someone can answer them
        from okrctl.prompts import TerminalPrompter

        prompter = TerminalPrompter()
    return Terminal(
        out=sys.stdout,
        err=sys.stderr,
        color=_color(),
        width=_width(),
        environ=os.environ,
        confirm=_confirm(),
        prompter=prompter,
    )


def _for_typer(annotation: Any) -> Any:
    """A field's annotation as typer reads it: a `--format` field, which names its reporter
    registry beside typer's metadata, becomes a choice of that registry's formats."""
    if typing.get_origin(annotation) is not Annotated:
        return annotation
    _, *metadata = typing.get_args(annotation)  # the type: str, replaced by the choices
    registries = [item for item in metadata if isinstance(item, Registry)]
    if not registries:
        return annotation
    literal: Any = Literal
    annotated: Any = Annotated
    choices = literal[registries[0].names]
    return annotated[(choices, *(item for item in metadata if not isinstance(item, Registry)))]


def typer_callback(
    options_type: type[Any], run: Callable[[Any, Terminal], int]
) -> Callable[..., None]:
    """A function typer can build a command from: one parameter per field of the command's
    options dataclass (name, annotation with typer's metadata, default), which gathers the
    values back into the dataclass and runs the command on this process's terminal."""
    hints = typing.get_type_hints(options_type, include_extras=True)
    parameters = [
        inspect.Parameter(
            field.name,
            inspect.Parameter.POSITIONAL_OR_KEYWORD,
            default=inspect.Parameter.empty
            if field.default is dataclasses.MISSING
            else field.default,
            annotation=_for_typer(hints[field.name]),
        )
        for field in dataclasses.fields(options_type)
    ]

    def command(**values: Any) -> None:
        terminal = process_terminal()
        with error_handler(TYPER_EXCEPTIONS, color=terminal.color):
            code = run(options_type(**values), terminal)
        raise SystemExit(code)

    command.__dict__["__signature__"] = inspect.Signature(parameters)  # what typer inspects
    command.__annotations__ = {p.name: p.annotation for p in parameters}
    command.__doc__ = options_type.__doc__
    return command


def _add(app: typer.Typer, command: registry.Command) -> None:
    """Import one command's module and add its typer command to `app`."""
    module = importlib.import_module(command.module)
    options_type: type[Any] = getattr(module, command.options)
    run: Callable[[Any, Terminal], int] = getattr(module, command.run)
    callback = typer_callback(options_type, run)
    app.command(command.name, help=reflowed(options_type.__doc__ or ""))(callback)


def _version(value: bool) -> None:
    if value:
        typer.echo(registry.version(), nl=False)
        raise typer.Exit()


def main_options(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
    verbose: Annotated[
        bool,
        typer.Option("--verbose", "-v", help="Say how the tree was read (time, processes)."),
    ] = False,
    no_cache: Annotated[
        bool,
        typer.Option("--no-cache", help="Read every goal file; do not use or fill the cache."),
    ] = False,
    clear_cache: Annotated[
        bool,
        typer.Option("--clear-cache", help="Empty the cache of read goal files first."),
    ] = False,
) -> None:
    """Lint, score and review OKRs and KPIs kept as YAML goal files next to your code."""
    if no_cache or clear_cache:
        from okrctl.load.goal_tree import CACHING, CachePolicy

        CACHING.set(CachePolicy(enabled=not no_cache, clear=clear_cache))
    if verbose or sys.stderr.isatty():
        from okrctl.load.goal_tree import OBSERVER
        from okrctl.progress import TerminalObserver

        OBSERVER.set(TerminalObserver(verbose))


def build(names: Sequence[str] | None = None) -> typer.Typer:
    """The app with the commands and groups named (every one when None), in registry order."""
    app = typer.Typer(
        name="okrctl",
        help=registry.HELP,
        no_args_is_help=True,
        add_completion=True,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    app.callback()(main_options)
    for command in registry.COMMANDS:
        if names is None or command.name in names:
            _add(app, command)
    for group in registry.GROUPS:
        if names is None or group.name in names:
            sub = typer.Typer(help=group.help, no_args_is_help=True)
            for command in group.commands:
                _add(sub, command)
            app.add_typer(sub, name=group.name)
    return app


@cache
def whole_app() -> typer.Typer:
    """Every command: for the app's own help, a misspelt command, completing a command's name."""
    return build()


def __getattr__(name: str) -> typer.Typer:
    # `okrctl.cli.app`, the whole app, is built when first asked for (tests, embedders): a
    # command line builds only the command it runs (app_for).
    if name == "app":
        return whole_app()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def command_word(info: CommandInfo) -> str:
    """The word that runs a registered command: its name, else its function's, as typer
    derives it (`record_measurement` -> `record-measurement`)."""
    return info.name or (info.callback.__name__ if info.callback else "").replace("_", "-")


def _command_name(argv: Sequence[str]) -> str | None:
    """The command a command line runs: its first word that is not an option (okrctl's own
    options are flags, so no option takes the word after it)."""
    for word in argv:
        if word == "--":
            return None
        if not word.startswith("-"):
            return word
    return None


def _completed_words(environ: Mapping[str, str]) -> list[str]:
    """When the shell asks for completions, the words typed before the one being completed
    (the shell scripts pass them in the environment, not as arguments)."""
    import shlex

    try:
        if "COMP_WORDS" in environ:  # bash
            words = shlex.split(environ["COMP_WORDS"])
            return words[1 : int(environ.get("COMP_CWORD", len(words)))]
        typed = environ.get("_TYPER_COMPLETE_ARGS", "")  # zsh, fish, PowerShell
        words = shlex.split(typed)
        return words[1:] if typed.endswith(" ") else words[1:-1]
    except ValueError:  # an unclosed quote: complete with every command
        return []


def app_for(argv: Sequence[str], environ: Mapping[str, str] | None = None) -> typer.Typer:
    """The app with only the command `argv` runs, or the whole app when it names none.

    Building a command imports its module and inspects its options; the pre-commit hook
    would pay that on every commit for commands it never runs. The command's own options,
    help and errors are unchanged (tested); anything else (no command, a misspelt one, the
    completion of a command's name) gets the whole app, so its help and its "did you mean"
    see every command. Completing a command's values builds that command only.
    """
    environ = os.environ if environ is None else environ
    words = _completed_words(environ) if COMPLETE_VARIABLE in environ else list(argv)
    name = _command_name(words)
    if name is None or registry.find(name) is None:
        return whole_app()
    return build([name])


def main(argv: Sequence[str] | None = None) -> None:
    """Console-script entry point: every failure becomes one line on stderr, never a traceback.

    `argv` (default: the process's arguments) lets tests run a whole command line in-process;
    like the console script, it ends by raising SystemExit with the exit status.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    with error_handler(color=_color()):
        answer = registry.answer_without_typer(args)
        if answer is not None:
            sys.stdout.write(answer)
            raise SystemExit(0)
        app_for(args)(args=args, prog_name="okrctl")
