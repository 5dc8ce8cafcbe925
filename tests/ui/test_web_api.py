"""The JSON API (`POST /api/ask`, `GET /healthz`, /docs), the HTTP headers and access control,
against the real app on the shared index (in-process, through Starlette's TestClient)."""

from __future__ import annotations

import json
import re

import pytest
from fastapi.testclient import TestClient

NORWAY = "What is Norway required to do?"


@pytest.fixture(scope="module")
def client(engine, make_settings):
    from ui.app import create_app

    app = create_app(make_settings(frame_ancestors=["https://intranet.example.org", "http://127.0.0.1:9999"]), engine)
    with TestClient(app) as client:
        yield client


def error_of(response) -> str:
    body = response.json()
    assert set(body) == {"error"}, body
    assert "Traceback" not in body["error"]
    return body["error"]


# /api/ask -------------------------------------------------------------------------------------------


def test_ask_returns_the_same_answer_dict_as_the_cli(client, assistant, data_dir, monkeypatch):
    from typer.testing import CliRunner

    from assistant.cli import app as cli

    response = client.post("/api/ask", json={"question": NORWAY})
    assert response.status_code == 200
    body = response.json()
    assert body == assistant.ask(NORWAY).to_dict()
    assert "V-17" in body["recommendations"]
    assert any(c["recommendation"] == "V-17" and c["quote"] for c in body["citations"])

    monkeypatch.setenv("LANZAROTE_DATA_DIR", str(data_dir))
    result = CliRunner().invoke(cli, ["ask", "--json", NORWAY])
    assert result.exit_code == 0, result.output
    cli_line = next(line for line in result.stdout.splitlines() if line.startswith("{"))
    assert json.loads(cli_line) == body


def test_ask_with_history_answers_the_follow_up(client, assistant):
    first = client.post("/api/ask", json={"question": NORWAY}).json()
    history = [{"role": "user", "content": NORWAY}, {"role": "assistant", "content": first["text"]}]
    follow_up = "And what is it invited to do?"
    response = client.post("/api/ask", json={"question": follow_up, "history": history})
    assert response.status_code == 200
    assert response.json() == assistant.ask(follow_up, history).to_dict()
    # The history matters: without it the same words get another answer.
    assert response.json() != client.post("/api/ask", json={"question": follow_up}).json()


def test_refusal_is_an_answer_not_an_error(client):
    response = client.post("/api/ask", json={"question": "What is the weather in Paris tomorrow?"})
    assert response.status_code == 200
    assert response.json()["refused"] is True
    assert response.json()["outcome"] == "out_of_scope"
    assert response.json()["citations"] == []


def test_malformed_json_is_a_400_with_a_message(client):
    response = client.post("/api/ask", content=b'{"question": "What is V-1?"', headers={"content-type": "application/json"})
    assert response.status_code == 400
    assert "not valid JSON" in error_of(response)


def test_no_body_is_a_400(client):
    response = client.post("/api/ask", headers={"content-type": "application/json"})
    assert response.status_code == 400
    assert "no body" in error_of(response)


def test_missing_question_is_a_422_naming_the_field(client):
    response = client.post("/api/ask", json={"history": []})
    assert response.status_code == 422
    assert "'question' is required" in error_of(response)


def test_unknown_field_is_named(client):
    response = client.post("/api/ask", json={"question": NORWAY, "histroy": []})
    assert response.status_code == 422
    assert "'histroy' is not known" in error_of(response)


@pytest.mark.parametrize("question", ["", "   ", "\n\t"])
def test_empty_question_is_a_422(client, question):
    response = client.post("/api/ask", json={"question": question})
    assert response.status_code == 422
    assert "empty" in error_of(response)


def test_question_that_is_not_text_is_a_422(client):
    response = client.post("/api/ask", json={"question": 42})
    assert response.status_code == 422
    assert "question" in error_of(response)


