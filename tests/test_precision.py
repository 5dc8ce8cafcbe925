"""Citation precision on question forms the gold dev set did not hold: the real assistant cites what
the factsheet supports for the question, no more and no less."""

from __future__ import annotations

from assistant.records import Outcome


# Free questions: which of the recommendations that retrieval finds answer ------------------------


def test_a_word_only_one_recommendation_holds_leaves_out_the_one_it_outdoes(assistant):
    # V-17 and V-18 both concern complaints in the State of residence; only V-18 is about victims in
    # Parties that are not EU members.
    answer = assistant.ask("Which Parties must make sure that children abused in non-EU Parties can complain once they are back home?")
    assert answer.recommendations == ["V-18"]


def test_two_parts_of_a_question_each_get_their_recommendation(assistant):
    answer = assistant.ask(
        "Which recommendations cover co-operation between Parties on self-generated sexual images, for prevention and for victims respectively?"
    )
    assert {"V-6", "V-11"} <= set(answer.recommendations)
    assert set(answer.recommendations) <= {"V-6", "V-7", "V-8", "V-9", "V-10", "V-11", "V-12", "V-13"}


def test_a_recommendation_from_a_section_on_another_purpose_is_not_cited(assistant):
    # V-10 ("pooling and sharing of ... tools", section IV on prevention) shares only the word "share".
    answer = assistant.ask("How should Parties help victims whose self-generated images were shared across borders?")
    assert answer.outcome is Outcome.ANSWERED
    assert answer.recommendations and set(answer.recommendations) <= {"V-11", "V-12", "V-13", "V-17", "V-18"}


# False premises --------------------------------------------------------------------------------


def test_which_article_is_not_found_when_nothing_quoted_names_one(assistant):
    answer = assistant.ask("Which Article obliges Parties to block illegal content?")
    assert answer.outcome is Outcome.NOT_FOUND
    assert answer.recommendations == []
    assert "no Article" in answer.text


def test_which_article_is_answered_when_the_quote_names_it(assistant):
    answer = assistant.ask("Which Article says Parties that are EU members apply EU rules in their mutual relations?")
    assert answer.outcome is Outcome.ANSWERED
    assert "43(3)" in answer.text


def test_a_level_none_of_the_recommendations_on_a_subject_has_is_a_false_premise(assistant):
    # V-14 to V-16 (investigations) are invitations; the requirements V-17 and V-18 are not about them.
    answer = assistant.ask("Are any recommendations on investigations requirements?")
    assert answer.outcome is Outcome.NOT_FOUND
    assert answer.recommendations == ["V-14", "V-15", "V-16"]
    assert "invites" in answer.text


def test_a_party_asked_about_a_subject_none_of_its_recommendations_covers(assistant):
    # Norway is named only in V-17 (complaints in the State of residence); reservations are V-1 and V-2.
    answer = assistant.ask("Why is Norway required to withdraw its reservation?")
    assert answer.outcome is Outcome.NOT_FOUND
    assert answer.recommendations == ["V-17", "V-1", "V-2"]
    assert "is about the subject" in answer.text


def test_a_party_asked_about_its_own_subject_is_answered(assistant):
    answer = assistant.ask("What must Poland do for child victims?")
    assert answer.outcome is Outcome.ANSWERED and answer.recommendations == ["V-18"]


# Questions in two parts ------------------------------------------------------------------------


def test_it_in_a_second_part_with_a_level_is_the_party_of_the_first(assistant):
    answer = assistant.ask("What is Denmark praised for and what is it required to do?")
    assert answer.recommendations == ["V-18"]
    assert "PC-OC" in answer.text


def test_it_in_a_second_part_with_a_level_is_the_recommendation_of_the_first(assistant):
    answer = assistant.ask("What does V-1 say, and is it a requirement?")
    assert answer.recommendations == ["V-1"]
    assert "not at the level" in answer.text


def test_a_recommendation_sharing_no_word_with_the_answering_passage_is_not_cited(assistant):
    # The children are in the Introduction; V-14 and V-16 hold only "contribute" (to the databases).
    answer = assistant.ask("How many children contributed to the report?")
    assert answer.outcome is Outcome.ANSWERED
    assert "306" in answer.text and answer.recommendations == []


# Wordings the factsheet does not use ------------------------------------------------------------


def test_non_parties_are_the_countries_that_are_not_parties(assistant):
    answer = assistant.ask("List the recommendations about non-Parties.")
    assert sorted(answer.recommendations, key=lambda i: int(i[2:])) == ["V-4", "V-7", "V-12", "V-15", "V-16"]


