"""Errors that carry a message meant for the person asking, not a traceback."""


class AssistantError(Exception):
    """Base class: `str(error)` is safe and useful to show to a user."""


class InvalidQuestion(AssistantError, ValueError):
    """The question cannot be answered as given (empty, too long, not text)."""


class NotReady(AssistantError, RuntimeError):
    """The index or the store behind it is not available right now."""
