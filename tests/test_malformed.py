"""A document that breaks the format is reported with its file and line, never silently dropped."""

from __future__ import annotations

import pytest

from corpus.collection import Corpus
from corpus.parser import MalformedDocument, parse_file, parse_text

from .conftest import FIXTURES

MALFORMED = FIXTURES / "malformed"


@pytest.mark.parametrize(
    "name, line, words",
    [
        ("missing-footnote.md", 40, "marker <sup>3</sup> has no footnote 3"),
        ("dangling-recommendation.md", 48, "is not referenced by any recommendation bullet"),
        ("duplicate-id.md", 50, "recommendation III-2 appears twice"),
    ],
)
def test_malformed_documents_name_file_and_line(name, line, words):
    with pytest.raises(MalformedDocument) as caught:
        parse_file(MALFORMED / name)
    problems = caught.value.problems
    assert [p.line for p in problems] == [line]
    assert words in problems[0].message
    assert str(problems[0]).startswith(f"{MALFORMED / name}:{line}: ")


def test_a_bullet_without_marker_under_recommendations_is_reported():
    text = "## I. Introduction\n\nText.\n\n### Recommendations of the Lanzarote Committee\n\nThe Committee **invites** all Parties:\n\n- to do something.\n"
    with pytest.raises(MalformedDocument) as caught:
        parse_text(text, path="x.md")
    assert caught.value.problems[0].line == 9
    assert "no footnote marker" in caught.value.problems[0].message


def test_not_utf8_is_reported(tmp_path):
    path = tmp_path / "binary.md"
    path.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(MalformedDocument, match="not UTF-8"):
        parse_file(path)


def test_empty_corpus_folder_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="no factsheet"):
        Corpus.load(tmp_path)
