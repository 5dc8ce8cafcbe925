"""A chat model's reply, streamed under a time-out: the one way the answer path and the eval judge
call a language model.

The model runs in a worker thread so that the time-out holds even while it is still reading the
prompt; on a time-out the worker stops at the next piece it receives (llama.cpp then frees its
lock). A failure never raises: it is told in `Generation.problem`, with any secret masked, because
it may be shown to people.

    >>> from langchain_core.language_models.fake_chat_models import FakeListChatModel
    >>> stream_reply(FakeListChatModel(responses=["Norway must act."]), [], timeout_s=5)
    Generation(text='Norway must act.', problem=None)
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from langchain_core.language_models import BaseChatModel

OnToken = Callable[[str], None]


@dataclass
class Generation:
    """What the model wrote, and why it stopped early if it did."""

    text: str
    problem: str | None = None  # "timeout", or the error the model raised


def stream_reply(
    model: BaseChatModel, messages: list, *, timeout_s: float, on_token: OnToken | None = None, name: str = "model", secret: str = ""
) -> Generation:
    """Stream `model`'s reply to `messages`, passing each piece to `on_token`, until it ends or
    `timeout_s` has passed. `secret` (an API key) is masked in the problem's message."""
    pieces: queue.Queue = queue.Queue()
    cancel = threading.Event()

    def work() -> None:
        try:
            for chunk in model.stream(messages):
                if cancel.is_set():
                    break
                text = chunk.content if isinstance(chunk.content, str) else chunk.text
                if text:
                    pieces.put(("token", text))
            pieces.put(("done", None))
        except ValueError as error:
            # LangChain's way of saying that the model streamed nothing at all: an empty reply.
            pieces.put(("done", None) if "No generation chunks" in str(error) else ("error", error))
        except Exception as error:  # a broken server or model: told to the caller
            pieces.put(("error", error))

    threading.Thread(target=work, name=f"lanzarote-{name}", daemon=True).start()
    deadline = time.monotonic() + timeout_s
    written: list[str] = []
    while True:
        remaining = deadline - time.monotonic()
        try:
            if remaining <= 0:
                raise queue.Empty
            kind, value = pieces.get(timeout=remaining)
        except queue.Empty:
            cancel.set()
            return Generation("".join(written), "timeout")
        if kind == "token":
            written.append(value)
            if on_token:
                on_token(value)
        elif kind == "done":
            return Generation("".join(written))
        elif "Timeout" in type(value).__name__:  # the client's own time-out (e.g. OpenAITimeoutError)
            return Generation("".join(written), "timeout")
        else:
            message = str(value)
            if len(secret) >= 4:
                message = message.replace(secret, "***")  # notes are shown to people: never the key
            return Generation("".join(written), f"{type(value).__name__}: {message[:200]}")
