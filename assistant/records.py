"""The records every interface shares: a conversation `Message`, a `Citation` and an `Answer`.

The CLI prints them, the REST API returns `Answer.to_dict()`, the web chat renders them and the
evals score them: one shape everywhere.
"""

from __future__ import annotations

from enum import Enum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from corpus.records import Level


class Message(BaseModel):
    """One turn of a conversation, as chat interfaces send it."""

    model_config = ConfigDict(frozen=True)

    role: Literal["user", "assistant"]
    content: str


class Outcome(str, Enum):
    ANSWERED = "answered"
    NOT_FOUND = "not_found"  # the question asks for something the source does not contain
    OUT_OF_SCOPE = "out_of_scope"  # not about the Committee's findings: refused
    UNSAFE = "unsafe"  # seeks abuse material or ways to harm children or evade detection: refused


class Citation(BaseModel):
    """A source passage that a statement of the answer rests on, with its exact wording."""

    model_config = ConfigDict(frozen=True)

    marker: int = Field(description="the [n] that the answer text uses for this source")
    recommendation: str | None = Field(description="the recommendation id, e.g. V-17, or None for other passages")
    articles: tuple[str, ...] = ()
    level: Level | None = None
    addressees: tuple[str, ...] = ()
    section: str = Field(description="the section's number and title, e.g. 'VII. Ensure that victims ...'")
    section_id: str
    source: str = Field(description="the document the passage comes from (its id: the file name without .md)")
    document_title: str = Field("", description="that document's title, from the corpus manifest")
    passage_id: str
    kind: str
    quote: str = Field(description="the passage exactly as the source says it")
    line: int


class Answer(BaseModel):
    model_config = ConfigDict(frozen=True)

    question: str
    text: str = Field(description="the answer in Markdown, with [n] markers")
    citations: tuple[Citation, ...] = ()
    outcome: Outcome = Outcome.ANSWERED
    notes: tuple[str, ...] = Field(default=(), description="what verification removed or changed, if anything")

    @property
    def refused(self) -> bool:
        return self.outcome in (Outcome.OUT_OF_SCOPE, Outcome.UNSAFE)

    @property
    def recommendations(self) -> list[str]:
        """The recommendation ids cited, in order of first citation."""
        return list(dict.fromkeys(c.recommendation for c in self.citations if c.recommendation))

    def to_dict(self) -> dict:
        data = self.model_dump(mode="json")
        data["refused"] = self.refused
        data["recommendations"] = self.recommendations
        return data
