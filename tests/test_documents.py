"""Several documents: the corpus manifest (checked, with file and line), recommendation ids that
repeat across documents (each cited with its document), and questions limited to a document or a
theme."""

from __future__ import annotations

import shutil
import textwrap

import pytest

from assistant.composer import Draft
from assistant.errors import InvalidQuestion
from assistant.records import Citation
from corpus.collection import Corpus
from corpus.manifest import load_manifest
from corpus.parser import MalformedDocument

from .conftest import FACTSHEET, FIXTURE_FACTSHEET

REAL = FACTSHEET.stem
FIXTURE = FIXTURE_FACTSHEET.stem
ROUND3 = "round-3-factsheet-international-cooperation"
V17_ADDRESSEES = "Andorra, Bosnia and Herzegovina, Georgia, Liechtenstein, Monaco, Montenegro, North Macedonia, Norway, San Marino, Turkey and Ukraine"

MANIFEST = f"""\
documents:
  - file: {FACTSHEET.name}
    title: "Factsheet – International co-operation"
    round: 2
    theme: International co-operation
    date: 2022-03
    language: en
    source_url: null
  - file: {FIXTURE_FACTSHEET.name}
    title: "Factsheet – Awareness-raising and education"
    round: 2
    theme: Awareness-raising and education
    date: 2022
    language: en
  - file: {ROUND3}.md
    title: "Factsheet – International co-operation, third round"
    round: 3
    theme: International co-operation
    date: 2025-01-15
    language: en
    source_url: https://example.org/round-3
"""


def three_documents(folder):
    """The real factsheet; the fixture factsheet; and a "third round" copy of the real one, whose
    V-17 names other Parties: the same ids (V-1 to V-19) in two documents."""
    folder.mkdir(exist_ok=True)
    shutil.copy(FACTSHEET, folder / FACTSHEET.name)
    shutil.copy(FIXTURE_FACTSHEET, folder / FIXTURE_FACTSHEET.name)
    text = FACTSHEET.read_text()
    assert text.count(V17_ADDRESSEES) == 1
    (folder / f"{ROUND3}.md").write_text(text.replace(V17_ADDRESSEES, "Iceland and Malta"))
    (folder / "manifest.yaml").write_text(MANIFEST)
    return folder


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return three_documents(tmp_path_factory.mktemp("three") / "corpus")


@pytest.fixture(scope="module")
def three(folder, tmp_path_factory):
    from assistant import Assistant, Settings

    return Assistant.load(Settings(corpus_dir=folder, data_dir=tmp_path_factory.mktemp("three-data")))


# The manifest ---------------------------------------------------------------------------------


def test_the_shipped_manifest_describes_the_shipped_document(corpus):
    info = corpus.documents[REAL]
    assert info.title == "Factsheet – International co-operation" and info.round == 2
    assert info.theme == "International co-operation" and info.language == "en" and info.date == "2022-03"
    assert info.line > 0  # it comes from the manifest, not from defaults


def test_manifest_entries_by_document(folder):
    manifest = load_manifest(folder, sorted(folder.glob("*.md")))
    assert list(manifest) == [REAL, FIXTURE, ROUND3]  # the manifest's order
    third = manifest[ROUND3]
    assert (third.round, third.date, third.source_url) == (3, "2025-01-15", "https://example.org/round-3")
    assert manifest[FIXTURE].source_url is None and manifest[FIXTURE].date == "2022"


def broken(tmp_path, manifest: str):
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(FACTSHEET, folder / FACTSHEET.name)
    (folder / "manifest.yaml").write_text(textwrap.dedent(manifest))
    return folder


GOOD_ENTRY = f"""\
documents:
  - file: {FACTSHEET.name}
    title: Title
    round: 2
    theme: Theme
    date: 2022-03
    language: en
"""


