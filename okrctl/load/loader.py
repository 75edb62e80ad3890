"""Read goal files and the config file into validated models, keeping every problem found.

Validation goes part by part (the file's header, each objective, each key result, each KPI)
so that a schema error in one part does not hide the findings of the others: the rules still
run on every part that validated.
"""

from __future__ import annotations

import io
import os
import stat
import typing
from array import array
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

from okrctl.findings import Location, Problem
from okrctl.load.errors import translate, translate_all
from okrctl.load.yamlparse import ParsedYaml, SourceMap, parse_yaml
from okrctl.model.config import (
    Config,
    KpiSettings,
    LimitSettings,
    LintSettings,
    ScoringSettings,
)
from okrctl.model.files import Declared as Declared
from okrctl.model.files import LoadedConfig as LoadedConfig
from okrctl.model.files import LoadedFile as LoadedFile
from okrctl.model.goals import (
    KEY_RESULT_FIELDS,
    KEY_RESULT_KINDS,
    AnyKeyResult,
    Band,
    BinaryCheckin,
    GoalFile,
    GoalFileHeader,
    Initiative,
    KeyResult,
    Kpi,
    Link,
    Measurement,
    Model,
    NumericCheckin,
    Objective,
    ObjectiveHeader,
    Retro,
    key_result_kind,
    resolve_period,
)
from okrctl.model.period import Period
from okrctl.model.schema import modeline_schema
from okrctl.model.sources import SOURCE_FIELDS
from okrctl.model.types import SLUG, describe
from okrctl.source import Limits, Suppressions, Unread, YamlPath

# LoadedFile, LoadedConfig and Declared live in the model (okrctl.model.files); they stay
# importable from here, where the loader's callers have always found them.


def display_path(path: Path) -> str:
    """A path as shown to the user: relative to the current directory when below it."""
    if os.name == "posix" and ".." not in path.parts:
        # What relpath gives, without its two abspaths per call (a tree of 5,000 files
        # is shown file by file): a relative path without `..` is shown as it is, one
        # below the current directory from there (a Path has no `.` parts to normalise).
        if not path.is_absolute():
            return path.as_posix()
        text, here = str(path), os.getcwd()
        if text.startswith(here) and text[len(here) : len(here) + 1] == "/" and here != "/":
            return text[len(here) + 1 :]
    try:
        return Path(os.path.relpath(path)).as_posix()
    except ValueError:  # another drive on Windows
        return path.as_posix()


def read_text(path: Path, shown: str, limits: Limits) -> tuple[str | None, list[Problem]]:
    """A file's text, or the problem that prevents reading it (size, encoding, permissions)."""
    raw, problems = read_bytes(path, shown, limits)
    return (None, problems) if raw is None else decode(raw, shown)


def read_bytes(path: Path, shown: str, limits: Limits) -> tuple[bytes | None, list[Problem]]:
    """A file's bytes, or the problem that prevents reading them (size, permissions)."""

    def too_large(size: int) -> tuple[None, list[Problem]]:
        message = (
            f"file is {size:,} bytes, over the limit of {limits.max_file_size:,} "
            "(`limits.max_file_size` in okrctl.yaml)"
        )
        return None, [Problem("yaml-syntax", Location(shown), message)]

    try:
        # Opened without blocking and checked on the open file: a pipe or a device (a FIFO
        # named x.yaml, a link to /dev/zero) would otherwise hang or never end the read.
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        try:
            status = os.fstat(descriptor)
            if not stat.S_ISREG(status.st_mode):
                message = "not a regular file (a pipe or a device?), so it is not read"
                return None, [Problem("yaml-syntax", Location(shown), message)]
            if status.st_size > limits.max_file_size:
                return too_large(status.st_size)
            # Read on the descriptor, without a buffered file object around it (a tree is
            # thousands of small files); a file may grow after fstat, so read to its end.
            most, size = limits.max_file_size + 1, 0
            parts: list[bytes] = []
            while size < most:
                part = os.read(
                    descriptor, min(most - size, max(status.st_size + 1 - size, 1 << 16))
                )
                if not part:
                    break
                parts.append(part)
                size += len(part)
            raw = parts[0] if len(parts) == 1 else b"".join(parts)
            if len(raw) > limits.max_file_size:
                return too_large(len(raw))
        finally:
            os.close(descriptor)
    except OSError as error:
        what = "folder" if os.path.isdir(path) else "file"  # a folder it could not list (discover)
        return None, [
            Problem("yaml-syntax", Location(shown), f"cannot read {what}: {error.strerror}")
        ]
    return raw, []


