"""Trim LEB Wallet's Linux PyInstaller bundle for the .deb (called by build.spec).

- `provided_by_depends`: the bundled copies of the build machine's system libraries whose
  Debian package the .deb depends on; build.spec leaves them out (lintian: embedded-library).
- `finish_bundle`: strip symbol tables and debug info from the bundle's shared objects (as
  dh_strip does; lintian: unstripped-binary-or-object) and remove RUNPATHs that point into the
  build machine, such as pyenv's ``<prefix>/lib`` (lintian: custom-library-search-path).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path

STRIP_ARGS = ("--strip-unneeded", "--remove-section=.comment", "--remove-section=.note")


class TrimError(RuntimeError):
    """The bundle cannot be trimmed; the message says why and what to install."""


def depends_packages(depends: str) -> set[str]:
    """Package names in a Depends: value, every alternative, without version constraints."""
    return {
        alternative.split("(")[0].strip()
        for item in depends.split(",")
        for alternative in item.split("|")
        if alternative.strip()
    }


def provided_by_depends(libraries: Iterable[tuple[str, str]], depends: str) -> set[str]:
    """Names (bundle destinations) of the `(dest, source)` libraries a Depends package ships.

    Only libraries from the system's own directories count, and only when `dpkg -S` names
    their package and that package is in `depends`: what is left out is then always installed
    with the .deb. Without dpkg nothing is left out.
    """
    wanted = depends_packages(depends)
    system: dict[str, str] = {}
    for dest, source in libraries:
        real = os.path.realpath(source)
        if real.startswith(("/lib/", "/usr/lib/")):
            # usrmerge: dpkg knows the library under one of its two names
            other = real.removeprefix("/usr") if real.startswith("/usr/") else "/usr" + real
            system[real] = system[other] = dest
    if not system or shutil.which("dpkg") is None:
        return set()
    out = subprocess.run(
        ["dpkg", "-S", *system], capture_output=True, text=True, check=False
    ).stdout
    provided = set()
    for line in out.splitlines():
        package, _, path = line.partition(": ")
        if package.split(":")[0] in wanted and path in system:
            provided.add(system[path])
    return provided


def _elf_report(path: Path) -> str:
    try:
        completed = subprocess.run(
            ["readelf", "-S", "-d", "--wide", str(path)],
            capture_output=True,
            text=True,
            check=False,
        )
    except FileNotFoundError as error:
        raise TrimError("readelf is missing (Debian package binutils)") from error
    return completed.stdout


def finish_bundle(bundle: Path, *, require_patchelf: bool = True) -> list[str]:
    """Strip and clean the shared objects under ``bundle/_internal``; return what was done.

    Libraries repaired by auditwheel (in ``*.libs/``) ship stripped and are left alone (strip
    can damage files patchelf has rewritten). A RUNPATH containing ``$ORIGIN`` is the wheel's
    own and stays. Without patchelf a foreign RUNPATH is an error if `require_patchelf`, else
    it is reported and kept.
    """
    patchelf = shutil.which("patchelf")
    done: list[str] = []
    for path in sorted((bundle / "_internal").rglob("*.so*")):
        if path.is_symlink() or not path.is_file() or path.parent.name.endswith(".libs"):
            continue
        report = _elf_report(path)
        if " .symtab " in report or " .debug_" in report:
            subprocess.run(["strip", *STRIP_ARGS, str(path)], check=True)
            done.append(f"stripped {path.name}")
        foreign = [
            line
            for line in report.splitlines()
            if ("(RUNPATH)" in line or "(RPATH)" in line) and "$ORIGIN" not in line
        ]
        if not foreign:
            continue
        if patchelf is None:
            if require_patchelf:
                raise TrimError(
                    f"{path.name} has a RUNPATH into the build machine; install patchelf "
                    "(Debian package patchelf) to remove it"
                )
            done.append(f"kept the RUNPATH of {path.name} (no patchelf)")
            continue
        subprocess.run([patchelf, "--remove-rpath", str(path)], check=True)
        done.append(f"removed the RUNPATH of {path.name}")
    return done
