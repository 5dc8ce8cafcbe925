"""The citation check on what a model writes: ids, Parties, levels, Articles, numbers, words."""

from __future__ import annotations

import pytest

from assistant.grounding import CitationCheck
from assistant.prompting import GroundedPrompt
from corpus.records import ALL_PARTIES, Level


def _passage(corpus, rec_id):
    return next(p for p in corpus.passages if p.recommendation == rec_id and p.kind == "recommendation")


@pytest.fixture(scope="module")
def named(corpus):
    """A recommendation addressed to named Parties, at the strongest level there is."""
    return min((r for r in corpus.recommendations if not r.to_all_parties), key=lambda r: (r.level.rank, -len(r.addressees)))


@pytest.fixture(scope="module")
def to_all(corpus):
    """A recommendation to all Parties whose level differs from `named`'s."""
    named_level = min((r for r in corpus.recommendations if not r.to_all_parties), key=lambda r: r.level.rank).level
    return next(r for r in corpus.recommendations if r.to_all_parties and r.level is not named_level)


@pytest.fixture(scope="module")
def outsider(corpus, named):
    """A Party the corpus knows (a promising practice or another recommendation) that `named` does not name."""
    return next(p for p in corpus.parties if p not in named.addressees)


@pytest.fixture
def records(corpus, named, to_all):
    return GroundedPrompt(corpus).records([_passage(corpus, named.id), _passage(corpus, to_all.id)])


def _check(corpus):
    return CitationCheck(corpus, min_overlap=0.5)


def _text_words(rec, n=16):
    """The end of the recommendation's text: what it asks for, after the Parties it names."""
    return " ".join(rec.text.rstrip(".").split()[-n:])


def test_a_sentence_its_record_supports_is_kept_with_a_marker(corpus, named, records):
    party = named.addressees[0]
    sentence = f"The Committee {named.level.verb} {party} {_text_words(named)} [{named.id}]."
    grounded = _check(corpus).run(sentence, records)
    assert grounded.statements == 1 and grounded.notes == []
    assert [c.recommendation for c in grounded.draft.citations] == [named.id]
    assert grounded.draft.text.endswith("[1]")
    assert f"[{named.id}]" not in grounded.draft.text


def test_an_invented_id_is_removed(corpus, named, records):
    grounded = _check(corpus).run(f"{_text_words(named)} [V-42].", records)
    assert grounded.statements == 0 and not grounded.draft.citations
    assert any("[V-42]" in n and "no such recommendation" in n for n in grounded.notes)


def test_a_real_id_that_was_not_given_is_removed(corpus, named, to_all, records):
    other = next(r for r in corpus.recommendations if r.id not in (named.id, to_all.id))
    grounded = _check(corpus).run(f"{_text_words(other)} [{other.id}].", records)
    assert grounded.statements == 0
    assert any(f"[{other.id}]" in n and "not among the records" in n for n in grounded.notes)


def test_a_record_to_all_parties_cited_for_a_sentence_about_one_party_is_removed(corpus, to_all, outsider, records):
    # "V-3 for a sentence about Norway": the record does not name the Party the sentence is about.
    sentence = f"{outsider} must {_text_words(to_all)} [{to_all.id}]."
    grounded = _check(corpus).run(sentence, records)
    assert grounded.statements == 0 and not grounded.draft.citations
    assert any(f"[{to_all.id}]" in n and f"does not name {outsider}" in n for n in grounded.notes)


def test_only_the_unsupported_sentence_goes(corpus, named, to_all, outsider, records):
    good = f"The Committee {to_all.level.verb} all Parties {_text_words(to_all)} [{to_all.id}]."
    bad = f"{outsider} must {_text_words(to_all)} [{to_all.id}]."
    grounded = _check(corpus).run(f"{bad} {good}", records)
    assert grounded.statements == 1
    assert [c.recommendation for c in grounded.draft.citations] == [to_all.id]
    assert outsider not in grounded.draft.text and grounded.draft.text.endswith("[1]")


def test_the_wrong_level_is_caught(corpus, to_all, records):
    wrong = next(level for level in Level if level is not to_all.level)
    sentence = f"The Committee {wrong.verb} all Parties {_text_words(to_all)} [{to_all.id}]."
    grounded = _check(corpus).run(sentence, records)
    assert grounded.statements == 0
    assert any(f"the Committee {to_all.level.verb} in {to_all.id}" in n for n in grounded.notes)


def test_all_parties_is_not_said_of_a_recommendation_to_named_parties(corpus, named, records):
    sentence = f"All Parties {_text_words(named)} [{named.id}]."
    grounded = _check(corpus).run(sentence, records)
    assert grounded.statements == 0
    assert any("is not addressed to all Parties" in n for n in grounded.notes)


