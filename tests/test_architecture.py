"""The layers of docs/architecture.md, enforced: a module imports only from the layers below it.

Imports are read from the source with `ast`, lazy ones inside functions included (a lazy import
is still an arrow), so a module placed in the wrong layer, or an import that crosses one, fails
here with the file and line, before review.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "okrctl"

# The layer of each module, by dotted prefix; the longest prefix that matches wins.
LAYER_OF: dict[str, str] = {
    "okrctl": "base",
    "okrctl.errors": "base",
    "okrctl.findings": "base",
    "okrctl.source": "base",
    "okrctl.spelling": "base",
    "okrctl.clock": "base",
    "okrctl.wording": "base",
    "okrctl.typed": "base",
    "okrctl.model": "model",
    "okrctl.load": "load",
    "okrctl.rules": "rules",
    "okrctl.linting": "engine",
    "okrctl.checked": "engine",
    "okrctl.compute": "compute",
    "okrctl.reports": "reports",
    "okrctl.edit": "edit",
    "okrctl.sources": "sources",
    "okrctl.commands": "interface",
    "okrctl.registry": "interface",
    "okrctl.terminal": "interface",
    "okrctl.failures": "interface",
    "okrctl.output": "interface",
    "okrctl.progress": "interface",
    "okrctl.prompts": "interface",
    "okrctl.completion": "interface",
    "okrctl.cli": "cli",
    "okrctl.entry": "cli",
    "okrctl.__main__": "cli",
}

# What each layer may import besides itself: the "may import" column of docs/architecture.md.
MAY_IMPORT: dict[str, frozenset[str]] = {
    "base": frozenset(),
    "model": frozenset({"base"}),
    "load": frozenset({"base", "model"}),
    "rules": frozenset({"base", "model"}),
    "engine": frozenset({"base", "model", "load", "rules"}),
    "compute": frozenset({"base", "model"}),
    "reports": frozenset({"base", "model", "compute", "engine", "rules"}),
    "edit": frozenset({"base", "model", "load", "engine"}),
    "sources": frozenset({"base", "model"}),
    "interface": frozenset(
        {"base", "model", "load", "rules", "engine", "compute", "reports", "edit", "sources"}
    ),
    "cli": frozenset(
        {
            "base",
            "model",
            "load",
            "rules",
            "engine",
            "compute",
            "reports",
            "edit",
            "sources",
            "interface",
        }
    ),
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer(module: str) -> str:
    matches = [p for p in LAYER_OF if module == p or module.startswith(p + ".")]
    return LAYER_OF[max(matches, key=len)]


def okrctl_imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every okrctl module `path` imports, `from okrctl import x` as okrctl.x."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "okrctl":
                found += [(node.lineno, f"okrctl.{alias.name}") for alias in node.names]
            else:
                found.append((node.lineno, node.module))
    return [(line, name) for line, name in found if name.split(".")[0] == "okrctl"]


MODULES = sorted(PACKAGE.rglob("*.py"))


def test_every_module_has_a_layer() -> None:
    assert MODULES, "no modules found: the test would prove nothing"
    for path in MODULES:
        name = module_name(path)
        # A module of the package's top level that no row names would fall into `base`.
        if name.count(".") == 1:
            assert name in LAYER_OF, f"{name}: give it a layer in LAYER_OF and the docs table"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE.parent)))
def test_imports_stay_in_their_layers(path: Path) -> None:
    here = layer(module_name(path))
    allowed = MAY_IMPORT[here] | {here}
    crossings = [
        f"{path.relative_to(PACKAGE.parent)}:{line}: {here} imports {name} ({layer(name)})"
        for line, name in okrctl_imports(path)
        if layer(name) not in allowed
    ]
    assert crossings == []


def test_the_table_in_the_docs_is_this_one() -> None:
    """docs/architecture.md's "may import" column says what MAY_IMPORT enforces."""
    docs = (PACKAGE.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    rows = {}
    for line in docs.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0] in MAY_IMPORT:
            rows[cells[0]] = cells[3]
    assert set(rows) == set(MAY_IMPORT)
    for name, cell in rows.items():
        written = {word.strip() for word in re.sub(r"\([^)]*\)", "", cell).split(",")}
        if written == {"everything below"}:
            written = {w for w in MAY_IMPORT if w not in ("interface", "cli")}
        elif written == {"everything"}:
            written = {w for w in MAY_IMPORT if w != "cli"}
        assert written == set(MAY_IMPORT[name]) | ({"base"} if name == "base" else set()), name


def test_a_crossing_import_is_caught(tmp_path: Path) -> None:
    """The checker itself: a model module importing the loader is reported."""
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from okrctl.load.loader import read_text\n", encoding="utf-8")
    assert okrctl_imports(bad) == [(2, "okrctl.load.loader")]
    assert layer("okrctl.load.loader") not in MAY_IMPORT["model"]
