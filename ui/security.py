"""HTTP-level protections of the web app, as plain ASGI middleware (so that streamed responses pass
through untouched):

- `SecurityHeaders`: who may frame the app (CSP `frame-ancestors`, from `Settings.frame_ancestors`),
  no MIME sniffing, no referrer sent to other sites.
- `AccessControl`: optional, off by default. A trusted header set by the intranet's SSO proxy
  (`Settings.auth_header`) and/or HTTP basic auth (`Settings.basic_auth_users`, PBKDF2 hashes).

    >>> app = SecurityHeaders(AccessControl(app, header="X-Remote-User", users={}), frame_ancestors=["https://intranet.example.org"])
    >>> hash_password("s3cret")       # for LANZAROTE_BASIC_AUTH_USERS
    'pbkdf2_sha256$600000$...'
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import secrets
from collections.abc import Mapping, Sequence

from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Paths that stay reachable without credentials: the load balancer's health check.
PUBLIC_PATHS = ("/healthz",)

_ALGORITHM = "pbkdf2_sha256"
_ITERATIONS = 600_000


# Headers -------------------------------------------------------------------------------------------


def frame_ancestors_policy(origins: Sequence[str]) -> str:
    """The CSP directive: the app's own origin, plus the listed ones."""
    return "frame-ancestors " + " ".join(["'self'", *origins])


class SecurityHeaders:
    def __init__(self, app: ASGIApp, frame_ancestors: Sequence[str] = ()):
        self.app = app
        self.headers = [
            (b"content-security-policy", frame_ancestors_policy(frame_ancestors).encode("latin-1")),
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"same-origin"),
        ]
        self._names = {name for name, _ in self.headers} | {b"x-frame-options"}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in self._names]
                message = {**message, "headers": kept + self.headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


# Access control ----------------------------------------------------------------------------------


def hash_password(password: str, iterations: int = _ITERATIONS) -> str:
    """A PBKDF2-SHA256 hash to put in `LANZAROTE_BASIC_AUTH_USERS` instead of the password."""
    salt = secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, iterations)
    return f"{_ALGORITHM}${iterations}${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"


def check_password_hash(stored: str) -> None:
    """Raise ValueError unless `stored` is a hash that `hash_password` made."""
    parts = stored.split("$")
    if len(parts) != 4 or parts[0] != _ALGORITHM or not parts[1].isdigit():
        raise ValueError("basic auth passwords must be stored as hashes: run `lanzarote hash-password`")
    try:
        base64.b64decode(parts[2], validate=True), base64.b64decode(parts[3], validate=True)
    except binascii.Error:
        raise ValueError("a basic auth password hash is damaged: run `lanzarote hash-password` again") from None


# Verdicts of past checks, keyed by the stored hash and a SHA-256 of hash and password (never the
# password itself), so that the many requests of one page cost one PBKDF2 run, not one each.
_checked: dict[tuple[str, bytes], bool] = {}


def verify_password(password: str, stored: str) -> bool:
    key = (stored, hashlib.sha256(stored.encode() + b"\0" + password.encode()).digest())
    verdict = _checked.get(key)
    if verdict is None:
        _, iterations, salt, digest = stored.split("$")
        candidate = hashlib.pbkdf2_hmac("sha256", password.encode(), base64.b64decode(salt), int(iterations))
        verdict = hmac.compare_digest(candidate, base64.b64decode(digest))
        if len(_checked) > 1024:
            _checked.clear()
        _checked[key] = verdict
    return verdict


class AccessControl:
    """Let a request through if the trusted SSO header is present, or if its basic auth credentials
    match; otherwise answer 401 (basic auth on: the browser asks for a login) or 403.

    The trusted header is safe only behind a proxy that sets it and strips any copy that a client
    sends: the app cannot tell the two apart."""

    def __init__(self, app: ASGIApp, header: str = "", users: Mapping[str, str] | None = None, realm: str = "Lanzarote Assistant"):
        self.app = app
        self.header = header.lower().encode("latin-1")
        self.users = dict(users or {})
        for stored in self.users.values():
            check_password_hash(stored)
        self.realm = realm

    @property
    def enabled(self) -> bool:
        return bool(self.header or self.users)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket") or not self.enabled or self._path(scope) in PUBLIC_PATHS:
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers", []))
        if self.header and headers.get(self.header, b"").strip():
            await self.app(scope, receive, send)
            return
        if self.users and self._basic_ok(headers.get(b"authorization", b"")):
            await self.app(scope, receive, send)
            return
        await self._deny(scope, send)

    @staticmethod
    def _path(scope: Scope) -> str:
        root = scope.get("root_path", "")
        path = scope.get("path", "")
        return path[len(root):] if root and path.startswith(root) else path

    def _basic_ok(self, authorization: bytes) -> bool:
        scheme, _, token = authorization.decode("latin-1").partition(" ")
        if scheme.lower() != "basic":
            return False
        try:
            user, _, password = base64.b64decode(token.strip(), validate=True).decode("utf-8").partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return False
        stored = self.users.get(user)
        return stored is not None and verify_password(password, stored)

    async def _deny(self, scope: Scope, send: Send) -> None:
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})
            return
        if self.users:
            status, message = 401, "Sign in to use the Lanzarote Assistant."
            extra = [(b"www-authenticate", f'Basic realm="{self.realm}", charset="UTF-8"'.encode())]
        else:
            status, message = 403, "The Lanzarote Assistant is only available through the intranet's sign-in."
            extra = []
        body = json.dumps({"error": message}).encode()
        await send({
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()), *extra],
        })
        await send({"type": "http.response.body", "body": body})
