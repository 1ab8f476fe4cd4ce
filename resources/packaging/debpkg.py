"""Make LEB Wallet's Debian package from a PyInstaller one-folder bundle.

build.spec calls `build_deb()` right after COLLECT, so ``pyinstaller build.spec`` gives both
``dist/lebwallet/`` and ``dist/lebwallet_<version>_<arch>.deb``. It also runs on its own:

    python resources/packaging/debpkg.py dist/lebwallet --out dist [--version 0.1.0]

Package layout:

    /usr/lib/lebwallet/                   the bundle (``lebwallet`` executable + ``_internal/``)
    /usr/bin/lebwallet                    symlink to ../lib/lebwallet/lebwallet
    /usr/share/applications/lebwallet.desktop
    /usr/share/metainfo/io.github.lebwallet.LebWallet.metainfo.xml   (AppStream)
    /usr/share/icons/hicolor/scalable/apps/lebwallet.svg
    /usr/share/icons/hicolor/{48x48,128x128,256x256}/apps/lebwallet.png
    /usr/share/doc/lebwallet/copyright, changelog.gz (made from the metainfo's <releases>)
    /usr/share/man/man1/lebwallet.1.gz
    /usr/share/lintian/overrides/lebwallet   (debian/lintian-overrides, each with its reason)

The bundle lives under /usr/lib, not /opt: Debian policy reserves /opt for the local
administrator (lintian's dir-or-file-in-opt). The PNG icons are rendered from the SVG with
QtSvg (offscreen) at build time. Maintainer scripts only refresh the menu and icon caches;
user data is never touched.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import os
import shutil
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from email.utils import format_datetime
from pathlib import Path
from string import Template
from typing import Final

PACKAGING_DIR: Final = Path(__file__).resolve().parent
REPO_DIR: Final = PACKAGING_DIR.parents[1]
PACKAGE: Final = "lebwallet"
INSTALL_DIR: Final = Path("usr") / "lib" / PACKAGE
APP_ID: Final = "io.github.lebwallet.LebWallet"
METAINFO: Final = PACKAGING_DIR / f"{APP_ID}.metainfo.xml"
XML_LANG: Final = "{http://www.w3.org/XML/1998/namespace}lang"
PNG_SIZES: Final = (48, 128, 256)
MAINTAINER_SCRIPTS: Final = ("postinst", "postrm")

_RENDER_SCRIPT: Final = """
import sys
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer
app = QGuiApplication(sys.argv[:1])
renderer = QSvgRenderer(sys.argv[1])
if not renderer.isValid():
    sys.exit(f"cannot read the SVG {sys.argv[1]}")
for pair in sys.argv[2:]:
    size, target = pair.split("=", 1)
    image = QImage(int(size), int(size), QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    if not image.save(target, "PNG"):
        sys.exit(f"cannot write {target}")
"""


class PackagingError(RuntimeError):
    """The package cannot be made; the message says why."""


def app_icon() -> Path:
    """The app's SVG icon (the UI's resources/icons/lebwallet.svg)."""
    icon = REPO_DIR / "resources" / "icons" / "lebwallet.svg"
    if not icon.is_file():
        raise PackagingError(f"the app icon {icon} is missing")
    return icon


def render_pngs(svg: Path, out_dir: Path, sizes: tuple[int, ...] = PNG_SIZES) -> dict[int, Path]:
    """Render `svg` to ``out_dir/<n>x<n>.png`` for each size, with QtSvg offscreen."""
    out_dir.mkdir(parents=True, exist_ok=True)
    targets = {size: out_dir / f"{size}x{size}.png" for size in sizes}
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    pairs = [f"{size}={path}" for size, path in targets.items()]
    result = subprocess.run(
        [sys.executable, "-c", _RENDER_SCRIPT, str(svg), *pairs],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    missing = [str(p) for p in targets.values() if not p.is_file()]
    if result.returncode != 0 or missing:
        raise PackagingError(f"rendering {svg} failed: {result.stderr.strip() or missing}")
    return targets


@dataclass(frozen=True)
class Release:
    version: str
    day: date
    notes: tuple[str, ...]  # the English paragraphs and list items of its description


@dataclass(frozen=True)
class Metainfo:
    """What the package needs from the AppStream metainfo (language "" is English)."""

    app_id: str
    names: dict[str, str]
    summaries: dict[str, str]
    launchable: str
    binaries: tuple[str, ...]
    releases: tuple[Release, ...]  # newest first, as in the file


def _by_language(parent: ET.Element, tag: str) -> dict[str, str]:
    return {e.get(XML_LANG, ""): " ".join((e.text or "").split()) for e in parent.findall(tag)}


def _english_text(description: ET.Element | None) -> tuple[str, ...]:
    if description is None:
        return ()
    blocks = [e for e in description.iter() if e.tag in ("p", "li") and XML_LANG not in e.attrib]
    return tuple(" ".join("".join(e.itertext()).split()) for e in blocks)


def read_metainfo(path: Path = METAINFO) -> Metainfo:
    """Parse our own metainfo file (a trusted build input)."""
    try:
        root = ET.parse(path).getroot()  # the repository's own file
        releases = tuple(
            Release(
                r.attrib["version"],
                date.fromisoformat(r.attrib["date"]),
                _english_text(r.find("description")),
            )
            for r in root.findall("releases/release")
        )
    except (OSError, ET.ParseError, KeyError, ValueError) as error:
        raise PackagingError(f"cannot read the metainfo {path}: {error}") from error
    launchable = root.find("launchable[@type='desktop-id']")
    return Metainfo(
        app_id=root.findtext("id", ""),
        names=_by_language(root, "name"),
        summaries=_by_language(root, "summary"),
        launchable=launchable.text or "" if launchable is not None else "",
        binaries=tuple(e.text or "" for e in root.findall("provides/binary")),
        releases=releases,
    )


def _maintainer() -> str:
    control = (PACKAGING_DIR / "debian" / "control.in").read_text(encoding="utf-8")
    for line in control.splitlines():
        if line.startswith("Maintainer:"):
            return line.split(":", 1)[1].strip()
    raise PackagingError("debian/control.in has no Maintainer: field")


def debian_changelog(info: Metainfo) -> str:
    """/usr/share/doc/<package>/changelog (Debian format) from the metainfo's releases."""
    entries = []
    for release in info.releases:
        items = [
            textwrap.fill(note, width=78, initial_indent="  * ", subsequent_indent="    ")
            for note in release.notes or ("New upstream release.",)
        ]
        stamp = format_datetime(datetime.combine(release.day, time(), tzinfo=UTC))
        entries.append(
            f"{PACKAGE} ({release.version}) unstable; urgency=medium\n\n"
            + "\n".join(items)
            + f"\n\n -- {_maintainer()}  {stamp}\n"
        )
    return "\n".join(entries)


