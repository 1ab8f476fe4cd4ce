"""Settings files of any shape — nested too deep, too large, huge numbers, bytes that are not
UTF-8, JSON of any structure — give the defaults with the problem named, never an exception,
and the file is left exactly as it was. Both readers are fed: the full one (`load_settings`)
and the one the first paint uses (`read_early_settings`)."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lebwallet.app import EarlySettings, read_early_settings
from lebwallet.services.files import MAX_SETTINGS_BYTES
from lebwallet.services.settings import Settings, load_settings, settings_path


def _check_falls_back(data_dir: Path, content: bytes, fragment: str) -> None:
    path = settings_path(data_dir)
    path.write_bytes(content)
    loaded = load_settings(data_dir)
    assert loaded.settings == Settings()
    assert loaded.problem is not None
    assert fragment in loaded.problem
    assert read_early_settings(data_dir) == EarlySettings()
    assert path.read_bytes() == content


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"[" * 100_000, "nested"),
        (b'{"language": ' + b"[" * 5000 + b"]" * 5000 + b"}", "nested"),
        (b'{"refresh_seconds": 1' + b"0" * 5000 + b"}", "number"),
        (b'{"language": "\xff"}', "UTF-8"),
        (b'\x00{"language": "en"}', "JSON"),
    ],
)
def test_hostile_content_falls_back_to_defaults(
    tmp_path: Path, content: bytes, fragment: str
) -> None:
    _check_falls_back(tmp_path, content, fragment)


def test_a_file_too_large_is_not_read_whole(tmp_path: Path) -> None:
    path = settings_path(tmp_path)
    with path.open("wb") as handle:
        handle.write(b'{"language": "zh_CN", "x": "')
        handle.truncate(200 * 1024 * 1024)  # sparse: 200 MB on paper, nothing on disk
    size = path.stat().st_size
    loaded = load_settings(tmp_path)
    assert loaded.settings == Settings()
    assert loaded.problem is not None
    assert "too large" in loaded.problem
    assert read_early_settings(tmp_path) == EarlySettings()
    assert path.stat().st_size == size
    assert MAX_SETTINGS_BYTES <= 1024 * 1024


_keys = st.sampled_from([*Settings.model_fields, "x"])
_values: st.SearchStrategy[Any] = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner),
    max_leaves=15,
)
_documents = st.one_of(
    st.dictionaries(_keys, _values, max_size=8).map(lambda d: json.dumps(d).encode()),
    _values.map(lambda v: json.dumps(v).encode()),
    st.binary(max_size=300),
    st.text(max_size=300).map(str.encode),
    st.integers(min_value=1, max_value=3000).map(lambda n: b"[" * n),
    st.integers(min_value=1, max_value=3000).map(lambda n: b'{"a":' * n),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(content=_documents)
def test_fuzz_any_settings_file_is_read_or_reported(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as name:
        data_dir = Path(name)
        path = settings_path(data_dir)
        path.write_bytes(content)
        loaded = load_settings(data_dir)
        early = read_early_settings(data_dir)
        assert (loaded.problem is None) or loaded.settings == Settings()
        assert early.language in ("en", "zh_CN")
        assert path.read_bytes() == content
        assert sorted(os.listdir(data_dir)) == ["settings.json"]