def decode(raw: bytes, shown: str) -> tuple[str | None, list[Problem]]:
    """A file's text from its bytes, or where they are not UTF-8."""
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        raw = error.object  # without the BOM, which error.start does not count
        line = raw.count(b"\n", 0, error.start) + 1
        line_start = raw.rfind(b"\n", 0, error.start) + 1
        column = len(raw[line_start : error.start].decode("utf-8")) + 1  # characters
        return None, [
            Problem(
                "yaml-syntax",
                Location(shown, line, column),
                f"not valid UTF-8 (byte 0x{raw[error.start]:02x}); save the file as UTF-8",
            )
        ]


def _fields(model: type[Any]) -> list[str]:
    """Field names of a pydantic model or pydantic dataclass."""
    fields = getattr(model, "model_fields", None) or model.__pydantic_fields__
    return list(fields)


_CHECKIN_FIELDS = sorted(set(_fields(NumericCheckin)) | set(_fields(BinaryCheckin)))
_NESTED = {
    "checkins": _CHECKIN_FIELDS,
    "measurements": _fields(Measurement),
    "band": _fields(Band),
    "warn": _fields(Band),
    "links": _fields(Link),
    "source": SOURCE_FIELDS,
    "initiatives": _fields(Initiative),
    "retro": _fields(Retro),
}


_FAST_PATH_PARTS = 1_000


def _parts(root: dict[str, Any]) -> int:
    """How many objectives and KPIs a goal file lists."""
    return sum(
        len(part) for part in (root.get("objectives"), root.get("kpis")) if isinstance(part, list)
    )


class _Overflow:
    """Which items of one list that are not mappings need no problem of their own: the ones
    past the findings cap, only counted (a flood of a million items is then a count, not a
    million problems: their places, messages and memory).

    The lint engine lists a file's first `cap` findings of a rule, by place, then one finding
    at the next that counts the rest. Once this list has had `cap + 1` such problems kept, at
    places one after another that no `disable` comment names, a later item is past all of
    them, so it can only be counted in that finding: it is counted here instead (the engine
    adds the count, `LoadedFile.counted`). Each counted item is at a place of its own and its
    message ("... must be a mapping ...", made only here, once per item) no other problem
    has, so each is exactly one more finding, as a kept problem would have been.
    """

    __slots__ = ("cap", "kept", "last", "places", "silenced", "source", "where")

    def __init__(self, source: SourceMap, where: YamlPath, cap: int, silenced: Suppressions):
        self.source = source
        self.where = where  # the list
        self.cap = cap
        self.silenced = silenced.lines
        self.places: array[int] | None = None  # looked up at the first item that is no mapping
        self.kept = 0
        self.last = -1  # the place of the last item kept or counted

    def counts(self, index: int) -> bool:
        """Whether the problem of item `index` (no mapping) is past the cap, only counted."""
        places = self.places
        if places is None:
            places = self.places = self.source.item_places(self.where) or array("Q")
        if index >= len(places):
            return False
        place = places[index]
        if place <= self.last:
            return False  # not after the ones before it (never, in a parsed list): kept
        self.last = place
        if self.kept <= self.cap:
            if (place >> 32) + 1 not in self.silenced:  # a comment may silence it: not seen
                self.kept += 1
            return False
        return (place >> 32) + 1 not in self.silenced


# A part of a goal file made from one list item: an objective, a key result or a KPI.
_Part = TypeVar("_Part")


@cache
def _key_result_adapter() -> TypeAdapter[Any]:
    return TypeAdapter(KeyResult)


@cache
def _item_type(model: type[BaseModel], name: str) -> type[Any] | None:
    """The item class of a list field (`checkins` -> NumericCheckin), None for other fields."""
    annotation = model.model_fields[name].annotation
    for option in (annotation, *typing.get_args(annotation)):
        if typing.get_origin(option) is list:
            (item,) = typing.get_args(option)
            return item if hasattr(item, "__pydantic_fields__") else None
    return None


@cache
def _adapter(item: Any) -> TypeAdapter[Any]:  # Any: a class, which mypy does not see hashable
    return TypeAdapter(item)


