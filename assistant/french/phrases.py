"""The French wording of every sentence the assistant writes around the source's words.

The source is in English, and its words stay in English: a recommendation's text, a promising
practice, a quoted passage, a definition appear as the source says them, between « and », so
that a reader sees at once what is quoted and what is the assistant's framing. State names and
section titles are the source's too. Everything else is French.

    >>> say = phrases_for("fr")
    >>> say.count(2, "recommendation")
    '2 recommandations'
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from assistant.phrases import Phrases, register
from corpus.parties import french_names
from corpus.records import ALL_PARTIES, Level

_VERB = {Level.REQUIRE: "exige", Level.REQUEST: "demande", Level.INVITE: "invite"}
_INFINITIVE = {Level.REQUIRE: "exiger", Level.REQUEST: "demander", Level.INVITE: "inviter"}
# The nouns the composer counts, singular and plural.
_NOUNS = {
    "recommendation": ("recommandation", "recommandations"),
    "promising practice": ("pratique prometteuse", "pratiques prometteuses"),
    "term": ("terme", "termes"),
}


def state(name: str) -> str:
    """A State as the French framing names it ("Norvège"); the source's quotations keep "Norway"."""
    return french_names().get(name, name)


def quoted(text: str) -> str:
    """The source's own words, marked as a quotation."""
    return f"« {text} »"


