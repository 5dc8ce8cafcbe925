"""Every sentence the assistant writes around the source's own words, in one place per language.

The composer, the refusals and the verifier ask a `Phrases` object for their wording, so an
answer can be framed in the language of the question while the quotations from the source stay
as the source says them. `phrases_for(language)` picks the set.

    >>> say = phrases_for("en")
    >>> say.count(2, "recommendation")
    '2 recommendations'
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from corpus.records import ALL_PARTIES, Level


class Phrases:
    """English, the language of the source."""

    language = "en"

    # Words --------------------------------------------------------------------------------------

    def level_verb(self, level: Level) -> str:
        """As in "The Committee *requires*"."""
        return level.verb

    def level_name(self, level: Level) -> str:
        return level.value

    def article(self, article: str) -> str:
        return f"Article {article}"

    def count(self, n: int, noun: str, bold: bool = False) -> str:
        number = f"**{n}**" if bold else str(n)
        return f"{number} {noun}{'s' if n != 1 else ''}"

    def names(self, names: Sequence[str], bold: bool = True) -> str:
        shown = [f"**{n}**" if bold else n for n in names]
        return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]

    def documents(self, titles: Sequence[str], n: int | None = None) -> str:
        """The document(s) an answer draws on: one by its title (the first of `titles`), several as a group."""
        return f"the factsheet “{titles[0]}”" if (n if n is not None else len(titles)) == 1 else "the factsheets"

    def of_document(self, title: str) -> str:
        """Which document a line's record is in, when answers draw on several (ids repeat across them)."""
        return f" of *{title}*"

    def more_listed(self, n: int, noun: str, documents: int) -> str:
        """A list cut short (answers over many documents): how many more, and how to see them."""
        return (f"… and {self.count(n, 'more ' + noun)} in {self.count(documents, 'document')}: "
                "limit the question to a document or a theme to see them all.")

    def capitalised(self, text: str) -> str:
        return text[:1].upper() + text[1:]

    # Filters ("at the level require under Article 38(2)") ----------------------------------------

    def at_levels(self, levels: Sequence[Level]) -> str:
        return " at the level " + " or ".join(f"*{self.level_name(level)}*" for level in levels)

    def under_articles(self, articles: Sequence[str]) -> str:
        return " under " + " or ".join(self.article(a) for a in articles)

    def to_all_parties(self) -> str:
        return " addressed to all Parties"

    def to_named_parties(self) -> str:
        return " addressed to named Parties"

    def naming(self, parties: Sequence[str]) -> str:
        return " naming " + self.names(parties)

    # Lines --------------------------------------------------------------------------------------

    def rec_line(self, rec_id: str, level: Level, articles: Sequence[str], section: str, statement: str, marker: int, of: str = "") -> str:
        shown = ", ".join(self.article(a) for a in articles)
        return f"- **{rec_id}** (*{self.level_verb(level)}*; {shown}; section {section}{of}): {statement} [{marker}]"

    def statement(self, statement: str) -> str:
        """How a recommendation's own words appear in a line: as they are, in English."""
        return statement

    def practice_line(self, countries: Sequence[str], section: str, text: str, marker: int, of: str = "") -> str:
        return f"- {', '.join(countries)} (section {section}{of}): “{text}” [{marker}]"

    def quote_line(self, where: str, quote: str, marker: int) -> str:
        return f"{where}: “{quote}” [{marker}]"

    def definition_line(self, term: str, text: str, marker: int) -> str:
        return f"- **“{term}”**: {text} [{marker}]"

    def where_provision(self, article: str, section_label: str, of: str = "") -> str:
        return f"{self.article(article)} of the Convention, as quoted in section {section_label}{of}"

    def where_practice(self, countries: Sequence[str], section: str, of: str = "") -> str:
        return f"A promising practice ({', '.join(countries)}; section {section}{of})"

    def where_footnote(self, section: str, of: str = "") -> str:
        return f"A footnote in section {section}{of}"

    def where_section(self, section_label: str, of: str = "") -> str:
        return f"Section {section_label}{of}"

    # Recommendations by id ----------------------------------------------------------------------

    def no_such_recommendation(self, rec_id: str, documents: str, id_range: str) -> str:
        return f"There is no recommendation **{rec_id}** in {documents}: its recommendations are numbered {id_range}."

    def named_in_all(self, names: Sequence[str], markers: str) -> str:
        return f"{self.names(names)} {'is' if len(names) == 1 else 'are'} named in all of {markers}."

    def named_in_none(self, markers: str) -> str:
        return f"No Party is named in all of {markers}."

    def does_not_name(self, rec_ids: Sequence[str], party: str, named_in: Sequence[str]) -> str:
        where = f" {party} is named in {', '.join(named_in)}." if named_in else f" No recommendation names {party}."
        return f"**{', '.join(rec_ids)}** {'does' if len(rec_ids) == 1 else 'do'} not name **{party}**.{where}"

    def does_not_say(self, rec_id: str, level: Level, asked: Sequence[Level]) -> str:
        wanted = " or ".join(f"*{self.level_name(a)}*" for a in asked)
        return f"**{rec_id}** is not at the level {wanted}: the Committee *{self.level_verb(level)}* in it."

    def names_parties(self, rec_id: str, addressees: Sequence[str]) -> str:
        named = [p for p in addressees if p != ALL_PARTIES]
        return f"{rec_id} names **{len(named)}** Parties." if named else f"{rec_id} is addressed to all Parties."

    # Parties ------------------------------------------------------------------------------------

    def named_in(self, party: str, n: int, filters: str, bold_count: bool = False) -> str:
        return f"**{party}** is named in {self.count(n, 'recommendation', bold=bold_count)}{filters}:"

    def named_together(self, parties: Sequence[str], n: int, filters: str) -> str:
        return f"{self.names(parties)} are named together in {self.count(n, 'recommendation')}{filters}:"

    def none_names_both(self, parties: Sequence[str], filters: str) -> str:
        return f"No recommendation{filters} names both {self.names(parties)}."

    def practices_naming(self, parties: Sequence[str], n: int) -> str:
        return f"Promising practice{'s' if n > 1 else ''} naming {self.names(parties)}:"

    def none_names_party_on_subject(self, party: str, filters: str) -> str:
        return f"No recommendation{filters} that names **{party}** is about the subject of the question. {party} is named in:"

    def none_names_party_but(self, party: str, filters: str) -> str:
        return f"No recommendation{filters} names **{party}**. {party} is named in:"

    def none_names_party(self, party: str, documents: str, by_name: bool) -> str:
        return f"No recommendation in {documents} names **{party}**{' by name' if by_name else ''}."

    def appears_in_practices(self, party: str, n: int) -> str:
        return f"{party} appears in {self.count(n, 'promising practice')} that the Committee identified:"

    def does_not_mention(self, documents: str, party: str) -> str:
        return f"{self.capitalised(documents)} does not name **{party}**."

    def all_parties_hint(self, n: int) -> str:
        return (
            f"{self.count(n, 'recommendation')} {'is' if n == 1 else 'are'} addressed to all Parties; "
            "ask \"Which recommendations are addressed to all Parties?\" to see them."
        )

    def no_practice_naming(self, party: str, documents: str) -> str:
        return f"The Committee identified no promising practice naming **{party}** in {documents}."

    # Filters and lists --------------------------------------------------------------------------

    def none_of_kind(self, documents: str, filters: str) -> str:
        return f"No recommendation in {documents} is{filters or ' of that kind'}."

    def none_on_subject(self, documents: str, filters: str) -> str:
        return f"No recommendation in {documents}{filters or ' of that kind'} is about the subject of the question."

    def parties_named_total(self, n: int, filters: str, per_rec: Sequence[tuple[str, int]]) -> str:
        detail = "; ".join(f"{rec_id} names {count}" for rec_id, count in per_rec)
        return f"**{n}** Parties are named in the recommendations{filters} ({detail}):"

    def recommendations_are(self, n: int, filters: str, bold: bool) -> str:
        return f"{self.count(n, 'recommendation', bold=bold)} {'is' if n == 1 else 'are'}{filters or ' relevant'}:"

    def on_subject_elsewhere(self, filters: str) -> str:
        return f"On that subject, the factsheet has{filters}:"

    def what_exists(self, filters: str) -> str:
        return f"What the factsheet has{filters}:"

    def recommendations_concern(self, articles: Sequence[str]) -> str:
        return "The recommendations concern " + ", ".join(self.article(a) for a in articles) + "."

    def what_it_says_of_it(self) -> str:
        return "What the factsheet says of it"

    #: What a finding does not hold (see `assistant.analysis.DETAILS`), as the answer names it.
    DETAIL_NAMES: ClassVar[dict[str, str]] = {"deadline": "a deadline", "sanction": "sanctions or consequences", "budget": "a budget or funding"}

    def no_figure(self, documents: str) -> str:
        return f"{self.capitalised(documents)} gives no figure for that."

    def no_detail(self, documents: str, details: Sequence[str]) -> str:
        """ "The factsheet gives no deadline": asked of a finding, a detail the source does not hold."""
        named = " or ".join(self.DETAIL_NAMES.get(d, d) for d in details)
        return f"{self.capitalised(documents)} says nothing about {named}."

    def no_article_for(self, documents: str) -> str:
        return f"{self.capitalised(documents)} names no Article of the Convention for that."

    def all_recommendations(
        self, documents: str, n: int, id_range: str, by_level: Sequence[tuple[Level, Sequence[str]]], *, listed: bool = True, several: bool = False,
    ) -> str:
        """`listed`: each level's ids in brackets (not for thousands of recommendations over many documents)."""
        parts = "; ".join(f"{len(ids)} at the level *{self.level_name(level)}*" + (f" ({', '.join(ids)})" if listed else "") for level, ids in by_level)
        return f"{self.capitalised(documents)} {'make' if several else 'makes'} **{n}** recommendations, {id_range}: {parts}."

    # Definitions and practices ------------------------------------------------------------------

    def no_definitions(self, documents: str) -> str:
        return f"{self.capitalised(documents)} does not define its levels of urgency."

    def urgency_terms(self, n: int) -> str:
        return f"The Committee indicates the urgency of its recommendations with {self.count(n, 'term')}:"

    def no_practices(self, documents: str) -> str:
        return f"{self.capitalised(documents)} identifies no promising practice."

    def identified_practices(self, n: int) -> str:
        return "The Committee identified this promising practice:" if n == 1 else "The Committee identified these promising practices:"

    def all_practices(self, n: int, countries: Sequence[str]) -> str:
        return f"The Committee identified {self.count(n, 'promising practice')}, naming {self.names(countries)}:"

    # Free questions -----------------------------------------------------------------------------

    def nothing_found(self, documents: str) -> str:
        return f"I found nothing on this in {documents}."

    def related_recommendations(self, n: int) -> str:
        return "The related recommendation" + ("s:" if n > 1 else ":")

    def named_in_both(self, parties: Sequence[str]) -> str:
        return f"{self.names(parties)} {'is' if len(parties) == 1 else 'are'} named in both:"

    # Follow-ups about the last answer -------------------------------------------------------------

    def among_listed(self, n: int, of: int, filters: str, on_subject: bool, bold: bool = False) -> str:
        """"Which of them ...": how many of those just listed answer."""
        subject = " on that subject" if on_subject else ""
        number = f"**{n}**" if bold else str(n)
        return f"Of the {of} recommendations just listed, {number} {'is' if n == 1 else 'are'}{filters}{subject}:"

    def none_among_listed(self, of: int, filters: str, on_subject: bool) -> str:
        subject = " on that subject" if on_subject else ""
        return f"None of the {of} recommendations just listed is{filters}{subject}."

    def others_at_level(self, n: int, filters: str) -> str:
        return f"The other recommendation{filters}:" if n == 1 else f"The {n} other recommendations{filters}:"

    def none_other_at_level(self, filters: str) -> str:
        return f"No other recommendation is{filters}."

    def in_sections(self, labels: Sequence[str], n: int, filters: str) -> str:
        where = " and ".join(f"section {label}" for label in labels)
        return f"{self.capitalised(where)} {'holds' if len(labels) == 1 else 'hold'} {self.count(n, 'recommendation')}{filters}:"

    def none_in_sections(self, labels: Sequence[str], filters: str) -> str:
        where = " and ".join(f"section {label}" for label in labels)
        return f"No recommendation{filters} is in {where}."

    def no_neighbour(self, rec_id: str, after: bool, documents: str) -> str:
        return f"**{rec_id}** is the {'last' if after else 'first'} recommendation of {documents}: none comes {'after' if after else 'before'} it."

    def articles_of(self, groups: Sequence[tuple[str, Sequence[str]]]) -> str:
        """"Which Article do they implement?": each Article with the recommendations that implement it."""
        return "; ".join(f"{', '.join(ids)}: {' and '.join(self.article(a) for a in articles)}" for articles, ids in groups) + "."

    def practice_countries(self, countries: Sequence[str], n: int) -> str:
        return f"The promising practice{'s' if n > 1 else ''} concerned {'name' if n > 1 else 'names'} {self.names(countries)}:"

    def no_country_named(self) -> str:
        return "The passage quoted names no country, and no promising practice beside it is on that subject."

    def unverifiable(self) -> str:
        return "I could not find an answer in the source that I can verify."

    # Refusals -----------------------------------------------------------------------------------

    def out_of_scope(self, titles: Sequence[str], examples: Sequence[str], more: int = 0) -> str:
        shown = "; ".join(f"“{t}”" for t in titles) + (f" and {more} more" if more > 0 else "")
        return (
            "I can only answer questions about the Lanzarote Committee's monitoring findings in "
            f"{'this document' if len(titles) + more == 1 else 'these documents'}: {shown}. "
            f"You could ask, for example, {', '.join(examples[:-1])} or {examples[-1]}."
        )

    def examples(self, rec_id: str | None, party: str | None) -> list[str]:
        found = [f"what recommendation {rec_id} says"] if rec_id else []
        if party:
            found.append(f"which recommendations concern {party}")
        found.append("which promising practices the Committee identified")
        return found

    def safeguarding(self) -> str:
        return (
            "I can't help with this request. It asks for something that could put children at risk, and this assistant "
            "only answers questions about the Lanzarote Committee's monitoring findings.\n\n"
            "- If a child is in immediate danger, call the police or the emergency number (112 in Europe).\n"
            "- Child sexual abuse material found online can be reported to a national hotline of the INHOPE network "
            "(inhope.org) or to the police.\n"
            "- If you are worried about your own sexual thoughts or behaviour towards children, confidential help exists "
            "in many countries (for example the Stop It Now helplines): reaching out is a responsible step."
        )


ENGLISH = Phrases()
_BY_LANGUAGE: dict[str, Phrases] = {"en": ENGLISH}


def register(phrases: Phrases) -> None:
    _BY_LANGUAGE[phrases.language] = phrases


def all_phrases() -> list[Phrases]:
    """The phrases of every language registered."""
    return list(_BY_LANGUAGE.values())


def phrases_for(language: str | None) -> Phrases:
    """The phrases of `language`, or English when there are none for it."""
    return _BY_LANGUAGE.get(language or "en", ENGLISH)
