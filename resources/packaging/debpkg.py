"""Make LEB Wallet's Debian package from a PyInstaller one-folder bundle.

build.spec calls `build_deb()` right after COLLECT, so ``pyinstaller build.spec`` gives both
``dist/lebwallet/`` and ``dist/lebwallet_<version>_<arch>.deb``. It also runs on its own:

    python resources/packaging/debpkg.py dist/lebwallet --out dist [--version 0.1.0]

Package layout:

    /opt/lebwallet/                       the bundle (``lebwallet`` executable + ``_internal/``)
    /usr/bin/lebwallet                    symlink to /opt/lebwallet/lebwallet
    /usr/share/applications/lebwallet.desktop
    /usr/share/icons/hicolor/scalable/apps/lebwallet.svg
    /usr/share/icons/hicolor/{48x48,128x128,256x256}/apps/lebwallet.png
    /usr/share/doc/lebwallet/copyright

The PNG icons are rendered from the SVG with QtSvg (offscreen) at build time. Maintainer
scripts only refresh the menu and icon caches; user data is never touched.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path
from string import Template
from typing import Final

PACKAGING_DIR: Final = Path(__file__).resolve().parent
REPO_DIR: Final = PACKAGING_DIR.parents[1]
PACKAGE: Final = "lebwallet"
INSTALL_DIR: Final = Path("opt") / PACKAGE
PNG_SIZES: Final = (48, 128, 256)
MAINTAINER_SCRIPTS: Final = ("postinst", "prerm", "postrm")

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
        "Files: *\nCopyright: LEB Wallet developers\nLicense: MIT\n"
        " The bundle in /opt/lebwallet also contains Python, Qt (LGPL-3.0) through\n"
        " PySide6 and other libraries, each under its own licence.\n"
    )


def stage(bundle: Path, root: Path, *, version: str, architecture: str, icon: Path) -> Path:
    """Lay out the package tree under `root` (emptied first); return `root`."""
    if not (bundle / PACKAGE).is_file():
        raise PackagingError(f"{bundle} is not a PyInstaller bundle (no {PACKAGE} executable)")
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(bundle, root / INSTALL_DIR, symlinks=True)
    usr_bin = root / "usr" / "bin"
    usr_bin.mkdir(parents=True)
    (usr_bin / PACKAGE).symlink_to(Path("/") / INSTALL_DIR / PACKAGE)
    share = root / "usr" / "share"
    applications = share / "applications"
    applications.mkdir(parents=True)
    shutil.copy2(PACKAGING_DIR / "lebwallet.desktop", applications / "lebwallet.desktop")
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
            path.chmod(path.stat().st_mode & ~0o022)
    return root


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
