"""duplicate-key: the same key appears twice in one mapping.

Plain YAML loaders keep the last value and drop the first without a word, so a reviewer
reading the first one is misled. okrctl reports the second occurrence and keeps the first.

Failing:

    - title: First-response time
      start: 52
      target: 30
      target: 25

Passing:

    - title: First-response time
      start: 52
      target: 25

Fix: delete one of the two keys, keeping the value you mean.
"""

from okrctl.findings import Severity

CODE = "OK002"
NAME = "duplicate-key"
SEVERITY = Severity.ERROR
OPTIONS: dict[str, int] = {}
check = None  # reported by the loader
