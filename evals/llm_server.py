"""llama.cpp's OpenAI-compatible server (`python -m llama_cpp.server`), started on loopback.

The integration tests and the backend comparison use it to drive the `openai` backend through a
real HTTP server with the shipped model, as an organisation's own server would be driven. It listens
on 127.0.0.1 only, on a free port, and is stopped on leaving the `with` block.

    >>> with LocalLlamaServer(model_path, alias="qwen", api_key="secret") as server:
    ...     settings = Settings(backend="openai", llm_base_url=server.base_url, llm_model="qwen", llm_api_key="secret")
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx


class ServerFailed(RuntimeError):
    pass


class LocalLlamaServer:
    def __init__(
        self, model_path: str | Path, *, alias: str, api_key: str | None = None, n_ctx: int = 4096,
        n_threads: int | None = None, start_timeout_s: float = 180.0,
    ):
        self.model_path = str(model_path)
        self.alias = alias
        self.api_key = api_key
        self.n_ctx = n_ctx
        self.n_threads = n_threads
        self.start_timeout_s = start_timeout_s
        self.port: int | None = None
        self._process: subprocess.Popen | None = None
        self._log = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def __enter__(self) -> LocalLlamaServer:
        self.port = _free_port()
        command = [
            sys.executable, "-m", "llama_cpp.server", "--model", self.model_path, "--model_alias", self.alias,
            "--host", "127.0.0.1", "--port", str(self.port), "--n_ctx", str(self.n_ctx),
            # As the in-process model runs: no logits kept for every prompt token (the server's default
            # computes them, which makes it about twice as slow on a CPU).
            "--logits_all", "False",
        ]
        if self.n_threads:
            command += ["--n_threads", str(self.n_threads)]
        if self.api_key:
            command += ["--api_key", self.api_key]
        self._log = tempfile.NamedTemporaryFile("w+", prefix="llama-server-", suffix=".log", delete=False)
        self._process = subprocess.Popen(command, stdout=self._log, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"})
        try:
            self._wait_ready()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait(timeout=15)
        if self._log is not None:
            self._log.close()
            Path(self._log.name).unlink(missing_ok=True)

    def _wait_ready(self) -> None:
        headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        deadline = time.monotonic() + self.start_timeout_s
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise ServerFailed(f"llama_cpp.server exited with code {self._process.returncode}:\n{self._tail()}")
            try:
                if httpx.get(f"{self.base_url}/models", headers=headers, timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        raise ServerFailed(f"llama_cpp.server did not answer within {self.start_timeout_s:g} s:\n{self._tail()}")

    def _tail(self) -> str:
        self._log.flush()
        return Path(self._log.name).read_text(errors="replace")[-2000:]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
