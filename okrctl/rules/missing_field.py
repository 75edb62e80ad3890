"""missing-field: a required field is absent.

Required: a file's `team`, and `period` when it has objectives; an objective's `id`, `title`,
`type` and `key_results`; a key result's `title` and, by kind, `start` and `target` (numeric)
or `kpi` and `target` (KPI-linked); a KPI's `id`, `title` and `owner`. An objective's `type`
is never inferred: deciding committed-or-aspirational at the end of the quarter hides what
is working.

Failing:

    - id: faster-replies
      title: Customers get answers fast
      key_results: [...]

Passing:

    - id: faster-replies
      title: Customers get answers fast
      type: committed
      key_results: [...]

Fix: add the field the message names.
"""

from okrctl.findings import Severity

CODE = "OK004"
NAME = "missing-field"
SEVERITY = Severity.ERROR
OPTIONS: dict[str, int] = {}
check = None  # reported by the loader
