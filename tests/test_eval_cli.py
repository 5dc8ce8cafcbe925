"""`lanzarote eval` end to end on a few real gold items: the real assistant and baseline, the
tables, the JSON and HTML reports, --compare and --config; and clear errors (exit 2) for bad input."""

from __future__ import annotations

import json

import pytest
import yaml
from typer.testing import CliRunner

from assistant.cli import app
from evals.gold import load_gold

runner = CliRunner()


@pytest.fixture()
def small_gold(tmp_path):
    """Five real gold items: dev and heldout, an answer, a refusal and a follow-up."""
    items = load_gold()
    chosen = [next(i for i in items if i.split == "dev" and i.category == c) for c in ("party", "unsafe", "multi_turn")]
    chosen += [next(i for i in items if i.split == "heldout" and i.category == c) for c in ("by_number", "out_of_scope")]
    path = tmp_path / "small.yaml"
    path.write_text(yaml.safe_dump([i.model_dump() for i in chosen], allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture()
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("LANZAROTE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")


@pytest.mark.slow
def test_eval_with_baseline_then_compare_with_another_config(tmp_path, small_gold, env, assistant, monkeypatch):
    monkeypatch.setenv("LANZAROTE_DATA_DIR", str(assistant.settings.data_dir))  # the session's index, already built
    out = tmp_path / "reports"
    first = runner.invoke(app, ["eval", "--gold", str(small_gold), "--out", str(out), "--baseline"])
    assert first.exit_code == 0, first.output
    for needle in ("dev split (3 items): ours by category", "heldout split (2 items)", "ours | tutorial baseline", "unsafe requests answered",
                   "JSON report:", "HTML report:"):
        assert needle in first.stdout
    reports = sorted(out.glob("*.json"))
    assert len(reports) == 1 and reports[0].with_suffix(".html").exists()
    assert "| party | 1 |" in reports[0].with_suffix(".md").read_text(encoding="utf-8")
    report = json.loads(reports[0].read_text())
    assert set(report["runs"]) == {"ours", "baseline"}
    assert report["runs"]["ours"]["summary"]["items"] == 5 and report["runs"]["baseline"]["summary"]["items"] == 5
    assert report["runs"]["baseline"]["summary"]["refusal_accuracy"] < 1  # it never refuses
    assert report["runs"]["ours"]["summary"]["nonexistent_citations"] is not None
    html = reports[0].with_suffix(".html").read_text(encoding="utf-8")
    assert html.count("<svg") == 3

    config = tmp_path / "wide.yaml"
    config.write_text("rrf_k: 60\ndense_k: 20\n")
    second = runner.invoke(app, ["eval", "--gold", str(small_gold), "--out", str(out / "b"), "--config", str(config),
                                 "--compare", str(reports[0])])
    assert second.exit_code == 0, second.output
    assert "compared with" in second.stdout and "now fail (passed before)" in second.stdout
    later = json.loads(next((out / "b").glob("*.json")).read_text())
    assert later["config"]["overrides"] == {"rrf_k": 60, "dense_k": 20}
    assert (later["settings"]["rrf_k"], later["settings"]["dense_k"]) == (60, 20)
    assert "baseline" not in later["runs"]
    assert later["comparison"]["same_items"] is True
    assert "Compared with the report of" in next((out / "b").glob("*.html")).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--compare", "{tmp}/missing.json"], "no report at"),
        (["--config", "{tmp}/bad.yaml"], "unknown setting"),
        (["--gold", "{tmp}/nowhere.yaml"], "no gold set at"),
        (["--split", "heldout", "--gold", "{tmp}/dev-only.yaml"], "No gold item in the heldout split"),
        (["--split", "tuning"], "Invalid value for '--split'"),
    ],
)
def test_bad_input_exits_2_with_a_clear_message_before_any_run(tmp_path, env, args, message):
    (tmp_path / "bad.yaml").write_text("rrf: 60\n")
    dev = [i.model_dump() for i in load_gold() if i.split == "dev"][:1]
    (tmp_path / "dev-only.yaml").write_text(yaml.safe_dump(dev, allow_unicode=True))
    result = runner.invoke(app, ["eval", "--out", str(tmp_path / "out"), *[a.format(tmp=tmp_path) for a in args]])
    assert result.exit_code == 2, result.output
    assert message in " ".join(result.output.split())  # rich wraps long lines
    assert "Traceback" not in result.output
    assert not (tmp_path / "data").exists()  # failed before loading the assistant or building an index
