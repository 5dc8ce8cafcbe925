"""The JSON API beside the chat: `POST /api/ask`, `GET /api/documents` and `GET /healthz`,
documented at /docs.

`/api/ask` returns exactly `Answer.to_dict()`, the same object as `lanzarote ask --json`. Every
error is JSON of the form {"error": "<a sentence for a person>"}, never a traceback: 4xx for a bad
request (413 too large, 422 invalid, 429 too many), 503 while the index loads or its server
cannot be reached (with Retry-After), and 500 only for a bug (ui/limits.py's CatchAll: logged with
its traceback, never sent).

    curl -s localhost:7860/api/ask -H 'content-type: application/json' \\
         -d '{"question": "What is Norway required to do?"}'
    curl -s localhost:7860/api/documents          # the ids and themes that `documents` and `theme` take
"""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

from fastapi import APIRouter, Body, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, create_model
from starlette.exceptions import HTTPException as StarletteHTTPException

from assistant.errors import InvalidQuestion, NotReady
from assistant.records import Answer, Message
from assistant.settings import Settings
from ui.engine import Engine
from ui.examples import example_questions
from ui.turns import TakingTurns

log = logging.getLogger("lanzarote.ui")


class AskRequest(BaseModel):
    """A question, and optionally the conversation so far (oldest first) for a follow-up, and the
    documents or the theme to answer from (`GET /api/documents` lists them)."""

    # The examples, made from the corpus loaded, are on the endpoint (`_scope_examples`).
    model_config = ConfigDict(extra="forbid")

    question: str = Field(description="the question, in words")
    history: list[Message] = Field(default_factory=list, description="earlier messages of the conversation, oldest first")
    documents: list[str] | None = Field(
        None,
        description="answer only from these documents (ids: file names without .md, as `GET /api/documents` lists them); "
        "unset or empty: every document (or the server's LANZAROTE_DOCUMENTS)",
    )
    theme: str | None = Field(
        None,
        description="answer only from the documents with this theme of the corpus manifest (case does not matter); "
        "with `documents`, those of them that have it; unset: every theme (or the server's LANZAROTE_THEME)",
    )


class DocumentEntry(BaseModel):
    """One document of the corpus, as the manifest describes it."""

    id: str = Field(description="what `documents` in `POST /api/ask` takes")
    title: str
    round: int | None = Field(None, description="the Lanzarote Committee's monitoring round")
    theme: str | None = None
    date: str | None = Field(None, description="YYYY-MM-DD, YYYY-MM or YYYY")
    language: str | None = Field(None, description="ISO 639-1 code")


class DocumentList(BaseModel):
    documents: list[DocumentEntry] = Field(description="every document the assistant answers from, in the manifest's order")
    themes: list[str] = Field(description="the manifest's themes: what `theme` in `POST /api/ask` takes")


class ErrorResponse(BaseModel):
    error: str = Field(description="what went wrong, in a sentence for a person")


# The response documented in OpenAPI: Answer's fields plus the two that to_dict() adds. Derived from
# Answer, not written out again, so the documentation cannot drift from the record.
AnswerResponse = create_model(
    "AnswerResponse",
    **{name: (field.annotation, field) for name, field in Answer.model_fields.items()},
    refused=(bool, Field(description="true for out_of_scope and unsafe: the question was declined")),
    recommendations=(list[str], Field(description="the recommendation ids cited, in order of first citation")),
)


class Health(BaseModel):
    status: str = Field(description="ready, loading, failed, or unavailable (the Chroma server cannot be reached)")
    message: str
    progress: dict[str, int] | None = None
    index: str | None = Field(None, description="the index's fingerprint (first 12 characters)")
    build: str | None = Field(None, description="the build answering now (a folder, or a collection on the Chroma server)")
    warning: str | None = Field(None, description="a problem that does not stop answering, e.g. a malformed corpus file")
    version: str


def _error(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers=headers)


def _describe(errors: list[dict[str, Any]]) -> str:
    """Pydantic's errors as one readable sentence: "history[0].role: Input should be 'user' or 'assistant'"."""
    parts = []
    for error in errors[:5]:
        where = ""
        for item in error.get("loc", ())[1:] if error.get("loc", ("",))[0] == "body" else error.get("loc", ()):
            where += f"[{item}]" if isinstance(item, int) else (f".{item}" if where else str(item))
        if error.get("type") == "missing":
            parts.append(f"the field '{where}' is required")
        elif error.get("type") == "extra_forbidden":
            parts.append(f"the field '{where}' is not known (send 'question' and optionally 'history', 'documents', 'theme')")
        else:
            parts.append(f"{where or 'the body'}: {error.get('msg', 'invalid')}")
    more = f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""
    return "Invalid request: " + "; ".join(parts) + more + "."


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = list(exc.errors())
        if any(e.get("type") == "json_invalid" for e in errors):
            ctx = next((e.get("ctx") or {} for e in errors if e.get("type") == "json_invalid"), {})
            detail = f" ({ctx['error']})" if ctx.get("error") else ""
            return _error(400, f"The request body is not valid JSON{detail}. Send {{\"question\": \"...\"}}.")
        if any(e.get("loc") == ("body",) and e.get("type") == "missing" for e in errors):
            return _error(400, 'The request has no body. Send JSON: {"question": "..."}.')
        if any(e.get("loc") == ("body",) and e.get("type") in ("model_attributes_type", "dict_type") for e in errors):
            return _error(
                422, 'The request body must be a JSON object, {"question": "..."}, sent with Content-Type: application/json.'
            )
        return _error(422, _describe(errors))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 400 and exc.detail == "There was an error parsing the body":
            # FastAPI's words for a body that json.loads could not take: nested too deeply, not
            # UTF-8, a number too long to convert...
            return _error(
                400, 'The request body could not be read as JSON (not UTF-8, nested too deeply, or a number too long). '
                'Send {"question": "..."}.'
            )
        return _error(exc.status_code, str(exc.detail), getattr(exc, "headers", None))


