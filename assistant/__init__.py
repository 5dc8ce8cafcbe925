"""Question in, cited answer out: `from assistant import Assistant`.

Heavy parts (the embedding model, Chroma) load only when an `Assistant` is loaded, so importing
the records or the CLI stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.errors import AssistantError, InvalidQuestion, NotReady
from assistant.records import Answer, Citation, Message, Outcome
from assistant.settings import Settings

if TYPE_CHECKING:
    from assistant.assistant import Assistant

__all__ = ["Answer", "Assistant", "AssistantError", "Citation", "InvalidQuestion", "Message", "NotReady", "Outcome", "Settings"]


def __getattr__(name: str):
    if name == "Assistant":
        from assistant.assistant import Assistant

        return Assistant
    raise AttributeError(name)
