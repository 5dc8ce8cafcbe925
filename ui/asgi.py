"""Two small pieces the app's ASGI middleware share (ui/limits.py, ui/security.py): a JSON error
response sent before the app runs, and a request's path below the app's root path."""

from __future__ import annotations

import json
from collections.abc import Sequence

from starlette.types import Scope, Send


async def send_json_error(send: Send, status: int, message: str, extra: Sequence[tuple[bytes, bytes]] = ()) -> None:
    """Answer with `{"error": message}` and `status` (the API's error shape), plus `extra` headers."""
    body = json.dumps({"error": message}).encode()
    await send({
        "type": "http.response.start",
        "status": status,
        "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()), *extra],
    })
    await send({"type": "http.response.body", "body": body})


def app_path(scope: Scope) -> str:
    """The request's path without the root path the app is served under ("/lanzarote/api/ask" -> "/api/ask")."""
    root = scope.get("root_path", "")
    path = scope.get("path", "")
    return path[len(root):] if root and path.startswith(root) else path
