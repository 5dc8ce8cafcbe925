"""The extractive composer: a readable answer built only from source sentences and record fields.

It needs no language model. Every statement it writes is either a record's own text (a
recommendation, a practice, a definition), a sentence quoted from a passage, or a fact read off
the records (a count, a list of Parties), and carries the marker of the citation it rests on.
Questions about Parties, levels and Articles are answered exactly and completely from the
recommendation records; other questions from the passages that retrieval found.

    >>> composer = ExtractiveComposer(corpus, retriever)
    >>> draft = composer.run(analysis, hits)
    >>> draft.outcome
    <Outcome.ANSWERED: 'answered'>
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from assistant.analysis import ACRONYM_QUESTION, EXISTENCE_WORDS, LEVEL_WORDS, Analysis, levels_named, named_terms, naming_words, paraphrased_words
from assistant.figures import HOW_WORDS, QUANTITY, Figures
from assistant.phrases import ENGLISH, Phrases, phrases_for
from assistant.records import Citation, Outcome
from assistant.retrieval import Hit, HybridRetriever
from corpus.articles import article_covers, find_articles
from corpus.collection import Corpus
from corpus.parties import fold, within_one_edit
from corpus.records import ALL_PARTIES, Level, Passage, PromisingPractice, Recommendation
from index.text import stem, tokens

#: Lists longer than this show each recommendation shortened; the full text is in its citation.
FULL_TEXT_UP_TO = 6
#: An answer drawing on several documents lists at most this many recommendations; it counts the
#: rest and says how to narrow the question (to a document or a theme). With hundreds of documents a
#: complete list would run to thousands of lines (and seconds to compose and verify).
MAX_LISTED = 50
SHORT_WORDS = 28
#: A recommendation that holds less than this share of a free question's words (rarity-weighted) is
#: not about it: listing it would cite what does not answer.
WEAK_COVERAGE = 0.25
#: Two words of a question side by side count as a phrase in a passage that holds them at most this many words apart.
PHRASE_GAP = 2

_STATE_NOUNS = frozenset(tokens("party parties state states country countries convention"))

# "Is V-1 a requirement?", "Are V-1 and V-2 invitations?": a question about the level, not one that assumes it.
_ASKS_LEVEL = re.compile(r"^\W*(?:is|are|was|were)\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.;!?])[”\"’)]?\s+(?=[A-Z“\"(‘])|\n")
_ABBREVIATION = re.compile(r"\b(?:e\.g|i\.e|Art|No|para|paras|cf|etc|St|Mr|Mrs|Dr|vs|p|pp)\.$")


@dataclass
class Draft:
    """An answer before verification: Markdown blocks, their citations and the outcome."""

    blocks: list[str] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    outcome: Outcome = Outcome.ANSWERED
    #: ids that the text may name without citing them (an id the user asked about that does not exist).
    uncited_mentions: set[str] = field(default_factory=set)
    #: the question rests on a premise the records contradict ("Norway falls under V-18"): not found.
    contradicted: bool = False
    #: the language the answer is framed in (quotations stay in the source's language).
    language: str = "en"
    #: marker of each cited passage, so that citing stays linear in the answer's length
    _markers: dict[str, int] = field(default_factory=dict, repr=False, compare=False)

    @property
    def text(self) -> str:
        return "\n\n".join(b for b in self.blocks if b)

    def cite(self, passage: Passage, section_label: str) -> int:
        if len(self._markers) != len(self.citations):  # citations added without cite()
            self._markers = {c.passage_id: c.marker for c in reversed(self.citations)}
        if (known := self._markers.get(passage.id)) is not None:
            return known
        marker = len(self.citations) + 1
        self._markers[passage.id] = marker
        self.citations.append(
            Citation(
                marker=marker, recommendation=passage.recommendation, articles=passage.articles, level=passage.level,
                addressees=passage.addressees, section=section_label, section_id=passage.section, source=passage.document,
                passage_id=passage.id, kind=passage.kind, quote=passage.text, line=passage.line,
            )
        )
        return marker


Search = Callable[[str], list[Hit]]


class ExtractiveComposer:
    def __init__(self, corpus: Corpus, retriever: HybridRetriever, figures: Figures | None = None):
        self.corpus = corpus
        self.retriever = retriever
        self.say: Phrases = ENGLISH
        self._passages = corpus.passage_by_id
        self._glosses: dict[tuple[str, str], tuple[str, frozenset[str]]] = {}
        self.figures = figures or Figures(corpus, split_sentences)

    # Entry point -------------------------------------------------------------------------------

    def run(self, analysis: Analysis, hits: list[list[Hit]], search: Search | None = None) -> Draft:
        """Compose an answer for each clause of `analysis`, with `hits[i]` retrieved for clause i."""
        self.say = phrases_for(analysis.language)
        draft = Draft(language=self.say.language)
        outcomes = []
        for clause, clause_hits in zip(analysis.clauses or (analysis,), hits):
            outcomes.append(self._clause(clause, clause_hits, draft, search))
        draft.outcome = Outcome.ANSWERED if Outcome.ANSWERED in outcomes and not draft.contradicted else Outcome.NOT_FOUND
        # Two clauses can lead to the same statement: say it once.
        draft.blocks = list(dict.fromkeys(draft.blocks))
        return draft

    def _clause(self, a: Analysis, hits: list[Hit], d: Draft, search: Search | None) -> Outcome:
        if a.details and not any(self.retriever.index.bm25.knows(w) for w in a.detail_words):
            return self._without_detail(a, hits, d, search)
        if a.edge is not None:
            return self._edge(a, d)
        if a.practices or (a.practice and a.sections and a.who):
            return self._practice_countries(a, d)
        if a.within is not None:
            return self._among(a, d)
        if a.rec_ids:
            return self._by_ids(a, d)
        if a.define:
            outcome = self._definitions(a, d)
            if a.levels and (a.list_ or a.count):
                self._filtered(a, d)
            return outcome
        if a.both and not a.parties and search is not None:
            outcome = self._common_addressees(a, d, search)
            if outcome is not None:
                return outcome
        if a.parties:
            return self._party(a, d)
        if a.most_parties and not a.rec_ids:
            return self._most_parties(a, d)
        if a.levels or a.articles or a.all_parties or a.named_only:
            return self._filtered(a, d)
        if a.parties_count and a.recommendation_word and not self._narrowing(a.topic):
            # "How many Parties are named in total across all recommendations?": counted off the records.
            return self._filtered(a, d)
        if (a.count or a.list_) and a.recommendation_word and not a.topic:
            # "Which recommendations deal with countries that are not Parties?": words that are usually
            # generic ("countries", "Parties") still tell recommendations apart when only a few have them.
            narrowing = self._narrowing(a.terms)
            if not narrowing:
                return self._all(a, d)
            a = replace(a, topic=narrowing)
        if a.practice and not a.recommendation_word:
            return self._practices(a, hits, d)
        if QUANTITY.search(fold(a.normalised or a.text)) and not a.recommendation_word and self.figures.looked_for(a):
            # "How many children contributed?": the sentence that gives the figure; "How often does the Committee
            # meet?": none does (a sentence with "often" in it is no answer).
            if figures := self.figures.matching(a):
                return self._quote_sentences(figures, d)
            d.blocks.append(self.say.no_figure(self._documents()))
            return Outcome.NOT_FOUND
        if _CONTACT.search(fold(a.normalised or a.text)) and (addresses := self._addresses()):
            # "What is the Committee's e-mail address?": the sentences that give one.
            return self._quote_sentences(addresses, d)
        return self._free(a, hits, d)

    def _addresses(self) -> list[tuple[Passage, str]]:
        """The sentences that give an e-mail address, and their passages."""
        return [(p, sentence) for p in self.corpus.passages if "@" in p.text for sentence in split_sentences(p.text) if _EMAIL.search(sentence)]

    def _without_detail(self, a: Analysis, hits: list[Hit], d: Draft, search: Search | None) -> Outcome:
        """"And what is the deadline for that?": the source gives no deadline (nor sanctions, nor a budget); what
        it says of what the question is about follows."""
        d.blocks.append(self.say.no_detail(self._documents(), a.details))
        asked = set(a.detail_words) | HOW_WORDS
        rest = replace(
            a, details=(), detail_words=(), topic=tuple(t for t in a.topic if t not in asked), terms=tuple(t for t in a.terms if t not in asked),
        )
        if rest.has_entities or rest.topic or rest.within is not None or rest.practices:
            blocks = len(d.blocks)
            d.blocks.append(f"{self.say.what_it_says_of_it()}:")
            self._clause(rest, hits, d, search)
            if len(d.blocks) == blocks + 1:
                d.blocks.pop()
        return Outcome.NOT_FOUND

    def _quote_sentences(self, found: list[tuple[Passage, str]], d: Draft) -> Outcome:
        """Quote sentences (each with its passage's citation), those of one passage together."""
        by_passage: dict[str, list[str]] = {}
        passages: dict[str, Passage] = {}
        for passage, sentence in found:
            by_passage.setdefault(passage.id, []).append(sentence)
            passages[passage.id] = passage
        for pid, sentences in by_passage.items():
            passage = passages[pid]
            marker = d.cite(passage, self._section_label(passage))
            if passage.kind == "practice":
                d.blocks.append(self.say.quote_line(self._where(passage), passage.text, marker))
                continue
            order = split_sentences(passage.text)
            keep = sorted({order.index(s) for s in sentences if s in order})
            d.blocks.append(self.say.quote_line(self._where(passage), _join_excerpts(order, keep) if keep else " … ".join(sentences), marker))
        return Outcome.ANSWERED

    # Recommendations by id ---------------------------------------------------------------------

    def _by_ids(self, a: Analysis, d: Draft) -> Outcome:
        # Ids repeat across documents: every document's recommendation with the id, each named with its document.
        found = [r for i in a.rec_ids for r in self.corpus.recommendations_with_id(i)]
        missing = [i for i in a.rec_ids if not self.corpus.recommendation(i)]
        for rec_id in missing:
            d.uncited_mentions.add(rec_id)
            d.uncited_mentions.update(re.findall(r"[A-Z]+-\d+", self.corpus.id_range()))
            d.blocks.append(self.say.no_such_recommendation(rec_id, self._documents(), self.corpus.id_range()))
        if not found:
            return Outcome.NOT_FOUND
        if a.both and len(found) > 1:
            common = _common(found)
            markers = ", ".join(f"{r.id} [{d.cite(self._passage_of(r), self._section_label(self._passage_of(r)))}]" for r in found)
            d.blocks.append(self.say.named_in_all(common, markers) if common else self.say.named_in_none(markers))
        outcome = Outcome.ANSWERED
        for party in a.parties:
            # "Norway falls under V-18, doesn't it?": a premise the record contradicts.
            wrong = [r for r in found if not r.to_all_parties and party not in r.addressees]
            if wrong:
                outcome = Outcome.NOT_FOUND
                d.contradicted = True
                named = self.corpus.addressed_to(party)
                d.blocks.append(self.say.does_not_name([r.id for r in wrong], party, [r.id for r in named]))
                found = list(dict.fromkeys([*found, *named]))
        # "Why does V-19 require ...?": a level the record does not have. "Is V-1 a requirement?" asks
        # for the level, and is answered; a question that takes the level for granted rests on a false premise.
        # "required, requested or invited?" names several levels to choose from: it assumes none.
        choice = len(set(a.levels) | set(levels_named(a.normalised or a.text))) > 1
        off_level = [r for r in found if a.levels and not a.define and not choice and r.level not in a.levels]
        for rec in off_level:
            d.blocks.append(self.say.does_not_say(rec.id, rec.level, a.levels))
        if off_level and not _ASKS_LEVEL.match(a.text):
            outcome = Outcome.NOT_FOUND
            d.contradicted = True
        if a.parties_count:
            for rec in found:
                d.blocks.append(self.say.names_parties(rec.id, rec.addressees))
        if a.article_word and len(found) > 1 and not a.define:
            # "Which Article do they implement?": each Article once, with the recommendations under it.
            groups: dict[tuple[str, ...], list[str]] = {}
            for rec in found:
                groups.setdefault(rec.articles, []).append(rec.id)
            d.blocks.append(self.say.articles_of(list(groups.items())))
        d.blocks.append(self._list(found, d))
        return outcome

    # Follow-ups about the last answer -------------------------------------------------------------

    def _edge(self, a: Analysis, d: Draft) -> Outcome:
        """"And the next one?" after the last recommendation of its document: there is none."""
        rec_id, step = a.edge
        rec = self.corpus.recommendation(rec_id)
        d.uncited_mentions.add(rec_id)
        d.blocks.append(self.say.no_neighbour(rec_id, step > 0, self.say.documents([self.corpus.title(rec.document)], 1)))
        return Outcome.NOT_FOUND

    def _among(self, a: Analysis, d: Draft) -> Outcome:
        """"Which of those are requests?", "... in the same section?": the recommendations the conversation
        pointed at (`a.within`) that meet the question's own conditions (level, Article, Party, words)."""
        candidates = [r for i in a.within or () if (r := self.corpus.recommendation(i))]
        recs = self._filter(a, candidates)
        if a.parties:
            recs = [r for r in recs if any(p in r.addressees for p in a.parties)]
        words = self._telling_words(a, candidates)
        if recs and words:
            coverages = self.retriever.coverages(words, [self._passage_of(r) for r in recs])
            best = max(coverages)
            recs = [r for c, r in zip(coverages, recs) if c > 0 and c >= 0.6 * best]
        phrase = self._filter_phrase(a)
        if a.parties:
            phrase += self.say.naming(a.parties)
        if a.among in ("level", "other-level"):
            if not recs:
                d.blocks.append(self.say.none_other_at_level(phrase))
                return Outcome.NOT_FOUND
            if a.among == "other-level":
                d.blocks.append(self.say.others_at_level(len(recs), phrase))
            else:
                d.blocks.append(self.say.recommendations_are(len(recs), phrase, bold=a.count))
        elif a.sections:
            labels = [self.corpus.section_label(document, section) for document, section in a.sections]
            if not recs:
                d.blocks.append(self.say.none_in_sections(labels, phrase))
                return Outcome.NOT_FOUND
            d.blocks.append(self.say.in_sections(labels, len(recs), phrase))
        elif not recs:
            d.blocks.append(self.say.none_among_listed(len(candidates), phrase, bool(words)))
            return Outcome.NOT_FOUND
        else:
            d.blocks.append(self.say.among_listed(len(recs), len(candidates), phrase, bool(words), bold=a.count))
        d.blocks.append(self._list(recs, d))
        return Outcome.ANSWERED

    def _telling_words(self, a: Analysis, candidates: list[Recommendation]) -> list[str]:
        """The question's words that tell `candidates` apart: known to the corpus, not a level or an
        intent word, held by some of them but not by all ("countries" among V-11 to V-13; not "Parties")."""
        level_words = {stem(w) for w in LEVEL_WORDS}
        # The topic, and the nouns for States that GENERIC_WORDS leaves out of it ("countries that are not Parties").
        # ... unless the question's "Parties" say to whom ("which of them name specific Parties?").
        state_nouns = frozenset() if a.named_only or a.all_parties or a.parties else _STATE_NOUNS
        words = [t for t in a.terms if (t in a.topic or t in state_nouns) and t not in level_words and self.retriever.index.bm25.knows(t)]
        passages = [self._passage_of(r) for r in candidates]
        telling = []
        for word in words:
            held = self._holders(word, passages)
            if 0 < held < len(passages) or held == 0:
                telling.append(word)
        return telling

    def _holders(self, word: str, passages: list[Passage]) -> int:
        """How many of `passages` contain `word`."""
        return sum(1 for c in self.retriever.coverages([word], passages) if c > 0)

    def _practice_countries(self, a: Analysis, d: Draft) -> Outcome:
        """"Which country is that?": the countries of the practices the last answer quoted; after a
        paragraph that names none, of the practices beside it (same section) on the earlier question's subject."""
        practices = [p for pid in a.practices if (p := self.corpus.practice_of(self._passages[pid])) is not None]
        if not practices and a.sections:
            beside = [p for p in self.corpus.practices if (p.document, p.section) in set(a.sections)]
            topic = [t for t in a.topic if self.retriever.index.bm25.knows(t)]
            if beside and topic:
                coverages = self.retriever.coverages(topic, [self._passage_of(p) for p in beside])
                best = max(coverages)
                practices = [p for c, p in zip(coverages, beside) if best > 0 and c >= best]
        if not practices:
            d.blocks.append(self.say.no_country_named())
            return Outcome.NOT_FOUND
        countries = list(dict.fromkeys(c for p in practices for c in p.countries))
        d.blocks.append(self.say.practice_countries(countries, len(practices)))
        d.blocks.append(self._practice_list(practices, d))
        return Outcome.ANSWERED

    # Parties -----------------------------------------------------------------------------------

    def _party(self, a: Analysis, d: Draft) -> Outcome:
        wants_practices = a.practice
        wants_recs = bool(a.recommendation_word or a.levels or a.articles or a.obligation)
        parties = list(a.parties)
        if a.both and len(parties) > 1 and wants_recs and not wants_practices:
            recs = [r for r in self._filter(a) if all(p in r.addressees for p in parties)]
            if not recs:
                d.blocks.append(self.say.none_names_both(parties, self._filter_phrase(a)))
                return Outcome.NOT_FOUND
            d.blocks.append(self.say.named_together(parties, len(recs), self._filter_phrase(a)))
            d.blocks.append(self._list(recs, d))
            return Outcome.ANSWERED
        if len(parties) > 1 and not wants_recs:
            # "the France–Romania co-operation": what names them together, if anything does.
            together = [p for p in self.corpus.practices_of(parties[0]) if all(x in p.countries for x in parties)]
            if together:
                d.blocks.append(self.say.practices_naming(parties, len(together)))
                d.blocks.append(self._practice_list(together, d))
                return Outcome.ANSWERED
        outcomes = []
        for party in parties:
            recs = self._filter(a, self.corpus.addressed_to(party))
            practices = self.corpus.practices_of(party)
            asks_recs = wants_recs and (a.recommendation_word or a.levels)
            if not self.corpus.addressed_to(party) and not practices and (not asks_recs or a.general):
                # Named in no recommendation and no practice: what the text says of it, if anything ("What does
                # the factsheet say about Morocco and which recommendations name it?": that, and that none does).
                if self._mentions(party, d):
                    if asks_recs:
                        d.blocks.append(self.say.none_names_party(party, self._documents(), bool(self.corpus.to_all_parties())))
                    outcomes.append(Outcome.ANSWERED)
                    continue
            if wants_practices and wants_recs:
                outcomes.append(self._party_both(a, party, recs, practices, d))
            elif wants_recs and self._practice_answers(a, recs, practices):
                # "What data must be stored under Hungary's legislation?": "must" is said of the Party's own
                # law, which a practice describes; the topic chooses between its practices and its recommendations.
                outcomes.append(self._party_topic(a, party, recs, practices, d))
            elif wants_practices:
                outcomes.append(self._party_practices(party, practices, d))
            elif wants_recs:
                outcomes.append(self._party_recs(a, party, recs, practices, d))
            else:
                outcomes.append(self._party_topic(a, party, recs, practices, d))
        return Outcome.ANSWERED if Outcome.ANSWERED in outcomes else Outcome.NOT_FOUND

    def _practice_answers(self, a: Analysis, recs: list[Recommendation], practices: list[PromisingPractice]) -> bool:
        """Whether a question that only says "must" about a Party is about one of its practices: one of them
        holds more of the question's topic words than any of its recommendations does."""
        if not practices or not a.topic or a.recommendation_word or a.levels or a.articles:
            return False
        topic = list(a.topic)
        best_practice = max(self.retriever.coverages(topic, [self._passage_of(p) for p in practices]))
        best_rec = max(self.retriever.coverages(topic, [self._passage_of(r) for r in recs]), default=0.0)
        # ... and holds at least half of them: "What must Italy do about police co-operation?" is not about the
        # Italian Development Co-operation, which holds "co-operation" only.
        return best_practice >= 0.5 and best_practice > best_rec

    def _subject_of_others(self, a: Analysis, recs: list[Recommendation]) -> list[Recommendation]:
        """The recommendations outside `recs` that are clearly about the question's subject (hold three
        quarters of its words) when none of `recs` is (holds a third); [] otherwise, or with no subject."""
        topic = [t for t in a.topic if self.retriever.index.bm25.knows(t)]
        # One word is too little to say the question rests on a false premise.
        if len(topic) < 2 or a.general:
            return []
        if max(self.retriever.coverages(topic, [self._passage_of(r) for r in recs])) >= 0.34:
            return []
        others = [r for r in self.corpus.recommendations if r not in recs]
        coverages = self.retriever.coverages(topic, [self._passage_of(r) for r in others])
        about = [r for c, r in zip(coverages, others) if c >= 0.75]
        return about if len(about) <= FULL_TEXT_UP_TO else []

    def _party_both(self, a: Analysis, party: str, recs: list[Recommendation], practices: list[PromisingPractice], d: Draft) -> Outcome:
        if recs:
            d.blocks.append(self.say.named_in(party, len(recs), self._filter_phrase(a)))
            d.blocks.append(self._list(recs, d))
        if practices:
            d.blocks.append(self.say.practices_naming([party], len(practices)))
            d.blocks.append(self._practice_list(practices, d))
        if not recs and not practices:
            return self._party_recs(a, party, recs, practices, d)
        return Outcome.ANSWERED

    def _party_recs(self, a: Analysis, party: str, recs: list[Recommendation], practices: list[PromisingPractice], d: Draft) -> Outcome:
        phrase = self._filter_phrase(a)
        if recs and (elsewhere := self._subject_of_others(a, recs)):
            # "Why is Norway required to withdraw its reservation?": the recommendations naming Norway are not
            # about reservations, others are. Norway's and those on the subject are shown.
            d.blocks.append(self.say.none_names_party_on_subject(party, phrase))
            d.blocks.append(self._list(recs, d))
            d.blocks.append(self.say.on_subject_elsewhere(""))
            d.blocks.append(self._list(elsewhere, d))
            return Outcome.NOT_FOUND
        if recs:
            d.blocks.append(self.say.named_in(party, len(recs), phrase, bold_count=a.count))
            d.blocks.append(self._list(recs, d))
            return Outcome.ANSWERED
        named = self.corpus.addressed_to(party)
        if named:
            d.blocks.append(self.say.none_names_party_but(party, phrase))
            d.blocks.append(self._list(named, d))
        else:
            d.blocks.append(self.say.none_names_party(party, self._documents(), bool(self.corpus.to_all_parties())))
            if practices:
                d.blocks.append(self.say.appears_in_practices(party, len(practices)))
                d.blocks.append(self._practice_list(practices, d))
            elif party not in self.corpus.parties and not self._mentions(party, Draft()):
                # (Morocco is named in a paragraph, in no recommendation: "no recommendation names it" stands.)
                d.blocks[-1] = self.say.does_not_mention(self._documents(), party)
        if self.corpus.to_all_parties() and not named:
            d.blocks.append(self.say.all_parties_hint(len(self.corpus.to_all_parties())))
        return Outcome.NOT_FOUND

    def _party_practices(self, party: str, practices: list[PromisingPractice], d: Draft) -> Outcome:
        if not practices:
            d.blocks.append(self.say.no_practice_naming(party, self._documents()))
            return Outcome.NOT_FOUND
        d.blocks.append(self.say.practices_naming([party], len(practices)))
        d.blocks.append(self._practice_list(practices, d))
        return Outcome.ANSWERED

    def _party_topic(self, a: Analysis, party: str, recs: list[Recommendation], practices: list[PromisingPractice], d: Draft) -> Outcome:
        """A question about a Party that is neither clearly about obligations nor about practices."""
        items: list[tuple[Passage, object]] = [(self._passage_of(r), r) for r in recs] + [(self._passage_of(p), p) for p in practices]
        if not items:
            return self._party_recs(a, party, recs, practices, d)
        if self._unheard_of(a):
            # "What sanctions did the Committee impose on Bulgaria?": the findings know no sanctions. Say so,
            # then what they do say of the Party.
            d.blocks.append(self.say.none_on_subject(self._documents(), self.say.naming([party])))
            d.blocks.append(f"{self.say.what_it_says_of_it()}:")
            self._party_topic(replace(a, topic=()), party, recs, practices, d)
            return Outcome.NOT_FOUND
        if a.topic and not a.general:
            scored = [(self.retriever.coverage(list(a.topic), passage), passage, item) for passage, item in items]
            best = max(s for s, _, _ in scored)
            if best > 0:
                items = [(passage, item) for s, passage, item in scored if s >= 0.5 * best]
        chosen_recs = [item for _, item in items if isinstance(item, Recommendation)]
        chosen_practices = [item for _, item in items if isinstance(item, PromisingPractice)]
        if chosen_recs:
            d.blocks.append(self.say.named_in(party, len(chosen_recs), ""))
            d.blocks.append(self._list(chosen_recs, d))
        if chosen_practices:
            d.blocks.append(self.say.practices_naming([party], len(chosen_practices)))
            d.blocks.append(self._practice_list(chosen_practices, d))
        return Outcome.ANSWERED

    def _unheard_of(self, a: Analysis) -> bool:
        """The question's main subject is a word the corpus never uses: a consequence for a Party
        (sanctions, fines: a monitoring body's findings hold none unless the corpus says so), or any
        subject when none of the question's words is in the corpus."""
        if not a.topic or a.general:
            return False
        known = [self.retriever.index.bm25.knows(t) for t in a.topic]
        return not known[0] and (a.topic[0] in _CONSEQUENCES or not any(known))

    def _mentions(self, party: str, d: Draft) -> bool:
        """Quote the sentences of context passages that name `party`."""
        found = False
        candidates = [p for p, _ in self.retriever.index.sparse(party, k=20) if p.kind in ("context", "footnote")]
        for passage in candidates:
            sentences = [s for s in split_sentences(passage.text) if party in self.corpus.gazetteer.find(s, adjectives=True)]
            if sentences:
                marker = d.cite(passage, self._section_label(passage))
                d.blocks.append(self.say.quote_line(self._where(passage), " ".join(sentences), marker))
                found = True
        return found

    # Filters: level, Article, all Parties --------------------------------------------------------

    def _filter(self, a: Analysis, recs: list[Recommendation] | None = None) -> list[Recommendation]:
        """The recommendations (of `recs`, by default all) that pass the question's level, Article and addressee filters."""
        recs = self.corpus.recommendations if recs is None else recs
        if a.levels:
            recs = [r for r in recs if r.level in a.levels]
        if a.articles:
            # Which of the corpus's Articles the question's cover, worked out once rather than per recommendation.
            covered = {art for art in self.corpus.recommendation_articles if any(article_covers(q, art) for q in a.articles)}
            recs = [r for r in recs if not covered.isdisjoint(r.articles)]
        if a.all_parties and not a.parties:
            recs = [r for r in recs if r.to_all_parties]
        if a.named_only:
            recs = [r for r in recs if not r.to_all_parties]
        return recs

    def _filter_phrase(self, a: Analysis) -> str:
        parts = []
        if a.levels:
            parts.append(self.say.at_levels(a.levels))
        if a.articles:
            parts.append(self.say.under_articles(a.articles))
        if a.all_parties and not a.parties:
            parts.append(self.say.to_all_parties())
        if a.named_only:
            parts.append(self.say.to_named_parties())
        return "".join(parts)

    def _filtered(self, a: Analysis, d: Draft) -> Outcome:
        level_words = {stem(w) for w in LEVEL_WORDS}
        term_words: tuple[str, ...] = ()
        if not a.topic and a.paraphrased and (narrowing := self._narrowing(tuple(t for t in a.terms if t not in level_words))):
            # "Which recommendations under Article 38(1) concern non-Parties?": the term's words ("countries
            # that are not Parties"), usually generic, are the subject.
            a = replace(a, topic=narrowing)
        elif a.topic and (named := named_terms(fold(a.normalised or a.text))):
            # "Why does the Committee invite Parties to co-operate with countries that are not Parties?": the term's
            # words that tell recommendations apart ("countries") narrow those on the subject ("co-operate"): they
            # never let in one that lacks the rest of it ("on investigations").
            term_words = self._narrowing(tuple(t for term in named for t in tokens(term) if t not in level_words and t not in a.topic))
        matching = recs = self._filter(a)
        if recs and a.topic and not a.define:
            recs = self._on_topic(recs, a)
            if term_words and recs:
                held = self.retriever.coverages(list(term_words), [self._passage_of(r) for r in recs])
                recs = [r for c, r in zip(held, recs) if c >= 0.99] or recs
        phrase = self._filter_phrase(a)
        if not recs:
            asks_recommendations = a.recommendation_word or a.levels or a.all_parties or a.named_only
            if a.articles and not asks_recommendations and self._article_mentions(a.articles, d, why=bool(_WHY.search(a.normalised or a.text))):
                # "What does Article 38(3) provide?": the source quotes or discusses it, with no recommendation on it.
                return Outcome.ANSWERED
            if matching:
                # Recommendations of that kind exist, none on the question's subject: say exactly that
                # (never "none is at the level require" when some are).
                d.blocks.append(self.say.none_on_subject(self._documents(), phrase))
                self._on_subject_elsewhere(a, d)
                return Outcome.NOT_FOUND
            d.blocks.append(self.say.none_of_kind(self._documents(), phrase))
            if not self._nearest(a, d) and a.articles:
                self._article_mentions(a.articles, d, lead=self.say.what_it_says_of_it())
            return Outcome.NOT_FOUND
        if a.parties_count:
            # The Parties named: only the recommendations that name some count (and are cited).
            recs = [r for r in recs if not r.to_all_parties] or recs
            named = list(dict.fromkeys(p for r in recs for p in r.addressees if p != ALL_PARTIES))
            per_rec = [(r.id, len([p for p in r.addressees if p != ALL_PARTIES])) for r in recs]
            d.blocks.append(self.say.parties_named_total(len(named), phrase, per_rec))
        else:
            d.blocks.append(self.say.recommendations_are(len(recs), phrase, bold=a.count))
        d.blocks.append(self._list(recs, d))
        asks_recommendations = a.recommendation_word or a.levels or a.all_parties or a.named_only or a.parties or a.count or a.who
        if a.articles and not asks_recommendations:
            # "What does Article 20(1)(f) criminalise?": what the document says of the Article, beside
            # the recommendations on it.
            self._article_mentions(a.articles, d, lead=self.say.what_it_says_of_it(), why=bool(_WHY.search(a.normalised or a.text)))
        return Outcome.ANSWERED

    def _on_subject_elsewhere(self, a: Analysis, d: Draft) -> None:
        """After "none at that level (or under that Article) is about it": the ones about it without that
        condition, if a few are ("Are any recommendations on investigations requirements?": V-14 to V-16 invite)."""
        for relaxed in (replace(a, levels=()), replace(a, articles=())):
            if relaxed == a:
                continue
            recs = self._filter(relaxed)
            recs = self._on_topic(recs, relaxed) if recs else []
            # Only those clearly about it (half its words): a word in common is not a subject in common.
            topic = [t for t in relaxed.topic if self.retriever.index.bm25.knows(t)]
            recs = [r for c, r in zip(self.retriever.coverages(topic, [self._passage_of(r) for r in recs]), recs) if c >= 0.5]
            if recs and len(recs) <= FULL_TEXT_UP_TO and len(recs) < len(self._filter(relaxed)):
                d.blocks.append(self.say.on_subject_elsewhere(self._filter_phrase(relaxed)))
                d.blocks.append(self._list(recs, d))
                return

    def _article_mentions(self, articles: tuple[str, ...], d: Draft, lead: str = "", why: bool = False) -> bool:
        """Quote the passages that name an Article, or quote its text, when no recommendation concerns it
        (`why`: with the sentences that give the reason, see `_with_reasons`)."""
        found = False
        quoted, more = 0, []
        # Context and footnote passages with Articles of their own (not only their section heading's).
        for passage, own in self.corpus.own_articles:
            if not any(article_covers(q, art) for q in articles for art in own):
                continue
            if quoted >= MAX_LISTED and len(self.corpus.factsheets) > 1:
                more.append(passage)
                continue
            quoted += 1
            every = split_sentences(passage.text)
            keep = [i for i, s in enumerate(every) if any(article_covers(q, art) for q in articles for art in find_articles(s))]
            if why and keep:
                keep = _with_reasons(every, keep)
            quote = _join_excerpts(every, keep) if keep else passage.text
            if lead and not found:
                d.blocks.append(f"{lead}:")
            marker = d.cite(passage, self._section_label(passage))
            d.blocks.append(self.say.quote_line(self._where(passage), quote, marker))
            found = True
        if more:
            documents = len({p.document for p in more})
            d.blocks.append(self.say.more_listed(len(more), "passage", documents))
        return found

    def _nearest(self, a: Analysis, d: Draft) -> bool:
        """After an empty filter, show what exists if one condition is dropped (a false premise, often)."""
        for relaxed in (
            replace(a, levels=()), replace(a, all_parties=False), replace(a, named_only=False), replace(a, articles=()),
        ):
            if relaxed == a or not (relaxed.levels or relaxed.articles or relaxed.all_parties or relaxed.named_only):
                continue
            recs = self._filter(relaxed)
            if recs and len(recs) <= FULL_TEXT_UP_TO:
                d.blocks.append(self.say.what_exists(self._filter_phrase(relaxed)))
                d.blocks.append(self._list(recs, d))
                return True
        if a.articles:
            articles = sorted({art for r in self.corpus.recommendations for art in r.articles}, key=_article_key)
            d.blocks.append(self.say.recommendations_concern(articles))
        return False

    def _most_parties(self, a: Analysis, d: Draft) -> Outcome:
        """"Which recommendation names the most Parties?": among those that name Parties (of the level
        or Article asked, if any), the ones naming the most (or the fewest)."""
        named = [r for r in self._filter(replace(a, named_only=False, all_parties=False)) if not r.to_all_parties]
        if not named:
            d.blocks.append(self.say.none_of_kind(self._documents(), self._filter_phrase(a)))
            return Outcome.NOT_FOUND
        # Keyed by document too: two factsheets may each have a V-1.
        sizes = {(r.document, r.id): len([p for p in r.addressees if p != ALL_PARTIES]) for r in named}
        wanted = max(sizes.values()) if a.most_parties > 0 else min(sizes.values())
        chosen = [r for r in named if sizes[(r.document, r.id)] == wanted]
        for rec in chosen:
            d.blocks.append(self.say.names_parties(rec.id, rec.addressees))
        d.blocks.append(self._list(chosen, d))
        return Outcome.ANSWERED

    def _narrowing(self, terms: tuple[str, ...]) -> tuple[str, ...]:
        """The question's words that at most half of the recommendations contain."""
        recs = self.corpus.recommendations
        if not recs:
            return ()
        passages = [self._passage_of(r) for r in recs]
        known = [t for t in terms if self.retriever.index.bm25.knows(t) and t not in EXISTENCE_WORDS]
        return tuple(t for t in known if 0 < self._holders(t, passages) <= len(recs) / 2)

    def _all(self, a: Analysis, d: Draft) -> Outcome:
        recs = self.corpus.recommendations
        by_level = [(level, [r.id for r in recs if r.level is level]) for level in Level]
        listed = len(recs) <= MAX_LISTED or len(self.corpus.factsheets) == 1
        d.uncited_mentions.update(re.findall(r"[A-Z]+-\d+", self.corpus.id_range()))
        d.blocks.append(self.say.all_recommendations(
            self._documents(), len(recs), self.corpus.id_range(), [(lv, ids) for lv, ids in by_level if ids],
            listed=listed, several=len(self.corpus.factsheets) > 1,
        ))
        d.blocks.append(self._list(recs, d))
        return Outcome.ANSWERED

    # Definitions ---------------------------------------------------------------------------------

    def _definitions(self, a: Analysis, d: Draft) -> Outcome:
        definitions = [x for x in self.corpus.definitions if not a.levels or x.level in a.levels]
        # Documents that define a term in the same words: the definition once, from the first of them.
        definitions = list({(x.level, x.term, x.text): x for x in reversed(definitions)}.values())[::-1]
        if not definitions:
            d.blocks.append(self.say.no_definitions(self._documents()))
            return Outcome.NOT_FOUND
        if len(definitions) > 1:
            d.blocks.append(self.say.urgency_terms(len(definitions)))
        lines = []
        for definition in definitions:
            passage = self._passages[f"{definition.document}#definition-{definition.level.value}"]
            marker = d.cite(passage, self._section_label(passage))
            lines.append(self.say.definition_line(definition.term, definition.text, marker))
        d.blocks.append("\n".join(lines))
        return Outcome.ANSWERED

    # Practices -----------------------------------------------------------------------------------

    def _practices(self, a: Analysis, hits: list[Hit], d: Draft) -> Outcome:
        practices = self.corpus.practices
        if not practices:
            d.blocks.append(self.say.no_practices(self._documents()))
            return Outcome.NOT_FOUND
        if a.topic and not (a.list_ and a.count):
            ranked = _rerank([h for h in hits if h.passage.kind == "practice"])
            others = _rerank([h for h in hits if h.passage.kind in ("context", "footnote")])
            best_practice = max((h.coverage for h in ranked), default=0.0)
            if not any(self.retriever.index.bm25.knows(t) for t in a.topic):
                # "Are there promising practices on football?": not one of its words is in the findings.
                d.blocks.append(self.say.nothing_found(self._documents()))
                return Outcome.NOT_FOUND
            if others and others[0].coverage >= max(0.5, 2 * best_practice):
                # No practice is about it, but a paragraph of the findings is ("... provide training for
                # forensic interviewers"): that paragraph answers, not a list of unrelated practices.
                return self._quote_best(a, others, d)
            if ranked:
                top = _relevance(ranked[0], ranked)
                chosen = [h for h in ranked[:4] if _relevance(h, ranked) >= 0.85 * top]
                d.blocks.append(self.say.identified_practices(len(chosen)))
                d.blocks.append(self._practice_list([self._practice(h.passage) for h in chosen], d))
                return Outcome.ANSWERED
        countries = list(dict.fromkeys(c for p in practices for c in p.countries))
        d.blocks.append(self.say.all_practices(len(practices), countries))
        d.blocks.append(self._practice_list(practices, d))
        return Outcome.ANSWERED

    # Free questions: from retrieved passages -------------------------------------------------------

    def _free(self, a: Analysis, hits: list[Hit], d: Draft) -> Outcome:
        """A question answered from the passages retrieval found; one that asks which Article does
        something is answered only if what is quoted names an Article (see `_names_no_article`)."""
        blocks, citations = len(d.blocks), len(d.citations)
        outcome = self._free_answer(a, hits, d)
        if outcome is Outcome.ANSWERED and _WHICH_ARTICLE.search(a.normalised or a.text) and not a.articles:
            if self._names_no_article(d.blocks[blocks:], d.citations[citations:]):
                d.blocks.insert(blocks, self.say.no_article_for(self._documents()))
                d.blocks.insert(blocks + 1, f"{self.say.what_it_says_of_it()}:")
                return Outcome.NOT_FOUND
        return outcome

    def _dated(self, terms: list[str], passage: Passage) -> list[int]:
        """The sentences of `passage` that give a date and hold some of the question's words (of a promising
        practice, which is quoted whole, any sentence that gives a date)."""
        sentences = split_sentences(passage.text)
        return [
            i for i, s in enumerate(sentences)
            if _DATE.search(s) and (passage.kind == "practice" or self.retriever.text_coverage(terms, s) > 0)
        ]

    def _unheard_attribute(self, a: Analysis) -> bool:
        """"What is the age of the children who took part?": the question asks for an attribute (age,
        budget, deadline) that no passage of the corpus names, so nothing it quotes can answer."""
        m = _ATTRIBUTE_OF.match(fold(a.normalised or a.text))
        if not m or m.group(1) in _GENERAL_ATTRIBUTES:
            return False
        word = stem(m.group(1))
        return word not in _GENERAL_ATTRIBUTES and self.retriever.index.bm25.postings(word) is None

    def _names_no_article(self, blocks: list[str], citations: list[Citation]) -> bool:
        """"Which Article obliges Parties to retain data for one year?" answered with a promising practice:
        no recommendation is cited (each has its Articles) and no quoted sentence names an Article."""
        if any(c.recommendation for c in citations):
            return False
        return not any(find_articles(block) for block in blocks)

    def _free_answer(self, a: Analysis, hits: list[Hit], d: Draft) -> Outcome:
        if (acronym := ACRONYM_QUESTION.search(a.text)) and self._expand(acronym.group("acronym"), d):
            return Outcome.ANSWERED
        ranked = _rerank(hits)
        if not ranked or self._unheard_attribute(a):
            d.blocks.append(self.say.nothing_found(self._documents()))
            return Outcome.NOT_FOUND
        # Words the corpus does not use that an everyday wording of a term is made of ("have not joined the
        # Convention": "countries that are not Parties" is read) are not the subject.
        spared = self._spared(a)
        topic = [t for t in a.topic if t not in spared]
        if topic and naming_words(fold(a.normalised or a.text)):
            # "children whose images were shared" are the victims: how much of the question a passage holds
            # is counted on the term, not on the wording's own words ("children" of any section's title).
            ranked = [replace(h, coverage=c) for h, c in zip(ranked, self.retriever.coverages(topic, [h.passage for h in ranked]))]
        ranked = _rerank([self._glossed(h, topic) for h in ranked])
        rec_hits = [h for h in ranked if h.passage.kind == "recommendation"]
        other_hits = [h for h in ranked if h.passage.kind != "recommendation"]
        if topic and not any(self.retriever.coverages(topic, [h.passage for h in ranked[:5]])):
            # Not one of the question's own words ("PhotoDNA hash matching") is in what retrieval found.
            d.blocks.append(self.say.nothing_found(self._documents()))
            return Outcome.NOT_FOUND
        if a.recommendation_word and rec_hits:
            bridged = self._bridge(a, ranked, rec_hits, other_hits, d)
            if not bridged and (self._best_coverage(a, rec_hits) < WEAK_COVERAGE or self._outdone(topic, ranked, rec_hits, other_hits)):
                # "Which recommendation obliges Parties to extradite ...?": none is about it. What the
                # factsheet says nearest to it is quoted, and the answer is that no recommendation is.
                d.blocks.append(self.say.none_of_kind(self._documents(), ""))
                if other_hits and other_hits[0].coverage >= 2 * WEAK_COVERAGE:
                    d.blocks.append(f"{self.say.what_it_says_of_it()}:")
                    self._quote_best(a, other_hits, d)
                return Outcome.NOT_FOUND
            d.blocks.append(self._list(bridged or self._best_recs(rec_hits, topic, listing=a.list_ or a.count), d))
            return Outcome.ANSWERED
        best = ranked[0]
        top = _relevance(best, ranked)
        if _WHY.search(a.normalised or a.text) and not a.recommendation_word and (reasons := self._reasons(topic or list(a.terms), best, other_hits)):
            # "Why did the Committee look at self-generated images?": a recommendation says what; a paragraph that holds
            # the question's words as well, in a sentence that gives a reason ("Particularly concerned by ..."), says why.
            return self._quote_best(a, reasons, d)
        if best.passage.kind == "recommendation":
            d.blocks.append(self._list(self._best_recs(rec_hits, topic, listing=a.list_ or a.count), d))
            # A finding of the Committee that answers as well is quoted beside it.
            if other_hits and _relevance(other_hits[0], ranked) >= 0.9 * top and other_hits[0].coverage >= 0.9 * best.coverage:
                self._quote_best(a, other_hits[:1], d)
            return Outcome.ANSWERED
        answered = self._quote_best(a, other_hits, d)
        # A recommendation that answers as well as the best passage is cited beside it.
        # ... and so is one whose Article that passage explains (see `_gloss`), if it covers as well.
        recs = [
            h for h in rec_hits[:4]
            if h.coverage >= max(0.3, 0.9 * best.coverage) and (_relevance(h, ranked) >= 0.85 * top or self._glossed_by(h, best.passage))
            # "Which Parties must ...?": only a recommendation names Parties; one of the best passage's
            # own section that answers nearly as well is the answer to who.
            or (a.who and _same_section(h.passage, best.passage) and _relevance(h, ranked) >= 0.7 * top and h.coverage >= 0.6 * best.coverage)
            # One of that paragraph's own recommendations that holds the question's words as well as it does.
            or (_same_section(h.passage, best.passage) and _relevance(h, ranked) >= 0.85 * top and h.coverage >= best.coverage > 0)
        ]
        if topic:
            # One that shares none of the question's words with that passage answers something else ("How many
            # children contributed?": the children are in the passage; V-14 only "contributes" to databases).
            words = self._held(topic, best.passage)
            recs = [h for h in recs if self._held(topic, h.passage) & words or self._glossed_by(h, best.passage)]
            recs = self._with_ties(recs, rec_hits, ranked, topic)
        related = self._sharpen(topic, [self.corpus.recommendation_of(h.passage) for h in recs])
        if related:
            d.blocks.append(self.say.related_recommendations(len(related)))
            d.blocks.append(self._list(related, d))
        return answered

    def _reasons(self, topic: list[str], best: Hit, other_hits: list[Hit]) -> list[Hit]:
        """The passages that are not recommendations, hold the question's words nearly as well as the best passage,
        and give a reason in a sentence that holds them ("Particularly concerned by the exponential increase ...")."""
        if not topic:
            return []
        found = []
        for hit in other_hits:
            if hit.coverage < max(0.5, 0.9 * best.coverage):
                continue
            sentences = split_sentences(hit.passage.text)
            scores = [self.retriever.text_coverage(topic, s) for s in sentences]
            top = max(scores, default=0.0)
            if top > 0 and any(score >= top and _REASON.search(s) for score, s in zip(scores, sentences)):
                found.append(hit)
        return found

    def _outdone(self, topic: list[str], ranked: list[Hit], rec_hits: list[Hit], other_hits: list[Hit]) -> bool:
        """Whether the best passage that is not a recommendation answers better than every recommendation does,
        holding all the question's words that any of them holds, and more ("What does the factsheet recommend on
        EU instruments?": V-18 names the European Union; the paragraph on EU instruments names both)."""
        if not topic or not other_hits or _relevance(other_hits[0], ranked) <= _relevance(rec_hits[0], ranked):
            return False
        best = self._held(topic, other_hits[0].passage)
        # ... and by far: a recommendation that lacks one word of several still answers.
        if max(h.coverage for h in rec_hits) > 0.6 * other_hits[0].coverage:
            return False
        held = [self._held(topic, h.passage) for h in rec_hits[:8]]
        # Recommendations that answer the question's parts between them ("prevention and victims") are not outdone.
        return all(h < best for h in held) and not best <= set().union(*held)

    def _spared(self, a: Analysis) -> set[str]:
        """The question's words, unknown to the corpus, that an everyday wording of a term is made of ("helping")."""
        folded = fold(a.normalised or a.text)
        unknown = {t for t in (stem(w) for w in paraphrased_words(folded)) if not self.retriever.index.bm25.knows(t)}
        return unknown | {stem(w) for w in naming_words(folded)}

    def _best_coverage(self, a: Analysis, rec_hits: list[Hit]) -> float:
        """How much of the question the best of `rec_hits` holds, not counting the words the corpus does not
        use that an everyday wording of a Convention term is made of ("helping" victims: "assistance" is read)."""
        spared = self._spared(a)
        topic = [t for t in (a.terms or a.topic) if t not in spared]
        if not topic or len(topic) == len(a.terms or a.topic):
            return max(h.coverage for h in rec_hits)
        return max(self.retriever.coverages(topic, [h.passage for h in rec_hits]))

    def _expand(self, acronym: str, d: Draft) -> bool:
        """Quote the sentence that spells out an abbreviation: "... child sexual abuse material (CSAM) ..."."""
        spelled = re.compile(rf"\(\s*[“\"]?{re.escape(acronym)}s?[”\"]?\s*\)|\b{re.escape(acronym)}\s*\((?!\s*\d)")
        for passage, _ in self.retriever.index.sparse(acronym, k=20):
            for sentence in split_sentences(passage.text):
                if spelled.search(sentence):
                    marker = d.cite(passage, self._section_label(passage))
                    d.blocks.append(self.say.quote_line(self._where(passage), sentence, marker))
                    return True
        return False

    def _bridge(self, a: Analysis, ranked: list[Hit], rec_hits: list[Hit], other_hits: list[Hit], d: Draft) -> list[Recommendation]:
        """Recommendations reached through the Article that the best passage names.

        "Which recommendation deals with the reservation on knowingly obtaining access ...?": the
        context passage says which Article that is, and the recommendation names the Article.
        """
        if not other_hits or _relevance(other_hits[0], ranked) <= _relevance(rec_hits[0], ranked):
            return []
        passage = other_hits[0].passage
        sentence = max(split_sentences(passage.text), key=lambda s: self.retriever.text_coverage(list(a.terms or a.topic), s))
        named = set(find_articles(sentence))
        recs = self.corpus.recommendations_naming(named)
        if recs:
            marker = d.cite(passage, self._section_label(passage))
            d.blocks.append(self.say.quote_line(self._where(passage), sentence, marker))
        return recs

    def _best_recs(self, rec_hits: list[Hit], topic: list[str] | None = None, listing: bool = False) -> list[Recommendation]:
        """The recommendations that answer best: the top one and those nearly as good, in rank order.

        `listing`: the question asks for a list, of which a recommendation holding all its words is part.
        With the question's `topic`: a question with two parts ("for prevention and for victims
        respectively") that no recommendation answers whole also gets the best one for the part the
        others leave out; and those another chosen one outdoes are left out (see `_sharpen`).
        """
        ranked = _rerank(rec_hits)[:8]
        if topic and (known := [t for t in topic if self.retriever.index.bm25.knows(t)]):
            # A section's title says what its recommendations are for ("assistance to victims"): a nearly as
            # relevant one whose title holds the question's words that the best one lacks goes before a best one whose title holds none
            # (V-10's "sharing" of tools, for images "shared"); see `_sharpen`.
            # (words the best one's own text holds as well do not tell them apart: "co-operation" is in every title)
            missing = set(known) - self._held(known, ranked[0].passage)
            titled = [h for h in ranked if frozenset(tokens(h.passage.section_title)) & missing]
            if titled and titled[0] is not ranked[0] and not frozenset(tokens(ranked[0].passage.section_title)) & set(known) \
                    and _relevance(titled[0], ranked) >= 0.9 * _relevance(ranked[0], ranked):
                ranked = [titled[0], *(h for h in ranked if h is not titled[0])]
        best = ranked[0]
        top = _relevance(best, ranked)
        # Nearly as relevant, and covering the question nearly as well (as well, when the best covers little).
        floor = max(0.8 * best.coverage, min(0.5, best.coverage))
        chosen = [
            h for h in ranked
            if h is best
            or (_relevance(h, ranked) >= 0.85 * top and h.coverage >= floor)
            # Covering the question fully, as the best does, is worth a little less retrieval score.
            or (h.coverage >= max(best.coverage, 0.75) and _relevance(h, ranked) >= 0.7 * top)
            # Asked for a list ("List the recommendations about non-Parties"), each that holds all its words.
            or (listing and h.coverage >= best.coverage >= 0.99)
        ]
        if topic and best.coverage < 1:
            held = set().union(*(self._held(topic, h.passage) for h in chosen))
            for h in ranked:
                # Nearly as relevant, covering nearly as much, with words of the question the chosen lack.
                if h in chosen or _relevance(h, ranked) < 0.85 * top or h.coverage < 0.9 * floor:
                    continue
                if self._held(topic, h.passage) - held:
                    chosen.append(h)
                    held |= self._held(topic, h.passage)
        if topic:
            chosen = self._with_ties(chosen, rec_hits, _rerank(rec_hits), topic)
        recs = [self.corpus.recommendation_of(h.passage) for h in chosen]
        return self._sharpen(topic, recs) if topic else recs

    def _with_ties(self, chosen: list[Hit], candidates: list[Hit], ranked: list[Hit], topic: list[str]) -> list[Hit]:
        """`chosen` and the `candidates` that tie with one of them: the same words of the question and
        nearly the same relevance ("victims who reside elsewhere": V-17 and V-18 say the same of them, and a
        cut between two near-equal scores is not a reason to cite one and not the other)."""
        if not chosen:
            return chosen
        out = list(chosen)
        for h in candidates:
            if h in out:
                continue
            held = self._held(topic, h.passage)
            if any(held and held == self._held(topic, c.passage) and _relevance(h, ranked) >= 0.95 * _relevance(c, ranked) for c in chosen):
                out.append(h)
        return out

    def _held(self, topic: list[str], passage: Passage) -> frozenset[str]:
        """The words of `topic` that `passage` holds (in its text, its section title or its header)."""
        have = frozenset(tokens(passage.indexed_text()))
        return frozenset(t for t in topic if t in have)

    def _sharpen(self, topic: list[str], recs: list[Recommendation]) -> list[Recommendation]:
        """Of recommendations chosen as answering a free question (the first the best), leave out:
        - one whose words of the question another chosen one all holds, and more ("children abused in
          non-EU Parties": V-18 names the European Union, V-17 only the rest);
        - one (not the first) from a section whose title holds none of the question's words when the
          first one's section title holds some: the section says what its recommendations are for
          (co-operation "to protect and provide assistance to victims"), and a word the question
          shares with it only by chance ("sharing" tools, for images "shared") does not make it an answer.
        """
        known = [t for t in topic if self.retriever.index.bm25.knows(t)]
        if len(recs) < 2 or not known:
            return recs
        passages = [self._passage_of(r) for r in recs]
        held = [self._held(known, p) for p in passages]
        kept = [r for i, r in enumerate(recs) if not any(held[i] < held[j] for j in range(len(recs)) if j != i)]
        titles = {r.id: frozenset(tokens(p.section_title)) & set(known) for r, p in zip(recs, passages)}
        if kept and titles[kept[0].id]:
            kept = [r for r in kept if r is kept[0] or titles[r.id]]
        # Two words side by side in the question ("development assistance") that the first holds close together
        # and another holds far apart ("develop ... co-operation ... to provide assistance") are a phrase the
        # other does not have.
        pairs = list(zip(known, known[1:]))
        if kept and pairs:
            first = self._passage_of(kept[0])
            close = [(x, y) for x, y in pairs if _distance(first.text, x, y) <= PHRASE_GAP]
            kept = [r for r in kept if r is kept[0] or not any(_distance(self._passage_of(r).text, x, y) > 2 * PHRASE_GAP for x, y in close)]
        return kept

    def _quote_best(self, a: Analysis, hits: list[Hit], d: Draft) -> Outcome:
        """Quote the sentences of the best passages that carry the question's words."""
        terms = list(a.terms or a.topic) or tokens(a.text)
        candidates = hits[:5]
        if not candidates:
            d.blocks.append(self.say.nothing_found(self._documents()))
            return Outcome.NOT_FOUND
        top = candidates[0]
        best = _relevance(top, candidates)
        if a.general:
            # "What does the factsheet say about X?": everything that is nearly as relevant.
            # Whatever holds the question's words as fully as the best passage counts too.
            chosen = [h for h in candidates[:3] if _relevance(h, candidates) >= 0.7 * best or h.coverage >= max(0.5, 0.9 * top.coverage)]
        else:
            chosen = [h for h in candidates[:3] if h is top or (h.coverage >= max(0.5, 0.9 * top.coverage) and _relevance(h, candidates) >= 0.85 * best)]
        when = bool(_WHEN.match(fold(a.normalised or a.text)))
        if when and not any(self._dated(terms, h.passage) for h in chosen):
            # "When was the monitoring round launched?": no sentence on it gives a date.
            d.blocks.append(self.say.nothing_found(self._documents()))
            return Outcome.NOT_FOUND
        for hit in chosen:
            passage = hit.passage
            if when and not self._dated(terms, passage):
                continue
            if passage.kind == "practice":
                marker = d.cite(passage, self._section_label(passage))
                d.blocks.append(self.say.quote_line(self._where(passage), passage.text, marker))
                continue
            sentences = split_sentences(passage.text)
            scored = [(self.retriever.text_coverage(terms, s), i, s) for i, s in enumerate(sentences)]
            top_sentence = max(score for score, _, _ in scored)
            # "How many children took part?": the sentences that give a number of what is counted, not
            # those that only share the question's other words ("43 States ... took part").
            counted = _counted(a, terms)
            numbered = [i for i, s in enumerate(sentences) if counted and counted in tokens(s) and re.search(r"\d", s)]
            if when:
                numbered = self._dated(terms, passage)[:3]
            if numbered:
                keep = numbered[:3]
            elif len(sentences) <= 2 or top_sentence == 0:
                keep = list(range(min(len(sentences), 2)))  # a short passage is quoted whole
            else:
                keep = [i for score, i, _ in sorted(scored, key=lambda x: x[1]) if score >= 0.5 * top_sentence][:3]
            if _WHY.search(a.normalised or a.text):
                keep = _with_reasons(sentences, keep)
            marker = d.cite(passage, self._section_label(passage))
            d.blocks.append(self.say.quote_line(self._where(passage), _join_excerpts(sentences, keep), marker))
        return Outcome.ANSWERED

    # Helpers -------------------------------------------------------------------------------------

    def _common_addressees(self, a: Analysis, d: Draft, search: Search) -> Outcome | None:
        """"Which Parties are asked both to X and to Y?": the Parties named in a recommendation on each."""
        m = re.search(r"\bboth\b(.+?)\band\b(.+)$", a.text, re.IGNORECASE)
        if m is None:
            return None
        groups = []
        for part in (m.group(1), m.group(2)):
            rec_hits = [h for h in search(part) if h.passage.kind == "recommendation"]
            if not rec_hits:
                return None
            groups.append(self._best_recs(rec_hits))
        sets = [{p for r in recs for p in r.addressees if p != ALL_PARTIES} for recs in groups]
        common = sorted(set.intersection(*sets), key=lambda p: self.corpus.parties.index(p) if p in self.corpus.parties else 0)
        if not common:
            return None
        cited = [r for recs in groups for r in recs if set(common) & set(r.addressees)]
        d.blocks.append(self.say.named_in_both(common))
        d.blocks.append(self._list(list(dict.fromkeys(cited)), d))
        return Outcome.ANSWERED

    def _on_topic(self, recs: list[Recommendation], a: Analysis) -> list[Recommendation]:
        """The recommendations among `recs` that are about the question's topic words, if it has any.

        Only words the corpus uses count: a word no passage contains ("act", "rather") cannot tell
        recommendations apart. If none is about the topic, none is returned: "Which recommendation
        requires Parties to block websites?" has no answer among the requirements.
        """
        topic = [t for t in a.topic if self.retriever.index.bm25.knows(t)]
        if a.articles:
            # "the general co-operation obligation in Article 38(1)" names the Article twice, not a topic.
            titles = {t for s in self.corpus.sections_for(a.articles) for t in tokens(s.title)}
            topic = [t for t in topic if t not in titles]
        if not topic:
            return recs
        coverages = self.retriever.coverages(topic, [self._passage_of(r) for r in recs])
        scored = [(max(c, self._gloss_coverage(topic, r)), r) for c, r in zip(coverages, recs)]
        best = max(s for s, _ in scored)
        if best < 0.34:
            # One word is weak evidence; several that no recommendation has are not, nor one that other
            # recommendations hold ("Are any recommendations on investigations requirements?": those on
            # investigations are invitations).
            return [] if len(topic) >= 2 or self._held_elsewhere(topic, recs) else recs
        return [r for s, r in scored if s >= max(0.5, 0.6 * best) or s == best]

    def _held_elsewhere(self, topic: list[str], recs: list[Recommendation]) -> bool:
        """Whether a recommendation outside `recs` is about `topic` (holds at least half of it)."""
        others = [r for r in self.corpus.recommendations if r not in recs]
        return bool(others) and max(self.retriever.coverages(topic, [self._passage_of(r) for r in others])) >= 0.5

    def _gloss(self, rec: Recommendation) -> tuple[str, frozenset[str]]:
        """What the document says elsewhere of the Articles that only this recommendation names.

        V-1 names "Article 20(1),f" and nothing more; the paragraph before it says that Article
        concerns knowingly obtaining access to "child pornography". A question in those words is
        about V-1. The gloss counts for the topic check only; it is never quoted as the recommendation.
        Returns the gloss and the ids of the passages it comes from.
        """
        key = (rec.document, rec.id)
        if key not in self._glosses:
            heading = set(self.corpus.section_articles(self._passage_of(rec)))
            own = {a for a in find_articles(rec.text) if a not in heading}
            sentences: list[str] = []
            sources: set[str] = set()
            if own:
                for passage, articles in self.corpus.own_articles:
                    if passage.document == rec.document and own & set(articles):
                        found = [s for s in split_sentences(passage.text) if own & set(find_articles(s))]
                        sentences += found
                        sources |= {passage.id} if found else set()
            self._glosses[key] = (" ".join(dict.fromkeys(sentences)), frozenset(sources))
        return self._glosses[key]

    def _gloss_coverage(self, topic: list[str], rec: Recommendation) -> float:
        gloss, _ = self._gloss(rec)
        return self.retriever.text_coverage(topic, f"{self._passage_of(rec).indexed_text()} {gloss}") if gloss else 0.0

    def _glossed_by(self, hit: Hit, passage: Passage) -> bool:
        rec = self.corpus.recommendation_of(hit.passage)
        return rec is not None and passage.id in self._gloss(rec)[1]

    def _glossed(self, hit: Hit, topic: list[str]) -> Hit:
        """A recommendation hit whose coverage counts its gloss (see `_gloss`)."""
        if hit.passage.kind != "recommendation" or not topic:
            return hit
        rec = self.corpus.recommendation_of(hit.passage)
        covered = self._gloss_coverage(topic, rec) if rec else 0.0
        return replace(hit, coverage=covered) if covered > hit.coverage else hit

    def _list(self, recs: list[Recommendation], d: Draft) -> str:
        full = len(recs) <= FULL_TEXT_UP_TO
        lines = []
        rest = recs[MAX_LISTED:] if len(self.corpus.factsheets) > 1 else []
        for rec in recs[:len(recs) - len(rest)]:
            passage = self._passage_of(rec)
            marker = d.cite(passage, self._section_label(passage))
            statement = rec.statement if full else _shorten(rec.statement)
            lines.append(self.say.rec_line(
                rec.id, rec.level, rec.articles, rec.section, self.say.statement(statement), marker, self._of_document(rec.document),
            ))
        if rest:
            lines.append("- " + self.say.more_listed(len(rest), "recommendation", len({r.document for r in rest})))
        return "\n".join(lines)

    def _practice_list(self, practices: list[PromisingPractice], d: Draft) -> str:
        lines = []
        rest = practices[MAX_LISTED:] if len(self.corpus.factsheets) > 1 else []
        for practice in practices[:len(practices) - len(rest)]:
            passage = self._passage_of(practice)
            marker = d.cite(passage, self._section_label(passage))
            lines.append(self.say.practice_line(practice.countries, practice.section, practice.text, marker, self._of_document(practice.document)))
        if rest:
            lines.append("- " + self.say.more_listed(len(rest), "promising practice", len({p.document for p in rest})))
        return "\n".join(lines)

    def _passage_of(self, item: Recommendation | PromisingPractice) -> Passage:
        key = item.id if isinstance(item, Recommendation) else item.id.replace(" ", "-")
        return self._passages[f"{item.document}#{key}"]

    def _practice(self, passage: Passage) -> PromisingPractice:
        return self.corpus.practice_of(passage)

    def _section_label(self, passage: Passage) -> str:
        return self.corpus.section_label(passage.document, passage.section)

    def _where(self, passage: Passage) -> str:
        label = self._section_label(passage)
        of = self._of_document(passage.document)
        provision = re.match(r"(\d{1,2})\.\s", passage.text)
        if passage.kind == "context" and provision and passage.articles:
            quoted = next((a for a in passage.articles if a.endswith(f"({provision.group(1)})")), None)
            if quoted:
                return self.say.where_provision(quoted, label, of)
        if passage.kind == "practice":
            return self.say.where_practice(passage.countries, passage.section, of)
        if passage.kind == "footnote":
            return self.say.where_footnote(passage.section, of)
        return self.say.where_section(label, of)

    def _documents(self) -> str:
        return self.say.documents([self.corpus.title(s.document) for s in self.corpus.factsheets[:1]], len(self.corpus.factsheets))

    def _of_document(self, document: str) -> str:
        """" of *Title*" when answers draw on several documents (ids repeat across them), else ""."""
        return self.say.of_document(self.corpus.title(document)) if len(self.corpus.factsheets) > 1 else ""


def _distance(text: str, one: str, other: str) -> int:
    """How many words apart the nearest occurrences of two (stemmed) words are in `text`; a large number
    when it lacks either."""
    stems = tokens(text)
    at_one = [i for i, t in enumerate(stems) if t == one]
    at_other = [i for i, t in enumerate(stems) if t == other]
    if not at_one or not at_other or one == other:
        return 0 if one == other else 10**6
    return min(abs(i - j) for i in at_one for j in at_other)


def _counted(a: Analysis, terms: list[str]) -> str | None:
    """What a "how many ...?" question counts, as one of its terms ("how many chidlren" → "children")."""
    m = re.search(r"\bhow many\s+([a-z]+)", fold(a.text))
    if not m:
        return None
    word = stem(m.group(1))
    return next((t for t in terms if t == word or (len(word) >= 5 and within_one_edit(t, word))), None)


# "What is the Committee's e-mail address?", "how can I contact the Secretariat?": where to write.
_CONTACT = re.compile(
    r"\be-?mail address\b|\bcontact (?:details|address|information)\b|\b(?:how|where) (?:can|do|should|could) (?:i|we|one|parties|a party|stakeholders) "
    r"(?:contact|reach|write to|e-?mail)\b|\bwho (?:can|should|do) (?:i|we) (?:contact|write to)\b"
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# "Why ...?", "for what reason", "what for": the answer is the reason the source gives.
_WHY = re.compile(r"^\W*(?:and\s+|but\s+|so\s+)?why\b|\bfor what reason\b|\bwhat (?:is|was) the (?:reason|rationale|purpose)\b|\bwhy\s*\?*\s*$", re.IGNORECASE)
# A sentence that says why: "Particularly concerned by ...", "The process was driven by ...", "... in order to ...".
_REASON = re.compile(
    r"\b(?:because|since|due to|driven by|concerned by|in order to|so as to|with a view to|given (?:the|that)|as a result|the need to|"
    r"makes? [^.]{0,80}\b(?:essential|necessary|important|crucial)|is (?:crucial|essential|central) to|allows? (?:for )?)\b",
    re.IGNORECASE,
)
# A sentence that opens on what the one before said ("This gives Article 38 an increased importance").
_BACK = re.compile(r"^\W*(?:this|that|these|those|thus|therefore|hence|it)\b", re.IGNORECASE)


def _with_reasons(sentences: list[str], keep: list[int]) -> list[int]:
    """For a "why" question: the kept sentences, with the sentence before one that opens on it ("This gives ..."),
    the sentence after one that comments on it ("This allows ..."), and a nearby sentence that gives a reason
    ("The process was driven by ...")."""
    more = set(keep)
    for i in keep:
        if _BACK.match(sentences[i]) and i > 0:
            more.add(i - 1)
        if i + 1 < len(sentences) and _BACK.match(sentences[i + 1]):
            more.add(i + 1)
    near = [j for i in keep for j in (i - 2, i - 1, i + 1, i + 2) if 0 <= j < len(sentences) and j not in more and _REASON.search(sentences[j])]
    if near and not any(_REASON.search(sentences[i]) for i in more):
        more.add(min(near, key=lambda j: min(abs(j - i) for i in keep)))
    return sorted(more)


def _join_excerpts(sentences: list[str], keep: list[int]) -> str:
    """Sentences that follow each other are joined with a space, others with " … " (a cut in the quote)."""
    parts: list[str] = []
    for position, index in enumerate(keep):
        if position and index != keep[position - 1] + 1:
            parts.append(" … ")
        elif position:
            parts.append(" ")
        parts.append(sentences[index])
    return "".join(parts)


# "Which Article obliges ...", "under what provision ...": the question asks for an Article.
_WHICH_ARTICLE = re.compile(r"\b(?:which|what)\s+(?:\w+\s+)?(?:articles?|provisions?)\b", re.IGNORECASE)

# "When was the report adopted?": a question that asks for a date; a date as the factsheet writes it.
_WHEN = re.compile(r"^\W*(?:and\s+|so\s+)?(?:when|what date|on what date|in what year|which year|what year)\b")
_DATE = re.compile(r"\b(?:1[89]\d\d|20\d\d)\b|\b(?:january|february|march|april|june|july|august|september|october|november|december)\b"
                   r"|\b\d{1,2}\s+may\b|\bmay\s+\d{4}\b",  # "may" alone is the verb
                   re.IGNORECASE)
# "What is the age of the children ...", "what was the budget of ...": an attribute of something named.
_ATTRIBUTE_OF = re.compile(r"^\W*(?:and\s+)?(?:what|which)(?:'s|\s+is|\s+was|\s+are|\s+were)\s+(?:the\s+)?([a-z]+)\s+of\b")
# Nouns any question may ask "of" something, which the corpus need not use to answer.
_GENERAL_ATTRIBUTES = frozenset(
    "number name names meaning definition list total date dates year month day content contents gist summary role aim aims goal goals "
    "point scope status title text wording difference level kind type purpose subject topic main rest most best source basis".split()
)

# What a Party might suffer for not complying: a premise to check against the corpus's own words.
_CONSEQUENCES = frozenset(tokens("sanction sanctions penalty penalties fine fines punishment punishments punished expelled expulsion suspension suspended infringement"))


def _same_section(one: Passage, other: Passage) -> bool:
    return one.document == other.document and one.section == other.section


def _relevance(hit: Hit, hits: list[Hit]) -> float:
    """How well a passage answers: half its coverage of the question's words, half its dense and BM25
    scores relative to the best in `hits`. Continuous scores, so that two passages that say nearly
    the same thing score nearly the same (ranks would separate them)."""
    top_dense = max((h.dense for h in hits), default=0.0) or 1.0
    top_sparse = max((h.sparse for h in hits), default=0.0) or 1.0
    return 0.5 * hit.coverage + 0.25 * max(hit.dense, 0.0) / top_dense + 0.25 * hit.sparse / top_sparse


def _rerank(hits: list[Hit]) -> list[Hit]:
    return sorted(hits, key=lambda h: -_relevance(h, hits))


def _common(recs: list[Recommendation]) -> list[str]:
    sets = [set(r.addressees) - {ALL_PARTIES} for r in recs]
    common = set.intersection(*sets) if sets else set()
    return [p for p in recs[0].addressees if p in common]


def _shorten(text: str) -> str:
    words = text.split()
    return text if len(words) <= SHORT_WORDS else " ".join(words[:SHORT_WORDS]) + " …"


def _article_key(article: str) -> list:
    return [int(x) if x.isdigit() else x for x in re.findall(r"\d+|[a-z]", article)]


def split_sentences(text: str) -> list[str]:
    """Split a passage into sentences, each exactly as it stands in the passage."""
    pieces: list[str] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        # A closing quote or bracket matched by the split belongs to the sentence before it.
        end = m.start() + (1 if m.group(0)[:1] in "”\"’)" else 0)
        if _ABBREVIATION.search(text[start:end].rstrip("”\"’)")) or re.fullmatch(r"\s*(?:-\s*)?(?:\d{1,2}|[a-z])\.", text[start:end]):
            continue
        piece = text[start:end].strip()
        if piece:
            pieces.append(piece)
        start = m.end()
    tail = text[start:].strip()
    if tail:
        pieces.append(tail)
    return pieces
