"""`bash run audit`: pip-audit over the locked dependencies (requirements.lock), with a summary that
says plainly what was and was not audited.

pip-audit asks a vulnerability database about each pinned version (PyPI's JSON API by default,
or OSV). Where that database cannot be reached, pip-audit skips the package and still prints
"No known vulnerabilities found" with exit code 0: that would be a silent pass. This script
counts what was really audited and says NOT AUDITED, loudly, when something was skipped.

    python scripts/audit.py                 # exit 1 on a known vulnerability
    LANZAROTE_AUDIT_STRICT=1 python scripts/audit.py   # also exit 3 if a package could not be audited

Vulnerabilities judged not to apply go in scripts/audit-ignore.txt, one id per line with the reason
after a '#'.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements.lock"
IGNORE = Path(__file__).with_name("audit-ignore.txt")


def ignored() -> list[str]:
    if not IGNORE.exists():
        return []
    return [line.split("#", 1)[0].strip() for line in IGNORE.read_text().splitlines() if line.split("#", 1)[0].strip()]


def main() -> int:
    service = os.environ.get("LANZAROTE_AUDIT_SERVICE", "pypi")
    strict = os.environ.get("LANZAROTE_AUDIT_STRICT", "") not in ("", "0", "false")
    # Local version labels (torch 2.13.0+cpu) are not on PyPI: audit the public version.
    pins = [re.sub(r"\+[A-Za-z0-9.]+$", "", line) for line in LOCK.read_text().splitlines() if line and not line.startswith("#")]
    with tempfile.TemporaryDirectory() as tmp:
        requirements = Path(tmp) / "requirements.txt"
        requirements.write_text("\n".join(pins) + "\n")
        report = Path(tmp) / "report.json"
        command = [
            sys.executable, "-m", "pip_audit", "-r", str(requirements), "--no-deps", "--disable-pip", "--progress-spinner", "off",
            "--vulnerability-service", service, "--format", "json", "--output", str(report), "--timeout", "20",
        ]
        for vuln in ignored():
            command += ["--ignore-vuln", vuln]
        run = subprocess.run(command, capture_output=True, text=True)
        if not report.exists():
            print(f"pip-audit: FAILED TO RUN (exit {run.returncode}); the dependencies were NOT audited.", file=sys.stderr)
            print(run.stderr[-3000:], file=sys.stderr)
            return 3 if strict else 0
        data = json.loads(report.read_text())
    return summarize(data, len(pins), service, strict)


def summarize(data: dict, pinned: int, service: str = "pypi", strict: bool = False, out=sys.stdout) -> int:
    """Print what pip-audit's JSON report says; the exit code: 1 if vulnerable, 3 if strict and
    something was not audited, else 0."""
    dependencies = data.get("dependencies", [])
    skipped = [d for d in dependencies if d.get("skip_reason")]
    audited = [d for d in dependencies if not d.get("skip_reason")]
    vulnerable = [d for d in audited if d.get("vulns")]

    def say(*parts: str) -> None:
        print(*parts, file=out)

    say(f"pip-audit over {LOCK.name}: {pinned} pinned distributions, vulnerability service: {service}")
    say(f"  audited: {len(audited)}; with known vulnerabilities: {len(vulnerable)}; NOT audited: {len(skipped)}")
    if ignored():
        say(f"  ignored (scripts/audit-ignore.txt): {', '.join(ignored())}")
    for dep in vulnerable:
        for vuln in dep["vulns"]:
            fixes = ", ".join(vuln.get("fix_versions") or []) or "no fixed version"
            say(f"  VULNERABLE {dep['name']} {dep['version']}: {vuln['id']} (fixed in: {fixes})")
    if skipped:
        reasons: dict[str, list[str]] = {}
        for dep in skipped:
            reason = re.sub(r":\s*\S+ \([^)]*\)$", "", dep["skip_reason"])
            reasons.setdefault(reason, []).append(f"{dep['name']} {dep.get('version', '')}".strip())
        banner = "NOT AUDITED" if len(skipped) >= pinned else "PARTLY NOT AUDITED"
        say(f"\n{banner}: the vulnerability database did not answer for {len(skipped)} of {pinned} distributions.")
        for reason, names in reasons.items():
            say(f"  {reason}: {', '.join(names[:8])}{' ...' if len(names) > 8 else ''}")
        say(
            "  (From a network that only reaches package registries, PyPI's per-version JSON API, which pip-audit\n"
            "   queries, may answer 'not found', and OSV (api.osv.dev) is not reachable. Run `bash run audit` where\n"
            "   pypi.org or api.osv.dev can be reached: LANZAROTE_AUDIT_SERVICE=osv selects OSV.)"
        )
    elif not vulnerable:
        say("  no known vulnerabilities")
    if vulnerable:
        return 1
    if skipped and strict:
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
