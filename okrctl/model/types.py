"""Strict scalar types of the goal-file format, each with an error message that says how to fix it.

pydantic's lax mode would quietly turn `"30%"` into an error with a generic message and
`"yes"` into True; goal files are reviewed by people, so every value must be exactly what it
looks like, and every rejection must say how to write the value instead.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from okrctl.typed import RANGE, comma_hint, in_range
from okrctl.wording import excerpt

SLUG = re.compile(r"[a-z0-9][a-z0-9_-]*")
_NUMBER_IN_TEXT = re.compile(r"[-+]?[0-9][0-9,_]*(?:\.[0-9]+)?")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def describe(value: Any) -> str:
    """How a value reads in an error message: what YAML made of it, and the value itself."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {excerpt(value, 40)}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f'the text "{shown}"'
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


def _error(kind: str, message: str, **context: Any) -> PydanticCustomError:
    return PydanticCustomError(kind, message, context)


_SCALE = {"k": 1_000, "m": 1_000_000, "b": 1_000_000_000, "bn": 1_000_000_000}
_UNIT_AROUND = re.compile(
    r"\s*(?P<prefix>[^\d\s+-]*)\s*[-+]?[0-9][0-9,_]*(?:\.[0-9]+)?\s*(?P<suffix>.*?)\s*"
)


def _unit_hint(text: str, found: re.Match[str]) -> str:
    """How to write `"30%"`, `"$500K"` or `"12 min"`: the plain number, and the unit apart."""
    number = float(found.group(0).replace(",", "").replace("_", ""))
    parts = _UNIT_AROUND.fullmatch(text)
    prefix, suffix = (parts.group("prefix"), parts.group("suffix")) if parts else ("", "")
    scale = _SCALE.get(suffix.lower())
    if scale is not None:  # "$500K" is 500000 dollars, not 500
        number *= scale
        suffix = ""
    if any(c.isalpha() for c in prefix):  # "about 7 days": words before are not a unit
        prefix = ""
    unit = (prefix + suffix).strip()
    written = str(int(number)) if number.is_integer() else repr(number)
    if not unit:
        return f": write {written}"
    return f': write {written} and put the unit in `unit` (e.g. `unit: "{unit}"`)'


def check_number(value: Any) -> int | float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        hint = ""
        if isinstance(value, str):
            found = _NUMBER_IN_TEXT.search(value)
            plain = value.strip().replace(",", "").replace("_", "")
            commas = comma_hint(value.strip()) if "," in value else None
            if commas is not None and "_" not in value:
                # "4,5" is four and a half written with a decimal comma, not 45.
                hint = f": {commas}"
            elif _NUMBER_IN_TEXT.fullmatch(value.strip()) and plain != value.strip():
                hint = f": write {plain} (YAML numbers have no digit separators)"
            elif _NUMBER_IN_TEXT.fullmatch(value.strip()):
                hint = f": remove the quotes (write {value.strip()})"
            elif found:
                hint = _unit_hint(value, found)
            else:
                hint = ": write a plain YAML number such as 42 or 0.95"
        raise _error("number", "expected a number, got {got}{hint}", got=describe(value), hint=hint)
    if isinstance(value, float) and not math.isfinite(value):
        raise _error(
            "finite_number",
            "expected a finite number, got {got}: NaN and infinities cannot be scored",
            got=str(value),
        )
    if not in_range(value):
        raise _error("number_range", "this number is too large: {range}", range=RANGE)
    if type(value) is not int and isinstance(value, int):
        return int(value)  # `target: 007` is the number 7; its spelling matters to ids only
    return value


def check_bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise _error("boolean", "expected true or false, got {got}", got=describe(value))
    return value


def check_text(value: Any) -> str:
    if not isinstance(value, str):
        hint = "; put it in quotes" if isinstance(value, int | float | bool) else ""
        raise _error("text", "expected text, got {got}{hint}", got=describe(value), hint=hint)
    if not value.strip():
        raise _error("empty_text", "this text is empty")
    return value


