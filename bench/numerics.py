"""Loss curves with and without fp32 upcasting of the non-quantized weights, through the real CLI.

    python bench/numerics.py MODEL_DIR OUT.json [--steps 50]

Trains twice on SFT records cut from the demo corpus (learnable text, not random ids), identical
but for `--upcast-fp32`, and writes both loss curves, the final losses and their relative gap.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def write_corpus_data(path: Path, lines_per_sample: int = 8) -> None:
    from so8t.resources import DEMO_CORPUS

    lines = [s for s in DEMO_CORPUS.read_text(encoding="utf-8").splitlines() if s.strip()]
    with open(path, "w", encoding="utf-8") as f:
        for i in range(0, len(lines) - lines_per_sample + 1, 2):
            record = {"prompt": "Continue the notes.", "response": " ".join(lines[i:i + lines_per_sample])}
            f.write(json.dumps(record, ensure_ascii=False) + "\n")


def losses(run: Path) -> list[float]:
    out = []
    for line in (run / "events.jsonl").read_text(encoding="utf-8").splitlines():
        e = json.loads(line)
        if e.get("kind") == "metric" and e.get("name") == "loss":
            out.append(round(float(e["value"]), 4))
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("model", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--steps", type=int, default=50)
    parser.add_argument("--work", type=Path, default=Path("/tmp/so8t-numerics"))
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    data = args.work / "corpus.jsonl"
    write_corpus_data(data)
    curves = {}
    for name, extra in (("compute_dtype", []), ("upcast_fp32", ["--upcast-fp32"])):
        run = args.work / name
        cmd = [sys.executable, "-m", "so8t", "train", "--model", str(args.model), "--data", str(data), "--out", str(run),
               "--max-steps", str(args.steps), "--max-length", "512", "--kl-every-steps", "0", "--lr", "1e-3",
               "--warmup-steps", "5", "--ckpt-every-steps", str(args.steps), "--fast-kernels", "off", "--json", *extra]
        proc = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO)
        result = json.loads(proc.stdout.strip().splitlines()[-1]) if proc.returncode == 0 else {"error": proc.stderr[-800:]}
        curves[name] = {"losses": losses(run) if (run / "events.jsonl").exists() else [], "result": result}
    a, b = curves["compute_dtype"]["losses"], curves["upcast_fp32"]["losses"]
    summary = {"curves": curves}
    if a and b:
        summary.update(final_compute_dtype=a[-1], final_upcast=b[-1], relative_gap=abs(a[-1] - b[-1]) / b[-1],
                       fall_compute_dtype=1 - a[-1] / a[0], fall_upcast=1 - b[-1] / b[0])
    args.out.write_text(json.dumps(summary, indent=1) + "\n")
    print(json.dumps({k: v for k, v in summary.items() if k != "curves"}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