class FrenchPhrases(Phrases):
    language = "fr"

    # Words --------------------------------------------------------------------------------------

    def level_verb(self, level: Level) -> str:
        return _VERB.get(level, level.verb)

    def level_name(self, level: Level) -> str:
        return _VERB.get(level, level.value)

    def article(self, article: str) -> str:
        return f"article {article}"

    def count(self, n: int, noun: str, bold: bool = False) -> str:
        number = f"**{n}**" if bold else str(n)
        singular, plural = _NOUNS.get(noun, (noun, noun + "s"))
        return f"{number} {plural if n > 1 else singular}"

    def names(self, names: Sequence[str], bold: bool = True) -> str:
        shown = [f"**{state(n)}**" if bold else state(n) for n in names]
        return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " et " + shown[-1]

    def documents(self, titles: Sequence[str], n: int | None = None) -> str:
        return f"la fiche thématique « {titles[0]} »" if (n if n is not None else len(titles)) == 1 else "les fiches thématiques"

    def of_document(self, title: str) -> str:
        return f" de *{title}*"

    def more_listed(self, n: int, noun: str, documents: int) -> str:
        return (f"… et {n} {'autre' if n == 1 else 'autres'} {self.count(n, noun).split(' ', 1)[1]} dans {self.count(documents, 'document')} : "
                "limitez la question à un document ou à un thème pour tout voir.")

    def _articles(self, articles: Sequence[str]) -> str:
        return ", ".join(f"l'{self.article(a)}" for a in articles)

    # Filters ------------------------------------------------------------------------------------

    def at_levels(self, levels: Sequence[Level]) -> str:
        return " au niveau " + " ou ".join(f"*{self.level_name(level)}*" for level in levels)

    def under_articles(self, articles: Sequence[str]) -> str:
        return " au titre de " + " ou de ".join(f"l'{self.article(a)}" for a in articles)

    def to_all_parties(self) -> str:
        return " à l'adresse de toutes les Parties"

    def to_named_parties(self) -> str:
        return " à l'adresse de Parties nommées"

    # Lines --------------------------------------------------------------------------------------

    def rec_line(self, rec_id: str, level: Level, articles: Sequence[str], section: str, statement: str, marker: int, of: str = "") -> str:
        shown = ", ".join(self.article(a) for a in articles)
        return f"- **{rec_id}** (*{self.level_verb(level)}* ; {shown} ; section {section}{of}) : {statement} [{marker}]"

    def statement(self, statement: str) -> str:
        return quoted(statement)

    def practice_line(self, countries: Sequence[str], section: str, text: str, marker: int, of: str = "") -> str:
        return f"- {', '.join(map(state, countries))} (section {section}{of}) : {quoted(text)} [{marker}]"

    def quote_line(self, where: str, quote: str, marker: int) -> str:
        return f"{where} : {quoted(quote)} [{marker}]"

    def definition_line(self, term: str, text: str, marker: int) -> str:
        level = next((lv for lv in Level if lv.value == term.strip().lower()), None)
        gloss = f" (*{_INFINITIVE[level]}*)" if level in _INFINITIVE else ""
        return f"- **« {term} »**{gloss} : {quoted(text)} [{marker}]"

    def where_provision(self, article: str, section_label: str, of: str = "") -> str:
        return f"L'{self.article(article)} de la Convention, cité dans la section {section_label}{of}"

    def where_practice(self, countries: Sequence[str], section: str, of: str = "") -> str:
        return f"Une pratique prometteuse ({', '.join(map(state, countries))} ; section {section}{of})"

    def where_footnote(self, section: str, of: str = "") -> str:
        return f"Une note de bas de page de la section {section}{of}"

    def where_section(self, section_label: str, of: str = "") -> str:
        return f"Section {section_label}{of}"

    # Recommendations by id ----------------------------------------------------------------------

    def no_such_recommendation(self, rec_id: str, documents: str, id_range: str) -> str:
        return (
            f"Il n'existe pas de recommandation **{rec_id}** dans {documents} : ses recommandations sont numérotées "
            f"de {id_range.replace(' to ', ' à ')}."
        )

    def named_in_all(self, names: Sequence[str], markers: str) -> str:
        return f"{self.names(names)} {'figure' if len(names) == 1 else 'figurent'} dans chacune de ces recommandations : {markers}."

    def named_in_none(self, markers: str) -> str:
        return f"Aucune Partie ne figure dans toutes ces recommandations : {markers}."

    def does_not_name(self, rec_ids: Sequence[str], party: str, named_in: Sequence[str]) -> str:
        where = f" {state(party)} figure dans {', '.join(named_in)}." if named_in else f" Aucune recommandation ne nomme {state(party)}."
        return f"**{', '.join(rec_ids)}** ne {'nomme' if len(rec_ids) == 1 else 'nomment'} pas **{state(party)}**.{where}"

    def does_not_say(self, rec_id: str, level: Level, asked: Sequence[Level]) -> str:
        wanted = " ou ".join(f"*{self.level_name(a)}*" for a in asked)
        return f"**{rec_id}** n'est pas au niveau {wanted} : le Comité y *{self.level_verb(level)}*."

    def names_parties(self, rec_id: str, addressees: Sequence[str]) -> str:
        named = [p for p in addressees if p != ALL_PARTIES]
        return f"{rec_id} nomme **{len(named)}** Parties." if named else f"{rec_id} s'adresse à toutes les Parties."

    # Parties ------------------------------------------------------------------------------------

    def named_in(self, party: str, n: int, filters: str, bold_count: bool = False) -> str:
        return f"**{state(party)}** figure dans {self.count(n, 'recommendation', bold=bold_count)}{filters} :"

    def named_together(self, parties: Sequence[str], n: int, filters: str) -> str:
        return f"{self.names(parties)} figurent ensemble dans {self.count(n, 'recommendation')}{filters} :"

    def none_names_both(self, parties: Sequence[str], filters: str) -> str:
        return f"Aucune recommandation{filters} ne nomme à la fois {self.names(parties)}."

    def practices_naming(self, parties: Sequence[str], n: int) -> str:
        noun = "Pratiques prometteuses" if n > 1 else "Pratique prometteuse"
        return f"{noun} citant {self.names(parties)} :"

    def none_names_party_on_subject(self, party: str, filters: str) -> str:
        return f"Aucune recommandation{filters} qui nomme **{state(party)}** ne porte sur le sujet de la question. {state(party)} figure dans :"

    def none_names_party_but(self, party: str, filters: str) -> str:
        return f"Aucune recommandation{filters} ne nomme **{state(party)}**. {state(party)} figure dans :"

    def none_names_party(self, party: str, documents: str, by_name: bool) -> str:
        return f"Aucune recommandation de {documents} ne nomme **{state(party)}**{' nommément' if by_name else ''}."

    def appears_in_practices(self, party: str, n: int) -> str:
        return f"{state(party)} apparaît dans {self.count(n, 'promising practice')} relevée{'s' if n > 1 else ''} par le Comité :"

    def does_not_mention(self, documents: str, party: str) -> str:
        return f"{self.capitalised(documents)} ne mentionne pas **{state(party)}**."

    def all_parties_hint(self, n: int) -> str:
        return (
            f"{self.count(n, 'recommendation')} {'s’adresse' if n == 1 else 's’adressent'} à toutes les Parties ; "
            "demandez « Quelles recommandations s'adressent à toutes les Parties ? » pour les voir."
        )

    def no_practice_naming(self, party: str, documents: str) -> str:
        return f"Le Comité n'a relevé aucune pratique prometteuse citant **{state(party)}** dans {documents}."

    # Filters and lists --------------------------------------------------------------------------

    def none_of_kind(self, documents: str, filters: str) -> str:
        return f"{self.capitalised(documents)} ne contient aucune recommandation{filters or ' de ce type'}."

    def none_on_subject(self, documents: str, filters: str) -> str:
        return f"{self.capitalised(documents)} ne contient aucune recommandation{filters or ' de ce type'} sur le sujet de la question."

    def parties_named_total(self, n: int, filters: str, per_rec: Sequence[tuple[str, int]]) -> str:
        detail = " ; ".join(f"{rec_id} en nomme {count}" for rec_id, count in per_rec)
        return f"**{n}** Parties sont nommées dans les recommandations{filters} ({detail}) :"

    def recommendations_are(self, n: int, filters: str, bold: bool) -> str:
        return f"{self.count(n, 'recommendation', bold=bold)}{filters or ' sur ce sujet'} :"

    def on_subject_elsewhere(self, filters: str) -> str:
        return f"Sur ce sujet, la fiche contient{filters} :"

    def what_exists(self, filters: str) -> str:
        return f"Ce que contient la fiche{filters} :"

    def recommendations_concern(self, articles: Sequence[str]) -> str:
        return f"Les recommandations portent sur {self._articles(articles)}."

    def what_it_says_of_it(self) -> str:
        return "Ce qu'en dit la fiche"

    DETAIL_NAMES: ClassVar[dict[str, str]] = {"deadline": "d'un délai", "sanction": "de sanctions ou de conséquences", "budget": "d'un budget ou d'un financement"}

    def no_figure(self, documents: str) -> str:
        return f"{self.capitalised(documents)} ne donne aucun chiffre à ce sujet."

    def no_detail(self, documents: str, details: Sequence[str]) -> str:
        named = " ni ".join(self.DETAIL_NAMES.get(d, d) for d in details)
        return f"{self.capitalised(documents)} ne dit rien {named}."

    def no_article_for(self, documents: str) -> str:
        return f"{self.capitalised(documents)} ne rattache cela à aucun article de la Convention."

    def all_recommendations(
        self, documents: str, n: int, id_range: str, by_level: Sequence[tuple[Level, Sequence[str]]], *, listed: bool = True, several: bool = False,
    ) -> str:
        parts = " ; ".join(f"{len(ids)} au niveau *{self.level_name(level)}*" + (f" ({', '.join(ids)})" if listed else "") for level, ids in by_level)
        return f"{self.capitalised(documents)} {'formulent' if several else 'formule'} **{n}** recommandations, de {id_range.replace(' to ', ' à ')} : {parts}."

    # Definitions and practices ------------------------------------------------------------------

    def no_definitions(self, documents: str) -> str:
        return f"{self.capitalised(documents)} ne définit pas ses niveaux d'urgence."

    def urgency_terms(self, n: int) -> str:
        return f"Le Comité indique l'urgence de ses recommandations par {self.count(n, 'term')} :"

    def no_practices(self, documents: str) -> str:
        return f"{self.capitalised(documents)} ne relève aucune pratique prometteuse."

    def identified_practices(self, n: int) -> str:
        return "Le Comité a relevé cette pratique prometteuse :" if n == 1 else "Le Comité a relevé ces pratiques prometteuses :"

    def all_practices(self, n: int, countries: Sequence[str]) -> str:
        return f"Le Comité a relevé {self.count(n, 'promising practice')}, citant {self.names(countries)} :"

    # Free questions -----------------------------------------------------------------------------

    def nothing_found(self, documents: str) -> str:
        return f"Je n'ai rien trouvé à ce sujet dans {documents}."

    def related_recommendations(self, n: int) -> str:
        return "Les recommandations liées :" if n > 1 else "La recommandation liée :"

    # Follow-ups about the last answer -------------------------------------------------------------

    def naming(self, parties: Sequence[str]) -> str:
        return " citant " + self.names(parties)

    def among_listed(self, n: int, of: int, filters: str, on_subject: bool, bold: bool = False) -> str:
        number = f"**{n}**" if bold else str(n)
        subject = " sur ce sujet" if on_subject else ""
        return f"Sur les {of} recommandations citées, {number} {'répond' if n == 1 else 'répondent'}{filters}{subject} :"

    def none_among_listed(self, of: int, filters: str, on_subject: bool) -> str:
        subject = " sur ce sujet" if on_subject else ""
        return f"Aucune des {of} recommandations citées n'est{filters}{subject}."

    def others_at_level(self, n: int, filters: str) -> str:
        return f"L'autre recommandation{filters} :" if n == 1 else f"Les {n} autres recommandations{filters} :"

    def none_other_at_level(self, filters: str) -> str:
        return f"Aucune autre recommandation n'est{filters}."

    def in_sections(self, labels: Sequence[str], n: int, filters: str) -> str:
        where = " et ".join(f"la section {label}" for label in labels)
        return f"{self.capitalised(where)} {'contient' if len(labels) == 1 else 'contiennent'} {self.count(n, 'recommendation')}{filters} :"

    def none_in_sections(self, labels: Sequence[str], filters: str) -> str:
        where = " et ".join(f"la section {label}" for label in labels)
        return f"Aucune recommandation{filters} ne figure dans {where}."

    def no_neighbour(self, rec_id: str, after: bool, documents: str) -> str:
        return f"**{rec_id}** est la {'dernière' if after else 'première'} recommandation de {documents} : aucune ne {'la suit' if after else 'la précède'}."

    def articles_of(self, groups: Sequence[tuple[str, Sequence[str]]]) -> str:
        return " ; ".join(f"{', '.join(ids)} : {' et '.join(self.article(a) for a in articles)}" for articles, ids in groups) + "."

    def practice_countries(self, countries: Sequence[str], n: int) -> str:
        return f"{'Les pratiques prometteuses en question citent' if n > 1 else 'La pratique prometteuse en question cite'} {self.names(countries)} :"

    def no_country_named(self) -> str:
        return "Le passage cité ne nomme aucun pays, et aucune pratique prometteuse voisine ne porte sur ce sujet."

    def named_in_both(self, parties: Sequence[str]) -> str:
        return f"{self.names(parties)} {'figure' if len(parties) == 1 else 'figurent'} dans les deux :"

    def unverifiable(self) -> str:
        return "Je n'ai pas trouvé dans la source de réponse que je puisse vérifier."

    # Refusals -----------------------------------------------------------------------------------

    def out_of_scope(self, titles: Sequence[str], examples: Sequence[str], more: int = 0) -> str:
        shown = " ; ".join(f"« {t} »" for t in titles) + (f" et {more} autres" if more > 0 else "")
        return (
            "Je ne peux répondre qu'aux questions sur les constats de suivi du Comité de Lanzarote "
            f"{'dans ce document' if len(titles) + more == 1 else 'dans ces documents'} : {shown}. "
            f"Vous pourriez demander, par exemple, {', '.join(examples[:-1])} ou {examples[-1]}."
        )

    def examples(self, rec_id: str | None, party: str | None) -> list[str]:
        found = [f"ce que dit la recommandation {rec_id}"] if rec_id else []
        if party:
            found.append(f"quelles recommandations concernent {state(party)}")
        found.append("quelles pratiques prometteuses le Comité a relevées")
        return found

    def safeguarding(self) -> str:
        return (
            "Je ne peux pas donner suite à cette demande. Elle porte sur quelque chose qui pourrait mettre des enfants en "
            "danger, et cet assistant ne répond qu'aux questions sur les constats de suivi du Comité de Lanzarote.\n\n"
            "- Si un enfant est en danger immédiat, appelez la police ou le numéro d'urgence (112 en Europe).\n"
            "- Les contenus d'abus sexuels sur enfants trouvés en ligne peuvent être signalés à une ligne de signalement "
            "nationale du réseau INHOPE (inhope.org) ou à la police.\n"
            "- Si vous êtes inquiet de vos propres pensées ou comportements sexuels envers des enfants, une aide "
            "confidentielle existe dans de nombreux pays (par exemple les lignes d'écoute Stop It Now) : demander de "
            "l'aide est une démarche responsable."
        )


FRENCH = FrenchPhrases()
register(FRENCH)
