"""Shared fixtures: the real corpus, the real embedding model, a real Chroma index in a tmp dir."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
FACTSHEET = ROOT / "corpus" / "documents" / "lanzarote-factsheet-international-cooperation.md"
FIXTURE_FACTSHEET = FIXTURES / "factsheets" / "factsheet-chapter-iii.md"


@pytest.fixture(scope="session")
def corpus():
    from corpus.collection import Corpus

    return Corpus.load()


@pytest.fixture(scope="session")
def embeddings():
    from index.embeddings import load_embeddings

    return load_embeddings("all-MiniLM-L6-v2")


@pytest.fixture(scope="session")
def assistant(tmp_path_factory):
    """One assistant over the real factsheet, its index built once in a tmp dir for the session."""
    from assistant import Assistant, Settings

    return Assistant.load(Settings(data_dir=tmp_path_factory.mktemp("data")))


@pytest.fixture(scope="session")
def fixture_assistant(tmp_path_factory):
    """An assistant whose corpus is only the second, fixture factsheet (chapter III)."""
    from assistant import Assistant, Settings

    corpus_dir = tmp_path_factory.mktemp("fixture-corpus")
    shutil.copy(FIXTURE_FACTSHEET, corpus_dir / FIXTURE_FACTSHEET.name)
    return Assistant.load(Settings(corpus_dir=corpus_dir, data_dir=tmp_path_factory.mktemp("fixture-data")))


@pytest.fixture()
def corpus_copy(tmp_path):
    """A writable copy of the real corpus folder, for tests that change documents."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(FACTSHEET, folder / FACTSHEET.name)
    return folder


def write_manifest(folder: Path) -> Path:
    """A corpus manifest for the documents in `folder`: one entry each, with placeholder metadata."""
    entries = []
    for path in sorted(folder.glob("*.md")):
        entries.append(
            f"  - file: {path.name}\n    title: \"Title of {path.stem}\"\n    round: 2\n    theme: Theme of {path.stem}\n"
            "    date: 2022\n    language: en\n"
        )
    manifest = folder / "manifest.yaml"
    manifest.write_text("documents:\n" + "".join(entries))
    return manifest


# A real Chroma server for the server-mode tests (tests/chroma.py).
from tests.chroma import chroma_prefix, chroma_process, chroma_server  # noqa: E402,F401
