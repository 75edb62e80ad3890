"""secret-in-source: a `source` puts a literal password or token into the goal file.

Goal files are committed and reviewed; a password in a database URL, a token in a URL's
query or an `Authorization` header written out is a secret leaked to everyone who can read
the repository. Secrets come from the environment: `${NAME}` is expanded when `okrctl pull`
runs the source and is never written back.

Failing:

    source:
      kind: sql
      url: postgresql://okr:hunter2@db.example.com/metrics
      query: select day, churn_pct from churn_daily

Passing:

    source:
      kind: sql
      url: postgresql://okr:${METRICS_DB_PASSWORD}@db.example.com/metrics
      query: select day, churn_pct from churn_daily

Fix: move the secret into an environment variable and write `${NAME}` in its place (an
`Authorization` header may keep its scheme: `Bearer ${STATUS_TOKEN}`).
"""

from collections.abc import Iterator

from okrctl.findings import Problem, Severity
from okrctl.model.goals import Kpi, NumericKeyResult
from okrctl.model.sources import secrets
from okrctl.rules.base import RuleContext, problem

CODE = "OK012"
NAME = "secret-in-source"
SEVERITY = Severity.ERROR
OPTIONS: dict[str, int] = {}
# What it finds in a file depends on that file alone: the lint engine keeps it by file.
PER_FILE = True


def _check(owner: Kpi | NumericKeyResult, what: str) -> Iterator[Problem]:
    source = getattr(owner, "source", None)
    if source is None:
        return
    for at, why in secrets(source):
        yield problem(NAME, owner.where_path("source", *at), f"{what}: {why}")


def check(ctx: RuleContext) -> Iterator[Problem]:
    for placed in ctx.tree.key_results():
        if isinstance(placed.kr, NumericKeyResult):
            yield from _check(placed.kr, f"source of `{placed.ref}`")
    for kpi in ctx.tree.kpis.values():
        yield from _check(kpi.kpi, f"source of `{kpi.ref}`")
