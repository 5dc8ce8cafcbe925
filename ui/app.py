"""The web app: one FastAPI application with the JSON API, offline API docs and the Gradio chat
mounted in it.

    /               the chat and the Recommendations tab (Gradio)
    /?embed=1       redirects to /embed/
    /embed/         the compact chat for an iframe (Gradio)
    /api/ask        POST a question (optionally limited to `documents` or a `theme`), get Answer.to_dict()
    /api/documents  GET the documents and themes a question can be limited to
    /healthz        200 when the index is loaded and its store answers, 503 otherwise
    /docs           OpenAPI docs (Swagger UI served from this host), /openapi.json

All of it under `Settings.root_path` when a reverse proxy serves it on a sub-path.

    uvicorn --factory ui.app:create_app        # or: lanzarote serve
"""

from __future__ import annotations

import contextlib
from importlib import metadata, resources
from urllib.parse import parse_qsl, urlencode

import gradio as gr
from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from assistant.settings import Settings
from ui.api import build_router, install_error_handlers
from ui.engine import Engine
from ui.feedback import FeedbackStore
from ui.i18n import ENGLISH, FRENCH, LanguageChoice
from ui.limits import ApiRateLimit, BodyLimit, CatchAll, RateLimiter
from ui.pages import TITLE, embed_page, main_page
from ui.security import AccessControl, SecurityHeaders, check_password_hash
from ui.theme import CSS, EMBED_CSS, HEAD, theme

EMBED_PATH = "/embed"


def app_version() -> str:
    try:
        return metadata.version("lanzarote-assistant")
    except metadata.PackageNotFoundError:
        return "0+unknown"


def _path_prefix(root_path: str) -> str:
    """The path part of `root_path` ('/lanzarote' from 'https://intranet.example.org/lanzarote')."""
    if root_path.startswith(("http://", "https://")):
        from urllib.parse import urlsplit

        return urlsplit(root_path).path.rstrip("/")
    return root_path


class RootPath:
    """Serve under `prefix` (Settings.root_path) behind a reverse proxy, whether the proxy strips the
    prefix from the path or passes it on: either way the app sees the ASGI `root_path` it needs to
    write its links, and routes the rest of the path."""

    def __init__(self, app: ASGIApp, prefix: str):
        self.app = app
        self.prefix = prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.prefix and scope["type"] in ("http", "websocket"):
            path = scope.get("path", "")
            if not (path == self.prefix or path.startswith(self.prefix + "/")):
                scope = {**scope, "path": self.prefix + path, "raw_path": (self.prefix + path).encode("utf-8")}
            scope["root_path"] = self.prefix
        await self.app(scope, receive, send)


class EmbedRedirect:
    """`/?embed=1` -> `/embed/` (the compact chat), keeping any other query parameter."""

    def __init__(self, app: ASGIApp, root_path: str = ""):
        self.app = app
        self.root_path = root_path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        root = scope.get("root_path", "")
        if scope["type"] == "http" and scope.get("path") in ("/", "", root, root + "/"):
            query = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
            if any(k == "embed" and v not in ("0", "false", "") for k, v in query):
                rest = urlencode([(k, v) for k, v in query if k != "embed"])
                prefix = self.root_path or scope.get("root_path", "")
                location = f"{prefix}{EMBED_PATH}/" + (f"?{rest}" if rest else "")
                await send({"type": "http.response.start", "status": 307, "headers": [(b"location", location.encode("latin-1")), (b"content-length", b"0")]})
                await send({"type": "http.response.body", "body": b""})
                return
        await self.app(scope, receive, send)


