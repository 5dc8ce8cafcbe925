"""scripts/audit.py's summary of a pip-audit report: a package that could not be audited is never
a silent pass, and a known vulnerability fails. (The vulnerability database itself cannot be
reached from the test machine, so these feed it pip-audit's JSON report format.)"""

from __future__ import annotations

import importlib.util
import io
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("audit", ROOT / "scripts" / "audit.py")
audit = importlib.util.module_from_spec(spec)
spec.loader.exec_module(audit)

SKIPPED = {"name": "chromadb", "version": "1.5.9", "skip_reason": "Dependency not found on PyPI and could not be audited: chromadb (1.5.9)"}
CLEAN = {"name": "fastapi", "version": "0.165.0", "vulns": []}
VULNERABLE = {"name": "urllib3", "version": "1.24.1", "vulns": [{"id": "PYSEC-2019-133", "fix_versions": ["1.24.2"], "aliases": [], "description": "x"}]}


def summary(data, pinned, strict=False):
    out = io.StringIO()
    code = audit.summarize(data, pinned, strict=strict, out=out)
    return code, out.getvalue()


def test_nothing_audited_is_reported_loudly_and_fails_only_when_strict():
    code, text = summary({"dependencies": [SKIPPED]}, 1)
    assert code == 0 and "NOT AUDITED" in text and "chromadb 1.5.9" in text and "no known vulnerabilities" not in text
    assert summary({"dependencies": [SKIPPED]}, 1, strict=True)[0] == 3


def test_partly_audited_says_so():
    code, text = summary({"dependencies": [SKIPPED, CLEAN]}, 2)
    assert code == 0 and "audited: 1" in text and "PARTLY NOT AUDITED" in text


def test_a_known_vulnerability_fails_with_its_id_and_fix():
    code, text = summary({"dependencies": [CLEAN, VULNERABLE]}, 2)
    assert code == 1 and "VULNERABLE urllib3 1.24.1: PYSEC-2019-133 (fixed in: 1.24.2)" in text


def test_all_audited_and_clean_passes():
    code, text = summary({"dependencies": [CLEAN]}, 1)
    assert code == 0 and "no known vulnerabilities" in text and "NOT AUDITED" not in text


def test_the_lock_pins_every_dependency_exactly():
    lock = (ROOT / "requirements.lock").read_text().splitlines()
    pins = [line for line in lock if line and not line.startswith("#")]
    assert pins and all("==" in line for line in pins)
    names = {line.split("==")[0] for line in pins}
    assert {"chromadb", "gradio", "fastapi", "torch", "pip-audit"} <= names
