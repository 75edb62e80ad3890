"""yaml-syntax: the file is not well-formed YAML, or not plain data okrctl can safely read.

Reported while loading, at the line and column where the parser gave up: ordinary syntax
errors (an unclosed bracket, a tab used for indentation, a bad indent), and input okrctl
refuses to read.

The refusals:

- a file that is not UTF-8, larger than `limits.max_file_size`, unreadable, or not a regular
  file (a pipe, a device);
- a tag other than the YAML core ones (`!!python/object/apply:os.system`, `!Ref`): goal files
  hold plain data and okrctl never constructs objects from tags;
- more than one YAML document in a file (a second `---`);
- alias bombs and absurd nesting (`limits.max_aliases`, `limits.max_alias_expansion`,
  `limits.max_depth`).

The three commonest mistakes are named with their fix, the parser's own words kept after
the message in `(YAML: ...)`:

- a tab in the indentation (YAML indents with spaces only), pointing at the tab;
- a line indented to no open block: `this line is indented to column 4, but its siblings
  start at column 5: align it with them`, pointing at that line (the first line whose
  indentation matches no open block, where the parser may have stopped a line later);
- an unquoted `: ` in a value, `title: Latency: p95 under 300 ms`, which YAML reads as a
  new key: the message shows the value quoted as it should be written,
  `title: "Latency: p95 under 300 ms"` (inner double quotes escaped, a long value elided).

Every other parser message is shown as the parser words it. The editing commands word a
parse error the same way.

A file with this finding is not checked further; the other files still are.

Failing:

    team: support
    objectives: [
      - id: faster-replies

Passing:

    team: support
    objectives:
      - id: faster-replies

Fix: correct the YAML at the reported position; `okrctl lint FILE` re-checks it.
"""

from okrctl.findings import Severity

CODE = "OK001"
NAME = "yaml-syntax"
SEVERITY = Severity.ERROR
OPTIONS: dict[str, int] = {}
check = None  # reported by the loader