def check_slug(value: Any) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        # `id: 1` is an id, written without quotes; `id: 007` is `007` (a SpelledInt).
        value = getattr(value, "spelling", None) or str(value)
    text = check_text(value)
    if not SLUG.fullmatch(text):
        suggestion = re.sub(r"[^a-z0-9_-]+", "-", text.lower()).strip("-_") or "my-id"
        raise _error(
            "slug",
            "`{value}` is not a valid id: use lowercase letters, digits, `-` and `_`, "
            "starting with a letter or digit (e.g. `{suggestion}`)",
            value=text,
            suggestion=suggestion,
        )
    return text


def check_owner(value: Any) -> str:
    if isinstance(value, list):
        raise _error(
            "one_owner",
            "an owner is one person, got a list of {count}: name the one person accountable",
            count=len(value),
        )
    return check_text(value).strip()


def check_lead_owner(value: Any) -> str:
    """An objective's or key result's owner: one person; the others are its contributors."""
    if isinstance(value, list):
        raise _error(
            "one_owner",
            "an owner is one person, got a list of {count}: name the one person accountable "
            "and move the others to `contributors`",
            count=len(value),
        )
    return check_text(value).strip()


def check_person(value: Any) -> str:
    """One name in a list of people (`contributors`)."""
    if isinstance(value, list):
        raise _error("person", "expected one person, got a list: write one name per item")
    return check_text(value).strip()


# A link goes to a web page: anything else (javascript:, file:, a bare word) is not one, and
# must never become a live link in an HTML report.
# \ufeff is whitespace to JSON Schema's (ECMAScript's) `\s` and not to Python's.
URL = re.compile("https?://[^\\s\ufeff/?#]+[^\\s\ufeff]*")


def check_url(value: Any) -> str:
    text = check_text(value)
    if not URL.fullmatch(text):
        raise _error(
            "url",
            "`{value}` is not a web address: write a full http:// or https:// URL "
            "(e.g. https://wiki.example.com/okrs)",
            value=excerpt(text),
        )
    return text


def check_date(value: Any) -> date:
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise _error(
            "date",
            "expected an ISO 8601 date such as 2026-11-20, got {got}",
            got=describe(value),
        )
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise _error(
            "date", "`{value}` is not a real date: {reason}", value=value, reason=str(error)
        ) from None


def check_confidence(value: Any) -> int | float:
    number = check_number(value)
    if not 0 <= number <= 1:
        raise _error(
            "confidence",
            "confidence is between 0 and 1, got {got} (write 0.7 for 70%)",
            got=number,
        )
    return number


def check_score(value: Any) -> int | float:
    """A self-graded score: 0 to 1, with at most three decimals (as every score is reported)."""
    number = check_number(value)
    if not 0 <= number <= 1:
        raise _error(
            "score", "a score is between 0 and 1, got {got} (write 0.4 for 40%)", got=number
        )
    if round(number, 3) != number:
        raise _error(
            "score", "a score has at most three decimals, got {got} (write 0.667)", got=number
        )
    return number


def check_weight(value: Any) -> int | float:
    number = check_number(value)
    if number <= 0:
        raise _error("weight", "a weight is a number above 0, got {got}", got=number)
    return number


def _ref_checker(parts: tuple[int, ...], example: str, what: str) -> Any:
    def check(value: Any) -> str:
        text = check_text(value)
        pieces = text.split("/")
        if len(pieces) not in parts or not all(SLUG.fullmatch(p) for p in pieces if p):
            raise _error(
                "reference",
                "`{value}` is not a {what} reference: write `{example}`",
                value=text,
                what=what,
                example=example,
            )
        return text

    return check


