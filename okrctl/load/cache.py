"""A content cache of loaded goal files: a file whose bytes did not change is not parsed again.

What a file contributes once read (its validated models with their positions, its problems,
its `disable` comments, its declared ids) depends on its bytes and on nothing else but the
settings it is read under, so one entry per file is kept under a key made of both: a hash of
the bytes, and of okrctl's code, the Python, pydantic and ruamel.yaml versions, the config
file's content and the limits. The rules across files (duplicate ids, references, alignment)
and every computation still run on each call, on the models the entries give back.

Never trusted blindly. An entry is plain values (lists, text, numbers, written by `marshal`,
compressed; then the position tables as numbers) behind a checked header (a format version
and a checksum of what follows): reading one builds values and never runs code; the models
are rebuilt from it without validation (as `model_construct` does: the values were validated
when the entry was made) and re-attached to the positions restored from the entry. An entry
that is truncated, corrupt, from another format or for another key is a miss: the file is read
again and the entry rewritten. Entries are written many to a file, a pack (a checked table of
each entry's key and place, then the entries, each checked on its own), to a temporary file
(O_EXCL, never through a link) renamed to a name of its own, so two processes filling one
cache leave whole packs only; past _PACKS_MOST packs, the entries in use are packed into one.
Results of whole trees and stat indexes are a file each, replaced the same way. Every file
operation is made relative to the cache folder opened once without following a link, so
nothing outside that folder is read or written through a symlink. A folder that
cannot be created or written (read-only, a full disk) means running without the cache, never
failing. The entries hold nothing the goal files do not: their values and positions.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import marshal
import os
import re
import secrets
import stat
import sys
import time
import zlib
from array import array
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from okrctl.findings import Location, Problem
from okrctl.load.yamlparse import SourceMap, SpelledInt
from okrctl.model import goals, sources
from okrctl.model.files import Declared, LoadedFile
from okrctl.model.period import Period
from okrctl.source import Limits, Suppressions, Unread

# The default folder, at the tree's root (beside okrctl.yaml), and what overrides it.
DEFAULT_DIR = ".okrctl_cache"
ENV_DIR = "OKRCTL_CACHE_DIR"
# Set to 1 (tests, a one-off run), the cache is neither read nor written: like --no-cache.
ENV_OFF = "OKRCTL_NO_CACHE"
# Bumped whenever what an entry holds, or how, changes: older entries are then misses.
FORMAT = 3
_MAGIC = b"okrctl-cache %d " % FORMAT
_SUFFIX = ".okc"
_TEMP = ".tmp-"
# Entries are written many to a file, a pack: its table (each entry's key, place, length and
# the day it was last used, sealed like an entry) behind the table's length, then the entries
# themselves, each sealed on its own. One file per goal file cost more to create (and to
# delete, on --clear-cache) than the whole parse on a file system that creates files slowly:
# 5,000 files took longer to make than to read. A run writes a pack when it has _PACK_BYTES
# of entries and when it ends; past _PACKS_MOST packs, the live entries are packed into one.
_PACK = "pack-"
_PACK_MAGIC = b"okrctl-pack %d " % FORMAT
_PACK_BYTES = 8 << 20
_PACKS_MOST = 16
_DAY = 24 * 3600
_LARGEST = 1 << 28  # bytes an entry may inflate to, at most (a compressed bomb is refused)
# Results of a whole tree (its lint findings, a report's texts, what the per-file rules found
# by file): named apart, in their own format, the newest RESULTS_KEPT of each kind kept.
_RESULT = "result-"
_RESULT_MAGIC = b"okrctl-result %d " % FORMAT
RESULTS_KEPT = 16
# The stat index of a tree (okrctl.load.statindex): named apart, in its own format, one per
# tree and context, kept while in use.
_INDEX = "index-"
_INDEX_MAGIC = b"okrctl-index %d " % FORMAT
# Entries not used for this long are removed when the cache's packs are packed anew (a file
# edited many times leaves an entry per version), and files of older formats when it is
# written to.
STALE_AFTER = 7 * 24 * 3600
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_GITIGNORE = "# Created by okrctl: its cache of read goal files (`okrctl clean` removes it).\n*\n"


class Uncacheable(Exception):
    """A value the entry format does not know: the file is read as usual, and not stored."""


# -- the key -----------------------------------------------------------------------------------


@cache
def _code_fingerprint() -> str:
    """okrctl's version and its code as installed: an edited source (an editable install, a
    developer's tree) gives other entries, never a stale one."""
    import okrctl

    digest = hashlib.blake2b(okrctl.__version__.encode(), digest_size=16)
    package = Path(okrctl.__file__).parent
    for directory, subdirs, names in sorted(os.walk(package)):
        subdirs.sort()
        for name in sorted(names):
            if name.endswith(".py"):
                status = os.stat(os.path.join(directory, name))
                digest.update(f"{directory}/{name}:{status.st_size}:{status.st_mtime_ns};".encode())
    return digest.hexdigest()


def context_key(
    config_bytes: bytes | None, limits: Limits, fiscal_year_start: int, cap: int
) -> bytes:
    """Everything besides a file's bytes that its loaded result depends on."""
    import pydantic
    import pydantic_core
    import ruamel.yaml

    from okrctl.load.yamlparse import HAVE_C_PARSER

    parts = [
        FORMAT,
        _code_fingerprint(),
        sys.version,
        sys.byteorder,
        pydantic.VERSION,
        pydantic_core.__version__,
        ruamel.yaml.__version__,
        HAVE_C_PARSER,
        hashlib.blake2b(config_bytes, digest_size=16).hexdigest() if config_bytes else None,
        [limits.max_file_size, limits.max_aliases, limits.max_alias_expansion],
        [limits.max_depth, limits.max_alias_chars],
        fiscal_year_start,
        cap,
    ]
    return json.dumps(parts).encode()


