"""Training on two GPUs against one: tokens/s back to back, peak memory per GPU, and an exact resume after a killed rank.

    python bench/multigpu.py [--model DIR] [--steps 30] [--out bench/results]   # needs 2 CUDA GPUs
    python bench/multigpu.py --cpu [--steps 4] [--out DIR]                      # the same on CPU (gloo)

CUDA: QLoRA (4-bit NF4) on a random model of Phi-3.5-mini-instruct's shape (built once into
--model, or a temporary folder), seq 1024, global batch 2, gradient checkpointing. Three runs of
`so8t train`, one after the other, the same settings and data:

1. `--nproc 1 --batch-size 2`: the baseline;
2. `--nproc 2 --batch-size 2` (one sample per GPU and micro-batch: the same global batch);
3. the same two-process run again, rank 1 killed with SIGKILL after step steps/2, then
   `so8t train --resume`: its final adapters and gates must equal run 2's bit for bit.

All runs are `--deterministic` (so the resume can be exact; it costs both speeds alike). Printed
and written to OUT/multigpu.json (OUT/multigpu_cpu.json with --cpu): tokens/s of each (median
step, all ranks' tokens), the speed-up (goal ≥ 1.8 on CUDA), each GPU's (rank's) peak memory —
torch allocated / reserved and NVML — and the resume check. NVLink multicast stays off
(NCCL_NVLS_ENABLE=0, set by the launcher).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

#: The issue's goal for two GPUs against one.
SPEEDUP_GOAL = 1.8
SEQ_LEN = 1024
#: CPU: the tiny model, short samples; one thread per rank (fair to the machine, the same sums every run).
CPU_ENV = {"OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
#: cuBLAS needs a fixed workspace for deterministic results (torch.use_deterministic_algorithms).
CUDA_ENV = {"CUBLAS_WORKSPACE_CONFIG": ":4096:8"}


def _env(cpu: bool) -> dict[str, str]:
    extra = CPU_ENV if cpu else CUDA_ENV
    return {**os.environ, **extra, "PYTHONUNBUFFERED": "1", "HF_HUB_OFFLINE": "1",
            "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}


def train_args(model: Path, data: Path, steps: int, cpu: bool) -> list[str]:
    common = ["--max-steps", str(steps), "--ckpt-every-steps", str(max(1, steps // 2)), "--ckpt-every-seconds", "0",
              "--batch-size", "2", "--grad-accum", "1", "--deterministic", "--kl-every-steps", "0",
              "--warmup-steps", "2", "--alpha-warmup-steps", "2", "--lora-dropout", "0"]
    if cpu:
        common += ["--device", "cpu", "--max-length", "96", "--lora-rank", "4", "--lr", "2e-3"]
    else:
        common += ["--device", "cuda", "--preset", "rtx3060-12gb", "--max-length", str(SEQ_LEN),
                   "--cuda-memory-limit-gb", "0", "--force"]
    return [sys.executable, "-m", "so8t", "train", "--model", str(model), "--data", str(data), *common]


def run_json(args: list[str], env: dict[str, str]) -> dict:
    done = subprocess.run([*args, "--json"], env=env, capture_output=True, text=True, cwd=REPO)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args[2:5])} … failed ({done.returncode}): {done.stderr.strip()[-800:]}"
                         + _rank_log_tails(args))
    return json.loads(done.stdout.strip().splitlines()[-1])


def _rank_log_tails(args: list[str]) -> str:
    """The end of each rank's stderr log in the run folder (`--out` or `--resume` of `args`), for the failure."""
    from so8t.store.layout import RunLayout

    flags = [i for i, a in enumerate(args) if a in ("--out", "--resume")]
    if not flags or flags[-1] + 1 >= len(args):
        return ""
    layout, tails = RunLayout(Path(args[flags[-1] + 1])), []
    for rank in range(8):
        log = layout.rank_log(rank)
        if log.is_file():
            tails.append(f"\n--- {log} ---\n{log.read_text(encoding='utf-8', errors='replace')[-1500:]}")
    return "".join(tails)


def last_step(run: Path) -> int:
    from so8t.store.event_log import read_events

    try:
        return max((e["done"] for e in read_events(run / "events.jsonl") if e["kind"] == "progress"), default=0)
    except FileNotFoundError:
        return 0


def rank_process(launcher: subprocess.Popen, rank: int):
    import psutil

    for child in psutil.Process(launcher.pid).children(recursive=True):
        try:
            if child.environ().get("RANK") == str(rank) and "so8t.train.distributed" in child.cmdline():
                return child
        except psutil.Error:
            continue
    return None


