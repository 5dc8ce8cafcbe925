"""The web app's handle on the assistant: it loads (and on first start builds) the index in the
background, so that the app serves at once, shows the build's progress and answers once ready;
then it keeps watching, so that the app keeps answering through changes and faults:

- a new build made elsewhere (`lanzarote index --rebuild`, another app process sharing the Chroma
  server) is opened in the background and swapped in when it is complete; requests in flight
  finish on the old one, so none fails;
- a changed corpus is re-indexed in the background while the old index answers; a malformed
  corpus file is reported (file and line, on /healthz and in the log) and the last good index
  keeps answering;
- a Chroma server that stops answering makes the app "unavailable" (/healthz 503, questions get a
  clear 503 at once instead of waiting for time-outs); the watcher checks the server every
  `RETRY_S` and the app is ready again as soon as it answers; an index lost by the server is
  rebuilt.

The corpus is parsed up front (it takes milliseconds and a malformed factsheet should stop the app
before it serves anything); once the index is loaded, the corpus is the assistant's own, so the
Recommendations tab and the answer path read the very same records.

    >>> engine = Engine(Settings())
    >>> engine.start()                  # returns at once; loads in a thread, then watches
    >>> engine.wait(60)
    True
    >>> engine.ask("What is Norway required to do?").recommendations
    ['V-17']
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from assistant.errors import NotReady
from assistant.records import Answer
from assistant.settings import Settings
from corpus.collection import Corpus
from corpus.parser import MalformedDocument
from index.backends import ChromaUnreachable, ServerIndexStore
from index.store import IndexUnavailable

if TYPE_CHECKING:
    from assistant.assistant import Assistant

log = logging.getLogger("lanzarote.ui")

State = Literal["loading", "ready", "failed", "unavailable"]

#: How often, in seconds, a failed load is retried and a Chroma server that is down is checked.
RETRY_S = 2.0
#: /healthz checks the Chroma server at most this often, in seconds (a load balancer may poll it hard).
HEALTH_CACHE_S = 1.0

UNREACHABLE = "The assistant cannot reach its search index right now. Please try again in a minute."


@dataclass(frozen=True)
class Status:
    state: State
    message: str
    done: int = 0
    total: int = 0
    fingerprint: str = ""
    build: str = ""
    warning: str = ""

    @property
    def ready(self) -> bool:
        return self.state == "ready"

    def to_dict(self) -> dict:
        data = {"status": self.state, "message": self.message}
        if self.total and self.done < self.total:
            data["progress"] = {"done": self.done, "total": self.total}
        if self.fingerprint:
            data["index"] = self.fingerprint[:12]
        if self.build:
            data["build"] = self.build
        if self.warning:
            data["warning"] = self.warning
        return data


def build_id(index) -> str:
    """The name of the build an index was opened from (what the store's `current_id()` returns)."""
    return getattr(index, "build", None) or Path(index.path).name


def corpus_signature(folder: Path) -> tuple:
    """Names, sizes and modification times of every file in the corpus folder: cheap to poll,
    and it changes whenever a file is added, removed or written."""
    entries = []
    for root, _, files in os.walk(folder):
        for name in files:
            try:
                info = os.stat(os.path.join(root, name))
            except OSError:
                continue
            entries.append((os.path.relpath(os.path.join(root, name), folder), info.st_size, info.st_mtime_ns))
    return tuple(sorted(entries))


class Engine:
    def __init__(self, settings: Settings, assistant=None, on_progress: Callable[[Status], None] | None = None, store=None):
        """`assistant`: an already loaded `Assistant` (e.g. shared between several apps in one process).
        `store`: the index store to watch (made from `settings` when the engine loads by itself;
        with a given `assistant` and no store, nothing is watched)."""
        self.settings = settings
        self.on_progress = on_progress
        self.store = store
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._down = False
        self._probe_lock = threading.Lock()
        self._last_probe = 0.0
        self._signature: tuple | None = None
        self._build = ""
        self._ignored: str | None = None  # a current build that does not match this corpus
        self._broken = False  # the build in use failed while answering
        self.warning = ""
        self.assistant = assistant
        if assistant is not None:
            self.corpus: Corpus = assistant.corpus
            self._build = build_id(assistant.index)
            self._signature = corpus_signature(settings.corpus_dir)
            self._status = self._ready_status("ready")
        else:
            self.corpus = Corpus.load(settings.corpus_dir)
            self._status = Status("loading", "Loading the index…")

    @property
    def server_mode(self) -> bool:
        return isinstance(self.store, ServerIndexStore) if self.store is not None else bool(self.settings.chroma_url)

    # Loading -------------------------------------------------------------------------------------

    def start(self) -> Engine:
        """Load the assistant in a background thread, then watch (no-op if already started)."""
        with self._lock:
            if self._thread is not None:
                return self
            if self.assistant is not None and self.store is None:
                return self  # nothing to load and nothing to watch
            if self.assistant is None:
                self._set(Status("loading", "Loading the index…"))
            self._thread = threading.Thread(target=self._run, name="lanzarote-index", daemon=True)
            self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()

    def load(self) -> Engine:
        """Load in the calling thread (for scripts and tests)."""
        if self.assistant is None:
            self._load()
        return self

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until loading ends; True if the assistant is ready."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while self._status.state == "loading":
            if deadline is not None and time.monotonic() > deadline:
                break
            time.sleep(0.05)
        return self._status.ready

    def _set(self, status: Status) -> None:
        self._status = status
        if self.on_progress:
            self.on_progress(status)

    def _ready_status(self, message: str) -> Status:
        assistant = self.assistant
        return Status("ready", message, fingerprint=assistant.index.manifest.fingerprint, build=self._build, warning=self.warning)

    def _make_store(self):
        if self.store is None:
            from index.backends import open_store
            from index.embeddings import load_embeddings

            self.store = open_store(self.settings, load_embeddings(self.settings.embedding_model))
        return self.store

    def _load(self) -> None:
        from assistant.assistant import Assistant

        def progress(done: int, total: int, message: str) -> None:
            self._set(Status("loading", f"Building the index: {message}", done, total))

        def rebuilding(why: str) -> None:
            self._set(Status("loading", f"Building the index ({why})…"))

        started = time.monotonic()
        signature = corpus_signature(self.settings.corpus_dir)
        try:
            store = self._make_store()
            assistant = Assistant.load(self.settings, progress=progress, on_rebuild=rebuilding, store=store)
        except ChromaUnreachable as error:  # not a bug: no traceback; the watcher retries
            log.warning("the index cannot be loaded: %s", error)
            self._down = True
            self._set(Status("unavailable", f"The index server cannot be reached ({error}); retrying every {RETRY_S:.0f} s."))
            return
        except Exception as error:  # shown on /healthz and in the chat; the traceback goes to the log only
            if isinstance(error, MalformedDocument):
                log.error("the corpus has errors:\n%s", error)
            else:
                log.exception("loading the assistant failed")
            self._signature = signature
            self._set(Status("failed", f"The index could not be loaded: {error}"))
            return
        self._down = False
        self._signature = signature
        self._install(assistant)
        self._set(self._ready_status(f"ready in {time.monotonic() - started:.1f} s"))

    def _install(self, assistant) -> None:
        """Swap in a new assistant: one reference assignment; requests in flight keep the old one."""
        self._build = build_id(assistant.index)
        self._ignored = None
        self._broken = False
        self.assistant = assistant
        self.corpus = assistant.corpus

    # Watching ------------------------------------------------------------------------------------

    def _run(self) -> None:
        if self.assistant is None:
            self._load()
        while not self._stop.is_set():
            quick = self.assistant is None or self._down
            interval = self.settings.index_check_s
            self._wake.wait(RETRY_S if quick or not interval else interval)
            self._wake.clear()
            if self._stop.is_set():
                break
            try:
                self.check()
            except Exception:  # the watcher must survive anything; the log has it
                log.exception("checking the index failed")

    def check(self) -> None:
        """One round of watching (the background thread calls it; tests may call it directly)."""
        if self.store is None and self.assistant is not None:
            return
        if self.server_mode and not self.probe():
            return
        if self.assistant is None:
            if self._status.state == "failed" and corpus_signature(self.settings.corpus_dir) == self._signature:
                return  # the same corpus that failed: wait until it changes
            self._load()
            return
        if not self.settings.index_check_s and not self._broken:
            return
        store = self.store
        try:
            current = store.current_id()
        except ChromaUnreachable as error:
            self._mark_down(error)
            return
        if current is None:  # the store has no index any more (e.g. a Chroma server that lost its data)
            self.rebuild("there is no current index in the store", usable=False)
            return
        if self._broken:  # the build in use failed while answering (e.g. the server lost it)
            self._broken = False
            if current in (self._build, self._ignored):
                self.rebuild("the index in use became unavailable", usable=False)
                return
        if current != self._build and current != self._ignored:
            self._switch_to(current)
            return
        signature = corpus_signature(self.settings.corpus_dir)
        if signature != self._signature:
            self._signature = signature
            if store.expected_fingerprint() != self.assistant.index.manifest.fingerprint:
                self.rebuild("the corpus changed")
            elif self.warning:
                self.warning = ""
                self._set(self._ready_status("ready"))

    def _switch_to(self, current: str) -> None:
        """Another process changed the current build (or it went): open it, or rebuild."""

        try:
            corpus = Corpus.load(self.settings.corpus_dir, cache=self.settings.parse_cache_dir)
            index = self.store.open(corpus)
        except ChromaUnreachable as error:
            self._mark_down(error)
            return
        except (MalformedDocument, FileNotFoundError) as error:
            self.warning = f"The corpus has errors; still answering from the last good index. {error}"
            log.error("the corpus has errors; the last good index keeps answering:\n%s", error)
            return
        except IndexUnavailable as error:
            if error.status == "stale" and not self._broken:
                # Built from another corpus or model (e.g. by a replica of another version during a
                # rolling update): keep answering from ours rather than fight over the pointer.
                if self._ignored != current:
                    log.warning("the current build %s does not match this corpus (%s); still answering from %s", current, error, self._build)
                    self._ignored = current
                return
            self.rebuild(str(error))
            return
        started = time.monotonic()
        self._install(self._successor(corpus, index))
        log.info("switched to the index build %s", self._build)
        self._set(self._ready_status(f"switched to a new index in {time.monotonic() - started:.1f} s"))

    def _successor(self, corpus: Corpus, index) -> Assistant:
        """An assistant on the new index: from the one in use when there is one (its language model
        and safety examples are reused: a local model loads once)."""
        from assistant.assistant import Assistant

        return self.assistant.with_index(corpus, index) if self.assistant is not None else Assistant(self.settings, corpus, index)

    def rebuild(self, why: str = "asked to", usable: bool = True) -> bool:
        """Build a new index in this thread while the current one keeps answering, then switch.
        False (and a warning on /healthz) if the corpus is malformed: the last good index stays.
        `usable=False`: the index in use is lost, so /healthz says "loading" until the new one is there."""

        log.info("rebuilding the index: %s", why)
        try:
            corpus = Corpus.load(self.settings.corpus_dir, cache=self.settings.parse_cache_dir)  # a malformed file stops here
        except (MalformedDocument, FileNotFoundError) as error:
            self.warning = f"The corpus has errors; still answering from the last good index. {error}"
            log.error("the corpus has errors; the last good index keeps answering:\n%s", error)
            if self.assistant is not None:
                self._set(self._ready_status("ready"))
            return False

        def progress(done: int, total: int, message: str) -> None:
            if self.assistant is not None and usable:
                self._set(replace(self._ready_status(f"rebuilding the index in the background: {message}"), done=done, total=total))
            else:
                self._set(Status("loading", f"Building the index ({why}): {message}", done, total, build=self._build))

        if not usable:
            self._set(Status("loading", f"Building the index ({why})…", build=self._build))

        try:
            index = self.store.ensure(progress=progress, corpus=corpus)
        except ChromaUnreachable as error:
            self._mark_down(error)
            return False
        except MalformedDocument as error:  # the corpus changed again while building
            self.warning = f"The corpus has errors; still answering from the last good index. {error}"
            log.error("the corpus has errors; the last good index keeps answering:\n%s", error)
            return False
        self.warning = ""
        self._install(self._successor(corpus, index))
        self._set(self._ready_status("ready (index rebuilt)"))
        return True

    # The Chroma server's health ------------------------------------------------------------------

    def probe(self) -> bool:
        """Is the Chroma server answering? (always True in embedded mode). Updates the status."""
        store = self.store
        if not isinstance(store, ServerIndexStore):
            return True
        try:
            store.server.heartbeat()
        except ChromaUnreachable as error:
            self._mark_down(error)
            return False
        finally:
            self._last_probe = time.monotonic()
        self._mark_up()
        return True

    def _mark_down(self, error: Exception) -> None:
        if not self._down:
            log.warning("the index server is unavailable: %s", error)
        self._down = True
        self._set(Status("unavailable", f"The index server cannot be reached: {error}", build=self._build))
        self._wake.set()

    def _mark_up(self) -> None:
        if self._down:
            self._down = False
            log.warning("the index server answers again")
            if self.assistant is not None:
                self._set(self._ready_status("ready (the index server is back)"))

    # Serving -------------------------------------------------------------------------------------

    @property
    def status(self) -> Status:
        return self._status

    def health(self) -> Status:
        """The status, with the Chroma server checked if the last check is older than HEALTH_CACHE_S."""
        if isinstance(self.store, ServerIndexStore) and time.monotonic() - self._last_probe > HEALTH_CACHE_S:
            if self._probe_lock.acquire(blocking=False):  # one check at a time; others read the last verdict
                try:
                    self.probe()
                finally:
                    self._probe_lock.release()
        return self._status

    def ask(
        self, question: str, history: Iterable | None = None, *, documents: Iterable[str] | None = None, theme: str | None = None
    ) -> Answer:
        """`Assistant.ask` (limited to `documents` or `theme` if given), or `NotReady` (with a
        message for the person) while the index loads or its server cannot be reached."""
        assistant = self._serving(question)
        with self._answering():
            return assistant.ask(question, history, documents=documents, theme=theme)

    def stream(
        self, question: str, history: Iterable | None = None, *, documents: Iterable[str] | None = None, theme: str | None = None
    ) -> Iterator[str | Answer]:
        """`Assistant.stream`: checked text pieces as the language model writes them, then the
        verified `Answer`. `NotReady` and `InvalidQuestion` are raised here, before the first item;
        an index fault while the answer is being made is raised, as `NotReady`, by the iteration."""
        assistant = self._serving(question)
        with self._answering():
            items = assistant.stream(question, history, documents=documents, theme=theme)
        return self._guarded(items)

    def _guarded(self, items: Iterator[str | Answer]) -> Iterator[str | Answer]:
        with self._answering():
            yield from items

    def _serving(self, question: object):
        """The assistant to answer with, or `NotReady` saying why there is none (shared by `ask` and `stream`)."""
        if self.settings.log_questions:
            log.info("question: %r", question if isinstance(question, str) else type(question).__name__)
        assistant = self.assistant
        if assistant is None:
            status = self._status
            if status.state == "failed":
                raise NotReady(f"The assistant is not available: {status.message}")
            if status.state == "unavailable":
                raise NotReady(UNREACHABLE)
            progress = f" ({status.done} of {status.total})" if status.total else ""
            raise NotReady(f"The assistant is still preparing its index{progress}. Please try again in a moment.")
        if self._down:
            raise NotReady(UNREACHABLE)
        return assistant

    @contextmanager
    def _answering(self) -> Iterator[None]:
        """Index faults while answering, as `NotReady` for the person; the watcher is told."""
        try:
            yield
        except ChromaUnreachable as error:
            self._mark_down(error)
            raise NotReady(UNREACHABLE) from None
        except IndexUnavailable as error:  # e.g. the server lost the collection: the watcher rebuilds
            log.warning("the index became unavailable while answering: %s", error)
            self._broken = True
            self._wake.set()
            raise NotReady("The assistant's index is being rebuilt. Please try again in a minute.") from None
