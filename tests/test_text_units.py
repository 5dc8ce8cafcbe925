"""Small pure pieces: Article references, State names, id and level analysis."""

from __future__ import annotations

import pytest

from corpus.articles import article_covers, find_articles
from corpus.parties import Gazetteer


@pytest.mark.parametrize(
    "text, expected",
    [
        ("(Article 38(1)(a))", ["38(1)(a)"]),
        ("Article 38, paragraph 4", ["38(4)"]),
        ("Article 20(1),f of the Convention", ["20(1)(f)"]),
        ("Art. 38 para 2", ["38(2)"]),
        ("article 38, paragraphe 2", ["38(2)"]),
        ("Article 38.2", ["38(2)"]),
        ("article 38 §2", ["38(2)"]),
        ("Articles 19 and 20", ["19", "20"]),
        ("under Article 38(2), a Party", ["38(2)"]),
        ("no article here", []),
    ],
)
def test_find_articles(text, expected):
    assert find_articles(text) == expected


def test_bare_article_numbers_only_when_asked():
    assert find_articles("what about 38(4)?") == []
    assert find_articles("what about 38(4)?", bare=True) == ["38(4)"]


def test_article_covers_sub_paragraphs():
    assert article_covers("38(1)", "38(1)(a)")
    assert article_covers("38", "38(2)")
    assert not article_covers("38(1)", "38(2)")
    assert not article_covers("3", "38(2)")


@pytest.fixture(scope="module")
def gazetteer():
    return Gazetteer.default()


@pytest.mark.parametrize(
    "text, names",
    [
        ("What about Türkiye?", ["Turkey"]),
        ("and Russia", ["Russian Federation"]),
        ("Bosnie-Herzégovine et la Norvège", ["Bosnia and Herzegovina", "Norway"]),
        ("tell us about it", []),  # "us" is a pronoun, not the United States
        ("the US and the UK", ["United States", "United Kingdom"]),
    ],
)
def test_gazetteer_find(gazetteer, text, names):
    assert gazetteer.find(text) == names


def test_gazetteer_typos_only_outside_the_vocabulary(gazetteer):
    assert gazetteer.find("what must norwey do", fuzzy_vocabulary=set()) == ["Norway"]
    assert gazetteer.find("what must norwey do") == []


def test_split_list_keeps_names_with_and(gazetteer):
    assert gazetteer.split_list("Andorra, Bosnia and Herzegovina, Turkey and Ukraine") == [
        "Andorra", "Bosnia and Herzegovina", "Turkey", "Ukraine"
    ]
    assert gazetteer.split_list("Serbia and Bosnia and Herzegovina") == ["Serbia", "Bosnia and Herzegovina"]
    assert gazetteer.split_list("Atlantis and the Utopian Republic") == ["Atlantis", "Utopian Republic"]
