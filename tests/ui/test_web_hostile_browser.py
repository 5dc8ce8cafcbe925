"""Hostile input and faults in a real browser (Debian's chromium through Playwright): markup typed
into the chat or into a feedback comment is shown as text and never runs (escaping first, the
Content-Security-Policy behind it: the page guard fails the test on any CSP violation); a feedback
database that cannot be written still lets the answer come, and says so; the API docs page runs
under the CSP."""

from __future__ import annotations

import sqlite3

import pytest

from tests.ui import test_web_browser as web

NORWAY = web.NORWAY
ATTACKS = [
    "<script>window.__xss = 'script'</script>What is V-1?",
    '<img src=x onerror="window.__xss = \'img\'">Which recommendations concern Bulgaria?',
    "<svg onload=\"window.__xss='svg'\"></svg> ${window.__xss='template'} {{constructor.constructor('window.__xss=1')()}} What is V-3?",
    "[click](javascript:window.__xss='link') <a href=\"javascript:window.__xss='a'\">V-17</a> What is Norway required to do?",
]


@pytest.fixture(scope="module")
def app_server(engine, make_settings, serve):
    from ui.app import create_app

    settings = make_settings()
    server = serve(create_app(settings, engine))
    server.settings = settings
    return server


def test_markup_typed_into_the_chat_is_shown_as_text_and_never_runs(context, app_server, off_host_guard):
    page = context.new_page()
    guard = off_host_guard(page, app_server.url)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(app_server.url + "/")
    for number, attack in enumerate(ATTACKS):
        reply = web.ask(page, attack, answers_before=number)
        web.wait_complete(page, reply, expect_sources=False)
        shown = page.locator("#lz-chat .lz-question").nth(number).inner_text()
        assert shown == " ".join(attack.split()) or shown == attack, shown
    assert page.evaluate("window.__xss") is None
    assert not dialogs
    chat = page.locator("#lz-chat")
    assert chat.locator("script, svg[onload], img[onerror], a[href^='javascript']").count() == 0
    assert chat.locator(".lz-question img, .lz-question a").count() == 0
    guard.assert_clean()  # no request to another host, no CSP violation


def test_markup_in_a_feedback_comment_is_stored_as_text_and_never_runs(context, app_server, off_host_guard):
    page = context.new_page()
    guard = off_host_guard(page, app_server.url)
    page.goto(app_server.url + "/")
    web.wait_complete(page, web.ask(page, NORWAY))
    page.get_by_role("button", name="Dislike").click()
    comment = page.get_by_label("Comment on this answer (optional)")
    comment.wait_for()
    hostile = '<img src=x onerror="window.__xss=\'comment\'"><script>window.__xss=\'c2\'</script> the quote is cut'
    comment.fill(hostile)
    page.get_by_role("button", name="Send comment").click()
    page.locator("#lz-feedback-status").filter(has_text="comment was saved").wait_for()
    assert page.evaluate("window.__xss") is None
    with sqlite3.connect(app_server.settings.feedback_path) as db:
        assert db.execute("SELECT comment FROM feedback WHERE comment LIKE '%the quote is cut'").fetchone() == (hostile,)
    guard.assert_clean()


def test_unwritable_feedback_database_the_answer_comes_and_the_failure_is_shown(context, engine, make_settings, serve, tmp_path, off_host_guard):
    from ui.app import create_app

    folder = tmp_path / "feedback-is-a-folder"
    folder.mkdir()
    app = serve(create_app(make_settings(feedback_db=folder), engine))
    page = context.new_page()
    guard = off_host_guard(page, app.url)
    page.goto(app.url + "/")
    reply = web.ask(page, NORWAY)
    web.wait_complete(page, reply)
    assert "V-17" in reply.locator(".lz-sources").inner_text()
    page.get_by_role("button", name="Dislike").click()
    page.locator("#lz-feedback-status").filter(has_text="could not be saved").wait_for()
    assert "V-17" in reply.inner_text()  # the answer is still there
    guard.assert_clean()


def test_api_docs_run_under_the_content_security_policy(context, app_server, off_host_guard):
    page = context.new_page()
    guard = off_host_guard(page, app_server.url)
    page.goto(app_server.url + "/docs")
    page.locator(".swagger-ui").get_by_text("/api/ask").first.wait_for()
    guard.assert_clean()
