"""Limits that keep one client from exhausting the app: a per-client rate of questions (API and
chat) and a maximum request body size. Each answers with a clear message, never a traceback.

- `RateLimiter`: a token bucket per client (`Settings.rate_limit_per_minute`, `rate_limit_burst`).
  The client is the signed-in user when the SSO header is set (`Settings.auth_header`), else the
  client address (behind a reverse proxy: the address uvicorn takes from X-Forwarded-For, when
  the proxy is trusted, see FORWARDED_ALLOW_IPS). In memory, per app process: N replicas behind
  a load balancer allow N times the rate at most.
- `ApiRateLimit`: ASGI middleware applying it to `POST /api/ask`: 429 with Retry-After.
- `BodyLimit`: ASGI middleware refusing request bodies over `Settings.max_body_bytes` with 413,
  whether announced by Content-Length or sent in chunks.
- `CatchAll`: a bug becomes a JSON 500 without traceback (the log has it).

    >>> limiter = RateLimiter(per_minute=60, burst=20)
    >>> limiter.check("10.0.0.7")           # 0.0: allowed; else the seconds to wait
    0.0
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Mapping

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ui.asgi import app_path, send_json_error

log = logging.getLogger("lanzarote.ui")


class RateLimiter:
    def __init__(self, per_minute: int, burst: int, max_clients: int = 10_000):
        self.rate = per_minute / 60.0
        self.burst = float(max(1, burst))
        self.per_minute = per_minute
        self.max_clients = max_clients
        self._buckets: dict[str, tuple[float, float]] = {}  # client -> (tokens, when)
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return self.per_minute > 0

    def check(self, client: str) -> float:
        """Take one question from `client`'s allowance: 0.0 if allowed, else the seconds until it is."""
        if not self.enabled:
            return 0.0
        now = time.monotonic()
        with self._lock:
            tokens, when = self._buckets.get(client, (self.burst, now))
            tokens = min(self.burst, tokens + (now - when) * self.rate)
            if tokens >= 1.0:
                self._buckets[client] = (tokens - 1.0, now)
                if len(self._buckets) > self.max_clients:
                    self._forget(now)
                return 0.0
            self._buckets[client] = (tokens, now)
            return (1.0 - tokens) / self.rate

    def _forget(self, now: float) -> None:
        """Drop the clients whose allowance is full again (memory stays bounded)."""
        full = [k for k, (tokens, when) in self._buckets.items() if tokens + (now - when) * self.rate >= self.burst]
        for key in full:
            del self._buckets[key]
        if len(self._buckets) > self.max_clients:  # still too many: forget the oldest
            for key in sorted(self._buckets, key=lambda k: self._buckets[k][1])[: len(self._buckets) - self.max_clients]:
                del self._buckets[key]

    def message(self, wait: float) -> str:
        return (
            f"Too many questions from this client: the limit is {self.per_minute} per minute. "
            f"Please wait {math.ceil(wait)} s before asking again."
        )


def client_key(headers: Mapping[bytes, bytes], client: tuple[str, int] | None, auth_header: str = "") -> str:
    """Who is asking, for the rate limit: the SSO user if the app trusts a header, else the address."""
    if auth_header:
        user = headers.get(auth_header.lower().encode("latin-1"), b"").strip()
        if user:
            return "user:" + user.decode("latin-1")
    return "addr:" + (client[0] if client else "unknown")




class ApiRateLimit:
    """429 for `POST /api/ask` beyond the client's allowance (other paths pass through)."""

    def __init__(self, app: ASGIApp, limiter: RateLimiter, auth_header: str = "", paths: tuple[str, ...] = ("/api/ask",)):
        self.app = app
        self.limiter = limiter
        self.auth_header = auth_header
        self.paths = paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and self.limiter.enabled and scope.get("method") == "POST" and app_path(scope) in self.paths:
            wait = self.limiter.check(client_key(dict(scope.get("headers", [])), scope.get("client"), self.auth_header))
            if wait:
                await send_json_error(send, 429, self.limiter.message(wait), [(b"retry-after", str(math.ceil(wait)).encode())])
                return
        await self.app(scope, receive, send)


class BodyLimit:
    """413 for a request body over `max_bytes`: at once if Content-Length says so; a body sent in
    chunks without a length is read first, up to the limit (so the app never sees more), then
    handed on whole."""

    def __init__(self, app: ASGIApp, max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes

    def message(self, size: int | None = None) -> str:
        said = f" ({size} bytes)" if size is not None else ""
        return f"The request is too large{said}: the limit is {self.max_bytes} bytes. Send a shorter question and history."

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers", []))
        length = headers.get(b"content-length")
        if length is not None:
            try:
                size = int(length)
            except ValueError:
                await send_json_error(send, 400, "The Content-Length header is not a number.")
                return
            if size > self.max_bytes:
                await send_json_error(send, 413, self.message(size))
                return
            await self.app(scope, receive, send)  # the server stops the body at Content-Length
            return
        if b"chunked" not in headers.get(b"transfer-encoding", b"").lower():
            await self.app(scope, receive, send)
            return
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            if len(body) > self.max_bytes:
                await send_json_error(send, 413, self.message())
                return
            if not message.get("more_body", False):
                break
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": bytes(body), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


class CatchAll:
    """A bug anywhere below becomes a JSON 500 with a sentence for the person, inside the security
    headers' middleware (so it gets them too); the traceback goes to the log only."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracked_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracked_send)
        except Exception:
            log.exception("unexpected error on %s %s", scope.get("method"), scope.get("path"))
            if not started:
                await send_json_error(send, 500, "Something went wrong on our side. It has been logged; please try again later.")
