"""Window start-up: seconds from interpreter start to the main window's first paint (offscreen Qt).

Prints the median and the slowest of N starts (wall time, and the CPU time of the process, which
is what an idle machine would take), and which heavy modules (torch, transformers …) were
loaded by then — none should be. Run: python bench/window_start.py [--starts 5]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHILD = ROOT / "tests" / "gui" / "first_paint.py"


def one_start(workspace: str) -> dict:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-X", "importtime", str(CHILD), workspace], capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=120)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(proc.stderr[-2000:])
    seen = json.loads(proc.stdout.strip().splitlines()[-1])
    modules = sum(1 for line in proc.stderr.splitlines() if line.startswith("import time:"))
    return {**seen, "process_seconds": round(wall, 3), "modules": modules}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--starts", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as ws:
        one_start(ws)  # the first start warms the file cache (.pyc files, Qt plugins)
        runs = [one_start(ws) for _ in range(args.starts)]
    paint = [r["seconds"] for r in runs]
    cpu = [r["cpu_seconds"] for r in runs]
    print(json.dumps({"first_paint_s_median": statistics.median(paint), "first_paint_s_max": max(paint),
                      "first_paint_cpu_s_median": statistics.median(cpu),
                      "process_s_median": statistics.median(r["process_seconds"] for r in runs),
                      "modules_imported": runs[-1]["modules"], "heavy_loaded": runs[-1]["heavy"],
                      "load_average": os.getloadavg()[0] if hasattr(os, "getloadavg") else None}))


if __name__ == "__main__":
    main()
