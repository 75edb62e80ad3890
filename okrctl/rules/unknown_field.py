"""unknown-field: a key the goal-file format does not define (often a typo).

An unknown key would otherwise be ignored, so a misspelled `taget` would leave the key result
without the target its author meant. The message suggests the closest known field. A field
that belongs to another kind of key result (`done` next to `start`/`target`) is reported
with an explanation of the three kinds.

Failing:

    - title: First-response time
      start: 52
      taget: 25

Passing:

    - title: First-response time
      start: 52
      target: 25

Fix: correct the spelling, or remove the key.
"""

from okrctl.findings import Severity

CODE = "OK003"
NAME = "unknown-field"
SEVERITY = Severity.ERROR
OPTIONS: dict[str, int] = {}
check = None  # reported by the loader