# The JSON Schema of each type (`okrctl schema`) says what its checker accepts, never less: a
# value the schema rejects must be one okrctl rejects too, so an editor never flags a valid file.
# Each has examples for editors' hover and completion.
Number = Annotated[
    float,
    PlainValidator(check_number),
    WithJsonSchema({"type": "number", "examples": [25, 4.6]}),
]
Bool = Annotated[
    bool,
    PlainValidator(check_bool),
    WithJsonSchema({"type": "boolean", "examples": [True, False]}),
]
_NOT_BLANK = {"type": "string", "minLength": 1, "pattern": "\\S"}
Text = Annotated[
    str,
    PlainValidator(check_text),
    WithJsonSchema({**_NOT_BLANK, "examples": ["Median first-response time"]}),
]
Slug = Annotated[
    str,
    PlainValidator(check_slug),
    # `id: 1` is an id too: check_slug reads a whole number as its digits.
    WithJsonSchema(
        {
            "type": ["string", "integer"],
            "pattern": "^[a-z0-9][a-z0-9_-]*$",
            "minimum": 0,
            "examples": ["faster-replies"],
        }
    ),
]
Owner = Annotated[
    str, PlainValidator(check_owner), WithJsonSchema({**_NOT_BLANK, "examples": ["lin"]})
]
LeadOwner = Annotated[
    str, PlainValidator(check_lead_owner), WithJsonSchema({**_NOT_BLANK, "examples": ["lin"]})
]
Person = Annotated[
    str, PlainValidator(check_person), WithJsonSchema({**_NOT_BLANK, "examples": ["sam"]})
]
Url = Annotated[
    str,
    PlainValidator(check_url),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": "^https?://[^\\s/?#]+\\S*$",
            "examples": ["https://wiki.example.com/support/okrs"],
        }
    ),
]
IsoDate = Annotated[
    date,
    PlainValidator(check_date),
    WithJsonSchema({"type": "string", "format": "date", "examples": ["2026-11-20"]}),
]
Confidence = Annotated[
    float,
    PlainValidator(check_confidence),
    WithJsonSchema({"type": "number", "minimum": 0, "maximum": 1, "examples": [0.7]}),
]
SelfScore = Annotated[
    float,
    PlainValidator(check_score),
    # No `multipleOf: 0.001`: validators test it in binary floats, where 0.4 is no multiple of
    # 0.001, so the schema would reject what okrctl accepts. Lint checks the three decimals.
    WithJsonSchema({"type": "number", "minimum": 0, "maximum": 1, "examples": [0.4]}),
]
Weight = Annotated[
    float,
    PlainValidator(check_weight),
    WithJsonSchema({"type": "number", "exclusiveMinimum": 0, "examples": [1, 2]}),
]
KpiRef = Annotated[
    str,
    PlainValidator(_ref_checker((2,), "TEAM/KPI_ID", "KPI")),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": "^[a-z0-9][a-z0-9_-]*/[a-z0-9][a-z0-9_-]*$",
            "examples": ["support/csat"],
        }
    ),
]
# A piece of a reference that names a period: `2026`, `2026-Q4`, `2026-H1`, or a range as its
# label is written (`2026-10-01..2026-12-31`).
_PERIOD_PIECE = re.compile(
    r"[0-9]{4}(?:-[QH][1-4])?|[0-9]{4}-[0-9]{2}-[0-9]{2}\.\.[0-9]{4}-[0-9]{2}-[0-9]{2}"
)


@dataclass(frozen=True, slots=True)
class Reference:
    """What an `aligns_to` reference names: an objective (`key_result` None) or a key result,
    of a team, in a period written out or (None) found as the closest one containing the
    holder's."""

    team: str
    period: str | None
    objective: str
    key_result: str | None

    @property
    def objective_ref(self) -> str:
        """The objective part as written: `TEAM/OBJECTIVE` or `TEAM/PERIOD/OBJECTIVE`."""
        if self.period is None:
            return f"{self.team}/{self.objective}"
        return f"{self.team}/{self.period}/{self.objective}"


