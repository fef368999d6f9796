"""Photograph the Settings form's Training group (LoRA target layers included) in English and Japanese.

    QT_QPA_PLATFORM=offscreen python docs/settings_form_screenshots.py

Writes docs/screenshot-settings-training.png and docs/screenshot-settings-training-ja.png: the form of
the real window, with the 12 GB preset and a tiny Llama chosen so the memory estimate
shows, `attention` picked as the LoRA targets.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    from PySide6.QtCore import QCoreApplication, QTranslator
    from PySide6.QtWidgets import QApplication, QComboBox, QGroupBox

    from gui.i18n import install_translator
    from gui.settings_forms import SettingsForm
    from so8t.model.tiny import build_tiny_model

    app = QApplication([])
    model = build_tiny_model("llama", Path(tempfile.mkdtemp()) / "llama", seed=0)
    for language, name in (("en", "screenshot-settings-training.png"), ("ja", "screenshot-settings-training-ja.png")):
        install_translator(app, language)
        with tempfile.TemporaryDirectory() as workspace:
            form = SettingsForm(workspace=workspace)
            form.resize(900, 1400)
            form.preset.setCurrentIndex(form.preset.findData("rtx3060-12gb"))  # a GPU preset: the estimate shows
            form.model.edit.setText(str(model))
            form.findChild(QComboBox, "lora_targetsCombo").setCurrentText("attention")
            form.validate()
            form.show()
            app.processEvents()
            training = next(box for box in form.findChildren(QGroupBox) if box.findChild(QComboBox, "lora_targetsCombo"))
            training.grab().save(str(ROOT / "docs" / name))
            print(f"saved docs/{name}")
            form.close()
        for translator in app.findChildren(QTranslator):
            QCoreApplication.removeTranslator(translator)
            translator.setParent(None)


if __name__ == "__main__":
    main()
