"""The `source` block of a KPI or numeric key result: where `okrctl pull` reads its values.

Pure data and syntax checks (the model does no IO): the kinds and their fields, `${VAR}`
references (expanded from the environment when a source runs, never written back), JSON
Pointers (RFC 6901), and the options every kind shares (`timeout`, `scale`, `round`).
Running a source is `okrctl.sources`; a literal secret in a URL or header is the rule
`secret-in-source`.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    PlainValidator,
    Tag,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from okrctl.model.types import Number, describe

SOURCE_KINDS = ("sql", "csv", "http-json", "prometheus", "command")
DEFAULT_TIMEOUT = 30.0
MAX_TIMEOUT = 3600

# `${NAME}` names an environment variable; `$$` is a literal `$`.
VARIABLE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
_DOLLAR = re.compile(r"\$(\$|\{[^}]*\}?|[A-Za-z_][A-Za-z0-9_]*)?")
_STEP = re.compile(r"[1-9][0-9]*[smhdw]")


def template_problem(text: str) -> str | None:
    """Why `text` is not a valid `${VAR}` template, or None when it is."""
    for found in _DOLLAR.finditer(text):
        part = found.group(1)
        if part is None or part == "$":
            continue  # a lone `$` (or `$5`) stays as written; `$$` is one `$`
        if part.startswith("{"):
            if not part.endswith("}"):
                return f"`{found.group(0)}` is not closed: write ${{NAME}}"
            if VARIABLE.fullmatch(found.group(0)) is None:
                return (
                    f"`{found.group(0)}` is not a variable name: write ${{NAME}} with letters, "
                    "digits and _ (not starting with a digit)"
                )
            continue
        return f"`${part}` is not expanded: write ${{{part}}}"
    return None


def variables(text: str) -> list[str]:
    """The environment variables a template names, in order."""
    return VARIABLE.findall(text.replace("$$", ""))


def check_template(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise PydanticCustomError("template", "expected text, got {got}", {"got": describe(value)})
    why = template_problem(value)
    if why is not None:
        raise PydanticCustomError("template", why)
    return value


def pointer_problem(pointer: str) -> str | None:
    """Why `pointer` is not a JSON Pointer (RFC 6901), or None when it is."""
    if pointer and not pointer.startswith("/"):
        return f'`{pointer}` is not a JSON Pointer: it starts with "/" (e.g. "/data/value")'
    bad = re.search(r"~(?![01])", pointer)
    if bad is not None:
        return f"`{pointer}` is not a JSON Pointer: `~` is written ~0 and `/` inside a name ~1"
    return None


def check_pointer(value: Any) -> str:
    if not isinstance(value, str):
        raise PydanticCustomError(
            "pointer",
            'expected a JSON Pointer such as "/data/value", got {got}',
            {"got": describe(value)},
        )
    why = pointer_problem(value)
    if why is not None:
        raise PydanticCustomError("pointer", why)
    return value


def check_step(value: Any) -> str:
    if not isinstance(value, str) or _STEP.fullmatch(value) is None:
        raise PydanticCustomError(
            "step",
            "expected a duration such as 1d, 6h or 30m, got {got}",
            {"got": describe(value)},
        )
    return value


def check_timeout(value: Any) -> float:
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not 0 < value <= MAX_TIMEOUT
    ):
        raise PydanticCustomError(
            "timeout",
            "`timeout` is seconds, more than 0 and at most {most}, got {got}",
            {"most": MAX_TIMEOUT, "got": describe(value)},
        )
    return float(value)


def check_round(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 12:
        raise PydanticCustomError(
            "round",
            "`round` is a number of decimals, 0 to 12, got {got}",
            {"got": describe(value)},
        )
    return value


def check_text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise PydanticCustomError("text", "expected text, got {got}", {"got": describe(value)})
    return value


Template = Annotated[
    str,
    PlainValidator(check_template),
    WithJsonSchema(
        {
            "type": "string",
            "minLength": 1,
            "description": "Text in which ${NAME} is the environment variable NAME ($$ is $).",
        }
    ),
]
Pointer = Annotated[
    str,
    PlainValidator(check_pointer),
    WithJsonSchema({"type": "string", "pattern": "^(/([^~]|~[01])*)*$"}),
]
Step = Annotated[
    str, PlainValidator(check_step), WithJsonSchema({"type": "string", "pattern": _STEP.pattern})
]
Timeout = Annotated[
    float,
    PlainValidator(check_timeout),
    WithJsonSchema({"type": "number", "exclusiveMinimum": 0, "maximum": MAX_TIMEOUT}),
]
Decimals = Annotated[
    int,
    PlainValidator(check_round),
    WithJsonSchema({"type": "integer", "minimum": 0, "maximum": 12}),
]
Query = Annotated[
    str, PlainValidator(check_text), WithJsonSchema({"type": "string", "minLength": 1})
]
Column = Annotated[
    str, PlainValidator(check_text), WithJsonSchema({"type": "string", "minLength": 1})
]


class _SourceBase(BaseModel):
    """What every kind of source shares."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    timeout: Timeout | None = Field(
        default=None,
        description=f"Seconds the source may take (default {DEFAULT_TIMEOUT:g}).",
        examples=[10],
    )
    scale: Number | None = Field(
        default=None,
        description="Multiply each value by this (e.g. 100 for a ratio shown as %).",
        examples=[100],
    )
    round: Decimals | None = Field(
        default=None, description="Round each value to this many decimals.", examples=[1]
    )

    @property
    def seconds(self) -> float:
        return self.timeout if self.timeout is not None else DEFAULT_TIMEOUT


