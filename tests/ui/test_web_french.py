"""The web chat in French: chosen by the browser's language (Accept-Language), with a visible switch
that a cookie remembers; labels, examples and answers in French. Real chromium, real app."""

from __future__ import annotations

import re

import pytest

from tests.ui.test_web_browser import TIMEOUT, wait_complete


@pytest.fixture(scope="module")
def app_server(engine, make_settings, serve):
    from ui.app import create_app

    return serve(create_app(make_settings(), engine))


def _context(browser, locale: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale=locale)
    context.set_default_timeout(TIMEOUT)
    return context


def test_a_french_browser_gets_the_french_chat_and_can_switch_to_english(browser, app_server, off_host_guard, artifacts):
    context = _context(browser, "fr-FR")
    try:
        page = context.new_page()
        guard = off_host_guard(page, app_server.url)
        page.goto(app_server.url + "/")
        assert page.url == app_server.url + "/fr/"
        page.get_by_label("Votre question").wait_for()
        assert page.get_by_role("button", name="Demander").is_visible()
        assert page.get_by_role("tab", name="Recommandations").is_visible()
        switch = page.locator("#lz-lang-switch")
        assert switch.inner_text() == "English"
        # The example questions are French.
        assert page.locator("#lz-chat").get_by_text(re.compile(r"^Que dit la recommandation \S+ \?$")).count() == 1

        box = page.get_by_label("Votre question")
        box.fill("Que doit faire la Norvège ?")
        box.press("Enter")
        answer = page.locator("#lz-chat .lz-reply").nth(0)
        answer.locator(".lz-pending").wait_for(state="detached")
        wait_complete(page, answer)
        text = answer.inner_text()
        assert "V-17" in text and "Norvège" in text and "figure dans" in text and "exige" in text
        assert "« The Committee requires" in text  # the source's words, in English, marked as a quotation
        page.screenshot(path=str(artifacts / "chat-french.png"), full_page=True)

        switch.click()
        page.wait_for_url(app_server.url + "/")
        page.get_by_label("Your question").wait_for()
        assert page.locator("#lz-lang-switch").inner_text() == "Français"
        # The choice holds over the browser's language on the next visit.
        page.goto(app_server.url + "/")
        page.get_by_label("Your question").wait_for()
        assert page.url == app_server.url + "/"
        guard.assert_clean()
    finally:
        context.close()


def test_an_english_browser_stays_in_english_and_the_switch_leads_to_french(browser, app_server, off_host_guard):
    context = _context(browser, "en-GB")
    try:
        page = context.new_page()
        guard = off_host_guard(page, app_server.url)
        page.goto(app_server.url + "/")
        page.get_by_label("Your question").wait_for()
        assert page.url == app_server.url + "/"
        page.locator("#lz-lang-switch").click()
        page.wait_for_url(app_server.url + "/fr/")
        page.get_by_label("Votre question").wait_for()
        # A French question on the French page, a refusal in French.
        reply = ask_fr(page, "Quelle est la capitale de l'Australie ?")
        wait_complete(page, reply, expect_sources=False)
        text = reply.inner_text()
        assert "Hors de ce à quoi je peux répondre" in text  # the page's chrome, in French
        assert "Je ne peux répondre qu'aux questions" in text  # the refusal, in the question's language
        guard.assert_clean()
    finally:
        context.close()


def test_the_embedded_chat_follows_the_browser_language(browser, app_server, off_host_guard):
    context = _context(browser, "fr-BE")
    try:
        page = context.new_page()
        guard = off_host_guard(page, app_server.url)
        page.goto(app_server.url + "/?embed=1")
        assert page.url == app_server.url + "/fr/embed/"
        page.get_by_label("Votre question").wait_for()
        assert page.locator("#lz-lang-switch").inner_text() == "English"
        guard.assert_clean()
    finally:
        context.close()


def ask_fr(page, question: str):
    box = page.get_by_label("Votre question")
    box.fill(question)
    box.press("Enter")
    reply = page.locator("#lz-chat .lz-reply").nth(0)
    reply.wait_for()
    reply.locator(".lz-pending").wait_for(state="detached")
    return reply
