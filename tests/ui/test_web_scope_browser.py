"""The chat's selector of documents and themes, in a real browser (Debian's chromium through
Playwright) against the app on a real two-document index: choosing one document limits the answer
to it; the selector is labelled, works with the keyboard, is in French on the French page, and is
hidden when the corpus has a single document."""

from __future__ import annotations

import pytest

from tests.ui.conftest import tab_to

from tests.ui import test_web_browser as web
from tests.ui.test_web_scope import BOTH


@pytest.fixture(scope="module")
def app_server(two_documents_engine, serve):
    from ui.app import create_app

    return serve(create_app(two_documents_engine.settings, two_documents_engine))


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, locale="en-GB")
    context.set_default_timeout(web.TIMEOUT)
    yield context
    context.close()


def cited_documents(reply) -> set[str]:
    """The documents named by the sources panel of a reply ("<document>, line <n>")."""
    return {where.rsplit(",", 1)[0] for where in reply.locator(".lz-source__where").all_inner_texts()}


def choose(page, label: str, option: str) -> None:
    page.get_by_label(label).click()
    page.get_by_role("option", name=option, exact=True).click()


def test_choosing_one_document_limits_the_answer_to_it(context, app_server, two_documents, off_host_guard, artifacts):
    corpus = two_documents.corpus
    page = context.new_page()
    guard = off_host_guard(page, app_server.url)
    page.goto(app_server.url + "/")
    selector = page.get_by_label("Answer from")
    selector.wait_for()
    assert selector.input_value() == "All documents"

    # Every document: the answer draws on both.
    first = web.ask(page, BOTH)
    web.wait_complete(page, first)
    assert cited_documents(first) == set(corpus.documents)

    # One document, chosen by its title: the next answer cites that document alone, as the library does.
    document, info = next(iter(corpus.documents.items()))
    choose(page, "Answer from", info.label)
    assert selector.input_value() == info.label
    second = web.ask(page, BOTH, answers_before=1)
    web.wait_complete(page, second)
    expected = {c.source for c in two_documents.ask(BOTH, documents=[document]).citations}
    assert cited_documents(second) == expected == {document}
    page.screenshot(path=str(artifacts / "chat-scope.png"), full_page=True)

    # A theme: only its document.
    theme = corpus.themes[-1]
    (on_theme,) = corpus.with_theme(theme)
    choose(page, "Answer from", f"Theme: {theme}")
    third = web.ask(page, BOTH, answers_before=2)
    web.wait_complete(page, third)
    assert cited_documents(third) == {on_theme}
    guard.assert_clean()


def test_the_selector_works_with_the_keyboard(context, app_server, two_documents, off_host_guard):
    corpus = two_documents.corpus
    document, info = list(corpus.documents.items())[-1]
    page = context.new_page()
    guard = off_host_guard(page, app_server.url)
    page.goto(app_server.url + "/")
    selector = page.get_by_label("Answer from")
    selector.wait_for()
    page.evaluate("document.activeElement && document.activeElement.blur()")
    if not tab_to(page, "lz-scope"):
        pytest.fail("the selector cannot be reached with Tab")
    # Down to the wanted entry (the choices are "all", then each document in order), Enter to take it.
    # The list opens on focus and renders a moment later: keys pressed before it is there are lost,
    # so give it that moment (up to three tries, each by keyboard only).
    position = 1 + list(corpus.documents).index(document)
    for _ in range(3):
        page.wait_for_timeout(300)
        for _ in range(position):
            page.keyboard.press("ArrowDown")
            page.wait_for_timeout(50)
        page.keyboard.press("Enter")
        page.wait_for_timeout(300)
        if selector.input_value() == info.label:
            break
        selector.focus()
    assert selector.input_value() == info.label
    # On to the question box, and ask.
    if not tab_to(page, "lz-question", presses=10):
        pytest.fail("the question box does not follow the selector")
    page.keyboard.type(BOTH)
    page.keyboard.press("Enter")
    reply = page.locator("#lz-chat .lz-reply").first
    reply.locator(".lz-pending").wait_for(state="detached")
    web.wait_complete(page, reply)
    assert cited_documents(reply) == {document}
    guard.assert_clean()


def test_the_selector_is_in_french_on_the_french_embed_page(browser, app_server, off_host_guard):
    context = browser.new_context(viewport={"width": 600, "height": 900}, locale="fr-FR")
    context.set_default_timeout(web.TIMEOUT)
    try:
        page = context.new_page()
        guard = off_host_guard(page, app_server.url)
        page.goto(app_server.url + "/fr/embed/")
        selector = page.get_by_label("Répondre à partir de")
        selector.wait_for()
        assert selector.input_value() == "Tous les documents"
        selector.click()
        assert page.get_by_role("option").filter(has_text="Thème :").count() == 2
        guard.assert_clean()
    finally:
        context.close()


def test_with_a_single_document_there_is_no_selector(context, engine, make_settings, serve, off_host_guard):
    from ui.app import create_app

    server = serve(create_app(make_settings(), engine))
    page = context.new_page()
    guard = off_host_guard(page, server.url)
    page.goto(server.url + "/")
    page.get_by_label("Your question").wait_for()
    assert page.get_by_label("Answer from").count() == 0
    guard.assert_clean()