def test_everyday_wordings_of_non_parties_and_police_are_read_as_the_convention_terms():
    from assistant.analysis import paraphrased_terms

    assert "countries that are not Parties" in paraphrased_terms("which recs are about non-parties")
    assert "countries that are not Parties" in paraphrased_terms("cooperation with countries outside the treaty")
    assert "police" in paraphrased_terms("recommendations on cops sharing databases")


def test_a_typo_in_a_word_of_the_corpus_is_mended_and_retrieval_reads_the_mended_text(assistant):
    assert sorted(assistant.ask("whch recomendation asks to widthdraw reservations").recommendations) == ["V-1", "V-2"]
    assert sorted(assistant.ask("which recomendations concern the reservatons").recommendations) == ["V-1", "V-2"]


def test_a_word_is_not_mended_into_another_that_starts_differently(assistant):
    # "praised" is one letter away from "raised" (in "awareness-raising", V-10).
    analysis = assistant.analyser.analyse("Romania: what is it praised for and what must it do?")
    assert "praised" in analysis.normalised


# Parties ---------------------------------------------------------------------------------------


def test_what_the_factsheet_wants_from_a_party_is_its_recommendations(assistant):
    answer = assistant.ask("What does the factsheet want from Türkiye?")
    assert answer.outcome is Outcome.ANSWERED and answer.recommendations == ["V-17"]


def test_a_state_named_only_in_a_paragraph_is_quoted_and_no_recommendation_names_it(assistant):
    answer = assistant.ask("What does the factsheet say about Morocco and which recommendations name it?")
    assert answer.outcome is Outcome.ANSWERED and answer.recommendations == []
    assert "finalise its accession" in answer.text and "No recommendation" in answer.text


def test_a_state_named_in_a_paragraph_is_not_said_to_be_unnamed(assistant):
    answer = assistant.ask("Which recommendations name Morocco?")
    assert answer.outcome is Outcome.NOT_FOUND and answer.recommendations == []
    assert "does not name" not in answer.text


def test_abused_in_another_country_is_read_as_the_territory_of_another_party(assistant):
    # Not V-7 (co-operation with countries that are not Parties), which shares only "children" and "countries".
    answer = assistant.ask("what do parties gotta do bout kids abused in another country")
    assert answer.recommendations and set(answer.recommendations) <= {"V-17", "V-18"}


def test_a_subject_shown_at_another_level_is_one_the_recommendations_are_about(assistant):
    # V-8 and V-13 name "transnational networks", not the PROMISE Barnahus network.
    answer = assistant.ask("Why did the Committee require Parties to join the PROMISE Barnahus network?")
    assert answer.outcome is Outcome.NOT_FOUND and answer.recommendations == []


def test_an_everyday_word_a_term_stands_for_does_not_make_a_question_unanswerable(assistant):
    # "helping" is not a word of the factsheet; "assistance" is read for it.
    answer = assistant.ask("which recs talk about helping victims")
    assert answer.outcome is Outcome.ANSWERED
    assert sorted(answer.recommendations) == ["V-11", "V-12", "V-13"]


def test_a_subject_the_factsheet_does_not_know_stays_unanswered(assistant):
    answer = assistant.ask("Which recommendation deals with sextortion of children?")
    assert answer.outcome is Outcome.NOT_FOUND and answer.recommendations == []


def test_the_verb_after_which_recommendations_is_not_a_subject(assistant):
    # "share" is not the subject (V-10's "pooling and sharing"): the recommendations under Article 38(2) are.
    answer = assistant.ask("Which recommendations share Article 38(2)?")
    assert answer.outcome is Outcome.ANSWERED and answer.recommendations == ["V-17", "V-18"]


def test_the_new_gold_file_is_loaded_with_the_dev_items():
    from evals.gold import load_gold

    items = {i.id: i for i in load_gold(split="dev")}
    assert "z-article-002" in items and items["z-article-002"].must_cite == ["V-17", "V-18"]
    assert all(i.split == "dev" for i in items.values() if i.id.startswith("z-"))


def test_two_recommendations_that_say_the_same_of_the_question_are_cited_together(assistant):
    # V-17 and V-18 hold the same words of the question, with nearly the same scores.
    answer = assistant.ask("What must Parties ensure for victims who reside elsewhere?")
    assert sorted(answer.recommendations) == ["V-17", "V-18"]
    answer = assistant.ask("What are Parties asked to do for victims?")
    assert {"V-17", "V-18"} <= set(answer.recommendations) or not {"V-17", "V-18"} & set(answer.recommendations)


def test_a_recommendation_far_outdone_by_a_paragraph_on_the_subject_is_not_the_answer(assistant):
    # V-18 names the European Union; the paragraph on EU instruments is about the question, and no recommendation is.
    answer = assistant.ask("What does the factsheet recommend on EU instruments?")
    assert answer.outcome is Outcome.NOT_FOUND and answer.recommendations == []
    assert "2012/29/EU" in answer.text


