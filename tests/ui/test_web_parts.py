"""The web app's parts on their own: rendering (escaping), the feedback store and its export, the
settings it adds, streaming pieces, example questions and the Recommendations filter."""

from __future__ import annotations

import csv
import io
import json
import sqlite3

import pytest
from pydantic import ValidationError

from assistant.records import Answer, Citation, Outcome
from corpus.records import ALL_PARTIES, Level

NORWAY = "What is Norway required to do?"


# Rendering -----------------------------------------------------------------------------------------


def citation(**overrides) -> Citation:
    base = dict(
        marker=1, recommendation="V-9", articles=("38(1)",), level=Level.INVITE, addressees=(ALL_PARTIES,),
        section="III.4 Bilateral", section_id="III.4", source="doc", passage_id="doc#V-9", kind="recommendation",
        quote="to <b>co-operate</b> & \"share\"", line=12,
    )
    return Citation(**{**base, **overrides})


def test_user_text_is_never_markup():
    from ui.render import render_question

    html = render_question('<img src=x onerror="alert(1)"> <script>alert(2)</script> **bold**')
    assert "<img" not in html and "<script" not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html


def test_answer_markdown_is_rendered_and_raw_html_escaped():
    from ui.render import render_answer

    answer = Answer(question="q", text="**V-9** says <script>x()</script> [1]\n\n- [a link](javascript:alert(1))", citations=(citation(),))
    html = render_answer(answer, turn=3)
    assert "<strong>V-9</strong>" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "href=\"javascript" not in html  # not a link: shown as text
    assert 'href="#lz-t3-s1"' in html  # the marker links to its source in the same answer
    assert 'id="lz-t3-s1"' in html


def test_sources_panel_shows_id_badge_articles_section_and_exact_quote():
    from ui.render import render_sources

    html = render_sources([citation()], turn=0)
    assert "V-9" in html
    assert 'class="lz-badge lz-badge--invite"' in html and ">invites<" in html
    assert "Article 38(1)" in html
    assert "Section III.4 Bilateral" in html
    assert "to &lt;b&gt;co-operate&lt;/b&gt; &amp; &quot;share&quot;" in html  # the quote, exact and escaped


@pytest.mark.parametrize(
    "outcome, css", [(Outcome.OUT_OF_SCOPE, "lz-notice--refusal"), (Outcome.UNSAFE, "lz-notice--safeguarding"), (Outcome.NOT_FOUND, "lz-notice--not-found")]
)
def test_refusals_are_marked_as_such(outcome, css):
    from ui.render import render_answer

    html = render_answer(Answer(question="q", text="No.", outcome=outcome), turn=0)
    assert css in html
    assert "lz-sources" not in html


def test_markers_without_a_citation_stay_text():
    from ui.render import render_answer_text

    assert "<a" not in render_answer_text("see [2]", [citation()], 0)


# Streaming -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "one", "a b", "**V-17** (*requires*) text [1]\n\n- x [2]", " ".join(["w"] * 500)])
def test_stream_pieces_grow_to_the_whole_text_without_cutting_words(text):
    from ui.chat import MAX_PIECES, stream_pieces

    pieces = list(stream_pieces(text))
    assert pieces[-1] == text
    assert len(pieces) <= MAX_PIECES + 1
    for shorter, longer in zip(pieces, pieces[1:]):
        assert longer.startswith(shorter) and len(longer) > len(shorter)
    for piece in pieces[:-1]:
        assert piece[-1].isspace()  # cut after whitespace: never inside a word or a [n] marker


def test_turn_of_message_maps_chatbot_indexes_to_turns():
    from ui.chat import _turn_of_message

    turns = [{"question": "a"}, {"question": ""}, {"question": "b"}]  # the second: a notice without a question
    assert [_turn_of_message(turns, i) for i in range(6)] == [None, 0, 1, None, 2, None]


# Feedback store ---------------------------------------------------------------------------------------


@pytest.fixture
def store(tmp_path):
    from ui.feedback import FeedbackStore

    return FeedbackStore(tmp_path / "sub" / "feedback.sqlite3", app_version="9.9.9")


