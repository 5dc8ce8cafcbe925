"""The index: built into Chroma with our embeddings, fingerprinted, rebuilt when stale or corrupt,
and swapped in atomically so that a crash mid-build leaves the old index usable."""

from __future__ import annotations

import json
import shutil

import pytest

from langchain_core.embeddings import Embeddings

from corpus.collection import Corpus
from index.store import IndexStore, IndexUnavailable, chroma_client

from .conftest import FACTSHEET, FIXTURE_FACTSHEET, write_manifest

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

    def failing(texts):
        raise RuntimeError("simulated crash while embedding")

    monkeypatch.setattr(store.embeddings, "embed_documents", failing)
    with pytest.raises(RuntimeError, match="simulated crash"):
        store.build(full=True)
    monkeypatch.undo()
    assert store.current.resolve() == good.path
    reopened = store.open()
    assert reopened.path == good.path and len(reopened.passages) == len(good.passages)
    assert not list((store.root / "builds").glob("*.partial"))
    # A build killed outright leaves its .partial folder: the next build clears it.
    orphan = store.root / "builds" / "20260101-000000-1-99999-killed.partial"
    (orphan / "chroma").mkdir(parents=True)
    store.build()
    assert not orphan.exists()


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


# Incremental builds ------------------------------------------------------------------------------


class CountingEmbeddings(Embeddings):
    """The real model, remembering every passage it is asked to embed."""

    def __init__(self, inner: Embeddings):
        self.inner = inner
        self.embedded: list[str] = []

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.embedded.extend(texts)
        return self.inner.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        return self.inner.embed_query(text)


def texts_of(folder, document: str) -> list[str]:
    return sorted(p.indexed_text() for p in Corpus.load(folder).passages_of(document))


def vectors_in(path) -> int:
    client = chroma_client(path / "chroma")
    try:
        return client.get_collection("passages", embedding_function=None).count()
    finally:
        client.close()


def test_adding_changing_removing_a_document_embeds_only_that_document(tmp_path, embeddings):
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(FACTSHEET, folder / FACTSHEET.name)
    write_manifest(folder)
    counting = CountingEmbeddings(embeddings)
    store = IndexStore(tmp_path / "index", counting, MODEL, folder)
    first = store.build()
    assert sorted(counting.embedded) == texts_of(folder, FACTSHEET.stem)
    assert first.manifest.changes["full"] is True

    # Added: only the new document's passages are embedded; the others' vectors are reused.
    counting.embedded.clear()
    shutil.copy(FIXTURE_FACTSHEET, folder / FIXTURE_FACTSHEET.name)
    write_manifest(folder)
    assert store.status()[0] == "stale"
    second = store.ensure()
    assert sorted(counting.embedded) == texts_of(folder, FIXTURE_FACTSHEET.stem)
    changes = second.manifest.changes
    assert (changes["added"], changes["updated"], changes["removed"], changes["full"]) == ([FIXTURE_FACTSHEET.stem], [], [], False)
    assert changes["reused"] == first.manifest.passages and changes["embedded"] == len(counting.embedded)
    assert second.collection.count() == len(second.passages) == first.manifest.passages + len(counting.embedded)
    assert store.status()[0] == "ready" and store.current.resolve() == second.path
    # The build it started from is untouched (it may still be serving answers elsewhere).
    assert first.path.exists() and vectors_in(first.path) == first.manifest.passages

    # Updated: the changed document is embedded again, and its old passages are gone.
    counting.embedded.clear()
    fixture = folder / FIXTURE_FACTSHEET.name
    text = fixture.read_text()
    assert "school psychologists" in text
    fixture.write_text(text.replace("school psychologists", "zygomorphic counsellors"))
    third = store.ensure()
    assert sorted(counting.embedded) == texts_of(folder, FIXTURE_FACTSHEET.stem)
    assert third.manifest.changes["updated"] == [FIXTURE_FACTSHEET.stem] and not third.manifest.changes["added"]
    assert third.collection.count() == len(third.passages) == second.manifest.passages
    hits = third.sparse("zygomorphic counsellors", k=3)
    assert hits and hits[0][0].recommendation == "III-2" and "zygomorphic" in hits[0][0].text
    assert all("school psychologists" not in p.text for p in third.passages)
    got = third.collection.get(ids=[f"{FIXTURE_FACTSHEET.stem}#III-2"], include=["documents"])
    assert "zygomorphic" in got["documents"][0]

    # Removed: nothing is embedded; its vectors and words are gone.
    counting.embedded.clear()
    (folder / FACTSHEET.name).unlink()
    write_manifest(folder)
    fourth = store.ensure()
    assert counting.embedded == []
    assert fourth.manifest.changes["removed"] == [FACTSHEET.stem]
    assert fourth.collection.count() == len(fourth.passages) == len(texts_of(folder, FIXTURE_FACTSHEET.stem))
    dense = fourth.dense(fourth.embed("What is Norway required to do?"), k=10)
    assert dense and all(p.document == FIXTURE_FACTSHEET.stem for p, _ in dense)
    assert not fourth.bm25.knows("europol")  # a word only the removed document had

    # The incremental result is the index a build from scratch gives.
    scratch = IndexStore(tmp_path / "scratch", embeddings, MODEL, folder).build()
    assert [p.id for p in scratch.passages] == [p.id for p in fourth.passages]
    assert scratch.manifest.fingerprint == fourth.manifest.fingerprint
    for query in ("teachers awareness sexual abuse", "children information risks", "Serbia training"):
        assert fourth.bm25.scores(query).tolist() == pytest.approx(scratch.bm25.scores(query).tolist())
        vector = fourth.embed(query)
        assert [p.id for p, _ in fourth.dense(vector, k=5)] == [p.id for p, _ in scratch.dense(vector, k=5)]