def killed_and_resumed(args: list[str], run: Path, kill_after: int, env: dict[str, str]) -> dict:
    """Run 3: SIGKILL rank 1 once step `kill_after` is logged, then resume; what happened, in figures."""
    proc = subprocess.Popen([*args, "--out", str(run)], env=env, cwd=REPO, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    try:
        # Rank 1 is found while it starts, and killed as soon as the step is logged: on a quiet machine the
        # tiny model's last steps take less than one look through the launcher's children.
        rank = None
        while rank is None or last_step(run) < kill_after:
            if proc.poll() is not None:
                raise SystemExit(f"the run to be killed ended early ({proc.returncode}): {proc.stderr.read()[-800:]}")
            rank = rank or rank_process(proc, 1)
            time.sleep(0.01)
        rank.send_signal(signal.SIGKILL)
        _, err = proc.communicate(timeout=300)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    from so8t.store.checkpoints import CheckpointStore

    killed_at = last_step(run)
    newest = CheckpointStore(run).newest_valid()
    resumed = run_json([sys.executable, "-m", "so8t", "train", "--resume", str(run)], env)
    return {"killed_rank": 1, "killed_after_step": killed_at, "launcher_exit": proc.returncode,
            "launcher_message": err.strip().splitlines()[-1] if err.strip() else "",
            "resumed_from": resumed["resumed_from"], "newest_valid_before_resume": newest.name if newest else None,
            "final_step": resumed["final_step"]}


def bitwise_equal(a: Path, b: Path, step: int) -> bool:
    import torch
    from safetensors.torch import load_file

    for name in ("adapter_model.safetensors", "gates.safetensors"):
        x = load_file(str(a / "checkpoints" / f"ckpt-{step}" / name))
        y = load_file(str(b / "checkpoints" / f"ckpt-{step}" / name))
        if x.keys() != y.keys() or not all(
                torch.equal(x[k].reshape(-1).view(torch.uint8), y[k].reshape(-1).view(torch.uint8)) for k in x):
            return False
    return True


def per_gpu(result: dict) -> list[dict]:
    return [{"gpu": i, **{k: (round(v, 1) if v is not None else None) for k, v in peaks.items()}}
            for i, peaks in enumerate(result.get("rank_peaks") or [{
                k: result.get(k) for k in ("peak_rss_mib", "peak_gpu_allocated_mib", "peak_gpu_reserved_mib",
                                           "peak_nvml_mib")}])]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cpu", action="store_true", help="the tiny model on CPU (gloo): the path CI runs")
    parser.add_argument("--model", type=Path, help="CUDA: the Phi-3.5-mini-shaped model folder (built if missing)")
    parser.add_argument("--steps", type=int, default=None, help="optimizer steps per run (CUDA 30, CPU 4)")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results")
    opts = parser.parse_args()
    steps = opts.steps or (4 if opts.cpu else 30)
    env = _env(opts.cpu)
    with tempfile.TemporaryDirectory(prefix="so8t-multigpu-") as tmp_name:
        tmp = Path(tmp_name)
        if opts.cpu:
            from so8t.model.tiny import build_tiny_model
            from so8t.train.data import SFT_SAMPLE

            model, data, shape = build_tiny_model("llama", tmp / "tiny", seed=0), SFT_SAMPLE, "tiny llama"
            device = "cpu (gloo)"
        else:
            import torch

            from bench.train import build, write_data

            if torch.cuda.device_count() < 2:
                raise SystemExit(f"this benchmark needs 2 CUDA GPUs; {torch.cuda.device_count()} visible "
                                 "(use --cpu for the CPU path)")
            model = opts.model or tmp / "phi35-mini-shape"
            if not (model / "config.json").is_file():
                build(model)
            data = tmp / "data.jsonl"
            write_data(data)
            shape = "Phi-3.5-mini-instruct shape (3.8B, random init), 4-bit NF4 + double quant"
            device = f"{torch.cuda.device_count()} x {torch.cuda.get_device_name(0)} (NCCL, NVLS off)"
        args = train_args(Path(model), Path(data), steps, opts.cpu)
        rows = []
        for nproc in (1, 2):
            run = tmp / f"nproc{nproc}"
            t0 = time.monotonic()
            result = run_json([*args, "--nproc", str(nproc), "--out", str(run)], env)
            rows.append({"nproc": nproc, "tokens_per_s": result["tokens_per_s"], "final_loss": result["final_loss"],
                         "wall_s": round(time.monotonic() - t0, 1), "per_gpu": per_gpu(result)})
            print(f"--nproc {nproc}: {result['tokens_per_s']:.1f} tokens/s, "
                  + ", ".join(f"GPU {g['gpu']} peak allocated {g['peak_gpu_allocated_mib']} MiB / NVML "
                              f"{g['peak_nvml_mib']} MiB / RSS {g['peak_rss_mib']} MiB" for g in rows[-1]["per_gpu"]),
                  flush=True)
        speedup = rows[1]["tokens_per_s"] / rows[0]["tokens_per_s"]
        print(f"speed-up with 2 processes: {speedup:.2f}x (goal {SPEEDUP_GOAL}x on CUDA)", flush=True)
        resume = killed_and_resumed([*args, "--nproc", "2"], tmp / "killed", steps // 2 + 1, env)
        resume["bitwise_identical"] = bitwise_equal(tmp / "nproc2", tmp / "killed", steps)
        print(f"rank 1 killed after step {resume['killed_after_step']}, resumed from {resume['resumed_from']}: "
              f"final adapters and gates bitwise identical: {resume['bitwise_identical']}", flush=True)
    out = {"device": device, "host": platform.node(), "model": shape, "seq": 96 if opts.cpu else SEQ_LEN,
           "global_batch": 2, "steps": steps, "rows": rows, "speedup": round(speedup, 3),
           "speedup_goal": SPEEDUP_GOAL, "resume": resume}
    opts.out.mkdir(parents=True, exist_ok=True)
    path = opts.out / ("multigpu_cpu.json" if opts.cpu else "multigpu.json")
    path.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
