"""symlink-outside-tree: a symlink in the goal tree leads to a file outside it, and is not read.

Goal trees arrive in pull requests, and CI prints what okrctl finds. A link such as
`goals/x.yaml -> /etc/passwd` (or to a deploy key) would otherwise be read, fail to validate,
and have its first line quoted in a public log. So inside a tree okrctl reads only files
that are really in it; a file named on the command line is always read, because you asked.
Reported while discovering files; the target is deliberately not named.

Failing:

    goals/shared.yaml -> ../../other-repo/goals/shared.yaml

Fix: copy the file into the tree, or, if you trust every contributor, set
`follow_symlinks: true` in okrctl.yaml.
"""

from okrctl.findings import Severity

CODE = "OK113"
NAME = "symlink-outside-tree"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, int] = {}
check = None  # reported when the tree is read
