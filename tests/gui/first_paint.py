"""Start the window as main.py does and print, at its first paint, the seconds since start and what was loaded.

Run as a child (`python -X importtime tests/gui/first_paint.py WORKSPACE`): its last stdout line is
JSON {"seconds", "cpu_seconds", "heavy", "window"} (CPU time counts the work whatever else
the machine is doing); `-X importtime` lists on stderr every module imported until then.
"""

from __future__ import annotations

import json
import sys
import time

START = time.perf_counter()

from PySide6.QtCore import QEvent, QObject, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

#: Modules the window must not load before it first paints (each costs seconds on a workstation).
HEAVY = ("torch", "transformers", "peft", "bitsandbytes", "llama_cpp", "scipy")


class FirstPaint(QObject):
    """Notes the first paint of the main window, then quits the event loop."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: dict[str, object] = {}

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint and not self.seen and obj.objectName() == "mainWindow":
            self.seen = {"seconds": round(time.perf_counter() - START, 3),
                         "cpu_seconds": round(time.process_time(), 3), "window": obj.objectName(),
                         "heavy": sorted(m for m in HEAVY if m in sys.modules)}
            QTimer.singleShot(0, QApplication.instance().quit)
        return False


if __name__ == "__main__":
    app = QApplication([sys.argv[0]])
    watcher = FirstPaint()
    app.installEventFilter(watcher)
    from gui.app import main

    main(["--workspace", sys.argv[1], "--language", "en"])
    print(json.dumps(watcher.seen))
