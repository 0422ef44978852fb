"""Real triplestores for the tests: Oxigraph and Virtuoso on 127.0.0.1, each in a temp folder."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import pytest

from kg.errors import ServeError
from kg.serve import free_port, oxigraph_binary

VIRTUOSO_INI = Path("/usr/share/virtuoso-opensource-7/virtuoso.ini")
START_TIMEOUT = 90.0
T = TypeVar("T")


def require_binary(name: str, found: T | None) -> T:
    """What was found; a missing program fails under CI (which installs it), else skips."""
    if found is not None:
        return found
    message = f"{name} is not installed (.ci/run installs it)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def wait_listening(process: subprocess.Popen[bytes], port: int, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited at start: {log.read_text(errors='replace')}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"server did not listen on {port}: {log.read_text(errors='replace')}")


def stop_process(process: subprocess.Popen[bytes] | None) -> None:
    if process is not None and process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass
class Oxigraph:
    """``oxigraph serve`` over a folder that outlives restarts; the default graph is the union."""

    folder: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Oxigraph:
        binary = require_binary("oxigraph", oxigraph_binary_or_none())
        log = self.folder / "server.log"
        with log.open("ab") as sink:
            self.process = subprocess.Popen(
                [binary, "serve", "--location", str(self.folder / "db"),
                 "--bind", f"127.0.0.1:{self.port}", "--union-default-graph"],
                stdout=sink, stderr=subprocess.STDOUT)
        try:
            wait_listening(self.process, self.port, log)
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        stop_process(self.process)
        self.process = None


def oxigraph_binary_or_none() -> str | None:
    try:
        return oxigraph_binary()
    except ServeError:
        return None


@dataclass
class Virtuoso:
    """A private Virtuoso instance: its own database folder, ini file and free ports."""

    folder: Path
    sql_port: int = field(default_factory=free_port)
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _ini(self) -> Path:
        """The stock ini with the database in our folder and our ports on 127.0.0.1."""
        section = ""
        out = []
        for line in VIRTUOSO_INI.read_text().splitlines():
            head = re.match(r"\s*\[(.+)\]", line)
            section = head.group(1) if head else section
            key = (m.group(1) if (m := re.match(r"\s*(\w+)\s*=", line)) else "")
            if section in ("Database", "TempDatabase") and "/" in line and key:
                line = f"{key} = {self.folder / line.rsplit('/', 1)[1].strip()}"
            elif section == "Parameters" and key == "ServerPort":
                line = f"ServerPort = 127.0.0.1:{self.sql_port}"
            elif section == "HTTPServer" and key == "ServerPort":
                line = f"ServerPort = 127.0.0.1:{self.port}"
            elif section == "Parameters" and key == "DirsAllowed":
                line = f"{line.split(';')[0].rstrip()}, {self.folder}"
            out.append(line)
        ini = self.folder / "virtuoso.ini"
        ini.write_text("\n".join(out) + "\n")
        return ini

    def start(self) -> Virtuoso:
        binary = require_binary("virtuoso-t", shutil.which("virtuoso-t"))
        if not VIRTUOSO_INI.is_file():
            pytest.fail(f"{VIRTUOSO_INI} is missing (package virtuoso-opensource)")
        log = self.folder / "console.log"
        with log.open("ab") as sink:
            self.process = subprocess.Popen(
                [binary, "+foreground", "+configfile", str(self._ini())],
                cwd=self.folder, stdout=sink, stderr=subprocess.STDOUT)
        try:
            wait_listening(self.process, self.port, log)
            self._wait_sparql()
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_sparql(self) -> None:
        """The HTTP port opens before the SPARQL service is ready: wait for an answer."""
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                with urllib.request.urlopen(f"{self.url}/sparql?query=ASK%7B%7D", timeout=5):
                    return
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    def stop(self) -> None:
        stop_process(self.process)
        self.process = None
