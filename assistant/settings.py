"""Every knob of the assistant in one place: environment variables prefixed `LANZAROTE_`, or a
`.env` file in the working directory.

    >>> Settings(data_dir="/tmp/lanzarote").index_dir
    PosixPath('/tmp/lanzarote/index')
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from corpus.collection import DEFAULT_DIR


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="LANZAROTE_", env_file=".env", extra="ignore")

    corpus_dir: Path = Field(DEFAULT_DIR, description="folder of factsheets (*.md)")
    data_dir: Path = Field(Path(".lanzarote"), description="where the index and other state live (gitignored)")
    embedding_model: str = Field("all-MiniLM-L6-v2", description="embedding model, loaded offline from its package")

    # Which documents questions are answered from (`Assistant.ask(documents=..., theme=...)` overrides these)
    documents: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="document ids (file names without .md), comma-separated; empty: every document"
    )
    theme: str | None = Field(None, description="only the documents with this theme in the corpus manifest; unset: every theme")

    @field_validator("documents", mode="before")
    @classmethod
    def _split_documents(cls, value: object) -> object:
        if isinstance(value, str):
            return [part for part in re.split(r"[,\s]+", value) if part]
        return value

    @property
    def parse_cache_dir(self) -> Path:
        """Parsed documents, so that a start reads them instead of parsing them again (corpus/cache.py)."""
        return self.data_dir / "cache" / "corpus"

    # Where the vectors live (index/backends.py) ---------------------------------------------------
    chroma_url: str = Field(
        "", description="a Chroma server (`chroma run`), e.g. http://127.0.0.1:8000; empty: the embedded store in <data_dir>/index"
    )
    chroma_prefix: str = Field(
        "lanzarote", description="prefix of this deployment's collections on the Chroma server (several deployments can share one)"
    )
    chroma_timeout_s: float = Field(5.0, gt=0, le=120, description="time-out of each request to the Chroma server, in seconds")
    index_check_s: float = Field(
        10.0, ge=0, description="how often the app looks for a new index build or a changed corpus, in seconds (0: never)"
    )

    # Retrieval
    dense_k: int = Field(40, ge=1, description="passages taken from the dense (Chroma) search")
    sparse_k: int = Field(40, ge=1, description="passages taken from the BM25 search")
    rrf_k: int = Field(20, ge=1, description="reciprocal rank fusion constant")

    # Input limits
    max_question_chars: int = Field(2000, ge=10, description="longer questions are rejected with a clear message")
    max_history_messages: int = Field(
        20, ge=0, description="only the most recent messages of a conversation are used; the API refuses a longer history"
    )

    # Who writes the answer: the extractive composer, or a language model whose every citation is checked
    backend: Literal["extractive", "llamacpp", "openai"] = Field(
        "extractive", description="extractive (no model), llamacpp (a local GGUF file) or openai (any OpenAI-compatible server)"
    )
    judge_backend: Literal["same", "llamacpp", "openai"] = Field(
        "same",
        description="the model `lanzarote eval --judge` grades answers with (with the llm_* settings); same: the answering backend's. "
        "llamacpp or openai here let a model grade the default extractive answers",
    )
    llm_model_path: Path | None = Field(
        None, description="GGUF file for the llamacpp backend; unset: the shipped Qwen2.5-Coder-1.5B, assembled into data_dir/models"
    )
    llm_base_url: str | None = Field(None, description="OpenAI-compatible endpoint, e.g. http://127.0.0.1:8080/v1")
    llm_model: str = Field("qwen2.5-coder-1.5b-instruct", description="model name sent to the OpenAI-compatible server")
    llm_api_key: SecretStr = Field(SecretStr("not-needed"), description="key for the OpenAI-compatible server")
    llm_send_max_tokens: bool = Field(
        True, description="also send the legacy max_tokens field (llama.cpp's server and Ollama read it); off for servers that reject it"
    )
    llm_timeout_s: float = Field(120.0, gt=0, description="after this many seconds the extractive answer is given, with a note")
    llm_max_tokens: int = Field(256, ge=16, description="longest answer the model may write, in tokens")
    llm_temperature: float = Field(0.0, ge=0, le=2, description="0: greedy decoding, the most repeatable (llama.cpp reusing its cache can still change a word)")
    llm_seed: int = Field(0, description="sampling seed (only matters above temperature 0)")
    llm_context_tokens: int = Field(4096, ge=512, description="context window of the local model")
    llm_threads: int | None = Field(None, ge=1, description="CPU threads for the local model; unset: llama.cpp's choice")
    llm_extra_records: int = Field(2, ge=0, description="retrieved passages given to the model beyond those the extractive answer cites")
    llm_structured: Literal["extractive", "model"] = Field(
        "extractive", description="who answers lists, counts and questions about Parties, levels and Articles"
    )
    llm_min_overlap: float = Field(
        0.5, ge=0, le=1, description="share of a sentence's content words that a record it cites must contain"
    )

    # Web app (`lanzarote serve`, ui/) -----------------------------------------------------------
    host: str = Field("127.0.0.1", description="interface the web app listens on (0.0.0.0 for all)")
    port: int = Field(7860, ge=1, le=65535, description="port the web app listens on")
    root_path: str = Field(
        "", description="public sub-path behind a reverse proxy that strips it, e.g. /lanzarote, or the full public URL"
    )
    frame_ancestors: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="origins allowed to embed the app in an iframe (CSP frame-ancestors), comma-separated; "
        "the app's own origin is always allowed",
    )
    feedback_db: Path | None = Field(None, description="SQLite file for answer feedback; default <data_dir>/feedback.sqlite3")
    auth_header: str = Field(
        "", description="if set, every request must carry this header (set by the intranet's SSO proxy), e.g. X-Remote-User"
    )
    basic_auth_users: dict[str, str] = Field(
        default_factory=dict,
        description='if set, HTTP basic auth: JSON {"user": "pbkdf2_sha256$..."} (hash with `lanzarote hash-password`)',
    )
    api_concurrency: int = Field(
        8, ge=1, description="API answers computed at the same time; the other questions wait their turn, first come first served"
    )
    chat_concurrency: int = Field(16, ge=1, description="chat answers computed at the same time (Gradio queue)")
    chat_sessions: int = Field(
        2000, ge=10, description="chat conversations kept in memory per app process (~0.1 MB each); beyond it the oldest is forgotten"
    )
    stream_chunk_delay_ms: int = Field(
        15, ge=0, le=1000, description="pause between the streamed pieces of a (verified) answer in the chat"
    )

    # Protection (ui/security.py, ui/limits.py) ----------------------------------------------------
    max_body_bytes: int = Field(256 * 1024, ge=1024, description="larger request bodies are refused (413)")
    rate_limit_per_minute: int = Field(
        60, ge=0, description="questions per minute per client (API and chat; 0: no limit); above it: 429 with Retry-After"
    )
    rate_limit_burst: int = Field(20, ge=1, description="questions a client may ask at once before the per-minute rate applies")
    log_questions: bool = Field(False, description="log each question (off by default: the subject is sensitive)")

    @field_validator("frame_ancestors", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        if isinstance(value, str):
            return [part for part in re.split(r"[,\s]+", value) if part]
        return value

    @field_validator("frame_ancestors")
    @classmethod
    def _check_origins(cls, origins: list[str]) -> list[str]:
        for origin in origins:
            if not _ORIGIN.fullmatch(origin):
                raise ValueError(
                    f"{origin!r} is not an origin; use scheme://host[:port], e.g. https://intranet.example.org"
                )
        return [origin.rstrip("/") for origin in origins]

    @field_validator("root_path")
    @classmethod
    def _check_root_path(cls, value: str) -> str:
        value = value.strip().rstrip("/")
        if value and not (value.startswith("/") or re.match(r"https?://", value)):
            raise ValueError(f"root_path {value!r} must start with '/' (a sub-path) or be a full http(s) URL")
        return value

    @field_validator("auth_header")
    @classmethod
    def _check_header(cls, value: str) -> str:
        value = value.strip()
        if value and not re.fullmatch(r"[A-Za-z0-9-]+", value):
            raise ValueError(f"auth_header {value!r} is not a valid HTTP header name")
        return value

    @field_validator("chroma_url")
    @classmethod
    def _check_chroma_url(cls, value: str) -> str:
        value = value.strip().rstrip("/")
        if value and not re.fullmatch(r"https?://[A-Za-z0-9.\-\[\]:]+(/[A-Za-z0-9._~\-/]*)?", value):
            raise ValueError(f"chroma_url {value!r} must be an http(s) URL such as http://127.0.0.1:8000")
        return value

    @field_validator("chroma_prefix")
    @classmethod
    def _check_prefix(cls, value: str) -> str:
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]{0,40}", value):
            raise ValueError(f"chroma_prefix {value!r}: use letters, digits, '-' and '_' (at most 41), starting with a letter or digit")
        return value

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def models_dir(self) -> Path:
        return self.data_dir / "models"

    @property
    def feedback_path(self) -> Path:
        return self.feedback_db or self.data_dir / "feedback.sqlite3"


# scheme://host[:port], where the host may start with a "*." wildcard as CSP allows; no path, no spaces or ';'.
_ORIGIN = re.compile(r"https?://(\*\.)?[A-Za-z0-9.-]+(:\d{1,5})?/?")
