"""The command line, run as a real process: answers, JSON, stdin batches and clear errors (exit 2)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest


@pytest.fixture(scope="module")
def env(assistant):
    """Point the CLI at the session's already built index."""
    data_dir = assistant.settings.data_dir
    return {**os.environ, "LANZAROTE_DATA_DIR": str(data_dir), "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}


def lanzarote(env, *args, stdin: bytes | None = None):
    return subprocess.run(
        [sys.executable, "-m", "assistant.cli", *args], input=stdin, capture_output=True, env=env, timeout=300
    )


def test_ask_prints_answer_and_sources(env):
    result = lanzarote(env, "ask", "What is Norway required to do?")
    assert result.returncode == 0, result.stderr
    out = result.stdout.decode()
    assert "V-17" in out and "Sources" in out and "Article 38(2)" in out


def test_ask_json(env):
    result = lanzarote(env, "ask", "--json", "Which recommendations concern Bulgaria?")
    data = json.loads(result.stdout)
    assert data["recommendations"] == ["V-1", "V-2"] and data["refused"] is False
    assert data["citations"][0]["quote"].startswith("Bulgaria, Hungary, Monaco")


def test_stdin_batch_one_json_per_line_and_errors_exit_2(env):
    stdin = "What is V-3?\n\n".encode() + b"\xff\xfe\n" + "Which recommendations are requirements?\n".encode()
    result = lanzarote(env, "ask", "--json", "-", stdin=stdin)
    lines = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert [line.get("recommendations") for line in lines] == [["V-3"], None, None, ["V-17", "V-18"]]
    assert lines[1]["line"] == 2 and "empty" in lines[1]["error"]
    assert lines[2]["error"] == "not UTF-8 text"
    assert result.returncode == 2
    assert b"Traceback" not in result.stderr


@pytest.mark.parametrize("question, words", [("", b"empty"), ("x" * 3000, b"too long")])
def test_bad_question_exit_2_without_traceback(env, question, words):
    result = lanzarote(env, "ask", question)
    assert result.returncode == 2
    assert words in result.stderr and b"Traceback" not in result.stderr


def test_index_reports_what_it_holds(env):
    result = lanzarote(env, "index")
    out = result.stdout.decode()
    assert result.returncode == 0
    assert "19 recommendations (V-1 to V-19)" in out and "up to date" in out


def test_malformed_corpus_is_reported_with_file_and_line(env, tmp_path):
    bad = tmp_path / "corpus"
    bad.mkdir()
    (bad / "broken.md").write_text("## I. Introduction\n\nText.<sup>7</sup>\n")
    result = lanzarote({**env, "LANZAROTE_CORPUS_DIR": str(bad), "LANZAROTE_DATA_DIR": str(tmp_path / "data")}, "index")
    assert result.returncode == 2
    assert b"broken.md:3: footnote marker <sup>7</sup> has no footnote 7" in result.stderr
