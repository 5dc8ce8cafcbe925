"""The two refusals: outside the assistant's scope, and the safeguarding message, in the asker's language."""

from __future__ import annotations

from assistant.phrases import Phrases, all_phrases
from corpus.collection import Corpus

#: A refusal names at most this many documents (a corpus can hold hundreds).
MAX_TITLES = 5


def out_of_scope(corpus: Corpus, say: Phrases) -> str:
    titles = [corpus.title(s.document) for s in corpus.factsheets[:MAX_TITLES]]
    rec_id = corpus.recommendations[0].id if corpus.recommendations else None
    party = corpus.parties[0] if corpus.parties else None
    return say.out_of_scope(titles, say.examples(rec_id, party), more=len(corpus.factsheets) - len(titles))


def safeguarding(say: Phrases) -> str:
    return say.safeguarding()


def is_refusal(text: str, corpus: Corpus) -> bool:
    """Whether an earlier answer was one of the refusals. The out-of-scope refusal names example
    recommendation ids; they are not what the conversation is about."""
    text = text.strip()
    return any(text == out_of_scope(corpus, say).strip() or text == safeguarding(say).strip() for say in all_phrases())