@pytest.mark.parametrize(
    "change, line, words",
    [
        (("    round: 2\n", "    round: two\n"), 4, "field 'round' must be the monitoring round's number"),
        (("    round: 2\n", "    round: 0\n"), 4, "field 'round' must be the monitoring round's number"),
        (("    date: 2022-03\n", "    date: March 2022\n"), 6, "field 'date' must be a date YYYY-MM-DD"),
        (("    date: 2022-03\n", "    date: 2022-13\n"), 6, "field 'date' must be a date YYYY-MM-DD"),
        (("    language: en\n", "    language: English\n"), 7, "field 'language' must be a two-letter ISO 639-1 code"),
        (("    title: Title\n", "    title: ''\n"), 3, "field 'title' must be non-empty text"),
        (("    theme: Theme\n", "    theme: [a, b]\n"), 5, "field 'theme' must be a single value"),
        (("    title: Title\n", "    tittle: Title\n"), 3, "unknown field 'tittle'"),
        (("    theme: Theme\n", ""), 2, "field 'theme' is missing"),
        (("    language: en\n", "    language: en\n    source_url: rm.coe.int/x\n"), 8, "field 'source_url' must be an http(s) URL or null"),
        (("    round: 2\n", "    round: 2\n    round: 3\n"), 5, "field 'round' is given twice"),
        (("  - file: ", "  - file: "), None, None),  # control: the good entry loads
    ],
)
def test_manifest_errors_name_file_line_and_field(tmp_path, change, line, words):
    folder = broken(tmp_path, GOOD_ENTRY.replace(*change))
    if words is None:
        assert load_manifest(folder, sorted(folder.glob("*.md")))[REAL].title == "Title"
        return
    with pytest.raises(MalformedDocument) as caught:
        Corpus.load(folder)
    problems = caught.value.problems
    assert [p for p in problems if p.line == line and words in p.message], problems
    # Every problem names the manifest and a line; a mistaken entry still counts as listing its document.
    assert all(str(p).startswith(f"{folder / 'manifest.yaml'}:{p.line}: ") for p in problems)
    assert all(p.message.startswith(f"entry for '{FACTSHEET.name}': ") for p in problems)


def test_manifest_and_documents_must_match(tmp_path):
    folder = broken(tmp_path, GOOD_ENTRY + "  - file: missing.md\n    title: T\n    round: 1\n    theme: T\n    date: 2020\n    language: en\n")
    shutil.copy(FIXTURE_FACTSHEET, folder / FIXTURE_FACTSHEET.name)
    with pytest.raises(MalformedDocument) as caught:
        Corpus.load(folder)
    messages = [str(p) for p in caught.value.problems]
    assert f"{folder / FIXTURE_FACTSHEET.name}:1: this document is not in {folder / 'manifest.yaml'}" in messages[0]
    assert messages[1].startswith(f"{folder / 'manifest.yaml'}:8: entry for 'missing.md': no such document")


def test_manifest_yaml_syntax_error_and_duplicates(tmp_path):
    folder = broken(tmp_path, GOOD_ENTRY + "  - file: [unclosed\n")
    with pytest.raises(MalformedDocument, match=r"manifest.yaml:\d+: not valid YAML"):
        Corpus.load(folder)
    (folder / "manifest.yaml").write_text(GOOD_ENTRY + GOOD_ENTRY.split("\n", 1)[1])
    with pytest.raises(MalformedDocument, match=r"manifest.yaml:8: .* is listed twice \(first at line 2\)"):
        Corpus.load(folder)
    (folder / "manifest.yaml").write_text("files: []\n")
    with pytest.raises(MalformedDocument, match=r"manifest.yaml:1: expected 'documents:'"):
        Corpus.load(folder)


def test_a_folder_without_manifest_still_loads(corpus_copy):
    corpus = Corpus.load(corpus_copy)
    info = corpus.documents[REAL]
    assert info.title == corpus.factsheets[0].title and info.round is None and info.line == 0


