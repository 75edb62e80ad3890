"""`kind: command`: a program run without a shell, that prints one number or `DATE VALUE` lines.

It runs in the goal file's folder, with okrctl's environment, and `OKRCTL_SINCE` and
`OKRCTL_AS_OF` set to the dates a query would get. It runs in a process group of its own:
on a timeout, or output over the size limit, the program and whatever it started are
stopped, and its output is read as it comes, never more than the limit.
"""

from __future__ import annotations

import contextlib
import os
import selectors
import signal
import subprocess
import time

from okrctl.model.sources import CommandSource
from okrctl.sources.base import MAX_BYTES, Reading, Request, SourceError
from okrctl.sources.rows import from_lines

# How much of what the program says on stderr is kept (its last line is the cause shown).
_STDERR_BYTES = 64 * 1024


def fetch(source: CommandSource, request: Request) -> list[Reading]:
    argv = [request.expand(word, f"argv[{index}]") for index, word in enumerate(source.argv)]
    environment = {
        **request.environment,
        "OKRCTL_SINCE": request.since.isoformat(),
        "OKRCTL_AS_OF": request.as_of.isoformat(),
    }
    try:
        process = subprocess.Popen(
            argv,
            cwd=request.folder,
            env=environment,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            # Its own process group: a child it forks is stopped with it.
            start_new_session=True,
        )
    except FileNotFoundError:
        raise SourceError(f"no program `{argv[0]}`") from None
    except PermissionError:
        raise SourceError(f"`{argv[0]}` cannot be run (permission denied)") from None
    except OSError as error:
        raise SourceError(f"`{argv[0]}` cannot be run: {error.strerror}") from None
    try:
        stdout, stderr = _read(process, argv[0], source.seconds)
    finally:
        _stop(process)
    if process.returncode != 0:
        said = stderr.decode("utf-8", "replace").strip().splitlines()
        last = f": {said[-1][:200]}" if said else ""
        raise SourceError(f"`{argv[0]}` exited with status {process.returncode}{last}")
    try:
        text = stdout.decode("utf-8")
    except UnicodeDecodeError:
        raise SourceError(f"`{argv[0]}` printed something that is not UTF-8 text") from None
    return from_lines(text, request, f"`{argv[0]}`")


def _read(process: subprocess.Popen[bytes], program: str, seconds: float) -> tuple[bytes, bytes]:
    """stdout and the end of stderr, read until both close; SourceError past the deadline or
    the size limit."""
    assert process.stdout is not None and process.stderr is not None
    deadline = time.monotonic() + seconds
    out = bytearray()
    err = bytearray()
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ, out)
        selector.register(process.stderr, selectors.EVENT_READ, err)
        while selector.get_map():
            left = deadline - time.monotonic()
            if left <= 0:
                exited = process.poll() is not None
                raise SourceError(
                    f"`{program}` exited, but a process it started kept its output open "
                    f"longer than {seconds:g} s (timeout)"
                    if exited
                    else f"`{program}` took longer than {seconds:g} s (timeout)"
                )
            for key, _ in selector.select(left):
                chunk = os.read(key.fd, 65536)
                if not chunk:
                    selector.unregister(key.fileobj)
                    continue
                kept: bytearray = key.data
                kept += chunk
                if kept is out and len(out) > MAX_BYTES:
                    raise SourceError(f"`{program}` printed more than the size limit")
                if kept is err and len(err) > _STDERR_BYTES:
                    del err[: len(err) - _STDERR_BYTES]
    # Both pipes closed: the program has ended, or is about to.
    try:
        process.wait(max(0.0, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        raise SourceError(f"`{program}` took longer than {seconds:g} s (timeout)") from None
    return bytes(out), bytes(err)


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Kill what is left of the program's process group, and reap the program."""
    with contextlib.suppress(ProcessLookupError, PermissionError):  # the group has ended
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    for stream in (process.stdout, process.stderr):
        if stream is not None:
            stream.close()
