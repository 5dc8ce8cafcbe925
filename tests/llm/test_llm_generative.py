"""The generative composer with LangChain's fake chat models: what reaches the model, and every fallback."""

from __future__ import annotations

import re
from typing import Any

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from assistant.errors import InvalidQuestion
from assistant.records import Answer, Outcome
from evals.gold import load_gold


class RecordingChat(FakeListChatModel):
    """FakeListChatModel that also keeps the messages of every call."""

    calls: list = []

    def _stream(self, messages, stop=None, run_manager=None, **kwargs: Any):
        self.calls.append(messages)
        yield from super()._stream(messages, stop=stop, run_manager=run_manager, **kwargs)


def recording(response: str, **kwargs) -> RecordingChat:
    return RecordingChat(responses=[response], calls=[], **kwargs)


@pytest.fixture(scope="module")
def to_all(corpus):
    return next(r for r in corpus.recommendations if r.to_all_parties)


@pytest.fixture(scope="module")
def outsider(corpus, to_all):
    return corpus.parties[0]


@pytest.fixture
def question(to_all):
    """A question about one recommendation: a free-text answer, which the model may phrase."""
    return f"Summarise recommendation {to_all.id}."


def _supported(rec) -> str:
    return f"The Committee {rec.level.verb} all Parties {rec.text} [{rec.id}]"


def _stream(assistant, question, history=None):
    items = list(assistant.stream(question, history))
    assert isinstance(items[-1], Answer) and all(isinstance(i, str) for i in items[:-1])
    return "".join(items[:-1]), items[-1]


def test_a_supported_answer_is_the_models_with_markers(make_assistant, question, to_all):
    model = recording(_supported(to_all))
    streamed, answer = _stream(make_assistant(model), question)
    assert streamed == answer.text  # what streamed is the checked answer, markers and all
    assert len(model.calls) == 1
    assert answer.outcome is Outcome.ANSWERED and answer.notes == ()
    assert answer.recommendations == [to_all.id]
    assert answer.text == f"The Committee {to_all.level.verb} all Parties {to_all.text} [1]"
    assert answer.citations[0].quote == next(p.text for p in make_assistant().corpus.passages if p.recommendation == to_all.id)


def test_a_model_that_invents_v42_falls_back_to_the_extractive_answer(make_assistant, question, to_all):
    extractive = make_assistant().ask(question)
    answer = make_assistant(recording(f"The Committee {to_all.level.verb} all Parties {to_all.text} [V-42]")).ask(question)
    assert answer.text == extractive.text and answer.citations == extractive.citations
    assert "V-42" not in answer.text
    assert any("[V-42]" in n and "no such recommendation" in n for n in answer.notes)
    assert any("extractive answer" in n for n in answer.notes)


def test_a_model_that_cites_a_record_for_a_party_it_does_not_name_loses_that_sentence(make_assistant, question, to_all, outsider):
    bad = f"{outsider} must {to_all.text} [{to_all.id}]."
    streamed, answer = _stream(make_assistant(recording(f"{bad} {_supported(to_all)}")), question)
    # The unsupported sentence never reaches the reader, not even while the answer streams.
    assert outsider not in streamed and outsider not in answer.text and streamed == answer.text
    assert answer.text == f"The Committee {to_all.level.verb} all Parties {to_all.text} [1]"
    assert answer.recommendations == [to_all.id]
    assert any(f"does not name {outsider}" in n for n in answer.notes)
    assert not any("extractive answer" in n for n in answer.notes)


def test_a_model_that_says_nothing_falls_back(make_assistant, question):
    extractive = make_assistant().ask(question)
    answer = make_assistant(recording("")).ask(question)
    assert answer.text == extractive.text and answer.recommendations == extractive.recommendations
    assert any("wrote nothing" in n for n in answer.notes)


def test_a_model_that_only_says_it_cannot_answer_falls_back(make_assistant, question):
    extractive = make_assistant().ask(question)
    answer = make_assistant(recording("The records do not answer this question.")).ask(question)
    assert answer.text == extractive.text
    assert any("without a citation" in n for n in answer.notes)


