"""Peak VRAM of the training stage on CUDA, measured, against `so8t estimate`'s prediction.

Needs a CUDA GPU and bitsandbytes (liger-kernel for the fused-kernel rows). Random models of
public shapes (memory does not depend on the values) are built on the GPU and saved; each model
is then measured in one process per kernel setting, phase by phase (sequence length, activation
offloading, steps), torch's and NVML's peaks reset before each phase:

    python bench/vram.py build DIR [--shapes a,b]
    python bench/vram.py one MODEL_DIR --plan 512:off:5,2048:on:10 [--fast off|on|auto] [--cap 12]
                                       [--checkpointing on|off|auto] [--profile N] > row.json
    python bench/vram.py compare RESULTS_DIR     # RESULTS_DIR/vram_raw/*.jsonl → vram_estimate.json + .md, no GPU

A phase runs the training stage's own step (`Trainer._train_step`: 4-bit NF4 + double quant, LoRA
r 16 on attention and MLP, SO(8) gates, gradient checkpointing, batch 1, AdamW, our chunked or
fused loss) and then its KL-to-base probe once, under a 12 GiB cap
(`torch.cuda.set_per_process_memory_fraction`, as `--cuda-memory-limit-gb 12` does). NVML reads
the card's used memory 20 times a second.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

_COMMON = {"hidden_act": "silu", "rms_norm_eps": 1e-5, "rope_theta": 10000.0, "attention_dropout": 0.0,
           "initializer_range": 0.02, "bos_token_id": 0, "eos_token_id": 2, "pad_token_id": 0,
           "max_position_embeddings": 4096}

#: config.json values of public models (the sizes that set memory); ids fit the built-in tokenizer.
SHAPES: dict[str, dict] = {
    "qwen2.5-0.5b": {"model_type": "qwen2", "hidden_size": 896, "intermediate_size": 4864, "num_hidden_layers": 24,
                     "num_attention_heads": 14, "num_key_value_heads": 2, "vocab_size": 151936,
                     "tie_word_embeddings": True, "max_position_embeddings": 32768},
    "gemma-2b": {"model_type": "gemma", "hidden_size": 2048, "intermediate_size": 16384, "num_hidden_layers": 18,
                 "num_attention_heads": 8, "num_key_value_heads": 1, "head_dim": 256, "vocab_size": 256000,
                 "tie_word_embeddings": True, "hidden_activation": "gelu_pytorch_tanh"},
    "llama-3.2-3b": {"model_type": "llama", "hidden_size": 3072, "intermediate_size": 8192, "num_hidden_layers": 28,
                     "num_attention_heads": 24, "num_key_value_heads": 8, "head_dim": 128, "vocab_size": 128256,
                     "tie_word_embeddings": True},
    "phi-3.5-mini": {"model_type": "phi3", "hidden_size": 3072, "intermediate_size": 8192, "num_hidden_layers": 32,
                     "num_attention_heads": 32, "num_key_value_heads": 32, "vocab_size": 32064,
                     "tie_word_embeddings": False, "original_max_position_embeddings": 4096},
    "mistral-7b": {"model_type": "mistral", "hidden_size": 4096, "intermediate_size": 14336, "num_hidden_layers": 32,
                   "num_attention_heads": 32, "num_key_value_heads": 8, "vocab_size": 32768,
                   "tie_word_embeddings": False, "max_position_embeddings": 32768},
    "llama-3.1-8b": {"model_type": "llama", "hidden_size": 4096, "intermediate_size": 14336, "num_hidden_layers": 32,
                     "num_attention_heads": 32, "num_key_value_heads": 8, "vocab_size": 128256,
                     "tie_word_embeddings": False, "max_position_embeddings": 131072},
}
MIB = 2**20
GIB = 2**30
PROBE_SAMPLES = 4
#: As the anchors in ../shared/anchors run PEFT (and PEFT's own default): no dropout on the LoRA input.
LORA_DROPOUT = 0.0


def build(root: Path, shapes: list[str]) -> None:
    import torch
    from transformers import AutoConfig, AutoModelForCausalLM

    from so8t.model.folder import copy_tokenizer_files
    from so8t.resources import TINY_MODEL_DIR

    for name in shapes:
        t0 = time.time()
        values = {**_COMMON, **SHAPES[name]}
        config = AutoConfig.for_model(**values)
        torch.manual_seed(0)
        with torch.device("cuda"):
            model = AutoModelForCausalLM.from_config(config, dtype=torch.bfloat16)
        out = root / name
        shutil.rmtree(out, ignore_errors=True)
        model.save_pretrained(str(out), safe_serialization=True)
        copy_tokenizer_files(TINY_MODEL_DIR, out)
        params = sum(p.numel() for p in model.parameters())
        del model
        torch.cuda.empty_cache()
        print(f"built {name}: {params / 1e9:.2f}B parameters ({time.time() - t0:.0f} s)", flush=True)


def write_data(path: Path, seq: int, samples: int = 16) -> None:
    """Chat samples longer than `seq` tokens, so every sample (and the KL probe) is exactly `seq` long."""
    from so8t.resources import DEMO_CORPUS

    lines = [s for s in DEMO_CORPUS.read_text(encoding="utf-8").splitlines() if s.strip()]
    with open(path, "w", encoding="utf-8") as f:
        for i in range(samples):
            answer = " ".join(lines[(i + k) % len(lines)] for k in range(seq // 4))
            record = {"messages": [{"role": "user", "content": "Write down the notes."},
                                   {"role": "assistant", "content": answer}]}
            f.write(json.dumps(record, ensure_ascii=False) + "\n")


def profile_steps(trainer, steps: int) -> dict:
    """Where a step's time goes: wall, GPU-busy (summed kernel time) and launches per step, top ops."""
    import torch
    from torch.profiler import ProfilerActivity, profile

    torch.cuda.synchronize()
    t = time.perf_counter()
    with profile(activities=[ProfilerActivity.CPU, ProfilerActivity.CUDA]) as prof:
        for _ in range(steps):
            trainer._train_step()
        torch.cuda.synchronize()
    wall = (time.perf_counter() - t) / steps
    averages = prof.key_averages()
    kernels = [e for e in prof.events() if e.device_type == torch.autograd.DeviceType.CUDA]
    busy = sum(a.self_device_time_total for a in averages) / 1e3 / steps

    def top(key: str) -> list:
        rows = sorted(averages, key=lambda a: getattr(a, key), reverse=True)[:18]
        return [[a.key[:70], round(a.count / steps, 1), round(getattr(a, key) / 1e3 / steps, 2)] for a in rows]

    return {"steps": steps, "wall_ms_per_step": round(wall * 1e3, 1), "gpu_busy_ms_per_step": round(busy, 1),
            "kernels_per_step": round(len(kernels) / steps), "top_self_cpu_ms": top("self_cpu_time_total"),
            "top_self_cuda_ms": top("self_device_time_total")}


