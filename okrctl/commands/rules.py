"""`okrctl rules`: list the lint rules, or print one rule's documentation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

import typer

from okrctl.commands.emit import emit
from okrctl.commands.options import format_option
from okrctl.errors import EXIT_OK
from okrctl.reports import RULES
from okrctl.terminal import Terminal


@dataclass(frozen=True, slots=True)
class Options:
    """List the lint rules, or print one rule's documentation.

    Example: okrctl rules target-already-met
    """

    name: Annotated[str | None, typer.Argument(help="A rule name or code.")] = None
    output_format: Annotated[str, format_option("text, or markdown for the docs page."), RULES] = (
        RULES.default
    )


def run(options: Options, terminal: Terminal) -> int:
    from okrctl.errors import UsageError
    from okrctl.rules import find_rule, rules_by_key
    from okrctl.rules.docs import RuleDocs
    from okrctl.spelling import did_you_mean

    rule = None
    if options.name is not None and options.output_format != "markdown":
        rule = find_rule(options.name)
        if rule is None:
            names = rules_by_key()
            raise UsageError(f"no rule named `{options.name}`{did_you_mean(options.name, names)}")
    emit(RuleDocs(rule), RULES, options.output_format, terminal)
    return EXIT_OK
