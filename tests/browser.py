"""Headless Chromium driven over the DevTools protocol, for the tests that look at a real page.

The browser is Debian's `chromium` (installed by .ci/run), never one a package downloads. It
speaks the protocol over `--remote-debugging-pipe`: JSON messages ending in a NUL byte, read by
the browser from its file descriptor 3 and written to its descriptor 4. That needs nothing
beyond the standard library (no websocket client, no open port shared with other tests).
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

CHROMIUM = next(
    (found for name in ("chromium", "chromium-browser") if (found := shutil.which(name))), None
)

# axe-core, the accessibility engine, vendored from the npm registry's `axe-core` package
# (MPL-2.0; see tests/data/axe/README.md for its version and licence).
AXE = Path(__file__).parent / "data" / "axe" / "axe.min.js"


class BrowserError(RuntimeError):
    """The browser answered a command with an error, or went away."""


class Browser:
    """One headless Chromium process and one page in it (a flat session on one target)."""

    def __init__(self, process: subprocess.Popen[bytes], to_browser: int, from_browser: int):
        self.process = process
        self.to_browser, self.from_browser = to_browser, from_browser
        self.buffer = b""
        self.next_id = 0
        self.events: list[dict[str, Any]] = []
        self.session = ""

    def _read_message(self) -> dict[str, Any]:
        while b"\0" not in self.buffer:
            chunk = os.read(self.from_browser, 1 << 16)
            if not chunk:
                raise BrowserError("Chromium closed its DevTools pipe")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        parsed: dict[str, Any] = json.loads(message)
        return parsed

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        """Call one protocol method on the page (or the browser, before `open_page`); return
        its result, keeping the events that arrive meanwhile for `wait_for`."""
        self.next_id += 1
        message: dict[str, Any] = {"id": self.next_id, "method": method, "params": params}
        if self.session and not method.startswith("Target."):
            message["sessionId"] = self.session
        os.write(self.to_browser, json.dumps(message).encode() + b"\0")
        while True:
            answer = self._read_message()
            if answer.get("id") == self.next_id:
                if "error" in answer:
                    raise BrowserError(f"{method}: {answer['error']}")
                result: dict[str, Any] = answer.get("result", {})
                return result
            if "method" in answer:
                self.events.append(answer)

    def wait_for(self, event: str) -> dict[str, Any]:
        """The first event of that name not yet waited for (events seen during `send` count)."""
        while True:
            for index, seen in enumerate(self.events):
                if seen["method"] == event:
                    del self.events[: index + 1]
                    params: dict[str, Any] = seen.get("params", {})
                    return params
            self.events.append(self._read_message())

    def open_page(self) -> None:
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.send("Target.attachToTarget", targetId=target, flatten=True)[
            "sessionId"
        ]
        self.send("Page.enable")
        self.send("Runtime.enable")
        self.send("Log.enable")

    def viewport(self, width: int, height: int, *, mobile: bool) -> None:
        self.send(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=mobile,
        )

    def colour_scheme(self, scheme: str) -> None:
        """`light` or `dark`, as `prefers-color-scheme` reports it to the page."""
        self.send(
            "Emulation.setEmulatedMedia",
            features=[{"name": "prefers-color-scheme", "value": scheme}],
        )

    def load(self, page: Path) -> None:
        self.events.clear()
        self.send("Page.navigate", url=page.as_uri())
        self.wait_for("Page.loadEventFired")

    def evaluate(self, expression: str) -> Any:
        """A JavaScript expression's value in the page (promises awaited), as JSON gives it."""
        answer = self.send(
            "Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True
        )
        if "exceptionDetails" in answer:
            raise BrowserError(f"{expression[:80]}: {answer['exceptionDetails']}")
        return answer["result"].get("value")

    def axe(self) -> list[dict[str, Any]]:
        """axe-core's violations on the page as shown now (its scheme and width), as
        `{id, impact, help, targets}` records."""
        self.evaluate(AXE.read_text(encoding="utf-8"))
        found: list[dict[str, Any]] = self.evaluate(
            "axe.run(document).then(r => r.violations.map(v => ({id: v.id, impact: v.impact, "
            "help: v.help, targets: v.nodes.map(n => n.target.join(' '))})))"
        )
        return found

    def screenshot(self, height: int) -> bytes:
        """The top of the page, at most `height` CSS pixels of it, as a PNG at the viewport's
        width."""
        width, full = self.evaluate(
            "[document.documentElement.clientWidth, document.scrollingElement.scrollHeight]"
        )
        clip = {"x": 0, "y": 0, "width": width, "height": min(height, full), "scale": 1}
        answer = self.send(
            "Page.captureScreenshot", format="png", captureBeyondViewport=True, clip=clip
        )
        return base64.b64decode(answer["data"])

    def pdf(self, *, backgrounds: bool) -> bytes:
        """The page printed as a browser prints it; `backgrounds=False` is the print dialog's
        default ("Background graphics" off)."""
        answer = self.send("Page.printToPDF", printBackground=backgrounds, paperWidth=8.27)
        return base64.b64decode(answer["data"])


@contextmanager
def chromium(profile: Path) -> Iterator[Browser]:
    """A headless Chromium for the block, with its own profile folder; ended afterwards."""
    assert CHROMIUM is not None
    # Our ends and the browser's ends of two pipes: it reads commands from 3, answers on 4.
    commands_read, commands_write = os.pipe()
    answers_read, answers_write = os.pipe()

    def plumb() -> None:  # in the child, before exec: put the pipe ends at 3 and 4
        # Copied above 10 first, so that neither end is overwritten when it was 3 or 4.
        reading = fcntl.fcntl(commands_read, fcntl.F_DUPFD, 10)
        writing = fcntl.fcntl(answers_write, fcntl.F_DUPFD, 10)
        os.dup2(reading, 3)
        os.dup2(writing, 4)

    process = subprocess.Popen(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--no-first-run",
            "--hide-scrollbars",
            "--font-render-hinting=none",
            f"--user-data-dir={profile}",
            "--remote-debugging-pipe",
            "about:blank",
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        # Kept open in the child: subprocess closes the others after `plumb` has run.
        pass_fds=(commands_read, answers_write, 3, 4),
        preexec_fn=plumb,
    )
    os.close(commands_read)
    os.close(answers_write)
    browser = Browser(process, commands_write, answers_read)
    try:
        browser.open_page()
        yield browser
    finally:
        with suppress(BrowserError, OSError):
            browser.send("Browser.close")
        os.close(commands_write)
        os.close(answers_read)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
