"""HTTP GET with a timeout, a size limit and retries with backoff for transient failures."""

from __future__ import annotations

import base64
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from http.client import HTTPMessage
from typing import IO

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


# What may not be in a URL or a header value: a line break would start another header (or
# request), and the library's own error would print the value, a secret perhaps.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _origin(url: str) -> tuple[str, str]:
    parts = urllib.parse.urlsplit(url)
    return parts.scheme.lower(), parts.netloc.lower()


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Redirects followed, but a source's own headers (a token) go only to its own origin:
    a redirect to another host, port or scheme is followed without them."""

    def __init__(self, origin: tuple[str, str], own: frozenset[str]) -> None:
        self.origin = origin
        self.own = own

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None and _origin(new.full_url) != self.origin:
            for name in list(new.headers):
                if name.lower() in self.own:
                    del new.headers[name]
        return new


def get(url: str, headers: Mapping[str, str], seconds: float, attempts: int | None = None) -> bytes:
    """The body of a GET of `url`; retried on a refused connection and 429/502/503/504, up
    to `attempts` times in all (default `ATTEMPTS`)."""
    if not url.startswith(("http://", "https://")):
        raise SourceError("the URL is not http:// or https://")
    if _CONTROL.search(url) or " " in url:
        raise SourceError("the URL has a space, a line break or another control character")
    for name, value in headers.items():
        if _CONTROL.search(name) or _CONTROL.search(value) is not None:
            raise SourceError(f"header {name}: its value has a line break or control character")
    try:
        parts = urllib.parse.urlsplit(url)
        _ = parts.port  # a port that is no number, or out of range, raises here
    except ValueError:  # its text would show the URL: a password in it, perhaps
        raise SourceError("the URL is not valid (look at its host and port)") from None
    if "@" in parts.netloc:
        # urllib does not send `user:password@` itself (it looks the whole up as a host
        # name): sent as HTTP basic authentication, an own header of the source.
        user, _, password = parts.netloc.rpartition("@")[0].partition(":")
        pair = f"{urllib.parse.unquote(user)}:{urllib.parse.unquote(password)}".encode()
        headers = {"Authorization": "Basic " + base64.b64encode(pair).decode(), **headers}
        url = urllib.parse.urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))
    request = urllib.request.Request(
        url, headers={"User-Agent": f"okrctl/{__version__}", **headers}
    )
    # urllib keeps header names capitalized its own way ("Authorization", "X-api-key").
    own = frozenset(name.lower() for name in headers)
    opener = urllib.request.build_opener(_Redirects(_origin(url), own))
    tries = ATTEMPTS if attempts is None else max(1, attempts)
    for attempt in range(1, tries + 1):
        try:
            return _once(opener, request, seconds)
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


def _once(opener: urllib.request.OpenerDirector, request: urllib.request.Request,
          seconds: float) -> bytes:  # fmt: skip
    # `seconds` bounds the whole answer, not only each wait for a packet: a server that
    # trickles a byte now and then is stopped at the deadline.
    deadline = time.monotonic() + seconds
    try:
        with opener.open(request, timeout=seconds) as response:
            declared = response.headers.get("Content-Length")
            if declared is not None and declared.isdigit() and int(declared) > MAX_BYTES:
                raise SourceError(_too_large())
            received = bytearray()
            while len(received) <= MAX_BYTES:
                if time.monotonic() > deadline:
                    raise TimeoutError
                chunk = response.read1(min(65536, MAX_BYTES + 1 - len(received)))
                if not chunk:
                    break
                received += chunk
    except urllib.error.HTTPError as error:
        cause = f"the server answered HTTP {error.code} {error.reason}"
        body = _error_body(error)
        if error.code in _TRANSIENT:
            raise _Transient(cause, error.code, body) from None
        if error.code in (401, 403):
            cause += " (bad or missing credentials?)"
        raise HttpStatusError(cause, error.code, body) from None
    except ValueError:  # http.client's InvalidURL (a redirect's too): its text shows the URL
        raise SourceError("the URL is not valid (look at its host and port)") from None
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
    if len(received) > MAX_BYTES:
        raise SourceError(_too_large())
    return bytes(received)


def _too_large() -> str:
    return f"the answer is over the size limit ({MAX_BYTES // (1024 * 1024)} MB)"
