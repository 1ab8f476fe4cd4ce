"""i18n: the .ts files are complete, compile to .qm, and switch the language at run time."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QLocale, QTranslator
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from lebwallet.ui import i18n, i18n_tools
from lebwallet.ui.i18n import (
    Language,
    TranslationError,
    UnknownLanguage,
    current_language,
    ensure_compiled,
    install_language,
    qm_name,
    ts_path,
)
from lebwallet.ui.i18n_tools import (
    check_translations,
    chinese_typography_problems,
    compile_translations,
    find_qt_tool,
    set_translations,
    translatable_sources,
    unfinished_messages,
    update_ts,
)
from lebwallet.ui.money_format import format_relative_days
from lebwallet.ui.qr_widget import QrCodeWidget

UI_DIR = Path(i18n.__file__).resolve().parent


@pytest.fixture(scope="module")
def qm_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("qm")
    compile_translations(out)
    return out


@pytest.fixture
def restore_language(qapp: QApplication) -> Iterator[QApplication]:
    """Leave no translator, default locale or language property behind."""
    saved = QLocale()
    yield qapp
    for translator in qapp.findChildren(QTranslator, "lebwallet-i18n"):
        qapp.removeTranslator(translator)
        translator.setParent(None)
    qapp.setProperty("lebwallet_language", None)
    QLocale.setDefault(saved)


def _unfinished(ts: Path) -> list[str]:
    root = ElementTree.parse(ts).getroot()
    bad = []
    for message in root.iter("message"):
        translation = message.find("translation")
        source = message.findtext("source", default="")
        if translation is None or translation.get("type") is not None:
            bad.append(source)
        elif message.get("numerus") == "yes":
            forms = translation.findall("numerusform")
            if not forms or not all((f.text or "").strip() for f in forms):
                bad.append(source)
        elif not (translation.text or "").strip():
            bad.append(source)
    return bad


@pytest.mark.parametrize("language", list(Language))
def test_every_message_in_the_ts_files_is_finished(language: Language) -> None:
    ts = ts_path(language)
    assert ts.is_file()
    assert _unfinished(ts) == []


def test_the_code_has_no_missing_or_unfinished_message() -> None:
    """The gate: after adding a tr() string, run `python -m lebwallet.ui.i18n_tools update`."""
    problems = check_translations()
    assert [str(p) for p in problems] == []


def test_compile_writes_a_qm_per_language(qm_dir: Path) -> None:
    for language in Language:
        qm = qm_dir / qm_name(language)
        assert qm.is_file()
        assert qm.stat().st_size > 0


def test_tools_are_found() -> None:
    assert Path(find_qt_tool("lrelease")[0]).is_file()
    assert Path(find_qt_tool("lupdate")[0]).is_file()
    with pytest.raises(ValueError, match="unknown"):
        find_qt_tool("rcc")


def test_translatable_sources_cover_the_ui_package() -> None:
    sources = translatable_sources()
    assert UI_DIR / "qr_widget.py" in sources
    assert UI_DIR / "money_format.py" in sources


def test_update_merges_and_check_reports_new_strings(tmp_path: Path) -> None:
    ts_dir = tmp_path / "translations"
    ts_dir.mkdir()
    for language in Language:
        shutil.copy2(ts_path(language), ts_dir)
    extra = tmp_path / "extra.py"
    extra.write_text(
        "from PySide6.QtCore import QCoreApplication\n"
        "QCoreApplication.translate('Extra', 'Brand new text')\n",
        encoding="utf-8",
    )
    sources = [UI_DIR / "qr_widget.py", extra]
    problems = check_translations(ts_dir, sources)
    assert [(p.language, p.context, p.source, p.kind) for p in problems] == [
        (Language.ZH_CN, "Extra", "Brand new text", "missing")
    ]
    update_ts(ts_dir, sources, quiet=True)
    zh = ElementTree.parse(ts_path(Language.ZH_CN, ts_dir)).getroot()
    translations = {m.findtext("source"): m.find("translation") for m in zh.iter("message")}
    kept = translations["QR code"]
    assert kept is not None
    assert kept.text == "二维码"  # existing translations survive the merge
    assert kept.get("type") is None
    new = translations["Brand new text"]
    assert new is not None
    assert new.get("type") == "unfinished"
    assert "today" not in translations  # strings no longer in the sources are dropped
    problems = check_translations(ts_dir, sources)
    assert [(p.source, p.kind) for p in problems] == [("Brand new text", "unfinished")]


def test_missing_ts_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(TranslationError, match="missing"):
        compile_translations(tmp_path / "out", ts_dir=tmp_path)


def test_ensure_compiled_compiles_once_into_the_cache(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    directory = ensure_compiled(cache)
    if directory != cache:  # a build that ships .qm files next to the sources
        pytest.skip("translations are shipped compiled")
    stamps = {lang: (cache / qm_name(lang)).stat().st_mtime_ns for lang in Language}
    assert ensure_compiled(cache) == cache
    assert stamps == {lang: (cache / qm_name(lang)).stat().st_mtime_ns for lang in Language}


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("en", Language.EN),
        ("en_GB", Language.EN),
        ("zh_CN", Language.ZH_CN),
        ("zh-CN", Language.ZH_CN),
        ("zh", Language.ZH_CN),
        ("ZH_cn", Language.ZH_CN),
    ],
)
def test_language_from_code(code: str, expected: Language) -> None:
    assert Language.from_code(code) is expected


@pytest.mark.parametrize("code", ["fr", "zh_TW", "", "klingon"])
def test_unknown_language_is_refused(code: str) -> None:
    with pytest.raises(UnknownLanguage, match="not a language"):
        Language.from_code(code)


def test_language_for_locale() -> None:
    assert Language.for_locale(QLocale("zh_CN")) is Language.ZH_CN
    assert Language.for_locale(QLocale("zh_TW")) is Language.EN
    assert Language.for_locale(QLocale("de_DE")) is Language.EN
    assert Language.ZH_CN.native_name == "简体中文"


def test_install_language_switches_at_run_time(
    restore_language: QApplication, qm_dir: Path, qtbot: QtBot
) -> None:
    app = restore_language
    widget = QrCodeWidget()
    qtbot.addWidget(widget)
    assert widget.accessibleName() == "QR code"

    assert install_language(app, "zh_CN", qm_dir) is Language.ZH_CN
    assert current_language(app) is Language.ZH_CN
    assert QLocale().language() == QLocale.Language.Chinese
    assert format_relative_days(5) == "5 天后"
    assert QCoreApplication.translate("RelativeDate", "today") == "今天"
    QApplication.sendPostedEvents(widget, QEvent.Type.LanguageChange.value)
    assert widget.accessibleName() == "二维码"

    assert install_language(app, Language.EN, qm_dir) is Language.EN
    assert current_language(app) is Language.EN
    assert QLocale().language() == QLocale.Language.English
    assert format_relative_days(5) == "in 5 days"
    assert format_relative_days(1) == "tomorrow"
    assert format_relative_days(-1 * 1) == "yesterday"
    QApplication.sendPostedEvents(widget, QEvent.Type.LanguageChange.value)
    assert widget.accessibleName() == "QR code"
    # Only the wallet's current translators stay installed.
    assert all(
        t.language() in ("en", "") or t.language().startswith("en")
        for t in app.findChildren(QTranslator, "lebwallet-i18n")
    )


def test_install_refuses_missing_qm_and_changes_nothing(
    restore_language: QApplication, tmp_path: Path
) -> None:
    app = restore_language
    before = QLocale()
    with pytest.raises(TranslationError, match="cannot load"):
        install_language(app, Language.ZH_CN, tmp_path)
    assert current_language(app) is None
    assert QLocale() == before


def test_main_check_and_compile(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert i18n_tools.main(["compile", str(tmp_path)]) == 0
    assert (tmp_path / qm_name(Language.ZH_CN)).is_file()
    capsys.readouterr()
    complete = not check_translations()
    assert i18n_tools.main(["check"]) == (0 if complete else 1)
    captured = capsys.readouterr()
    assert ("complete" in captured.out) if complete else ("problem" in captured.err)


def test_a_plain_widget_gets_a_language_change(
    restore_language: QApplication, qm_dir: Path, qtbot: QtBot
) -> None:
    seen: list[QEvent.Type] = []

    class Probe(QWidget):
        def changeEvent(self, event: QEvent) -> None:  # noqa: N802
            seen.append(event.type())
            super().changeEvent(event)

    probe = Probe()
    qtbot.addWidget(probe)
    install_language(restore_language, Language.ZH_CN, qm_dir)
    qtbot.wait_until(lambda: QEvent.Type.LanguageChange in seen, timeout=2000)


def test_set_translations_fills_unfinished_messages(tmp_path: Path) -> None:
    ts_dir = tmp_path / "translations"
    ts_dir.mkdir()
    for language in Language:
        shutil.copy2(ts_path(language), ts_dir)
    extra = tmp_path / "extra.py"
    extra.write_text(
        "from PySide6.QtCore import QCoreApplication\n"
        "QCoreApplication.translate('Extra', 'Saved')\n"
        "QCoreApplication.translate('Extra', '%n card(s)', None, 2)\n",
        encoding="utf-8",
    )
    sources = [UI_DIR / "qr_widget.py", extra]
    update_ts(ts_dir, sources, quiet=True)
    assert sorted(unfinished_messages(Language.ZH_CN, ts_dir)) == [
        ("Extra", "%n card(s)"),
        ("Extra", "Saved"),
    ]
    assert unfinished_messages(Language.EN, ts_dir) == [("Extra", "%n card(s)")]
    with pytest.raises(TranslationError, match="plural forms"):
        set_translations(Language.ZH_CN, {("Extra", "%n card(s)"): "%n 张卡"}, ts_dir)
    with pytest.raises(TranslationError, match="no message"):
        set_translations(Language.ZH_CN, {("Extra", "Nope"): "不"}, ts_dir)
    set_translations(
        Language.ZH_CN, {("Extra", "Saved"): "已保存", ("Extra", "%n card(s)"): ["%n 张卡"]}, ts_dir
    )
    set_translations(Language.EN, {("Extra", "%n card(s)"): ["%n card", "%n cards"]}, ts_dir)
    assert check_translations(ts_dir, sources) == []
    out = tmp_path / "qm"
    compile_translations(out, ts_dir)
    translator = QTranslator()
    assert translator.load(str(out / qm_name(Language.ZH_CN)))
    assert translator.translate("Extra", "Saved") == "已保存"
    assert translator.translate("Extra", "%n card(s)", None, 3) == "%n 张卡"


@pytest.mark.parametrize(
    "text",
    [
        "。 这是一张 eSIM。",
        "已充入 您的卡",
        "保号规则: 每 30 天",
        "英镑, 美元",
        "(5 天后)",
        "手续费 3.4 %",
        "请去掉 ?查询参数",
    ],
)
def test_chinese_typography_catches_what_looks_foreign(text: str) -> None:
    assert chinese_typography_problems(text)


@pytest.mark.parametrize(
    "text",
    [
        "还剩 5 天",
        "ICCID %1（校验位正确）",
        "汇率：1 %1 = %2 %3，报价有效至 %4",
        "CSV 文件 (*.csv)",
        "钱包(&W)",
        "手续费 3.4%",
        "英镑、美元",
    ],
)
def test_chinese_typography_lets_chinese_usage_pass(text: str) -> None:
    assert chinese_typography_problems(text) == []


def test_every_chinese_translation_is_set_in_chinese_typography() -> None:
    root = ElementTree.parse(ts_path(Language.ZH_CN)).getroot()
    problems = []
    for message in root.iter("message"):
        translation = message.find("translation")
        assert translation is not None
        forms = translation.findall("numerusform")
        for text in [f.text or "" for f in forms] if forms else [translation.text or ""]:
            problems += chinese_typography_problems(text)
    assert problems == []
