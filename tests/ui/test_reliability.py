"""The app through faults, against the real parts: a rebuild while it serves (no request fails, then
it switches), several app processes sharing one real Chroma server, that server stopped, frozen,
started again or wiped while the app serves, a malformed corpus file while it serves, a corrupt
index at start, and a feedback database that is locked or cannot be written."""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from tests.chroma import free_port
from tests.conftest import FIXTURES

NORWAY = "What is Norway required to do?"


# Helpers ---------------------------------------------------------------------------------------


class Hammer:
    """Clients asking NORWAY over and over, in threads, recording every response until stopped."""

    def __init__(self, urls: list[str], clients: int = 3):
        self.urls = urls
        self.results: list[tuple[float, str, int, str]] = []  # (time, url, status, body excerpt)
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._run, args=(urls[i % len(urls)],), daemon=True) for i in range(clients)]

    def _run(self, url: str) -> None:
        with httpx.Client(timeout=60) as client:
            while not self._stop.is_set():
                try:
                    response = client.post(f"{url}/api/ask", json={"question": NORWAY})
                    ok = response.status_code == 200 and "V-17" in response.json().get("recommendations", [])
                    self.results.append((time.monotonic(), url, response.status_code if ok else -response.status_code, response.text[:200]))
                except httpx.HTTPError as error:
                    self.results.append((time.monotonic(), url, 0, repr(error)))

    def __enter__(self) -> Hammer:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(120)

    def failures(self) -> list:
        return [r for r in self.results if r[2] != 200]

    def between(self, start: float, end: float) -> int:
        return sum(1 for r in self.results if start <= r[0] <= end)


def wait_for(predicate, timeout: float, what: str, every: float = 0.2):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = predicate()
        if last:
            return last
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what} (last: {last!r})")


def health(url: str) -> dict:
    try:
        response = httpx.get(f"{url}/healthz", timeout=10)
        return {**response.json(), "http": response.status_code}
    except httpx.HTTPError as error:
        return {"status": "no answer", "error": repr(error), "http": 0}


def copy_data_dir(source: Path, target: Path) -> Path:
    """A copy of the session's built index (its `current` link is relative, so the copy works alone)."""
    shutil.copytree(source / "index", target / "index", symlinks=True, ignore=shutil.ignore_patterns(".lock", ".current-*"))
    return target


def lanzarote(env: dict, *args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "assistant.cli", *args], capture_output=True, env=env, timeout=timeout, text=True)


def base_env(**extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LANZAROTE_")}
    return {**env, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "GRADIO_ANALYTICS_ENABLED": "False", **extra}


class AppProcess:
    """`lanzarote serve` in a subprocess on a loopback port."""

    def __init__(self, env: dict, log: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        with open(log, "wb") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "assistant.cli", "serve", "--port", str(self.port)],
                env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
            )

    def wait_ready(self, timeout: float = 600) -> dict:
        def ready():
            if self.process.poll() is not None:
                raise AssertionError(f"the app exited: {self.log.read_text()[-3000:]}")
            body = health(self.url)
            return body if body.get("status") == "ready" else None

        return wait_for(ready, timeout, f"{self.url} to be ready", every=0.5)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(30)


@pytest.fixture
def live_app():
    """live_app(app) -> the app served by uvicorn on loopback for this test only (stopped after)."""
    from tests.ui.conftest import LiveServer

    servers = []

    def start(app):
        servers.append(LiveServer(app).__enter__())
        return servers[-1]

    yield start
    for server in servers:
        server.__exit__(None, None, None)


# Rebuilding while serving -------------------------------------------------------------------------


