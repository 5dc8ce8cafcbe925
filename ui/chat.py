"""The chat: a question box, a selector of the documents or theme to answer from, the conversation
with cited answers, example questions to start with, and thumbs up/down with an optional comment on
each answer.

Answers come from `Engine.stream`. With a language model, it yields the model's sentences once each
is complete and its citations checked (a wrong citation must never flash on screen), and the chat
shows them as they come, as text without sources; then the verified `Answer` replaces them, with its
sources panel (and, after a time-out, the extractive answer with a note saying so). With the
extractive backend the `Answer` comes alone and whole; the chat then streams it into the
conversation piece by piece, and adds its sources panel when the text is complete. When every chat
worker is busy (others are waiting in the queue), it shows the answer whole at once instead: each
piece costs Gradio a round of work, and under load the pieces would only delay the next person.

The conversation lives in the browser session's `gr.State` (a list of turns); follow-up questions
send it to the assistant as history. Nothing of it is stored on the server unless the person
gives feedback.

    with gr.Blocks() as page:
        ChatView(engine, feedback_store, settings).render()
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import gradio as gr

from assistant.errors import InvalidQuestion, NotReady
from assistant.records import Answer
from assistant.settings import Settings
from corpus.collection import Corpus
from ui.engine import Engine
from ui.examples import example_questions
from ui.feedback import MAX_COMMENT_CHARS, FeedbackError, FeedbackStore, Vote
from ui.i18n import ENGLISH, Labels
from ui.limits import RateLimiter, client_key
from ui.render import render_answer, render_notice, render_pending, render_question, render_streaming

log = logging.getLogger("lanzarote.ui")

Turn = dict[str, Any]  # {"question", "answer" (Answer.to_dict() or None), "html", "feedback" (row id or None), "verdict"}

#: At most this many streamed pieces per answer, whatever its length. Each piece sends and
#: re-renders the message: 40 pieces held the chat to 12 answers/s at 64 clients, 10 to 22.
MAX_PIECES = 12


def stream_pieces(text: str, max_pieces: int = MAX_PIECES, min_words: int = 3) -> Iterator[str]:
    """Growing prefixes of `text`, cut after whitespace (so that a [n] marker or a word is never cut
    in two), the last one being `text` itself.

    >>> list(stream_pieces("a b c d e f g", max_pieces=3, min_words=1))
    ['a b c ', 'a b c d e f ', 'a b c d e f g']
    """
    cuts = [i + 1 for i, ch in enumerate(text) if ch.isspace() and (i + 1 < len(text)) and not text[i + 1].isspace()]
    words = len(cuts) + 1
    step = max(min_words, -(-words // max_pieces))
    for n in range(step, words, step):
        yield text[: cuts[n - 1]]
    yield text


#: The selector's value for "every document" (a document is "document:<id>", a theme "theme:<theme>").
ALL = "all"


def scope_choices(corpus: Corpus, labels: Labels = ENGLISH) -> list[tuple[str, str]]:
    """The selector's (label, value) pairs: every document, each document by its title, then each
    theme. Themes are offered only when there are several: one theme for every document is the
    same as "all"."""
    choices = [(labels.scope_all, ALL)]
    choices += [(info.label, f"document:{info.document}") for info in corpus.documents.values()]
    if len(corpus.themes) > 1:
        choices += [(labels.scope_theme.format(theme=theme), f"theme:{theme}") for theme in corpus.themes]
    return choices


def parse_scope(value: object) -> dict[str, list[str] | str]:
    """The selector's value as the keywords of `Engine.ask`/`Engine.stream` (none for "all")."""
    if not isinstance(value, str):
        return {}
    kind, _, name = value.partition(":")
    if kind == "document" and name:
        return {"documents": [name]}
    if kind == "theme" and name:
        return {"theme": name}
    return {}


def conversation_history(turns: list[Turn]) -> list[dict[str, str]]:
    """The turns that got an answer, as `Assistant.ask` takes them (oldest first)."""
    history: list[dict[str, str]] = []
    for turn in turns:
        if turn.get("answer"):
            history.append({"role": "user", "content": turn["question"]})
            history.append({"role": "assistant", "content": turn["answer"]["text"]})
    return history