def test_an_article_the_record_does_not_concern_is_caught(corpus, named, records):
    foreign = "99(9)"
    sentence = f"Under Article {foreign}, {_text_words(named)} [{named.id}]."
    grounded = _check(corpus).run(sentence, records)
    assert grounded.statements == 0
    assert any(f"does not concern Article {foreign}" in n for n in grounded.notes)


def test_a_sentence_the_record_does_not_say_is_caught(corpus, to_all, records):
    sentence = f"Parties should ban end-to-end encryption and scan every private message [{to_all.id}]."
    grounded = _check(corpus).run(sentence, records)
    assert grounded.statements == 0
    assert any("does not say this" in n for n in grounded.notes)


def test_a_number_not_in_the_record_is_caught(corpus, named, records):
    sentence = f"Since 1987, {_text_words(named)} [{named.id}]."
    grounded = _check(corpus).run(sentence, records)
    assert grounded.statements == 0
    assert any("the number 1987" in n for n in grounded.notes)


def test_a_misquotation_is_caught(corpus, named, records):
    sentence = f"The Committee asks that “victims always be compensated by the State within a year” [{named.id}]."
    grounded = _check(corpus).run(sentence, records)
    assert grounded.statements == 0


def test_naming_an_id_that_was_not_given_removes_the_sentence(corpus, named, records):
    grounded = _check(corpus).run(f"Recommendation V-42 adds that {_text_words(named)} [{named.id}].", records)
    assert grounded.statements == 0
    assert any("naming V-42" in n for n in grounded.notes)


def test_citation_forms_a_model_writes(corpus, named, to_all, records):
    both = f"{_text_words(to_all)}. [{to_all.id}] {_text_words(named)} [{named.id.replace('-', '')}]."
    grounded = _check(corpus).run(both, records)
    assert grounded.statements == 2
    assert [c.recommendation for c in grounded.draft.citations] == [to_all.id, named.id]
    assert "[1]" in grounded.draft.text and "[2]" in grounded.draft.text


def test_an_unfinished_last_sentence_is_dropped(corpus, named, to_all, records):
    text = f"{_text_words(to_all)} [{to_all.id}].\n{_text_words(named)} and also"
    grounded = _check(corpus).run(text, records)
    assert grounded.statements == 1
    assert any("unfinished sentence" in n for n in grounded.notes)


def test_a_statement_without_citation_is_removed_but_framing_is_not(corpus, to_all, records):
    text = f"In short: {_text_words(to_all)} [{to_all.id}]. Victims are always compensated within a year."
    grounded = _check(corpus).run(text, records)
    assert grounded.statements == 1
    assert grounded.draft.text.startswith("In short:")
    assert "compensated" not in grounded.draft.text
    assert any("without a citation" in n for n in grounded.notes)


def test_recommendations_to_all_parties_do_not_name_parties(corpus, to_all):
    # The premise of the Party rule: a record addressed to all Parties names none of them.
    assert _passage(corpus, to_all.id).addressees == (ALL_PARTIES,)


def test_a_sentence_without_an_id_cites_the_record_that_supports_it(corpus, named, to_all, records):
    grounded = _check(corpus).run(f"The Committee {to_all.level.verb} all Parties {_text_words(to_all)}.", records)
    assert grounded.statements == 1
    assert [c.recommendation for c in grounded.draft.citations] == [to_all.id]
    assert any(f"cited [{to_all.id}] for a sentence the model left without an id" in n for n in grounded.notes)


def test_a_sentence_without_an_id_that_no_record_supports_is_not_attributed(corpus, to_all, outsider, records):
    grounded = _check(corpus).run(f"{outsider} must {_text_words(to_all)}.", records)
    assert grounded.statements == 0 and not grounded.draft.citations


def test_echoing_the_question_is_no_answer(corpus, to_all, records):
    question = f"What is the urgency level of the recommendation to {_text_words(to_all, 6)}?"
    check = _check(corpus)
    vacuous = check.run(f"The urgency level of the recommendation to {_text_words(to_all, 6)} is [{to_all.id}].", records, question)
    wrong = check.run(f"The urgency level of the recommendation to {_text_words(to_all, 6)} is urgent [{to_all.id}].", records, question)
    right = check.run(f"The recommendation to {_text_words(to_all, 6)} {to_all.level.verb} all Parties [{to_all.id}].", records, question)
    assert vacuous.statements == 0 and any("only repeats the question" in n for n in vacuous.notes)
    assert wrong.statements == 0 and any("does not say what the sentence adds" in n for n in wrong.notes)
    assert right.statements == 1, right.notes


def test_an_id_is_not_a_number_the_record_states(corpus, records, named):
    number = named.id.split("-")[-1]
    grounded = _check(corpus).run(f"{_text_words(named)} at level {number} [{named.id}].", records)
    assert grounded.statements == 0
    assert any(f"the number {number} is not in the records" in n for n in grounded.notes)
