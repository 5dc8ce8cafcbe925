"""The index on a real Chroma server (`chroma run` on loopback, tests/chroma.py): built, opened,
answered from exactly as the embedded index, rebuilt when stale or corrupt, switched atomically,
built once when several processes start together, and never hung by a server that is down."""

from __future__ import annotations

import threading
import time

import pytest

from index.backends import ChromaUnreachable, ServerIndexStore, open_store
from index.store import IndexUnavailable

MODEL = "all-MiniLM-L6-v2"


@pytest.fixture()
def server_settings(chroma_server, chroma_prefix, tmp_path, corpus_copy):
    from assistant.settings import Settings

    def make(**overrides):
        base = dict(
            data_dir=tmp_path / "data", corpus_dir=corpus_copy, chroma_url=chroma_server.url, chroma_prefix=chroma_prefix,
            chroma_timeout_s=3.0,
        )
        return Settings(_env_file=None, **{**base, **overrides})

    return make


@pytest.fixture()
def store(server_settings, embeddings) -> ServerIndexStore:
    made = open_store(server_settings(), embeddings)
    assert isinstance(made, ServerIndexStore)
    return made


def test_build_on_the_server_then_open_with_metadata(store, chroma_server):
    assert store.status()[0] == "missing"
    built = store.ensure()
    assert store.status()[0] == "ready"
    assert built.manifest.recommendations == 19 and built.manifest.passages == len(built.passages)
    assert chroma_server.url in built.location and built.build == store.current_id()
    got = built.vectorstore.get(include=["metadatas"])
    v17 = {m["passage_id"]: m for m in got["metadatas"]}["lanzarote-factsheet-international-cooperation#V-17"]
    assert v17["recommendation"] == "V-17" and v17["level"] == "require" and "Norway" in v17["addressees"]
    assert [name for name, meta in store.builds()] == [built.build]
    assert store.builds()[0][1]["state"] == "complete"


def test_answers_from_the_server_are_the_answers_from_the_embedded_index(store, assistant, corpus):
    """The same questions (the gold set's dev split) get the very same Answer from both stores."""
    from assistant.assistant import Assistant
    from evals.gold import load_gold

    server_assistant = Assistant(assistant.settings, corpus, store.ensure())
    items = [i for i in load_gold(split="dev") if not i.history][:60]
    assert len(items) >= 30
    different = [i.question for i in items if server_assistant.ask(i.question).to_dict() != assistant.ask(i.question).to_dict()]
    assert not different, f"answers differ between the server and the embedded index: {different}"


def test_changed_corpus_makes_it_stale_then_a_new_build_is_switched_in_and_old_ones_pruned(store, corpus_copy):
    first = store.ensure()
    document = next(corpus_copy.glob("*.md"))
    document.write_text(document.read_text().replace("306", "307"))
    status, why = store.status()
    assert status == "stale" and "corpus" in why
    second = store.ensure()
    assert second.build != first.build and store.current_id() == second.build
    assert second.manifest.corpus_hash != first.manifest.corpus_hash
    third = store.build()
    names = [name for name, _ in store.builds()]
    # The current build and the one before it (other processes may still answer from it) remain.
    assert names == [second.build, third.build]


def test_crash_mid_build_leaves_the_previous_index_current_and_no_partial_collection(store, monkeypatch):
    good = store.ensure()
    calls = {"n": 0}
    original = store.embeddings.embed_documents

    def failing(texts):
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("simulated crash while embedding")
        return original(texts)

    monkeypatch.setattr(store.embeddings, "embed_documents", failing)
    with pytest.raises(RuntimeError, match="simulated crash"):
        store.build()
    monkeypatch.undo()
    assert store.current_id() == good.build
    assert [name for name, _ in store.builds()] == [good.build]
    assert store.open().build == good.build


def test_missing_vectors_make_it_corrupt_and_ensure_rebuilds(store):
    built = store.ensure()
    collection = store.server.client().get_collection(built.build, embedding_function=None)
    collection.delete(ids=[built.passages[0].id])
    status, why = store.status()
    assert status == "corrupt" and "vectors" in why
    rebuilt = store.ensure()
    assert rebuilt.build != built.build and store.status()[0] == "ready"


def test_a_build_lost_by_the_server_is_missing_and_rebuilt(store):
    built = store.ensure()
    store.server.client().delete_collection(built.build)
    assert store.status()[0] == "missing"
    with pytest.raises(IndexUnavailable) as lost:
        built.dense(built.embed("What is Norway required to do?"), k=3)
    assert lost.value.status == "missing"
    assert store.ensure().build != built.build


def test_processes_starting_together_build_once(server_settings, embeddings):
    """Three stores (as three app processes would have, each with its own client) start on an
    empty server at once: one builds, the others wait for the lock and open what it built."""
    stores = [open_store(server_settings(), embeddings) for _ in range(3)]
    results: list = [None] * 3
    errors: list = []

    def start(i: int) -> None:
        try:
            results[i] = stores[i].ensure().build
        except Exception as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=start, args=(i,)) for i in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(300)
    assert not errors
    assert len(set(results)) == 1 and results[0]
    assert [name for name, _ in stores[0].builds()] == [results[0]]


