"""Answers to questions that rest on a false premise or describe what they ask about in their own
words: the expectations are read off the real corpus's records, not written in."""

from __future__ import annotations

import re

from assistant.records import Outcome
from corpus.records import Level


def _first_at(corpus, level):
    return next(r for r in corpus.recommendations if r.level is level)


def test_a_level_the_recommendation_does_not_have_is_a_false_premise(assistant, corpus):
    rec = _first_at(corpus, Level.INVITE)
    answer = assistant.ask(f"Why does {rec.id} require Parties to act?")
    assert answer.outcome is Outcome.NOT_FOUND
    assert f"**{rec.id}** is not at the level *require*" in answer.text
    assert answer.recommendations == [rec.id]  # what it does say, cited


def test_asking_whether_a_recommendation_is_at_a_level_is_answered(assistant, corpus):
    rec = _first_at(corpus, Level.INVITE)
    answer = assistant.ask(f"Is {rec.id} a requirement?")
    assert answer.outcome is Outcome.ANSWERED and answer.recommendations == [rec.id]
    assert "is not at the level *require*" in answer.text
    # Several levels to choose from assume none of them.
    answer = assistant.ask(f"Is {rec.id} required, requested or invited?")
    assert answer.outcome is Outcome.ANSWERED and "is not at the level" not in answer.text


def test_the_level_a_recommendation_has_is_no_false_premise(assistant, corpus):
    rec = _first_at(corpus, Level.REQUIRE)
    answer = assistant.ask(f"What does {rec.id} require?")
    assert answer.outcome is Outcome.ANSWERED and answer.recommendations == [rec.id]
    assert "is not at the level" not in answer.text


def test_a_recommendation_that_holds_few_of_the_question_words_is_not_cited(assistant, corpus):
    # No recommendation is about extradition (checked here, on the records): none is listed.
    assert not any("extradit" in r.statement.lower() for r in corpus.recommendations)
    answer = assistant.ask("Which recommendation obliges Parties to extradite offenders who abuse children while travelling abroad?")
    assert answer.outcome is Outcome.NOT_FOUND
    assert answer.recommendations == []
    assert "No recommendation" in answer.text


def test_a_question_none_of_whose_own_words_the_source_has_finds_nothing(assistant, corpus):
    assert not any("photodna" in p.text.lower() or "hash" in p.text.lower() for p in corpus.passages)
    answer = assistant.ask("Where does the factsheet require Parties to use PhotoDNA hash matching?")
    assert answer.outcome is Outcome.NOT_FOUND
    assert answer.citations == ()


def test_must_said_of_a_partys_own_law_is_answered_from_its_practice(assistant, corpus):
    practice = next(p for p in corpus.practices if "legislation" in p.text and len(p.countries) == 1)
    party = practice.countries[0]
    assert not any("legislation" in r.statement for r in corpus.addressed_to(party))
    answer = assistant.ask(f"What types of data must be stored under {party}'s legislation so that cases can be investigated?")
    assert answer.outcome is Outcome.ANSWERED
    assert answer.recommendations == []
    assert any(c.kind == "practice" and party in c.quote for c in answer.citations)
    # Without a topic, "must" asks for the Party's recommendations.
    answer = assistant.ask(f"What must {party} do?")
    assert answer.recommendations == [r.id for r in corpus.addressed_to(party)]


def test_no_recommendation_on_the_subject_is_not_told_as_none_at_the_level(assistant, corpus):
    """Recommendations at the level exist, none on the question's subject: the answer must not say
    that none is at the level (a false statement about the source)."""
    assert _first_at(corpus, Level.REQUIRE)
    answer = assistant.ask("Which recommendation requires Parties to block websites?")
    assert answer.outcome is Outcome.NOT_FOUND and answer.recommendations == []
    assert "is at the level" not in answer.text
    assert "is about the subject of the question" in answer.text


def test_everyday_words_for_the_conventions_terms_are_read_as_those_terms():
    from assistant.analysis import paraphrased_terms

    assert paraphrased_terms("can kids abused abroad complain back home") == [
        "State of residence", "complaint", "territory of a Party other than the one where they reside",
    ]
    assert paraphrased_terms("where do the victims live") == []  # a question about places, not "where they live"
    assert paraphrased_terms("which parties must help child victims") == ["assistance"]


def test_home_country_finds_the_recommendations_on_the_state_of_residence(assistant, corpus):
    expected = sorted(r.id for r in corpus.recommendations if r.level is Level.REQUIRE and re.search(r"State of (?:their )?residence", r.statement))
    assert expected  # the corpus has such recommendations
    answer = assistant.ask("Which Parties are required to make sure children abused abroad can complain in their home country?")
    assert answer.outcome is Outcome.ANSWERED
    assert sorted(answer.recommendations) == expected