def test_a_model_that_times_out_falls_back_with_a_note(make_assistant, question, to_all):
    extractive = make_assistant().ask(question)
    slow = recording(_supported(to_all), sleep=0.05)  # about 0.05 s a character: far beyond the time-out
    assistant = make_assistant(slow, llm_timeout_s=0.5)
    streamed, answer = _stream(assistant, question)
    assert streamed == ""  # the one sentence never finished: nothing unchecked was shown
    assert answer.text == extractive.text
    assert any("did not finish within 0.5 s" in n for n in answer.notes)


def test_a_model_that_fails_falls_back_with_a_note(make_assistant, question):
    extractive = make_assistant().ask(question)
    answer = make_assistant(recording("anything", error_on_chunk_number=0)).ask(question)
    assert answer.text == extractive.text
    assert any("failed (FakeListChatModelError" in n for n in answer.notes)


@pytest.mark.parametrize("category", ["unsafe", "out_of_scope", "nonexistent", "false_premise", "party", "count_list", "level"])
def test_refusals_not_found_and_structured_answers_never_reach_the_model(make_assistant, category):
    items = [i for i in load_gold(split="dev") if i.category == category and not i.history][:2]
    assert items
    model = recording("The Committee requires everyone to do everything [V-42].")
    generative, extractive = make_assistant(model), make_assistant()
    for item in items:
        expected = extractive.ask(item.question)
        streamed, answer = _stream(generative, item.question)
        assert streamed == ""
        assert (answer.text, answer.outcome, answer.citations) == (expected.text, expected.outcome, expected.citations)
    assert model.calls == []


def test_the_model_gets_the_question_the_records_and_the_earlier_questions(make_assistant, question, to_all):
    model = recording(_supported(to_all))
    earlier = "What does the factsheet cover?"
    make_assistant(model).ask(question, [{"role": "user", "content": earlier}, {"role": "assistant", "content": "..."}])
    [[system, human]] = model.calls
    body = human.text
    assert question in body[body.index("<question>") : body.index("</question>")]
    assert earlier in body[body.index("<earlier_questions>") : body.index("</earlier_questions>")]
    records = body[body.index("<records>") : body.index("</records>")]
    assert f"[{to_all.id}]" in records
    # A question about one recommendation gets that record alone.
    assert len(re.findall(r"^\[", records, re.MULTILINE)) == 1


def test_a_free_question_gets_extra_records(make_assistant, corpus):
    item = next(i for i in load_gold(split="dev") if i.category == "fact" and not i.history)
    model = recording("Nothing.")
    make_assistant(model, llm_extra_records=2).ask(item.question)
    [[_, human]] = model.calls
    records = human.text[human.text.index("<records>") : human.text.index("</records>")]
    assert len(re.findall(r"^\[", records, re.MULTILINE)) >= 3  # what the extractive answer cites, and two more


def test_structured_questions_can_be_given_to_the_model_by_setting(make_assistant):
    item = next(i for i in load_gold(split="dev") if i.category == "count_list" and not i.history)
    model = recording("Nothing.")
    make_assistant(model, llm_structured="model").ask(item.question)
    assert len(model.calls) == 1


def test_stream_with_the_extractive_backend_yields_the_answer_alone(make_assistant, question):
    assistant = make_assistant()
    items = list(assistant.stream(question))
    assert len(items) == 1 and items[0] == assistant.ask(question)


def test_stream_rejects_bad_input_before_the_first_item(make_assistant):
    with pytest.raises(InvalidQuestion):
        make_assistant(recording("x")).stream("   ")


def test_sentences_stream_as_they_are_checked(make_assistant, question, to_all, outsider):
    good = _supported(to_all) + "."
    bad = f"{outsider} must {to_all.text} [{to_all.id}]."
    pieces = [p for p in make_assistant(recording(f"{good} {bad} {good}")).stream(question) if isinstance(p, str)]
    assert len(pieces) >= 2  # the first sentence went out before the model had finished
    assert pieces[0] == f"The Committee {to_all.level.verb} all Parties {to_all.text} [1]"
    assert all(outsider not in p and f"[{to_all.id}]" not in p for p in pieces)
