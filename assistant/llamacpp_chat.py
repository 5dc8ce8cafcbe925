"""A LangChain chat model over a GGUF file run in this process by llama.cpp (`llama-cpp-python`).

Written here rather than taken from `langchain-community` (which is being sunset and pulls in
SQLAlchemy, aiohttp and langchain-classic): all the answer path needs is chat completion with token
streaming, done in one short class. The chat template comes from the GGUF file itself.

llama.cpp's context is not thread-safe, so one lock serialises generations; a caller that stops
reading the stream (a time-out) ends the generation at the next token and releases the lock.

    >>> model = LlamaCppChat(model_path="/tmp/lanzarote/models/qwen.gguf", max_tokens=64)
    >>> "".join(chunk.content for chunk in model.stream("Say hello."))
    'Hello! ...'
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models.chat_models import BaseChatModel, generate_from_stream
from langchain_core.messages import AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGenerationChunk, ChatResult
from pydantic import PrivateAttr

_ROLES = {"system": "system", "human": "user", "ai": "assistant"}


class LlamaCppChat(BaseChatModel):
    model_path: str
    n_ctx: int = 4096
    n_threads: int | None = None
    max_tokens: int = 256
    temperature: float = 0.0
    seed: int = 0

    _llama: Any = PrivateAttr(default=None)
    _lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)

    def model_post_init(self, context: Any) -> None:
        from llama_cpp import Llama  # the optional `llm` extra

        self._llama = Llama(
            model_path=self.model_path, n_ctx=self.n_ctx, n_threads=self.n_threads, seed=self.seed, verbose=False
        )

    @property
    def _llm_type(self) -> str:
        return "llama-cpp"

    @property
    def _identifying_params(self) -> dict[str, Any]:
        return {"model_path": self.model_path, "n_ctx": self.n_ctx, "max_tokens": self.max_tokens, "temperature": self.temperature}

    def _generate(
        self, messages: list[BaseMessage], stop: list[str] | None = None, run_manager: CallbackManagerForLLMRun | None = None, **kwargs: Any
    ) -> ChatResult:
        return generate_from_stream(self._stream(messages, stop=stop, run_manager=run_manager, **kwargs))

    def _stream(
        self, messages: list[BaseMessage], stop: list[str] | None = None, run_manager: CallbackManagerForLLMRun | None = None, **kwargs: Any
    ) -> Iterator[ChatGenerationChunk]:
        payload = [{"role": _ROLES.get(m.type, "user"), "content": m.text} for m in messages]
        with self._lock:
            for part in self._llama.create_chat_completion(
                messages=payload, stream=True, max_tokens=kwargs.get("max_tokens", self.max_tokens),
                temperature=self.temperature, seed=self.seed, stop=stop or [],
            ):
                choice = part["choices"][0]
                text = choice.get("delta", {}).get("content") or ""
                finish = choice.get("finish_reason")
                if not text and not finish:
                    continue
                # The last chunk says why generation stopped ("stop", or "length" at max_tokens).
                chunk = ChatGenerationChunk(message=AIMessageChunk(content=text), generation_info={"finish_reason": finish} if finish else None)
                if run_manager and text:
                    run_manager.on_llm_new_token(text, chunk=chunk)
                yield chunk
