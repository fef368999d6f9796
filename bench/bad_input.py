"""Bad-input refusals of issue #19: seconds and peak RSS of each worst input beside its small baseline.

Each command runs as a child process with a hang guard (tests/so8t/bad_input_memory.py); the figures are
what test_bounded_memory.py asserts on (peak within 500 MB of the baseline), printed for the record.

Run: PYTHONPATH=. python bench/bad_input.py [--out bench/results/bad_input.json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from so8t.model.tiny import build_tiny_model  # noqa: E402
from tests.so8t.bad_input_memory import CASES, run_child  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", help="also write the figures as JSON here")
    args = parser.parse_args()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tiny = Path(build_tiny_model("llama", Path(tmp) / "tiny", seed=0))
        for name, build in CASES.items():
            case_dir = Path(tmp) / f"case-{len(rows)}"
            case_dir.mkdir()
            bad_argv, baseline_argv = build(tiny, case_dir)
            baseline, bad = run_child(baseline_argv, env), run_child(bad_argv, env)
            row = {"case": name, "exit": bad.rc, "seconds": bad.seconds, "peak_rss_mb": bad.peak_rss_mb,
                   "baseline_seconds": baseline.seconds, "baseline_peak_rss_mb": baseline.peak_rss_mb,
                   "message": bad.stderr.strip()[:160]}
            rows.append(row)
            print(f"{name:<24} exit {bad.rc!s:<4} {bad.seconds:6.2f} s  peak {bad.peak_rss_mb:7.1f} MB   "
                  f"baseline {baseline.seconds:6.2f} s  {baseline.peak_rss_mb:7.1f} MB")
    if args.out:
        Path(args.out).write_text(json.dumps({"machine": platform.platform(), "python": sys.version.split()[0],
                                              "rows": rows}, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