class CardUsedPeak:
    """GPU memory in use on one card as NVML sees it, minus what was in use before, sampled in a thread.

    The benchmark's measure of what a phase takes on the card (what `so8t estimate` predicts as
    nvml_gib); the records' `peak_nvml_mib` is this process's figure instead (so8t.memory.NvmlProcessPeak).
    """

    INTERVAL_S = 0.05

    def __init__(self, index: int = 0) -> None:
        import threading

        self.peak = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        try:
            import pynvml

            pynvml.nvmlInit()
            self._nvml = pynvml
            self._handle = pynvml.nvmlDeviceGetHandleByIndex(index)
            self.baseline = self._used()
        except Exception:  # noqa: BLE001 - no NVML: the peak stays unmeasured (null)
            self._nvml = None
            return
        self._thread = threading.Thread(target=self._loop, name="nvml-peak", daemon=True)
        self._thread.start()

    def _used(self) -> int:
        return int(self._nvml.nvmlDeviceGetMemoryInfo(self._handle).used)

    def _loop(self) -> None:
        while not self._stop.wait(self.INTERVAL_S):
            try:
                self.peak = max(self.peak, self._used() - self.baseline)
            except Exception:  # noqa: BLE001 - a failed read ends sampling, never the run
                return

    def now(self) -> int:
        """Bytes in use now beyond the baseline (0 without NVML)."""
        return self._used() - self.baseline if self._thread is not None else 0

    def reset(self) -> None:
        """Start a new peak from what is in use now (a benchmark phase)."""
        if self._thread is not None:
            self.peak = self._used() - self.baseline

    @property
    def measured(self) -> bool:
        return self._thread is not None

    def stop(self) -> int | None:
        """Stop sampling; the peak in bytes, or None when NVML was not there."""
        if self._thread is None:
            return None
        self._stop.set()
        self._thread.join(1)
        self._thread = None
        return self.peak


