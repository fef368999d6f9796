"""Crash and resume, 20 times: SIGKILL `so8t train` at random moments (some inside a checkpoint write), resume, compare.

    python bench/resume.py [--kills 20] [--inside-write 6] [--seed N] [--out bench/results]

Reference: one uninterrupted 40-step run of the tiny model on CPU with deterministic algorithms.
Each trial starts the same run, kills it with SIGKILL, lists its checkpoints, checks them, and
resumes it with `so8t train --resume`. Printed and written to RESULTS/train_resume.json:

- how many resumed exactly: every step's loss in events.jsonl and the final adapter and gate
  weights bitwise equal to the reference;
- crash safety: every checkpoint listed valid loads (each listed safetensors/JSON file parses and
  the optimizer state rebuilds), every partial one is listed invalid with a reason, and the work
  lost (last step reached − step of the newest valid checkpoint) is at most one checkpoint interval.

Kills inside a checkpoint write use the checkpoint store's test-only hook: with
SO8T_TEST_CHECKPOINT_PAUSE=<file> the writer appends "<step> <stage>" to that file and sleeps
SO8T_TEST_CHECKPOINT_PAUSE_S seconds at SO8T_TEST_CHECKPOINT_PAUSE_AT ("files": data files
written, no manifest yet; "manifest": manifest written, folder not yet renamed), for the step
SO8T_TEST_CHECKPOINT_PAUSE_STEP only. The kill lands during that sleep. The resume runs without the hook.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

STEPS = 40
CKPT_EVERY = 5
KILL_FROM, KILL_TO = 10, 35
#: One thread: the same float summation order in every process, and fair to a shared machine.
ENV = {**os.environ, "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "PYTHONUNBUFFERED": "1",
       "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}
#: How long the hooked writer sleeps inside a checkpoint write (the kill comes well before it ends).
PAUSE_S = "2.0"


def train_args(model: Path) -> list[str]:
    from so8t.train.data import SFT_SAMPLE

    return [sys.executable, "-m", "so8t", "train", "--model", str(model), "--data", str(SFT_SAMPLE),
            "--max-steps", str(STEPS), "--ckpt-every-steps", str(CKPT_EVERY), "--ckpt-every-seconds", "0",
            "--max-length", "96", "--batch-size", "2", "--lora-rank", "4", "--lr", "2e-3", "--device", "cpu",
            "--deterministic", "--kl-every-steps", "10", "--alpha-warmup-steps", "10", "--warmup-steps", "5"]


def losses(run: Path) -> dict[int, set[float]]:
    from so8t.events import read_events

    out: dict[int, set[float]] = {}
    for e in read_events(run / "events.jsonl"):
        if e["kind"] == "metric" and e["name"] == "loss":
            out.setdefault(e["step"], set()).add(e["value"])
    return out


def last_step(run: Path) -> int:
    from so8t.events import read_events

    try:
        return max((e["done"] for e in read_events(run / "events.jsonl") if e["kind"] == "progress"), default=0)
    except FileNotFoundError:
        return 0


def final_weights_equal(a: Path, b: Path) -> bool:
    import torch
    from safetensors.torch import load_file

    for name in ("adapter_model.safetensors", "gates.safetensors"):
        x = load_file(str(a / "checkpoints" / f"ckpt-{STEPS}" / name))
        y = load_file(str(b / "checkpoints" / f"ckpt-{STEPS}" / name))
        if x.keys() != y.keys() or not all(torch.equal(x[k].view(torch.uint8), y[k].view(torch.uint8)) for k in x):
            return False
    return True


def loads(info) -> str:
    """'' if every file of a valid checkpoint parses and the optimizer state rebuilds, else why not."""
    from so8t.store.checkpoints import checkpoint_file, verify_checkpoint
    from so8t.train.state import read_json_file, read_tensors, unflatten_optimizer

    reason, manifest = verify_checkpoint(info.path)
    if manifest is None:
        return reason
    try:
        for name in manifest["files"]:
            path = checkpoint_file(info.path, name, manifest)
            read_tensors(path) if name.endswith(".safetensors") else read_json_file(path) if name.endswith(".json") else None
        state = read_json_file(Path(info.path) / "trainer_state.json")
        unflatten_optimizer(read_tensors(Path(info.path) / "optimizer.safetensors"), state["optimizer"])
    except Exception as exc:  # noqa: BLE001 - any failure is the finding
        return f"{type(exc).__name__}: {exc}"
    return ""


def trial(model: Path, work: Path, index: int, inside_write: bool, rng: random.Random, reference: Path) -> dict:
    from so8t.store.checkpoints import CheckpointStore

    run = work / f"kill-{index:02d}"
    env = dict(ENV)
    record: dict = {"trial": index, "inside_write": inside_write}
    if inside_write:
        marker = work / f"pause-{index:02d}.txt"
        target = rng.choice(range(KILL_FROM, KILL_TO + 1, CKPT_EVERY))
        stage = rng.choice(["files", "manifest"])
        env.update(SO8T_TEST_CHECKPOINT_PAUSE=str(marker), SO8T_TEST_CHECKPOINT_PAUSE_AT=stage,
                   SO8T_TEST_CHECKPOINT_PAUSE_S=PAUSE_S, SO8T_TEST_CHECKPOINT_PAUSE_STEP=str(target))
        record.update(target_checkpoint=target, write_stage=stage)
    else:
        target = rng.randint(KILL_FROM, KILL_TO - 1)
        record.update(kill_after_step=target)
    proc = subprocess.Popen([*train_args(model), "--out", str(run)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 300
        while True:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"trial {index}: the run ended or stalled before the kill point")
            if inside_write:
                if marker.exists() and f"{target} {stage}" in marker.read_text():
                    time.sleep(rng.uniform(0, 0.5))  # somewhere inside the paused write
                    break
            elif last_step(run) >= target:
                time.sleep(rng.uniform(0, 0.05))  # somewhere inside the next step
                break
            time.sleep(0.01)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    reached = last_step(run)
    infos = CheckpointStore(run).list()
    valid = [i for i in infos if i.valid]
    invalid = [i for i in infos if not i.valid]
    record.update(
        reached_step=reached,
        checkpoints=[{"name": i.name, "valid": i.valid, "reason": i.reason} for i in infos],
        valid_load_failures={i.name: r for i in valid if (r := loads(i))},
        invalid_without_reason=[i.name for i in invalid if not i.reason],
        partial=[i.name for i in invalid],
        newest_valid_step=max((i.step for i in valid), default=0),
    )
    record["lost_steps"] = reached - record["newest_valid_step"]
    resumed = subprocess.run([sys.executable, "-m", "so8t", "train", "--resume", str(run), "--json"], env=ENV,
                             capture_output=True, text=True, timeout=600)
    record["resume_rc"] = resumed.returncode
    ok = resumed.returncode == 0
    if ok:
        result = json.loads(resumed.stdout.strip().splitlines()[-1])
        record["resumed_from"] = result["resumed_from"]
        mine, ref = losses(run), losses(reference)
        record["losses_equal"] = sorted(mine) == list(range(1, STEPS + 1)) and all(mine[s] == ref[s] for s in mine)
        record["weights_equal"] = final_weights_equal(reference, run)
    else:
        record["resume_error"] = resumed.stderr.strip().splitlines()[-1:]
    record["exact"] = bool(ok and record.get("losses_equal") and record.get("weights_equal"))
    return record


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--inside-write", type=int, default=6, help="how many kills land inside a checkpoint write")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results")
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    rng = random.Random(seed)
    from so8t.model.tiny import build_tiny_model

    started = time.time()
    with tempfile.TemporaryDirectory(prefix="so8t-resume-") as tmp:
        work = Path(tmp)
        model = build_tiny_model("llama", work / "llama", seed=0)
        reference = work / "reference"
        subprocess.run([*train_args(model), "--out", str(reference)], env=ENV, check=True, capture_output=True)
        modes = [True] * args.inside_write + [False] * (args.kills - args.inside_write)
        rng.shuffle(modes)
        trials = []
        for i, inside in enumerate(modes):
            r = trial(model, work, i, inside, rng, reference)
            trials.append(r)
            where = (f"inside write of ckpt-{r['target_checkpoint']} ({r['write_stage']})" if inside
                     else f"after step {r['kill_after_step']}")
            print(f"kill {i + 1:2d}: {where:40s} reached {r['reached_step']:2d}, newest valid "
                  f"{r['newest_valid_step']:2d}, lost {r['lost_steps']} steps, partial {len(r['partial'])}, "
                  f"{'exact' if r['exact'] else 'NOT EXACT'}", flush=True)
    exact = sum(t["exact"] for t in trials)
    valid_total = sum(sum(c["valid"] for c in t["checkpoints"]) for t in trials)
    valid_failed = sum(len(t["valid_load_failures"]) for t in trials)
    partial_total = sum(len(t["partial"]) for t in trials)
    partial_no_reason = sum(len(t["invalid_without_reason"]) for t in trials)
    max_lost = max(t["lost_steps"] for t in trials)
    summary = {
        "seed": seed, "kills": len(trials), "inside_checkpoint_write": sum(t["inside_write"] for t in trials),
        "resumed_exactly": exact, "valid_checkpoints_listed": valid_total, "valid_checkpoints_that_failed_to_load": valid_failed,
        "partial_checkpoints_listed_invalid": partial_total, "partial_without_reason": partial_no_reason,
        "max_lost_steps": max_lost, "checkpoint_interval_steps": CKPT_EVERY, "seconds": round(time.time() - started, 1),
    }
    print(f"{exact}/{len(trials)} resumed exactly ({summary['inside_checkpoint_write']} kills inside a checkpoint write)")
    print(f"crash safety: {valid_total - valid_failed}/{valid_total} valid checkpoints load; "
          f"{partial_total - partial_no_reason}/{partial_total} partial ones listed invalid with a reason; "
          f"lost work at most {max_lost} steps (interval {CKPT_EVERY})")
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "train_resume.json").write_text(json.dumps({"summary": summary, "trials": trials}, indent=2) + "\n",
                                               encoding="utf-8")
    passed = exact == len(trials) and valid_failed == 0 and partial_no_reason == 0 and max_lost <= CKPT_EVERY
    return 0 if passed else 1


if __name__ == "__main__":
    raise SystemExit(main())
