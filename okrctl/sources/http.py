"""HTTP GET with a timeout, a size limit and retries with backoff for transient failures."""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from collections.abc import Mapping

from okrctl import __version__
from okrctl.sources.base import MAX_BYTES, SourceError

ATTEMPTS = 3
BACKOFF = 0.5  # seconds before the second attempt; doubled before each further one
_TRANSIENT = frozenset({429, 502, 503, 504})


# How much of an error status's body is kept: a server's own words on what went wrong.
_ERROR_BODY = 64 * 1024


class HttpStatusError(SourceError):
    """The server answered with an error status; `body` is the start of what it said."""

    def __init__(self, message: str, status: int, body: bytes) -> None:
        super().__init__(message)
        self.status = status
        self.body = body


def get(url: str, headers: Mapping[str, str], seconds: float, attempts: int | None = None) -> bytes:
    """The body of a GET of `url`; retried on a refused connection and 429/502/503/504, up
    to `attempts` times in all (default `ATTEMPTS`)."""
    if not url.startswith(("http://", "https://")):
        raise SourceError("the URL is not http:// or https://")
    request = urllib.request.Request(
        url, headers={"User-Agent": f"okrctl/{__version__}", **headers}
    )
    tries = ATTEMPTS if attempts is None else max(1, attempts)
    for attempt in range(1, tries + 1):
        try:
            return _once(request, seconds)
        except _Transient as error:
            if attempt < tries:
                time.sleep(BACKOFF * 2 ** (attempt - 1))
                continue
            cause = f"{error} (after {tries} attempts)" if tries > 1 else str(error)
            if error.status is not None:
                raise HttpStatusError(cause, error.status, error.body) from None
            raise SourceError(cause) from None
    raise AssertionError("unreachable")  # pragma: no cover


class _Transient(Exception):
    """A failure worth another try (with the status and body of an HTTP answer, if any)."""

    def __init__(self, cause: str, status: int | None = None, body: bytes = b"") -> None:
        super().__init__(cause)
        self.status = status
        self.body = body


def _error_body(error: urllib.error.HTTPError) -> bytes:
    try:
        return error.read(_ERROR_BODY)
    except (OSError, ValueError):
        return b""


def _once(request: urllib.request.Request, seconds: float) -> bytes:
    try:
        with urllib.request.urlopen(request, timeout=seconds) as response:
            declared = response.headers.get("Content-Length")
            if declared is not None and declared.isdigit() and int(declared) > MAX_BYTES:
                raise SourceError(_too_large())
            body: bytes = response.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as error:
        cause = f"the server answered HTTP {error.code} {error.reason}"
        body = _error_body(error)
        if error.code in _TRANSIENT:
            raise _Transient(cause, error.code, body) from None
        if error.code in (401, 403):
            cause += " (bad or missing credentials?)"
        raise HttpStatusError(cause, error.code, body) from None
    except urllib.error.URLError as error:
        reason = error.reason
        if isinstance(reason, TimeoutError):
            raise SourceError(f"no answer within {seconds:g} s (timeout)") from None
        if isinstance(reason, ConnectionRefusedError):
            raise _Transient("the server refused the connection") from None
        raise SourceError(f"cannot reach the server: {reason}") from None
    except TimeoutError:
        raise SourceError(f"no answer within {seconds:g} s (timeout)") from None
    except (ConnectionError, OSError) as error:
        raise SourceError(
            f"the connection failed: {error.strerror or type(error).__name__}"
        ) from None
    if len(body) > MAX_BYTES:
        raise SourceError(_too_large())
    return body


def _too_large() -> str:
    return f"the answer is over the size limit ({MAX_BYTES // (1024 * 1024)} MB)"