def test_an_abandoned_lock_expires(store, monkeypatch):
    """A builder that died holding the lock does not block the others once its lease has run out."""
    import index.backends as backends

    client = store.server.client()
    client.create_collection(store.lock_name, embedding_function=None, metadata={"owner": "dead:1:x", "expires": time.time() - 1})
    assert store.ensure().build == store.current_id()
    assert store.lock_name not in [c.name for c in client.list_collections()]
    assert backends.LOCK_LEASE_S > 0


def test_the_cli_indexes_on_the_server(server_settings, chroma_server, chroma_prefix, corpus_copy, monkeypatch):
    from typer.testing import CliRunner

    from assistant.cli import app as cli

    monkeypatch.setenv("LANZAROTE_CHROMA_URL", chroma_server.url)
    monkeypatch.setenv("LANZAROTE_CHROMA_PREFIX", chroma_prefix)
    monkeypatch.setenv("LANZAROTE_CORPUS_DIR", str(corpus_copy))
    result = CliRunner().invoke(cli, ["index"])
    assert result.exit_code == 0, result.output
    assert chroma_server.url in result.stdout and f"collection {chroma_prefix}-b-" in result.stdout
    again = CliRunner().invoke(cli, ["index"])
    assert "(up to date)" in again.stdout

    asked = CliRunner().invoke(cli, ["ask", "--json", "What is Norway required to do?"])
    assert asked.exit_code == 0 and '"V-17"' in asked.stdout

    monkeypatch.setenv("LANZAROTE_CHROMA_URL", "http://127.0.0.1:9")  # nothing listens there
    down = CliRunner().invoke(cli, ["index"])
    assert down.exit_code == 2
    assert "cannot be reached" in down.output and "chroma run" in down.output and "Traceback" not in down.output
    down = CliRunner().invoke(cli, ["ask", "What is Norway required to do?"])
    assert down.exit_code == 2 and "cannot be reached" in down.output and "Traceback" not in down.output


def test_a_server_down_or_frozen_is_an_error_within_the_time_out_and_the_same_store_recovers(chroma_process, server_settings, embeddings):
    server = chroma_process()
    store = open_store(server_settings(chroma_url=server.url, chroma_timeout_s=1.5), embeddings)
    built = store.ensure()
    vector = built.embed("What is Norway required to do?")
    assert built.dense(vector, 3)

    server.stop()
    started = time.monotonic()
    assert store.status()[0] == "unreachable"
    with pytest.raises(ChromaUnreachable, match="cannot be reached"):
        built.dense(vector, 3)
    assert time.monotonic() - started < 10, "a stopped server must be reported at once, not waited for"

    server.start()  # same port, same data
    assert built.dense(vector, 3) and store.open().build == built.build

    server.pause()  # accepts connections, never answers: only a time-out ends the wait
    try:
        started = time.monotonic()
        with pytest.raises(ChromaUnreachable, match="time-out"):
            built.dense(vector, 3)
        with pytest.raises(ChromaUnreachable):
            store.current_id()
        assert time.monotonic() - started < 4 * 1.5 * 2, "a frozen server must be given up on after the time-out"
    finally:
        server.resume()
    assert built.dense(vector, 3)


def test_questions_limited_to_a_document_on_the_server(server_settings, embeddings, tmp_path):
    """Several documents on the server: a question limited to one searches (the `where` filter on
    the server's collection) and cites only that one; an incremental build is not attempted."""
    from assistant.assistant import Assistant
    from corpus.collection import Corpus
    from tests.test_documents import FIXTURE, REAL, ROUND3, three_documents

    settings = server_settings(corpus_dir=three_documents(tmp_path / "three"))
    store = open_store(settings, embeddings)
    built = store.ensure()
    assert set(built.manifest.entries) == {FIXTURE, REAL, ROUND3}
    assert built.manifest.changes["full"] and built.manifest.changes["embedded"] == len(built.passages)
    assistant = Assistant(settings, Corpus.load(settings.corpus_dir), built)
    question = "Which recommendations concern the use of the Europol and INTERPOL databases?"
    assert {c.source for c in assistant.ask(question).citations} == {REAL, ROUND3}
    limited = assistant.ask(question, documents=[ROUND3])
    assert limited.citations and {c.source for c in limited.citations} == {ROUND3}
    scoped = assistant.scoped([FIXTURE])
    hits = scoped.index.dense(scoped.index.embed(question), k=10)
    assert hits and {p.document for p, _ in hits} == {FIXTURE}


def test_a_start_reads_the_builds_bm25_from_this_machines_cache(server_settings, embeddings, monkeypatch):
    """The server holds only vectors: the BM25 index is made once per build on this machine, then read."""
    from index.bm25 import Bm25Index

    settings = server_settings()
    built = open_store(settings, embeddings).ensure()
    cached = settings.data_dir / "cache" / "bm25" / built.build
    assert (cached / "ids").is_file()
    question = "victims complain in their State of residence"
    expected = [(p.id, round(s, 4)) for p, s in built.sparse(question, k=5)]

    def not_again(*args, **kwargs):
        raise AssertionError("the BM25 index was made again instead of read from the cache")

    monkeypatch.setattr(Bm25Index, "build", not_again)
    reopened = open_store(settings, embeddings).open()
    assert [(p.id, round(s, 4)) for p, s in reopened.sparse(question, k=5)] == expected

    (cached / "ids").write_text("another build's passages")  # a cache made for other passages is not used
    with pytest.raises(AssertionError, match="made again"):
        open_store(settings, embeddings).open()
