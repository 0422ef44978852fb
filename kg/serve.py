"""The local SPARQL endpoint: Oxigraph's server run as a child process over a temporary store."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from kg.errors import ServeError

DEFAULT_HOST, DEFAULT_PORT = "127.0.0.1", 7878


@dataclass(frozen=True, slots=True)
class Server:
    """A running server: its base URL (query page at ``/``, SPARQL at ``/query``)."""

    url: str
    process: subprocess.Popen[bytes]

    @property
    def query_url(self) -> str:
        return self.url + "/query"

    def wait(self) -> int:
        """Block until the server stops; its exit code."""
        return self.process.wait()


def oxigraph_binary() -> str:
    """The ``oxigraph`` program of the PyPI package; raises ServeError when it is missing."""
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file():
        return str(beside)
    found = shutil.which("oxigraph")
    if found is None:
        raise ServeError("the oxigraph server program is not installed",
                         "pip install oxigraph (a dependency of kg)")
    return found


def free_port(host: str = DEFAULT_HOST) -> int:
    """A TCP port nobody listens on at the moment."""
    return _bind(host, 0)


def _bind(host: str, port: int) -> int:
    """Bind and release a port (the port bound); raises ServeError when it is taken."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((host, port))
        except OSError as exc:
            raise ServeError(f"cannot listen on {host}:{port}", exc.strerror or str(exc)
                             ) from None
        return int(sock.getsockname()[1])


def _last_line(path: Path) -> str:
    with suppress(OSError):
        lines = path.read_text(encoding="utf-8", errors="replace").strip().splitlines()
        if lines:
            return lines[-1]
    return ""


def _wait_listening(process: subprocess.Popen[bytes], host: str, port: int, log: Path,
                    timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServeError(f"the server on {host}:{port} stopped at start", _last_line(log))
        with suppress(OSError), socket.create_connection((host, port), timeout=1):
            return
        time.sleep(0.05)
    raise ServeError(f"the server on {host}:{port} did not start within {timeout:g} s")


def stop(process: subprocess.Popen[bytes]) -> None:
    """Terminate the server and wait for it (killed if it lingers)."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def serving(nquads: bytes, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
            start_timeout: float = 30.0) -> Iterator[Server]:
    """Load N-Quads into a temporary store, serve it read-only, and clean up on exit.

    The default graph of every query is the union of the named graphs, as in ``kg query``.
    Port 0 picks a free port. Raises ServeError when the store cannot be loaded or served.
    """
    binary = oxigraph_binary()
    port = _bind(host, port)  # a taken port is reported before any work; 0 picks a free one
    folder = Path(tempfile.mkdtemp(prefix="kg-serve-"))
    process: subprocess.Popen[bytes] | None = None
    try:
        data, location, log = folder / "graph.nq", folder / "store", folder / "server.log"
        data.write_bytes(nquads)
        run = subprocess.run([binary, "load", "--location", str(location), "--file", str(data)],
                             capture_output=True, text=True, check=False)
        if run.returncode != 0:
            raise ServeError("oxigraph load failed", (run.stderr.strip().splitlines() or [""])[-1])
        data.unlink()
        with log.open("wb") as sink:
            process = subprocess.Popen(
                [binary, "serve-read-only", "--location", str(location),
                 "--bind", f"{host}:{port}", "--union-default-graph"],
                stdin=subprocess.DEVNULL, stdout=sink, stderr=subprocess.STDOUT,
                start_new_session=True)  # Ctrl-C reaches us; we stop the child
        _wait_listening(process, host, port, log, start_timeout)
        shown = f"[{host}]" if ":" in host else host
        yield Server(f"http://{shown}:{port}", process)
    finally:
        if process is not None:
            stop(process)
        shutil.rmtree(folder, ignore_errors=True)
