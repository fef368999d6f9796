"""gui.i18n: Japanese and English translations, chosen by the system locale or the setting."""

from __future__ import annotations

import re
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


def _remove_translators(qapp) -> None:
    for translator in qapp.findChildren(QTranslator):
        QCoreApplication.removeTranslator(translator)
        translator.setParent(None)  # gone from findChildren at once, not at the next event loop turn
        translator.deleteLater()


def test_the_file_dialog_speaks_japanese(qapp, qtbot):
    from PySide6.QtWidgets import QFileDialog, QLabel

    def labels() -> dict[str, str]:
        dialog = QFileDialog(None, "x")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)  # Qt's own dialog (Linux; Windows' is the OS's)
        qtbot.addWidget(dialog)
        return {label.objectName(): label.text() for label in dialog.findChildren(QLabel)}

    english = labels()
    assert english["lookInLabel"] == "&Look in:" and english["fileTypeLabel"] == "Files of &type:"
    assert install_translator(qapp, "ja") == "ja"
    try:
        japanese = labels()
    finally:
        _remove_translators(qapp)
    for name in ("lookInLabel", "fileNameLabel", "fileTypeLabel"):
        assert japanese[name] != english[name] and re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", japanese[name]), name


def test_the_window_writes_its_report_in_its_language(make_window, qtbot, tmp_path, qapp):
    import shutil
    import subprocess

    from gui.i18n import shown_language
    from tests.sample_run import write_sample_run

    run = write_sample_run(tmp_path / "runs")
    assert shown_language() == "en"
    assert install_translator(qapp, "ja") == "ja"
    try:
        assert shown_language() == "ja"
        window = make_window(tmp_path)
        window.run_list.select(str(run))
        with qtbot.waitSignal(window.report_written, timeout=120_000) as blocker:
            window.export_pdf(str(tmp_path / "report.pdf"))
    finally:
        _remove_translators(qapp)
    assert shown_language() == "en"
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", blocker.args[0], "-"], capture_output=True, text=True).stdout
        assert "1. 概要" in text and "Summary" not in text
