"""`lanzarote serve`: the web app under uvicorn. It listens at once; the index loads (and on first
start is built) in the background, its progress printed here and shown in the page, and
`/healthz` turns ready when it is done.

Questions are not logged: uvicorn's access log is off (the subject is sensitive), and the app
logs a question only when `LANZAROTE_LOG_QUESTIONS` is on.
"""

from __future__ import annotations

import logging
import sys

import uvicorn

from assistant.settings import Settings
from ui.engine import Engine, Status

log = logging.getLogger("lanzarote.ui")


class ProgressPrinter:
    """Index loading progress as a few lines on standard error (not one per batch)."""

    def __init__(self, out=sys.stderr):
        self.out = out
        self._last = ("", -1)

    def __call__(self, status: Status) -> None:
        tenth = (10 * status.done // status.total) if status.total else -1
        key = (status.message.split(":")[0], tenth)
        if key == self._last and status.state == "loading":
            return
        self._last = key
        if status.state == "loading":
            progress = f" ({status.done}/{status.total})" if status.total else ""
            print(f"lanzarote: {status.message}{progress}", file=self.out, flush=True)
        elif status.state == "ready":
            print(f"lanzarote: the assistant is ready ({status.message}).", file=self.out, flush=True)
        else:
            print(f"lanzarote: {status.message}", file=self.out, flush=True)


def public_url(settings: Settings) -> str:
    if settings.root_path.startswith(("http://", "https://")):
        return settings.root_path + "/"
    host = "127.0.0.1" if settings.host in ("0.0.0.0", "::") else settings.host
    return f"http://{host}:{settings.port}{settings.root_path}/"


def serve(settings: Settings) -> None:
    from ui.app import create_app

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    log.setLevel(logging.INFO)
    engine = Engine(settings, on_progress=ProgressPrinter())
    app = create_app(settings, engine)
    url = public_url(settings)
    print(
        f"lanzarote: serving the chat on {url} (compact view for iframes: {url}embed/, API docs: {url}docs)",
        file=sys.stderr,
        flush=True,
    )
    uvicorn.run(app, host=settings.host, port=settings.port, access_log=False, log_level="warning", proxy_headers=True)