def _stand_ins(cls: type[Any], failed: set[str], every: bool = False) -> dict[str, Any]:
    """A valid value (the field's documented example) for each required field that failed;
    with `every`, for each field that failed (a validator across fields that finds one
    missing, a check-in's `value` or `score`, a dropped key result's `reason`, fails without)."""
    fields = getattr(cls, "model_fields", None) or cls.__pydantic_fields__
    return {
        name: info.examples[0]
        for name, info in fields.items()
        if name in failed and (every or info.is_required()) and info.examples
    }


def _failures(errors: list[ErrorDetails]) -> tuple[set[str], dict[str, dict[int, set[str]]]] | None:
    """The fields that failed, and for lists of dated items, which fields of which item.

    None when an error is not about one field (the part as a whole failed).
    """
    whole: set[str] = set()
    items: dict[str, dict[int, set[str]]] = {}
    for error in errors:
        loc = error["loc"]
        if not loc or not isinstance(loc[0], str):
            return None
        if len(loc) >= 3 and isinstance(loc[1], int) and isinstance(loc[2], str):
            items.setdefault(loc[0], {}).setdefault(loc[1], set()).add(loc[2])
        else:
            whole.add(loc[0])
    return whole, items


def salvage(
    model: type[Model], data: dict[str, Any], errors: list[ErrorDetails], identity: str | None
) -> Any:
    """The part as far as it is valid, for linting only, or None when nothing can be kept.

    A field that failed is left out: unset when required (a rule reading it would fail
    loudly, never on a made-up value), at its default when not; the model's `_invalid` names
    them. A check-in or measurement that failed is kept the same way, its bad fields unset, so
    every other item keeps its index and its findings. A part whose `identity` (its `id`, the
    file's `team`) failed is not kept: nothing could name it.
    """
    found = _failures(errors)
    if found is None:
        return None
    whole, items = found
    if identity is not None and identity in whole:
        return None
    fields = model.model_fields
    values = {name: value for name, value in data.items() if name not in whole}
    for name, bad_items in items.items():
        item_type = _item_type(model, name) if name in fields and name not in whole else None
        raw = values.get(name)
        if item_type is None or not isinstance(raw, list):
            whole.add(name)
            values.pop(name, None)
            continue
        kept = list(raw)
        for index, bad in bad_items.items():
            kept[index] = _salvage_item(item_type, raw[index], bad)
        values[name] = kept
    stand_ins = _stand_ins(model, whole)
    try:
        part = model.model_validate({**values, **stand_ins})
    except ValidationError:
        stand_ins = _stand_ins(model, whole, every=True)
        try:
            part = model.model_validate({**values, **stand_ins})
        except ValidationError:
            return None  # a rule across fields still fails: keep nothing rather than guess
    for name in stand_ins:
        del part.__dict__[name]
    # A list with an item kept in part is marked too: its items may have unset fields.
    part._invalid = frozenset(name for name in whole | set(items) if name in fields)
    return part


def _salvage_item(item_type: Any, raw: Any, bad: set[str]) -> Any:
    """A check-in or measurement with its bad fields unset (see `salvage`), or `raw` as is
    (which then fails again, and the part with it) when it cannot be kept."""
    if not isinstance(raw, dict):
        return raw
    stand_ins = _stand_ins(item_type, bad)
    values = {name: value for name, value in raw.items() if name not in bad}
    try:
        item = _adapter(item_type).validate_python({**values, **stand_ins})
    except ValidationError:
        stand_ins = _stand_ins(item_type, bad, every=True)
        try:
            item = _adapter(item_type).validate_python({**values, **stand_ins})
        except ValidationError:
            return raw
    for name in stand_ins:
        object.__delattr__(item, name)  # a slotted, frozen dataclass: the slot is left empty
    return item


