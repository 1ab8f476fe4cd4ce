"""`lebwallet --self-test`: prove that this build of the wallet works, headless.

Meant for the frozen app (the .deb, CI) but runs just as well from the virtualenv. Qt runs on
the ``offscreen`` platform. This module holds the checks that need Qt (Qt starts offscreen
and the bundled resources are there; both translations load and the Chinese one translates)
and the list of every check, in order; the others and the runner are Qt-free services
(`lebwallet.services.selftest_checks`, `lebwallet.services.selftest`, whose docstring says
how a run is reported and when it fails).
"""

from __future__ import annotations

import sys
from typing import Final, TextIO

from lebwallet.services.selftest import (
    Check,
    CheckFailed,
    CheckSkipped,
    SelfTestContext,
)
from lebwallet.services.selftest import run_self_test as run_checks
from lebwallet.services.selftest_checks import (
    check_database,
    check_imports,
    check_keyring,
    check_recharge,
    check_sandbox,
)

OFFSCREEN: Final = {"QT_QPA_PLATFORM": "offscreen"}


def check_qt(ctx: SelfTestContext) -> str:
    """Qt's widgets start on the offscreen platform; the bundled resources are present."""
    from PySide6.QtCore import QSize, qVersion
    from PySide6.QtGui import QIcon, QImage
    from PySide6.QtWidgets import QApplication

    from lebwallet.resources_path import resources_dir

    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "lebwallet"])
    ctx.app = app
    platform = QApplication.platformName()
    resources = resources_dir()
    missing = [
        name for name in ("openapi.yaml", "carriers.toml") if not (resources / name).is_file()
    ]
    if missing:
        raise CheckFailed(f"resources missing from {resources}: {', '.join(missing)}")
    details = [f"{platform} platform", f"Qt {qVersion()}", f"resources in {resources}"]
    icon_path = resources / "icons" / "lebwallet.svg"
    if icon_path.is_file():
        image: QImage = QIcon(str(icon_path)).pixmap(QSize(64, 64)).toImage()
        if image.isNull() or image.width() == 0:
            raise CheckFailed(f"the app icon {icon_path} does not render (QtSvg plugin missing?)")
        details.append("app icon renders")
    else:
        raise CheckFailed(f"the app icon is missing from the build ({icon_path})")
    return ", ".join(details)


TRANSLATION_PROBE: Final = ("WelcomeDialog", "&Sign in")
"""A message every translation translates: the wallet's own, not only Qt's."""


def check_translations(ctx: SelfTestContext) -> str:
    """Both languages load (the shipped .qm files, or ones compiled into the temp dir)."""
    from PySide6.QtCore import QCoreApplication, QTranslator

    from lebwallet.ui import i18n

    app = ctx.app if isinstance(ctx.app, QCoreApplication) else QCoreApplication.instance()
    if app is None:
        raise CheckSkipped("no Qt application (see the qt check)")
    qm_dir = i18n.ensure_compiled(ctx.work_dir / "translations")
    loaded: list[str] = []
    try:
        for language in i18n.Language:
            i18n.install_language(app, language, qm_dir)
            translators = app.findChildren(QTranslator, "lebwallet-i18n")
            if not translators:
                raise CheckFailed(f"no translator installed for {language.value}")
            if not language.is_source and all(t.isEmpty() for t in translators):
                raise CheckFailed(f"the {language.value} translation is empty")
            context, source = TRANSLATION_PROBE
            if not language.is_source and QCoreApplication.translate(context, source) == source:
                raise CheckFailed(f"the {language.value} translation leaves {source!r} English")
            loaded.append(language.native_name)
    finally:
        i18n.install_language(app, i18n.Language.EN, qm_dir)
    where = "shipped" if qm_dir == i18n.translations_source_dir() else "compiled"
    return f"{', '.join(loaded)} ({where} .qm in {qm_dir})"


CHECKS: Final[tuple[tuple[str, Check], ...]] = (
    ("qt", check_qt),
    ("imports", check_imports),
    ("database", check_database),
    ("sandbox", check_sandbox),
    ("recharge", check_recharge),
    ("translations", check_translations),
    ("keyring", check_keyring),
)


def run_self_test(out: TextIO | None = None) -> int:
    """Every check on Qt's offscreen platform; 0 only if all passed (or warned)."""
    return run_checks(CHECKS, out, environment=OFFSCREEN)


if __name__ == "__main__":
    raise SystemExit(run_self_test())
