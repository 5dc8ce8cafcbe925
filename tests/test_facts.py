"""Facts, levels and a recommendation's place in the document asked in forms the dev set did not
hold: the real assistant quotes the sentence that answers and cites what it asks for."""

from __future__ import annotations

import pytest

from assistant.records import Outcome


# Facts: a count quotes the sentence that counts what was asked -------------------------------------


@pytest.mark.parametrize("question", [
    "how many chidlren took part in the report",
    "how many children participated?",
    "Combien d'enfants ont participé au rapport ?",
])
def test_how_many_children_quotes_the_children_not_the_states(assistant, question):
    answer = assistant.ask(question)
    assert answer.outcome is Outcome.ANSWERED
    assert "306" in answer.text
    assert "43 States" not in answer.text


def test_how_many_states_still_quotes_the_states(assistant):
    answer = assistant.ask("How many States took part?")
    assert "43" in answer.text and "306" not in answer.text


# A recommendation's neighbour or its place in the document, asked in one question ------------------


@pytest.mark.parametrize("question, expected", [
    ("Which recommendation follows V-5?", ["V-6"]),
    ("what comes before recommendation 12?", ["V-11"]),
    ("Quelle recommandation suit la V-5 ?", ["V-6"]),
    ("What is the nineteenth recommendation?", ["V-19"]),
    ("What is the last recommendation?", ["V-19"]),
    ("Quelle est la dernière recommandation ?", ["V-19"]),
])
def test_a_neighbour_or_a_place_named_in_the_question(assistant, question, expected):
    answer = assistant.ask(question)
    assert answer.outcome is Outcome.ANSWERED
    assert answer.recommendations == expected


def test_after_the_last_recommendation_there_is_none(assistant):
    answer = assistant.ask("What comes after V-19?")
    assert answer.outcome is Outcome.NOT_FOUND
    assert answer.recommendations == []


def test_a_place_past_the_end_is_not_found(assistant):
    assert assistant.ask("What is the twentieth recommendation?").outcome is Outcome.NOT_FOUND


def test_after_in_another_sense_is_not_a_neighbour(assistant):
    assert "V-6" not in assistant.ask("What did Parties do after V-5 was adopted?").recommendations


# Levels: the superlative after the noun ----------------------------------------------------------


@pytest.mark.parametrize("question", [
    "Which recommendations are the strongest?",
    "Which recommendations are the most urgent?",
    "Quelles recommandations sont les plus contraignantes ?",
])
def test_the_strongest_recommendations_are_the_requirements(assistant, question):
    answer = assistant.ask(question)
    assert answer.outcome is Outcome.ANSWERED
    assert answer.recommendations == ["V-17", "V-18"]


def test_que_demande_le_comite_to_a_party_is_not_the_level_request(assistant):
    # Norway is named only at the level "require": "Que demande le Comité" asks what it is asked, at any level.
    answer = assistant.ask("Que demande le Comité à la Norvège ?")
    assert answer.outcome is Outcome.ANSWERED
    assert answer.recommendations == ["V-17"]


# An attribute the factsheet never names: nothing to quote --------------------------------------------


@pytest.mark.parametrize("question", [
    "What is the age of the children who took part?",
    "what's the budget of the Lanzarote Committee?",
])
def test_an_attribute_no_passage_names_is_not_found(assistant, question):
    answer = assistant.ask(question)
    assert answer.outcome is Outcome.NOT_FOUND
    assert answer.recommendations == []
    assert "43 States" not in answer.text


def test_an_attribute_the_factsheet_names_is_answered(assistant):
    answer = assistant.ask("What is the topic of the second monitoring round?")
    assert answer.outcome is Outcome.ANSWERED
    assert "CSGSIV" in answer.text


# Definitions: French "demander" beside another level's verb is the level ---------------------------


def test_french_difference_between_exiger_and_demander_defines_both(assistant):
    answer = assistant.ask("Quelle est la différence entre exiger et demander ?")
    assert answer.outcome is Outcome.ANSWERED
    assert "Explanatory report" in answer.text and "documents adopted by the Committee" in answer.text


def test_a_level_word_beside_a_level_noun_is_a_level(assistant):
    # "requests" alone may be a verb; beside "requirements" it is the level.
    answer = assistant.ask("list the requests and requirements")
    assert answer.recommendations == ["V-3", "V-17", "V-18"]


def test_diff_between_two_levels_defines_them(assistant):
    answer = assistant.ask("what is the diff between invite and request")
    assert answer.outcome is Outcome.ANSWERED
    assert "promising practices" in answer.text and "documents adopted by the Committee" in answer.text
    assert answer.recommendations == []


def test_which_parties_reported_asks_for_the_practices(assistant):
    # What Parties reported are the promising practices (France and Romania's bilateral co-operation),
    # not the Committee's recommendations on co-operation.
    answer = assistant.ask("Which Parties reported a bilateral co-operation?")
    assert answer.outcome is Outcome.ANSWERED
    assert answer.recommendations == []
    assert "France" in answer.text and "Romania" in answer.text


@pytest.mark.parametrize("question, expected", [
    ("What is the next recommendation after V-9?", ["V-10"]),
    ("Quelle est la dix-neuvième recommandation ?", ["V-19"]),
    ("Quelle est la huitième recommandation ?", ["V-8"]),
])
def test_more_wordings_of_a_neighbour_or_a_place(assistant, question, expected):
    assert assistant.ask(question).recommendations == expected


def test_recs_are_the_least_binding_are_the_invitations(assistant):
    answer = assistant.ask("which recs are the least binding")
    assert answer.recommendations == [f"V-{n}" for n in (1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 19)]


# "When ...?": a date, or nothing -----------------------------------------------------------------


@pytest.mark.parametrize("question", ["When was the monitoring round launched?", "When was the questionnaire adopted?"])
def test_when_with_no_date_given_is_not_found(assistant, question):
    # The factsheet dates the implementation report (March 2022), not the round's launch nor the questionnaire.
    answer = assistant.ask(question)
    assert answer.outcome is Outcome.NOT_FOUND
    assert "2022" not in answer.text


@pytest.mark.parametrize("question, date", [
    ("When was the implementation report adopted?", "March 2022"),
    ("When was the Second Additional Protocol adopted?", "17 November 2021"),
])
def test_when_quotes_the_dated_sentence(assistant, question, date):
    answer = assistant.ask(question)
    assert answer.outcome is Outcome.ANSWERED
    assert date in answer.text
