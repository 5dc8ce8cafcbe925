"""Verification removes what the source does not support, whoever wrote the draft."""

from __future__ import annotations

import pytest

from assistant.composer import Draft
from assistant.records import Citation, Outcome
from assistant.verify import Verifier

DOC = "lanzarote-factsheet-international-cooperation"


@pytest.fixture(scope="module")
def verifier(corpus):
    return Verifier(corpus)


def _citation(corpus, rec_id: str, marker: int = 1, **changes) -> Citation:
    rec = corpus.recommendation(rec_id)
    passage = corpus.passage_by_id[f"{DOC}#{rec_id}"]
    fields = dict(
        marker=marker, recommendation=rec.id, articles=rec.articles, level=rec.level, addressees=rec.addressees,
        section=corpus.section_label(DOC, rec.section), section_id=rec.section, source=DOC, passage_id=passage.id,
        kind="recommendation", quote=passage.text, line=rec.line,
    )
    fields.update(changes)
    return Citation(**fields)


def _line(corpus, rec_id: str, marker: int = 1) -> str:
    rec = corpus.recommendation(rec_id)
    articles = ", ".join(f"Article {a}" for a in rec.articles)
    return f"- **{rec.id}** (*{rec.level.verb}*; {articles}; section {rec.section}): {rec.statement} [{marker}]"


def test_a_correct_draft_passes_unchanged(verifier, corpus):
    draft = Draft(blocks=["Norway is named in:", _line(corpus, "V-17")], citations=[_citation(corpus, "V-17")])
    answer = verifier.run("q", draft)
    assert answer.notes == () and answer.recommendations == ["V-17"] and answer.text == draft.text


def test_a_citation_of_a_recommendation_that_does_not_exist_is_removed(verifier, corpus):
    fake = _citation(corpus, "V-17", marker=2, recommendation="V-42")
    draft = Draft(blocks=[_line(corpus, "V-17"), "As V-42 says, everyone must act. [2]"], citations=[_citation(corpus, "V-17"), fake])
    answer = verifier.run("q", draft)
    assert answer.recommendations == ["V-17"]
    assert "V-42" not in answer.text
    assert any("V-42" in note for note in answer.notes)


def test_a_statement_attached_to_the_wrong_recommendation_is_removed(verifier, corpus):
    # A sentence about Norway carrying the citation of V-3 (which does not name Norway).
    v3 = _citation(corpus, "V-3")
    line = "- **V-3** (*requests*; Article 38(1); section III.4): The Committee requires Norway to ensure that victims may complain. [1]"
    answer = verifier.run("q", Draft(blocks=[line], citations=[v3]))
    assert answer.citations == () and answer.outcome is Outcome.NOT_FOUND
    assert "Norway" not in answer.text


def test_a_wrong_level_or_article_for_a_real_recommendation_is_removed(verifier, corpus):
    wrong_level = _citation(corpus, "V-19", level=corpus.recommendation("V-17").level)
    answer = verifier.run("q", Draft(blocks=[_line(corpus, "V-19")], citations=[wrong_level]))
    assert answer.citations == ()
    wrong_articles = _line(corpus, "V-19").replace("Article 38(4)", "Article 38(2)")
    answer = verifier.run("q", Draft(blocks=[wrong_articles], citations=[_citation(corpus, "V-19")]))
    assert answer.citations == ()


def test_an_altered_quote_is_removed(verifier, corpus):
    altered = _citation(corpus, "V-17", quote="Norway to do something else entirely.")
    answer = verifier.run("q", Draft(blocks=[_line(corpus, "V-17")], citations=[altered]))
    assert answer.citations == ()


def test_a_quotation_not_in_its_passage_is_removed(verifier, corpus):
    passage = corpus.passage_by_id[f"{DOC}#context-216"]
    citation = Citation(
        marker=1, recommendation=None, section=corpus.section_label(DOC, passage.section), section_id=passage.section,
        source=DOC, passage_id=passage.id, kind=passage.kind, quote=passage.text, line=passage.line,
    )
    good = Draft(blocks=["Section VI: “It focuses on international co-operation and electronic evidence.” [1]"], citations=[citation])
    # The verified citation also names its document's title (from the corpus manifest).
    assert verifier.run("q", good).citations == (citation.model_copy(update={"document_title": corpus.title(DOC)}),)
    bad = Draft(blocks=["Section VI: “It was adopted in 1999 by the United Nations.” [1]"], citations=[citation])
    assert verifier.run("q", bad).citations == ()


def test_an_id_named_without_citation_is_removed(verifier, corpus):
    draft = Draft(blocks=[_line(corpus, "V-17"), "See also V-18 on the same subject."], citations=[_citation(corpus, "V-17")])
    answer = verifier.run("q", draft)
    assert "V-18" not in answer.text and answer.recommendations == ["V-17"]


def test_markers_are_renumbered_after_removal(verifier, corpus):
    bad = _citation(corpus, "V-1", marker=1, quote="invented")
    draft = Draft(blocks=[_line(corpus, "V-1", 1), _line(corpus, "V-17", 2)], citations=[bad, _citation(corpus, "V-17", marker=2)])
    answer = verifier.run("q", draft)
    assert [c.marker for c in answer.citations] == [1]
    assert answer.text.endswith("[1]") and "[2]" not in answer.text


def test_the_composer_never_produces_a_draft_that_verification_changes(assistant):
    """Every answer of the default composer verifies without a note (checked on varied questions)."""
    for question in [
        "What is Norway required to do?", "How many recommendations are there?", "What does the level 'require' mean?",
        "Which promising practice concerns data retention?", "What did the Committee call on Morocco to do?",
        "Which reservation must France withdraw?", "What does recommendation V-42 say?", "Compare recommendations V-14 and V-16.",
    ]:
        assert assistant.ask(question).notes == (), question
