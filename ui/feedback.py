"""Feedback on answers, in SQLite: what was asked, what was answered with which citations, the
verdict (up or down), an optional comment, the time and the app version.

Nothing else about the person is stored: no name, no address, no session.

    >>> store = FeedbackStore(Path("/tmp/feedback.sqlite3"), app_version="0.1.0")
    >>> row = store.run(Vote(question="What is V-1?", answer=answer.to_dict(), verdict="down"))
    >>> store.comment(row, "The quote is cut short.")
    >>> store.export(sys.stdout, "jsonl")
"""

from __future__ import annotations

import csv
import json
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Literal, TextIO

Verdict = Literal["up", "down"]
FORMATS = ("csv", "jsonl")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    created      TEXT NOT NULL,   -- UTC, ISO 8601
    updated      TEXT NOT NULL,
    question     TEXT NOT NULL,
    answer       TEXT NOT NULL,   -- the answer's text (Markdown with [n] markers)
    outcome      TEXT NOT NULL,   -- answered / not_found / out_of_scope / unsafe
    citations    TEXT NOT NULL,   -- JSON: the answer's citations, as in Answer.to_dict()
    verdict      TEXT NOT NULL CHECK (verdict IN ('up', 'down')),
    comment      TEXT,
    app_version  TEXT NOT NULL
)
"""
COLUMNS = ("id", "created", "updated", "question", "answer", "outcome", "citations", "verdict", "comment", "app_version")
MAX_COMMENT_CHARS = 4000


class FeedbackError(RuntimeError):
    """The feedback could not be stored; `str(error)` can be shown to the person."""


@dataclass(frozen=True)
class Vote:
    question: str
    answer: dict  # Answer.to_dict()
    verdict: Verdict


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class FeedbackStore:
    """One SQLite file; a connection per call, so that the web app's worker threads never share one."""

    def __init__(self, path: Path, app_version: str, timeout: float = 5.0):
        self.path = Path(path)
        self.app_version = app_version
        self.timeout = timeout
        self._ready = False

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        try:
            if not self._ready:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            with closing(sqlite3.connect(self.path, timeout=self.timeout)) as db:
                if not self._ready:
                    db.execute("PRAGMA journal_mode=WAL")
                    db.execute(_SCHEMA)
                    self._ready = True
                with db:  # one transaction: committed on success, rolled back on error
                    yield db
        except (sqlite3.Error, OSError) as error:
            raise FeedbackError(f"the feedback database {self.path} is not available ({error})") from error

    def run(self, vote: Vote) -> int:
        """Store a vote; returns its row id, for a comment or a changed verdict later."""
        if vote.verdict not in ("up", "down"):
            raise ValueError(f"verdict must be 'up' or 'down', not {vote.verdict!r}")
        now = _now()
        with self._connect() as db:
            cursor = db.execute(
                "INSERT INTO feedback (created, updated, question, answer, outcome, citations, verdict, comment, app_version)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?)",
                (
                    now, now, vote.question, vote.answer.get("text", ""), vote.answer.get("outcome", ""),
                    json.dumps(vote.answer.get("citations", []), ensure_ascii=False), vote.verdict, self.app_version,
                ),
            )
            return int(cursor.lastrowid)

    def change_verdict(self, row: int, verdict: Verdict) -> None:
        with self._connect() as db:
            db.execute("UPDATE feedback SET verdict = ?, updated = ? WHERE id = ?", (verdict, _now(), row))

    def withdraw(self, row: int) -> None:
        """The person took their vote back: the row goes, with its comment."""
        with self._connect() as db:
            db.execute("DELETE FROM feedback WHERE id = ?", (row,))

    def comment(self, row: int, text: str) -> None:
        text = text.strip()[:MAX_COMMENT_CHARS]
        with self._connect() as db:
            db.execute("UPDATE feedback SET comment = ?, updated = ? WHERE id = ?", (text or None, _now(), row))

    def rows(self) -> list[dict]:
        with self._connect() as db:
            db.row_factory = sqlite3.Row
            return [dict(r) for r in db.execute(f"SELECT {', '.join(COLUMNS)} FROM feedback ORDER BY id")]

    def export(self, out: TextIO, fmt: str = "csv") -> int:
        """Write every row to `out` as CSV (a header line first) or JSON Lines; returns the count."""
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
        rows = self.rows() if self.path.exists() else []
        if fmt == "csv":
            writer = csv.DictWriter(out, fieldnames=COLUMNS)
            writer.writeheader()
            writer.writerows(rows)
        else:
            for row in rows:
                row = {**row, "citations": json.loads(row["citations"])}
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
        return len(rows)
