"""A real Chroma server for the server-mode tests: `chroma run` (the chromadb package's CLI) in a
subprocess on a loopback port, with its data in a tmp dir, started and stopped by the tests.

Fixtures (imported by tests/conftest.py):
- `chroma_server`: one server for the whole session, shared by tests that do not stop it; each
  test uses its own collection prefix (`chroma_settings`), so they do not see each other's builds.
- `chroma_process`: a factory of servers owned by one test, which it may stop, pause (SIGSTOP: a
  server that accepts connections and never answers), resume and start again on the same port
  and data.

If the server cannot start, the tests that need it fail (they are not skipped): CI must run them.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest


def chroma_executable() -> str:
    """The `chroma` CLI of the running Python's environment (the venv's bin), else the PATH's."""
    beside = Path(sys.executable).with_name("chroma")
    found = str(beside) if beside.exists() else shutil.which("chroma")
    if not found:
        raise RuntimeError("the `chroma` command (from the chromadb package) is not installed")
    return found


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ChromaProcess:
    """`chroma run --path DIR --host 127.0.0.1 --port N` in a subprocess."""

    def __init__(self, path: Path, port: int | None = None):
        self.path = Path(path)
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = self.path.with_suffix(".log")
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 60.0) -> ChromaProcess:
        self.path.mkdir(parents=True, exist_ok=True)
        out = open(self.log, "ab")
        env = {**os.environ, "ANONYMIZED_TELEMETRY": "False", "NO_COLOR": "1"}
        self.process = subprocess.Popen(
            [chroma_executable(), "run", "--path", str(self.path), "--host", "127.0.0.1", "--port", str(self.port)],
            stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env, start_new_session=True,
        )
        out.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"chroma run exited with {self.process.returncode}: {self.log.read_text()[-2000:]}")
            if self.alive():
                return self
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"chroma run did not answer on {self.url} within {timeout:.0f} s: {self.log.read_text()[-2000:]}")

    def alive(self) -> bool:
        try:
            return httpx.get(f"{self.url}/api/v2/heartbeat", timeout=1.0).status_code == 200
        except httpx.HTTPError:
            return False

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.resume()
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(15)
        self.process = None

    def pause(self) -> None:
        """Freeze the server: its port still accepts connections, but nothing answers."""
        os.kill(self.process.pid, signal.SIGSTOP)

    def resume(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGCONT)

    def restart(self) -> ChromaProcess:
        self.stop()
        return self.start()


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory) -> Iterator[ChromaProcess]:
    """One real Chroma server on loopback for the session (not to be stopped by tests)."""
    server = ChromaProcess(tmp_path_factory.mktemp("chroma") / "data").start()
    yield server
    server.stop()


@pytest.fixture
def chroma_process(tmp_path) -> Iterator[Callable[..., ChromaProcess]]:
    """chroma_process() -> a started server that this test owns (stopped at its end)."""
    servers: list[ChromaProcess] = []

    def make(name: str = "chroma") -> ChromaProcess:
        servers.append(ChromaProcess(tmp_path / name).start())
        return servers[-1]

    yield make
    for server in servers:
        server.stop()


@pytest.fixture
def chroma_prefix() -> str:
    """A collection prefix of this test's own on a shared server."""
    return "t" + uuid.uuid4().hex[:10]