def test_feedback_is_stored_in_sqlite_with_what_was_answered(store, assistant):
    from ui.feedback import Vote

    answer = assistant.ask(NORWAY).to_dict()
    row = store.run(Vote(question=NORWAY, answer=answer, verdict="down"))
    store.comment(row, "  The quote should be longer.  ")
    with sqlite3.connect(store.path) as db:
        db.row_factory = sqlite3.Row
        stored = dict(db.execute("SELECT * FROM feedback WHERE id = ?", (row,)).fetchone())
    assert stored["question"] == NORWAY
    assert stored["answer"] == answer["text"]
    assert stored["outcome"] == "answered"
    assert json.loads(stored["citations"]) == answer["citations"]
    assert stored["verdict"] == "down"
    assert stored["comment"] == "The quote should be longer."
    assert stored["app_version"] == "9.9.9"
    assert stored["created"].endswith("+00:00")
    assert set(stored) == {"id", "created", "updated", "question", "answer", "outcome", "citations", "verdict", "comment", "app_version"}


def test_feedback_verdict_can_change_and_be_withdrawn(store):
    from ui.feedback import Vote

    row = store.run(Vote(question="q", answer={"text": "t", "citations": [], "outcome": "answered"}, verdict="up"))
    store.change_verdict(row, "down")
    assert [r["verdict"] for r in store.rows()] == ["down"]
    store.withdraw(row)
    assert store.rows() == []
    with pytest.raises(ValueError):
        store.run(Vote(question="q", answer={}, verdict="meh"))


def test_feedback_export_csv_and_jsonl(store):
    from ui.feedback import Vote

    for verdict in ("up", "down"):
        store.run(Vote(question=f"q,{verdict}\n\"x\"", answer={"text": "t", "citations": [{"marker": 1}], "outcome": "answered"}, verdict=verdict))
    out = io.StringIO()
    assert store.export(out, "csv") == 2
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [r["verdict"] for r in rows] == ["up", "down"]
    assert rows[0]["question"] == 'q,up\n"x"'
    out = io.StringIO()
    assert store.export(out, "jsonl") == 2
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert lines[1]["citations"] == [{"marker": 1}] and lines[1]["app_version"] == "9.9.9"
    with pytest.raises(ValueError):
        store.export(out, "xml")


def test_unwritable_feedback_database_is_a_clear_error(tmp_path):
    from ui.feedback import FeedbackError, FeedbackStore, Vote

    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    store = FeedbackStore(blocker / "feedback.sqlite3", app_version="1")
    with pytest.raises(FeedbackError, match="not available"):
        store.run(Vote(question="q", answer={}, verdict="up"))