class _FileLoader:
    """Validates one parsed goal file part by part."""

    def __init__(self, parsed: ParsedYaml, fiscal_year_start: int, cap: int = 0) -> None:
        self.source = parsed.source
        self.problems = parsed.problems
        self.suppressions = parsed.suppressions
        self.fiscal_year_start = fiscal_year_start
        # Whether parts that failed validation are kept, as far as valid, for the rules; a
        # file of thousands of parts is a flood, not a team's goals, and is not salvaged.
        self.salvaging = True
        self.cap = cap  # lint.max_findings_per_rule (0: none): what the engine will list
        self.counted: dict[str, int] = {}

    def items(
        self,
        raw: list[Any],
        where: YamlPath,
        make: Callable[[Any, YamlPath], tuple[_Part | None, _Part | None]],
    ) -> tuple[list[tuple[_Part | None, _Part | None]], int]:
        """Each item of the list at `where` made into its part, in order: (the part if valid,
        the part as far as valid), as `make` gives them (it records the problems of an item
        that does not validate); and how many items were only counted.

        An item that is no mapping and is past the lint cap (`_Overflow`) is counted, not
        made: making it would only record the problem `mapping` records, which the engine
        could only count (and it would give neither part).
        """
        overflow = (
            _Overflow(self.source, where, self.cap, self.suppressions)
            if self.cap and isinstance(self.source, SourceMap)
            else None
        )
        made: list[tuple[_Part | None, _Part | None]] = []
        counted = 0
        for index, item in enumerate(raw):
            if overflow is not None and not isinstance(item, dict) and overflow.counts(index):
                counted += 1
                continue
            made.append(make(item, where + (index,)))
        if counted:
            self.counted["invalid-value"] = self.counted.get("invalid-value", 0) + counted
        return made, counted

    def problem(self, rule: str, at: YamlPath, message: str, key: bool = False) -> None:
        where = self.source.key(at) if key else self.source.value(at)
        self.problems.append(Problem(rule, where, message))

    def validate(
        self,
        model: type[Model],
        data: dict[str, Any],
        at: YamlPath,
        what: str,
        identity: str | None = None,
    ) -> tuple[Any, Any]:
        """The part if valid (else None), and the part as far as it is valid, for the rules
        (the same object when valid; None when nothing can be kept, or when not salvaging)."""
        try:
            part = model.model_validate(data)
        except ValidationError as error:
            errors = error.errors(include_url=False)
        else:
            return part, part
        kept = salvage(model, data, errors, identity) if self.salvaging else None
        self.problems.extend(
            translate_all(errors, at, self.source, what, _fields(model), _NESTED, data=data)
        )
        return None, kept

    def mapping(self, value: Any, at: YamlPath, what: str, expected: str) -> dict[str, Any] | None:
        if isinstance(value, dict):
            return value
        self.problem(
            "invalid-value", at, f"{what} must be a mapping with {expected}, got {describe(value)}"
        )
        return None

    def listing(self, data: dict[str, Any], name: str, at: YamlPath, what: str) -> list[Any]:
        value = data.get(name)
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem("invalid-value", at + (name,), f"`{name}` must be a list of {what}")
            return []
        return value

    def load(self, loaded: LoadedFile, data: Any) -> None:
        if data is None and not self.problems:
            self.problem(
                "invalid-value",
                (),
                "the file is empty: a goal file is a mapping with `team` "
                "and `objectives` or `kpis`",
            )
            return
        root = self.mapping(data, (), "a goal file", "`team` and `objectives` or `kpis`")
        if root is None:
            return
        if _parts(root) > _FAST_PATH_PARTS:
            # A file of thousands of objectives or KPIs is a flood, not a team's goals: each
            # part is validated on its own, so a failure costs one part's errors at a time,
            # not one error per part held at once (pydantic keeps ~0.5 KB for each).
            self.salvaging = False
            self.part_by_part(loaded, root)
            return
        try:
            # The fast path: a valid file is one call into pydantic-core.
            goal = GoalFile.model_validate(root)
        except ValidationError:
            self.part_by_part(loaded, root)
            return
        goal.attach(self.source, ())
        loaded.goal = goal
        self.header(loaded, root, goal)
        for index, objective in enumerate(goal.objectives):
            loaded.declared_objectives.append(
                Declared(goal.team, loaded.period, objective.id, self.source, ("objectives", index))
            )
        for index, kpi in enumerate(goal.kpis):
            loaded.declared_kpis.append(
                Declared(goal.team, None, kpi.id, self.source, ("kpis", index))
            )

    def header(
        self, loaded: LoadedFile, root: dict[str, Any], header: GoalFileHeader | None
    ) -> None:
        """Checks of the file as a whole, and its period resolved under the fiscal calendar."""
        if "objectives" not in root and "kpis" not in root:
            self.problem("missing-field", (), "a goal file needs `objectives`, `kpis` or both")
        if header is not None and header.period is not None:
            try:
                loaded.period = resolve_period(header.period, self.fiscal_year_start)
            except ValueError as error:
                self.problem("invalid-value", ("period",), str(error))
        elif root.get("objectives") and (header is not None or "period" not in root):
            self.problem(
                "missing-field",
                ("objectives",),
                "a file with objectives needs a `period` (e.g. `period: 2026-Q4`)",
                key=True,
            )

    def part_by_part(self, loaded: LoadedFile, root: dict[str, Any]) -> None:
        """Validate the header, each objective, key result and KPI on its own, keeping what
        validates, so one mistake does not hide the findings in the other parts.

        Two goals come out: `loaded.goal`, only the parts that are valid (what computations
        use), and `loaded.salvaged`, with the parts that failed kept as far as they are valid
        (what the rules check), when any was.
        """
        header_data = {k: v for k, v in root.items() if k not in ("objectives", "kpis")}
        header, kept_header = self.validate(GoalFileHeader, header_data, (), "goal file", "team")
        # The team as the header validates it (`team: 5` is the team `5`, as the fast path
        # places it), also when another field of the header failed: its ids are declared
        # under it, so duplicates and counts see them.
        validated = header if header is not None else kept_header
        team = getattr(validated, "team", None) if validated is not None else None
        if not (isinstance(team, str) and validated is not None and validated.valid("team")):
            team = None
        raw_objectives = self.listing(root, "objectives", ("objectives",), "objectives")
        # The period of a header that failed elsewhere (its owner, say) still places the
        # objectives for the rules; a period that failed is reported once, not missing too.
        period_from = kept_header if header is None and kept_header is not None else header
        if period_from is not None and not period_from.valid("period"):
            period_from = None
        self.header(loaded, root, period_from)
        objectives, _ = self.items(
            raw_objectives,
            ("objectives",),
            lambda raw, at: self.objective(raw, at, loaded, team, loaded.period),
        )
        kpis, _ = self.items(
            self.listing(root, "kpis", ("kpis",), "KPIs"),
            ("kpis",),
            lambda raw, at: self.kpi(raw, at, loaded, team),
        )
        if header is not None:
            goal = GoalFile.model_construct(
                **dict(header),
                objectives=[valid for valid, _ in objectives if valid is not None],
                kpis=[valid for valid, _ in kpis if valid is not None],
            )
            goal.attach(self.source, (), recurse=False)
            loaded.goal = goal
        parts = [*objectives, *kpis]
        if kept_header is None or (header is not None and all(v is k for v, k in parts)):
            return
        salvaged = GoalFile.model_construct(
            **dict(kept_header),
            objectives=[kept for _, kept in objectives if kept is not None],
            kpis=[kept for _, kept in kpis if kept is not None],
        )
        salvaged.attach(self.source, (), recurse=False)
        salvaged._invalid = kept_header._invalid
        loaded.salvaged = salvaged

    def declare(
        self,
        raw: dict[str, Any],
        at: YamlPath,
        team: str | None,
        period: Period | None,
        into: list[Declared],
    ) -> None:
        ident = raw.get("id")
        if team is not None and isinstance(ident, str) and SLUG.fullmatch(ident):
            into.append(Declared(team, period, ident, self.source, at))

    def objective(
        self, raw: Any, at: YamlPath, loaded: LoadedFile, team: str | None, period: Period | None
    ) -> tuple[Objective | None, Objective | None]:
        """The objective if valid, and as far as valid (see `validate`)."""
        data = self.mapping(raw, at, "an objective", "`id`, `title`, `type` and `key_results`")
        if data is None:
            return None, None
        self.declare(data, at, team, period, loaded.declared_objectives)
        header_data = {k: v for k, v in data.items() if k != "key_results"}
        header, kept_header = self.validate(ObjectiveHeader, header_data, at, "objective", "id")
        complete = True
        if "key_results" not in data:
            self.problem("missing-field", at, "objective is missing `key_results`")
            raw_krs: list[Any] = []
            complete = False
        else:
            raw_krs = self.listing(data, "key_results", at, "key results")
            if not raw_krs:
                self.problem(
                    "invalid-value",
                    at + ("key_results",),
                    "an objective needs at least one key result",
                )
                complete = False
        valid_krs: list[AnyKeyResult] = []
        kept_krs: list[AnyKeyResult] = []
        made, counted = self.items(raw_krs, at + ("key_results",), self.key_result)
        if counted:
            complete = False
        for valid_kr, kept_kr in made:
            if valid_kr is not None:
                valid_krs.append(valid_kr)
            if kept_kr is not None:
                kept_krs.append(kept_kr)
            else:
                complete = False
        if not complete:
            # A key result is missing from what the rules see (key-result-count, missing-owner).
            loaded.incomplete.add(at[-1])  # type: ignore[arg-type]
        valid: Objective | None = None
        if header is not None:
            valid = Objective.model_construct(**dict(header), key_results=valid_krs)
            valid.attach(self.source, at, recurse=False)
            if len(valid_krs) == len(kept_krs) and all(
                v is k for v, k in zip(valid_krs, kept_krs, strict=True)
            ):
                return valid, valid
        if kept_header is None:
            return valid, None
        kept = Objective.model_construct(**dict(kept_header), key_results=kept_krs)
        kept.attach(self.source, at, recurse=False)
        kept._invalid = kept_header._invalid
        return valid, kept

    def key_result(self, raw: Any, at: YamlPath) -> tuple[AnyKeyResult | None, Any]:
        """The key result if valid, and as far as valid (see `validate`)."""
        data = self.mapping(
            raw, at, "a key result", "a `title` and `start`/`target`, `done` or `kpi`"
        )
        if data is None:
            return None, None
        try:
            kr: AnyKeyResult = _key_result_adapter().validate_python(data)
        except ValidationError as error:
            errors = error.errors(include_url=False)
        else:
            kr.attach(self.source, at)
            return kr, kr
        kind = key_result_kind(data)
        model = KEY_RESULT_KINDS[kind or "numeric"]
        # pydantic names the kind first in each error's place (("numeric", "target")).
        for item in errors:
            if item["loc"] and item["loc"][0] in KEY_RESULT_KINDS:
                item["loc"] = item["loc"][1:]
        kept = salvage(model, data, errors, None) if self.salvaging else None
        if kept is not None:
            kept.attach(self.source, at)
        what = f"{model.kind} key result" if model.kind != "kpi" else "KPI-linked key result"
        foreign = KEY_RESULT_FIELDS - set(_fields(model))
        self.problems.extend(
            translate_all(
                errors, at, self.source, what, _fields(model), _NESTED, foreign=foreign, data=data
            )
        )
        return None, kept

    def kpi(
        self, raw: Any, at: YamlPath, loaded: LoadedFile, team: str | None
    ) -> tuple[Kpi | None, Kpi | None]:
        """The KPI if valid, and as far as valid (see `validate`)."""
        data = self.mapping(raw, at, "a KPI", "`id`, `title`, `owner` and `band`")
        if data is None:
            return None, None
        self.declare(data, at, team, None, loaded.declared_kpis)
        kpi, kept = self.validate(Kpi, data, at, "KPI", "id")
        if kept is not None:
            kept.attach(self.source, at)
        return kpi, kept


