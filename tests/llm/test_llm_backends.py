"""Choosing the chat model by setting, and clear messages when it cannot be had."""

from __future__ import annotations

import pytest

from assistant.backends import BackendUnavailable, chat_model
from assistant.settings import Settings


def test_the_extractive_backend_has_no_model():
    assert chat_model(Settings(backend="extractive")) is None


def test_the_openai_backend_takes_url_model_key_and_limits_from_settings(need_openai):
    settings = Settings(
        backend="openai", llm_base_url="http://127.0.0.1:9/v1", llm_model="served-name", llm_api_key="k-123",
        llm_max_tokens=77, llm_timeout_s=9,
    )
    model = chat_model(settings)
    assert type(model).__name__ == "ChatOpenAI"
    assert (model.model_name, model.openai_api_base, model.openai_api_key.get_secret_value()) == ("served-name", "http://127.0.0.1:9/v1", "k-123")
    assert model.max_tokens == 77 and model.extra_body == {"max_tokens": 77} and model.temperature == 0
    assert model.request_timeout == 9 and model.max_retries == 0
    assert chat_model(settings.model_copy(update={"llm_send_max_tokens": False})).extra_body is None


def test_a_missing_gguf_file_is_a_clear_error(tmp_path):
    pytest.importorskip("llama_cpp")
    with pytest.raises(BackendUnavailable, match="is not a file"):
        chat_model(Settings(backend="llamacpp", llm_model_path=tmp_path / "nope.gguf"))


def test_the_backend_setting_accepts_only_known_backends():
    with pytest.raises(ValueError):
        Settings(backend="gpt")