def debian_architecture() -> str:
    try:
        out = subprocess.run(
            ["dpkg", "--print-architecture"], capture_output=True, text=True, check=True
        )
    except (OSError, subprocess.CalledProcessError) as error:
        raise PackagingError(f"dpkg --print-architecture failed: {error}") from error
    return out.stdout.strip()


def depends() -> str:
    """The Depends: field, from debian/depends (one package or alternative per line)."""
    lines = (PACKAGING_DIR / "debian" / "depends").read_text(encoding="utf-8").splitlines()
    return ", ".join(s for line in lines if (s := line.split("#", 1)[0].strip()))


def _tree_size_kib(root: Path) -> int:
    total = 0
    for path in root.rglob("*"):
        if path.is_file() and not path.is_symlink():
            total += (path.stat().st_size + 1023) // 1024
    return total


def _copyright() -> str:
    return (
        "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"
        "Upstream-Name: LEB Wallet\n\n"
        "Files: *\nCopyright: 2026 LEB Wallet developers\nLicense: MIT\n"
        " The bundle in /usr/lib/lebwallet also contains Python (PSF-2.0), Qt (LGPL-3.0)\n"
        " through PySide6 and other libraries, each under its own licence.\n\n"
        "License: MIT\n"
        " Permission is hereby granted, free of charge, to any person obtaining a copy\n"
        ' of this software and associated documentation files (the "Software"), to deal\n'
        " in the Software without restriction, including without limitation the rights\n"
        " to use, copy, modify, merge, publish, distribute, sublicense, and/or sell\n"
        " copies of the Software, and to permit persons to whom the Software is\n"
        " furnished to do so, subject to the following conditions:\n .\n"
        " The above copyright notice and this permission notice shall be included in\n"
        " all copies or substantial portions of the Software.\n .\n"
        ' THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR\n'
        " IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,\n"
        " FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE\n"
        " AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER\n"
        " LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,\n"
        " OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE\n"
        " SOFTWARE.\n"
    )


def _gzip_to(text: str, target: Path) -> None:
    """gzip -9n: maximum compression, no name or time stamp (reproducible; lintian)."""
    target.write_bytes(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))


