"""Make the README's Playground image (docs/playground.png): the demo run's Q8_0 GGUF beside its base model.

Run under a display, e.g. `xvfb-run -a -s "-screen 0 1600x1000x24" python docs/playground_screenshot.py [WORKSPACE]`.
Without a workspace holding a demo run, the demo runs first (about a minute on CPU).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WIDTH = 1400
PROMPTS = ("The baked model", "What does the calibration do?")


def main() -> int:
    from PySide6.QtCore import QEventLoop, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from so8t.store.runs import list_runs

    workspace = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="so8t-shots-"))
    runs = [r for r in list_runs(workspace) if (Path(r.path) / "gguf").is_dir()]
    if not runs:
        from so8t.commands.demo import run_demo

        run_demo(workspace)
        runs = [r for r in list_runs(workspace) if (Path(r.path) / "gguf").is_dir()]
    app = QApplication.instance() or QApplication(sys.argv[:1])  # noqa: F841 - widgets need an application
    from gui.main_window import MainWindow

    window = MainWindow(workspace)
    window.resize(WIDTH, 900)
    window.show()
    window.show_run(runs[-1].path)
    tab = window.playground
    window.tabs.setCurrentWidget(tab)
    tab.side_by_side.setChecked(True)
    tab.max_tokens.setValue(48)
    loop = QEventLoop()
    pending = list(PROMPTS)
    answered = {"n": 0}

    def ask() -> None:
        tab.chat_input.setText(pending.pop(0))
        tab.send()

    def on_turn(pane: str, result: object) -> None:
        if pane != "compareView":
            return
        answered["n"] += 1
        if pending:
            QTimer.singleShot(200, ask)
        else:
            QTimer.singleShot(600, loop.quit)

    tab.turn_finished.connect(on_turn)
    QTimer.singleShot(300, ask)
    QTimer.singleShot(240_000, loop.quit)
    loop.exec()
    window.grab().scaledToWidth(WIDTH, Qt.TransformationMode.SmoothTransformation).save(
        str(ROOT / "docs" / "playground.png"))
    print(f"answered {answered['n']} prompts; wrote docs/playground.png")
    window._shutdown()
    return 0 if answered["n"] == len(PROMPTS) else 1


if __name__ == "__main__":
    raise SystemExit(main())
