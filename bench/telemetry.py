"""NVML telemetry during a real CUDA LoRA training run: readings, and what 1 Hz sampling costs.

Run on a machine with an NVIDIA GPU (the device tool):

    python bench/telemetry.py --out bench/results

Two parts, one process:

1. Readings. so8t.telemetry samples at 1 Hz in a background thread (as TelemetrySampler does in
   the GUI) while the run goes idle → model loaded → training at growing batch sizes; every
   reading is kept, so the memory rising with the load can be seen.
2. Cost. Training alternates between blocks with the sampler on and blocks with it off, same
   batch, same steps, which one goes first swapping every round; throughput (tokens/s) of each
   block is measured. The cost is 1 − median over rounds of (on / off) of the two blocks of a
   round: a ratio inside one run, with neighbouring blocks paired so that slow drifts of the
   GPU's clocks cancel. The time one sample() call takes is
   measured too: at 1 Hz that is the share of one CPU thread the sampler occupies.

The model is a randomly initialised llama-shaped model built from a config (no download: the
device has no network), trained in bf16 with PEFT LoRA on q/k/v/o — the plain CUDA path of the
training stage. Writes telemetry_cuda.json and telemetry_cuda.md to --out.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from so8t.telemetry import DEFAULT_RATE_HZ, Telemetry  # noqa: E402

#: A model big enough that one step is GPU work of tens of milliseconds (as for a 0.5B–1B model on
#: a 3060), small enough to build in seconds.
MODEL_SHAPE = {"hidden_size": 1024, "intermediate_size": 4096, "num_hidden_layers": 12, "num_attention_heads": 16,
               "num_key_value_heads": 8, "vocab_size": 32000, "max_position_embeddings": 2048}
SEQ_LEN = 512
#: Batch sizes of part 1: each step up should raise the memory the GPU reports.
LOAD_BATCHES = (1, 4, 8, 16)
COST_BATCH = 8


class Recorder:
    """Samples Telemetry at `rate_hz` on a thread, keeping each reading with a phase label."""

    def __init__(self, telemetry: Telemetry, rate_hz: float = DEFAULT_RATE_HZ) -> None:
        self.telemetry = telemetry
        self.rate_hz = rate_hz
        self.phase = "idle"
        self.readings: list[dict] = []
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def _loop(self) -> None:
        while not self._stop.is_set():
            sample = self.telemetry.sample().to_dict()
            sample["phase"] = self.phase
            self.readings.append(sample)
            self._stop.wait(1.0 / self.rate_hz)


def build_model(torch, dtype):
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM

    from so8t.model.tiny import tiny_config

    torch.manual_seed(0)
    config = tiny_config("llama", **MODEL_SHAPE)
    with torch.device("cuda"):  # built on the GPU: seconds instead of a slow CPU init and copy
        model = AutoModelForCausalLM.from_config(config, dtype=dtype)
    lora = LoraConfig(r=16, lora_alpha=32, target_modules=["q_proj", "k_proj", "v_proj", "o_proj"], lora_dropout=0.0)
    model = get_peft_model(model, lora)
    model.train()
    return model


def train_steps(torch, model, optimizer, batch: int, steps: int, seed: int) -> float:
    """Run `steps` optimizer steps; returns tokens per second (device synchronised)."""
    g = torch.Generator(device="cuda").manual_seed(seed)
    torch.cuda.synchronize()
    t0 = time.perf_counter()
    for _ in range(steps):
        ids = torch.randint(0, MODEL_SHAPE["vocab_size"], (batch, SEQ_LEN), device="cuda", generator=g)
        loss = model(input_ids=ids, labels=ids, use_cache=False).loss
        loss.backward()
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
    torch.cuda.synchronize()
    return batch * SEQ_LEN * steps / (time.perf_counter() - t0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "bench" / "results"))
    parser.add_argument("--rounds", type=int, default=20, help="on/off block pairs of part 2")
    parser.add_argument("--block-steps", type=int, default=40, help="training steps per block of part 2 (≥ 1 s)")
    args = parser.parse_args()

    import torch

    if not torch.cuda.is_available():
        print("no CUDA GPU: this benchmark needs one", file=sys.stderr)
        return 1
    dtype = torch.bfloat16 if torch.cuda.is_bf16_supported() else torch.float16
    telemetry = Telemetry()
    first = telemetry.sample()
    if not first.available:
        print(f"NVML unavailable: {first.message}", file=sys.stderr)
        return 1

    # Part 1: readings while the load grows.
    rec = Recorder(telemetry)
    rec.start()
    time.sleep(2.5)
    rec.phase = "model loaded"
    model = build_model(torch, dtype)
    optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=1e-4)
    time.sleep(2.5)
    load_tps = {}
    for batch in LOAD_BATCHES:
        rec.phase = f"training batch {batch}"
        t_end = time.monotonic() + 4.0
        while time.monotonic() < t_end:
            load_tps[batch] = train_steps(torch, model, optimizer, batch, 3, seed=batch)
    rec.phase = "after training"
    time.sleep(1.5)
    rec.stop()

    # Part 2: alternating blocks, sampler on / off.
    train_steps(torch, model, optimizer, COST_BATCH, 5, seed=1)  # warm-up at this batch size
    on, off, ratios = [], [], []
    for r in range(args.rounds):
        order = ("on", "off") if r % 2 == 0 else ("off", "on")  # alternate which goes first
        for mode in order:
            sampler = Recorder(telemetry) if mode == "on" else None
            if sampler:
                sampler.phase = "cost"
                sampler.start()
            tps = train_steps(torch, model, optimizer, COST_BATCH, args.block_steps, seed=100 + r)
            if sampler:
                sampler.stop()
            (on if mode == "on" else off).append(tps)
        ratios.append(on[-1] / off[-1])
    # The sampler's own time per reading, directly.
    t0 = time.perf_counter()
    n_calls = 200
    for _ in range(n_calls):
        telemetry.sample()
    sample_ms = (time.perf_counter() - t0) / n_calls * 1000

    median_on, median_off = statistics.median(on), statistics.median(off)
    cost = 1.0 - statistics.median(ratios)
    quartiles = statistics.quantiles(ratios, n=4)
    spread_off = (max(off) - min(off)) / median_off
    gpu0 = [r["gpus"][0] for r in rec.readings]
    by_phase: dict[str, list[int]] = {}
    for r in rec.readings:
        by_phase.setdefault(r["phase"], []).append(r["gpus"][0]["memory_used"])
    result = {
        "device": first.gpus[0].name,
        "gpus": len(first.gpus),
        "torch": torch.__version__,
        "dtype": str(dtype).replace("torch.", ""),
        "python": platform.python_version(),
        "model": {**MODEL_SHAPE, "lora_rank": 16, "seq_len": SEQ_LEN,
                  "trainable_params": sum(p.numel() for p in model.parameters() if p.requires_grad)},
        "rate_hz": DEFAULT_RATE_HZ,
        "readings": rec.readings,
        "memory_used_mib_by_phase": {k: [round(v / 2**20) for v in vs] for k, vs in by_phase.items()},
        "max_memory_used_mib_by_phase": {k: round(max(vs) / 2**20) for k, vs in by_phase.items()},
        "process_memory_mib_max": (round(max(g["process_memory"] for g in gpu0 if g["process_memory"] is not None) / 2**20)
                                   if any(g["process_memory"] is not None for g in gpu0) else None),
        "utilization_max": max((g["utilization"] or 0) for g in gpu0),
        "temperature_max": max((g["temperature"] or 0) for g in gpu0),
        "power_max_w": max((g["power"] or 0) for g in gpu0),
        "load_tokens_per_s": load_tps,
        "cost": {
            "batch": COST_BATCH, "block_steps": args.block_steps, "rounds": args.rounds,
            "tokens_per_s_sampler_on": on, "tokens_per_s_sampler_off": off,
            "paired_ratios_on_over_off": ratios,
            "median_on": median_on, "median_off": median_off,
            "throughput_cost": cost, "ratio_quartiles": [quartiles[0], quartiles[2]], "off_block_spread": spread_off,
            "sample_call_ms": sample_ms, "sampler_thread_share_at_1hz": sample_ms / 1000 * DEFAULT_RATE_HZ,
        },
    }
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "telemetry_cuda.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    lines = [
        "# NVML telemetry during CUDA LoRA training (bench/telemetry.py)",
        "",
        f"{result['device']}, torch {result['torch']}, {result['dtype']}, llama-shaped model "
        f"{MODEL_SHAPE['num_hidden_layers']}×{MODEL_SHAPE['hidden_size']}, LoRA r=16, seq {SEQ_LEN}, sampling {DEFAULT_RATE_HZ} Hz.",
        "",
        "## Memory used (GPU 0) by phase, MiB, each 1 Hz reading",
        "",
        "| phase | readings (MiB) | max |",
        "| --- | --- | --- |",
        *[f"| {k} | {' '.join(str(v) for v in vs)} | {max(vs)} |" for k, vs in result["memory_used_mib_by_phase"].items()],
        "",
        f"utilisation max {result['utilization_max']} %, temperature max {result['temperature_max']} °C, "
        f"power max {result['power_max_w']:.0f} W, this process's memory max {result['process_memory_mib_max']} MiB.",
        "",
        "## Cost of 1 Hz sampling (alternating blocks, one run)",
        "",
        f"tokens/s with sampler: {' '.join(f'{x:.0f}' for x in on)}",
        f"tokens/s without:      {' '.join(f'{x:.0f}' for x in off)}",
        "",
        f"paired on/off ratios: {' '.join(f'{x:.4f}' for x in ratios)}",
        "",
        f"cost = 1 − median(on/off) = {cost * 100:+.2f} % (ratio quartiles {quartiles[0]:.4f}–{quartiles[2]:.4f}; "
        f"medians on {median_on:.0f}, off {median_off:.0f} tokens/s; spread of the off blocks "
        f"{spread_off * 100:.2f} %); one sample() {sample_ms:.2f} ms "
        f"= {sample_ms / 10:.3f} % of one CPU thread at 1 Hz.",
    ]
    (out / "telemetry_cuda.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