def test_the_parties_named_in_all_recommendations_are_counted_off_the_ones_that_name_them(assistant):
    answer = assistant.ask("How many Parties are named in total across all recommendations?")
    assert answer.recommendations == ["V-1", "V-2", "V-17", "V-18"]
    assert "**25**" in answer.text


def test_how_many_recommendations_invite_parties_counts_recommendations(assistant):
    analysis = assistant.analyser.analyse("How many recommendations invite Parties to act?")
    assert not analysis.parties_count


def test_recommendations_that_answer_the_parts_of_a_question_between_them_are_not_outdone(assistant):
    # The Article 38(1) quotation holds "preventing" and "victims"; each recommendation holds one of them.
    answer = assistant.ask("Which recommendations concern prevention and victims?")
    assert answer.outcome is Outcome.ANSWERED
    assert {"V-6", "V-11"} & set(answer.recommendations)
    assert set(answer.recommendations) <= {f"V-{n}" for n in range(6, 20)}


def test_recommendations_two_parties_share_are_those_naming_both(assistant):
    # Not V-10 ("sharing" of tools): "share ... with" asks what names both.
    answer = assistant.ask("Which recommendations does Monaco share with Bulgaria?")
    assert answer.outcome is Outcome.ANSWERED and answer.recommendations == ["V-1"]


def test_unknown_words_of_an_everyday_wording_are_not_the_subject(assistant):
    # "joined" is not a word of the factsheet; "have not joined the Convention" reads as "not Parties".
    answer = assistant.ask("What should Parties do with countries that have not joined the Convention?")
    assert answer.outcome is Outcome.ANSWERED
    assert answer.recommendations and set(answer.recommendations) <= {"V-4", "V-7", "V-12", "V-15", "V-16"}


def test_a_phrase_of_the_question_held_far_apart_is_not_the_phrase(assistant):
    # V-19: "assistance programmes for development"; V-11 and V-13 "develop ... co-operation ... assistance".
    assert assistant.ask("Which recommendation concerns development assistance?").recommendations == ["V-19"]
    assert assistant.ask("Quelle recommandation concerne l'aide au développement ?").recommendations == ["V-19"]


def test_a_term_named_in_everyday_words_narrows_a_level_or_article_filter(assistant):
    expected = ["V-4", "V-7", "V-12", "V-15", "V-16"]
    assert assistant.ask("Which recommendations under Article 38(1) concern non-Parties?").recommendations == expected
    answer = assistant.ask("Which requirements concern non-Parties?")
    assert answer.outcome is Outcome.NOT_FOUND and answer.recommendations == expected


def test_a_practice_that_shares_one_word_with_the_question_is_not_a_partys_obligation(assistant):
    # The Italian Development Co-operation holds "co-operation" only; police co-operation is V-14 and V-16.
    answer = assistant.ask("What must Italy do about police co-operation?")
    assert answer.outcome is Outcome.NOT_FOUND
    assert answer.recommendations == ["V-18", "V-14", "V-16"]
    assert "Development Co-operation" not in answer.text


def test_children_whose_images_were_shared_are_the_victims(assistant):
    # "children whose images were shared" names the victims (assistant/paraphrases.yaml, `names: true`):
    # V-10's "sharing" of education tools (section IV, prevention) shares only a word with it.
    answer = assistant.ask("How should Parties help children whose images were shared abroad?")
    assert answer.outcome is Outcome.ANSWERED
    assert answer.recommendations and set(answer.recommendations) <= {"V-11", "V-12", "V-13", "V-17", "V-18"}


# After the merge of the scope and safety rounds --------------------------------------------------------


def test_a_named_term_narrows_the_recommendations_on_the_subject(assistant):
    # "non-Parties" narrows those on investigations (V-15, V-16); it never lets in one on another subject.
    answer = assistant.ask("Which Parties are invited to co-operate with non-Parties on investigations?")
    assert answer.recommendations and set(answer.recommendations) <= {"V-14", "V-15", "V-16"}


def test_where_a_victim_lives_is_the_state_of_residence(assistant):
    # "I live in Norway": the State of residence, so the question is the findings' (not out of scope).
    answer = assistant.ask("I'm a survivor. I was abused in Georgia but I live in Norway. Where can I complain?")
    assert answer.outcome is Outcome.ANSWERED and "V-17" in answer.recommendations


def test_what_happens_if_asks_what_the_convention_provides(assistant):
    # Not a sanction: Article 38(3) says what a Party may do.
    answer = assistant.ask("What happens if a Party receives an extradition request from a Party it has no treaty with?")
    assert answer.outcome is Outcome.ANSWERED and "38(3)" in answer.text
    assert assistant.analyser.analyse("what happens if Monaco ignores it?").details == ("sanction",)