def parse_reference(text: str) -> Reference | None:
    """`TEAM/OBJECTIVE`, `TEAM/PERIOD/OBJECTIVE`, `TEAM/OBJECTIVE/KR` or
    `TEAM/PERIOD/OBJECTIVE/KR`; None when it is none of them. Three pieces name a period and
    an objective when the middle one is a period label (`company/2026/growth`), else an
    objective and its key result (`company/growth/arr`)."""
    pieces = text.split("/")
    if len(pieces) < 2 or len(pieces) > 4:
        return None
    period: str | None = None
    if len(pieces) == 4 or (len(pieces) == 3 and _PERIOD_PIECE.fullmatch(pieces[1])):
        period = pieces.pop(1)
        if not _PERIOD_PIECE.fullmatch(period):
            return None
    if not all(SLUG.fullmatch(piece) for piece in pieces):
        return None
    key_result = pieces[2] if len(pieces) == 3 else None
    return Reference(pieces[0], period, pieces[1], key_result)


def check_reference(value: Any) -> str:
    text = check_text(value)
    if parse_reference(text) is None:
        raise _error(
            "reference",
            "`{value}` is not an objective or key-result reference: write `TEAM/OBJECTIVE_ID` "
            "or `TEAM/OBJECTIVE_ID/KR_ID` (with the period after the team to name it: "
            "`TEAM/2026-Q4/OBJECTIVE_ID`)",
            value=text,
        )
    return text


def check_kr_reference(value: Any) -> str:
    """`TEAM/PERIOD/OBJECTIVE_ID/KR_ID`: the key result a KPI graduated from (`from_kr`), its
    period written out (the KPI has no period to find one from)."""
    text = check_text(value)
    parsed = parse_reference(text)
    if parsed is None or parsed.period is None or parsed.key_result is None:
        raise _error(
            "reference",
            "`{value}` is not a key-result reference: write `TEAM/PERIOD/OBJECTIVE_ID/KR_ID` "
            "(`support/2026-Q3/tame-escalations/escalation-rate`)",
            value=text,
        )
    return text


KrRef = Annotated[
    str,
    PlainValidator(check_kr_reference),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": "^[^/]+/[^/]+/[^/]+/[^/]+$",
            "examples": ["support/2026-Q3/tame-escalations/escalation-rate"],
        }
    ),
]


def check_aligns_to(value: Any) -> str | list[str]:
    """One reference, or a list of them (a goal with several parents)."""
    if not isinstance(value, list):
        return check_reference(value)
    if not value:
        raise _error("reference", "an empty list aligns to nothing: name a parent or drop the key")
    return [check_reference(item) for item in value]


def aligns_to_refs(value: str | list[str] | None) -> list[str]:
    """The references an `aligns_to` value holds, in order (none, one, or the list)."""
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


_REFERENCE = {
    "type": "string",
    # TEAM/OBJECTIVE, TEAM/PERIOD/OBJECTIVE, TEAM/OBJECTIVE/KR, TEAM/PERIOD/OBJECTIVE/KR.
    "pattern": "^[^/]+(/[^/]+){1,3}$",
    "examples": ["company/scalable-success", "company/2026/revenue/arr"],
}
AlignsTo = Annotated[
    str | list[str],
    PlainValidator(check_aligns_to),
    WithJsonSchema(
        {
            "anyOf": [
                _REFERENCE,
                {"type": "array", "minItems": 1, "items": _REFERENCE},
            ],
            "examples": [
                "company/scalable-success",
                ["company/growth", "company/2026/revenue/arr"],
            ],
        }
    ),
]
Direction = Literal["increase", "decrease"]
ObjectiveType = Literal["committed", "aspirational"]
KeyResultStatus = Literal["dropped"]
InitiativeStatus = Literal["planned", "active", "done", "dropped"]
Priority = Literal["P0", "P1", "P2", "P3", "P4"]
Cadence = Literal["daily", "weekly", "monthly", "quarterly"]
