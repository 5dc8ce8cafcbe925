"""Fixtures for the web app's tests: the session's one index (built in a tmp dir by the
`assistant` fixture of tests/conftest.py) shared by every app; the app served by uvicorn on loopback
in a thread; Debian's chromium driven by Playwright; a guard that fails a page on any request
outside the host that serves it; a small reverse proxy that serves the app under a sub-path, as the
intranet's does.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]


# The shared index and assistant ------------------------------------------------------------------


@pytest.fixture(scope="session")
def make_settings(assistant, tmp_path_factory) -> Callable[..., object]:
    """Settings on the session's index (tests/conftest.py's `assistant` built it once in a tmp dir),
    each with its own feedback database unless one is given."""
    from assistant.settings import Settings

    def make(**overrides):
        overrides.setdefault("feedback_db", tmp_path_factory.mktemp("feedback") / "feedback.sqlite3")
        base = dict(
            data_dir=assistant.settings.data_dir, host="127.0.0.1", root_path="", frame_ancestors=[], auth_header="", basic_auth_users={},
            rate_limit_per_minute=0,  # tests ask many questions from one client; the rate limit has tests of its own
        )
        return Settings(_env_file=None, **{**base, **overrides})

    return make


@pytest.fixture(scope="session")
def data_dir(assistant) -> Path:
    return assistant.settings.data_dir


@pytest.fixture(scope="session")
def engine(assistant, make_settings):
    from ui.engine import Engine

    return Engine(make_settings(), assistant=assistant)


@pytest.fixture(scope="session")
def two_documents(tmp_path_factory):
    """An assistant over two documents: the real factsheet and the fixture one (chapter III), with
    a manifest (tests/conftest.py's `write_manifest`: a title and a theme of its own for each), its
    index built once for the session."""
    from assistant import Assistant, Settings
    from tests.conftest import FACTSHEET, FIXTURE_FACTSHEET, write_manifest

    folder = tmp_path_factory.mktemp("two-documents") / "corpus"
    folder.mkdir()
    for path in (FACTSHEET, FIXTURE_FACTSHEET):
        shutil.copy(path, folder / path.name)
    write_manifest(folder)
    return Assistant.load(Settings(_env_file=None, corpus_dir=folder, data_dir=tmp_path_factory.mktemp("two-documents-data")))


@pytest.fixture(scope="session")
def two_documents_engine(two_documents, make_settings):
    from ui.engine import Engine

    return Engine(make_settings(corpus_dir=two_documents.settings.corpus_dir, data_dir=two_documents.settings.data_dir), assistant=two_documents)


# Serving ----------------------------------------------------------------------------------------


class LiveServer:
    """An ASGI app under uvicorn on a loopback port, in a thread."""

    def __init__(self, app):
        import uvicorn

        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on"))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 60
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the app did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(15)
        self.sock.close()


@pytest.fixture(scope="session")
def serve() -> Iterator[Callable[[object], LiveServer]]:
    """serve(app) -> a started LiveServer, stopped at the end of the session."""
    servers: list[LiveServer] = []

    def start(app) -> LiveServer:
        server = LiveServer(app).__enter__()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.__exit__(None, None, None)


class StaticSite:
    """A plain HTTP server on its own loopback port, serving one HTML page at /: another origin."""

    def __init__(self, html: str = ""):
        site = self

        class Handler(SimpleHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server's name
                body = site.html.encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.html = html
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="session")
def static_sites() -> Iterator[Callable[[], StaticSite]]:
    sites: list[StaticSite] = []

    def make() -> StaticSite:
        sites.append(StaticSite())
        return sites[-1]

    yield make
    for site in sites:
        site.close()


def reverse_proxy(upstream: str, prefix: str):
    """An ASGI reverse proxy like the intranet's: serves `upstream` under `prefix`, stripping the
    prefix, passing the public Host and X-Forwarded-Proto/For on, streaming responses (Gradio's
    server-sent events) as they come."""
    import httpx
    from starlette.background import BackgroundTask
    from starlette.requests import Request
    from starlette.responses import PlainTextResponse, StreamingResponse

    client = httpx.AsyncClient(base_url=upstream, timeout=None)
    hop = {"connection", "keep-alive", "transfer-encoding", "upgrade", "proxy-connection", "te", "trailer"}

    async def app(scope, receive, send):
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await client.aclose()
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        request = Request(scope, receive)
        path = request.url.path
        if not (path == prefix or path.startswith(prefix + "/")):
            await PlainTextResponse("not found (proxy)", status_code=404)(scope, receive, send)
            return
        if path == prefix:  # like nginx's `location /lanzarote/`: the bare prefix redirects
            await PlainTextResponse("", status_code=301, headers={"location": prefix + "/"})(scope, receive, send)
            return
        headers = [(k, v) for k, v in request.headers.raw if k.decode().lower() not in hop]
        headers.append((b"x-forwarded-proto", b"http"))
        headers.append((b"x-forwarded-for", (request.client.host if request.client else "").encode()))
        upstream_request = client.build_request(
            request.method, path[len(prefix):] or "/", params=request.url.query, headers=headers, content=await request.body()
        )
        response = await client.send(upstream_request, stream=True)
        out_headers = {k: v for k, v in response.headers.items() if k.lower() not in hop | {"content-length"}}
        await StreamingResponse(
            response.aiter_raw(), status_code=response.status_code, headers=out_headers, background=BackgroundTask(response.aclose)
        )(scope, receive, send)

    return app


# The browser -------------------------------------------------------------------------------------


def chromium_path() -> str | None:
    found = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
    return found


#: How long a browser test waits for the page (ms): answers come in well under it.
TIMEOUT = 30_000


@pytest.fixture(scope="session")
def browser():
    executable = chromium_path()
    if executable is None:
        pytest.skip("Debian's chromium is not installed (apt-get install chromium): the browser tests need it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def context(browser):
    """A fresh browser context for one test: a laptop-sized window, an English-speaking browser."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.set_default_timeout(TIMEOUT)
    yield context
    context.close()


def tab_to(page, element_id: str, presses: int = 40) -> bool:
    """Press Tab until the keyboard focus is inside `#element_id`; False if it never gets there."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.closest('#{element_id}') !== null"):
            return True
    return False


class OffHostGuard:
    """Blocks and records every request of a page (and its frames) that is not for `origin`; also
    records what the Content-Security-Policy blocked, which must be nothing on the app's own pages."""

    def __init__(self, page, origin: str, also: tuple[str, ...] = ()):
        self.allowed = {origin.rstrip("/"), *(o.rstrip("/") for o in also)}
        self.outside: list[str] = []
        self.inside: list[str] = []
        self.csp_violations: list[str] = []
        page.route("**/*", self._route)
        page.on("websocket", lambda ws: self._check(ws.url.replace("ws", "http", 1)))
        page.on("console", self._console)

    def _console(self, message) -> None:
        if "Content Security Policy" in message.text and "frame-ancestors" not in message.text:
            self.csp_violations.append(message.text)

    def _check(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "about"):
            return True
        ok = f"{parts.scheme}://{parts.netloc}" in self.allowed
        (self.inside if ok else self.outside).append(url)
        return ok

    def _route(self, route) -> None:
        if self._check(route.request.url):
            route.continue_()
        else:
            route.abort()

    def assert_clean(self) -> None:
        assert self.inside, "the page made no request at all: the guard saw nothing"
        assert not self.outside, f"the page made requests outside the serving host: {self.outside}"
        assert not self.csp_violations, f"the Content-Security-Policy blocked parts of the page: {self.csp_violations}"


@pytest.fixture(scope="session")
def off_host_guard() -> type[OffHostGuard]:
    return OffHostGuard


@pytest.fixture(scope="session")
def make_proxy():
    return reverse_proxy


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
