"""The schema as an editor reads it: yaml-language-server over LSP stdio (issue 19, item 7).

Every example file opens without a diagnostic, and every file of tests/test_schema.py's INVALID
table that the language server can see gets a first diagnostic that names the problem lint
names: in a KPI-linked key result with `current`, "Property current is not allowed", not
"Missing property start". The server is the version pinned in tests/lsp/ (`.ci/run` installs it
with `npm ci`); without node or that install the tests skip.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from okrctl.model.schema import render
from tests.conftest import EXAMPLES
from tests.lsp_client import LanguageServer, server_command, yaml_language_server
from tests.test_schema import INVALID

COMMAND = server_command()
pytestmark = pytest.mark.skipif(
    COMMAND is None, reason="no yaml-language-server: run `npm ci --prefix tests/lsp` (and node)"
)

# What yaml-language-server says first, for each case, in the words it has for lint's meaning.
FIRST_MESSAGE = {
    "target as text": 'Incorrect type. Expected "number".',
    "type not a type": 'Value is not accepted. Valid values: "committed", "aspirational".',
    "confidence above 1": "Value is above the maximum of 1.",
    "done as yes": 'Incorrect type. Expected "boolean | null".',
    "weight zero": "Value is below the exclusive minimum of 0.",
    "period not a period": 'String does not match the pattern of "^[0-9]{4}(-Q[1-4]|-H[12])?$".',
    "a list of owners": 'Incorrect type. Expected "string".',
    "team not a slug": 'String does not match the pattern of "^[a-z0-9][a-z0-9_-]*$".',
    "cadence unknown": (
        'Value is not accepted. Valid values: "daily", "weekly", "monthly", "quarterly".'
    ),
    "band bound as text": 'Incorrect type. Expected "number | null".',
    "blank title": 'String does not match the pattern of "\\S".',
    "key results not a list": 'Incorrect type. Expected "array".',
    "typo in a key result": "Property tagret is not allowed.",
    "unknown objective key": "Property ownr is not allowed.",
    "unknown top-level key": "Property kpi is not allowed.",
    "unknown check-in key": "Property mood is not allowed.",
    "unknown band key": "Property ceiling is not allowed.",
    "no team": 'Missing property "team".',
    "no type": 'Missing property "type".',
    "no title": 'Missing property "title".',
    "no KPI owner": 'Missing property "owner".',
    "no key results": 'Missing property "key_results".',
    "check-in without date": 'Missing property "date".',
    "objectives without period": 'Missing property "period".',
    "neither objectives nor KPIs": 'Missing property "objectives".',
    "an empty band": 'Missing property "min".',
    "numeric without target": 'Missing property "target".',
    # Mixed kinds: the key result is checked as the kind lint reads, and the foreign field is
    # named (a bare oneOf said "Missing property start" and "Property kpi is not allowed").
    "numeric and binary": "Property done is not allowed.",
    "KPI-linked and binary": "Property done is not allowed.",
    "KPI-linked with current": "Property current is not allowed.",
    "binary with a target": "Property target is not allowed.",
    "a title and no kind": 'Missing property "start".',
    "current and check-ins": "Property checkins is not allowed.",
    "done and check-ins": "Property checkins is not allowed.",
    "number in a milestone": 'Incorrect type. Expected "boolean | null".',
    "dropped without a reason": 'Missing property "reason".',
    "a reason but not dropped": 'Missing property "status".',
    "a drop date but not dropped": 'Missing property "status".',
    "status not dropped": 'Value must be "dropped".',
    "check-in with neither value nor score": 'Missing property "value".',
    "self score above 1": "Value is above the maximum of 1.",
    "a value in a KPI-linked check-in": "Property value is not allowed.",
    "an empty retro": 'Missing property "worked".',
    "unknown retro key": "Property lessons is not allowed.",
    "aligns_to an empty list": 'Incorrect type. Expected "string | null".',
    "aligns_to of five pieces": 'String does not match the pattern of "^[^/]+(/[^/]+){1,3}$".',
    "key result aligns_to a mapping": 'Incorrect type. Expected "string".',
    "an empty plan": "Array has too few items. Expected 1 or more.",
    "a plan value as text": 'Incorrect type. Expected "number".',
    "a plan point without a value": 'Missing property "value".',
    "unknown plan point key": "Property by is not allowed.",
    "a plan on a milestone": "Property plan is not allowed.",
    "initiative done day while active": 'Value must be "done".',
    "initiative of no known status": (
        'Value is not accepted. Valid values: "planned", "active", "done", "dropped".'
    ),
    "from_kpi of three pieces": (
        'String does not match the pattern of "^[a-z0-9][a-z0-9_-]*/[a-z0-9][a-z0-9_-]*$".'
    ),
    "from_kpi a list": 'Incorrect type. Expected "string | null".',
    "from_kr without its period": (
        'String does not match the pattern of "^[^/]+/[^/]+/[^/]+/[^/]+$".'
    ),
    "from_kr a number": 'Incorrect type. Expected "string | null".',
}
# Cases the schema rejects that the language server cannot see, and why.
UNSEEN = {
    "impossible date": "it checks that a date is written YYYY-MM-DD, not that the day exists",
}


# Lint reports a missing `period` at `objectives` (what needs it); the schema's `if`/`then`
# on the whole file is reported at the file's first line.
OTHER_LINE = {"objectives without period": 1}


def test_every_invalid_case_has_an_expected_first_message() -> None:
    names = [case[0] for case in INVALID]
    assert sorted(names) == sorted([*FIRST_MESSAGE, *UNSEEN])


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("lsp")
    (root / "goal-file.schema.json").write_text(render("goal"), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def server(workspace: Path) -> Iterator[LanguageServer]:
    assert COMMAND is not None
    with yaml_language_server(COMMAND, workspace) as running:
        yield running


def diagnostics(
    server: LanguageServer, workspace: Path, name: str, text: str, keep_open: bool = False
) -> list[Any]:
    """What the editor shows for `text` saved as `name` with the modeline of the goal schema
    on its first line (lines count from 0, so a line's number is lint's, 1-based, without
    the modeline)."""
    schema = (workspace / "goal-file.schema.json").as_uri()
    document = f"# yaml-language-server: $schema={schema}\n{text}"
    return server.diagnostics((workspace / name).as_uri(), document, keep_open=keep_open)


EXAMPLE_FILES = sorted(path for path in EXAMPLES.rglob("*.yaml") if path.name != "okrctl.yaml")


def test_the_examples_have_no_diagnostics(server: LanguageServer, workspace: Path) -> None:
    found = {
        path.relative_to(EXAMPLES).as_posix(): diagnostics(
            server,
            workspace,
            f"example-{index}.yaml",
            path.read_text(encoding="utf-8-sig"),
        )
        for index, path in enumerate(EXAMPLE_FILES)
    }
    assert len(found) >= 8
    assert found == {name: [] for name in found}


def test_the_first_message_names_the_problem_lint_names(
    server: LanguageServer, workspace: Path
) -> None:
    firsts: dict[str, tuple[str, int]] = {}
    unseen: dict[str, list[Any]] = {}
    for index, (name, text, _rule, _line) in enumerate(INVALID):
        found = diagnostics(server, workspace, f"case-{index}.yaml", text)
        if name in UNSEEN:
            unseen[name] = found
        else:
            assert found, name
            firsts[name] = (found[0]["message"], found[0]["range"]["start"]["line"])
    assert {name: message for name, (message, _) in firsts.items()} == FIRST_MESSAGE
    # On lint's line.
    lines = {name: OTHER_LINE.get(name, line) for name, _text, _rule, line in INVALID}
    assert {name: line for name, (_, line) in firsts.items()} == {
        name: lines[name] for name in firsts
    }
    assert unseen == {name: [] for name in UNSEEN}


NEW_KEY_RESULT = """\
team: support
period: 2026-Q4
owner: lin
objectives:
  - id: faster-replies
    title: Customers get answers fast
    type: committed
    key_results:
      - title: CSAT reaches 4.6
        kpi: support/csat
        target: 4.6
      - title: Help-centre guide for SSO
"""


def test_completion_offers_every_kind_and_hover_documents_the_kind(
    server: LanguageServer, workspace: Path
) -> None:
    """A key result with no kind yet is offered the keys of all three (`start`, `done`,
    `kpi`); hover on a KPI-linked key result's `kpi` shows that field's own docs."""
    text = NEW_KEY_RESULT + " " * 8 + "\n"  # the cursor's line, indented under the title
    found = diagnostics(server, workspace, "new.yaml", text, keep_open=True)
    assert [d["message"] for d in found] == [
        'Missing property "start".',
        'Missing property "target".',
    ]
    uri = (workspace / "new.yaml").as_uri()
    completion = server.at("textDocument/completion", uri, 13, 8)  # the line after the title
    items = completion["items"] if isinstance(completion, dict) else completion
    assert {"start", "target", "done", "kpi", "checkins"} <= {item["label"] for item in items}
    hover = server.at("textDocument/hover", uri, 10, 9)  # `kpi:` of the first key result
    assert hover["contents"]["value"].startswith("#### Kpi\n\nThe KPI, as TEAM/KPI\\_ID")
