"""Which language a question is written in: English or French, by counting the small words that
only one of the two uses. Simple and deterministic, no model: the same text always gets the
same answer, and a test can say why.

A text with no telling word ("V-17?", "Monaco ?") has no language of its own: a conversation
keeps the language it had, and a first message defaults to English.

    >>> detect_language("Que doit faire la Norvège ?")
    'fr'
    >>> detect_language("What is Norway required to do?")
    'en'
    >>> detect_language("Monaco ?") is None
    True
"""

from __future__ import annotations

import re
from collections.abc import Iterable

LANGUAGES = ("en", "fr")
DEFAULT_LANGUAGE = "en"

# Words frequent in questions in one language and absent (or rare) in the other.
_FRENCH = frozenset(
    """le la les des du un une et est sont que qui quoi quel quelle quels quelles quelles comment combien pourquoi où
    doit doivent dans pour par avec sur au aux ce cette ces son sa ses leur leurs il elle ils elles nous vous je
    pas ne plus aussi être été faire fait peut peuvent recommandation recommandations concernent concerne
    comité exige exigent exigences demande demandent invite-t-il tenue tenu quelles-sont y-a-t-il entre selon
    lesquelles laquelle lequel lesquels signifie veut dire pays états état parties-prenantes bonne bonnes pratique
    pratiques prometteuse prometteuses mon ma mes moi toi donne donnez merci bonjour svp également alors donc
    aujourd'hui demain quand chez sans sous vers parmi depuis pendant notre nos votre vos liste énumère combien
    n'y qu'est-ce qu'est c'est s'adresse s'adressent paragraphe alinéa norvège turquie""".split()
)
_ENGLISH = frozenset(
    """the a an of and is are was were what which who whom whose how why when where does do did to in for with on
    by from that this these those it its they their them there here be been being has have had must should shall
    would could can will may might required requires require requested request invited invites invite concern
    concerns about any all please tell me my i you your our we us not no yes list many much named name
    recommendation recommendations committee party parties article say says mean means meaning practice practices
    promising good best also only other same both either neither each every""".split()
)
# Letters and spellings that only French uses.
_FRENCH_MARKS = re.compile(r"[éèêëàâçîïôûùœ]|\b(?:qu|l|d|n|s|c|j|m|t)['’]\w", re.IGNORECASE)
_WORD = re.compile(r"[\w'’-]+", re.UNICODE)


def scores(text: str) -> tuple[int, int]:
    """(French evidence, English evidence) in `text`."""
    words = [w.lower().replace("’", "'") for w in _WORD.findall(text)]
    french = sum(w in _FRENCH or w.split("-")[0] in _FRENCH for w in words)
    english = sum(w in _ENGLISH for w in words)
    french += len(_FRENCH_MARKS.findall(text))
    return french, english


def detect_language(text: str) -> str | None:
    """"fr", "en", or None when the text has no telling word (or as many of each)."""
    french, english = scores(text)
    if french > english:
        return "fr"
    if english > french:
        return "en"
    return None


def conversation_language(question: str, history: Iterable[str] = ()) -> str:
    """The language to answer in: the question's own, else the latest earlier question's, else English."""
    found = detect_language(question)
    if found:
        return found
    for earlier in reversed(list(history)):
        if found := detect_language(earlier):
            return found
    return DEFAULT_LANGUAGE

# "and in French?", "in English please", "en anglais stp", "can you answer that in French?",
# "traduis en français": the last question again, answered in another language.
_LANGUAGE_NAMES = {"english": "en", "anglais": "en", "french": "fr", "francais": "fr", "français": "fr"}
_LANGUAGE_REQUEST = re.compile(
    r"^\W*(?:(?:and|et|ok|okay|now|then|same|the same|maintenant|alors|please|pls|merci|thanks)\W+)*"
    r"(?:(?:can|could|would|will)\s+(?:you|u)\s+|(?:peux|pourrais|pouvez|pourriez)[- ](?:tu|vous)\s+)?(?:please\s+)?"
    r"(?:(?:answer|reply|respond|say|write|give|repeat|translate|put|redo|do|r[ée]ponds|r[ée]pondez|r[ée]pondre|traduis|traduisez|traduire|dis|dites|redis|[ée]cris)"
    r"(?:[- ](?:it|that|this|me|le|la|moi|nous|the answer|your answer|the same|that answer))?\s+)?"
    r"(?:(?:in|into|en)\s+)(?P<language>english|anglais|french|fran[cç]ais)\b"
    r"(?:\s+(?:please|pls|plz|too|instead|then|again|now|s'il (?:te|vous) pla[iî]t|stp|svp|aussi|alors|encore|maintenant))*\W*$",
    re.IGNORECASE,
)


def language_request(text: str) -> str | None:
    """The language a message asks the last answer to be given in ("and in French?" → "fr"), or None
    when the message asks something else."""
    m = _LANGUAGE_REQUEST.match(text.replace("’", "'"))
    return _LANGUAGE_NAMES[m.group("language").lower()] if m else None


_LANGUAGE_TAIL = re.compile(
    r"[\s,;:-]+(?:(?:please\s+)?(?:answer|reply)\s+)?(?:in|en)\s+(?P<language>english|anglais|french|fran[cç]ais)\b"
    r"(?:\s+(?:please|pls|plz|s'il (?:te|vous) pla[iî]t|stp|svp))*\s*(?P<end>[?.!]*)\s*$",
    re.IGNORECASE,
)


def without_language_tail(text: str) -> tuple[str, str | None]:
    """A question that ends by asking for a language ("What does V-17 say in French?"): the question
    without those words, and the language ("fr"); otherwise the text as it is and None."""
    m = _LANGUAGE_TAIL.search(text.replace("’", "'"))
    if m is None or m.start() == 0:
        return text, None
    return text[: m.start()].rstrip() + (m.group("end") or ""), _LANGUAGE_NAMES[m.group("language").lower()]