def test_rebuild_by_another_process_while_serving_fails_no_request_then_switches(make_settings, data_dir, live_app, tmp_path):
    """Embedded store: `lanzarote index --rebuild` in another process while clients keep asking.
    Every question gets its answer from the old index until the new build is complete; then the
    app switches to it."""
    from ui.app import create_app
    from ui.engine import Engine

    data = copy_data_dir(data_dir, tmp_path / "data")
    settings = make_settings(data_dir=data, index_check_s=0.3)
    app = live_app(create_app(settings, Engine(settings)))
    first = wait_for(lambda: (h := health(app.url)).get("status") == "ready" and h, 300, "the app to be ready")

    with Hammer([app.url]) as hammer:
        wait_for(lambda: len(hammer.results) >= 3, 120, "the first answers")
        started = time.monotonic()
        result = lanzarote(base_env(LANZAROTE_DATA_DIR=str(data)), "index", "--rebuild")
        built = time.monotonic()
        assert result.returncode == 0, result.stderr
        switched = wait_for(lambda: (h := health(app.url)).get("build") != first["build"] and h, 60, "the switch")
        after = len(hammer.results)
        wait_for(lambda: len(hammer.results) > after + 2, 120, "answers after the switch")

    assert not hammer.failures(), hammer.failures()[:5]
    assert hammer.between(started, built) > 0, "no question was answered while the index was being rebuilt"
    assert switched["status"] == "ready" and switched["build"] != first["build"]
    assert switched["build"] == os.readlink(data / "index" / "current").split("/")[-1]


def test_app_processes_share_one_chroma_server_build_once_and_all_switch_to_a_rebuild(chroma_server, chroma_prefix, tmp_path, corpus_copy):
    """Two `lanzarote serve` processes start together on an empty Chroma server: one builds, both
    answer from that build. `lanzarote index --rebuild` in a third process while clients ask both:
    no request fails, and both switch to the new build."""
    from chromadb import HttpClient

    env = base_env(
        LANZAROTE_CHROMA_URL=chroma_server.url, LANZAROTE_CHROMA_PREFIX=chroma_prefix, LANZAROTE_CORPUS_DIR=str(corpus_copy),
        LANZAROTE_INDEX_CHECK_S="0.5", LANZAROTE_RATE_LIMIT_PER_MINUTE="0",
    )
    apps = [AppProcess({**env, "LANZAROTE_DATA_DIR": str(tmp_path / f"app{i}")}, tmp_path / f"app{i}.log") for i in range(2)]
    try:
        first = [app.wait_ready() for app in apps]
        builds = sorted(c.name for c in HttpClient(host="127.0.0.1", port=chroma_server.port).list_collections() if c.name.startswith(f"{chroma_prefix}-b-"))
        assert len(builds) == 1, f"the apps built more than once: {builds}"
        assert first[0]["build"] == first[1]["build"] == builds[0]

        with Hammer([app.url for app in apps], clients=4) as hammer:
            wait_for(lambda: len({r[1] for r in hammer.results}) == 2, 120, "answers from both apps")
            started = time.monotonic()
            result = lanzarote({**env, "LANZAROTE_DATA_DIR": str(tmp_path / "cli")}, "index", "--rebuild")
            built = time.monotonic()
            assert result.returncode == 0, result.stderr
            for app in apps:
                wait_for(lambda app=app: health(app.url).get("build") not in (None, first[0]["build"]), 60, f"{app.url} to switch")
            count = len(hammer.results)
            wait_for(lambda: len(hammer.results) > count + 4, 120, "answers after the switch")
        assert not hammer.failures(), hammer.failures()[:5]
        assert hammer.between(started, built) > 0
        now = [health(app.url)["build"] for app in apps]
        assert now[0] == now[1] != first[0]["build"]
    finally:
        for app in apps:
            app.stop()
    for app in apps:  # hundreds of questions asked, none of them in the app's output (logging is off by default)
        assert "Norway" not in app.log.read_text()


# The Chroma server fails -------------------------------------------------------------------------


@pytest.fixture
def server_app(chroma_process, make_settings, chroma_prefix, tmp_path, live_app):
    """An app on a Chroma server of this test's own, ready; returns (app, chroma, engine)."""
    from ui.app import create_app
    from ui.engine import Engine

    chroma = chroma_process()
    settings = make_settings(
        data_dir=tmp_path / "data", chroma_url=chroma.url, chroma_prefix=chroma_prefix, chroma_timeout_s=1.5, index_check_s=0.5
    )
    engine = Engine(settings)
    app = live_app(create_app(settings, engine))
    wait_for(lambda: health(app.url).get("status") == "ready", 300, "the app to be ready")
    return app, chroma, engine


def ask(url: str, question: str = NORWAY, timeout: float = 60) -> tuple[int, dict, float]:
    started = time.monotonic()
    response = httpx.post(f"{url}/api/ask", json={"question": question}, timeout=timeout)
    return response.status_code, response.json(), time.monotonic() - started


