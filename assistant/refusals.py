"""The two refusals: outside the assistant's scope, and the safeguarding message, in the asker's language."""

from __future__ import annotations

from assistant.phrases import Phrases
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
