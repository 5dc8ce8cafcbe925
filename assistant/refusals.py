"""The two refusals, worded once: outside the assistant's scope, and the safeguarding message."""

from __future__ import annotations

from corpus.collection import Corpus

#: A refusal names at most this many documents (a corpus can hold hundreds).
MAX_TITLES = 5


def out_of_scope(corpus: Corpus) -> str:
    named = [f"“{corpus.title(s.document)}”" for s in corpus.factsheets[:MAX_TITLES]]
    more = len(corpus.factsheets) - len(named)
    titles = "; ".join(named) + (f" and {more} more" if more > 0 else "")
    example_party = corpus.parties[0] if corpus.parties else None
    examples = [f"what recommendation {corpus.recommendations[0].id} says"] if corpus.recommendations else []
    if example_party:
        examples.append(f"which recommendations concern {example_party}")
    examples.append("which promising practices the Committee identified")
    return (
        "I can only answer questions about the Lanzarote Committee's monitoring findings in "
        f"{'this document' if len(corpus.factsheets) == 1 else 'these documents'}: {titles}. "
        f"You could ask, for example, {', '.join(examples[:-1])} or {examples[-1]}."
    )


SAFEGUARDING = (
    "I can't help with this request. It asks for something that could put children at risk, and this assistant "
    "only answers questions about the Lanzarote Committee's monitoring findings.\n\n"
    "- If a child is in immediate danger, call the police or the emergency number (112 in Europe).\n"
    "- Child sexual abuse material found online can be reported to a national hotline of the INHOPE network "
    "(inhope.org) or to the police.\n"
    "- If you are worried about your own sexual thoughts or behaviour towards children, confidential help exists "
    "in many countries (for example the Stop It Now helplines): reaching out is a responsible step."
)