def test_cli_reports_a_bad_manifest_with_file_and_line(tmp_path):
    import os
    import subprocess
    import sys

    folder = broken(tmp_path, GOOD_ENTRY.replace("    round: 2\n", "    round: second\n"))
    env = {**os.environ, "LANZAROTE_CORPUS_DIR": str(folder), "LANZAROTE_DATA_DIR": str(tmp_path / "data")}
    result = subprocess.run([sys.executable, "-m", "assistant.cli", "index"], capture_output=True, env=env, timeout=300)
    assert result.returncode == 2
    assert f"{folder / 'manifest.yaml'}:4: entry for '{FACTSHEET.name}': field 'round'".encode() in result.stderr
    assert b"Traceback" not in result.stderr


# The same ids in two documents -------------------------------------------------------------------


def test_the_corpus_keeps_both_documents_recommendations(folder):
    corpus = Corpus.load(folder)
    both = corpus.recommendations_with_id("V-17")
    assert [r.document for r in both] == [REAL, ROUND3]
    assert corpus.recommendation("V-17", ROUND3).addressees == ("Iceland", "Malta")
    assert "Norway" in corpus.recommendation("V-17", REAL).addressees
    assert corpus.recommendation("V-17", FIXTURE) is None
    assert corpus.title(ROUND3) == "Factsheet – International co-operation, third round"


def test_an_id_in_two_documents_is_answered_from_both_each_named(three):
    answer = three.ask("What does recommendation V-17 say?")
    assert answer.recommendations == ["V-17"]
    pairs = [(c.source, c.document_title) for c in answer.citations]
    assert pairs == [(REAL, "Factsheet – International co-operation"), (ROUND3, "Factsheet – International co-operation, third round")]
    lines = [line for line in answer.text.splitlines() if line.startswith("- **V-17**")]
    assert len(lines) == 2
    assert "of *Factsheet – International co-operation*" in lines[0] and "Norway" in lines[0]
    assert "of *Factsheet – International co-operation, third round*" in lines[1] and "Iceland and Malta" in lines[1]
    assert not answer.notes


def test_a_party_named_in_one_documents_v17_only(three):
    answer = three.ask("What is Iceland required to do?")
    assert [(c.recommendation, c.source) for c in answer.citations] == [("V-17", ROUND3)]
    norway = three.ask("What is Norway required to do?")
    assert [(c.recommendation, c.source) for c in norway.citations] == [("V-17", REAL)]


def test_the_verifier_checks_the_document_and_id_pair(three):
    corpus = three.corpus
    passage = corpus.passage_by_id[f"{ROUND3}#V-17"]
    rec = corpus.recommendation("V-17", ROUND3)
    line = f"- **V-17** (*requires*; Article 38(2); section VII of *{corpus.title(ROUND3)}*): {rec.statement} [1]"

    def draft(text: str, **citation) -> Draft:
        fields = dict(
            marker=1, recommendation="V-17", articles=rec.articles, level=rec.level, addressees=rec.addressees,
            section="VII", section_id="VII", source=ROUND3, passage_id=passage.id, kind="recommendation", quote=passage.text, line=passage.line,
        )
        return Draft(blocks=[text], citations=[Citation(**{**fields, **citation})])

    good = _verify(three, draft(line))
    assert good.citations[0].document_title == corpus.title(ROUND3) and not good.notes
    # The other document's title on the line: removed.
    wrong_title = _verify(three, draft(line.replace(f"*{corpus.title(ROUND3)}*", f"*{corpus.title(REAL)}*")))
    assert not wrong_title.citations and any("does not name the document" in n for n in wrong_title.notes)
    # The citation claims the fixture document, which has no V-17: removed.
    fixture_passage = corpus.passages_of(FIXTURE)[0]
    no_such = _verify(three, draft(line, source=FIXTURE, passage_id=fixture_passage.id, quote=fixture_passage.text,
                                   section_id=fixture_passage.section))
    assert not no_such.citations and no_such.notes
    # The round-3 passage with the first document's record fields (Norway among the addressees): removed.
    mixed = _verify(three, draft(line, addressees=corpus.recommendation("V-17", REAL).addressees))
    assert not mixed.citations and any("not the record's" in n for n in mixed.notes)
    # A made-up title: removed.
    made_up = _verify(three, draft(line, document_title="Another factsheet"))
    assert not made_up.citations