def _scope_examples(engine: Engine) -> dict[str, dict]:
    """The request examples of /docs, made from the corpus loaded (as the chat's example questions
    are): a question, a follow-up, and a question limited to a document or a theme."""
    corpus = engine.corpus
    asked = example_questions(corpus, 1) or ["What are Parties invited to do?"]
    examples: dict[str, dict] = {
        "question": {"summary": "a question", "value": {"question": asked[0]}},
        "follow_up": {
            "summary": "a follow-up, with the conversation so far",
            "value": {
                "question": "Which Article does it implement?",
                "history": [{"role": "user", "content": asked[0]}, {"role": "assistant", "content": "(the answer to it)"}],
            },
        },
    }
    first = next(iter(corpus.documents.values()), None)
    if first is not None:
        examples["documents"] = {"summary": "limited to one document", "value": {"question": asked[0], "documents": [first.document]}}
    if corpus.themes:
        examples["theme"] = {
            "summary": "limited to a theme",
            "value": {"question": "What are Parties invited to do?", "theme": corpus.themes[0]},
        }
    return examples


def build_router(engine: Engine, version: str, settings: Settings | None = None) -> APIRouter:
    router = APIRouter()
    settings = settings or engine.settings
    errors = {
        400: {"model": ErrorResponse, "description": "the body is not JSON"},
        413: {"model": ErrorResponse, "description": "the body is larger than the limit"},
        422: {
            "model": ErrorResponse,
            "description": "the question, the history, the documents or the theme is not valid (empty, too long, wrong type, "
            "an unknown document or theme: the message lists the known ones)",
        },
        429: {"model": ErrorResponse, "description": "too many questions from this client; Retry-After says when to ask again"},
        503: {"model": ErrorResponse, "description": "the index is still loading, or its server cannot be reached"},
    }

    examples = _scope_examples(engine)
    answering = TakingTurns(settings.api_concurrency)

    @router.post(
        "/api/ask",
        tags=["questions"],
        summary="Answer a question, with citations",
        response_model=None,
        responses={200: {"model": AnswerResponse, "description": "the answer: Answer.to_dict()"}, **errors},
    )
    async def ask(request: AskRequest = Body(openapi_examples=examples)) -> JSONResponse:  # noqa: B008 - FastAPI's way
        """Answer `question` from the Lanzarote Committee's findings; each statement cites a source
        passage by its [n] marker. Refusals (out of scope, unsafe) are answers too (`refused`: true)."""
        limit = settings.max_history_messages
        if len(request.history) > limit:
            return _error(
                422, f"The history has {len(request.history)} messages; the limit is {limit}. Send only the most recent ones."
            )
        try:
            answer = await answering.run(
                partial(engine.ask, request.question, request.history, documents=request.documents, theme=request.theme)
            )
        except InvalidQuestion as error:
            return _error(422, str(error))
        except NotReady as error:
            return _error(503, str(error), {"Retry-After": "5"})
        return JSONResponse(answer.to_dict())

    @router.get(
        "/api/documents",
        tags=["questions"],
        summary="The documents and themes a question can be limited to",
        response_model=DocumentList,
    )
    def documents() -> JSONResponse:
        """The corpus the app answers from (its manifest entries) and its themes: the values that
        `documents` and `theme` of `POST /api/ask` take. Available while the index loads."""
        corpus = engine.corpus
        listed = [
            DocumentEntry(id=d.document, title=d.title, round=d.round, theme=d.theme, date=d.date, language=d.language).model_dump()
            for d in corpus.documents.values()
        ]
        return JSONResponse({"documents": listed, "themes": corpus.themes})

    @router.get(
        "/healthz",
        tags=["operations"],
        summary="Ready to answer?",
        response_model=Health,
        responses={503: {"model": Health, "description": "not ready: the index is loading or failed to load"}},
    )
    def healthz() -> JSONResponse:
        """200 once the index is loaded and (in server mode) the Chroma server answers; 503 while it
        loads (with progress), if it failed, or while the Chroma server cannot be reached."""
        status = engine.health()
        return JSONResponse({**status.to_dict(), "version": version}, status_code=200 if status.ready else 503)

    # Without these, a wrong method or path under /api/ would fall through to the Gradio app mounted at "/".
    @router.api_route("/api/ask", methods=["GET", "PUT", "PATCH", "DELETE"], include_in_schema=False)
    def ask_wrong_method(request: Request) -> JSONResponse:
        return _error(405, f"Use POST for /api/ask, not {request.method}.", {"Allow": "POST"})

    @router.api_route("/api/{rest:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"], include_in_schema=False)
    def no_such_endpoint(rest: str) -> JSONResponse:
        return _error(404, f"There is no API endpoint /api/{rest}. See /docs: the API is POST /api/ask and GET /api/documents.")

    return router
