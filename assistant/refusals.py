"""The two refusals: outside the assistant's scope, and the safeguarding message, in the asker's language."""

from __future__ import annotations

from assistant.phrases import Phrases
from corpus.collection import Corpus


def out_of_scope(corpus: Corpus, say: Phrases) -> str:
    rec_id = corpus.recommendations[0].id if corpus.recommendations else None
    party = corpus.parties[0] if corpus.parties else None
    return say.out_of_scope([s.title for s in corpus.factsheets], say.examples(rec_id, party))


def safeguarding(say: Phrases) -> str:
    return say.safeguarding()
