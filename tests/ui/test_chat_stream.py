"""The chat's answer handler (`ChatView.respond`, a generator) with a language model: the model's
checked sentences show as they come, then the verified answer with its sources replaces them; a
model that times out gives the extractive answer with its note. The model is LangChain's fake chat
model (a real one runs in tests/llm/); the rest is real: corpus, index, answer path, rendering."""

from __future__ import annotations

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel


@pytest.fixture(scope="module")
def to_all(assistant):
    """A recommendation to all Parties: a question on it gets a free-text answer the model may phrase."""
    return next(r for r in assistant.corpus.recommendations if r.to_all_parties)


@pytest.fixture(scope="module")
def question(to_all) -> str:
    return f"Summarise recommendation {to_all.id}."


def supported(rec) -> str:
    return f"The Committee {rec.level.verb} all Parties {rec.text} [{rec.id}]."


@pytest.fixture
def chat(assistant, make_settings, tmp_path):
    """chat(model, **settings) -> a ChatView whose engine's assistant phrases answers with `model`."""
    from assistant.assistant import Assistant
    from ui.chat import ChatView
    from ui.engine import Engine
    from ui.feedback import FeedbackStore

    def make(model, **overrides):
        settings = make_settings(stream_chunk_delay_ms=0, **overrides)
        generative = Assistant(settings, assistant.corpus, assistant.index, model=model)
        return ChatView(Engine(settings, assistant=generative), FeedbackStore(tmp_path / "f.sqlite3", "t"), settings)

    return make


def reply_html(output: tuple) -> str:
    """The last assistant message of one output of `respond`."""
    _, messages, *_ = output
    return messages[-1]["content"]


def test_model_sentences_stream_before_the_verified_answer_with_its_sources(chat, question, to_all):
    sentence = supported(to_all)
    view = chat(FakeListChatModel(responses=[f"{sentence} {sentence}"]))
    outputs = list(view.respond(question, []))

    streaming = [reply_html(o) for o in outputs if "lz-answer--streaming" in reply_html(o)]
    assert len(streaming) >= 2, "the model's sentences did not show one by one"
    assert all("lz-sources" not in html for html in streaming)  # no sources until the verified answer
    assert f"[{to_all.id}]" not in streaming[0] and "[1]" in streaming[0]  # checked text: markers, never raw ids
    assert len(streaming[0]) < len(streaming[-1])

    final = outputs[-1]
    html = reply_html(final)
    turn = final[2][-1]
    assert "lz-answer--streaming" not in html and "lz-sources" in html
    assert turn["answer"]["recommendations"] == [to_all.id] and turn["answer"]["citations"]
    assert turn["answer"]["citations"][0]["quote"] in html.replace("&#x27;", "'")
    assert turn["answer"]["notes"] == []
    # The streamed pieces came before the final answer, not after it.
    assert outputs.index(next(o for o in outputs if "lz-answer--streaming" in reply_html(o))) < len(outputs) - 1


def test_a_model_time_out_gives_the_extractive_answer_with_its_note(chat, assistant, question, to_all):
    extractive = assistant.ask(question)
    slow = FakeListChatModel(responses=[supported(to_all)], sleep=0.05)  # about 0.05 s a character: beyond the time-out
    outputs = list(chat(slow, llm_timeout_s=0.5).respond(question, []))

    turn = outputs[-1][2][-1]
    assert turn["answer"]["text"] == extractive.text
    assert turn["answer"]["citations"] == extractive.to_dict()["citations"]
    note = next(n for n in turn["answer"]["notes"] if "did not finish within 0.5 s" in n)
    html = reply_html(outputs[-1])
    assert "lz-notes" in html and note in html and "lz-sources" in html
    # Nothing of the model was shown: its one sentence never finished. The extractive answer streams in pieces.
    assert not any("lz-answer--streaming" in reply_html(o) for o in outputs)
    assert len(outputs) > 3


def test_the_extractive_backend_still_streams_the_answer_in_pieces(engine, make_settings, tmp_path, question):
    from ui.chat import ChatView
    from ui.feedback import FeedbackStore

    settings = make_settings(stream_chunk_delay_ms=0)
    outputs = list(ChatView(engine, FeedbackStore(tmp_path / "f.sqlite3", "t"), settings).respond(question, []))
    partial = [reply_html(o) for o in outputs[1:-1]]
    assert len(partial) >= 2 and all("lz-sources" not in h and "lz-answer--streaming" not in h for h in partial)
    assert "lz-sources" in reply_html(outputs[-1]) and outputs[-1][2][-1]["answer"]["citations"]


def test_streamed_text_is_escaped():
    from ui.render import render_streaming

    html = render_streaming('<script>alert(1)</script> <img src=x onerror="y"> **V-1** [1]')
    assert "<script" not in html and "<img" not in html and "&lt;script&gt;" in html
    assert "<strong>V-1</strong>" in html and "[1]" in html and "<a" not in html  # markers stay text: no sources yet


def test_when_every_chat_worker_is_busy_the_answer_comes_whole(engine, make_settings, tmp_path, question):
    """Under load the pieces would only delay the people waiting in the queue: with every worker
    answering, the pending turn is followed by the whole answer; once a worker is free, pieces again."""
    from ui.chat import ChatView
    from ui.feedback import FeedbackStore

    settings = make_settings(stream_chunk_delay_ms=0, chat_concurrency=2)
    view = ChatView(engine, FeedbackStore(tmp_path / "f.sqlite3", "t"), settings)
    first = view.respond(question, [])
    next(first), next(first)  # the first answer is in progress: one of the two workers is busy
    outputs = list(view.respond(question, []))
    assert len(outputs) == 2  # the pending turn, then the answer whole
    assert "lz-sources" in reply_html(outputs[-1]) and outputs[-1][2][-1]["answer"]["citations"]

    first.close()  # the first answer's worker is free again (a closed stream gives its slot back)
    assert len(list(view.respond(question, []))) > 3
