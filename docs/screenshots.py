"""Make the README's screenshots from the real window under X: Settings, Dashboard during a run, Checkpoints,
Results and Log (English), and Results in Japanese; then every page of the demo run's PDF as PNG.

Run under a 1600×1000 X display with xdotool and ImageMagick's `import`:

    Xvfb :99 -screen 0 1600x1000x24 &
    DISPLAY=:99 python docs/screenshots.py [--workspace DIR]

The panel is started as a user starts it (`python main.py`), clicked through with xdotool (its own
keyboard shortcuts: Ctrl+1 … Ctrl+5 for the tabs, Ctrl+R to run) and photographed with
`import -window root`. A demo run is started from the window for the Dashboard shot; its finished
run gives the Checkpoints, Results and Log shots. Settings are kept apart from the user's own.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SCREEN = (1600, 1000)
#: Where the first row of the run list sits in the window (the newest run).
FIRST_RUN_ROW = (140, 72)
#: The "Use the demo model" button on the Settings page.
DEMO_BUTTON = (1024, 140)
#: The Dashboard is photographed once training has reported this many steps (the demo trains 60).
TRAINING_SHOT_AT_STEP = 35


def sh(*args: str, check: bool = True) -> str:
    return subprocess.run(list(args), capture_output=True, text=True, check=check).stdout.strip()


def shot(name: str) -> Path:
    path = DOCS / name
    sh("import", "-window", "root", str(path))
    print(f"saved {path.relative_to(ROOT)}")
    return path


class Panel:
    """The control panel in its own process, found and driven through xdotool."""

    def __init__(self, workspace: Path, language: str, config_home: Path) -> None:
        env = {**os.environ, "XDG_CONFIG_HOME": str(config_home), "PYTHONPATH": str(ROOT)}
        env.pop("QT_QPA_PLATFORM", None)
        self.proc = subprocess.Popen([sys.executable, "main.py", "--workspace", str(workspace),
                                      "--language", language], cwd=ROOT, env=env,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.window = ""
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not self.window:
            ids = sh("xdotool", "search", "--onlyvisible", "--name", "SO8T", check=False).split()
            self.window = ids[0] if ids else ""
            time.sleep(1)
        if not self.window:
            raise SystemExit("the panel's window did not appear")
        sh("xdotool", "windowmove", self.window, "0", "0")
        sh("xdotool", "windowsize", self.window, str(SCREEN[0]), str(SCREEN[1]))
        time.sleep(3)

    def key(self, keys: str, wait: float = 2.0) -> None:
        sh("xdotool", "windowactivate", "--sync", self.window, check=False)
        sh("xdotool", "key", "--clearmodifiers", keys)
        time.sleep(wait)

    def click(self, xy: tuple[int, int], wait: float = 2.0) -> None:
        sh("xdotool", "mousemove", str(xy[0]), str(xy[1]), "click", "1")
        time.sleep(wait)

    def close(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def run_folders(workspace: Path) -> set[Path]:
    return {p.parent for p in (workspace / "runs").glob("*/run.json")}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workspace", help="workspace to use (default: a new temporary one)")
    args = parser.parse_args()
    if not os.environ.get("DISPLAY") or not shutil.which("xdotool") or not shutil.which("import"):
        raise SystemExit("needs an X display (DISPLAY), xdotool and ImageMagick's import")
    sys.path.insert(0, str(ROOT))
    from so8t.store.runs import Run

    workspace = Path(args.workspace) if args.workspace else Path(tempfile.mkdtemp(prefix="so8t-shots-"))
    config_home = Path(tempfile.mkdtemp(prefix="so8t-shots-settings-"))

    panel = Panel(workspace, "en", config_home)
    try:
        panel.key("ctrl+1")
        # A demo run from the window: the demo model (the Settings shot shows it chosen), Run, and the
        # Dashboard while it trains.
        panel.click(DEMO_BUTTON)
        shot("screenshot-settings.png")
        before = run_folders(workspace)
        panel.key("ctrl+r", wait=5)
        run_dir = None
        deadline = time.monotonic() + 900
        while time.monotonic() < deadline:
            new = run_folders(workspace) - before
            run_dir = run_dir or (new.pop() if new else None)
            events = run_dir / "events.jsonl" if run_dir else None
            text = events.read_text(encoding="utf-8") if events and events.is_file() else ""
            if text.count('"stage":"train","kind":"progress"') >= TRAINING_SHOT_AT_STEP:
                break
            time.sleep(0.5)
        panel.key("ctrl+2", wait=3)
        shot("screenshot-dashboard.png")
        while time.monotonic() < deadline and run_dir is not None:
            if Run.open(run_dir).status() in ("finished", "failed"):
                break
            time.sleep(2)
        time.sleep(8)  # the window takes in the end of the run
        panel.click(FIRST_RUN_ROW, wait=4)
        for keys, name in (("ctrl+3", "screenshot-checkpoints.png"), ("ctrl+4", "screenshot-results.png"),
                           ("ctrl+5", "screenshot-log.png")):
            panel.key(keys, wait=3)
            shot(name)
    finally:
        panel.close()

    panel = Panel(workspace, "ja", config_home)
    try:
        panel.click(FIRST_RUN_ROW, wait=4)
        panel.key("ctrl+4", wait=3)
        shot("screenshot-results-ja.png")
    finally:
        panel.close()

    if run_dir is not None and (run_dir / "report.pdf").is_file():
        out = Path(tempfile.mkdtemp(prefix="so8t-report-pages-"))
        sh("pdftoppm", "-r", "70", "-png", str(run_dir / "report.pdf"), str(out / "page"))
        print(f"report pages: {out} ({len(list(out.glob('*.png')))} pages) — look at every one")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