def measure_one(model_dir: Path, plan: list[tuple[int, bool, int]], fast: str, cap_gb: float,
                checkpointing: str = "on", profile: int = 0) -> dict:
    """Every phase of `plan` ((seq, offload, steps), …) in this process, one model load."""
    import torch

    from so8t.events import EventSink
    from so8t.train import TrainConfig
    from so8t.train.card import context_gib, nvml_gib_of
    from so8t.train.data import Sample
    from so8t.train.estimate import Settings, estimate, read_shape
    from so8t.train.loop import Trainer

    longest = max(seq for seq, _, _ in plan)
    work = Path(f"/tmp/so8t-bench-vram/{model_dir.name}-{fast}-{checkpointing}")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    write_data(work / "data.jsonl", longest, samples=8)
    nvml = CardUsedPeak()
    config = TrainConfig(model=str(model_dir), data=str(work / "data.jsonl"), max_steps=10**6, max_length=longest,
                         batch_size=1, grad_accum=1, gradient_checkpointing=checkpointing, quantize="4bit", device="cuda",
                         ckpt_every_steps=10**6, ckpt_every_seconds=0, kl_every_steps=10**6,
                         kl_probe_samples=PROBE_SAMPLES, alpha_warmup_steps=1, warmup_steps=1, fast_kernels=fast,
                         lora_dropout=LORA_DROPOUT,
                         offload_activations="off", cuda_memory_limit_gb=cap_gb)
    t0 = time.time()
    trainer = Trainer(config, work / "run", EventSink(run="bench", stage="train", log_path=work / "events.jsonl"), None)
    trainer.setup()
    torch.cuda.synchronize()
    full = list(trainer.samples)
    reserved = torch.cuda.memory_reserved()
    figures = {"model": model_dir.name, "fast_kernels": trainer.runtime.fast_kernels, "cap_gb": cap_gb,
               "gradient_checkpointing": trainer.runtime.gradient_checkpointing,
               "expandable_segments": trainer.runtime.expandable_segments,
               "load_s": round(time.time() - t0, 1), "static_allocated_mib": torch.cuda.memory_allocated() / MIB,
               "setup_peak_allocated_mib": torch.cuda.max_memory_allocated() / MIB,
               "context_mib": (nvml.now() - reserved) / MIB if nvml.measured else None,
               "trainable_parameters": trainer.trainable_parameters, "phases": []}
    shape = read_shape(model_dir)
    trainer.model.train()
    for seq, offload, steps in plan:
        trainer.samples = [Sample(s.input_ids[:seq], s.labels[:seq]) for s in full]
        trainer.probe = [torch.tensor(s.input_ids, device="cuda") for s in trainer.samples[:PROBE_SAMPLES]]
        trainer.runtime.offload = offload
        settings = Settings(max_length=seq, offload=offload, fast_kernels=trainer.runtime.fast_kernels,
                            kl_probe_samples=PROBE_SAMPLES,
                            gradient_checkpointing=trainer.runtime.gradient_checkpointing)
        predicted = estimate(shape, settings, None, offload="on" if offload else "off")
        row = {"seq": seq, "offload": offload, "steps": steps, "predicted_gib": round(predicted.peak_gib, 3),
               "predicted_nvml_gib": round(predicted.nvml_gib, 3), "predicted_terms_gib": predicted.terms_gib}
        trainer.optimizer.zero_grad(set_to_none=True)
        torch.cuda.empty_cache()
        torch.cuda.reset_peak_memory_stats()
        nvml.reset()
        times, losses = [], []
        try:
            for _ in range(steps):
                torch.cuda.synchronize()
                t = time.perf_counter()
                m = trainer._train_step()
                torch.cuda.synchronize()
                times.append(time.perf_counter() - t)
                losses.append(m["loss"])
            row["train_allocated_gib"] = torch.cuda.max_memory_allocated() / GIB
            trainer.kl_to_base()
            torch.cuda.synchronize()
            time.sleep(0.15)  # one more NVML sample
            row["measured_gib"] = torch.cuda.max_memory_allocated() / GIB
            row["measured_reserved_gib"] = torch.cuda.max_memory_reserved() / GIB
            row["measured_nvml_gib"] = nvml.peak / GIB if nvml.measured else None
            warm = times[2:] if len(times) > 3 else times[1:] or times
            row["tokens_per_s"] = round(seq / statistics.median(warm), 1)
            row["first_step_s"] = round(times[0], 2)
            row["losses"] = [round(x, 4) for x in losses]
        except torch.OutOfMemoryError as exc:
            row["error"] = "out of memory: " + str(exc).splitlines()[0][:200]
            row["steps_done"] = len(times)
        trainer.optimizer.zero_grad(set_to_none=True)
        torch.cuda.empty_cache()
        figures["phases"].append(row)
        print(json.dumps({"phase": row}), file=sys.stderr, flush=True)
    if trainer.runtime.fast_kernels:
        control = gate_control(trainer, torch.tensor(full[0].input_ids[:plan[0][0]], device="cuda")[None])
        figures.update(control)
        print(json.dumps({"control": control}), file=sys.stderr, flush=True)
    if profile:
        seq = plan[0][0]
        trainer.samples = [Sample(s.input_ids[:seq], s.labels[:seq]) for s in full]
        trainer.runtime.offload = plan[0][1]
        figures["profile"] = {"seq": seq, **profile_steps(trainer, profile)}
        print(json.dumps({"profile": figures["profile"]}), file=sys.stderr, flush=True)
    figures["context_gib_assumed"] = context_gib()
    figures["nvml_of_peak_formula"] = nvml_gib_of(1.0) - context_gib()
    nvml.stop()
    return figures


