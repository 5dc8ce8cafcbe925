"""The real model: Qwen2.5-Coder-1.5B through llama.cpp in this process, and through llama.cpp's
OpenAI-compatible server on loopback. Marked `llm`: CI runs them; `pytest -m "not llm"` skips them."""

from __future__ import annotations

import json

import pytest

from assistant.assistant import Assistant
from assistant.composer import Draft
from assistant.generative import is_structured
from assistant.model_files import QWEN_CODER_1_5B
from assistant.records import Answer, Outcome
from assistant.verify import Verifier
from evals.gold import load_gold

pytestmark = pytest.mark.llm

MAX_TOKENS = 96  # short answers keep the suite quick on two cores


@pytest.fixture(scope="module")
def by_number(corpus):
    """A dev question about one recommendation, which the model phrases (not a structured one)."""
    from assistant.analysis import Analyser

    analyser = Analyser(corpus)
    return next(
        i for i in load_gold(split="dev")
        if i.category == "by_number" and not i.history and len(i.must_cite) == 1 and not is_structured(analyser.analyse(i.question))
    )


@pytest.fixture(scope="module")
def unsafe():
    return next(i for i in load_gold(split="dev") if i.category == "unsafe" and not i.history)


@pytest.fixture(scope="module")
def local(gguf_path, corpus, built_index) -> Assistant:
    base, index = built_index
    settings = base.model_copy(update={"backend": "llamacpp", "llm_model_path": gguf_path, "llm_max_tokens": MAX_TOKENS, "llm_timeout_s": 600})
    return Assistant(settings, corpus, index)


def _stream(assistant, question):
    items = list(assistant.stream(question))
    assert isinstance(items[-1], Answer)
    return "".join(items[:-1]), items[-1]


def _check_verified(answer: Answer, corpus, allowed: set[str]) -> None:
    """Every citation is real and among the records the model was given; verification finds nothing more to remove."""
    assert answer.citations
    assert set(answer.recommendations) <= allowed
    again = Verifier(corpus).run(answer.question, Draft(blocks=[answer.text], citations=list(answer.citations)))
    assert again.notes == () and again.text == answer.text


def test_the_shipped_model_file_is_assembled_and_checked(gguf_path):
    assert gguf_path.stat().st_size == QWEN_CODER_1_5B.size
    assert gguf_path.read_bytes()[:4] == b"GGUF"
    stamp = json.loads(gguf_path.with_name(gguf_path.name + ".checked").read_text())
    assert stamp["sha256"] == QWEN_CODER_1_5B.sha256 and stamp["size"] == QWEN_CODER_1_5B.size


def test_the_local_model_writes_an_answer_whose_citations_hold(local, corpus, by_number):
    streamed, answer = _stream(local, by_number.question)
    assert streamed.strip()  # the model was called and its text streamed
    assert answer.outcome is Outcome.ANSWERED
    _check_verified(answer, corpus, set(by_number.must_cite))
    # At temperature 0 this question gets a supported answer from the model, not the fallback.
    assert not any("extractive answer" in n for n in answer.notes), answer.notes
    assert answer.text != Assistant(local.settings.model_copy(update={"backend": "extractive"}), corpus, local.index).ask(by_number.question).text


def test_a_refusal_never_reaches_the_local_model(local, unsafe):
    streamed, answer = _stream(local, unsafe.question)
    assert streamed == "" and answer.outcome is Outcome.UNSAFE


def test_the_local_model_timing_out_gives_the_extractive_answer(local, corpus, by_number):
    settings = local.settings.model_copy(update={"llm_timeout_s": 0.05})
    hurried = Assistant(settings, corpus, local.index, model=local.composer.model)
    extractive = Assistant(settings.model_copy(update={"backend": "extractive"}), corpus, local.index).ask(by_number.question)
    answer = hurried.ask(by_number.question)
    assert answer.text == extractive.text
    assert any("did not finish within 0.05 s" in n for n in answer.notes)


# The OpenAI-compatible path, against llama.cpp's server on loopback ---------------------------------

@pytest.fixture(scope="module")
def server(gguf_path, need_openai):
    from evals.llm_server import LocalLlamaServer

    with LocalLlamaServer(gguf_path, alias="qwen-test", api_key="test-key") as running:
        yield running


def _openai(server, corpus, built_index, **overrides) -> Assistant:
    base, index = built_index
    settings = base.model_copy(update={
        "backend": "openai", "llm_base_url": server.base_url, "llm_model": "qwen-test", "llm_api_key": "test-key",
        "llm_max_tokens": MAX_TOKENS, "llm_timeout_s": 600, **overrides,
    })
    return Assistant(settings, corpus, index)


def test_an_openai_compatible_server_writes_an_answer_whose_citations_hold(server, corpus, built_index, by_number):
    streamed, answer = _stream(_openai(server, corpus, built_index), by_number.question)
    assert streamed.strip()
    assert answer.outcome is Outcome.ANSWERED
    _check_verified(answer, corpus, set(by_number.must_cite))
    assert not any("extractive answer" in n for n in answer.notes), answer.notes


def test_the_max_tokens_setting_reaches_the_server(server, gguf_path, corpus, built_index, by_number):
    # llama.cpp's server reads max_tokens, not langchain-openai's max_completion_tokens: without the
    # legacy field it would write until the context is full.
    from llama_cpp import Llama

    model = _openai(server, corpus, built_index, llm_max_tokens=16).composer.model
    written = model.invoke("Describe the Council of Europe in as much detail as you can.").text
    vocabulary = Llama(model_path=str(gguf_path), vocab_only=True, verbose=False)
    assert 0 < len(vocabulary.tokenize(written.encode(), add_bos=False, special=True)) <= 16 + 1


def test_a_wrong_key_gives_the_extractive_answer_with_a_note(server, corpus, built_index, by_number):
    answer = _openai(server, corpus, built_index, llm_api_key="wrong-key").ask(by_number.question)
    assert any("failed (" in n and "AuthenticationError" in n and "wrong-key" not in n for n in answer.notes), answer.notes
    assert answer.recommendations == by_number.must_cite


def test_a_server_that_is_too_slow_gives_the_extractive_answer(server, corpus, built_index, by_number):
    answer = _openai(server, corpus, built_index, llm_timeout_s=0.05).ask(by_number.question)
    assert any("did not finish within 0.05 s" in n for n in answer.notes), answer.notes
    assert answer.recommendations == by_number.must_cite
