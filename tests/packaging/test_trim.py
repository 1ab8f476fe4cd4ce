"""The Linux bundle's trimming for the .deb (resources/packaging/trim.py), on real ELF files:
a copy of this interpreter's own `_csv` extension module and the system's zlib."""

from __future__ import annotations

import _csv
import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[2]
TOOLS = ("readelf", "strip")


@pytest.fixture(scope="module")
def trim() -> ModuleType:
    spec = importlib.util.spec_from_file_location("trim", REPO / "resources/packaging/trim.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _elf(path: Path) -> str:
    return subprocess.run(
        ["readelf", "-S", "-d", "--wide", str(path)], capture_output=True, text=True, check=True
    ).stdout


def _runpaths(path: Path) -> list[str]:
    return [line for line in _elf(path).splitlines() if "(RUNPATH)" in line or "(RPATH)" in line]


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    if any(shutil.which(tool) is None for tool in TOOLS):
        pytest.skip("binutils (readelf, strip) is not installed")
    source = Path(_csv.__file__)
    internal = tmp_path / "lebwallet" / "_internal"
    (internal / "python3.11" / "lib-dynload").mkdir(parents=True)
    (internal / "wheel.libs").mkdir()
    shutil.copy2(source, internal / "python3.11" / "lib-dynload" / source.name)
    shutil.copy2(source, internal / "wheel.libs" / "libcopy.so.1")
    return tmp_path / "lebwallet"


def test_depends_packages_lists_every_alternative_without_versions(trim: ModuleType) -> None:
    depends = "libc6 (>= 2.36), libssl3 | libssl3t64, zlib1g"
    assert trim.depends_packages(depends) == {"libc6", "libssl3", "libssl3t64", "zlib1g"}


@pytest.mark.skipif(shutil.which("dpkg") is None, reason="dpkg is not installed")
def test_only_libraries_of_a_depended_on_package_are_left_out(trim: ModuleType) -> None:
    zlib = next(Path("/usr/lib").glob("*/libz.so.1"), None) or next(
        Path("/lib").glob("*/libz.so.1"), None
    )
    if zlib is None:
        pytest.skip("no system zlib to look up")
    libraries = [("libz.so.1", str(zlib)), ("_csv.so", _csv.__file__)]
    assert trim.provided_by_depends(libraries, "libc6, zlib1g") == {"libz.so.1"}
    assert trim.provided_by_depends(libraries, "libc6 (>= 2.36)") == set()


def test_finish_bundle_strips_and_drops_foreign_runpaths_and_the_module_still_loads(
    trim: ModuleType, bundle: Path
) -> None:
    module = bundle / "_internal" / "python3.11" / "lib-dynload" / Path(_csv.__file__).name
    repaired = bundle / "_internal" / "wheel.libs" / "libcopy.so.1"
    repaired_before = repaired.read_bytes()
    if shutil.which("patchelf") is None and any("$ORIGIN" not in r for r in _runpaths(module)):
        pytest.skip("patchelf is not installed and the module has a RUNPATH to remove")

    done = trim.finish_bundle(bundle)

    report = _elf(module)
    assert " .symtab " not in report
    assert " .debug_" not in report
    assert all("$ORIGIN" in line for line in _runpaths(module))
    assert f"stripped {module.name}" in done
    assert repaired.read_bytes() == repaired_before  # auditwheel's libraries stay as they are
    loads = (
        "import importlib.util, sys\n"
        "spec = importlib.util.spec_from_file_location('_csv', sys.argv[1])\n"
        "module = importlib.util.module_from_spec(spec)\n"
        "spec.loader.exec_module(module)\n"
        "print(module.reader(['a,b']).__next__())\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", loads, str(module)], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "['a', 'b']"


def test_a_foreign_runpath_without_patchelf_is_an_error_only_when_required(
    trim: ModuleType, bundle: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = bundle / "_internal" / "python3.11" / "lib-dynload" / Path(_csv.__file__).name
    if all("$ORIGIN" in r for r in _runpaths(module)):
        pytest.skip("this interpreter's modules have no RUNPATH into the build machine")
    real_which = shutil.which
    monkeypatch.setattr(
        trim.shutil, "which", lambda name: None if name == "patchelf" else real_which(name)
    )
    assert f"kept the RUNPATH of {module.name} (no patchelf)" in trim.finish_bundle(
        bundle, require_patchelf=False
    )
    with pytest.raises(trim.TrimError, match="install patchelf"):
        trim.finish_bundle(bundle)