class SqlSource(_SourceBase):
    """Rows of (date, value), or one value, from a SQL database."""

    kind: Literal["sql"] = Field(description="sql", examples=["sql"])
    url: Template = Field(
        description="A SQLAlchemy URL (sqlite:///data/metrics.db needs nothing else installed).",
        examples=["${CHURN_DB_URL}", "sqlite:///data/metrics.db"],
    )
    query: Query = Field(
        description="The query; it gets :since (the last recorded date) and :as_of.",
        examples=["select day, churn_pct from churn_daily where day > :since and day <= :as_of"],
    )


class CsvSource(_SourceBase):
    """A column of values, dated by another column, from a CSV file."""

    kind: Literal["csv"] = Field(description="csv", examples=["csv"])
    path: Template | None = Field(
        default=None, description="The file, relative to the goal file.", examples=["data/nps.csv"]
    )
    url: Template | None = Field(
        default=None, description="Or an http(s) URL of the file.", examples=["${NPS_CSV_URL}"]
    )
    date_column: Column = Field(description="The column of dates.", examples=["day"])
    value_column: Column = Field(description="The column of values.", examples=["nps"])
    filter: dict[str, str | int | float] | None = Field(
        default=None,
        description="Only the rows whose columns hold these values.",
        examples=[{"region": "eu"}],
    )

    @model_validator(mode="after")
    def _one_place(self) -> CsvSource:
        if (self.path is None) == (self.url is None):
            raise PydanticCustomError(
                "csv_place", "a csv source has either `path` or `url`, not both nor neither"
            )
        return self


class HttpJsonSource(_SourceBase):
    """A value (or a list of dated values) from a JSON answer of an HTTP GET."""

    kind: Literal["http-json"] = Field(description="http-json", examples=["http-json"])
    url: Template = Field(
        description="The http(s) URL.", examples=["https://status.example.com/api/uptime"]
    )
    headers: dict[str, Template] | None = Field(
        default=None,
        description="Request headers; secrets come from ${VAR}.",
        examples=[{"Authorization": "Bearer ${STATUS_TOKEN}"}],
    )
    rows: Pointer | None = Field(
        default=None,
        description="A JSON Pointer to a list; `value` and `date` then point inside each item.",
        examples=["/data"],
    )
    value: Pointer = Field(description="A JSON Pointer to the value.", examples=["/uptime"])
    date: Pointer | None = Field(
        default=None,
        description="A JSON Pointer to the date (default: the as-of date).",
        examples=["/day"],
    )


class PrometheusSource(_SourceBase):
    """The value at each day's end, from a Prometheus server's query_range API."""

    kind: Literal["prometheus"] = Field(description="prometheus", examples=["prometheus"])
    url: Template = Field(
        description="The server's URL.", examples=["http://prometheus.example.com:9090"]
    )
    query: Query = Field(description="The PromQL query.", examples=["avg(up{job='api'})"])
    step: Step = Field(default="1d", description="The step between values.", examples=["1d"])


