"""`kind: csv`: a column of values, dated by another, from a file or an http(s) URL."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from okrctl.model.sources import CsvSource
from okrctl.sources.base import MAX_BYTES, Reading, Request, SourceError, as_day, as_number
from okrctl.sources.http import get


def _text(source: CsvSource, request: Request) -> str:
    if source.url is not None:
        url = request.expand(source.url, "url")
        data = get(url, {}, source.seconds, attempts=1 if request.check else None)
    else:
        assert source.path is not None  # the model requires one of the two
        path = Path(request.expand(source.path, "path"))
        path = path if path.is_absolute() else request.folder / path
        try:
            with path.open("rb") as handle:
                data = handle.read(MAX_BYTES + 1)
        except OSError as error:
            raise SourceError(f"cannot read {path}: {error.strerror}") from None
        if len(data) > MAX_BYTES:
            raise SourceError(f"{path} is over the size limit ({MAX_BYTES // 1048576} MB)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SourceError("the CSV is not UTF-8") from None


def fetch(source: CsvSource, request: Request) -> list[Reading]:
    reader = csv.DictReader(io.StringIO(_text(source, request), newline=""))
    columns = reader.fieldnames or []
    wanted = [source.date_column, source.value_column, *(source.filter or {})]
    for column in wanted:
        if column not in columns:
            raise SourceError(f"the CSV has no column `{column}` (it has {', '.join(columns)})")
    readings = []
    for row in reader:
        if any(row[c] != str(v) for c, v in (source.filter or {}).items()):
            continue
        line = reader.line_num
        readings.append(
            Reading(
                as_day(row[source.date_column], f"line {line}: date"),
                as_number(row[source.value_column], f"line {line}: value"),
            )
        )
        if request.check:  # the header and one row show that the file is what it should be
            break
    return readings