def test_full_rebuild_embeds_everything_and_a_crash_in_an_incremental_build_changes_nothing(tmp_path, embeddings, monkeypatch):
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(FACTSHEET, folder / FACTSHEET.name)
    counting = CountingEmbeddings(embeddings)
    store = IndexStore(tmp_path / "index", counting, MODEL, folder)
    first = store.build()
    counting.embedded.clear()
    nothing = store.build()
    assert counting.embedded == [] and nothing.manifest.changes["unchanged"] == [FACTSHEET.stem]
    full = store.build(full=True)
    assert len(counting.embedded) == full.manifest.passages and full.manifest.changes["full"] is True

    shutil.copy(FIXTURE_FACTSHEET, folder / FIXTURE_FACTSHEET.name)

    def failing(texts):
        raise RuntimeError("simulated crash while embedding")

    monkeypatch.setattr(counting, "embed_documents", failing)
    with pytest.raises(RuntimeError, match="simulated crash"):
        store.ensure()
    monkeypatch.undo()
    assert store.current.resolve() == full.path and vectors_in(full.path) == first.manifest.passages
    assert not list((store.root / "builds").glob("*.partial"))
    assert store.ensure().manifest.changes["added"] == [FIXTURE_FACTSHEET.stem]


def test_an_older_index_format_is_rebuilt_from_scratch(store):
    built = store.build()
    manifest = json.loads((built.path / "manifest.json").read_text())
    manifest["index_format"] = "1"
    (built.path / "manifest.json").write_text(json.dumps(manifest))
    status, why = store.status()
    assert status == "stale" and "older index format" in why
    rebuilt = store.ensure()
    assert rebuilt.manifest.changes["full"] is True and "index format" in rebuilt.manifest.changes["reason"]


def test_changed_document_reading_code_makes_the_index_stale_but_re_embeds_only_changed_passages(store, monkeypatch):
    first = store.build()
    monkeypatch.setattr("index.store.code_version", lambda: "code-changed")
    status, why = store.status()
    assert status == "stale" and "changed since it was built" in why
    embedded: list[str] = []
    original = store.embeddings.embed_documents
    monkeypatch.setattr(store.embeddings, "embed_documents", lambda texts: embedded.extend(texts) or original(texts))
    second = store.ensure()
    # The passages are the same, so no vector is recomputed; the tokens are (another code made them).
    assert embedded == [] and second.manifest.changes["unchanged"] == first.manifest.documents
    assert second.manifest.code_version == "code-changed" and store.status()[0] == "ready"
    assert second.bm25.scores("Europol INTERPOL").tolist() == first.bm25.scores("Europol INTERPOL").tolist()
