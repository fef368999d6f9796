"""gui.i18n: Japanese and English translations, chosen by the system locale or the setting."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from gui.i18n import I18N_DIR, install_translator, qm_path, resolve_language


def test_language_follows_the_locale_unless_chosen():
    assert resolve_language("system", QLocale("ja_JP")) == "ja"
    assert resolve_language("system", QLocale("de_DE")) == "en"
    assert resolve_language("en", QLocale("ja_JP")) == "en"
    assert resolve_language("ja", QLocale("en_US")) == "ja"


def test_every_text_has_a_japanese_translation_and_the_qm_is_built():
    root = ET.parse(I18N_DIR / "so8t_ja.ts").getroot()
    messages = list(root.iter("message"))
    assert len(messages) > 100
    untranslated = [m.find("source").text for m in messages
                    if not (m.find("translation").text or "").strip() or m.find("translation").get("type")]
    assert untranslated == []
    translator = QTranslator()
    assert translator.load(str(qm_path("ja")))
    assert translator.translate("Names", "Bake gates into weights") == "ゲートを重みにベイク"


def test_the_window_speaks_japanese(make_window, tmp_path, qapp):
    assert install_translator(qapp, "ja") == "ja"
    try:
        window = make_window(tmp_path)
        assert window.windowTitle() == "SO8T コントロールパネル"
        assert window.run_button.text() == "実行" and window.export_button.text() == "PDF を出力"
        assert window.run_button.objectName() == "runButton"  # names stay, texts change
    finally:
        for translator in qapp.findChildren(QTranslator):
            QCoreApplication.removeTranslator(translator)
            translator.deleteLater()
    assert QCoreApplication.translate("MainWindow", "Run") == "Run"