def chat_messages(turns: list[Turn]) -> list[dict[str, str]]:
    """What the Chatbot shows: one user and one assistant message per turn."""
    messages: list[dict[str, str]] = []
    for turn in turns:
        if turn["question"]:
            messages.append({"role": "user", "content": render_question(turn["question"])})
        messages.append({"role": "assistant", "content": f'<div class="lz-reply">{turn["html"]}</div>'})
    return messages


def _turn_of_message(turns: list[Turn], index: int) -> int | None:
    """Which turn the Chatbot's message number `index` belongs to (for a vote on it)."""
    position = -1
    for number, turn in enumerate(turns):
        position += 2 if turn["question"] else 1
        if position == index:
            return number
    return None


class ChatView:
    def __init__(
        self, engine: Engine, feedback: FeedbackStore, settings: Settings, compact: bool = False, labels: Labels = ENGLISH,
        limiter: RateLimiter | None = None,
    ):
        self.engine = engine
        self.labels = labels
        self.feedback = feedback
        self.settings = settings
        self.compact = compact
        self.limiter = limiter
        self.delay = settings.stream_chunk_delay_ms / 1000
        self._answering = 0  # answers being computed or streamed now, by every event of this view
        self._answering_lock = threading.Lock()

    # Layout --------------------------------------------------------------------------------------

    def render(self) -> None:
        """Create the chat's components in the current `gr.Blocks` and wire their events."""
        turns = gr.State([])
        vote_target = gr.State(None)  # the feedback row that a comment goes to

        self.chatbot = gr.Chatbot(
            label="Conversation",
            show_label=False,
            elem_id="lz-chat",
            # A fixed height (not max_height): Gradio scrolls to the newest message only in a fixed-height chat.
            height="64vh" if not self.compact else "calc(100vh - 15rem)",
            min_height=340 if not self.compact else 240,
            render_markdown=False,  # render.py writes the HTML (escaped); Gradio still sanitises it
            line_breaks=False,
            latex_delimiters=[],
            sanitize_html=True,
            buttons=[],
            feedback_options=("Like", "Dislike"),
            layout="panel",
            placeholder=self.labels.chat_placeholder,
            examples=[{"text": q, "display_text": q} for q in example_questions(self.engine.corpus, language=self.labels.language)],
        )
        corpus = self.engine.corpus
        # With a single document there is nothing to choose: the selector stays hidden (the page's
        # subtitle already names the document) and every question goes to all documents, as a
        # person would expect. It is made from the corpus the engine parsed at start.
        scope = gr.Dropdown(
            scope_choices(corpus, self.labels),
            value=ALL,
            label=self.labels.scope_label,
            elem_id="lz-scope",
            visible=len(corpus.documents) > 1,
            filterable=False,
            min_width=220,
        )
        with gr.Row(equal_height=True, elem_id="lz-ask-row"):
            question = gr.Textbox(
                label=self.labels.question_label,
                placeholder=self.labels.question_example.format(
                    example=(example_questions(self.engine.corpus, 1, language=self.labels.language) or ["…"])[0]
                ),
                elem_id="lz-question",
                lines=1,
                max_lines=4,
                max_length=self.settings.max_question_chars,
                scale=5,
                min_width=280,  # narrower (a phone, a small iframe): the buttons go below
                autofocus=not self.compact,
            )
            with gr.Column(scale=1, min_width=130):
                ask = gr.Button(self.labels.ask, variant="primary", elem_id="lz-ask")
                clear = gr.Button(self.labels.new_conversation, variant="secondary", size="sm", elem_id="lz-clear")
        with gr.Column(visible=False, elem_id="lz-feedback") as feedback_box:
            comment = gr.Textbox(
                label=self.labels.comment_label,
                placeholder=self.labels.comment_placeholder,
                lines=2,
                max_lines=6,
                max_length=MAX_COMMENT_CHARS,
                elem_id="lz-comment",
            )
            send_comment = gr.Button(self.labels.send_comment, size="sm", elem_id="lz-send-comment")
        feedback_status = gr.HTML("", elem_id="lz-feedback-status")

        answer_outputs = [question, self.chatbot, turns, feedback_box, feedback_status]
        for trigger in (question.submit, ask.click):
            trigger(
                self.respond, [question, turns, scope], answer_outputs, concurrency_limit=self.settings.chat_concurrency, show_progress="hidden"
            )
        self.chatbot.example_select(
            self.respond_example, [turns, scope], answer_outputs, concurrency_limit=self.settings.chat_concurrency, show_progress="hidden"
        )
        cleared = [question, self.chatbot, turns, feedback_box, feedback_status, vote_target]
        clear.click(self.clear, None, cleared, show_progress="hidden")
        self.chatbot.clear(self.clear, None, cleared, show_progress="hidden")  # the Chatbot's own trash button
        self.chatbot.like(self.vote, [turns], [turns, vote_target, feedback_box, comment, feedback_status], show_progress="hidden")
        send_comment.click(self.comment, [vote_target, comment], [comment, feedback_box, feedback_status], show_progress="hidden")
        comment.submit(self.comment, [vote_target, comment], [comment, feedback_box, feedback_status], show_progress="hidden")

    # Asking --------------------------------------------------------------------------------------

    def respond(self, question: str, turns: list[Turn], request: gr.Request = None, scope: str = ALL) -> Iterator[tuple]:
        """Answer `question` in the light of the earlier turns, from the documents `scope` names
        (a value of `scope_choices`), streaming the answer in."""
        question = (question or "").strip() if isinstance(question, str) else ""
        turns = list(turns or [])
        hidden = gr.Column(visible=False)
        if not question:
            yield gr.skip(), gr.skip(), gr.skip(), gr.skip(), render_notice(self.labels.type_first, "info")
            return
        wait = self._rate_limited(request)
        if wait:  # the question stays in the box, to be sent again later
            yield gr.skip(), gr.skip(), gr.skip(), gr.skip(), render_notice(self.labels.rate_limited.format(limit=self.limiter.per_minute, wait=math.ceil(wait)), "error")
            return
        turn: Turn = {"question": question, "answer": None, "html": render_pending(self.labels), "feedback": None, "verdict": None}
        turns.append(turn)
        yield "", chat_messages(turns), turns, hidden, ""

        with self._counted():
            yield from self._answer(question, turns, scope)

    @contextmanager
    def _counted(self) -> Iterator[None]:
        """Count an answer among those in progress for as long as it is being computed or streamed."""
        with self._answering_lock:
            self._answering += 1
        try:
            yield
        finally:
            with self._answering_lock:
                self._answering -= 1

    def _busy(self) -> bool:
        """Every chat worker is answering: more questions may be waiting in Gradio's queue."""
        return self._answering >= self.settings.chat_concurrency

    def _answer(self, question: str, turns: list[Turn], scope: str) -> Iterator[tuple]:
        """`respond` once the question is accepted and its pending turn shown."""
        hidden = gr.Column(visible=False)
        number = len(turns) - 1
        turn = turns[-1]
        answer: Answer | None = None
        streamed = ""
        try:
            history = conversation_history(turns[:-1])
            items = self.engine.stream(
                question, history[-self.settings.max_history_messages:] if self.settings.max_history_messages else [], **parse_scope(scope)
            )
            for item in items:
                if isinstance(item, Answer):
                    answer = item
                    break
                streamed += item  # checked sentences of the model, shown as text until the Answer replaces them
                turn["html"] = render_streaming(streamed, self.labels)
                yield gr.skip(), chat_messages(turns), turns, hidden, ""
            if answer is None:
                raise RuntimeError("the answer stream ended without an answer")
        except (InvalidQuestion, NotReady) as error:
            turn["html"] = render_notice(str(error), "loading" if isinstance(error, NotReady) else "error")
            yield gr.skip(), chat_messages(turns), turns, hidden, ""
            return
        except Exception:  # never a traceback in the page; the log has it
            log.exception("answering failed")
            turn["html"] = render_notice(self.labels.went_wrong, "error")
            yield gr.skip(), chat_messages(turns), turns, hidden, ""
            return

        # The extractive backend gives the answer whole: stream it in piece by piece, unless others
        # are waiting for a worker. After the model's own pieces, the verified answer replaces them at once.
        pieces = [] if streamed or self._busy() else list(stream_pieces(answer.text))
        for piece in pieces[:-1]:
            turn["html"] = render_answer(answer, number, text=piece, with_sources=False, labels=self.labels)
            yield gr.skip(), chat_messages(turns), turns, hidden, ""
            if self.delay:
                time.sleep(self.delay)
        turn["answer"] = answer.to_dict()
        turn["html"] = render_answer(answer, number, labels=self.labels)
        yield gr.skip(), chat_messages(turns), turns, hidden, ""

    def respond_example(self, turns: list[Turn], scope: str, selected: gr.SelectData, request: gr.Request = None) -> Iterator[tuple]:
        value = selected.value if isinstance(selected.value, dict) else {"text": str(selected.value)}
        yield from self.respond(value.get("text", ""), turns, request, scope)

    def _rate_limited(self, request: gr.Request | None) -> float:
        """Seconds this person must wait before asking (0.0: ask now); the same allowance as the API's."""
        if self.limiter is None or not self.limiter.enabled:
            return 0.0
        headers = {k.lower().encode("latin-1"): v.encode("latin-1", "replace") for k, v in (request.headers.items() if request else [])}
        client = request.client if request is not None and request.client else None
        return self.limiter.check(client_key(headers, (client.host, 0) if client else None, self.settings.auth_header))

    def clear(self) -> tuple:
        return "", [], [], gr.Column(visible=False), "", None

    # Feedback ------------------------------------------------------------------------------------

    def vote(self, turns: list[Turn], data: gr.LikeData) -> tuple:
        """Store (or change, or withdraw) a thumbs up/down on an answer; then offer a comment box."""
        turns = [dict(t) for t in turns or []]
        index = data.index[0] if isinstance(data.index, (list, tuple)) else data.index
        number = _turn_of_message(turns, int(index))
        keep = (gr.skip(), gr.skip(), gr.skip(), gr.skip())
        if number is None or not turns[number].get("answer"):
            return (*keep, render_notice(self.labels.only_answers, "info"))
        turn = turns[number]
        verdict = {True: "up", False: "down"}.get(data.liked) if isinstance(data.liked, bool) else None
        try:
            if verdict is None:  # the vote was taken back
                if turn["feedback"] is not None:
                    self.feedback.withdraw(turn["feedback"])
                turn["feedback"], turn["verdict"] = None, None
                return turns, None, gr.Column(visible=False), gr.Textbox(value=""), render_notice(self.labels.rating_removed, "info")
            if turn["feedback"] is None:
                turn["feedback"] = self.feedback.run(Vote(question=turn["question"], answer=turn["answer"], verdict=verdict))
            elif turn["verdict"] != verdict:
                self.feedback.change_verdict(turn["feedback"], verdict)
            turn["verdict"] = verdict
        except FeedbackError as error:
            log.error("feedback not stored: %s", error)
            return (*keep, render_notice(self.labels.rating_failed, "error"))
        thanks = self.labels.thanks_up if verdict == "up" else self.labels.thanks_down
        return (
            turns,
            turn["feedback"],
            gr.Column(visible=True),
            gr.Textbox(value=""),
            render_notice(f"{thanks} {self.labels.add_comment}", "info"),
        )

    def comment(self, row: int | None, text: str) -> tuple:
        if row is None:
            return gr.skip(), gr.Column(visible=False), render_notice(self.labels.rate_first, "info")
        if not (text or "").strip():
            return gr.skip(), gr.skip(), render_notice(self.labels.comment_empty, "info")
        try:
            self.feedback.comment(row, text)
        except FeedbackError as error:
            log.error("feedback comment not stored: %s", error)
            return gr.skip(), gr.skip(), render_notice(self.labels.comment_failed, "error")
        return gr.Textbox(value=""), gr.Column(visible=False), render_notice(self.labels.comment_saved, "info")

