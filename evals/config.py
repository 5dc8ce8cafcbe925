"""Another configuration for an eval run: `Settings` overrides read from a YAML file.

The file is a mapping of `Settings` fields (see assistant/settings.py), e.g.

    # evals/configs/wide-fusion.yaml
    rrf_k: 60
    dense_k: 20

Values not in the file come from the environment (`LANZAROTE_...`) and defaults, exactly as for
the app; unknown keys and invalid values are errors, never silently ignored.

    >>> settings, overrides = load_config(Path("evals/configs/wide-fusion.yaml"))
    >>> settings.rrf_k
    60
"""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import ValidationError

from assistant.settings import Settings


class ConfigError(ValueError):
    """The configuration file cannot be used; the message says why."""


def load_config(path: Path | None) -> tuple[Settings, dict]:
    """The `Settings` to evaluate and the overrides that made them (empty without a file)."""
    if path is None:
        return Settings(), {}
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"no configuration file at {path}") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise ConfigError(f"cannot read configuration {path}: {error}") from None
    raw = {} if raw is None else raw
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: expected a mapping of settings (e.g. `rrf_k: 60`), got {type(raw).__name__}")
    unknown = sorted(str(k) for k in raw if k not in Settings.model_fields)
    if unknown:
        raise ConfigError(f"{path}: unknown setting(s) {', '.join(unknown)}; known: {', '.join(Settings.model_fields)}")
    try:
        settings = Settings(**raw)
    except ValidationError as error:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors())
        raise ConfigError(f"{path}: {problems}") from None
    return settings, raw