def test_one_megabyte_question_is_a_413_saying_too_large(client):
    question = ("Which recommendations concern Norway? " * 30000)[: 1024 * 1024]
    response = client.post("/api/ask", json={"question": question})
    assert response.status_code == 413
    message = error_of(response)
    assert "too large" in message and "limit" in message


def test_long_question_under_the_body_limit_is_a_422_saying_too_long(client):
    question = ("Which recommendations concern Norway? " * 3000)[: 100_000]
    response = client.post("/api/ask", json={"question": question})
    assert response.status_code == 422
    message = error_of(response)
    assert "too long" in message and "limit" in message


@pytest.mark.parametrize(
    "history, expected",
    [
        ("not a list", r"history: Input should be a valid list"),
        ([{"role": "system", "content": "x"}], r"history\[0\]\.role: Input should be 'user' or 'assistant'"),
        ([{"role": "user"}], r"'history\[0\]\.content' is required"),
        ([{"role": "user", "content": 5}], r"history\[0\]\.content: Input should be a valid string"),
        ([["user", "hello"]], r"history\[0\]: Input should be a valid dictionary"),
    ],
)
def test_bad_history_is_a_422_saying_where(client, history, expected):
    response = client.post("/api/ask", json={"question": NORWAY, "history": history})
    assert response.status_code == 422
    assert re.search(expected, error_of(response)), error_of(response)


def test_wrong_method_is_a_clear_405(client):
    response = client.get("/api/ask")
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    assert "POST" in error_of(response)


def test_unknown_api_path_is_a_json_404(client):
    response = client.post("/api/answer", json={"question": NORWAY})
    assert response.status_code == 404
    assert "/api/ask" in error_of(response)


# /healthz -------------------------------------------------------------------------------------------


def test_healthz_is_ready_with_the_index_fingerprint(client, assistant):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ready"
    assert body["index"] == assistant.index.manifest.fingerprint[:12]
    assert body["version"]


def test_healthz_is_503_until_a_first_index_is_built(make_settings, tmp_path):
    """A fresh data dir: the app serves at once, says "loading" with progress, then turns ready."""
    from ui.app import create_app

    settings = make_settings(data_dir=tmp_path / "fresh")
    with TestClient(create_app(settings)) as fresh:
        first = fresh.get("/healthz")
        assert first.status_code == 503
        assert first.json()["status"] == "loading"
        refused = fresh.post("/api/ask", json={"question": NORWAY})
        assert refused.status_code == 503
        assert refused.headers["retry-after"]
        assert "preparing its index" in error_of(refused)
        seen_progress = False
        for _ in range(1200):
            body = fresh.get("/healthz").json()
            seen_progress |= bool(body.get("progress", {}).get("total"))
            if body["status"] != "loading":
                break
            import time

            time.sleep(0.1)
        assert body["status"] == "ready", body
        assert seen_progress, "no build progress was reported while loading"
        assert fresh.post("/api/ask", json={"question": NORWAY}).status_code == 200


# OpenAPI and docs ------------------------------------------------------------------------------------


def test_openapi_documents_both_endpoints(client):
    spec = client.get("/openapi.json").json()
    assert {"/api/ask", "/healthz"} <= set(spec["paths"])
    ask = spec["paths"]["/api/ask"]["post"]
    assert {"200", "400", "422", "503"} <= set(ask["responses"])
    answer = spec["components"]["schemas"]["AnswerResponse"]["properties"]
    assert {"text", "citations", "outcome", "refused", "recommendations"} <= set(answer)


def test_the_docs_examples_come_from_the_corpus_loaded(client, engine):
    from ui.examples import example_questions

    examples = client.get("/openapi.json").json()["paths"]["/api/ask"]["post"]["requestBody"]["content"]["application/json"]["examples"]
    first = example_questions(engine.corpus, 1)[0]
    assert examples["question"]["value"] == {"question": first}
    assert examples["follow_up"]["value"]["history"][0]["content"] == first
    assert examples["documents"]["value"]["documents"] == [next(iter(engine.corpus.documents))]