def create_app(settings: Settings | None = None, engine: Engine | None = None) -> FastAPI:
    """Build the app. `engine` may be given already loaded (tests, or several apps in one process);
    otherwise one is made from `settings` and starts loading the index when the app starts."""
    settings = settings or Settings()
    for stored in settings.basic_auth_users.values():
        check_password_hash(stored)  # fail now, not on the first request
    engine = engine or Engine(settings)
    version = app_version()
    feedback = FeedbackStore(settings.feedback_path, app_version=version)
    prefix = _path_prefix(settings.root_path)

    limiter = RateLimiter(settings.rate_limit_per_minute, settings.rate_limit_burst)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI):
        engine.start()
        yield
        engine.stop()

    app = FastAPI(
        title=f"{TITLE} API",
        version=version,
        description=(
            "Questions and cited answers on the Lanzarote Committee's monitoring findings. "
            "`POST /api/ask` returns the same Answer object as `lanzarote ask --json`."
        ),
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.engine = engine
    app.state.feedback = feedback
    app.state.settings = settings
    app.state.limiter = limiter
    install_error_handlers(app)
    app.include_router(build_router(engine, version, settings))
    _add_docs(app)

    gradio_options = dict(
        theme=theme(),
        css=CSS,
        head=HEAD,
        footer_links=[],
        run_history=False,
        mcp_server=False,
        ssr_mode=False,
        show_error=False,
        pwa=False,
    )
    public_root = settings.root_path or None
    pages = {
        path: page(engine, feedback, settings, labels, limiter)
        for path, page, labels in (
            ("/fr" + EMBED_PATH, embed_page, FRENCH), ("/fr", main_page, FRENCH), (EMBED_PATH, embed_page, ENGLISH), ("/", main_page, ENGLISH),
        )
    }
    for page in pages.values():
        # Gradio keeps each browser session's state (the conversation) in memory, up to this many
        # sessions (10,000 by default: about 1 GB here); then it forgets the oldest.
        page.state_session_capacity = settings.chat_sessions
    # French pages first: "/" would take their paths otherwise.
    for path in ("/fr" + EMBED_PATH, "/fr"):
        extra_css = EMBED_CSS if path.endswith(EMBED_PATH) else ""
        gr.mount_gradio_app(
            app, pages[path], path=path,
            root_path=(public_root + path) if public_root else None, **{**gradio_options, "css": CSS + extra_css},
        )
    embed, main = pages[EMBED_PATH], pages["/"]
    gr.mount_gradio_app(
        app, embed, path=EMBED_PATH, root_path=(public_root + EMBED_PATH) if public_root else None,
        **{**gradio_options, "css": CSS + EMBED_CSS},
    )
    gr.mount_gradio_app(app, main, path="/", root_path=public_root, **gradio_options)

    # Outermost last: headers on every response, including refusals of access and of limits.
    app.add_middleware(CatchAll)
    app.add_middleware(LanguageChoice)  # English or French pages, from the browser's language or the switch
    app.add_middleware(EmbedRedirect, root_path=prefix)
    app.add_middleware(ApiRateLimit, limiter=limiter, auth_header=settings.auth_header)
    app.add_middleware(AccessControl, header=settings.auth_header, users=settings.basic_auth_users)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(SecurityHeaders, frame_ancestors=settings.frame_ancestors)
    app.add_middleware(RootPath, prefix=prefix)
    return app


def _add_docs(app: FastAPI) -> None:
    """Swagger UI from a local copy (the swagger-ui-py package): FastAPI's default loads it from a CDN."""
    assets = resources.files("swagger_ui") / "static"
    app.mount("/docs-assets", StaticFiles(directory=str(assets)), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    def docs(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "").rstrip("/")
        return get_swagger_ui_html(
            openapi_url=f"{root}{app.openapi_url}",
            title=app.title,
            swagger_js_url=f"{root}/docs-assets/swagger-ui-bundle.js",
            swagger_css_url=f"{root}/docs-assets/swagger-ui.css",
            swagger_favicon_url=f"{root}/docs-assets/favicon-32x32.png",
            swagger_ui_parameters={"validatorUrl": None, "defaultModelsExpandDepth": 0},
        )
