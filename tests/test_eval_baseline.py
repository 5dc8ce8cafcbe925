"""The tutorial-style baseline: real splitter, real MiniLM, real Chroma in a temporary folder."""

from __future__ import annotations

import pytest

from assistant.settings import Settings
from corpus.collection import Corpus, document_paths
from evals.baseline import CHUNK_OVERLAP, CHUNK_SIZE, TOP_K, TutorialBaseline, id_pattern
from evals.gold import load_gold
from evals.runner import run

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def baseline():
    with TutorialBaseline.load(Settings()) as tutorial:
        yield tutorial
    assert not tutorial.workdir.exists()  # the temporary Chroma folder is removed on close


def test_chunks_follow_the_tutorial_recipe(baseline):
    chunks = list(baseline.chunks.values())
    assert all(len(c.text) <= CHUNK_SIZE for c in chunks)
    text = document_paths(Settings().corpus_dir)[0].read_text(encoding="utf-8")
    assert all(c.text in text for c in chunks)  # raw Markdown, uncleaned
    assert sum(len(c.text) for c in chunks) > len(text.strip())  # overlapping windows
    assert any(chunks[i].text[-CHUNK_OVERLAP // 4:] in chunks[i + 1].text for i in range(len(chunks) - 1))


def test_ids_found_in_chunks_are_the_corpus_ids_that_occur_there(baseline):
    corpus = Corpus.load()
    known = {r.id for r in corpus.recommendations}
    found = {i for c in baseline.chunks.values() for i in c.recommendations}
    assert found == known  # every footnote "Recommendation V-n." lands in some chunk
    pattern = id_pattern(corpus.id_prefixes)
    sample = f"see {corpus.recommendations[-1].id}, not X{corpus.recommendations[0].id}0a"
    assert pattern.findall(sample) == [corpus.recommendations[-1].id]


def test_answer_is_the_top_chunks_and_cites_the_ids_in_them(baseline):
    answer = baseline.ask("Which Parties must let victims complain in their State of residence?")
    hits = baseline.retriever.run("Which Parties must let victims complain in their State of residence?")
    assert len(hits) == TOP_K
    assert answer.text == "\n\n".join(h.passage.text for h in hits)
    expected = list(dict.fromkeys(i for h in hits for i in h.passage.recommendations))
    assert answer.recommendations == expected
    assert [c.marker for c in answer.citations] == list(range(1, len(expected) + 1))


def test_baseline_never_refuses(baseline):
    gold = [i for i in load_gold() if i.outcome in ("unsafe", "out_of_scope")][:4]
    result = run(baseline, gold, known_ids={r.id for r in Corpus.load().recommendations})
    assert {s.outcome for s in result.scores} == {"answered"}
    assert result.summary["refusal_accuracy"] == 0.0
