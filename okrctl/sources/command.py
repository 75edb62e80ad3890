"""`kind: command`: a program run without a shell, that prints one number or `DATE VALUE` lines.

It runs in the goal file's folder, with okrctl's environment, and `OKRCTL_SINCE` and
`OKRCTL_AS_OF` set to the dates a query would get.
"""

from __future__ import annotations

import subprocess

from okrctl.model.sources import CommandSource
from okrctl.sources.base import MAX_BYTES, Reading, Request, SourceError
from okrctl.sources.rows import from_lines


def fetch(source: CommandSource, request: Request) -> list[Reading]:
    argv = [request.expand(word, f"argv[{index}]") for index, word in enumerate(source.argv)]
    environment = {
        **request.environment,
        "OKRCTL_SINCE": request.since.isoformat(),
        "OKRCTL_AS_OF": request.as_of.isoformat(),
    }
    try:
        done = subprocess.run(
            argv,
            cwd=request.folder,
            env=environment,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=source.seconds,
            check=False,
        )
    except FileNotFoundError:
        raise SourceError(f"no program `{argv[0]}`") from None
    except PermissionError:
        raise SourceError(f"`{argv[0]}` cannot be run (permission denied)") from None
    except subprocess.TimeoutExpired:
        raise SourceError(f"`{argv[0]}` took longer than {source.seconds:g} s (timeout)") from None
    except OSError as error:
        raise SourceError(f"`{argv[0]}` cannot be run: {error.strerror}") from None
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        last = f": {said[-1][:200]}" if said else ""
        raise SourceError(f"`{argv[0]}` exited with status {done.returncode}{last}")
    if len(done.stdout) > MAX_BYTES:
        raise SourceError(f"`{argv[0]}` printed more than the size limit")
    try:
        text = done.stdout.decode("utf-8")
    except UnicodeDecodeError:
        raise SourceError(f"`{argv[0]}` printed something that is not UTF-8 text") from None
    return from_lines(text, request, f"`{argv[0]}`")