# -- entries: a loaded file to plain data and back ---------------------------------------------


@cache
def _classes() -> dict[str, type[Any]]:
    """The classes an entry may name: the goal-file models and the dated leaves (pydantic
    dataclasses) of okrctl.model.goals and of okrctl.model.sources (the `source` blocks of
    KPIs and key results), found there, so a field or model added to the format needs
    nothing here; and the resolved period. A name two modules define is no class of an
    entry (a file using it is read, never cached)."""
    found: dict[str, type[Any]] = {"Period": Period}
    ambiguous: set[str] = set()
    for module in (goals, sources):
        for name, value in vars(module).items():
            if (
                isinstance(value, type)
                and value.__module__ == module.__name__
                and (issubclass(value, BaseModel) or hasattr(value, "__pydantic_fields__"))
            ):
                if found.get(name, value) is not value:
                    ambiguous.add(name)
                found[name] = value
    return {name: value for name, value in found.items() if name not in ambiguous}


_MISSING: Any = object()
# The values an entry holds as themselves (marshal writes each exactly, a float to the bit);
# every other value of an entry is a list whose first item says what it is.
_ITSELF = frozenset({type(None), str, bool, int, float})


@cache
def _layout(cls: Any) -> tuple[tuple[str, ...], dict[str, Any], dict[str, Any]]:
    """A class's fields in order, the defaults of its fields that have one (made fresh on
    each call for a factory's), and the defaults of its private attributes."""
    # `cls` is Any: a class, which mypy does not see hashable (as loader._adapter says).
    if isinstance(cls, type) and issubclass(cls, BaseModel):
        infos = cls.model_fields
        defaults = {name: info for name, info in infos.items() if not info.is_required()}
        private = {
            name: attr.get_default() for name, attr in (cls.__private_attributes__ or {}).items()
        }
        return tuple(infos), defaults, private
    return tuple(f.name for f in fields(cls)), {}, {}


def _same(value: Any, default: Any) -> bool:
    """Whether a value is its default, to the type (`weight: 1.0` is not the default 1)."""
    return type(value) is type(default) and (
        value is default or (type(value) in _PLAIN and value == default)
    )


_PLAIN = frozenset({str, int, float, bool, tuple, frozenset, list})


_IMMUTABLE = frozenset({type(None), str, int, float, bool, tuple, frozenset})


@cache
def _field_names(cls: Any) -> frozenset[str]:
    return frozenset(_layout(cls)[0])


@cache
def _fixed_defaults(cls: Any) -> dict[str, Any]:
    """The defaults of a model's fields that are immutable values (shared, never copied):
    the rest are made fresh by `_default` for each model."""
    _, defaults, _ = _layout(cls)
    return {
        name: info.default
        for name, info in defaults.items()
        if info.default_factory is None and type(info.default) in _IMMUTABLE
    }


def _default(info: Any) -> Any:
    """A field's default, as validation gives it (a factory's made fresh)."""
    factory = info.default_factory
    if factory is None:
        if type(info.default) in _IMMUTABLE:
            return info.default  # what get_default returns for it, without its copy
        return info.get_default()
    # Called as it is (`list`, a settings class): get_default would inspect its signature on
    # every call, which costs more than all the rest of rebuilding a file.
    return factory()


class _Encoder:
    """Plain values (lists, text, numbers, None) of one loaded file; models are kept once
    each, by identity (the valid and the salvaged goal share their valid parts, and stay
    sharing them).

    A value that is a list is tagged by its first item; every other plain value is itself.
    A model keeps its fields that were set or differ from their default, and its private
    attributes that differ from theirs: the rest is the class's, filled in when rebuilt.
    """

    def __init__(self, source: Any) -> None:
        self.source = source
        self.models: list[Any] = []
        self.seen: dict[int, int] = {}
        self.classes: list[str] = []
        self.class_index: dict[type[Any], int] = {}
        # Each dataclass kind's index and fields, found once per entry (a file has hundreds
        # of check-ins: per-object lookups were most of the encoding).
        self.leaves: dict[type[Any], tuple[int, tuple[str, ...]]] = {}

    def cls(self, kind: type[Any]) -> int:
        index = self.class_index.get(kind)
        if index is None:
            name = kind.__name__
            if _classes().get(name) is not kind:
                raise Uncacheable(f"a {name}")
            index = self.class_index[kind] = len(self.classes)
            self.classes.append(name)
        return index

    def value(self, value: Any) -> Any:
        kind = type(value)
        if kind in _ITSELF:
            return value
        if value is self.source:  # every model's `_source`: as frequent as models
            return ["P"]
        leaf = self.leaves.get(kind)
        if leaf is not None:
            return self.leaf(value, leaf)
        if kind is list:
            return [
                "L",
                *[item if type(item) in _ITSELF else self.value(item) for item in value],
            ]
        if kind is tuple:  # a position's path (text and numbers, inlined) most often
            return [
                "T",
                *[
                    item if type(item) is str or type(item) is int else self.value(item)
                    for item in value
                ],
            ]
        if kind is frozenset:
            return ["F", *sorted((self.value(item) for item in value), key=repr)]
        if kind is date:
            return ["D", value.toordinal()]
        if kind is SpelledInt:
            return ["S", int(value), value.spelling]
        if kind is dict:
            return ["M", *[[self.value(k), self.value(v)] for k, v in value.items()]]
        if isinstance(value, BaseModel):
            return ["O", self.model(value)]
        if is_dataclass(value):
            cls: Any = kind
            leaf = self.leaves[cls] = (self.cls(cls), _layout(cls)[0])
            return self.leaf(value, leaf)
        raise Uncacheable(f"a {kind.__name__}")

    def leaf(self, value: Any, leaf: tuple[int, tuple[str, ...]]) -> list[Any]:
        """A dataclass (a check-in, a measurement): its class and each field in order."""
        index, names = leaf
        encoded: list[Any] = ["C", index]
        for name in names:
            item = getattr(value, name, _MISSING)  # a salvaged item may leave a slot empty
            kind = type(item)
            if kind in _ITSELF:
                encoded.append(item)
            elif kind is date:
                encoded.append(["D", item.toordinal()])
            elif item is _MISSING:
                encoded.append(["X"])
            else:
                encoded.append(self.value(item))
        return encoded

    def model(self, model: BaseModel) -> int:
        index = self.seen.get(id(model))
        if index is not None:
            return index
        if model.__pydantic_extra__:
            raise Uncacheable("a model with extra fields")
        kind = type(model)
        class_index = self.cls(kind)
        index = len(self.models)
        self.seen[id(model)] = index
        self.models.append(None)
        names, defaults, private_defaults = _layout(kind)
        fixed = _fixed_defaults(kind)
        written = model.__dict__
        set_fields = model.model_fields_set
        values: dict[str, Any] = {}
        absent: list[str] = []
        if len(written) != len(names):  # (never made by the loader: kept all the same)
            absent = [name for name in names if name not in written and name in defaults]
        # The model's own dict, once (the fields in their order): most fields are unset and
        # at an immutable default (None), found by identity.
        for name, item in written.items():
            if name in set_fields or name not in defaults:
                # Text, numbers and None are themselves (inlined: most fields are).
                values[name] = item if type(item) in _ITSELF else self.value(item)
                continue
            default = fixed.get(name, _MISSING)
            if item is default:
                continue
            if default is _MISSING:
                default = _default(defaults[name])
            if not _same(item, default):
                values[name] = self.value(item)
        unset = [name for name in values if name not in set_fields]
        private = model.__pydantic_private__
        kept: Any = None
        if private is not None:
            kept = {
                name: self.value(item)
                for name, item in private.items()
                if name not in private_defaults or not _same(item, private_defaults[name])
            }
        self.models[index] = [class_index, values, unset, kept, absent]
        return index


