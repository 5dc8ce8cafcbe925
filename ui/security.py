"""HTTP-level protections of the web app, as plain ASGI middleware (so that streamed responses pass
through untouched):

- `SecurityHeaders`: a Content-Security-Policy on every response (scripts only with the page's
  nonce, everything else from this host only, who may frame the app from
  `Settings.frame_ancestors`), no MIME sniffing, no referrer sent to other sites.
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
import re
import secrets
from collections.abc import Mapping, Sequence

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ui.asgi import app_path, send_json_error

# Paths that stay reachable without credentials: the load balancer's health check.
PUBLIC_PATHS = ("/healthz",)

_ALGORITHM = "pbkdf2_sha256"
_ITERATIONS = 600_000


# Headers -------------------------------------------------------------------------------------------


def frame_ancestors_policy(origins: Sequence[str]) -> str:
    """The CSP directive: the app's own origin, plus the listed ones."""
    return "frame-ancestors " + " ".join(["'self'", *origins])


def content_security_policy(frame_ancestors: Sequence[str], nonce: str | None = None) -> str:
    """The whole policy. Scripts: only those carrying this response's nonce (Gradio's and Swagger's
    pages are rewritten to carry it) and what they load ('strict-dynamic'); so an injected <script>
    or an inline event handler (<img onerror=...>) never runs. 'unsafe-eval' because Gradio's HTML
    component compiles its templates with `new Function` (it does not make injected markup run).
    Without a nonce (JSON, assets), no inline script at all. Everything else from this host only;
    no plugins, no <base> or form posts elsewhere; framing as `frame_ancestors` allows."""
    scripts = f"'nonce-{nonce}' 'strict-dynamic' 'unsafe-eval' 'self'" if nonce else "'self'"
    return "; ".join([
        "default-src 'self'",
        f"script-src {scripts}",
        "style-src 'self' 'unsafe-inline'",  # Gradio sets styles inline; styles cannot run code
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "media-src 'self' data: blob:",
        "worker-src 'self' blob:",
        "frame-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        frame_ancestors_policy(frame_ancestors),
    ])


# `<script` as a tag opening (followed by a space or '>'), where the nonce goes.
_SCRIPT_TAG = re.compile(rb"<script(?=[\s>])", re.IGNORECASE)
#: HTML pages larger than this are passed through unchanged (without a nonce their scripts are blocked).
MAX_REWRITE_BYTES = 8 * 1024 * 1024


class SecurityHeaders:
    """Security headers on every HTTP response, and a fresh CSP nonce in every HTML page's <script> tags."""

    def __init__(self, app: ASGIApp, frame_ancestors: Sequence[str] = ()):
        self.app = app
        self.frame_ancestors = list(frame_ancestors)
        self.headers = [
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"same-origin"),
            (b"cross-origin-opener-policy", b"same-origin"),
            (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
        ]
        self._names = {name for name, _ in self.headers} | {b"x-frame-options", b"content-security-policy"}
        self._plain_csp = content_security_policy(self.frame_ancestors).encode("latin-1")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start: Message | None = None
        chunks: list[bytes] = []

        def with_headers(message: Message, csp: bytes, drop_length: bool = False) -> Message:
            kept = [
                (k, v) for k, v in message.get("headers", [])
                if k.lower() not in self._names and not (drop_length and k.lower() == b"content-length")
            ]
            return {**message, "headers": kept + self.headers + [(b"content-security-policy", csp)]}

        async def send_with_headers(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                headers = dict((k.lower(), v) for k, v in message.get("headers", []))
                html = headers.get(b"content-type", b"").startswith(b"text/html")
                if html and b"content-encoding" not in headers and scope.get("method") != "HEAD":
                    start = message  # hold it: the body gets a nonce, the length changes
                    return
                await send(with_headers(message, self._plain_csp))
                return
            if start is not None and message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if message.get("more_body", False) and sum(map(len, chunks)) <= MAX_REWRITE_BYTES:
                    return
                body = b"".join(chunks)
                nonce = secrets.token_urlsafe(18)
                if message.get("more_body", False):  # too large to rewrite: as it is, with the plain policy
                    await send(with_headers(start, self._plain_csp))
                else:
                    body = _SCRIPT_TAG.sub(b"<script nonce=" + nonce.encode() + b"", body)
                    csp = content_security_policy(self.frame_ancestors, nonce).encode("latin-1")
                    start = with_headers(start, csp, drop_length=True)
                    start["headers"].append((b"content-length", str(len(body)).encode()))
                    await send(start)
                start = None
                chunks.clear()
                await send({**message, "body": body})
                return
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
        if scope["type"] not in ("http", "websocket") or not self.enabled or app_path(scope) in PUBLIC_PATHS:
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
        await send_json_error(send, status, message, extra)