def test_chroma_server_down_then_back(server_app, caplog):
    """Stopped: /healthz says unavailable, questions get a clear 503 at once. Started again (same
    data): ready again by itself. Frozen (SIGSTOP, it accepts connections and never answers): the
    time-out turns it into the same clear 503, and it recovers when it runs again."""
    app, chroma, engine = server_app
    status, body, _ = ask(app.url)
    assert status == 200 and "V-17" in body["recommendations"]

    chroma.stop()
    down = wait_for(lambda: (h := health(app.url))["http"] == 503 and h, 15, "/healthz to say unavailable")
    assert down["status"] == "unavailable" and "cannot be reached" in down["message"]
    status, body, took = ask(app.url)
    assert status == 503 and body == {"error": "The assistant cannot reach its search index right now. Please try again in a minute."}
    assert took < 5, f"a known-down server must be refused at once, not waited for ({took:.1f} s)"

    chroma.start()
    wait_for(lambda: health(app.url).get("status") == "ready", 30, "recovery once the server is back")
    status, body, _ = ask(app.url)
    assert status == 200 and "V-17" in body["recommendations"]

    chroma.pause()
    try:
        statuses = []
        started = time.monotonic()
        for _ in range(3):
            statuses.append(ask(app.url)[0])
        assert statuses[0] == 503 and set(statuses) == {503}, statuses
        assert time.monotonic() - started < 30, "a frozen server must not hang the questions"
        assert health(app.url)["http"] == 503
    finally:
        chroma.resume()
    wait_for(lambda: health(app.url).get("status") == "ready", 30, "recovery once the server runs again")
    assert ask(app.url)[0] == 200
    assert "Traceback" not in caplog.text


def test_chroma_server_that_lost_its_data_gets_the_index_rebuilt(server_app):
    app, chroma, engine = server_app
    before = health(app.url)["build"]
    chroma.stop()
    shutil.rmtree(chroma.path)
    chroma.start()  # same port, empty
    wait_for(lambda: (h := health(app.url)).get("status") == "ready" and h.get("build") != before and h, 300, "a rebuilt index")
    status, body, _ = ask(app.url)
    assert status == 200 and "V-17" in body["recommendations"]


def test_app_started_while_the_chroma_server_is_down_becomes_ready_when_it_starts(chroma_process, make_settings, chroma_prefix, tmp_path, live_app):
    from ui.app import create_app
    from ui.engine import Engine

    chroma = chroma_process()
    chroma.stop()
    settings = make_settings(data_dir=tmp_path / "data", chroma_url=chroma.url, chroma_prefix=chroma_prefix, chroma_timeout_s=1.5)
    app = live_app(create_app(settings, Engine(settings)))
    down = wait_for(lambda: (h := health(app.url)).get("status") == "unavailable" and h, 60, "unavailable")
    assert down["http"] == 503
    status, body, _ = ask(app.url)
    assert status == 503 and "cannot reach its search index" in body["error"]
    chroma.start()
    wait_for(lambda: health(app.url).get("status") == "ready", 300, "ready once the server is up")
    assert ask(app.url)[0] == 200


# The corpus and the index ---------------------------------------------------------------------------


def test_malformed_corpus_file_while_serving_names_file_and_line_and_the_last_good_index_answers(make_settings, data_dir, corpus_copy, live_app, tmp_path):
    from ui.app import create_app
    from ui.engine import Engine

    data = copy_data_dir(data_dir, tmp_path / "data")
    settings = make_settings(data_dir=data, corpus_dir=corpus_copy, index_check_s=0.3)
    app = live_app(create_app(settings, Engine(settings)))
    first = wait_for(lambda: (h := health(app.url)).get("status") == "ready" and h, 300, "ready")

    broken = corpus_copy / "missing-footnote.md"
    shutil.copy(FIXTURES / "malformed" / "missing-footnote.md", broken)
    warned = wait_for(lambda: (h := health(app.url)).get("warning") and h, 60, "a warning on /healthz")
    assert f"{broken}:40" in warned["warning"] and "last good index" in warned["warning"]
    assert warned["http"] == 200 and warned["build"] == first["build"]
    status, body, _ = ask(app.url)
    assert status == 200 and "V-17" in body["recommendations"]

    # The CLI says the same and leaves the index alone.
    result = lanzarote(base_env(LANZAROTE_DATA_DIR=str(data), LANZAROTE_CORPUS_DIR=str(corpus_copy)), "index")
    assert result.returncode == 2 and f"{broken}:40" in result.stderr and "unchanged" in result.stderr
    assert health(app.url)["build"] == first["build"]

    broken.unlink()  # fixed: the same corpus as the index's, so no rebuild is needed
    cleared = wait_for(lambda: (h := health(app.url)).get("status") == "ready" and not h.get("warning") and h, 60, "the warning to go")
    assert cleared["build"] == first["build"]


