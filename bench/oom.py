"""An out-of-memory run through the real CLI, then its resume with the settings the error names.

    python bench/oom.py MODEL_DIR OUT.json --cap 3 --max-length 16384

The first run is forced past the estimate (`--force`, offloading off) under a small CUDA cap; it
must end in one line naming settings that fit, exit non-zero, and leave a valid checkpoint. The
second run resumes it with the suggested flags and must finish.
"""

from __future__ import annotations

import argparse
import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def so8t(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "so8t", *args], capture_output=True, text=True, cwd=REPO)


def main() -> int:
    sys.path.insert(0, str(REPO / "bench"))
    from vram import write_data

    parser = argparse.ArgumentParser()
    parser.add_argument("model")
    parser.add_argument("out", type=Path)
    parser.add_argument("--cap", default="3")
    parser.add_argument("--max-length", default="16384")
    parser.add_argument("--work", type=Path, default=Path("/tmp/so8t-oom"))
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    data = args.work / "data.jsonl"
    write_data(data, int(args.max_length), samples=4)
    run = args.work / "run"
    common = ["--cuda-memory-limit-gb", args.cap, "--ckpt-every-steps", "1", "--kl-every-steps", "0"]
    first = so8t("train", "--model", args.model, "--data", str(data), "--out", str(run), "--max-steps", "4",
                 "--max-length", args.max_length, "--offload-activations", "off", "--fast-kernels", "off",
                 "--force", *common)
    report = {"first": {"exit": first.returncode, "stderr_lines": first.stderr.strip().splitlines()[-3:],
                        "stderr_line_count": len(first.stderr.strip().splitlines())}}
    listing = so8t("checkpoints", str(run), "--json")
    report["checkpoints"] = json.loads(listing.stdout.strip().splitlines()[-1]) if listing.returncode == 0 else listing.stderr
    match = re.search(r"so8t train --resume RUN (.+?)(?:$|\n)", first.stderr)
    if match:
        flags = shlex.split(match.group(1))
        second = so8t("train", "--resume", str(run), *flags, *common, "--json")
        report["second"] = {"flags": flags, "exit": second.returncode,
                            "result": (json.loads(second.stdout.strip().splitlines()[-1])
                                       if second.returncode == 0 else second.stderr[-1500:])}
    args.out.write_text(json.dumps(report, indent=1) + "\n")
    print(json.dumps(report)[:3000])
    return 0


if __name__ == "__main__":
    sys.exit(main())
