"""The web app's handle on the assistant: it loads (and on first start builds) the index in the
background, so that the app serves at once, shows the build's progress and answers once ready.

The corpus is parsed up front (it takes milliseconds and a malformed factsheet should stop the app
before it serves anything); once the index is loaded, the corpus is the assistant's own, so the
Recommendations tab and the answer path read the very same records.

    >>> engine = Engine(Settings())
    >>> engine.start()                  # returns at once; loads in a thread
    >>> engine.wait(60)
    True
    >>> engine.ask("What is Norway required to do?").recommendations
    ['V-17']
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

from assistant.errors import NotReady
from assistant.records import Answer
from assistant.settings import Settings
from corpus.collection import Corpus

log = logging.getLogger("lanzarote.ui")

State = Literal["loading", "ready", "failed"]


@dataclass(frozen=True)
class Status:
    state: State
    message: str
    done: int = 0
    total: int = 0
    fingerprint: str = ""

    @property
    def ready(self) -> bool:
        return self.state == "ready"

    def to_dict(self) -> dict:
        data = {"status": self.state, "message": self.message}
        if self.state == "loading" and self.total:
            data["progress"] = {"done": self.done, "total": self.total}
        if self.fingerprint:
            data["index"] = self.fingerprint[:12]
        return data


class Engine:
    def __init__(self, settings: Settings, assistant=None, on_progress: Callable[[Status], None] | None = None):
        """`assistant`: an already loaded `Assistant` (e.g. shared between several apps in one process)."""
        self.settings = settings
        self.on_progress = on_progress
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self.assistant = assistant
        if assistant is not None:
            self.corpus: Corpus = assistant.corpus
            self._status = Status("ready", "ready", fingerprint=assistant.index.manifest.fingerprint)
        else:
            self.corpus = Corpus.load(settings.corpus_dir)
            self._status = Status("loading", "Loading the index…")

    # Loading -------------------------------------------------------------------------------------

    def start(self) -> Engine:
        """Load the assistant in a background thread (no-op if it is loaded or loading)."""
        with self._lock:
            if self.assistant is not None or self._thread is not None:
                return self
            self._set(Status("loading", "Loading the index…"))
            self._thread = threading.Thread(target=self._load, name="lanzarote-index", daemon=True)
            self._thread.start()
        return self

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

    def _load(self) -> None:
        from assistant.assistant import Assistant

        def progress(done: int, total: int, message: str) -> None:
            self._set(Status("loading", f"Building the index: {message}", done, total))

        def rebuilding(why: str) -> None:
            self._set(Status("loading", f"Building the index ({why})…"))

        started = time.monotonic()
        try:
            assistant = Assistant.load(self.settings, progress=progress, on_rebuild=rebuilding)
        except Exception as error:  # shown on /healthz and in the chat; the traceback goes to the log only
            log.exception("loading the assistant failed")
            self._set(Status("failed", f"The index could not be loaded: {error}"))
            return
        self.assistant = assistant
        self.corpus = assistant.corpus
        self._set(Status("ready", f"ready in {time.monotonic() - started:.1f} s", fingerprint=assistant.index.manifest.fingerprint))

    # Serving -------------------------------------------------------------------------------------

    @property
    def status(self) -> Status:
        return self._status

    def ask(self, question: str, history: Iterable | None = None) -> Answer:
        """`Assistant.ask`, or `NotReady` (with a message for the person) while the index loads."""
        assistant = self.assistant
        if assistant is None:
            status = self._status
            if status.state == "failed":
                raise NotReady(f"The assistant is not available: {status.message}")
            progress = f" ({status.done} of {status.total})" if status.total else ""
            raise NotReady(f"The assistant is still preparing its index{progress}. Please try again in a moment.")
        return assistant.ask(question, history)