# A model class's fields in order, defaults, private defaults, immutable defaults, field names.
_ModelLayout = tuple[
    tuple[str, ...], dict[str, Any], dict[str, Any], dict[str, Any], frozenset[str]
]


class _Decoder:
    """The values an _Encoder made, with the file's positions put back where it had them."""

    def __init__(self, source: Any, models: list[Any], classes: list[str]) -> None:
        self.source = source
        self.raw = models
        self.models: list[Any] = [None] * len(models)
        known = _classes()
        self.classes = [known[name] for name in classes]
        # What each class index needs, looked up once per entry rather than once per object
        # (a file has hundreds of check-ins: per-object lookups were most of the decoding).
        self.leaves: list[tuple[str, ...] | None] = [
            _layout(cls)[0] if is_dataclass(cls) and not issubclass(cls, BaseModel) else None
            for cls in self.classes
        ]
        self.layouts: list[_ModelLayout | None] = [
            (*_layout(cls), _fixed_defaults(cls), _field_names(cls))
            if isinstance(cls, type) and issubclass(cls, BaseModel)
            else None
            for cls in self.classes
        ]

    def value(self, value: Any) -> Any:
        if type(value) is not list:
            if type(value) in _ITSELF:
                return value
            # Only okrctl writes entries, but marshal can hold what JSON could not (bytes, sets,
            # code): a value of any other kind is a malformed entry, read as a miss.
            raise ValueError(f"a value of kind {type(value).__name__}")
        tag = value[0]
        if tag == "O":
            return self.model(value[1])
        if tag == "P":  # every model's `_source`: as frequent as models
            return self.source
        if tag == "L":
            return [item if type(item) in _ITSELF else self.value(item) for item in value[1:]]
        if tag == "C":
            names = self.leaves[value[1]]
            if names is None:
                raise ValueError(f"{self.classes[value[1]].__name__} is no dataclass")
            if len(value) != len(names) + 2:
                raise ValueError("a dataclass of another shape")
            item = object.__new__(self.classes[value[1]])
            setter = object.__setattr__
            for name, raw in zip(names, value[2:], strict=True):  # (length checked)
                if type(raw) in _ITSELF:
                    setter(item, name, raw)
                elif type(raw) is list and raw[0] == "D" and len(raw) == 2:  # a date: commonest
                    setter(item, name, date.fromordinal(raw[1]))
                elif raw != ["X"]:
                    setter(item, name, self.value(raw))
            return item
        if tag == "D":
            return date.fromordinal(value[1])
        if tag == "T":
            items = value[1:]
            if set(map(type, items)) <= _ITSELF:  # a position's path: text and numbers only
                return tuple(items)
            return tuple(self.value(item) for item in items)
        if tag == "F":
            return frozenset(self.value(item) for item in value[1:])
        if tag == "S":
            if type(value[1]) is not int or type(value[2]) is not str:
                raise ValueError("a spelt number of another shape")
            number = SpelledInt(value[1])
            number.spelling = value[2]
            return number
        if tag == "M":
            return {self.value(k): self.value(v) for k, v in value[1:]}
        raise ValueError(f"unknown tag {tag!r}")

    def model(self, index: int) -> Any:
        model = self.models[index]
        if model is not None:
            return model
        class_index, values, unset, private, absent = self.raw[index]
        cls = self.classes[class_index]
        layout = self.layouts[class_index]
        if layout is None:
            raise ValueError(f"{cls.__name__} is no model")
        names, defaults, private_defaults, fixed, known = layout
        if not values.keys() <= known:
            raise ValueError(f"{cls.__name__} has no field {sorted(set(values) - set(names))}")
        decoded: dict[str, Any] = {}
        for name in names:
            if name in values:
                item = values[name]
                decoded[name] = item if type(item) in _ITSELF else self.value(item)
            elif name in defaults and name not in absent:
                default = fixed.get(name, _MISSING)
                decoded[name] = default if default is not _MISSING else _default(defaults[name])
        # What model_construct does, without its per-field lookups (validated when the entry
        # was made): the fields as they were, which of them were set, the private attributes.
        model = cls.__new__(cls)
        object.__setattr__(model, "__dict__", decoded)
        object.__setattr__(model, "__pydantic_fields_set__", set(values).difference(unset))
        object.__setattr__(model, "__pydantic_extra__", None)
        if private is None:
            object.__setattr__(model, "__pydantic_private__", None)
        else:
            restored = dict(private_defaults)
            for name, item in private.items():
                restored[name] = self.value(item)
            object.__setattr__(model, "__pydantic_private__", restored)
        self.models[index] = model
        return model


