"""invalid-value: a value of the wrong type or outside its allowed range.

Values are plain YAML: numbers are numbers (`"30%"` or `$500K` as text is rejected with a
note to write `30` and put `%` in `unit`), booleans are `true`/`false` (not `yes`), dates are
ISO 8601 and real (`2026-02-30` is rejected), NaN and infinities are rejected, confidence is
between 0 and 1, weights are above 0, ids are slugs, an owner is one person, a band's `min`
is not above its `max` and a warn band lies inside the band. Choices such as `type` list the
allowed values and suggest the closest one.

Failing:

    - title: Trial-to-paid conversion
      start: 12
      target: "18%"

Passing:

    - title: Trial-to-paid conversion
      start: 12
      target: 18
      unit: "%"

Fix: write the value as the message describes.
"""

from okrctl.findings import Severity

CODE = "OK005"
NAME = "invalid-value"
SEVERITY = Severity.ERROR
OPTIONS: dict[str, int] = {}
check = None  # reported by the loader
