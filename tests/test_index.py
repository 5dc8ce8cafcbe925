"""The index: built into Chroma with our embeddings, fingerprinted, rebuilt when stale or corrupt,
and swapped in atomically so that a crash mid-build leaves the old index usable."""

from __future__ import annotations

import json

import pytest

from index.store import IndexStore, IndexUnavailable

MODEL = "all-MiniLM-L6-v2"


@pytest.fixture()
def store(tmp_path, embeddings, corpus_copy):
    return IndexStore(tmp_path / "index", embeddings, MODEL, corpus_copy)


def test_build_then_open_with_metadata(store):
    assert store.status()[0] == "missing"
    built = store.build()
    assert store.status()[0] == "ready"
    manifest = built.manifest
    assert manifest.recommendations == 19 and manifest.passages == len(built.passages)
    assert manifest.embedding_model == MODEL
    # Every chunk carries its metadata in Chroma.
    got = built.vectorstore.get(include=["metadatas"])
    by_id = {m["passage_id"]: m for m in got["metadatas"]}
    v17 = by_id["lanzarote-factsheet-international-cooperation#V-17"]
    assert v17["kind"] == "recommendation" and v17["recommendation"] == "V-17" and v17["level"] == "require"
    assert v17["section"] == "VII" and v17["articles"] == "38(2)" and "Norway" in v17["addressees"]
    assert v17["document"] == "lanzarote-factsheet-international-cooperation"
    assert all(m["section_title"] for m in got["metadatas"])


def test_dense_and_sparse_search_find_the_recommendation(store):
    built = store.build()
    dense = built.dense(built.embed("ensure victims can complain in their State of residence"), k=3)
    assert "V-17" in [p.recommendation for p, _ in dense] or "V-18" in [p.recommendation for p, _ in dense]
    assert all(0 < score <= 1 for _, score in dense)
    sparse = built.sparse("Europol INTERPOL databases", k=2)
    assert {p.recommendation for p, _ in sparse} == {"V-14", "V-16"}


def test_changed_corpus_makes_the_index_stale_and_ensure_rebuilds(store, corpus_copy):
    first = store.build()
    document = next(corpus_copy.glob("*.md"))
    document.write_text(document.read_text().replace("306", "307"))
    status, why = store.status()
    assert status == "stale" and "corpus" in why
    second = store.ensure()
    assert second.path != first.path
    assert second.manifest.corpus_hash != first.manifest.corpus_hash
    assert store.status()[0] == "ready"


def test_other_embedding_model_name_makes_it_stale(store, embeddings, tmp_path, corpus_copy):
    store.build()
    other = IndexStore(store.root, embeddings, "another-model", corpus_copy)
    assert other.status()[0] == "stale"


def test_crash_mid_build_leaves_the_previous_index_current(store, monkeypatch):
    good = store.build()

    calls = {"n": 0}
    original = store.embeddings.embed_documents

    def failing(texts):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("simulated crash while embedding")
        return original(texts)

    monkeypatch.setattr(store.embeddings, "embed_documents", failing)
    with pytest.raises(RuntimeError, match="simulated crash"):
        store.build()
    monkeypatch.undo()
    assert store.current.resolve() == good.path
    reopened = store.open()
    assert reopened.path == good.path and len(reopened.passages) == len(good.passages)
    assert not list((store.root / "builds").glob("*.partial"))


def test_corrupt_index_is_detected_and_rebuilt(store):
    built = store.build()
    (built.path / "manifest.json").write_text("{not json")
    status, why = store.status()
    assert status == "corrupt" and "manifest" in why
    with pytest.raises(IndexUnavailable):
        store.open()
    rebuilt = store.ensure()
    assert rebuilt.path != built.path and store.status()[0] == "ready"


def test_index_missing_vectors_is_corrupt(store):
    built = store.build()
    manifest = json.loads((built.path / "manifest.json").read_text())
    manifest["passages"] += 1
    (built.path / "manifest.json").write_text(json.dumps(manifest))
    assert store.status()[0] == "corrupt"


def test_old_builds_are_pruned(store):
    paths = [store.build().path for _ in range(3)]
    remaining = sorted(p.name for p in (store.root / "builds").iterdir())
    assert paths[-1].name in remaining and paths[0].name not in remaining
    assert len(remaining) == 2
