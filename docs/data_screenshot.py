"""Photograph the Data tab of the real window under X on the demo's ShareGPT sample (with its planted
duplicates and malformed thinking tags), in English and in Japanese (docs/screenshot-data.png,
docs/screenshot-data-ja.png).

    xvfb-run -s "-screen 0 1400x900x24" python docs/data_screenshot.py

The demo model's tokenizer and chat template measure the samples; the screen is taken with ImageMagick's
`import -window root`.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SIZE = (1400, 900)
SAMPLE = ROOT / "resources" / "data_samples" / "chat_sharegpt.json"
#: The view's max_length: small enough that the sample's longer conversations cross the line.
MAX_LENGTH = 128


def shoot(language: str) -> None:
    import os

    os.environ.pop("QT_QPA_PLATFORM", None)  # the real X display, not offscreen
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    settings_dir = tempfile.mkdtemp(prefix="so8t-data-settings-")
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, settings_dir)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, settings_dir)
    app = QApplication([])
    from gui.i18n import install_translator
    from gui.main_window import MainWindow

    install_translator(app, language)
    window = MainWindow(tempfile.mkdtemp(prefix="so8t-data-workspace-"), telemetry=False)
    window.resize(*SIZE)
    window.move(0, 0)
    window.show()
    window.settings.demo_button.setChecked(True)
    window.tabs.setCurrentWidget(window.data_view)
    done: list[object] = []
    window.data_view.shown.connect(done.append)
    window.data_view.max_length.setValue(MAX_LENGTH)
    window.data_view.set_files([str(SAMPLE)])
    deadline = time.monotonic() + 120
    while not done and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.02)
    for _ in range(50):  # let the plot and tables lay out and paint
        app.processEvents()
        time.sleep(0.02)
    name = "screenshot-data.png" if language == "en" else f"screenshot-data-{language}.png"
    subprocess.run(["import", "-window", "root", "-crop", f"{SIZE[0]}x{SIZE[1]}+0+0", str(ROOT / "docs" / name)],
                   check=True)
    print(f"saved docs/{name}")
    window.data_view.shutdown()
    window._shutdown()


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--shoot":
        shoot(sys.argv[2])
    else:
        for lang in ("en", "ja"):  # one process per language: the translator is installed at start
            subprocess.run([sys.executable, __file__, "--shoot", lang], check=True, cwd=ROOT)
