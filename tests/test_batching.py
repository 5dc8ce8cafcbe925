"""The query batcher: questions asked together are encoded together, in order of arrival, and
each thread gets its own vector (or its own error)."""

from __future__ import annotations

import threading
import time

import numpy as np

from index.batching import QueryBatcher


class SlowEncoder:
    """Records each batch it is given; the first call waits until released, so others pile up."""

    def __init__(self):
        self.batches: list[list[str]] = []
        self.release = threading.Event()

    def __call__(self, texts: list[str]) -> list[list[float]]:
        if not self.batches:
            self.release.wait(5)
        self.batches.append(list(texts))
        return [[float(len(t)), float(ord(t[0]))] for t in texts]


def _ask_all(batcher, texts, started_in_order=True):
    results: dict[str, object] = {}

    def ask(text):
        try:
            results[text] = batcher.run(text)
        except Exception as error:  # noqa: BLE001 - the test looks at it
            results[text] = error

    threads = []
    for text in texts:
        thread = threading.Thread(target=ask, args=(text,))
        thread.start()
        threads.append(thread)
        if started_in_order:
            time.sleep(0.02)  # each question reaches the queue before the next
    return threads, results


def test_a_question_asked_alone_is_encoded_alone_at_once():
    calls = []
    batcher = QueryBatcher(lambda texts: calls.append(list(texts)) or [[1.0] for _ in texts])
    assert batcher.run("alone") == [1.0]
    assert batcher.run("again") == [1.0]
    assert calls == [["alone"], ["again"]]


def test_questions_waiting_together_go_in_one_batch_first_come_first_served():
    encoder = SlowEncoder()
    batcher = QueryBatcher(encoder, max_batch=3)
    threads, results = _ask_all(batcher, ["first", "b2", "c33", "d444", "e5555", "f66666"])
    encoder.release.set()
    for thread in threads:
        thread.join(5)
    # The first is encoded alone (the model was free); the five that waited meanwhile follow in
    # order of arrival, at most three at a time.
    assert encoder.batches == [["first"], ["b2", "c33", "d444"], ["e5555", "f66666"]]
    assert results == {t: [float(len(t)), float(ord(t[0]))] for t in ["first", "b2", "c33", "d444", "e5555", "f66666"]}


def test_an_error_reaches_every_thread_of_its_batch_and_the_next_batch_still_runs():
    encoder = SlowEncoder()

    def failing(texts):
        vectors = encoder(texts)
        if "bad" in texts:
            raise RuntimeError("the model failed")
        return vectors

    batcher = QueryBatcher(failing, max_batch=2)
    threads, results = _ask_all(batcher, ["first", "bad", "with-bad", "after"])
    encoder.release.set()
    for thread in threads:
        thread.join(5)
    assert encoder.batches == [["first"], ["bad", "with-bad"], ["after"]]
    assert isinstance(results["bad"], RuntimeError) and isinstance(results["with-bad"], RuntimeError)
    assert results["first"] == [5.0, float(ord("f"))] and results["after"] == [5.0, float(ord("a"))]
    assert batcher.run("later") == [5.0, float(ord("l"))]  # the model is free again


def test_the_real_model_gives_each_thread_the_vector_it_gives_alone(embeddings):
    """all-MiniLM-L6-v2 on many threads at once: the vectors of batched questions are those of the
    questions asked one at a time (padding in a batch changes nothing but rounding)."""
    texts = [f"What must Party {i} do about {word}?" for i, word in enumerate(["grooming", "extradition", "data", "training"] * 8)]
    alone = {t: np.array(embeddings.embed_query(t)) for t in texts}
    results: dict[str, np.ndarray] = {}
    barrier = threading.Barrier(len(texts))

    def ask(text):
        barrier.wait()
        results[text] = np.array(embeddings.embed_query(text))

    threads = [threading.Thread(target=ask, args=(t,)) for t in texts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert set(results) == set(texts)
    for text in texts:
        assert np.allclose(results[text], alone[text], atol=1e-5), text