def unfollowed_symlink(path: Path) -> LoadedFile:
    """A symlink out of the goal tree, reported instead of read (its target is not named)."""
    shown = display_path(path)
    problem = Problem(
        "symlink-outside-tree",
        Location(shown),
        "this is a symlink to a file outside the goal tree, so it is not read; set "
        "`follow_symlinks: true` in okrctl.yaml to read it",
    )
    return LoadedFile(shown, Unread(shown), [problem], Suppressions())


def parse_goal_file(path: Path, limits: Limits | None = None) -> ParsedYaml:
    """Read and parse one goal file into plain data: the part worth spreading over processes.

    Plain data (dicts, lists, strings, numbers) crosses between processes cheaply; validated
    models do not, so validation happens in `validate_goal_file`, in the main process.
    """
    limits = limits or Limits()
    shown = display_path(path)
    raw, problems = read_bytes(path, shown, limits)
    return parse_goal_bytes(raw, problems, shown, limits)


def parse_goal_bytes(
    raw: bytes | None, problems: list[Problem], shown: str, limits: Limits
) -> ParsedYaml:
    """Parse a goal file's bytes as read (`read_bytes`: None, with the problems that kept
    them from being read)."""
    text, problems = decode(raw, shown) if raw is not None else (None, problems)
    if text is None:
        parsed = ParsedYaml(None, Unread(shown), problems, Suppressions())
    else:
        parsed = parse_yaml(text, shown, limits)
    if raw is not None:
        parsed.modeline = _modeline(raw)
    return parsed