def test_cli_feedback_export(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from assistant.cli import app as cli
    from ui.feedback import FeedbackStore, Vote

    db = tmp_path / "fb.sqlite3"
    FeedbackStore(db, app_version="1.2.3").run(Vote(question="q", answer={"text": "t", "citations": [], "outcome": "answered"}, verdict="up"))
    monkeypatch.setenv("LANZAROTE_FEEDBACK_DB", str(db))
    runner = CliRunner()
    result = runner.invoke(cli, ["feedback", "export", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout.splitlines()[0])["app_version"] == "1.2.3"
    target = tmp_path / "out.csv"
    result = runner.invoke(cli, ["feedback", "export", "-f", "csv", "-o", str(target)])
    assert result.exit_code == 0 and target.read_text().startswith("id,created,")
    result = runner.invoke(cli, ["feedback", "export", "--format", "xml"])
    assert result.exit_code == 2 and "Unknown format" in result.output


# Settings -----------------------------------------------------------------------------------------------


def test_web_settings_from_the_environment(monkeypatch, tmp_path):
    from assistant.settings import Settings

    monkeypatch.setenv("LANZAROTE_FRAME_ANCESTORS", "https://intranet.example.org, http://127.0.0.1:8080/ https://*.coe.int")
    monkeypatch.setenv("LANZAROTE_ROOT_PATH", "/lanzarote/")
    monkeypatch.setenv("LANZAROTE_BASIC_AUTH_USERS", '{"alice": "pbkdf2_sha256$1$c2FsdA==$aGFzaA=="}')
    monkeypatch.setenv("LANZAROTE_DATA_DIR", str(tmp_path))
    settings = Settings(_env_file=None)
    assert settings.frame_ancestors == ["https://intranet.example.org", "http://127.0.0.1:8080", "https://*.coe.int"]
    assert settings.root_path == "/lanzarote"
    assert settings.basic_auth_users == {"alice": "pbkdf2_sha256$1$c2FsdA==$aGFzaA=="}
    assert settings.feedback_path == tmp_path / "feedback.sqlite3"


@pytest.mark.parametrize(
    "field, value",
    [
        ("frame_ancestors", "https://a.example.org; script-src *"),  # would inject a CSP directive
        ("frame_ancestors", "intranet.example.org"),
        ("root_path", "lanzarote"),
        ("auth_header", "X Remote User"),
    ],
)
def test_bad_web_settings_are_rejected(monkeypatch, field, value):
    from assistant.settings import Settings

    monkeypatch.setenv(f"LANZAROTE_{field.upper()}", value)
    with pytest.raises(ValidationError):
        Settings(_env_file=None)


def test_password_hashes():
    from ui.security import check_password_hash, hash_password, verify_password

    stored = hash_password("s3cret", iterations=1000)
    check_password_hash(stored)
    assert verify_password("s3cret", stored)
    assert not verify_password("s3cret ", stored)
    assert hash_password("s3cret", iterations=1000) != stored  # salted
    for bad in ("s3cret", "pbkdf2_sha256$x$a$b", "md5$1$a$b"):
        with pytest.raises(ValueError):
            check_password_hash(bad)


# Examples and the Recommendations filter -----------------------------------------------------------------


def test_example_questions_come_from_the_corpus_and_get_answers(assistant):
    from ui.examples import example_questions

    questions = example_questions(assistant.corpus)
    assert len(questions) >= 3
    for question in questions:
        answer = assistant.ask(question)
        assert answer.outcome is Outcome.ANSWERED and answer.citations, question


def test_filter_by_party_level_and_article(assistant):
    from ui.recommendations import RecommendationFilter, article_choices, party_choices

    corpus = assistant.corpus
    named = [r.id for r in corpus.addressed_to("Norway")]
    assert [r.id for r in RecommendationFilter(party="Norway", include_all_parties=False).run(corpus)] == named
    with_all = [r.id for r in RecommendationFilter(party="Norway").run(corpus)]
    assert set(with_all) == set(named) | {r.id for r in corpus.to_all_parties()}
    assert [r.id for r in RecommendationFilter(level="require").run(corpus)] == [r.id for r in corpus.by_level(Level.REQUIRE)]
    under_38 = RecommendationFilter(article="38").run(corpus)
    assert under_38 and all(any(a.startswith("38") for a in r.articles) for r in under_38)
    exact = RecommendationFilter(article="38(2)").run(corpus)
    assert exact and all("38(2)" in r.articles for r in exact)
    assert RecommendationFilter(party="Norway", level="invite", include_all_parties=False).run(corpus) == [
        r for r in corpus.addressed_to("Norway") if r.level is Level.INVITE
    ]
    assert "Norway" in party_choices(corpus) and ALL_PARTIES not in party_choices(corpus)
    assert ("Article 38 (all paragraphs)", "38") in article_choices(corpus)


def test_source_context_is_the_section_before_the_recommendation(assistant):
    from ui.recommendations import render_detail, source_context

    corpus = assistant.corpus
    rec = corpus.recommendation("V-17")
    label, articles, context = source_context(corpus, rec)
    sheet = corpus.factsheets[0]
    assert label == sheet.section(rec.section).label
    assert context and all(any(p.text == c and p.section == rec.section and p.line < rec.line for p in sheet.paragraphs) for c in context)
    html = render_detail(corpus, "V-17")
    assert "V-17" in html and "Source context" in html
