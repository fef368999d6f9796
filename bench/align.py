"""The align stage on the GPU: `so8t align` GRPO and DPO against Unsloth's, back to back in one sitting.

Run on the GPU machine (see bench/sittings/align.sh, run by bench/device_sitting.sh; the anchors are
copies of ../shared/anchors/ carried in an ignored folder, with the Unsloth site they need):

    python bench/align.py sitting --anchors DIR --out RESULTS.jsonl [--shapes llama-3.1-8b,phi-3.5-mini]
    python bench/align.py table RESULTS.jsonl… [--device TEXT] > bench/results/align_gpu.json  # no GPU
    python bench/align.py sitting --tiny --device cpu --out /tmp/a.jsonl                       # dry run

A sitting builds the random-weight model of each shape (bench/vram.py build) and writes a chat set
(`realdata.py MODEL OUT 320 0`), then measures, each in its own process under a 12 GiB cap, QLoRA r16 on
every linear layer:
  - GRPO, 1 prompt × 4 completions × 256 tokens per step, β 0: ours (`so8t align --method grpo`, the
    built-in `format` reward plus the anchor's length term from a file) and `grpo_anchor.py` (UNSLOTH=1);
  - DPO, max 1024 tokens, batch 1 × 8, the anchor's pairs (chosen = a sample's answer, rejected = the
    next sample's): ours (`so8t align --method dpo`) and `dpo_anchor.py` (UNSLOTH=1).
The anchors run on the first shape only. Measured as the anchors do: seconds per step and pairs/s are the
mean over the steps after the first (from the progress events' times); ours' own median is kept beside
it, and DPO's one-time reference pass is timed apart. Peak memory is the peak allocated.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

CAP_GB = 12
SAMPLES = 320
#: As the anchors: GRPO's prompts are the first 256 samples' questions, DPO's pairs the first 96 samples.
GRPO_PROMPTS, DPO_PAIRS = 256, 96
GENERATIONS, COMPLETION = 4, 256
GRPO_STEPS = 6
DPO_BATCH, DPO_ACCUM, DPO_MAX_LENGTH = 1, 8, 1024
DPO_STEPS = DPO_PAIRS // (DPO_BATCH * DPO_ACCUM)
#: The anchor's length term (min(len, 400) / 400 of the completion's characters), so groups seldom tie.
LENGTH_REWARD = ("def length(prompts, completions, finals, **fields):\n"
                 "    return [min(len(c), 400) / 400 for c in completions]\n")
MIB, GIB = 2**20, 2**30


def run(args: list[str], env: dict[str, str] | None = None, timeout: float = 900) -> subprocess.CompletedProcess:
    print("$ " + " ".join(args), file=sys.stderr, flush=True)
    t0 = time.time()
    try:
        done = subprocess.run(args, env={**os.environ, **(env or {})}, capture_output=True, text=True,
                              timeout=timeout, cwd=REPO)
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout.decode() if isinstance(exc.stdout, bytes) else (exc.stdout or "")
        err = exc.stderr.decode() if isinstance(exc.stderr, bytes) else (exc.stderr or "")
        sys.stderr.write(err[-6000:])
        return subprocess.CompletedProcess(args, 124, out, err + f"\ntimed out after {timeout} s")
    sys.stderr.write(done.stderr[-6000:])
    print(f"  ({time.time() - t0:.0f} s, rc {done.returncode})", file=sys.stderr, flush=True)
    return done


def anchor_result(done: subprocess.CompletedProcess) -> dict[str, Any]:
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    return json.loads(lines[-1][len("RESULT "):]) if lines else {"error": (done.stderr or "")[-400:]}


def write_inputs(real: Path, root: Path) -> tuple[Path, Path, Path]:
    """(GRPO prompts, DPO pairs, length reward file) from the chat set, as the anchors build theirs."""
    rows = [json.loads(line) for line in real.read_text(encoding="utf-8").splitlines() if line.strip()]
    prompts, pairs, reward = root / "prompts.jsonl", root / "pairs.jsonl", root / "length_reward.py"
    prompts.write_text("".join(json.dumps({"prompt": [r["messages"][0]]}, ensure_ascii=False) + "\n"
                               for r in rows[:GRPO_PROMPTS]), encoding="utf-8")
    head = rows[:DPO_PAIRS]
    pairs.write_text("".join(json.dumps({"prompt": [r["messages"][0]], "chosen": [r["messages"][1]],
                                         "rejected": [head[(i + 1) % len(head)]["messages"][1]]},
                                        ensure_ascii=False) + "\n" for i, r in enumerate(head)), encoding="utf-8")
    reward.write_text(LENGTH_REWARD, encoding="utf-8")
    return prompts, pairs, reward


def after_first(times: list[float]) -> float | None:
    """Mean seconds per step after the first, from the steps' end times (as the anchors' clocks)."""
    return (times[-1] - times[0]) / (len(times) - 1) if len(times) > 1 else None


def ours(method: str, model: Path, data: Path, run_dir: Path, device: str, extra: list[str],
         timeout: float) -> dict[str, Any]:
    """`so8t align` from the base model, measured from its events and record."""
    from so8t.store.event_log import read_events

    args = [sys.executable, "-m", "so8t", "align", "--method", method, "--model", str(model), "--out", str(run_dir),
            "--data", str(data), "--device", device, "--ckpt-every-seconds", "0", "--ckpt-every-steps", "1000",
            "--json", *extra]
    if device != "cpu":
        args += ["--cuda-memory-limit-gb", str(CAP_GB)]
    t0 = time.time()
    done = run(args, timeout=timeout)
    events = list(read_events(run_dir / "events.jsonl")) if (run_dir / "events.jsonl").is_file() else []
    ends = [e["t"] for e in events if e["kind"] == "progress" and e.get("stage") == "align"]

    def series(name: str) -> list[float]:
        picked = (e for e in events if e["kind"] == "metric" and e["name"] == name)
        return [round(e["value"], 4) for e in sorted(picked, key=lambda e: e["step"])]

    record: dict[str, Any] = {}
    try:
        record = json.loads(done.stdout[done.stdout.index("{"):])
    except ValueError:
        pass
    sec = after_first(ends)
    row: dict[str, Any] = {"tool": "so8t", "method": method, "steps": len(ends), "s_per_step_after_first": sec,
                           "s_per_step_median": record.get("s_per_step"),
                           "peak_gib": (record.get("peak_gpu_allocated_mib") or 0) / 1024 or None,
                           "peak_reserved_gib": (record.get("peak_gpu_reserved_mib") or 0) / 1024 or None,
                           "process_s": round(time.time() - t0, 1), "returncode": done.returncode,
                           "runtime": record.get("runtime")}
    if method == "dpo":
        row.update(pairs_per_s=DPO_BATCH * DPO_ACCUM / sec if sec else None,
                   pairs_per_s_median=record.get("pairs_per_s"), reference_s=record.get("reference_s"),
                   accuracy=record.get("accuracy"), margin=record.get("margin"), loss=series("loss"))
    else:
        from so8t.store.metric_names import Metrics

        row.update(tie_share=series(Metrics.TIE_SHARE), reward=series(Metrics.REWARD),
                   rewards={n: series(f"reward/{n}") for n in ("format", "length")},
                   completion_length=series(Metrics.COMPLETION_LENGTH), loss=series("loss"))
    if done.returncode:
        row["error"] = done.stderr.strip().splitlines()[-3:] if done.stderr.strip() else []
    logs = [e["msg"] for e in events if e["kind"] == "log"]
    row["log"] = [m for m in logs if m.startswith(("gradient", "peak", "reference", "memory", "fit", "rollouts", "fused",
                                                     "compiled"))][:10]
    return row


def anchor_row(method: str, result: dict[str, Any]) -> dict[str, Any]:
    """An anchor's RESULT in the rows' fields (its own names kept beside them)."""
    row = {"tool": "unsloth", "method": method, "steps": result.get("steps"),
           "s_per_step_after_first": result.get("s_per_step_after_first"), "peak_gib": result.get("peak_alloc_gb"),
           "peak_reserved_gib": result.get("peak_reserved_gb"), "anchor": result}
    if method == "dpo":
        row["pairs_per_s"] = result.get("pairs_per_s")
    return row


def sitting(anchors: Path | None, out: Path, shapes: list[str], root: Path, device: str, tiny: bool,
            phases: set[str], tools: frozenset[str] = frozenset({"so8t", "unsloth"})) -> None:
    """`tools`: whose runs to make (a short sitting runs ours first and the anchors after)."""
    def emit(row: dict[str, Any], shape: str) -> None:
        row = {"shape": shape, "cap_gib": CAP_GB if device != "cpu" else None, **row}
        with open(out, "a", encoding="utf-8") as f:
            f.write(json.dumps(row) + "\n")
        print(json.dumps(row)[:1500], flush=True)

    root.mkdir(parents=True, exist_ok=True)
    for i, shape in enumerate(shapes):
        t0 = time.time()
        if tiny:
            from so8t.model.tiny import build_tiny_model

            model = build_tiny_model("llama", root / shape, seed=0)
        else:
            model = root / shape
            if not (model / "config.json").is_file():  # built already (bench/decode_check.py's sitting)
                built = run([sys.executable, "bench/vram.py", "build", str(root), "--shapes", shape], timeout=600)
                print(built.stdout.strip(), flush=True)
        real = root / f"real-{shape}.jsonl"
        made = real.is_file() or run([sys.executable, str((anchors or REPO / ".whl" / "anchors") / "realdata.py"), str(model),
                    str(real), str(SAMPLES), "0"], timeout=600)
        print(getattr(made, "stdout", "").strip(), flush=True)
        prompts, pairs, reward = write_inputs(real, root / shape)
        print(f"{shape}: model and data ready in {time.time() - t0:.0f} s", flush=True)
        completion = 8 if tiny else COMPLETION
        env = {"CAP_GB": str(CAP_GB), "HF_HUB_OFFLINE": "1", "UNSLOTH": "1"}
        with_anchors = anchors is not None and i == 0
        if "grpo" in phases and "so8t" in tools:
            emit(ours("grpo", model, prompts, root / "runs" / f"grpo-{shape}", device,
                      ["--max-steps", str(GRPO_STEPS), "--prompts-per-step", "1", "--generations", str(GENERATIONS),
                       "--max-completion-tokens", str(completion), "--beta", "0", "--reward", "format",
                       "--reward", f"{reward}:length"], timeout=900), shape)
        if "grpo" in phases and with_anchors and "unsloth" in tools:
            emit(anchor_row("grpo", anchor_result(run(
                [sys.executable, str(anchors / "grpo_anchor.py"), str(model), str(real)],
                env={**env, "STEPS": str(GRPO_STEPS), "GENS": str(GENERATIONS), "COMPLETION": str(completion),
                     "BETA": "0"}, timeout=900))), shape)
        if "dpo" in phases and "so8t" in tools:
            emit(ours("dpo", model, pairs, root / "runs" / f"dpo-{shape}", device,
                      ["--max-steps", str(DPO_STEPS), "--batch-size", str(DPO_BATCH), "--grad-accum", str(DPO_ACCUM),
                       "--max-length", str(DPO_MAX_LENGTH if not tiny else 64)], timeout=900), shape)
        if "dpo" in phases and with_anchors and "unsloth" in tools:
            emit(anchor_row("dpo", anchor_result(run(
                [sys.executable, str(anchors / "dpo_anchor.py"), str(model), str(real)],
                env={**env, "MAXLEN": str(DPO_MAX_LENGTH), "PAIRS": str(DPO_PAIRS)}, timeout=900))), shape)


def table(files: list[Path], device: str = "") -> dict[str, Any]:
    """The rows of the sittings and, per shape and method, the ratios ours / Unsloth against the targets."""
    rows = [json.loads(line) for f in files for line in f.read_text().splitlines() if line.strip()]
    keys = ("tool", "method", "shape", "steps", "s_per_step_after_first", "s_per_step_median", "pairs_per_s",
            "pairs_per_s_median", "reference_s", "peak_gib", "tie_share", "reward", "rewards", "completion_length",
            "accuracy", "margin", "error")
    out: dict[str, Any] = {"device": device, "rows": [{k: r[k] for k in keys if k in r} for r in rows],
                           "ratios": {}, "raw": rows}
    by = {(r["shape"], r["tool"], r["method"]): r for r in rows}
    for shape in dict.fromkeys(r["shape"] for r in rows):
        a, b = by.get((shape, "so8t", "grpo")), by.get((shape, "unsloth", "grpo"))
        if a and b and a.get("s_per_step_after_first") and b.get("s_per_step_after_first"):
            sec = a["s_per_step_after_first"] / b["s_per_step_after_first"]
            mem = a["peak_gib"] / b["peak_gib"] if a.get("peak_gib") and b.get("peak_gib") else None
            out["ratios"][f"{shape} grpo"] = {
                "s_per_step": round(sec, 3), "s_per_step_target": "<= 1.5", "s_per_step_holds": sec <= 1.5,
                "peak": None if mem is None else round(mem, 3), "peak_target": "<= 1.1",
                "peak_holds": None if mem is None else mem <= 1.1}
        a, b = by.get((shape, "so8t", "dpo")), by.get((shape, "unsloth", "dpo"))
        if a and b and a.get("pairs_per_s") and b.get("pairs_per_s"):
            rate = a["pairs_per_s"] / b["pairs_per_s"]
            mem = a["peak_gib"] / b["peak_gib"] if a.get("peak_gib") and b.get("peak_gib") else None
            out["ratios"][f"{shape} dpo"] = {
                "pairs_per_s": round(rate, 3), "pairs_per_s_target": ">= 0.9", "pairs_per_s_holds": rate >= 0.9,
                "peak": None if mem is None else round(mem, 3), "peak_target": "<= 1.1",
                "peak_holds": None if mem is None else mem <= 1.1, "reference_s": a.get("reference_s")}
    return out


def markdown(summary: dict[str, Any]) -> str:
    """A short table of the rows and the ratios against the targets."""
    def f(v: Any, digits: int = 2) -> str:
        return "—" if v is None else f"{v:.{digits}f}" if isinstance(v, float) else str(v)

    lines = [f"# The align stage on the GPU ({summary['device']})", "",
             "| shape | method | tool | s/step after first (median) | pairs/s after first (median) | reference s "
             "| peak allocated GiB | tie share per step | reward per step |", "|---|---|---|---|---|---|---|---|---|"]
    for r in summary["rows"]:
        lines.append(f"| {r['shape']} | {r['method']} | {r['tool']} | {f(r.get('s_per_step_after_first'))} "
                     f"({f(r.get('s_per_step_median'))}) | {f(r.get('pairs_per_s'))} ({f(r.get('pairs_per_s_median'))}) "
                     f"| {f(r.get('reference_s'), 1)} | {f(r.get('peak_gib'))} | {r.get('tie_share', '—')} "
                     f"| {r.get('reward', '—')} |")
    lines += ["", "| ratio (ours / Unsloth) | figure | target | holds |", "|---|---|---|---|"]
    for name, ratio in summary["ratios"].items():
        for key in ("s_per_step", "pairs_per_s", "peak"):
            if key in ratio:
                lines.append(f"| {name} {key} | {ratio[key]} | {ratio[key + '_target']} | {ratio[key + '_holds']} |")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("sitting")
    s.add_argument("--anchors", type=Path, default=None, help="the anchors' folder (none: ours alone)")
    s.add_argument("--out", type=Path, required=True)
    s.add_argument("--shapes", default="llama-3.1-8b,phi-3.5-mini")
    s.add_argument("--phases", default="grpo,dpo")
    s.add_argument("--tools", default="so8t,unsloth", help="whose runs: so8t, unsloth or both")
    s.add_argument("--root", type=Path, default=Path("/tmp/align_bench"))
    s.add_argument("--device", default="cuda")
    s.add_argument("--tiny", action="store_true", help="a tiny llama instead of the shapes (a CPU dry run)")
    t = sub.add_parser("table")
    t.add_argument("results", type=Path, nargs="+")
    t.add_argument("--device", default="")
    t.add_argument("--md", type=Path, default=None, help="also write the short table here")
    args = parser.parse_args()
    if args.cmd == "sitting":
        sitting(args.anchors.resolve() if args.anchors else None, args.out.resolve(), args.shapes.split(","),
                args.root, args.device, args.tiny, set(args.phases.split(",")), frozenset(args.tools.split(",")))
    else:
        summary = table(args.results, args.device)
        print(json.dumps(summary, indent=1))
        if args.md:
            args.md.write_text(markdown(summary), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