def _modeline(raw: bytes) -> str | None:
    """The schema a modeline on the file's first line names (`okrctl new` follows it)."""
    if not raw.startswith(b"#"):
        return None  # most files: no modeline, and nothing to decode
    # The first line as a text-mode open() reads it (a BOM kept, bad bytes replaced, any line
    # break), at most 4,096 characters, which take at most 4 bytes each.
    with io.TextIOWrapper(io.BytesIO(raw[: 4 * 4096]), encoding="utf-8", errors="replace") as line:
        return modeline_schema(line.readline(4096))


def validate_goal_file(
    parsed: ParsedYaml, fiscal_year_start: int = 1, max_findings_per_rule: int = 0
) -> LoadedFile:
    """Validate a parsed goal file; never raises for bad content, it records problems.

    With `max_findings_per_rule` (the lint cap the file will be linted under; 0: none), the
    problems that could only be counted in the cap's summary finding are counted, not kept
    (`LoadedFile.counted`): a flood of bad items costs no memory per item past the cap.
    """
    loaded = LoadedFile(parsed.source.path, parsed.source, parsed.problems, parsed.suppressions)
    loaded.modeline = parsed.modeline
    unparsable = any(p.rule == "yaml-syntax" for p in parsed.problems)  # not checked further
    if (parsed.data is not None or not parsed.problems) and not unparsable:
        loader = _FileLoader(parsed, fiscal_year_start, max_findings_per_rule)
        loader.load(loaded, parsed.data)
        if loader.counted:
            loaded.counted = loader.counted
            loaded.counted_under = max_findings_per_rule
    return loaded


