"""Photograph the Dashboard of a run with an align stage offscreen, in English and Japanese: the align curves
(loss, reward with each function, KL, tie share, completion length, clip share) and the latest GRPO group.

    python docs/align_screenshots.py RUN_FOLDER [--out docs]

RUN_FOLDER is a finished demo run (`so8t demo`: 4 GRPO steps after training). Grabbed with QWidget.grab().
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SIZE = (1400, 1300)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run", help="a finished demo run folder")
    parser.add_argument("--out", default=str(ROOT / "docs"))
    args = parser.parse_args()
    from PySide6.QtCore import QCoreApplication, QSettings, QTranslator
    from PySide6.QtWidgets import QApplication

    from gui.i18n import install_translator
    from gui.main_window import MainWindow

    app = QApplication([])
    run = Path(args.run).resolve()
    for language in ("en", "ja"):
        settings_dir = tempfile.mkdtemp(prefix="so8t-view-settings-")
        for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
            QSettings.setPath(fmt, QSettings.Scope.UserScope, settings_dir)
        for translator in app.findChildren(QTranslator):
            QCoreApplication.removeTranslator(translator)
        install_translator(app, language)
        window = MainWindow(run.parent.parent, telemetry=False)
        window.resize(*SIZE)
        window.show()
        window.run_list.select(str(run))  # as a click in the run list: the curves load from events.jsonl
        window.tabs.setCurrentWidget(window.dashboard_page)
        deadline = time.monotonic() + 60  # the run's history is read in the background
        while time.monotonic() < deadline and not window.dashboard.model.series["align_loss"].n:
            app.processEvents()
            time.sleep(0.05)
        for _ in range(40):
            app.processEvents()
            window.dashboard.redraw_all()
            time.sleep(0.05)
        name = f"screenshot-align-dashboard{'' if language == 'en' else '-ja'}.png"
        window.dashboard.grab().save(str(Path(args.out) / name))
        print(f"saved {Path(args.out) / name}")
        window._shutdown()
        window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
