"""The web app's words in English and French, and which language a browser gets.

The language comes from the browser (its Accept-Language header) unless the person chose one with
the switch in the page, which a cookie remembers. English pages are served at `/` and `/embed/`,
French ones at `/fr/` and `/fr/embed/`; the answers follow the language of each question.

    >>> choose_language("fr-CH, fr;q=0.9, en;q=0.8")
    'fr'
    >>> choose_language("de-DE,de;q=0.9,en;q=0.5")
    'en'
"""

from __future__ import annotations

from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import parse_qsl, urlencode

from starlette.types import ASGIApp, Receive, Scope, Send

LANGUAGES = ("en", "fr")
COOKIE = "lz_lang"


@dataclass(frozen=True)
class Labels:
    language: str
    html_lang: str
    switch_label: str  # the link to the other language, in that language
    switch_href: str  # relative to the page
    switch_title: str
    subtitle: str  # {titles}
    tab_chat: str
    tab_recommendations: str
    levels_accordion: str
    footer: str
    chat_placeholder: str
    question_label: str
    question_example: str  # {example}
    ask: str
    new_conversation: str
    comment_label: str
    comment_placeholder: str
    send_comment: str
    type_first: str
    went_wrong: str
    only_answers: str
    rating_removed: str
    rating_failed: str
    thanks_up: str
    thanks_down: str
    add_comment: str
    rate_first: str
    comment_empty: str
    comment_failed: str
    comment_saved: str
    preparing: str  # {message}{progress}
    progress: str  # {done} {total}
    unreachable: str
    rate_limited: str  # {limit} {wait}
    # Answers as the chat shows them (ui/render.py)
    searching: str = "Searching the factsheets…"
    outside: str = "Outside what I can answer"
    declined: str = "Request declined to protect children"
    not_in_source: str = "Not in the source"
    sources: str = "Sources"
    sources_of_answer: str = "Sources of this answer"
    addressed_to: str = "Addressed to:"
    line: str = "line"
    section: str = "Section"
    article: str = "Article"
    articles: str = "Articles"
    practice: str = "Promising practice"
    context: str = "Context"
    definition: str = "Definition"
    source_word: str = "source"
    notes: str = "Note"  # before what verification changed in an answer (Answer.notes, which are in English)
    # The selector that limits a question to documents or a theme (ui/chat.py)
    scope_label: str = "Answer from"
    scope_all: str = "All documents"
    scope_theme: str = "Theme: {theme}"


ENGLISH = Labels(
    language="en",
    html_lang="en",
    switch_label="Français",
    switch_href="?lang=fr",
    switch_title="Lire cette page en français",
    subtitle=(
        "Answers on the Lanzarote Committee's monitoring findings, from {titles}. "
        "Each answer cites the recommendations and Articles it rests on and quotes the source."
    ),
    tab_chat="Chat",
    tab_recommendations="Recommendations",
    levels_accordion="What “requires”, “requests” and “invites” mean",
    footer=(
        "Answers quote the factsheets and cite them; check the quoted source before relying on an answer. "
        '<a href="docs">API documentation</a>'
    ),
    chat_placeholder=(
        "<p><strong>Ask about the Lanzarote Committee's findings.</strong></p>"
        "<p>Every answer cites the recommendations and Articles it rests on and quotes the source.</p>"
    ),
    question_label="Your question",
    question_example="e.g. {example}",
    ask="Ask",
    new_conversation="New conversation",
    comment_label="Comment on this answer (optional)",
    comment_placeholder="What was wrong or missing? Please do not include personal data.",
    send_comment="Send comment",
    type_first="Type a question first.",
    went_wrong="Something went wrong while answering. It has been logged; please try again.",
    only_answers="Only answers can be rated.",
    rating_removed="Your rating was removed.",
    rating_failed="Sorry, your rating could not be saved. The answer itself is not affected.",
    thanks_up="Thank you: marked as helpful.",
    thanks_down="Thank you: marked as not helpful.",
    add_comment="You can add a comment below.",
    rate_first="Rate an answer first, then add a comment.",
    comment_empty="The comment is empty.",
    comment_failed="Sorry, your comment could not be saved. Please try again later.",
    comment_saved="Thank you: your comment was saved.",
    preparing="Preparing the assistant: {message}{progress}. The chat answers as soon as this is done.",
    progress=" ({done} of {total})",
    unreachable="The assistant cannot reach its search index at the moment; answers resume by themselves when it is back.",
    rate_limited="Too many questions from this client: the limit is {limit} per minute. Please wait {wait} s before asking again.",
)