class CommandSource(_SourceBase):
    """A program (run without a shell) that prints one number, or lines of `DATE VALUE`."""

    kind: Literal["command"] = Field(description="command", examples=["command"])
    argv: list[Template] = Field(
        min_length=1,
        description="The program and its arguments (no shell).",
        examples=[["python3", "scripts/backlog.py"]],
    )


def source_kind(value: Any) -> str | None:
    if isinstance(value, dict) and value.get("kind") in SOURCE_KINDS:
        return str(value["kind"])
    return None


Source = Annotated[
    Annotated[SqlSource, Tag("sql")]
    | Annotated[CsvSource, Tag("csv")]
    | Annotated[HttpJsonSource, Tag("http-json")]
    | Annotated[PrometheusSource, Tag("prometheus")]
    | Annotated[CommandSource, Tag("command")],
    Discriminator(
        source_kind,
        custom_error_type="source_kind",
        custom_error_message="a source is a mapping whose `kind` is one of sql, csv, http-json, "
        "prometheus, command",
    ),
]
AnySource = SqlSource | CsvSource | HttpJsonSource | PrometheusSource | CommandSource
SOURCE_FIELDS = sorted(
    {
        name
        for model in (SqlSource, CsvSource, HttpJsonSource, PrometheusSource, CommandSource)
        for name in model.model_fields
    }
)

# The mark on a measurement or check-in that `okrctl pull` wrote.
PULLED = "pulled"
Pulled = Literal["pulled"]


def source_field() -> Any:
    return Field(
        default=None,
        description="Where `okrctl pull` reads its values: kind sql, csv, http-json, "
        "prometheus or command, with that kind's fields.",
        examples=[{"kind": "sql", "url": "sqlite:///data/metrics.db", "query": "select 1"}],
    )


def pulled_field() -> Any:
    return Field(
        default=None,
        description="`pulled`: written by `okrctl pull` from the source (never by hand).",
        examples=["pulled"],
    )


# -- literal secrets (the rule `secret-in-source`) --------------------------------------------

_SECRET_NAME = re.compile(
    r"pass(word|wd)?|pwd|secret|token|api[-_]?key|access[-_]?key|private[-_]?key|auth|"
    r"signature|^sig$|^key$|credential|session|cookie",
    re.IGNORECASE,
)
_AUTH_SCHEMES = re.compile(r"^\s*(bearer|basic|token|digest|apikey|api-key)\b", re.IGNORECASE)


def _literal(text: str) -> str:
    """What is left of a template once its `${VAR}` references are taken out."""
    return VARIABLE.sub("", text.replace("$$", "")).strip()


def url_secret(url: str) -> str | None:
    """Why `url` holds a literal secret (a password, a token in the query), or None."""
    from urllib.parse import parse_qsl, urlsplit

    try:
        parts = urlsplit(url)
        netloc = parts.netloc
    except ValueError:
        return None
    userinfo, at, _ = netloc.rpartition("@")
    if at and ":" in userinfo and _literal(userinfo.partition(":")[2]):
        return "the URL holds a literal password: write it as ${VARIABLE}"
    for name, value in parse_qsl(parts.query, keep_blank_values=True):
        if _SECRET_NAME.search(name) and _literal(value):
            return f"the URL's `{name}` is a literal secret: write it as ${{VARIABLE}}"
    return None


def header_secret(name: str, value: str) -> str | None:
    """Why a header holds a literal secret, or None."""
    if not _SECRET_NAME.search(name):
        return None
    if _literal(_AUTH_SCHEMES.sub("", value, count=1)):
        return f"the header `{name}` is a literal secret: write it as ${{VARIABLE}}"
    return None


def secrets(source: AnySource) -> list[tuple[tuple[str, ...], str]]:
    """Each literal secret written in a source: (where below `source`, why)."""
    found: list[tuple[tuple[str, ...], str]] = []
    url = getattr(source, "url", None)
    if isinstance(url, str):
        why = url_secret(url)
        if why is not None:
            found.append((("url",), why))
    if isinstance(source, HttpJsonSource):
        for name, value in (source.headers or {}).items():
            why = header_secret(name, value)
            if why is not None:
                found.append((("headers", name), why))
    return found
