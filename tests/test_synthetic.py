"""The scale benchmark's synthetic corpus: grown from the shipped factsheets (as the manifest lists
them) and the fixture, it parses as a corpus of the size asked for."""

from __future__ import annotations

from corpus.collection import DEFAULT_DIR, Corpus
from corpus.manifest import load_manifest
from evals.synthetic import TEMPLATES, grow


def test_the_templates_are_the_manifests_factsheets_and_the_fixture():
    shipped = {DEFAULT_DIR / info.file for info in load_manifest(DEFAULT_DIR).values()}
    assert shipped and shipped <= set(TEMPLATES)
    assert all(path.is_file() for path in TEMPLATES)


def test_a_grown_corpus_parses_with_the_passages_asked_for(tmp_path):
    grown = grow(tmp_path / "corpus", 400)
    assert grown.passages >= 400
    corpus = Corpus.load(grown.folder)
    assert len(corpus.documents) == grown.documents
    assert {path.name for path in TEMPLATES} <= {f"{d}.md" for d in corpus.documents}