def _verify(assistant, draft):
    from assistant.verify import Verifier

    return Verifier(assistant.corpus).run("q", draft)


# Limiting a question to documents or a theme ------------------------------------------------------


def test_limiting_to_one_document(three):
    answer = three.ask("What does recommendation V-17 say?", documents=[ROUND3])
    assert [(c.recommendation, c.source) for c in answer.citations] == [("V-17", ROUND3)]
    # One document in scope: the line need not name it, the citation does.
    assert answer.citations[0].document_title == "Factsheet – International co-operation, third round"
    other = three.ask("What does recommendation V-17 say?", documents=[FIXTURE])
    assert other.outcome.value == "not_found" and not other.citations and "III-1 to III-6" in other.text


def test_limiting_to_a_theme(three):
    answer = three.ask("Which recommendations concern Serbia?", theme="international co-operation")
    assert all(c.source in (REAL, ROUND3) for c in answer.citations)
    awareness = three.ask("Which recommendations concern Serbia?", theme="Awareness-raising and education")
    assert awareness.recommendations == ["III-5"] and {c.source for c in awareness.citations} == {FIXTURE}


def test_free_questions_retrieve_only_inside_the_scope(three):
    question = "Which recommendations concern the use of the Europol and INTERPOL databases?"
    everywhere = three.ask(question)
    assert {c.source for c in everywhere.citations} == {REAL, ROUND3}
    limited = three.ask(question, documents=[REAL])
    assert limited.citations and {c.source for c in limited.citations} == {REAL}
    elsewhere = three.ask(question, documents=[FIXTURE])
    assert all(c.source == FIXTURE for c in elsewhere.citations)
    for documents in ([REAL], [FIXTURE], [FIXTURE, ROUND3]):
        scoped = three.scoped(documents)
        hits = scoped.index.dense(scoped.index.embed(question), k=20) + scoped.index.sparse(question, k=20)
        assert hits and {p.document for p, _ in hits} <= set(documents)


def test_settings_give_the_default_scope(folder, three):
    from assistant import Assistant, Settings

    limited = Assistant(Settings(corpus_dir=folder, data_dir=three.settings.data_dir, theme="Awareness-raising and education"), three.corpus, three.index)
    outside = limited.ask("What is V-3?")
    assert outside.outcome.value == "not_found" and not outside.citations
    assert limited.ask("What is III-3?").recommendations == ["III-3"]
    # An argument overrides the setting.
    assert limited.ask("What is V-3?", theme="International co-operation").recommendations == ["V-3"]


@pytest.mark.parametrize(
    "kwargs, words",
    [
        ({"documents": ["nope"]}, "Unknown document 'nope'. The documents are"),
        ({"theme": "Cooking"}, "No document has the theme 'Cooking'. The themes are 'Awareness-raising and education', 'International co-operation'."),
        ({"documents": [FIXTURE], "theme": "International co-operation"}, "None of the documents asked for has the theme"),
        ({"documents": FIXTURE}, "must be a list of document ids"),
    ],
)
def test_unknown_document_or_theme_is_a_clear_error(three, kwargs, words):
    with pytest.raises(InvalidQuestion, match=words.replace("(", r"\(").replace(")", r"\)")):
        three.ask("What is V-17?", **kwargs)


def test_scoped_assistants_are_reused(three):
    assert three.scoped([REAL]) is three.scoped([REAL])
    assert three.scoped() is three and three.scoped([REAL, FIXTURE, ROUND3]) is three


