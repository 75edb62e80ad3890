"""A small Language Server Protocol client over stdio, enough to ask yaml-language-server for
the diagnostics it would show in an editor (JSON-RPC 2.0 framed by Content-Length headers).

tests/lsp/ pins yaml-language-server (package.json and package-lock.json); `.ci/run` installs it
with `npm ci --prefix tests/lsp`, and the tests skip without node or without that install.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from queue import Empty, Queue
from typing import IO, Any

LSP_FOLDER = Path(__file__).parent / "lsp"
SERVER = LSP_FOLDER / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"


def server_command() -> list[str] | None:
    """How to start the pinned yaml-language-server, or None when node or it is missing."""
    node = shutil.which("node")
    return [node, str(SERVER), "--stdio"] if node and SERVER.exists() else None


class LanguageServer:
    """One running language server: send notifications and requests, collect diagnostics."""

    def __init__(self, command: list[str]) -> None:
        self.process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self.messages: Queue[dict[str, Any]] = Queue()
        self.next_id = 0
        assert self.process.stdout is not None
        threading.Thread(target=self._read, args=(self.process.stdout,), daemon=True).start()

    def _read(self, stream: IO[bytes]) -> None:
        while True:
            length = 0
            while (line := stream.readline()) not in (b"\r\n", b"\n"):
                if not line:
                    return  # the server has exited
                name, _, value = line.decode("ascii").partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value)
            self.messages.put(json.loads(stream.read(length)))

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.process.stdin is not None
        self.process.stdin.write(f"Content-Length: {len(body)}\r\n\r\n".encode("ascii") + body)
        self.process.stdin.flush()

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self._send({"method": method, "params": params})

    def request(self, method: str, params: dict[str, Any], timeout: float = 60) -> Any:
        """Send a request and wait for its response (answering the server's own requests)."""
        self.next_id += 1
        ident = self.next_id
        self._send({"id": ident, "method": method, "params": params})
        for message in self._messages(timeout):
            if message.get("id") == ident and "method" not in message:
                return message.get("result")
        raise TimeoutError(f"no response to {method}")

    def _messages(self, timeout: float) -> Iterator[dict[str, Any]]:
        """Messages as they come; a request from the server (registering capabilities, asking
        for settings) is answered with an empty result so the server goes on."""
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                message = self.messages.get(timeout=left)
            except Empty:
                break
            if "method" in message and "id" in message:
                items = message.get("params", {}).get("items")
                result: Any = [None] * len(items) if isinstance(items, list) else None
                self._send({"id": message["id"], "result": result})
                continue
            yield message

    def diagnostics(
        self, uri: str, text: str, timeout: float = 60, keep_open: bool = False
    ) -> list[dict[str, Any]]:
        """Open a document and return the diagnostics the server publishes for it (then close
        it, unless `keep_open`, to ask for completion or hover in it)."""
        self.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}},
        )
        for message in self._messages(timeout):
            params = message.get("params", {})
            if message.get("method") == "textDocument/publishDiagnostics" and (
                params.get("uri") == uri
            ):
                if not keep_open:
                    self.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
                diagnostics: list[dict[str, Any]] = params.get("diagnostics", [])
                return diagnostics
        raise TimeoutError(f"no diagnostics for {uri}")

    def at(self, method: str, uri: str, line: int, character: int) -> Any:
        """A request about one position of an open document (completion, hover)."""
        position = {"line": line, "character": character}
        return self.request(method, {"textDocument": {"uri": uri}, "position": position})

    def close(self) -> None:
        try:
            self.request("shutdown", {}, timeout=10)
            self.notify("exit", {})
            self.process.wait(timeout=10)
        except (TimeoutError, OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()


@contextmanager
def yaml_language_server(command: list[str], root: Path) -> Iterator[LanguageServer]:
    """A yaml-language-server initialised for the workspace `root`, validating YAML."""
    server = LanguageServer(command)
    try:
        server.request(
            "initialize",
            {
                "processId": None,
                "rootUri": root.as_uri(),
                "capabilities": {"textDocument": {"publishDiagnostics": {}}},
            },
        )
        server.notify("initialized", {})
        server.notify(
            "workspace/didChangeConfiguration",
            {"settings": {"yaml": {"validate": True, "hover": True, "completion": True}}},
        )
        yield server
    finally:
        server.close()
