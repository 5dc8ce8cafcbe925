"""The language model behind generative answers, as a LangChain chat model chosen by `Settings.backend`.

- `extractive`: no model (the default): `chat_model` returns None.
- `llamacpp`: a GGUF file run in this process (`LlamaCppChat`); by default the shipped
  Qwen2.5-Coder-1.5B-Instruct, assembled once from its packages (`ModelFiles`).
- `openai`: any OpenAI-compatible server (vLLM, Ollama, llama.cpp's server, a hosted endpoint)
  through `langchain-openai`, with base URL, model name and key from the settings.

The model libraries are the optional `llm` extra; a missing one gets a message that says so.

    >>> model = chat_model(Settings(backend="openai", llm_base_url="http://127.0.0.1:8080/v1"))
    >>> type(model).__name__
    'ChatOpenAI'
"""

from __future__ import annotations

from langchain_core.language_models import BaseChatModel

from assistant.errors import AssistantError
from assistant.settings import Settings

_EXTRA_HINT = "Install the optional extra: pip install -e '.[llm]'."


class BackendUnavailable(AssistantError):
    """The configured backend cannot be used; the message says why."""


def chat_model(settings: Settings) -> BaseChatModel | None:
    if settings.backend == "extractive":
        return None
    if settings.backend == "llamacpp":
        return _llamacpp(settings)
    if settings.backend == "openai":
        return _openai(settings)
    raise BackendUnavailable(f"unknown backend {settings.backend!r}: use extractive, llamacpp or openai")


def model_path(settings: Settings) -> str:
    """The GGUF file the llamacpp backend (and a local llama.cpp server) loads."""
    if settings.llm_model_path is not None:
        if not settings.llm_model_path.is_file():
            raise BackendUnavailable(f"LANZAROTE_LLM_MODEL_PATH points to {settings.llm_model_path}, which is not a file.")
        return str(settings.llm_model_path)
    from assistant.model_files import ModelFiles

    return str(ModelFiles(settings.models_dir).run())


def _llamacpp(settings: Settings) -> BaseChatModel:
    try:
        import llama_cpp  # noqa: F401
    except ImportError:
        raise BackendUnavailable(f"The llamacpp backend needs llama-cpp-python. {_EXTRA_HINT}") from None
    from assistant.llamacpp_chat import LlamaCppChat

    return LlamaCppChat(
        model_path=model_path(settings), n_ctx=settings.llm_context_tokens, n_threads=settings.llm_threads,
        max_tokens=settings.llm_max_tokens, temperature=settings.llm_temperature, seed=settings.llm_seed,
    )


def _openai(settings: Settings) -> BaseChatModel:
    try:
        from langchain_openai import ChatOpenAI
    except ImportError:
        raise BackendUnavailable(f"The openai backend needs langchain-openai. {_EXTRA_HINT}") from None
    # langchain-openai sends max_completion_tokens; llama.cpp's server and Ollama read max_tokens.
    extra_body = {"max_tokens": settings.llm_max_tokens} if settings.llm_send_max_tokens else None
    return ChatOpenAI(
        model=settings.llm_model, base_url=settings.llm_base_url, api_key=settings.llm_api_key,
        temperature=settings.llm_temperature, max_tokens=settings.llm_max_tokens, seed=settings.llm_seed,
        timeout=settings.llm_timeout_s, max_retries=0, streaming=True, extra_body=extra_body,
    )