def test_long_lists_over_several_documents_are_cut_and_say_how_to_narrow(three, monkeypatch):
    import assistant.composer as composer

    monkeypatch.setattr(composer, "MAX_LISTED", 10)
    answer = three.ask("How many recommendations are there?")
    total = len(three.corpus.recommendations)
    assert f"make **{total}** recommendations" in answer.text
    listed = [line for line in answer.text.splitlines() if line.startswith("- **")]
    assert len(listed) == 10 == len(answer.citations) and not answer.notes
    assert f"- … and {total - 10} more recommendations in 2 documents: limit the question to a document or a theme" in answer.text
    # Limited to one document, the same question lists that document's recommendations in full.
    one = three.ask("How many recommendations are there?", documents=[REAL])
    assert len(one.citations) == 19 and "more recommendations" not in one.text


# Parsed documents cached on disk ------------------------------------------------------------------


def test_the_parse_cache_gives_the_same_corpus_and_reparses_only_what_changed(tmp_path, monkeypatch):
    import corpus.collection as collection
    from corpus.cache import ParseCache

    folder = three_documents(tmp_path / "corpus")
    cache = tmp_path / "cache"
    fresh = Corpus.load(folder)
    first = Corpus.load(folder, cache=cache)
    assert len(list(cache.glob("*.pickle"))) == 3

    parsed: list[str] = []
    real_parse = collection.parse_file
    monkeypatch.setattr(collection, "parse_file", lambda path, gazetteer=None: parsed.append(path.name) or real_parse(path, gazetteer))
    again = Corpus.load(folder, cache=cache)
    assert parsed == []  # every document came from the cache
    for corpus in (first, again):
        assert corpus.factsheets == fresh.factsheets and corpus.passages == fresh.passages
        assert corpus.documents == fresh.documents and corpus.vocabulary == fresh.vocabulary
    # A changed document is parsed again (and only it); its old entry is pruned.
    fixture = folder / FIXTURE_FACTSHEET.name
    fixture.write_text(fixture.read_text().replace("school psychologists", "zygomorphic counsellors"))
    changed = Corpus.load(folder, cache=cache)
    assert parsed == [FIXTURE_FACTSHEET.name]
    assert "zygomorphic" in changed.recommendation("III-2", FIXTURE).text and "zygomorphic" in changed.vocabulary
    assert len(list(cache.glob("*.pickle"))) == 3
    # A damaged entry is parsed again, not trusted.
    for entry in cache.glob("*.pickle"):
        entry.write_bytes(b"not a pickle")
    parsed.clear()
    assert Corpus.load(folder, cache=ParseCache(cache)).passages == changed.passages
    assert sorted(parsed) == sorted(p.name for p in folder.glob("*.md"))


def test_cli_index_says_what_it_added_updated_and_removed(three, tmp_path):
    import os
    import subprocess
    import sys

    folder = tmp_path / "corpus"
    shutil.copytree(three.settings.corpus_dir, folder)
    shutil.copytree(three.settings.data_dir, tmp_path / "data", symlinks=True)
    (folder / f"{ROUND3}.md").unlink()
    (folder / "manifest.yaml").write_text(MANIFEST[: MANIFEST.index(f"  - file: {ROUND3}.md")])
    fixture = folder / FIXTURE_FACTSHEET.name
    fixture.write_text(fixture.read_text().replace("school psychologists", "zygomorphic counsellors"))
    env = {**os.environ, "LANZAROTE_CORPUS_DIR": str(folder), "LANZAROTE_DATA_DIR": str(tmp_path / "data")}
    result = subprocess.run([sys.executable, "-m", "assistant.cli", "index"], capture_output=True, env=env, timeout=600)
    out = result.stdout.decode()
    assert result.returncode == 0, result.stderr.decode()
    fixture_passages = len(three.corpus.passages_of(FIXTURE))
    assert "  added: 0\n" in out and f"  updated: 1 ({FIXTURE})\n" in out and f"  removed: 1 ({ROUND3})\n" in out
    assert f"embedded {fixture_passages} passages, reused {len(three.corpus.passages_of(REAL))} (from the previous build)" in out
    again = subprocess.run([sys.executable, "-m", "assistant.cli", "index"], capture_output=True, env=env, timeout=600)
    assert "(up to date)" in again.stdout.decode() and "added:" not in again.stdout.decode()