FRENCH = Labels(
    language="fr",
    html_lang="fr",
    switch_label="English",
    switch_href="?lang=en",
    switch_title="Read this page in English",
    subtitle=(
        "Réponses sur les constats de suivi du Comité de Lanzarote, tirées de {titles}. "
        "Chaque réponse cite les recommandations et les articles sur lesquels elle repose et cite la source, "
        "qui reste en anglais."
    ),
    tab_chat="Discussion",
    tab_recommendations="Recommandations",
    levels_accordion="Ce que signifient « exige », « demande » et « invite » (requires, requests, invites)",
    footer=(
        "Les réponses citent les fiches thématiques ; vérifiez la source citée avant de vous fonder sur une réponse. "
        '<a href="../docs">Documentation de l\'API</a>'
    ),
    chat_placeholder=(
        "<p><strong>Posez une question sur les constats du Comité de Lanzarote.</strong></p>"
        "<p>Chaque réponse cite les recommandations et les articles sur lesquels elle repose et cite la source.</p>"
    ),
    question_label="Votre question",
    question_example="p. ex. {example}",
    ask="Demander",
    new_conversation="Nouvelle conversation",
    comment_label="Commentaire sur cette réponse (facultatif)",
    comment_placeholder="Qu'est-ce qui était faux ou manquait ? N'indiquez aucune donnée personnelle.",
    send_comment="Envoyer le commentaire",
    type_first="Saisissez d'abord une question.",
    went_wrong="Une erreur s'est produite pendant la réponse. Elle a été consignée ; veuillez réessayer.",
    only_answers="Seules les réponses peuvent être évaluées.",
    rating_removed="Votre évaluation a été retirée.",
    rating_failed="Désolé, votre évaluation n'a pas pu être enregistrée. La réponse elle-même n'est pas concernée.",
    thanks_up="Merci : réponse marquée comme utile.",
    thanks_down="Merci : réponse marquée comme peu utile.",
    add_comment="Vous pouvez ajouter un commentaire ci-dessous.",
    rate_first="Évaluez d'abord une réponse, puis ajoutez un commentaire.",
    comment_empty="Le commentaire est vide.",
    comment_failed="Désolé, votre commentaire n'a pas pu être enregistré. Veuillez réessayer plus tard.",
    comment_saved="Merci : votre commentaire a été enregistré.",
    preparing="Préparation de l'assistant : {message}{progress}. La discussion répond dès que c'est terminé.",
    progress=" ({done} sur {total})",
    unreachable="L'assistant ne peut pas joindre son index de recherche pour le moment ; les réponses reprendront d'elles-mêmes dès son retour.",
    rate_limited="Trop de questions de ce client : la limite est de {limit} par minute. Veuillez attendre {wait} s avant de poser une autre question.",
    searching="Recherche dans les fiches thématiques…",
    outside="Hors de ce à quoi je peux répondre",
    declined="Demande refusée pour protéger les enfants",
    not_in_source="Absent de la source",
    sources="Sources",
    sources_of_answer="Sources de cette réponse",
    addressed_to="Destinataires :",
    line="ligne",
    section="Section",
    article="Article",
    articles="Articles",
    practice="Pratique prometteuse",
    context="Contexte",
    definition="Définition",
    source_word="source",
    notes="Remarque",
    scope_label="Répondre à partir de",
    scope_all="Tous les documents",
    scope_theme="Thème : {theme}",
)

