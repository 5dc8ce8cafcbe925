"""Typed records for what a factsheet contains.

These are the single source of truth for the answer path, the index, the web app and the evals:
everything they say about a recommendation comes from one of these records, which come from
parsing a document in corpus/documents, never from code.
"""

from __future__ import annotations

from enum import Enum

from pydantic import BaseModel, ConfigDict, Field

ALL_PARTIES = "all Parties"


class Level(str, Enum):
    """The Committee's urgency levels, strongest first."""

    REQUIRE = "require"
    REQUEST = "request"
    INVITE = "invite"

    @property
    def verb(self) -> str:
        """Third person singular, as in "The Committee requires"."""
        return self.value + "s"

    @property
    def rank(self) -> int:
        return list(Level).index(self)


class Record(BaseModel):
    model_config = ConfigDict(frozen=True)


class Footnote(Record):
    number: int
    text: str
    urls: tuple[str, ...] = ()
    line: int
    section: str | None = Field(default=None, description="the section whose text carries the marker")


class Section(Record):
    """A numbered part of a factsheet: a chapter ("VII") or a sub-section ("III.2")."""

    id: str
    number: str
    title: str
    articles: tuple[str, ...] = ()
    parent: str | None = None
    line: int

    @property
    def label(self) -> str:
        """How an answer names the section: "VII. Ensure that victims ...", "III.2 Ratification ..."."""
        return f"{self.number} {self.title}" if self.parent else f"{self.number}. {self.title}"


class Recommendation(Record):
    id: str
    level: Level
    addressees: tuple[str, ...]
    articles: tuple[str, ...]
    section: str
    text: str
    footnote: int
    line: int
    document: str

    @property
    def to_all_parties(self) -> bool:
        return self.addressees == (ALL_PARTIES,)

    @property
    def statement(self) -> str:
        """The recommendation as one sentence: "The Committee requires Norway ... to ensure ..."."""
        if self.to_all_parties:
            return f"The Committee {self.level.verb} all Parties {self.text}"
        return f"The Committee {self.level.verb} {self.text}"


class PromisingPractice(Record):
    id: str
    section: str
    countries: tuple[str, ...]
    text: str
    line: int
    document: str


class ContextParagraph(Record):
    id: str
    section: str
    text: str
    line: int
    document: str
    articles: tuple[str, ...] = Field(default=(), description="Articles the paragraph names, or quotes the text of")
    provision: str | None = Field(default=None, description="the quoted provision paragraph it belongs to, e.g. 38(2)")


class UrgencyDefinition(Record):
    level: Level
    term: str
    text: str
    line: int
    document: str


class DocumentInfo(Record):
    """What the corpus manifest (corpus/documents/manifest.yaml) says of one source document.

    A document in a folder without a manifest has its parsed title and nothing else.
    """

    document: str = Field(description="the document's id: its file name without .md")
    file: str
    title: str
    round: int | None = Field(default=None, description="the Lanzarote Committee's monitoring round")
    theme: str | None = None
    date: str | None = Field(default=None, description="YYYY-MM-DD, YYYY-MM or YYYY")
    language: str | None = Field(default=None, description="ISO 639-1 code")
    source_url: str | None = None
    line: int = Field(default=0, description="the entry's line in the manifest (0: no manifest)")

    @property
    def label(self) -> str:
        """How an answer names the document: its title, with its round when known."""
        return f"{self.title} (monitoring round {self.round})" if self.round else self.title


class Factsheet(Record):
    """One parsed source document."""

    document: str
    title: str
    path: str
    sections: tuple[Section, ...]
    recommendations: tuple[Recommendation, ...]
    practices: tuple[PromisingPractice, ...]
    paragraphs: tuple[ContextParagraph, ...]
    definitions: tuple[UrgencyDefinition, ...]
    footnotes: tuple[Footnote, ...]

    def section(self, section_id: str) -> Section:
        for section in self.sections:
            if section.id == section_id:
                return section
        raise KeyError(section_id)


class Passage(Record):
    """One indexed chunk: the unit that retrieval returns and citations quote."""

    id: str
    document: str
    kind: str = Field(description="recommendation, practice, context or definition")
    section: str
    section_title: str
    text: str
    recommendation: str | None = None
    level: Level | None = None
    addressees: tuple[str, ...] = ()
    articles: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    line: int

    def indexed_text(self) -> str:
        """What retrieval sees: the quoted text under a header naming what it is and where it sits."""
        header = [f"Section {self.section}: {self.section_title}."]
        if self.recommendation:
            level = self.level.verb if self.level else ""
            header.append(f"Recommendation {self.recommendation} ({level}; {', '.join(self.addressees)}).")
        elif self.countries:
            header.append(f"Promising practice: {', '.join(self.countries)}.")
        if self.articles:
            header.append("Articles " + ", ".join(self.articles) + ".")
        body = self.text
        if self.recommendation and self.level is not None:
            body = f"The Committee {self.level.verb} {'all Parties ' if self.addressees == (ALL_PARTIES,) else ''}{self.text}"
        return " ".join(header) + "\n" + body