def stage(bundle: Path, root: Path, *, version: str, architecture: str, icon: Path) -> Path:
    """Lay out the package tree under `root` (emptied first); return `root`."""
    if not (bundle / PACKAGE).is_file():
        raise PackagingError(f"{bundle} is not a PyInstaller bundle (no {PACKAGE} executable)")
    info = read_metainfo()
    if version not in {release.version for release in info.releases}:
        raise PackagingError(
            f"the metainfo {METAINFO.name} has no <release> for version {version}: add one"
        )
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(bundle, root / INSTALL_DIR, symlinks=True)
    usr_bin = root / "usr" / "bin"
    usr_bin.mkdir(parents=True)
    (usr_bin / PACKAGE).symlink_to(Path("..", *INSTALL_DIR.parts[1:], PACKAGE))
    share = root / "usr" / "share"
    applications = share / "applications"
    applications.mkdir(parents=True)
    shutil.copy2(PACKAGING_DIR / info.launchable, applications / info.launchable)
    metainfo = share / "metainfo"
    metainfo.mkdir()
    shutil.copy2(METAINFO, metainfo / METAINFO.name)
    hicolor = share / "icons" / "hicolor"
    (hicolor / "scalable" / "apps").mkdir(parents=True)
    shutil.copy2(icon, hicolor / "scalable" / "apps" / "lebwallet.svg")
    for size, png in render_pngs(icon, root.parent / "icons").items():
        target = hicolor / f"{size}x{size}" / "apps"
        target.mkdir(parents=True)
        shutil.copy2(png, target / "lebwallet.png")
    doc = share / "doc" / PACKAGE
    doc.mkdir(parents=True)
    (doc / "copyright").write_text(_copyright(), encoding="utf-8")
    _gzip_to(debian_changelog(info), doc / "changelog.gz")
    man1 = share / "man" / "man1"
    man1.mkdir(parents=True)
    _gzip_to((PACKAGING_DIR / f"{PACKAGE}.1").read_text(encoding="utf-8"), man1 / f"{PACKAGE}.1.gz")
    overrides = PACKAGING_DIR / "debian" / "lintian-overrides"
    if overrides.is_file():
        lintian = share / "lintian" / "overrides"
        lintian.mkdir(parents=True)
        shutil.copy2(overrides, lintian / PACKAGE)

    debian = root / "DEBIAN"
    debian.mkdir()
    control = Template((PACKAGING_DIR / "debian" / "control.in").read_text(encoding="utf-8"))
    (debian / "control").write_text(
        control.substitute(
            version=version,
            architecture=architecture,
            installed_size=_tree_size_kib(root),
            depends=depends(),
        ),
        encoding="utf-8",
    )
    for script in MAINTAINER_SCRIPTS:
        target = debian / script
        shutil.copy2(PACKAGING_DIR / "debian" / script, target)
        target.chmod(0o755)
    for path in [root, *root.rglob("*")]:  # dpkg-deb refuses group/other-writable dirs
        if not path.is_symlink():
            mode = path.stat().st_mode & ~0o022
            if path.is_file() and ".so" in path.suffixes:  # lintian: shared-library-is-executable
                mode &= ~0o111
            path.chmod(mode)
    _write_md5sums(root)
    return root


def _write_md5sums(root: Path) -> None:
    """DEBIAN/md5sums, as dh_md5sums writes it (lets `dpkg --verify` check the files)."""
    lines = []
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink() and path.parts[len(root.parts)] != "DEBIAN":
            digest = hashlib.md5(path.read_bytes(), usedforsecurity=False).hexdigest()
            lines.append(f"{digest}  {path.relative_to(root).as_posix()}\n")
    md5sums = root / "DEBIAN" / "md5sums"
    md5sums.write_text("".join(lines), encoding="utf-8")
    md5sums.chmod(0o644)


def build_deb(
    bundle: Path,
    out_dir: Path,
    *,
    version: str,
    work_dir: Path | None = None,
    architecture: str | None = None,
    icon: Path | None = None,
) -> Path:
    """Make ``out_dir/lebwallet_<version>_<arch>.deb`` from the one-folder `bundle`."""
    arch = architecture or debian_architecture()
    work = work_dir or out_dir.parent / "build" / "deb"
    root = stage(bundle, work / "root", version=version, architecture=arch, icon=icon or app_icon())
    out_dir.mkdir(parents=True, exist_ok=True)
    deb = out_dir / f"{PACKAGE}_{version}_{arch}.deb"
    command = ["dpkg-deb", "--root-owner-group", "-Zxz", "--build", str(root), str(deb)]
    try:
        subprocess.run(command, check=True, capture_output=True, text=True)
    except FileNotFoundError as error:
        raise PackagingError("dpkg-deb is not installed (Debian package 'dpkg')") from error
    except subprocess.CalledProcessError as error:
        raise PackagingError(f"dpkg-deb failed: {error.stderr.strip()}") from error
    return deb


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Make the .deb from a PyInstaller bundle.")
    parser.add_argument("bundle", type=Path, help="the one-folder bundle, e.g. dist/lebwallet")
    parser.add_argument("--out", type=Path, default=Path("dist"), help="where to put the .deb")
    parser.add_argument("--version", default=None, help="package version (default: lebwallet's)")
    args = parser.parse_args(argv)
    version = args.version
    if version is None:
        sys.path.insert(0, str(REPO_DIR))
        from lebwallet import __version__ as version
    try:
        deb = build_deb(args.bundle, args.out, version=version)
    except PackagingError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(deb)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
