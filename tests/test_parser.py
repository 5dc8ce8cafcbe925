"""Parsing the real factsheet: every recommendation with the right id, level, addressees, Articles and
whole text, and the rest of the structure (sections, practices, definitions, footnotes)."""

from __future__ import annotations

import pytest

from corpus.parser import parse_file
from corpus.records import ALL_PARTIES, Level

from .conftest import FACTSHEET

EXPECTED = {
    # id: (level, addressees or None for all Parties, Articles, section)
    "V-1": ("invite", ["Bulgaria", "Hungary", "Monaco", "Russian Federation"], ["38(1)", "20(4)", "20(1)(f)"], "III.1"),
    "V-2": ("invite", ["Bulgaria", "Russian Federation"], ["38(1)", "21(2)", "21(1)(c)"], "III.1"),
    "V-3": ("request", None, ["38(1)"], "III.4"),
    "V-4": ("invite", None, ["38(1)"], "III.4"),
    "V-5": ("invite", None, ["38(1)"], "III.4"),
    "V-6": ("invite", None, ["38(1)(a)"], "IV"),
    "V-7": ("invite", None, ["38(1)(a)"], "IV"),
    "V-8": ("invite", None, ["38(1)(a)"], "IV"),
    "V-9": ("invite", None, ["38(1)(a)"], "IV"),
    "V-10": ("invite", None, ["38(1)(a)"], "IV"),
    "V-11": ("invite", None, ["38(1)(b)"], "V"),
    "V-12": ("invite", None, ["38(1)(b)"], "V"),
    "V-13": ("invite", None, ["38(1)(b)"], "V"),
    "V-14": ("invite", None, ["38(1)(c)"], "VI"),
    "V-15": ("invite", None, ["38(1)(c)"], "VI"),
    "V-16": ("invite", None, ["38(1)(c)"], "VI"),
    "V-17": (
        "require",
        ["Andorra", "Bosnia and Herzegovina", "Georgia", "Liechtenstein", "Monaco", "Montenegro", "North Macedonia", "Norway",
         "San Marino", "Turkey", "Ukraine"],
        ["38(2)"],
        "VII",
    ),
    "V-18": (
        "require",
        ["Belgium", "Croatia", "Cyprus", "Denmark", "Estonia", "Italy", "Lithuania", "Malta", "Poland", "Romania", "Sweden"],
        ["38(2)"],
        "VII",
    ),
    "V-19": ("invite", None, ["38(4)"], "VIII"),
}


@pytest.fixture(scope="module")
def sheet():
    return parse_file(FACTSHEET)


def test_all_nineteen_recommendations_in_order(sheet):
    assert [r.id for r in sheet.recommendations] == [f"V-{n}" for n in range(1, 20)]


@pytest.mark.parametrize("rec_id", list(EXPECTED))
def test_recommendation_fields(sheet, rec_id):
    level, addressees, articles, section = EXPECTED[rec_id]
    rec = next(r for r in sheet.recommendations if r.id == rec_id)
    assert rec.level is Level(level)
    assert list(rec.addressees) == (addressees or [ALL_PARTIES])
    assert list(rec.articles) == articles
    assert rec.section == section
    assert "<sup>" not in rec.text and "**" not in rec.text
    assert rec.text.endswith(".")


@pytest.mark.parametrize(
    "rec_id, joined",
    [
        # Bullets cut in two by a page break, sometimes with footnotes printed between the halves.
        ("V-4", "to consistently analyse the possibilities to expand international co-operation with countries"),
        ("V-8", "transnational networks and other international organisations and initiatives, to exploit their capacity"),
        ("V-12", "for the purpose of protecting and providing assistance to victims in matters"),
        ("V-15", "concerning the offences established in accordance with the Lanzarote Convention, in matters"),
        ("V-19", "in matters related to child self-generated sexual images and/or videos, in assistance programmes"),
    ],
)
def test_split_bullets_come_out_whole_and_in_order(sheet, rec_id, joined):
    rec = next(r for r in sheet.recommendations if r.id == rec_id)
    assert joined in rec.text
    assert rec.text.startswith("to ")


def test_split_context_paragraph_is_joined(sheet):
    texts = [p.text for p in sheet.paragraphs]
    assert any("Article 20(1)(f) of the Convention which concerns the criminalisation of knowingly obtaining access" in t for t in texts)


def test_sections_with_titles_and_articles(sheet):
    sections = {s.id: s for s in sheet.sections}
    assert [s for s in sections if "." not in s] == ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]
    assert [s for s in sections if "." in s] == ["III.1", "III.2", "III.3", "III.4"]
    assert sections["VII"].articles == ("38(2)",)
    assert sections["VIII"].articles == ("38(4)",)
    assert sections["IV"].articles == ("38(1)(a)",)
    assert sections["III.2"].parent == "III"
    assert sections["III.4"].title == "Bilateral or multilateral agreements"
    assert sections["VII"].title.startswith("Ensure that victims in the territory of a Party other than")
    assert "(Article" not in sections["VII"].title


def test_promising_practices_with_their_countries(sheet):
    practices = [(p.section, p.countries) for p in sheet.practices]
    assert practices == [
        ("III.2", ("Denmark",)),
        ("III.4", ("France", "Romania")),
        ("III.4", ("Romania", "Bulgaria", "Italy", "Spain")),
        ("III.4", ("Italy",)),  # "The **Italian** Development Co-operation"
        ("VI", ("Germany",)),
        ("VI", ("Hungary",)),
    ]
    assert "Federal Criminal Police (BKA)" in sheet.practices[4].text


def test_urgency_definitions(sheet):
    definitions = {d.level: d.text for d in sheet.definitions}
    assert set(definitions) == set(Level)
    assert "as clarified by its Explanatory report" in definitions[Level.REQUIRE]
    assert "documents adopted by the Committee" in definitions[Level.REQUEST]
    assert "promising practices" in definitions[Level.INVITE]


def test_footnotes_with_urls_and_sections(sheet):
    notes = {f.number: f for f in sheet.footnotes}
    assert len(notes) == 25
    assert notes[23].text == "Recommendation V-17."
    assert notes[5].urls == ("https://rm.coe.int/guidelines-to-respect-protect-and-fulfil-the-rights-of-the-child-in-th/16808d881a",)
    assert notes[11].urls == ("https://www.coe.int/en/web/children/co-operation-projects",)
    assert notes[2].section == "III.1" and "child sexual abuse material" in notes[2].text


def test_no_context_paragraph_is_a_recommendation(sheet):
    rec_texts = {r.text for r in sheet.recommendations}
    assert not any(p.text in rec_texts for p in sheet.paragraphs)