#: The control turns every gate block by up to this angle (radians), so the gates' effect stands out from
#: bf16 rounding; the trained gates are put back afterwards.
CONTROL_ANGLE = 0.5


def gate_control(trainer, ids) -> dict:
    """Negative control of the fused path: with rotated gates, the compiled layers' output differs from
    the same with every gate set to the identity, and matches the eager layers' output."""
    import torch

    from so8t.model.gates import gate_state, load_gates_into, randomize_gates, rotations_batched
    from so8t.train.kernels import uncompiled
    from so8t.train.model import final_hidden_states

    def final() -> torch.Tensor:
        # Grad on and rotations batched, as in a training step, so the step's compiled graph runs.
        with torch.enable_grad(), trainer._autocast(), rotations_batched(trainer.gates):
            out = final_hidden_states(trainer.model, input_ids=ids, attention_mask=torch.ones_like(ids))
        return out.detach().float()

    trained = gate_state(trainer.gates)
    randomize_gates(trainer.gates, CONTROL_ANGLE, seed=0)
    gated = final()
    with uncompiled():
        eager = final()
    with torch.no_grad():
        for g in trainer.gates:
            g.skew.zero_()
    identity = final()
    load_gates_into(trainer.gates, trained)
    return {"gates_change_output_mean_abs": float((gated - identity).abs().mean()),
            "compiled_vs_eager_mean_abs": float((gated - eager).abs().mean()),
            "gates_change_output_max_abs": float((gated - identity).abs().max()),
            "compiled_vs_eager_max_abs": float((gated - eager).abs().max()),
            "final_hidden_mean_abs": float(gated.abs().mean())}


def parse_plan(text: str) -> list[tuple[int, bool, int]]:
    plan = []
    for item in text.split(","):
        seq, offload, steps = item.split(":")
        plan.append((int(seq), offload == "on", int(steps)))
    return plan


def _estimate_rows(paths: list[Path], allocator: str, fused: bool = True) -> list[dict]:
    """Every measured phase in `paths`, with the current estimator's prediction (NVML by `allocator`'s slack);
    `fused=False` leaves out the rows measured with the fused kernels."""
    from so8t.train.card import nvml_gib_of
    from so8t.train.estimate import Settings, estimate, read_shape

    rows = []
    measured = [json.loads(line) for path in paths for line in path.read_text().splitlines() if line.strip()]
    for figures in (m for m in measured if "phases" in m and (fused or not m["fast_kernels"])):
        name = figures["model"]
        cfg = Path("/tmp/so8t-bench-shapes") / name
        cfg.mkdir(parents=True, exist_ok=True)
        (cfg / "config.json").write_text(json.dumps({**_COMMON, **SHAPES[name]}))
        shape = read_shape(cfg)
        checkpointing = figures.get("gradient_checkpointing", True)
        for ph in figures["phases"]:
            if "measured_gib" not in ph:
                continue
            s = Settings(max_length=ph["seq"], offload=ph["offload"], fast_kernels=figures["fast_kernels"],
                         kl_probe_samples=PROBE_SAMPLES, gradient_checkpointing=checkpointing)
            est = estimate(shape, s, None, offload="on" if ph["offload"] else "off")
            nvml = nvml_gib_of(est.peak_gib, allocator)
            row = {"shape": name, "seq": ph["seq"],
                   "options": {"offload": ph["offload"], "fast_kernels": figures["fast_kernels"],
                               "gradient_checkpointing": checkpointing, "cap_gb": figures["cap_gb"],
                               "allocator": allocator},
                   "predicted_gib": round(est.peak_gib, 3), "predicted_nvml_gib": round(nvml, 3),
                   "measured_gib": round(ph["measured_gib"], 3),
                   "measured_nvml_gib": round(ph["measured_nvml_gib"], 3) if ph.get("measured_nvml_gib") else None,
                   "tokens_per_s": ph.get("tokens_per_s"), "sitting": figures.get("tag")}
            row["error_allocated"] = round(row["predicted_gib"] / row["measured_gib"] - 1, 4)
            row["error_nvml"] = (round(row["predicted_nvml_gib"] / row["measured_nvml_gib"] - 1, 4)
                                 if row["measured_nvml_gib"] else None)
            rows.append(row)
    return rows


