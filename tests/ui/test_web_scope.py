"""Questions limited to documents or a theme, through the JSON API (`documents`, `theme` of
`POST /api/ask`; `GET /api/documents`), against the real app on a real two-document index."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.ui.test_web_api import error_of

#: Under "every document", the two-document corpus answers this from both documents.
BOTH = "What does the Committee request of all Parties?"


@pytest.fixture(scope="module")
def client(two_documents_engine, make_settings):
    from ui.app import create_app

    with TestClient(create_app(two_documents_engine.settings, two_documents_engine)) as client:
        yield client


@pytest.fixture(scope="module")
def ids(two_documents) -> list[str]:
    return list(two_documents.corpus.documents)


def sources(body: dict) -> set[str]:
    return {c["source"] for c in body["citations"]}


def test_documents_lists_the_manifest_entries_and_themes(client, two_documents):
    response = client.get("/api/documents")
    assert response.status_code == 200
    body = response.json()
    corpus = two_documents.corpus
    assert [d["id"] for d in body["documents"]] == list(corpus.documents)
    for entry in body["documents"]:
        info = corpus.documents[entry["id"]]
        assert entry == {"id": info.document, "title": info.title, "round": info.round, "theme": info.theme, "date": info.date, "language": info.language}
    assert body["themes"] == corpus.themes and len(body["themes"]) == 2


def test_unlimited_the_answer_draws_on_both_documents(client, ids):
    body = client.post("/api/ask", json={"question": BOTH}).json()
    assert sources(body) == set(ids)


def test_limited_to_one_document_cites_only_it(client, two_documents, ids):
    for document in ids:
        response = client.post("/api/ask", json={"question": BOTH, "documents": [document]})
        assert response.status_code == 200, response.text
        body = response.json()
        assert body == two_documents.ask(BOTH, documents=[document]).to_dict()
        assert body["citations"] and sources(body) == {document}


def test_limited_to_a_theme_cites_only_its_documents(client, two_documents):
    theme = two_documents.corpus.themes[0]
    (document,) = two_documents.corpus.with_theme(theme)
    body = client.post("/api/ask", json={"question": BOTH, "theme": theme.upper()}).json()  # case does not matter
    assert body["citations"] and sources(body) == {document}


def test_an_empty_list_of_documents_means_every_document(client, ids):
    body = client.post("/api/ask", json={"question": BOTH, "documents": []}).json()
    assert sources(body) == set(ids)


def test_unknown_document_is_a_422_listing_the_known_ones(client, ids):
    response = client.post("/api/ask", json={"question": BOTH, "documents": ["no-such-factsheet"]})
    assert response.status_code == 422
    message = error_of(response)
    assert "Unknown document 'no-such-factsheet'" in message
    assert all(repr(d) in message for d in ids)


def test_unknown_theme_is_a_422_listing_the_themes(client, two_documents):
    response = client.post("/api/ask", json={"question": BOTH, "theme": "Cooking"})
    assert response.status_code == 422
    message = error_of(response)
    assert "No document has the theme 'Cooking'" in message
    assert all(repr(t) in message for t in two_documents.corpus.themes)


def test_a_document_outside_the_theme_is_a_422(client, two_documents, ids):
    theme = two_documents.corpus.themes[0]
    other = next(d for d in ids if d not in two_documents.corpus.with_theme(theme))
    response = client.post("/api/ask", json={"question": BOTH, "documents": [other], "theme": theme})
    assert response.status_code == 422
    assert "None of the documents asked for has the theme" in error_of(response)


@pytest.mark.parametrize(
    ("extra", "where"),
    [
        ({"documents": "factsheet-chapter-iii"}, "documents: Input should be a valid list"),
        ({"documents": [1]}, "documents[0]: Input should be a valid string"),
        ({"documents": {"id": "x"}}, "documents: Input should be a valid list"),
        ({"theme": 5}, "theme: Input should be a valid string"),
        ({"theme": ["a", "b"]}, "theme: Input should be a valid string"),
    ],
)
def test_wrong_types_are_a_422_saying_where(client, extra, where):
    response = client.post("/api/ask", json={"question": BOTH, **extra})
    assert response.status_code == 422
    assert where in error_of(response)


def test_openapi_documents_the_fields_with_examples_from_the_corpus(client, ids, two_documents):
    spec = client.get("/openapi.json").json()
    assert "/api/documents" in spec["paths"]
    fields = spec["components"]["schemas"]["AskRequest"]["properties"]
    assert "GET /api/documents" in fields["documents"]["description"]
    assert "theme" in fields["theme"]["description"]
    examples = spec["paths"]["/api/ask"]["post"]["requestBody"]["content"]["application/json"]["examples"]
    assert examples["documents"]["value"]["documents"][0] in ids
    assert examples["theme"]["value"]["theme"] in two_documents.corpus.themes
    assert "422" in spec["paths"]["/api/ask"]["post"]["responses"]


def test_an_unknown_field_names_the_known_ones(client):
    response = client.post("/api/ask", json={"question": BOTH, "document": "x"})
    assert response.status_code == 422
    message = error_of(response)
    assert "'document' is not known" in message and "'documents'" in message and "'theme'" in message