def load_goal_file(
    path: Path, fiscal_year_start: int = 1, limits: Limits | None = None
) -> LoadedFile:
    """Load one goal file; never raises for bad content, it records problems instead."""
    return validate_goal_file(parse_goal_file(path, limits), fiscal_year_start)


def load_config(path: Path | None) -> LoadedConfig:
    """Load `okrctl.yaml`; with no path, the built-in defaults."""
    if path is None:
        return LoadedConfig(Config())
    shown = display_path(path)
    text, problems = read_text(path, shown, Limits())
    if text is None:
        return LoadedConfig(Config(), shown, Unread(shown), problems)
    return config_from_text(text, shown)


def config_from_text(text: str, shown: str) -> LoadedConfig:
    """Load `okrctl.yaml` from its text (as `okrctl diff` reads it from a git revision)."""
    parsed = parse_yaml(text, shown)
    result = LoadedConfig(Config(), shown, parsed.source, parsed.problems, parsed.suppressions)
    data = parsed.data
    if data is None:
        return result  # an empty config file means all defaults
    if not isinstance(data, dict):
        parsed.problems.append(
            Problem("invalid-value", parsed.source.value(()), "okrctl.yaml must be a mapping")
        )
        return result
    nested = {
        "scoring": _fields(ScoringSettings),
        "kpi": _fields(KpiSettings),
        "lint": _fields(LintSettings),
        "limits": _fields(LimitSettings),
    }
    try:
        result.config = Config.model_validate(data)
    except ValidationError as error:
        for item in error.errors():
            parsed.problems.append(
                translate(item, (), parsed.source, "okrctl.yaml", _fields(Config), nested)
            )
        result.config = _salvage_config(data)
    result.config.attach(parsed.source, ())
    return result


def _salvage_config(data: dict[str, Any]) -> Config:
    """Keep each top-level setting that validates on its own, so one typo doesn't undo the rest."""
    kept: dict[str, Any] = {}
    for name in Config.model_fields:
        if name in data:
            try:
                Config.model_validate({name: data[name]})
            except ValidationError:
                continue
            kept[name] = data[name]
    for name in ("include", "exclude"):  # one bad pattern must not undo the others
        if name not in kept and isinstance(data.get(name), list):
            kept[name] = [item for item in data[name] if _valid(Config, name, item)]
    return Config.model_validate(kept)


def _valid(model: type[BaseModel], name: str, item: Any) -> bool:
    try:
        model.model_validate({name: [item]})
    except ValidationError:
        return False
    return True
