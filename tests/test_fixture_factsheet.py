"""A second factsheet in the same format (chapter III, other Parties, its own page-break artefacts)
parses without any change to the code, and the whole answer path works on it."""

from __future__ import annotations

import pytest

from corpus.parser import parse_file
from corpus.records import ALL_PARTIES, Level

from .conftest import FIXTURE_FACTSHEET

# From tests/fixtures/factsheets/EXPECTED.md.
EXPECTED = {
    "III-1": ("require", ["Greece", "Latvia", "Republic of Moldova"], ["5(1)"], "II",
              "Greece, Latvia and the Republic of Moldova to", "in the health, social protection and sports sectors."),
    "III-2": ("request", None, ["5(1)(b)"], "III.1",
              "to ensure that teachers, school psychologists and other", "the means to identify and report such cases."),
    "III-3": ("invite", ["Luxembourg", "Switzerland"], ["5(1)(b)"], "III.2",
              "Luxembourg and Switzerland to evaluate the awareness-raising tools", "all official languages used in their education system."),
    "III-4": ("invite", ["Bosnia and Herzegovina"], ["5(1)(b)"], "III.2",
              "Bosnia and Herzegovina to develop, in co-operation with", "level of the entities and of Brčko District."),
    "III-5": ("request", ["Serbia"], ["5(2)", "5(3)"], "IV",
              "Serbia to ensure that persons working in contact", "accordance with Article 5(3) of the Lanzarote Convention."),
    "III-6": ("invite", None, ["6(3)"], "V",
              "to involve children in the design and evaluation", "this information is adapted to their evolving capacity."),
}


@pytest.fixture(scope="module")
def sheet():
    return parse_file(FIXTURE_FACTSHEET)


def test_six_recommendations(sheet):
    assert [r.id for r in sheet.recommendations] == list(EXPECTED)


@pytest.mark.parametrize("rec_id", list(EXPECTED))
def test_fixture_recommendation(sheet, rec_id):
    level, addressees, articles, section, first, last = EXPECTED[rec_id]
    rec = next(r for r in sheet.recommendations if r.id == rec_id)
    assert rec.level is Level(level)
    assert list(rec.addressees) == (addressees or [ALL_PARTIES])
    assert list(rec.articles) == articles
    assert rec.section == section
    assert rec.text.startswith(first)
    assert rec.text.endswith(last)


def test_fixture_structure(sheet):
    assert [s.id for s in sheet.sections] == ["I", "II", "III", "III.1", "III.2", "IV", "V"]
    assert {s.id: s.articles for s in sheet.sections}["V"] == ("6(3)",)
    assert [(p.section, p.countries) for p in sheet.practices] == [("III.1", ("Finland",)), ("IV", ("Iceland", "Portugal")), ("IV", ("Austria",))]
    assert len(sheet.definitions) == 3
    assert [f.number for f in sheet.footnotes if f.urls] == [2]
    assert any("aimed at professionals of the education sector rather than" in p.text for p in sheet.paragraphs)


@pytest.mark.parametrize(
    "question, cited",
    [
        ("What is Serbia requested to do?", ["III-5"]),
        ("Which recommendations are requirements?", ["III-1"]),
        ("Which recommendations concern Moldova?", ["III-1"]),
        ("What does recommendation III-4 say?", ["III-4"]),
        ("Which recommendations implement Article 6(3)?", ["III-6"]),
        ("What is Norway required to do?", []),
    ],
)
def test_whole_answer_path_on_the_fixture(fixture_assistant, question, cited):
    answer = fixture_assistant.ask(question)
    assert answer.recommendations == cited
    for citation in answer.citations:
        assert citation.source == "factsheet-chapter-iii"


def test_fixture_range_for_a_missing_id(fixture_assistant):
    answer = fixture_assistant.ask("What does recommendation III-9 say?")
    assert answer.outcome.value == "not_found"
    assert "III-1 to III-6" in answer.text
    assert answer.citations == ()
