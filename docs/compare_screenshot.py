"""Photograph the Compare tab of the real window under X: two runs of the tiny llama that differ only in the
learning rate, in English and in Japanese (docs/screenshot-compare.png, docs/screenshot-compare-ja.png).

    xvfb-run -s "-screen 0 1600x1000x24" python docs/compare_screenshot.py [--steps 30]

The runs are trained first (`so8t run`, CPU, a minute) and evaluated (`so8t evaluate`); the window is shown on the X display, the two
runs are ticked in its Compare tab, and the screen is taken with ImageMagick's `import -window root`.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SIZE = (1600, 1000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=30, help="training steps of each run")
    parser.add_argument("--language", choices=("en", "ja", "both"), default="both")
    args = parser.parse_args()
    os.environ.pop("QT_QPA_PLATFORM", None)  # the real X display, not offscreen
    tmp = Path(tempfile.mkdtemp(prefix="so8t-compare-shot-"))
    from so8t.model.tiny import build_tiny_model
    from tests.compared_runs import make_learning_rate_runs

    model = build_tiny_model("llama", tmp / "model", seed=0)
    runs = make_learning_rate_runs(tmp / "workspace", model, steps=args.steps)
    from so8t.cli import main as so8t_main
    from so8t.train.data import SFT_SAMPLE
    from tests.compared_runs import EVALUATE_FLAGS

    for run in runs:  # each run's A/B table, as `so8t evaluate` writes it, side by side in the tab
        assert so8t_main(["evaluate", str(run), "--data", str(SFT_SAMPLE), *EVALUATE_FLAGS]) == 0
    for language in (("en", "ja") if args.language == "both" else (args.language,)):
        # One process per language: the translator is installed at start, as the panel does.
        subprocess.run([sys.executable, __file__, "--shoot", language, str(tmp / "workspace"), *map(str, runs)],
                       check=True, cwd=ROOT)


def shoot(language: str, workspace: str, runs: list[str]) -> None:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    settings_dir = tempfile.mkdtemp(prefix="so8t-compare-settings-")
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, settings_dir)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, settings_dir)
    app = QApplication([])
    from gui.i18n import install_translator
    from gui.main_window import MainWindow

    install_translator(app, language)
    window = MainWindow(workspace, telemetry=False)
    window.resize(*SIZE)
    window.move(0, 0)
    window.show()
    window.tabs.setCurrentWidget(window.compare)
    done: list[bool] = []
    window.compare.compared.connect(lambda _runs: done.append(True))
    window.compare.select_runs(runs)
    deadline = time.monotonic() + 60
    while not done and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.02)
    for _ in range(50):  # let the plots and tables lay out and paint
        app.processEvents()
        time.sleep(0.02)
    name = "screenshot-compare.png" if language == "en" else f"screenshot-compare-{language}.png"
    subprocess.run(["import", "-window", "root", "-crop", f"{SIZE[0]}x{SIZE[1]}+0+0", str(ROOT / "docs" / name)],
                   check=True)
    print(f"saved docs/{name}")
    window._shutdown()


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--shoot":
        shoot(sys.argv[2], sys.argv[3], sys.argv[4:])
    else:
        main()
