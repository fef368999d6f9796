"""Photograph single views of the real window offscreen (no X display): Results with the safety head's
warning, Settings with why Run is off, the Playground's audit table with a held answer, and the progress
line of a running demo, in English and Japanese.

    python docs/screenshots_views.py RUN_FOLDER [--out docs]

RUN_FOLDER is a finished demo run (`so8t demo`); the Playground sends it one real prompt, and a second
demo run is started from the window for the progress line. Each view is grabbed with QWidget.grab().
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
SIZE = (1400, 900)
#: The part of the window each view shows (x, y, width, height): the changed parts, small files.
CROPS = {
    "screenshot-results-warning": (352, 60, 1050, 420),
    "screenshot-playground-held": (352, 60, 1050, 840),
    "screenshot-settings-not-ready": (0, 0, 1400, 310),
    "screenshot-progress": (0, 0, 1400, 40),
}
#: A prompt the demo's gate holds for review (ESCALATION) at its fitted temperature.
HELD_PROMPT = "Is the report ready?"


def wait_until(app, condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        app.processEvents()
        if condition():
            return True
        time.sleep(0.02)
    return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run", help="a finished demo run folder")
    parser.add_argument("--out", default=str(ROOT / "docs"))
    args = parser.parse_args()
    from PySide6.QtCore import QCoreApplication, QRect, QSettings, QTranslator
    from PySide6.QtWidgets import QApplication

    from gui.i18n import install_translator
    from gui.main_window import MainWindow

    app = QApplication([])
    run = Path(args.run).resolve()
    out = Path(args.out)

    def grab(widget, name: str) -> None:
        app.processEvents()
        x, y, w, h = CROPS[name.removesuffix(".png").removesuffix("-ja")]
        widget.grab(QRect(x, y, w, h)).save(str(out / name))
        print(f"saved {out / name}")

    for language in ("en", "ja"):
        settings_dir = tempfile.mkdtemp(prefix="so8t-view-settings-")  # a first start: nothing remembered
        for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
            QSettings.setPath(fmt, QSettings.Scope.UserScope, settings_dir)
        for translator in app.findChildren(QTranslator):
            QCoreApplication.removeTranslator(translator)
        install_translator(app, language)
        suffix = "" if language == "en" else "-ja"

        window = MainWindow(run.parent.parent, telemetry=False)
        window.resize(*SIZE)
        window.show()
        window.show_run(str(run))
        window.tabs.setCurrentWidget(window.results)
        wait_until(app, lambda w=window: w.results.triality_warning.isVisible(), 20)
        grab(window, f"screenshot-results-warning{suffix}.png")

        tab = window.playground
        window.tabs.setCurrentWidget(tab)
        tab.chat_input.setText(HELD_PROMPT)
        tab.send()
        wait_until(app, lambda t=tab: t.probabilities_label.text() != "", 120)
        wait_until(app, lambda: False, 1)
        grab(window, f"screenshot-playground-held{suffix}.png")
        window._shutdown()
        window.close()

        window = MainWindow(Path(tempfile.mkdtemp(prefix="so8t-view-ws-")) / "new-workspace", telemetry=False)
        window.resize(*SIZE)
        window.show()
        window.tabs.setCurrentIndex(0)
        wait_until(app, lambda: False, 1)
        grab(window, f"screenshot-settings-not-ready{suffix}.png")
        window.settings.demo_button.setChecked(True)
        window.settings.validate()
        window.start_run()
        seen = wait_until(app, lambda w=window: "/s" in w.progress_panel.label.text()
                          and "train" in (w.shown.current_stage or ""), 300)
        if seen:
            grab(window, f"screenshot-progress{suffix}.png")
        window.stop_run()
        wait_until(app, lambda w=window: not w.process.is_running(), 60)
        window._shutdown()
        window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