def test_docs_page_loads_its_assets_from_this_host(client):
    page = client.get("/docs")
    assert page.status_code == 200
    urls = re.findall(r"""(?:src|href)=["']([^"']+)["']""", page.text)
    assert urls and all(u.startswith("/") for u in urls), urls
    for url in urls:
        assert client.get(url).status_code == 200, url
    assert "https://" not in page.text.split("<body>")[0] + "".join(urls)


# Headers, embedding, access control -----------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/embed/", "/healthz", "/docs", "/openapi.json"])
def test_security_headers_on_every_response(client, path):
    response = client.get(path)
    assert response.status_code == 200
    csp = [d.strip() for d in response.headers["content-security-policy"].split(";")]
    assert "frame-ancestors 'self' https://intranet.example.org http://127.0.0.1:9999" in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "same-origin"
    assert "x-frame-options" not in response.headers


def test_embed_query_redirects_to_the_compact_view(client):
    response = client.get("/?embed=1&__theme=light", follow_redirects=False)
    assert response.status_code == 307
    assert response.headers["location"] == "/embed/?__theme=light"
    assert client.get("/?embed=0", follow_redirects=False).status_code == 200


def test_trusted_header_guards_everything_but_healthz(engine, make_settings):
    from ui.app import create_app

    with TestClient(create_app(make_settings(auth_header="X-Remote-User"), engine)) as guarded:
        assert guarded.get("/healthz").status_code == 200
        for path in ("/", "/embed/", "/docs"):
            denied = guarded.get(path)
            assert denied.status_code == 403
            assert "sign-in" in error_of(denied)
            assert "frame-ancestors" in denied.headers["content-security-policy"]
        assert guarded.post("/api/ask", json={"question": NORWAY}).status_code == 403
        assert guarded.get("/", headers={"X-Remote-User": "   "}).status_code == 403
        assert guarded.get("/", headers={"X-Remote-User": "jdoe"}).status_code == 200
        ok = guarded.post("/api/ask", json={"question": NORWAY}, headers={"X-Remote-User": "jdoe"})
        assert ok.status_code == 200 and "V-17" in ok.json()["recommendations"]


def test_basic_auth(engine, make_settings):
    from ui.app import create_app
    from ui.security import hash_password

    settings = make_settings(basic_auth_users={"alice": hash_password("correct horse", iterations=1000)})
    with TestClient(create_app(settings, engine)) as guarded:
        denied = guarded.get("/")
        assert denied.status_code == 401
        assert denied.headers["www-authenticate"].startswith("Basic realm=")
        assert guarded.get("/", auth=("alice", "wrong")).status_code == 401
        assert guarded.get("/", auth=("bob", "correct horse")).status_code == 401
        assert guarded.get("/", headers={"Authorization": "Basic !!notbase64"}).status_code == 401
        assert guarded.get("/", auth=("alice", "correct horse")).status_code == 200
        assert guarded.get("/healthz").status_code == 200


def test_basic_auth_refuses_plain_text_passwords(engine, make_settings):
    from ui.app import create_app

    with pytest.raises(ValueError, match="hash-password"):
        create_app(make_settings(basic_auth_users={"alice": "secret"}), engine)


def test_sub_path_works_whether_the_proxy_strips_it_or_not(engine, make_settings):
    from ui.app import create_app

    with TestClient(create_app(make_settings(root_path="/lanzarote"), engine)) as app:
        for prefix in ("", "/lanzarote"):
            assert app.get(f"{prefix}/healthz").status_code == 200
            assert app.post(f"{prefix}/api/ask", json={"question": NORWAY}).status_code == 200
            page = app.get(f"{prefix}/")
            assert page.status_code == 200 and '"root":"http://testserver/lanzarote"' in page.text.replace(" ", "")
            assert app.get(f"{prefix}/?embed=1", follow_redirects=False).headers["location"] == "/lanzarote/embed/"
            assert app.get(f"{prefix}/embed/").status_code == 200
        docs = app.get("/docs").text
        assert "'/lanzarote/openapi.json'" in docs and '"/lanzarote/docs-assets/swagger-ui-bundle.js"' in docs
