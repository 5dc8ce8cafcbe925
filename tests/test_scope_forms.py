"""Legitimate questions in forms once refused as out of scope, and the questions that must stay refused
(evals/gold/gold-dev-scope.yaml holds more of both): meta questions about the factsheet, "why"
questions, the asker's role, facts of the introduction, casual references ("the Europol bit"),
follow-ups that ask for a detail the factsheet does not give (a deadline, sanctions, a budget:
not found), practical questions of victims and parents."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from assistant.records import Outcome

SCOPE_GOLD = Path(__file__).resolve().parents[1] / "evals" / "gold" / "gold-dev-scope.yaml"


def _replay(assistant, history):
    messages = []
    for question in history:
        messages += [{"role": "user", "content": question}, {"role": "assistant", "content": assistant.ask(question, messages).text}]
    return messages


@pytest.mark.parametrize(
    "question, cited, fact",
    [
        # Facts of the introduction, and figures.
        ("How many children contributed?", [], "306 children"),
        ("How many children contributed and in how many Parties?", [], "10 Parties"),
        ("From how many Parties did the children who took part come?", [], "10 Parties"),
        ("How many Parties took part in the second monitoring round?", [], "43 States"),
        ("Combien d'enfants ont contribué ?", [], "306"),
        # "Why" questions: the sentence that gives the reason.
        ("Why did the Committee focus its second round on self-generated images?", [], "exponential increase"),
        ("Why does the Committee monitor the Convention in thematic rounds?", [], "simultaneously"),
        ("Why was the Second Additional Protocol to the Convention on Cybercrime needed?", [], "unknown jurisdictions"),
        # The asker's role, and what the asker should do with the findings.
        ("As a policy officer, which Parties should I contact about withdrawing their reservations?", ["V-1", "V-2"], "Monaco"),
        ("I'm a journalist: what did the Committee require of Norway?", ["V-17"], "Norway"),
        ("En tant que journaliste, que doit faire la Norvège ?", ["V-17"], "Norway"),
        # Casual references to a passage.
        ("What's the Europol bit about?", ["V-14", "V-16"], "Europol"),
        ("What's that thing about Barnahus?", [], "forensic interviewers"),
        # Practical questions of victims and parents.
        ("How can a child victim who was abused on holiday complain back home?", ["V-17", "V-18"], "State of"),
        ("If my son was abused in another country, can he complain at home according to the findings?", ["V-17", "V-18"], "State of"),
        # Meta questions: where to write.
        ("What is the Committee's e-mail address?", [], "lanzarote.committee@coe.int"),
    ],
)
def test_legitimate_questions_in_other_forms_are_answered(assistant, question, cited, fact):
    answer = assistant.ask(question)
    assert answer.outcome is Outcome.ANSWERED, answer.text
    assert sorted(answer.recommendations) == sorted(cited)
    assert fact in answer.text


@pytest.mark.parametrize(
    "history, follow_up, cited, fact",
    [
        (["How many children contributed?"], "in how many Parties?", [], "10 Parties"),
        (["How many States took part in the monitoring round?"], "and how many children?", [], "306"),
        (["Combien d'États ont pris part au cycle de suivi ?"], "combien d'enfants ?", [], "306"),
        (["Tell me about V-17"], "which of those is named first?", ["V-17"], "Andorra"),
        (["What does Hungary do about data retention?"], "how long is it kept there?", [], "one year"),
        (["What is the PROMISE Barnahus network?"], "who does it train?", [], "forensic interviewers"),
        (["What's the Europol bit about?"], "and which Article is that under?", ["V-14", "V-16"], "38(1)(c)"),
        (["What does V-1 say?"], "and who should I contact about it as a journalist?", ["V-1"], "Bulgaria"),
    ],
)
def test_follow_ups_in_other_forms_are_answered(assistant, history, follow_up, cited, fact):
    answer = assistant.ask(follow_up, _replay(assistant, history))
    assert answer.outcome is Outcome.ANSWERED, answer.text
    assert sorted(answer.recommendations) == sorted(cited)
    assert fact in answer.text


@pytest.mark.parametrize(
    "history, question, may_cite",
    [
        (["What does V-3 say?"], "And what is the deadline for that?", {"V-3"}),
        (["What is Norway required to do?"], "is there a deadline?", {"V-17"}),
        (["What is Bulgaria invited to do?"], "what sanctions apply if it doesn't?", {"V-1", "V-2"}),
        (["Tell me about V-19"], "what budget comes with it?", {"V-19"}),
        (["Which Parties must let victims complain in their State of residence?"], "by when?", {"V-17", "V-18"}),
        (["Que dit V-3 ?"], "Et quel est le délai ?", {"V-3"}),
        ([], "What is the deadline for implementing V-17?", {"V-17"}),
        ([], "How long do Parties have to implement V-19?", {"V-19"}),
        ([], "How often does the Committee meet?", set()),
    ],
)
def test_a_detail_the_factsheet_does_not_give_is_not_found_rather_than_out_of_scope(assistant, history, question, may_cite):
    answer = assistant.ask(question, _replay(assistant, history))
    assert answer.outcome is Outcome.NOT_FOUND, answer.text
    assert set(answer.recommendations) <= may_cite


@pytest.mark.parametrize(
    "history, question",
    [
        ([], "Who won the election in Norway?"),
        ([], "How many children live in Norway?"),
        ([], "How many children are there in Europe?"),
        ([], "Who is the prime minister of Italy?"),
        ([], "Why did Russia leave the Council of Europe?"),
        ([], "What did GRETA report about trafficking in Romania?"),
        ([], "When was the Venice Commission founded?"),
        ([], "What did the Committee of Ministers decide about Russia's expulsion?"),
        ([], "Recommend a good hotel in Lanzarote."),
        ([], "Is Lanzarote a nice place for a holiday?"),
        ([], "What search terms should I use to find cheap flights?"),
        ([], "As a journalist, can you tell me who won the election in Norway?"),
        ([], "As a policy officer, which restaurant should I book for a delegation dinner?"),
        ([], "How do I apply for a job at the Council of Europe?"),
        ([], "What happened at the Lanzarote Committee's plenary meeting last month?"),
        ([], "What's the bit about offside in football?"),
        ([], "What is the deadline for my tax return?"),
        (["What is Hungary invited to do?"], "who is its prime minister?"),
        (["How many children contributed?"], "how many children live in France?"),
        (["Tell me about V-17"], "and what's the weather like there?"),
    ],
)
def test_questions_outside_the_findings_stay_refused(assistant, history, question):
    answer = assistant.ask(question, _replay(assistant, history))
    assert answer.outcome is Outcome.OUT_OF_SCOPE, answer.text
    assert answer.recommendations == []


def test_a_figure_is_given_only_by_a_sentence_that_counts_what_is_asked(assistant):
    from assistant.composer import split_sentences
    from assistant.figures import Figures

    figures = Figures(assistant.corpus, split_sentences)
    analyse = assistant.analyser.analyse
    [(_, sentence)] = figures.matching(analyse("How many children contributed?"))
    assert "306 children" in sentence
    [(_, sentence)] = figures.matching(analyse("How many States took part?"))
    assert "43 States" in sentence
    # The same noun counted, but not what the question asks of it; a Party the sentence does not name.
    assert figures.matching(analyse("How many children are abused each year?")) == []
    assert figures.matching(analyse("How many children live in Norway?")) == []
    # "the one where they reside" has a number word, not a figure.
    assert figures.matching(analyse("What percentage of victims complain back home?")) == []


def test_the_askers_role_is_not_what_the_question_is_about(assistant):
    analyser = assistant.analyser
    assert analyser.without_role("As a policy officer, which Parties are invited?") == "Which Parties are invited?"
    assert analyser.without_role("I work for an NGO; what does V-8 say?") == "What does V-8 say?"
    assert analyser.without_role("and who should I contact about it as a journalist?") == "and who should I contact about it?"
    # A role that names what the question is about stays.
    assert analyser.without_role("As a journalist covering Monaco, what is it asked to do?").startswith("As a journalist covering Monaco")


def test_a_detail_the_findings_do_not_hold_is_read_from_the_question(assistant):
    analyse = assistant.analyser.analyse
    assert analyse("Is there a deadline for V-17?").details == ("deadline",)
    assert analyse("what happens if Monaco ignores it?").details == ("sanction",)
    assert analyse("Quel budget est prévu ?").details == ("budget",)
    assert analyse("What does V-9 say?").details == ()


def test_the_scope_gold_file_follows_the_schema():
    items = yaml.safe_load(SCOPE_GOLD.read_text(encoding="utf-8"))
    categories = {"by_number", "party", "level", "article", "count_list", "practice", "fact", "definition", "multi_passage",
                  "false_premise", "nonexistent", "out_of_scope", "unsafe", "paraphrase_typo", "multi_turn"}
    ids = [i["id"] for i in items]
    assert len(ids) == len(set(ids))
    valid = {f"V-{n}" for n in range(1, 20)}
    for item in items:
        assert item["id"].startswith(f"q-{item['category']}-") and item["category"] in categories
        assert item["split"] == "dev"
        assert not set(item["must_cite"]) & set(item["may_cite"]) and set(item["must_cite"]) | set(item["may_cite"]) <= valid
        if item["outcome"] != "answered":
            assert item["must_cite"] == []
        if item["outcome"] == "out_of_scope":
            assert item["may_cite"] == [] and item["must_contain"] == []
    refused = sum(1 for i in items if i["outcome"] == "out_of_scope")
    assert refused >= 40 and len(items) - refused >= 120
    assert sum(1 for i in items if i["language"] == "fr") >= 20
