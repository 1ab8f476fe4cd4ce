"""Packaging inputs (desktop entry, control, maintainer scripts), the .deb assembly from a
small stand-in bundle, and the self-test's reporting. The full PyInstaller build runs in
`.ci/package`, not here (it takes minutes)."""

from __future__ import annotations

import configparser
import gzip
import importlib.util
import io
import os
import shutil
import struct
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from lebwallet import __version__
from lebwallet.services import selftest
from lebwallet.ui.selftest import CHECKS

REPO = Path(__file__).resolve().parents[2]
PACKAGING = REPO / "resources" / "packaging"
APP_ID = "io.github.lebwallet.LebWallet"
METAINFO = PACKAGING / f"{APP_ID}.metainfo.xml"
QT_XCB_LIBS = (
    "libxcb-cursor0",
    "libxkbcommon-x11-0",
    "libxcb-icccm4",
    "libxcb-keysyms1",
    "libxcb-image0",
    "libxcb-render-util0",
    "libxcb-xinerama0",
    "libxcb-shape0",
    "libxcb-randr0",
    "libegl1",
    "libgl1",
    "libfontconfig1",
    "libdbus-1-3",
)


@pytest.fixture(scope="module")
def debpkg() -> ModuleType:
    spec = importlib.util.spec_from_file_location("debpkg", PACKAGING / "debpkg.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("debpkg", module)  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(PACKAGING / "lebwallet.desktop", encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_entry_launches_lebwallet_with_its_icon() -> None:
    entry = _desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Exec"] == "lebwallet"
    assert entry["Icon"] == "lebwallet"
    assert entry["Name"] == "LEB Wallet"
    assert "Name[zh_CN]" in entry
    assert entry["Categories"].endswith(";")
    validator = shutil.which("desktop-file-validate")
    if validator:
        subprocess.run([validator, str(PACKAGING / "lebwallet.desktop")], check=True)


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="appstreamcli is not installed")
def test_metainfo_passes_appstreamcli_strict() -> None:
    completed = subprocess.run(
        ["appstreamcli", "validate", "--strict", "--no-net", str(METAINFO)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_metainfo_names_the_desktop_entry_the_binary_and_this_version(
    debpkg: ModuleType,
) -> None:
    info = debpkg.read_metainfo(METAINFO)
    entry = _desktop_entry()
    assert info.app_id == APP_ID == debpkg.APP_ID
    assert info.launchable == "lebwallet.desktop"
    assert info.binaries == (entry["Exec"],)
    assert info.names == {"": entry["Name"], "zh-CN": entry["Name[zh_CN]"]}
    assert set(info.summaries) == {"", "zh-CN"}
    assert info.releases[0].version == __version__, "add a <release> for this version"
    assert info.releases[0].notes


def test_changelog_is_a_debian_changelog_made_from_the_releases(
    debpkg: ModuleType, tmp_path: Path
) -> None:
    changelog = tmp_path / "changelog"
    changelog.write_text(debpkg.debian_changelog(debpkg.read_metainfo(METAINFO)), "utf-8")
    out = subprocess.run(
        ["dpkg-parsechangelog", "-l", str(changelog), "--show-field", "Version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == __version__
    items = [line for line in changelog.read_text("utf-8").splitlines() if line.startswith("  ")]
    assert items[0].startswith("  * ")
    assert all(len(line) <= 80 for line in items)


def test_build_deb_refuses_a_version_without_release_notes(
    debpkg: ModuleType, fake_bundle: Path, tmp_path: Path
) -> None:
    with pytest.raises(debpkg.PackagingError, match=r"no <release> for version 9\.8\.7"):
        debpkg.build_deb(fake_bundle, tmp_path, version="9.8.7", architecture="amd64")


def test_depends_names_the_libraries_qt_xcb_needs(debpkg: ModuleType) -> None:
    depends = [part.strip() for part in debpkg.depends().split(",")]
    for library in QT_XCB_LIBS:
        assert library in depends


@pytest.mark.parametrize("script", ["postinst", "postrm"])
def test_maintainer_scripts_are_valid_and_leave_user_data_alone(script: str) -> None:
    path = PACKAGING / "debian" / script
    assert os.access(path, os.X_OK)
    subprocess.run(["sh", "-n", str(path)], check=True)
    text = path.read_text(encoding="utf-8")
    code = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    for forbidden in ("rm ", "/home", "$HOME", "~/", ".local", ".config", "userdel"):
        assert forbidden not in code, f"{script} touches {forbidden!r}"


def _png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", header[16:24])
    return width, height


@pytest.fixture
def fake_bundle(tmp_path: Path) -> Path:
    bundle = tmp_path / "dist" / "lebwallet"
    (bundle / "_internal").mkdir(parents=True)
    executable = bundle / "lebwallet"
    executable.write_text("#!/bin/sh\necho 'LEB Wallet 0.0.0'\n", encoding="utf-8")
    executable.chmod(0o755)
    (bundle / "_internal" / "data.txt").write_text("x" * 5000, encoding="utf-8")
    library = bundle / "_internal" / "libfake.so.1"
    library.write_bytes(b"\x7fELF")
    library.chmod(0o755)
    return bundle


@pytest.mark.skipif(shutil.which("dpkg-deb") is None, reason="dpkg-deb is not installed")
def test_build_deb_lays_out_the_package(
    debpkg: ModuleType, fake_bundle: Path, tmp_path: Path
) -> None:
    deb = debpkg.build_deb(
        fake_bundle,
        tmp_path / "out",
        version=__version__,
        work_dir=tmp_path / "work",
        architecture="amd64",
    )
    assert deb.name == f"lebwallet_{__version__}_amd64.deb"

    def field(name: str) -> str:
        out = subprocess.run(
            ["dpkg-deb", "--field", str(deb), name], capture_output=True, text=True, check=True
        )
        return out.stdout.strip()

    assert field("Package") == "lebwallet"
    assert field("Version") == __version__
    assert field("Architecture") == "amd64"
    assert int(field("Installed-Size")) >= 5
    assert "libxcb-cursor0" in field("Depends")

    listing = subprocess.run(
        ["dpkg-deb", "--contents", str(deb)], capture_output=True, text=True, check=True
    ).stdout
    assert "./usr/bin/lebwallet -> ../lib/lebwallet/lebwallet" in listing
    assert "./opt/" not in listing  # Debian policy: packages install nothing under /opt
    for path in (
        "./usr/lib/lebwallet/lebwallet",
        "./usr/lib/lebwallet/_internal/data.txt",
        "./usr/share/applications/lebwallet.desktop",
        f"./usr/share/metainfo/{APP_ID}.metainfo.xml",
        "./usr/share/doc/lebwallet/changelog.gz",
        "./usr/share/man/man1/lebwallet.1.gz",
        "./usr/share/lintian/overrides/lebwallet",
        "./usr/share/icons/hicolor/scalable/apps/lebwallet.svg",
        "./usr/share/icons/hicolor/48x48/apps/lebwallet.png",
        "./usr/share/icons/hicolor/128x128/apps/lebwallet.png",
        "./usr/share/icons/hicolor/256x256/apps/lebwallet.png",
        "./usr/share/doc/lebwallet/copyright",
    ):
        assert path in listing
    assert "root/root" in listing.splitlines()[0]

    extracted = tmp_path / "extracted"
    subprocess.run(["dpkg-deb", "--extract", str(deb), str(extracted)], check=True)
    for size in (48, 128, 256):
        png = extracted / f"usr/share/icons/hicolor/{size}x{size}/apps/lebwallet.png"
        assert _png_size(png) == (size, size)
    assert os.access(extracted / "usr/lib/lebwallet/lebwallet", os.X_OK)
    library_mode = (extracted / "usr/lib/lebwallet/_internal/libfake.so.1").stat().st_mode
    assert library_mode & 0o777 == 0o644  # lintian: shared-library-is-executable
    changelog = gzip.decompress((extracted / "usr/share/doc/lebwallet/changelog.gz").read_bytes())
    assert changelog.decode("utf-8").startswith(f"lebwallet ({__version__}) unstable;")

    control = tmp_path / "control"
    subprocess.run(["dpkg-deb", "--control", str(deb), str(control)], check=True)
    for script in ("postinst", "postrm"):
        assert os.access(control / script, os.X_OK)
    md5sums = (control / "md5sums").read_text(encoding="utf-8")
    assert "  usr/lib/lebwallet/lebwallet\n" in md5sums
    assert "  usr/bin/lebwallet\n" not in md5sums  # a symlink


def test_build_deb_refuses_a_folder_that_is_no_bundle(debpkg: ModuleType, tmp_path: Path) -> None:
    with pytest.raises(debpkg.PackagingError, match="not a PyInstaller bundle"):
        debpkg.build_deb(tmp_path, tmp_path / "out", version="1.0", architecture="amd64")


# --- the self-test's reporting --------------------------------------------------------------


def _passes(ctx: selftest.SelfTestContext) -> str:
    return "fine"


def _fails(ctx: selftest.SelfTestContext) -> str:
    raise selftest.CheckFailed("the widget is\nbroken")


def _crashes(ctx: selftest.SelfTestContext) -> str:
    raise ZeroDivisionError("division by zero")


def _skips(ctx: selftest.SelfTestContext) -> str:
    raise selftest.CheckSkipped("lebwallet.nothing is not part of this build")


def test_self_test_prints_a_line_per_check_and_fails_on_any_failure() -> None:
    out = io.StringIO()
    code = selftest.run_self_test([("one", _passes), ("two", _fails), ("three", _crashes)], out)
    lines = out.getvalue().splitlines()
    assert code == 1
    assert lines[1].startswith("PASS  one           fine (")
    assert lines[2].startswith("FAIL  two           the widget is broken (")
    assert lines[3].startswith("FAIL  three         ZeroDivisionError: division by zero (")
    assert lines[-1] == "self-test FAILED: 1 passed, 2 failed (two, three)"


def test_self_test_counts_a_skip_as_failure_unless_allowed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    checks = [("one", _passes), ("later", _skips)]
    monkeypatch.delenv(selftest.ALLOW_SKIP_ENV, raising=False)
    out = io.StringIO()
    assert selftest.run_self_test(checks, out) == 1
    assert "SKIP  later         lebwallet.nothing is not part of this build" in out.getvalue()
    monkeypatch.setenv(selftest.ALLOW_SKIP_ENV, "1")
    assert selftest.run_self_test(checks, io.StringIO()) == 0
    assert selftest.run_self_test([("one", _passes)], io.StringIO()) == 0


@pytest.mark.slow
def test_self_test_passes_from_the_virtualenv(tmp_path: Path) -> None:
    """The real checks, in a fresh process (offscreen Qt, sandbox on loopback)."""
    env = dict(os.environ, HOME=str(tmp_path), XDG_CACHE_HOME=str(tmp_path / "cache"))
    env[selftest.ALLOW_SKIP_ENV] = "1"  # parts still being written are reported as SKIP
    completed = subprocess.run(
        [sys.executable, "-m", "lebwallet.ui.selftest"],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    output = completed.stdout + completed.stderr
    assert "FAIL" not in output, output
    assert completed.returncode == 0, output
    for name, _check in CHECKS:
        assert any(line[6:].startswith(name) for line in completed.stdout.splitlines()), name
