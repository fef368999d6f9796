"""Make the README images: the window during a demo run (docs/window.png) and report page 1 (docs/report-page1.png).

Run under a display, e.g. `xvfb-run -a -s "-screen 0 1600x1000x24" python docs/screenshots.py`.
The demo is shrunk (pretraining in a few steps, a short training run) so this takes minutes on CPU.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

#: The demo's pretraining, shrunk; training long enough to show a loss curve and checkpoints.
PRETRAIN = {"steps": 20, "hidden_size": 64, "layers": 2, "batch_size": 4, "seq_len": 32}
TRAIN_STEPS = 60
CKPT_EVERY = 10
#: The window is captured once training has reached this step.
SHOT_AT_STEP = 45
WIDTH = 1400


def main() -> int:
    from PySide6.QtCore import QEventLoop, Qt, QTimer
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtWidgets import QApplication

    import so8t.demo

    original = so8t.demo.demo_tables
    so8t.demo.demo_tables = lambda: {**original(), "pretrain": {**original().get("pretrain", {}), **PRETRAIN}}

    app = QApplication.instance() or QApplication(sys.argv[:1])  # noqa: F841 - widgets need an application
    from gui.main_window import MainWindow

    workspace = Path(tempfile.mkdtemp(prefix="so8t-shots-"))
    window = MainWindow(workspace)
    window.resize(WIDTH, 900)
    window.show()
    window.settings.demo_button.setChecked(True)
    window.settings.hyper["max_steps"].setValue(TRAIN_STEPS)
    window.settings.hyper["ckpt_every_steps"].setValue(CKPT_EVERY)

    loop = QEventLoop()
    shot = {"done": False}

    def on_progress(stage: str, done: int, total: int, unit: str) -> None:
        if stage == "train" and done >= SHOT_AT_STEP and not shot["done"]:
            shot["done"] = True
            # Let the plots take their next redraw before the capture.
            QTimer.singleShot(400, lambda: window.grab().scaledToWidth(
                WIDTH, Qt.TransformationMode.SmoothTransformation).save(str(ROOT / "docs" / "window.png")))

    window.process.progress.connect(on_progress)
    window.process.finished.connect(lambda state, code: loop.quit())
    window.start_run()
    started = time.monotonic()
    loop.exec()
    print(f"run {window.process.state} in {time.monotonic() - started:.0f} s; window.png {'saved' if shot['done'] else 'MISSING'}")

    pdf = Path(window.active_run_dir) / "report.pdf"
    doc = QPdfDocument()
    doc.load(str(pdf))
    size = doc.pagePointSize(0).toSize() * 1.5
    image = doc.render(0, size)
    image.save(str(ROOT / "docs" / "report-page1.png"))
    print(f"report {pdf}: {doc.pageCount()} pages; page 1 saved")
    window._shutdown()
    return 0 if shot["done"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
