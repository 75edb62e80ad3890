"""key-result-count: an objective has too few or too many key results.

One key result rarely proves an objective is met, and more than five scatter the team: two
to five key results per objective.

Options: `min` (default 2), `max` (default 5).

Failing:

    - id: faster-replies
      key_results:
        - title: First-response time down to 25 minutes
          start: 52
          target: 25

Fix: add the key results that together show the objective is met, or cut the ones that
do not matter.
"""

from collections.abc import Iterator

from okrctl.findings import Problem, Severity
from okrctl.rules.base import RuleContext, problem

CODE = "OK104"
NAME = "key-result-count"
SEVERITY = Severity.WARNING
OPTIONS = {"min": 2, "max": 5}
# What it finds in a file depends on that file alone: the lint engine keeps it by file.
PER_FILE = True


def check(ctx: RuleContext) -> Iterator[Problem]:
    low, high = ctx.options["min"], ctx.options["max"]
    for placed in ctx.tree.objectives:
        if not placed.complete:
            continue  # an invalid key result is already an error; don't miscount
        count = len(placed.objective.key_results)
        if count < low or count > high:
            noun = "key result" if count == 1 else "key results"
            yield problem(
                NAME,
                placed.objective.where_key("key_results"),
                f"objective `{placed.objective.id}` has {count} {noun}; "
                f"{low} to {high} show whether it is met",
            )
