"""`lebwallet --self-test`'s Qt checks: they pass on this build, and can fail."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from lebwallet.services.selftest import Outcome, SelfTestContext, run_check
from lebwallet.ui import selftest


@pytest.fixture
def ctx(qapp: QApplication, tmp_path: Path) -> Iterator[SelfTestContext]:
    with ExitStack() as stack:
        yield SelfTestContext(work_dir=tmp_path, stack=stack)


def test_qt_and_translations_pass_on_this_build(ctx: SelfTestContext) -> None:
    qt = run_check("qt", selftest.check_qt, ctx)
    assert qt.outcome is Outcome.PASS, qt.detail
    assert "app icon renders" in qt.detail
    translations = run_check("translations", selftest.check_translations, ctx)
    assert translations.outcome is Outcome.PASS, translations.detail


def test_a_message_left_in_english_fails_the_translations_check(
    ctx: SelfTestContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(selftest, "TRANSLATION_PROBE", ("WelcomeDialog", "No such message"))
    result = run_check("translations", selftest.check_translations, ctx)
    assert result.outcome is Outcome.FAIL
    assert "leaves 'No such message' English" in result.detail


def test_every_check_runs_in_order() -> None:
    names = [name for name, _check in selftest.CHECKS]
    assert names == [
        "qt",
        "imports",
        "database",
        "sandbox",
        "recharge",
        "translations",
        "keyring",
    ]
