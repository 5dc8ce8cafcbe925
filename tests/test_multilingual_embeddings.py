"""The multilingual embedding models of the registry, loaded offline from their packages: LangChain
Embeddings that put a French question near the English passage that answers it, in a real Chroma
index. (The default model stays all-MiniLM-L6-v2: docs/french.md has the measurements.)"""

from __future__ import annotations

import numpy as np
import pytest

from index.embeddings import MODELS, load_embeddings

MULTILINGUAL = ["multilingual-e5-small", "use-multilingual-v3"]


@pytest.mark.parametrize("name", MULTILINGUAL)
def test_loads_offline_and_embeds_normalised_vectors(name):
    assert name in MODELS
    emb = load_embeddings(name)
    query = np.array(emb.embed_query("Que doit faire la Norvège ?"))
    docs = np.array(emb.embed_documents(["The Committee requires Norway to act.", "A recipe for apple pie."]))
    assert query.shape == (emb.dimension,) and docs.shape == (2, emb.dimension)
    assert np.allclose(np.linalg.norm(docs, axis=1), 1.0, atol=1e-3) and abs(np.linalg.norm(query) - 1.0) < 1e-3
    assert emb.embed_documents([]) == []


@pytest.mark.parametrize("name", MULTILINGUAL)
def test_a_french_question_is_nearest_its_english_answer(name):
    emb = load_embeddings(name)
    passages = [
        "The Committee invites Parties to integrate prevention in development assistance programmes for third States.",
        "The Committee requires Parties to ensure that victims can make a complaint before the authorities of their State of residence.",
        "Police co-operation through the Europol and INTERPOL databases.",
    ]
    vectors = np.array(emb.embed_documents(passages))
    query = np.array(emb.embed_query("Les victimes peuvent-elles porter plainte dans leur pays de résidence ?"))
    assert int(np.argmax(vectors @ query)) == 1


@pytest.mark.slow
def test_a_real_index_with_a_multilingual_model_finds_v17_from_french(tmp_path, corpus_copy):
    from index.store import IndexStore

    name = "use-multilingual-v3"  # the fastest of the two to index the whole factsheet
    built = IndexStore(tmp_path / "index", load_embeddings(name), name, corpus_copy).build()
    assert built.manifest.embedding_model == name
    hits = built.dense(built.embed("Quelles Parties doivent garantir que les victimes puissent porter plainte dans leur État de résidence ?"), k=5)
    assert "V-17" in [p.recommendation for p, _ in hits] or "V-18" in [p.recommendation for p, _ in hits]