LABELS = {"en": ENGLISH, "fr": FRENCH}


def choose_language(accept_language: str | None, chosen: str | None = None) -> str:
    """The language a browser gets: the one chosen with the switch, else the first of its
    Accept-Language preferences (by q-value, then order) that the app has, else English."""
    if chosen in LANGUAGES:
        return chosen
    preferences: list[tuple[float, int, str]] = []
    for position, part in enumerate((accept_language or "").split(",")):
        pieces = [p.strip() for p in part.split(";")]
        tag = pieces[0].lower()
        if not tag:
            continue
        q = 1.0
        for param in pieces[1:]:
            if param.startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        preferences.append((-q, position, tag))
    for neg_q, _, tag in sorted(preferences):
        if neg_q >= 0:  # q=0: "not this one"
            continue
        base = tag.split("-")[0]
        if base in LANGUAGES:
            return base
    return "en"


#: The pages of each language, and their counterpart in the other.
PAGES = {"/": ("en", "/fr/"), "/embed/": ("en", "/fr/embed/"), "/fr/": ("fr", "/"), "/fr/embed/": ("fr", "/embed/")}


class LanguageChoice:
    """Send a browser to the pages in its language.

    - `?lang=fr` or `?lang=en` on a page: the switch. The choice is kept in a cookie, and the browser
      goes to that language's page.
    - The English pages (`/`, `/embed/`), asked for without a choice: a browser whose cookie or
      Accept-Language prefers French goes to `/fr/` or `/fr/embed/`. A French URL asked for by
      name is served as it is.
    """

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        root = scope.get("root_path", "")
        path = scope.get("path", "")
        relative = path[len(root):] if root and path.startswith(root) else path
        relative = relative or "/"
        if not relative.endswith("/"):
            relative += "/"
        page = PAGES.get(relative)
        if page is None:
            await self.app(scope, receive, send)
            return
        language, other = page
        query = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
        asked = next((v for k, v in query if k == "lang" and v in LANGUAGES), None)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        cookie = SimpleCookie()
        try:
            cookie.load(headers.get("cookie", ""))
        except Exception:  # a malformed cookie header is ignored, never an error page
            cookie = SimpleCookie()
        kept = cookie[COOKIE].value if COOKIE in cookie else None
        rest = urlencode([(k, v) for k, v in query if k != "lang"])
        if asked:
            set_cookie = f"{COOKIE}={asked}; Path={root or '/'}; Max-Age=31536000; SameSite=Lax"
            if asked != language:
                await _redirect(send, f"{root}{other}" + (f"?{rest}" if rest else ""), set_cookie)
                return
            await self.app(scope, receive, _with_header(send, set_cookie))
            return
        if language == "en" and choose_language(headers.get("accept-language"), kept) == "fr":
            await _redirect(send, f"{root}{other}" + (f"?{rest}" if rest else ""), None)
            return
        await self.app(scope, receive, send)


async def _redirect(send: Send, location: str, set_cookie: str | None) -> None:
    headers = [(b"location", location.encode("latin-1")), (b"content-length", b"0"), (b"vary", b"Accept-Language, Cookie")]
    if set_cookie:
        headers.append((b"set-cookie", set_cookie.encode("latin-1")))
    await send({"type": "http.response.start", "status": 307, "headers": headers})
    await send({"type": "http.response.body", "body": b""})


def _with_header(send: Send, set_cookie: str) -> Send:
    async def wrapped(message) -> None:
        if message["type"] == "http.response.start":
            message = {**message, "headers": [*message.get("headers", []), (b"set-cookie", set_cookie.encode("latin-1"))]}
        await send(message)

    return wrapped