def test_changed_corpus_while_serving_is_reindexed_in_the_background(make_settings, data_dir, corpus_copy, live_app, tmp_path):
    from ui.app import create_app
    from ui.engine import Engine

    data = copy_data_dir(data_dir, tmp_path / "data")
    settings = make_settings(data_dir=data, corpus_dir=corpus_copy, index_check_s=0.3)
    app = live_app(create_app(settings, Engine(settings)))
    first = wait_for(lambda: (h := health(app.url)).get("status") == "ready" and h, 300, "ready")
    document = next(corpus_copy.glob("*.md"))
    with Hammer([app.url], clients=2) as hammer:
        document.write_text(document.read_text().replace("306", "307"))
        rebuilt = wait_for(lambda: (h := health(app.url)).get("index") != first["index"] and h, 300, "the new index")
        count = len(hammer.results)
        wait_for(lambda: len(hammer.results) > count + 2, 120, "answers after the switch")
    assert not hammer.failures(), hammer.failures()[:5]
    assert rebuilt["status"] == "ready" and rebuilt["build"] != first["build"]


def test_corrupt_index_at_start_is_reported_and_rebuilt(make_settings, data_dir, tmp_path, caplog):
    from fastapi.testclient import TestClient

    from ui.app import create_app
    from ui.engine import Engine

    data = copy_data_dir(data_dir, tmp_path / "data")
    current = (data / "index" / "current").resolve()
    (current / "manifest.json").write_text("{not json")
    settings = make_settings(data_dir=data)
    seen: list[str] = []
    engine = Engine(settings, on_progress=lambda s: seen.append(s.message))
    with caplog.at_level(logging.INFO), TestClient(create_app(settings, engine)) as client:
        body = wait_for(lambda: (h := client.get("/healthz").json())["status"] != "loading" and h, 300, "the rebuild")
        assert body["status"] == "ready" and body["build"] != current.name
        assert any("corrupt" in m and "manifest" in m for m in seen), seen
        assert client.post("/api/ask", json={"question": NORWAY}).status_code == 200


# Feedback database --------------------------------------------------------------------------------


def _answered_view(engine, settings, feedback_path):
    from ui.chat import ChatView
    from ui.feedback import FeedbackStore

    view = ChatView(engine, FeedbackStore(feedback_path, app_version="test", timeout=0.5), settings)
    *_, last = view.respond(NORWAY, [])
    turns = last[2]
    assert turns[0]["answer"] and "V-17" in turns[0]["answer"]["recommendations"], "the answer must come whatever the feedback store"
    return view, turns


class _Like:
    def __init__(self, index: int, liked):
        self.index, self.liked = index, liked


@pytest.mark.parametrize("fault", ["locked", "not a database", "a folder in the way"])
def test_feedback_database_failure_still_answers_and_is_logged_and_shown(engine, make_settings, tmp_path, caplog, fault):
    path = tmp_path / "feedback.sqlite3"
    holder = None
    if fault == "locked":
        holder = sqlite3.connect(path)
        holder.execute("CREATE TABLE x (y)")
        holder.execute("BEGIN EXCLUSIVE")
    elif fault == "not a database":
        path.write_bytes(b"this is not SQLite" * 100)
    else:
        path.mkdir()
    try:
        view, turns = _answered_view(engine, make_settings(), path)
        with caplog.at_level(logging.ERROR, logger="lanzarote.ui"):
            started = time.monotonic()
            result = view.vote(turns, _Like(1, False))
        assert time.monotonic() - started < 10
        notice = result[-1]
        assert "could not be saved" in notice and "answer itself is not affected" in notice
        assert any("feedback not stored" in r.getMessage() for r in caplog.records)
    finally:
        if holder is not None:
            holder.rollback()
            holder.close()
    if fault == "locked":  # once the lock is gone, the same store works again
        result = view.vote(turns, _Like(1, True))
        assert "Thank you" in result[-1]