def _worst(rows: list[dict]) -> tuple[float, float]:
    worst = max((abs(r["error_allocated"]) for r in rows), default=0)
    worst_nvml = max((abs(r["error_nvml"]) for r in rows if r["error_nvml"] is not None), default=0)
    return worst, worst_nvml


def compare(results: Path) -> int:
    """Recompute every measured row's prediction with the current estimator; write vram_estimate.json + .md.

    The rows are vram_raw/*.jsonl (training as it runs now: expandable segments on Linux, the fused
    path's compiled layers); the earlier rows of vram_raw/default-allocator/ without the fused kernels
    are checked too, and summed up in one line. The fused rows measured with Liger's layer kernels
    (vram_raw/liger-path/ and the default-allocator files), a path training no longer takes, are not.
    """
    raw = results / "vram_raw"
    rows = _estimate_rows(sorted(raw.glob("*.jsonl")), "expandable")
    earlier = _estimate_rows(sorted((raw / "default-allocator").glob("*.jsonl")), "default", fused=False)
    (results / "vram_estimate.json").write_text(json.dumps({"rows": rows}, indent=1) + "\n")
    lines = ["| shape | seq | offload | fused kernels | checkpointing | predicted GiB | measured GiB | error | "
             "predicted NVML | measured NVML | error | tokens/s |", "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        o = r["options"]
        nvml_err = f"{r['error_nvml']:+.1%}" if r["error_nvml"] is not None else "-"
        lines.append(f"| {r['shape']} | {r['seq']} | {'on' if o['offload'] else 'off'} | "
                     f"{'on' if o['fast_kernels'] else 'off'} | {'on' if o['gradient_checkpointing'] else 'off'} | "
                     f"{r['predicted_gib']:.2f} | {r['measured_gib']:.2f} | "
                     f"{r['error_allocated']:+.1%} | {r['predicted_nvml_gib']:.2f} | {r['measured_nvml_gib'] or 0:.2f} | "
                     f"{nvml_err} | {r['tokens_per_s']} |")
    worst, worst_nvml = _worst(rows)
    old, old_nvml = _worst(earlier)
    lines.append("")
    lines.append(f"{len(rows)} rows; largest error {worst:.1%} of peak allocated, {worst_nvml:.1%} of NVML peak.")
    lines.append(f"Earlier rows with the default allocator and no fused kernels (vram_raw/default-allocator): "
                 f"{len(earlier)}; largest "
                 f"error {old:.1%} of peak allocated, {old_nvml:.1%} of NVML peak (default-allocator slack).")
    (results / "vram_estimate.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build")
    b.add_argument("root", type=Path)
    b.add_argument("--shapes", default=",".join(SHAPES))
    o = sub.add_parser("one")
    o.add_argument("model_dir", type=Path)
    o.add_argument("--plan", required=True, help="seq:offload:steps,… e.g. 512:off:5,8192:on:5")
    o.add_argument("--fast", default="off", choices=("off", "on", "auto"))
    o.add_argument("--cap", type=float, default=12.0)
    o.add_argument("--checkpointing", default="on", choices=("off", "on", "auto"))
    o.add_argument("--profile", type=int, default=0, help="then profile this many steps at the first phase's length")
    c = sub.add_parser("compare")
    c.add_argument("results", type=Path)
    args = parser.parse_args()
    if args.cmd == "build":
        build(args.root, args.shapes.split(","))
        return 0
    if args.cmd == "compare":
        return compare(args.results)
    print(json.dumps(measure_one(args.model_dir, parse_plan(args.plan), args.fast, args.cap, args.checkpointing,
                                 args.profile)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
