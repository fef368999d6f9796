"""Training speed on chat data of realistic lengths: `so8t train` against Unsloth, back to back in one sitting.

Run on the GPU machine (see bench/sittings/train_real.sh, run by bench/device_sitting.sh; the anchors are
copies of ../shared/anchors/ carried in an ignored folder, with the Unsloth site they need):

    python bench/train_real.py sitting --anchors DIR --out RESULTS.jsonl [--shape llama-3.1-8b]
    python bench/train_real.py table RESULTS.jsonl… [--device TEXT] > bench/results/train_real.json  # no GPU
    python bench/train_real.py fixed --anchors DIR --out RESULTS.jsonl --shape phi-3.5-mini [--model DIR]

A sitting builds the random-weight model of the shape (bench/vram.py build), writes the chat set
(`realdata.py MODEL OUT 1280 0`) and a set of samples longer than 2048 tokens, then measures, each
in its own process under a 12 GiB cap and at max length 2048:
  - ours: `so8t train --preset rtx3060-12gb` (packing on, the preset's defaults) for one epoch;
  - `unsloth_sft_packed.py` (Unsloth + TRL SFTTrainer packing, batch 1 × 8) on the same file;
  - `qlora_unsloth.py` at fixed 2048 (batch 1) and ours on the 2048-token samples.
Measured as the anchors do: tokens are the epoch's non-padding tokens; the rate is
tokens / steps × (steps − 1) / (time of the last step's end − time of the first step's end);
the wall time is the training loop alone (model loading excluded); compile time apart.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

CAP_GB = 12
SEQ = 2048
SAMPLES = 1280
#: Optimizer steps of ours at fixed length (8 rows of 2048 tokens each): the first compiles.
FIXED_STEPS = 6
#: Unsloth's fixed-length anchor steps (it takes the median of steps 6 on).
FIXED_ANCHOR_STEPS = 15
GIB = 2**30


def run(args: list[str], env: dict[str, str] | None = None, timeout: float = 900,
        cwd: Path = REPO) -> subprocess.CompletedProcess:
    print("$ " + " ".join(args), file=sys.stderr, flush=True)
    done = subprocess.run(args, env={**os.environ, **(env or {})}, capture_output=True, text=True, timeout=timeout,
                          cwd=cwd)
    sys.stderr.write(done.stderr[-6000:])
    return done


def anchor_result(done: subprocess.CompletedProcess) -> dict[str, Any]:
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    return json.loads(lines[-1][len("RESULT "):]) if lines else {"error": (done.stderr or "")[-400:]}


def epoch_steps(model: Path, data: Path, max_length: int, batch: int, accum: int, seed: int = 0) -> int:
    """Optimizer steps of one packed epoch of `data` (so8t.train.packing's plan, as the run makes it)."""
    from so8t.model.folder import load_tokenizer
    from so8t.train.data import add_thinking_tokens, build_samples, read_sft_file, thinking_tags_used
    from so8t.train.packing import PackingPlan

    tokenizer = load_tokenizer(model)
    conversations = read_sft_file(data)
    add_thinking_tokens(tokenizer, thinking_tags_used(conversations))
    samples = build_samples(tokenizer, conversations, max_length, lambda _m: None)
    plan = PackingPlan([len(s.input_ids) for s in samples], max_length, batch, seed)
    return math.ceil(plan.batches_in_epoch(0) / accum)


def ours(model: Path, data: Path, run_dir: Path, steps: int, timeout: float, max_length: int = SEQ,
         extra: tuple[str, ...] = (), tree: Path = REPO) -> dict[str, Any]:
    """`so8t train` with the 12 GB preset at `max_length` (2048) and `extra` flags, measured from its events and
    record. `tree`: the folder whose so8t/ and resources/ run (another commit's, for `ab`)."""
    from so8t.store.event_log import read_events

    done = run([sys.executable, "-m", "so8t", "train", "--model", str(model), "--data", str(data), "--out",
                str(run_dir), "--preset", "rtx3060-12gb", "--max-length", str(max_length), "--max-steps", str(steps),
                "--cuda-memory-limit-gb", str(CAP_GB), "--json", *extra], timeout=timeout, cwd=tree)
    events = read_events(run_dir / "events.jsonl") if (run_dir / "events.jsonl").is_file() else []
    ends = [e["t"] for e in events if e["kind"] == "progress" and e.get("stage") == "train"]
    started = [e["t"] for e in events if e["kind"] == "stage" and e.get("state") == "started"]
    seconds = {e["step"]: e["value"] for e in events if e["kind"] == "metric" and e["name"] == "step_seconds"}
    rates = {e["step"]: e["value"] for e in events if e["kind"] == "metric" and e["name"] == "tokens_per_s"}
    losses = {e["step"]: e["value"] for e in events if e["kind"] == "metric" and e["name"] == "loss"}
    tokens = sum(rates[s] * seconds[s] for s in rates if s in seconds)
    record = {}
    if (run_dir / "train_result.json").is_file():
        record = json.loads((run_dir / "train_result.json").read_text())
    n = len(ends)
    row = {"tool": "so8t", "steps": n, "tokens": round(tokens),
           "tokens_per_s_after_first": tokens / n * (n - 1) / (ends[-1] - ends[0]) if n > 1 else None,
           "wall_s": ends[-1] - started[0] if ends and started else None,
           "compile_s": record.get("compile_s"), "recompiles": record.get("recompiles"),
           "peak_gib": (record.get("peak_gpu_allocated_mib") or 0) / 1024 or None,
           "estimate_gib": (record.get("memory_estimate") or {}).get("peak_gib"),
           "tokens_per_s_median": record.get("tokens_per_s"), "tokens_per_s_mean": record.get("tokens_per_s_mean"),
           "runtime": record.get("runtime"), "returncode": done.returncode,
           "losses": [round(losses[s], 5) for s in sorted(losses)]}  # ab: the same steps' losses, old and new tree
    if done.returncode:
        row["error"] = done.stderr.strip().splitlines()[-1:] if done.stderr.strip() else []
    logs = [e["msg"] for e in events if e["kind"] == "log"]
    row["log"] = [m for m in logs if m.startswith(("packing", "compiled", "fused", "gradient", "peak"))]
    return row


def built_model(root: Path, shape: str, model: Path | None = None) -> Path:
    """The shape's random-weight model: `model` when given, else ROOT/SHAPE, built unless it is there already
    (bench/sittings/train_real.sh builds it once for every part of its sitting)."""
    if model is not None:
        return model
    model = root / shape
    if not (model / "config.json").is_file():
        run([sys.executable, "bench/vram.py", "build", str(root), "--shapes", shape], timeout=600)
    return model


def append_row(out: Path, row: dict[str, Any]) -> None:
    """One result row: appended to OUT (JSON Lines) and printed."""
    with open(out, "a", encoding="utf-8") as f:
        f.write(json.dumps(row) + "\n")
    print(json.dumps(row), flush=True)


def sitting(anchors: Path, out: Path, shape: str, root: Path, parts: frozenset[str] = frozenset({"real", "fixed"})) -> None:
    """`parts`: 'real' (ours and Unsloth + TRL packing on the chat set), 'fixed' (ours and qlora_unsloth.py at 2048)."""

    def emit(row: dict[str, Any]) -> None:
        append_row(out, {"shape": shape, "seq": SEQ, "cap_gib": CAP_GB, **row})

    import torch

    t0 = time.time()
    model = built_model(root, shape)
    real, fixed = root / "real.jsonl", root / "fixed.jsonl"
    made = run([sys.executable, str(anchors / "realdata.py"), str(model), str(real), str(SAMPLES), "0"], timeout=600)
    print(made.stdout.strip(), flush=True)
    from bench.vram import write_data

    write_data(fixed, SEQ, samples=8 * FIXED_STEPS)
    print(f"model and data ready in {time.time() - t0:.0f} s on {torch.cuda.get_device_name(0)}", flush=True)
    env = {"CAP_GB": str(CAP_GB), "SEQ": str(SEQ), "HF_HUB_OFFLINE": "1"}
    real_data = f"realdata.py {SAMPLES} 0"

    if "real" in parts:
        steps = epoch_steps(model, real, SEQ, batch=1, accum=8)
        emit({**ours(model, real, root / "runs" / "real", steps, timeout=900), "data": real_data})
        emit({"tool": "unsloth_sft_packed", "data": real_data,
              **_anchor_row(anchor_result(run([sys.executable, str(anchors / "unsloth_sft_packed.py"), str(model),
                                               str(real)], env=env, timeout=900)))})
    if "fixed" not in parts:
        return
    emit({"tool": "qlora_unsloth", "data": f"fixed {SEQ}",
          **_anchor_row(anchor_result(run([sys.executable, str(anchors / "qlora_unsloth.py"), str(model)],
                                          env={**env, "STEPS": str(FIXED_ANCHOR_STEPS), "OUT": "/tmp",
                                               "TAG": "unsloth-2048"}, timeout=600)))})
    emit({**ours(model, fixed, root / "runs" / "fixed", FIXED_STEPS, timeout=600), "data": f"fixed {SEQ}"})


def fixed_model_and_data(root: Path, shape: str, model: Path | None) -> tuple[Path, Path]:
    """The shape's model (built here unless given) and ROOT/fixed.jsonl: samples of exactly SEQ tokens, 8 for
    each of ours' FIXED_STEPS steps."""
    from bench.vram import write_data

    model = built_model(root, shape, model)
    root.mkdir(parents=True, exist_ok=True)
    data = root / "fixed.jsonl"
    write_data(data, SEQ, samples=8 * FIXED_STEPS)
    return model, data


def fixed(anchors: Path, out: Path, shape: str, root: Path, model: Path | None) -> None:
    """Ours against `qlora_unsloth.py` at fixed 2048 alone (the model built already, or built here)."""
    model, data = fixed_model_and_data(root, shape, model)

    def emit(row: dict[str, Any]) -> None:
        append_row(out, {"shape": shape, "seq": SEQ, "cap_gib": CAP_GB, **row})

    runs = root / "runs"
    run_dir = next(runs / f"fixed-{shape}-{n}" for n in range(1, 100) if not (runs / f"fixed-{shape}-{n}").exists())
    emit({**ours(model, data, run_dir, FIXED_STEPS, timeout=600), "data": f"fixed {SEQ}"})
    env = {"CAP_GB": str(CAP_GB), "SEQ": str(SEQ), "HF_HUB_OFFLINE": "1", "STEPS": str(FIXED_ANCHOR_STEPS),
           "OUT": "/tmp", "TAG": "unsloth-2048"}
    emit({"tool": "qlora_unsloth", "data": f"fixed {SEQ}",
          **_anchor_row(anchor_result(run([sys.executable, str(anchors / "qlora_unsloth.py"), str(model)], env=env,
                                          timeout=600)))})


#: Settings that `variants` turns off one at a time against the preset's defaults, at fixed 2048.
VARIANTS = {"defaults": (), "offload off": ("--offload-activations", "off"), "fast kernels off": ("--fast-kernels", "off")}


def variants(out: Path, shape: str, root: Path, model: Path | None) -> None:
    """Ours at fixed 2048 with each of VARIANTS, back to back: which default costs or saves time there."""
    model, data = fixed_model_and_data(root, shape, model)
    for name, flags in VARIANTS.items():
        run_dir = root / "runs" / f"variant-{name.replace(' ', '-')}"
        append_row(out, {"shape": shape, "seq": SEQ, "cap_gib": CAP_GB, "kind": "variant", "variant": name,
                         **ours(model, data, run_dir, FIXED_STEPS, timeout=600, extra=flags), "data": f"fixed {SEQ}"})


def ab(out: Path, shape: str, root: Path, model: Path | None, old: Path, rounds: int = 2) -> None:
    """Ours at fixed 2048 from `old` (so8t/ and resources/ of another commit: `git archive COMMIT so8t resources`)
    and from this tree, alternated `rounds` times in one sitting: whether a change moved the rate."""
    model, data = fixed_model_and_data(root, shape, model)
    for n in range(rounds):
        for name, tree in (("old", old.resolve()), ("new", REPO)):
            row = ours(model, data, root / "runs" / f"ab-{name}-{n}", FIXED_STEPS, timeout=600, tree=tree)
            append_row(out, {"shape": shape, "seq": SEQ, "cap_gib": CAP_GB, "kind": "ab", "variant": name,
                             "tree": str(tree), **row, "data": f"fixed {SEQ}"})


#: Max lengths of the estimate rows (issue 26, acceptance 6: two shapes, three lengths, packed).
ESTIMATE_LENGTHS = (1024, 2048, 4096)
ESTIMATE_STEPS = 3


def estimate_rows(anchors: Path, out: Path, shape: str, root: Path, model: Path | None) -> None:
    """Ours packed on the chat set at three max lengths, a few steps each and side by side: the record's memory
    estimate against its measured peak. The chat set is ROOT/real-SHAPE.jsonl where a sitting wrote it (bench/align.py writes
    320 samples), else 1280 samples written here; the row names how many it held."""
    model = built_model(root, shape, model)
    root.mkdir(parents=True, exist_ok=True)
    real = root / f"real-{shape}.jsonl"
    if not real.is_file():
        run([sys.executable, str(anchors / "realdata.py"), str(model), str(real), str(SAMPLES), "0"], timeout=600)
    samples = sum(1 for line in real.read_text(encoding="utf-8").splitlines() if line.strip())

    def one(length: int) -> dict[str, Any]:
        return ours(model, real, root / "runs" / f"estimate-{shape}-{length}", ESTIMATE_STEPS, timeout=600,
                    max_length=length)

    # The runs go side by side: a row's peak is its own process's allocated peak (each under its own cap), and
    # these rows report no speed.
    with ThreadPoolExecutor(len(ESTIMATE_LENGTHS)) as pool:
        rows = list(pool.map(one, ESTIMATE_LENGTHS))
    for length, row in zip(ESTIMATE_LENGTHS, rows, strict=True):
        if row.get("peak_gib") and row.get("estimate_gib"):
            row["error"] = round(row["estimate_gib"] / row["peak_gib"] - 1, 4)
        append_row(out, {"shape": shape, "seq": length, "cap_gib": CAP_GB, "data": f"realdata.py {samples} 0",
                         "kind": "estimate", **row})


def _anchor_row(result: dict[str, Any]) -> dict[str, Any]:
    """An anchor's RESULT in the rows' fields (its own names kept beside them)."""
    rate = result.get("tokens_per_s_after_first") or result.get("tokens_per_s_median")
    return {"tokens_per_s_after_first": rate, "wall_s": result.get("wall_s"), "compile_s": None,
            "peak_gib": result.get("peak_alloc_gb"), "recompiles": None, "anchor": result}


def table(files: list[Path], device: str = "") -> dict[str, Any]:
    """The rows of the sittings and, per shape, the ratios ours / Unsloth (rate, wall time, peak memory)."""
    every = [json.loads(line) for f in files for line in f.read_text().splitlines() if line.strip()]
    rows = [r for r in every if r.get("kind") not in ("estimate", "variant", "ab")]
    keys = ("tool", "shape", "data", "seq", "tokens_per_s_after_first", "wall_s", "compile_s", "peak_gib",
            "recompiles")
    out: dict[str, Any] = {"device": device, "rows": [{k: r.get(k) for k in keys} for r in rows], "ratios": {},
                           "raw": rows}
    by: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        by[(r["shape"], r["tool"], r["data"].split()[0])].append(r)
    for shape in dict.fromkeys(r["shape"] for r in rows):
        for data, anchor in (("realdata.py", "unsloth_sft_packed"), ("fixed", "qlora_unsloth")):
            # Measured twice in a sitting: each run of ours against the anchor's run after it, both kept.
            for n, (a, b) in enumerate(zip(by[(shape, "so8t", data)], by[(shape, anchor, data)], strict=False), start=1):
                ratio: dict[str, Any] = {"against": anchor}
                for k in ("tokens_per_s_after_first", "wall_s", "peak_gib"):
                    if a.get(k) and b.get(k):
                        ratio[k] = round(a[k] / b[k], 3)
                out["ratios"][f"{shape} {data}" + (f", run {n}" if n > 1 else "")] = ratio
    out["estimate"] = [{k: r.get(k) for k in ("shape", "seq", "data", "peak_gib", "estimate_gib", "error")}
                       for r in every if r.get("kind") == "estimate"]
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("sitting")
    s.add_argument("--anchors", type=Path, required=True)
    s.add_argument("--out", type=Path, required=True)
    s.add_argument("--shape", default="llama-3.1-8b")
    s.add_argument("--root", type=Path, default=Path("/tmp/train_real"))
    s.add_argument("--parts", default="real,fixed", help="real, fixed or both")
    def shape_command(name: str, shape: str, anchors: bool = True) -> argparse.ArgumentParser:
        """A subcommand that trains on one shape's model: --out, --shape, --model, --root (and --anchors)."""
        c = sub.add_parser(name)
        if anchors:
            c.add_argument("--anchors", type=Path, required=True)
        c.add_argument("--out", type=Path, required=True)
        c.add_argument("--shape", default=shape)
        c.add_argument("--model", type=Path, default=None, help="the shape's model folder, built already")
        c.add_argument("--root", type=Path, default=Path(f"/tmp/train_real_{name}"))
        return c

    shape_command("fixed", "phi-3.5-mini")
    shape_command("estimate", "llama-3.1-8b")
    shape_command("variants", "llama-3.1-8b", anchors=False)
    b = shape_command("ab", "llama-3.1-8b", anchors=False)
    b.add_argument("--old", type=Path, required=True, help="a folder with another commit's so8t/ and resources/")
    b.add_argument("--rounds", type=int, default=2)
    t = sub.add_parser("table")
    t.add_argument("results", type=Path, nargs="+")
    t.add_argument("--device", default="")
    args = parser.parse_args()
    if args.cmd == "sitting":
        sitting(args.anchors.resolve(), args.out.resolve(), args.shape, args.root, frozenset(args.parts.split(",")))
    elif args.cmd == "fixed":
        fixed(args.anchors.resolve(), args.out.resolve(), args.shape, args.root, args.model)
    elif args.cmd == "ab":
        ab(args.out.resolve(), args.shape, args.root, args.model, args.old, args.rounds)
    elif args.cmd == "variants":
        variants(args.out.resolve(), args.shape, args.root, args.model)
    elif args.cmd == "estimate":
        estimate_rows(args.anchors.resolve(), args.out.resolve(), args.shape, args.root, args.model)
    else:
        print(json.dumps(table(args.results, args.device), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
