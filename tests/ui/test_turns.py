"""Answers computed a few at a time, the other requests waiting in order of arrival (ui/turns.py),
and the API under concurrent clients with that limit."""

from __future__ import annotations

import threading
import time

import anyio
import httpx
import pytest

from ui.turns import TakingTurns


def _run_all(limit: int, count: int) -> tuple[int, list[int], dict[int, int]]:
    """`count` requests arriving in order 0, 1, 2, ... -> (most running at once, order of starting, results)."""
    turns = TakingTurns(limit)
    running, most, started = 0, 0, []
    lock = threading.Lock()

    def work(n: int) -> int:
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
            started.append(n)
        time.sleep(0.03)
        with lock:
            running -= 1
        return n * n

    results: dict[int, int] = {}

    async def ask(n: int) -> None:
        results[n] = await turns.run(lambda: work(n))

    async def main() -> None:
        async with anyio.create_task_group() as group:
            for n in range(count):
                group.start_soon(ask, n)
                await anyio.sleep(0.002)

    anyio.run(main)
    return most, started, results


def test_at_most_limit_answers_are_computed_at_once():
    most, _, results = _run_all(limit=2, count=8)
    assert most == 2
    assert results == {n: n * n for n in range(8)}


def test_waiting_requests_are_served_first_come_first_served():
    _, started, _ = _run_all(limit=1, count=6)
    assert started == list(range(6))


def test_an_error_in_the_work_reaches_its_caller_and_frees_its_turn():
    turns = TakingTurns(1)

    def fail() -> None:
        raise ValueError("no answer")

    async def main() -> int:
        with pytest.raises(ValueError, match="no answer"):
            await turns.run(fail)
        return await turns.run(lambda: 7)

    assert anyio.run(main) == 7


def test_the_api_answers_every_concurrent_client_one_at_a_time(engine, make_settings, serve):
    """With one answer at a time, 12 clients asking at once all get the answer a lone client gets."""
    from ui.app import create_app

    server = serve(create_app(make_settings(api_concurrency=1), engine))
    questions = ["What is Norway required to do?", "Which recommendations are addressed to all Parties?", "What does 'invites' mean?"] * 4
    alone = {q: httpx.post(f"{server.url}/api/ask", json={"question": q}, timeout=60).json() for q in set(questions)}

    async def main() -> list[httpx.Response]:
        async with httpx.AsyncClient(timeout=60) as client:
            responses: list[httpx.Response] = []

            async def ask(q: str) -> None:
                responses.append(await client.post(f"{server.url}/api/ask", json={"question": q}))

            async with anyio.create_task_group() as group:
                for q in questions:
                    group.start_soon(ask, q)
            return responses

    responses = anyio.run(main)
    assert [r.status_code for r in responses] == [200] * len(questions)
    for response in responses:
        body = response.json()
        assert body == alone[body["question"]]
