"""Every knob of the assistant in one place: environment variables prefixed `LANZAROTE_`, or a
`.env` file in the working directory.

    >>> Settings(data_dir="/tmp/lanzarote").index_dir
    PosixPath('/tmp/lanzarote/index')
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

from pydantic import Field, field_validator
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

    # Retrieval
    dense_k: int = Field(40, ge=1, description="passages taken from the dense (Chroma) search")
    sparse_k: int = Field(40, ge=1, description="passages taken from the BM25 search")
    rrf_k: int = Field(20, ge=1, description="reciprocal rank fusion constant")

    # Input limits
    max_question_chars: int = Field(2000, ge=10, description="longer questions are rejected with a clear message")
    max_history_messages: int = Field(20, ge=0, description="only the most recent messages of a conversation are used")

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"