class _Tables:
    """The position tables of an entry, as bytes after its values (uncompressed numbers)."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.size = 0

    def add(self, table: array[int]) -> list[Any]:
        data = table.tobytes()
        self.parts.append(data)
        self.size += len(data)
        return [table.typecode, self.size - len(data), self.size]


def _from_array(raw: list[Any], blob: memoryview) -> array[int]:
    typecode, start, end = raw
    if typecode not in ("H", "I", "Q") or not 0 <= start <= end <= len(blob):
        raise ValueError("a table out of the entry")
    table = array(typecode)
    table.frombytes(blob[start:end])
    return table


def _names(items: frozenset[str] | None) -> list[str] | None:
    return None if items is None else sorted(items)


def _period(period: Period | None) -> list[str] | None:
    if period is None:
        return None
    return [period.label, period.start.isoformat(), period.end.isoformat()]


def _from_period(raw: list[str] | None) -> Period | None:
    if raw is None:
        return None
    return Period(_plain(raw[0], str), date.fromisoformat(raw[1]), date.fromisoformat(raw[2]))


def encode(loaded: LoadedFile, key: str) -> bytes:
    """An entry: a loaded file as plain values (without its path: the same bytes under another
    name are the same entry), behind the header. Raises Uncacheable for what it cannot keep."""
    source = loaded.source
    tables = _Tables()
    if isinstance(source, SourceMap):
        names, table, lines, extra = source.tables()
        positions: Any = [
            list(names),
            tables.add(table),
            tables.add(lines),
            None if extra is None else tables.add(extra),
        ]
    elif isinstance(source, Unread):
        positions = None
    else:
        raise Uncacheable(type(source).__name__)
    path = loaded.path
    problems = []
    for problem in loaded.problems:
        where = problem.location
        if where.path != path:
            raise Uncacheable("a problem in another file")
        problems.append([problem.rule, where.line, where.column, problem.message])
    silences = loaded.suppressions
    encoder = _Encoder(source)
    declared = [
        [
            [d.team, _period(d.period), d.id, encoder.value(d.at)]
            for d in items
            if d.source is source or _raise("a declared id read elsewhere")
        ]
        for items in (loaded.declared_objectives, loaded.declared_kpis)
    ]
    payload = {
        "key": key,
        "positions": positions,
        "problems": problems,
        "silences": [
            [[line, _names(names)] for line, names in silences.lines.items()],
            _names(silences.file),
            list(silences.commented.items()),
        ],
        "goal": encoder.value(loaded.goal),
        "salvaged": encoder.value(loaded.salvaged),
        "period": _period(loaded.period),
        "declared": declared,
        "incomplete": sorted(loaded.incomplete),
        "modeline": loaded.modeline,
        "counted": loaded.counted,
        "counted_under": loaded.counted_under,
        "models": encoder.models,
        "classes": encoder.classes,
    }
    # marshal of plain values: a third of JSON's encoding time and half its decoding (the
    # encoder made nothing but these values). The position tables follow uncompressed:
    # numbers that compress to half only, for as long as compressing all the rest (an entry
    # is about 1.3 times its file's YAML).
    try:
        body = marshal.dumps(payload)
    except ValueError as error:  # pragma: no cover - the encoder makes plain values only
        raise Uncacheable(str(error)) from None
    return _sealed(_MAGIC, body, b"".join(tables.parts))


def _sealed(magic: bytes, body: bytes, tail: bytes = b"") -> bytes:
    """An entry: the magic, a checksum of what follows, a line break, the length of the body
    compressed (fast, level 1), the body compressed, then `tail` as it is."""
    data = zlib.compress(body, 1)
    rest = b"".join([len(data).to_bytes(4, "big"), data, tail])
    checksum = hashlib.blake2b(rest, digest_size=16).hexdigest().encode()
    return magic + checksum + b"\n" + rest


def _checked_rest(entry: bytes, magic: bytes) -> memoryview | None:
    """What follows the header of an entry `_sealed` made with `magic`, when the header is
    there and the checksum matches it; None for anything else."""
    header = len(magic) + 32 + 1
    if not entry.startswith(magic) or entry[header - 1 : header] != b"\n":
        return None
    rest = memoryview(entry)[header:]
    checksum = hashlib.blake2b(rest, digest_size=16).hexdigest().encode()
    return rest if entry[len(magic) : header - 1] == checksum else None


def _opened(entry: bytes, magic: bytes) -> tuple[bytes, memoryview]:
    """The body and the tail of an entry `_sealed` made with `magic`; ValueError for anything
    else: another format, a checksum that does not match, a body cut short or inflating past
    _LARGEST."""
    rest = _checked_rest(entry, magic)
    if rest is None:
        raise ValueError("not an entry of this format, or its checksum does not match")
    length = int.from_bytes(rest[:4], "big")
    if len(rest) < 4 + length:
        raise ValueError("an entry cut short")
    inflate = zlib.decompressobj()
    body = inflate.decompress(rest[4 : 4 + length], _LARGEST)
    if inflate.unconsumed_tail or not inflate.eof or inflate.unused_data:
        raise ValueError("an entry too large, or cut short")
    return body, rest[4 + length :]


def _intact(entry: bytes, magic: bytes) -> bool:
    """Whether an entry `_sealed` made with `magic` is whole: its header, and its checksum
    (the body is not inflated: `_opened` still checks that on reading)."""
    return _checked_rest(entry, magic) is not None


def _unwrap(entry: bytes, magic: bytes, key: str) -> Any:
    """The value of a result entry: its header and checksum checked, then the marshal of
    plain values behind them (marshal builds values, never runs code)."""
    stored_key, value = marshal.loads(_opened(entry, magic)[0])
    if stored_key != key:
        raise ValueError("an entry for another key")
    return value


def _raise(why: str) -> bool:
    raise Uncacheable(why)


def decode(entry: bytes, key: str, shown: str) -> LoadedFile:
    """The loaded file an entry holds, its positions and problems under the path `shown`.
    Raises ValueError (or another error of a malformed entry) when the entry is not one
    whole, checked entry for `key`."""
    body, blob = _opened(entry, _MAGIC)
    payload = marshal.loads(body)
    if payload["key"] != key:
        raise ValueError("an entry for another key")
    raw = payload["positions"]
    source: Any
    if raw is None:
        source = Unread(shown)
    else:
        names = tuple(raw[0])
        if not set(map(type, names)) <= {str, int}:
            raise ValueError("a node name that is no text")
        extra = None if raw[3] is None else _from_array(raw[3], blob)
        table, lines = _from_array(raw[1], blob), _from_array(raw[2], blob)
        source = SourceMap(shown, names, table, lines, extra)
    lines, whole_file, commented = payload["silences"]
    silences = Suppressions(
        {int(line): None if names is None else frozenset(names) for line, names in lines},
        None if whole_file is None else frozenset(whole_file),
        {int(line): str(text) for line, text in commented},
    )
    problems = [
        Problem(str(rule), Location(shown, int(line), int(column)), str(message))
        for rule, line, column, message in payload["problems"]
    ]
    decoder = _Decoder(source, payload["models"], payload["classes"])
    loaded = LoadedFile(shown, source, problems, silences)
    loaded.goal = _checked(decoder.value(payload["goal"]), goals.GoalFile)
    loaded.salvaged = _checked(decoder.value(payload["salvaged"]), goals.GoalFile)
    loaded.period = _from_period(payload["period"])
    objectives, kpis = payload["declared"]
    for items, into in ((objectives, loaded.declared_objectives), (kpis, loaded.declared_kpis)):
        for team, period, ident, at in items:
            into.append(
                Declared(
                    _plain(team, str),
                    _from_period(period),
                    _plain(ident, str),
                    source,
                    decoder.value(at),
                )
            )
    loaded.incomplete = {int(index) for index in payload["incomplete"]}
    loaded.modeline = _plain(payload["modeline"], str)
    loaded.counted = {str(rule): int(count) for rule, count in payload["counted"].items()}
    loaded.counted_under = int(payload["counted_under"])
    return loaded


def _plain(value: Any, kind: type[Any]) -> Any:
    """`value` when it is None or of `kind`; ValueError for anything else."""
    if value is not None and type(value) is not kind:
        raise ValueError(f"expected {kind.__name__}, got {type(value).__name__}")
    return value


def _checked(value: Any, cls: type[Any]) -> Any:
    if value is not None and type(value) is not cls:
        raise ValueError(f"expected a {cls.__name__}")
    return value


# -- the folder --------------------------------------------------------------------------------


@dataclass
class CacheStats:
    """What one run did with the cache, for --verbose."""

    hits: int = 0
    written: int = 0
    notes: list[str] = field(default_factory=list)


def _open_folder(folder: Path, create: bool, link_ok: bool) -> int:
    """A descriptor of the cache folder (created, with its .gitignore, when `create`).

    `link_ok`: the folder was named in the environment, by the user; a folder named by the
    tree (the default, `cache_dir` in okrctl.yaml) is never reached through a symlink."""
    if create and not os.path.lexists(folder):
        os.makedirs(folder.parent, exist_ok=True)
        try:
            os.mkdir(folder)
        except FileExistsError:
            pass
        else:
            try:
                _write_gitignore(folder)
            except OSError:
                # A full disk: the folder goes again, else it would stay with an empty
                # .gitignore (or none) for good, its entries no longer ignored by git.
                with contextlib.suppress(OSError):
                    os.unlink(folder / ".gitignore")
                with contextlib.suppress(OSError):
                    os.rmdir(folder)
                raise
    descriptor = os.open(
        folder, os.O_RDONLY | _DIRECTORY | _CLOEXEC | (0 if link_ok else _NOFOLLOW)
    )
    if not stat.S_ISDIR(os.fstat(descriptor).st_mode):  # pragma: no cover - O_DIRECTORY
        os.close(descriptor)
        raise NotADirectoryError(errno.ENOTDIR, "not a folder", str(folder))
    return descriptor


def _write_gitignore(folder: Path) -> None:
    """Write the .gitignore of a folder just made; OSError when it cannot be written whole."""
    try:
        descriptor = os.open(
            folder / ".gitignore",
            os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC,
            0o644,
        )
    except FileExistsError:  # one there already is kept
        return
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(_GITIGNORE)


class FileCache:
    """The entries of one cache folder, for files read under one context (context_key)."""

    def __init__(self, folder: Path, context: bytes, link_ok: bool = False) -> None:
        self.folder = folder
        self.context = context
        self.link_ok = link_ok
        self.stats = CacheStats()
        self.used: set[str] = set()
        self._descriptor: int | None = None
        self._readable = True
        self._writable = True
        # A file's bytes changed between the scan that keyed the tree and their read.
        self._raced = False
        # Where each entry is, by key, once the packs were listed: (pack, offset, length,
        # day last used), possibly in more than one pack (two processes wrote it).
        self._where: dict[str, list[tuple[str, int, int, int]]] | None = None
        self._handles: dict[str, int] = {}  # open packs, by name
        self._pending: list[tuple[str, bytes]] = []  # entries not written yet
        self._pending_bytes = 0

    def key(self, raw: bytes) -> str:
        digest = hashlib.blake2b(self.context, digest_size=20)
        digest.update(b"\0")
        digest.update(raw)
        return digest.hexdigest()

    def _folder(self, create: bool) -> int | None:
        if self._descriptor is None and self._readable:
            try:
                self._descriptor = _open_folder(self.folder, create, self.link_ok)
            except OSError as error:
                if create or error.errno not in (errno.ENOENT,):
                    self._note(f"cache folder {self.folder} not used ({_reason(error)})")
                    self._readable = self._writable = False
                return None
        return self._descriptor

    def _note(self, text: str) -> None:
        if text not in self.stats.notes:
            self.stats.notes.append(text)

    def get(self, key: str, shown: str) -> LoadedFile | None:
        """The loaded file of an entry, or None (no entry, or one not to be trusted)."""
        self.used.add(key)
        for place in self._places().get(key, ()):
            entry = self._entry(place)
            if entry is None:
                continue
            try:
                loaded = decode(entry, key, shown)
            except Exception:  # any malformed entry is a miss, and rewritten
                continue
            self.stats.hits += 1
            return loaded
        return None

    def _places(self) -> dict[str, list[tuple[str, int, int, int]]]:
        """Where each entry is: the tables of the packs, read once (a pack that cannot be
        read, or whose table is not whole, holds nothing)."""
        if self._where is None:
            self._where = {}
            descriptor = self._folder(create=False)
            names = []
            if descriptor is not None:
                with contextlib.suppress(OSError):
                    names = sorted(n for n in os.listdir(descriptor) if _is_pack(n))
            for name in names:
                table = self._table(name)
                for key, offset, length, day in table or ():
                    self._where.setdefault(key, []).append((name, offset, length, day))
        return self._where

    def _handle(self, name: str) -> int | None:
        """An open descriptor of a pack (kept for the run: an entry is read with pread),
        never through a link, only of a file."""
        handle = self._handles.get(name)
        if handle is None and self._descriptor is not None:
            handle = _open_file(self._descriptor, name)
            if handle is None:
                return None
            self._handles[name] = handle
        return handle

    def _table(self, name: str) -> list[tuple[str, int, int, int]] | None:
        handle = self._handle(name)
        if handle is None:
            return None
        table = _read_table(handle, name)
        if table is None:  # nothing to read in it: not kept open (hundreds of such files
            self._drop(name)  # would leave no descriptor to read the goal files with)
        return table

    def _drop(self, name: str) -> None:
        """Close a pack's descriptor, if open."""
        handle = self._handles.pop(name, None)
        if handle is not None:
            os.close(handle)

    def _entry(self, place: tuple[str, int, int, int]) -> bytes | None:
        name, offset, length, _ = place
        handle = self._handle(name)
        if handle is None:
            return None
        try:
            return os.pread(handle, length, offset)
        except OSError:
            return None

    def put(self, key: str, loaded: LoadedFile) -> None:
        """Store a loaded file's entry (in the next pack written); silently nothing when it
        cannot be."""
        if not self._writable:
            return
        try:
            entry = encode(loaded, key)
        except Uncacheable:
            return
        self.used.add(key)
        self._pending.append((key, entry))
        self._pending_bytes += len(entry)
        if self._pending_bytes >= _PACK_BYTES:
            self.flush()

    def flush(self) -> None:
        """Write the entries put since the last pack as a pack of their own."""
        pending, self._pending, self._pending_bytes = self._pending, [], 0
        if pending and self._writable:
            today = int(time.time() // _DAY)
            self._write_pack([(key, entry, today) for key, entry in pending])

    def _write_pack(self, entries: list[tuple[str, bytes, int]]) -> str | None:
        """Write a pack of these entries (key, sealed entry, day last used); its name."""
        name = f"{_PACK}{secrets.token_hex(16)}{_SUFFIX}"
        rows = []
        offset = 0
        for key, entry, day in entries:
            rows.append((key, offset, len(entry), day))
            offset += len(entry)
        table = _sealed(_PACK_MAGIC, marshal.dumps((name, tuple(rows))))
        written = self.stats.written
        self._write(
            name, b"".join([len(table).to_bytes(8, "big"), table, *(e for _, e, _ in entries)])
        )
        if self.stats.written == written:
            return None
        self.stats.written += len(entries) - 1  # _write counted the pack as one
        return name

    def _write(self, name: str, entry: bytes) -> None:
        """Write an entry whole, or not at all (then the cache is not written again)."""
        descriptor = self._folder(create=True)
        if descriptor is None:
            return
        temp = f"{_TEMP}{secrets.token_hex(8)}"
        try:
            handle = os.open(
                temp,
                os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC,
                0o644,
                dir_fd=descriptor,
            )
            try:
                with os.fdopen(handle, "wb", closefd=False) as writer:
                    writer.write(entry)
            finally:
                os.close(handle)
            # Whole or absent: a reader sees the old entry, the new one, or none.
            os.replace(temp, name, src_dir_fd=descriptor, dst_dir_fd=descriptor)
        except OSError as error:
            self._writable = False
            self._note(f"cache not written ({_reason(error)}); running without it")
            with contextlib.suppress(OSError):
                os.unlink(temp, dir_fd=descriptor)
            return
        self.stats.written += 1

    def get_result(self, key: str) -> Any:
        """A plain value kept by put_result under `key` (tuples, lists, text, numbers,
        None), or None when there is none to trust. The caller checks its shape: any value
        marshal can hold may come back from a folder someone else wrote."""
        return self._get_plain(_RESULT, _RESULT_MAGIC, key)

    def _get_plain(self, prefix: str, magic: bytes, key: str) -> Any:
        descriptor = self._folder(create=False)
        if descriptor is None:
            return None
        self.used.add(prefix + key)
        entry = _read_small(descriptor, prefix + key + _SUFFIX, _LARGEST)
        if entry is None:
            return None
        try:
            return _unwrap(entry, magic, key)
        except Exception:  # any malformed entry is a miss, and rewritten
            return None

    def _put_plain(self, prefix: str, magic: bytes, key: str, value: Any) -> bool:
        """Write a plain value's entry; whether it was."""
        if not self._writable:
            return False
        self.used.add(prefix + key)
        try:
            body = marshal.dumps((key, value))
        except ValueError:
            return False
        written = self.stats.written
        self._write(prefix + key + _SUFFIX, _sealed(magic, body))
        return self.stats.written > written

    def changed_while_read(self) -> None:
        """Told that a file's bytes, read for a parse, were not those its key was computed
        from at the scan (edited in between): a result keyed by the scan's digest is then
        not the result of those files, and is not stored (put_result does nothing)."""
        self._raced = True

    def put_result(self, key: str, value: Any) -> None:
        """Keep a plain value (a result of the whole tree) under `key`; the newest
        RESULTS_KEPT of its kind are kept (each state of a tree makes one; a key's kind is
        what comes before its last `-`, if any). Silently nothing when it cannot be
        written, or when a file changed while the tree was read."""
        if self._raced or not self._put_plain(_RESULT, _RESULT_MAGIC, key, value):
            return
        descriptor = self._descriptor
        if descriptor is None:
            return
        kind = key.rpartition("-")[0]  # `files-<hash>`: kept apart from plain `<hash>`
        with contextlib.suppress(OSError):
            kept = []
            for name in os.listdir(descriptor):
                if (
                    name.startswith(_RESULT)
                    and name.endswith(_SUFFIX)
                    and name[len(_RESULT) : -len(_SUFFIX)].rpartition("-")[0] == kind
                ):
                    status = os.stat(name, dir_fd=descriptor, follow_symlinks=False)
                    kept.append((status.st_mtime_ns, name))
            for _, name in sorted(kept, reverse=True)[RESULTS_KEPT:]:
                if name != _RESULT + key + _SUFFIX:
                    os.unlink(name, dir_fd=descriptor)

    def get_index(self, key: str) -> Any:
        """The stat index kept by put_index under `key` (plain values, to be checked by
        the caller), or None when there is none to trust."""
        return self._get_plain(_INDEX, _INDEX_MAGIC, key)

    def put_index(self, key: str, value: Any) -> None:
        """Keep a stat index (plain values) under `key`; silently nothing when it cannot."""
        self._put_plain(_INDEX, _INDEX_MAGIC, key, value)

    def clock_ns(self) -> int | None:
        """The time as the cache folder's file system stamps a file now (a network file
        system's server may run behind this machine's clock), or None when no file can be
        made there."""
        descriptor = self._folder(create=True) if self._writable else None
        if descriptor is None:
            return None
        name = f"{_TEMP}{secrets.token_hex(8)}"
        try:
            handle = os.open(
                name,
                os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC,
                0o644,
                dir_fd=descriptor,
            )
        except OSError:
            return None
        try:
            return os.fstat(handle).st_mtime_ns
        except OSError:  # pragma: no cover - fstat of a descriptor just opened
            return None
        finally:
            os.close(handle)
            with contextlib.suppress(OSError):
                os.unlink(name, dir_fd=descriptor)

    def prune(self) -> None:
        """After writing: write what is pending; past _PACKS_MOST packs, pack the entries
        used in the last STALE_AFTER into one (those used in this run count as used today);
        remove files of older formats unused for STALE_AFTER, and temporary files left by a
        process killed half-way (an hour old: a running writer's are seconds old)."""
        self.flush()
        if not self.stats.written or self._descriptor is None:
            return
        descriptor = self._descriptor
        now = time.time()
        try:
            names = os.listdir(descriptor)
        except OSError:
            return
        packs = sorted(name for name in names if _is_pack(name))
        if len(packs) > _PACKS_MOST:
            self._repack(packs, int(now // _DAY))
        for name in names:
            if _is_pack(name) or name.startswith((_RESULT, _INDEX)):
                continue
            if not _OUR_NAME.fullmatch(name):
                continue
            if name.endswith(_SUFFIX) and name[: -len(_SUFFIX)] not in self.used:
                age = STALE_AFTER
            elif name.startswith(_TEMP):
                age = 3600
            else:
                continue
            try:
                if now - os.stat(name, dir_fd=descriptor, follow_symlinks=False).st_mtime > age:
                    os.unlink(name, dir_fd=descriptor)
            except OSError:
                continue

    def _repack(self, packs: list[str], today: int) -> None:
        """Pack the live entries of `packs` into one, then remove them. A pack another
        process removed meanwhile gives nothing; one it wrote meanwhile is left alone."""
        kept: dict[str, tuple[bytes, int]] = {}
        for name in packs:
            for key, offset, length, day in self._table(name) or ():
                used = today if key in self.used else day
                if key in kept or today - used > STALE_AFTER // _DAY:
                    continue
                entry = self._entry((name, offset, length, day))
                # A corrupt entry is not packed again: a pack listed before its rewrite
                # would keep it, and the file would be read again after every repack.
                if entry is not None and _intact(entry, _MAGIC):
                    kept[key] = (entry, used)
        if self._write_pack([(key, entry, day) for key, (entry, day) in kept.items()]) is None:
            return
        self.stats.written -= len(kept)  # packed again, not new
        for name in packs:  # (still open: this run may read an entry of them again)
            with contextlib.suppress(OSError):
                os.unlink(name, dir_fd=self._descriptor)

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.flush()
        for handle in self._handles.values():
            os.close(handle)
        self._handles.clear()
        if self._descriptor is not None:
            os.close(self._descriptor)
            self._descriptor = None


# The names okrctl gives what it writes in a cache folder: a pack, a result of a whole tree
# (of a kind: `result-files-...`), a stat index, an entry of the first format, a temporary
# file. Nothing else there is touched: a folder named by the user may hold files of its own.
_PACK_NAME = re.compile(r"pack-[0-9a-f]{32}\.okc")
_OUR_NAME = re.compile(
    r"(?:pack-[0-9a-f]{32}|result-(?:[a-z]+-)?[0-9a-f]{40}|index-[0-9a-f]{40}|[0-9a-f]{40})\.okc"
    r"|\.tmp-[0-9a-f]{16}"
)


def _is_pack(name: str) -> bool:
    return _PACK_NAME.fullmatch(name) is not None


def _read_table(handle: int, name: str) -> list[tuple[str, int, int, int]] | None:
    """The table of the pack open as `handle`, checked: keys of text, entries inside the pack
    (places from the pack's start), the pack's own name in it; None for anything else."""
    try:
        size = os.fstat(handle).st_size
        head = os.pread(handle, 8, 0)
        length = int.from_bytes(head, "big")
        # A table is bounded as an entry is: a pack claiming gigabytes (sparse, or a file
        # named so by mistake) is not read whole on every run.
        if len(head) != 8 or length > size - 8 or length > _LARGEST:
            return None
        stored_name, rows = marshal.loads(_opened(os.pread(handle, length, 8), _PACK_MAGIC)[0])
        if stored_name != name:  # another pack's table, copied: its places mean nothing here
            return None
        base = 8 + length
        table = []
        for key, offset, entry_length, day in rows:
            if not (
                type(key) is str
                and type(offset) is int
                and type(entry_length) is int
                and type(day) is int
                and offset >= 0
                and 0 < entry_length <= _LARGEST
                and base + offset + entry_length <= size
            ):
                return None
            table.append((key, base + offset, entry_length, day))
        return table
    except Exception:  # any malformed table is no table
        return None


def _reason(error: OSError) -> str:
    text = error.strerror or str(error)
    return text[:1].lower() + text[1:]


def clear(folder: Path) -> int:
    """Remove a cache folder: its entries, temporary files and .gitignore, then the folder if
    nothing else is in it (a folder named by mistake loses none of its own files). The
    number of goal files' entries removed (results of whole trees and stat indexes go too,
    uncounted); a link is removed, never followed."""
    try:
        status = os.lstat(folder)
    except FileNotFoundError:
        return 0
    if stat.S_ISLNK(status.st_mode) or not stat.S_ISDIR(status.st_mode):
        raise NotADirectoryError(errno.ENOTDIR, "not a cache folder", str(folder))
    descriptor = os.open(folder, os.O_RDONLY | _DIRECTORY | _NOFOLLOW | _CLOEXEC)
    removed = 0
    try:
        for name in os.listdir(descriptor):
            ours = _OUR_NAME.fullmatch(name) is not None
            if name == ".gitignore":  # only the one okrctl wrote, never a folder's own
                ours = _read_small(descriptor, name) == _GITIGNORE.encode()
            if not ours:
                continue
            entries = _entries_in(descriptor, name) if _is_pack(name) else 0
            try:
                os.unlink(name, dir_fd=descriptor)
            except (IsADirectoryError, PermissionError):
                continue
            if _is_pack(name):
                removed += entries
            else:  # a file of an older format, one entry each
                removed += name.endswith(_SUFFIX) and not name.startswith((_RESULT, _INDEX))
    finally:
        os.close(descriptor)
    with contextlib.suppress(OSError):  # something else is in it: left as it is
        os.rmdir(folder)
    return removed


def _open_file(descriptor: int, name: str) -> int | None:
    """A descriptor of the regular file `name` in the folder, opened for reading, never
    through a link (a FIFO, a folder or a device named like an entry is none: None)."""
    try:
        handle = os.open(
            name, os.O_RDONLY | _NOFOLLOW | _CLOEXEC | os.O_NONBLOCK, dir_fd=descriptor
        )
    except OSError:
        return None
    try:
        if stat.S_ISREG(os.fstat(handle).st_mode):
            return handle
    except OSError:
        pass
    os.close(handle)
    return None


def _entries_in(descriptor: int, name: str) -> int:
    """How many entries the pack `name` holds (0 when it cannot be read whole)."""
    handle = _open_file(descriptor, name)
    if handle is None:
        return 0
    try:
        return len(_read_table(handle, name) or ())
    finally:
        os.close(handle)


def _read_small(descriptor: int, name: str, most: int = 4096) -> bytes | None:
    handle = _open_file(descriptor, name)
    if handle is None:
        return None
    try:
        with os.fdopen(handle, "rb", closefd=False) as reader:
            return reader.read(most)
    except OSError:
        return None
    finally:
        os.close(handle)


def cache_folder(
    config_path: Path | None,
    cache_dir: str | None,
    environ: Iterable[tuple[str, str]] | None = None,
    root: Callable[[], Path | None] | None = None,
) -> tuple[Path, bool] | None:
    """Where the cache of a tree lives, and whether the user named it (then a link to it
    is followed): OKRCTL_CACHE_DIR, else `cache_dir` of okrctl.yaml (inside the config's
    folder), else `.okrctl_cache` beside okrctl.yaml, else at the root of the repository
    (`root`), else nowhere (no cache)."""
    env = dict(environ if environ is not None else os.environ.items())
    named = env.get(ENV_DIR, "").strip()
    if named:
        return Path(named), True
    base = config_path.parent if config_path is not None else (root() if root else None)
    if base is None:
        return None
    folder = base / (cache_dir or DEFAULT_DIR)
    # Named by the tree: never reached through a link out of it (`build -> /etc`).
    if not folder.resolve().is_relative_to(base.resolve()):
        return None
    return folder, False
