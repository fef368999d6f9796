"""QLoRA training cost on CUDA: our stage (gates + PET + metrics) vs plain PEFT QLoRA, same process, same data.

Needs a CUDA GPU and bitsandbytes. Two steps, each its own process so the memory cap of the
second is not spent on building the model:

    python bench/train.py build DIR      # a random model with Phi-3.5-mini-instruct's shape, bf16
    python bench/train.py run DIR --out RESULTS_DIR [--steps 50] [--memory-gb 12]

`run` caps this process's CUDA memory with torch.cuda.set_per_process_memory_fraction, then
trains the plain PEFT QLoRA baseline (no gates, no PET) and our training stage on the same data,
seq 1024, batch 1, gradient checkpointing, and prints tokens/s (median over the steps after a
warm-up) and peak VRAM of each, and our overhead. Random weights: memory and speed do not depend
on the values. It writes train_cuda.json into RESULTS_DIR.
"""

from __future__ import annotations

import argparse
import gc
import json
import platform
import random
import shutil
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

#: Phi-3.5-mini-instruct's shape (config.json of microsoft/Phi-3.5-mini-instruct). Its longrope
#: factors only matter beyond 4096 tokens and are left out; the ids match the built-in tokenizer
#: that the random model is given (values are random, so the vocabulary is only a source of ids).
PHI35_MINI = {
    "architectures": ["Phi3ForCausalLM"],
    "model_type": "phi3",
    "hidden_size": 3072,
    "intermediate_size": 8192,
    "num_hidden_layers": 32,
    "num_attention_heads": 32,
    "num_key_value_heads": 32,
    "vocab_size": 32064,
    "max_position_embeddings": 4096,
    "original_max_position_embeddings": 4096,
    "hidden_act": "silu",
    "rms_norm_eps": 1e-5,
    "rope_theta": 10000.0,
    "sliding_window": 262144,
    "attention_dropout": 0.0,
    "resid_pdrop": 0.0,
    "embd_pdrop": 0.0,
    "initializer_range": 0.02,
    "tie_word_embeddings": False,
    "bos_token_id": 0,
    "eos_token_id": 2,
    "pad_token_id": 0,
}
SEQ_LEN = 1024
#: Steps left out of the speed figures: the first ones include allocator growth and autotuning.
WARMUP_STEPS = 5
#: The issue's limit on our overhead against plain PEFT QLoRA.
MAX_OVERHEAD = 0.10


def build(model_dir: Path) -> None:
    """A random bf16 model of Phi-3.5-mini's shape, initialised on the GPU and saved as safetensors."""
    import torch
    from transformers import AutoConfig, AutoModelForCausalLM

    from so8t.model.folder import copy_tokenizer_files
    from so8t.resources import TINY_MODEL_DIR

    t0 = time.time()
    config = AutoConfig.for_model(**PHI35_MINI)
    torch.manual_seed(0)
    with torch.device("cuda"):
        model = AutoModelForCausalLM.from_config(config, dtype=torch.bfloat16)
    if model_dir.exists():
        shutil.rmtree(model_dir)
    model.save_pretrained(str(model_dir), safe_serialization=True)
    copy_tokenizer_files(TINY_MODEL_DIR, model_dir)
    params = sum(p.numel() for p in model.parameters())
    print(f"built {params / 1e9:.2f}B-parameter random model in {model_dir} ({time.time() - t0:.0f} s)", flush=True)


def write_data(path: Path, samples: int = 64, seed: int = 0) -> None:
    """Chat samples whose assistant turn is longer than SEQ_LEN tokens (so every sample is truncated to it)."""
    from so8t.resources import DEMO_CORPUS

    lines = [s for s in DEMO_CORPUS.read_text(encoding="utf-8").splitlines() if s.strip()]
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as f:
        for _ in range(samples):
            answer = " ".join(rng.choice(lines) for _ in range(200))
            record = {"messages": [{"role": "user", "content": "Write down the notes."},
                                   {"role": "assistant", "content": answer}]}
            f.write(json.dumps(record, ensure_ascii=False) + "\n")


def _free() -> None:
    import torch

    gc.collect()
    torch.cuda.empty_cache()
    torch.cuda.reset_peak_memory_stats()


def baseline(config, steps: int) -> dict:
    """Plain PEFT QLoRA: same loader, LoRA targets, data order, optimizer and clipping; no gates, no PET."""
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import AutoTokenizer

    from so8t.train.data import batch_indices, build_samples, collate, read_sft_file
    from so8t.train.model import load_base_model, lora_targets, resolve_runtime

    runtime = resolve_runtime(config)
    tokenizer = AutoTokenizer.from_pretrained(config.model)
    samples = build_samples(tokenizer, read_sft_file(config.data), config.max_length, lambda _m: None)
    torch.manual_seed(config.seed)
    base = load_base_model(config.model, runtime)
    from peft import prepare_model_for_kbit_training

    base = prepare_model_for_kbit_training(base, use_gradient_checkpointing=True,
                                           gradient_checkpointing_kwargs={"use_reentrant": False})
    model = get_peft_model(base, LoraConfig(r=config.lora_rank, lora_alpha=config.lora_alpha,
                                            lora_dropout=config.lora_dropout, bias="none", task_type="CAUSAL_LM",
                                            target_modules=lora_targets(base, config.lora_targets)))
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=config.learning_rate)
    model.train()
    speeds, losses = [], []
    for step in range(steps):
        t0 = time.perf_counter()
        optimizer.zero_grad(set_to_none=True)
        batch = collate([samples[i] for i in batch_indices(step, len(samples), 1, config.seed)], 0)
        batch = {k: v.cuda() for k, v in batch.items()}
        with torch.autocast("cuda", dtype=runtime.compute_dtype):
            loss = model(**batch).loss
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, config.max_grad_norm)
        optimizer.step()
        losses.append(float(loss.detach()))
        torch.cuda.synchronize()
        speeds.append(int(batch["attention_mask"].sum()) / (time.perf_counter() - t0))
    out = {"speeds": speeds, "losses": losses, "peak_allocated_mb": torch.cuda.max_memory_allocated() / 2**20,
           "peak_reserved_mb": torch.cuda.max_memory_reserved() / 2**20,
           "trainable_parameters": sum(p.numel() for p in params)}
    del model, base, optimizer, params
    return out


def ours(config, run_dir: Path) -> dict:
    import torch

    from so8t.events import read_events
    from so8t.train import train

    result = train(config, run_dir)
    events = read_events(run_dir / "events.jsonl")
    speeds = [e["value"] for e in events if e["kind"] == "metric" and e["name"] == "tokens_per_s"]
    losses = [e["value"] for e in events if e["kind"] == "metric" and e["name"] == "loss"]
    return {"speeds": speeds, "losses": losses, "peak_allocated_mb": torch.cuda.max_memory_allocated() / 2**20,
            "peak_reserved_mb": torch.cuda.max_memory_reserved() / 2**20,
            "trainable_parameters": result.trainable_parameters, "result": result.to_dict(),
            "warnings": [e["msg"] for e in events if e["kind"] == "log" and e.get("level") == "warning"]}


def summarise(name: str, r: dict) -> dict:
    timed = r["speeds"][WARMUP_STEPS:]
    s = {"tokens_per_s_median": statistics.median(timed), "tokens_per_s_mean": statistics.fmean(timed),
         "steps": len(r["speeds"]), "peak_allocated_mb": round(r["peak_allocated_mb"], 1),
         "peak_reserved_mb": round(r["peak_reserved_mb"], 1), "trainable_parameters": r["trainable_parameters"],
         "first_loss": r["losses"][0], "last_loss": r["losses"][-1]}
    print(f"{name:>9}: {s['tokens_per_s_median']:8.1f} tokens/s (median of steps {WARMUP_STEPS + 1}-{s['steps']}), "
          f"peak VRAM {s['peak_allocated_mb']:.0f} MiB allocated / {s['peak_reserved_mb']:.0f} MiB reserved, "
          f"{s['steps']} steps", flush=True)
    return s


def run(model_dir: Path, out_dir: Path, steps: int, memory_gb: float, paged: bool) -> int:
    import peft
    import torch
    import transformers

    from so8t.train import TrainConfig

    work = Path("/tmp/so8t-bench-train")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    data = work / "data.jsonl"
    write_data(data)
    total = torch.cuda.get_device_properties(0).total_memory
    torch.cuda.set_per_process_memory_fraction(memory_gb * 2**30 / total)
    config = TrainConfig(model=str(model_dir), data=str(data), max_steps=steps, max_length=SEQ_LEN, batch_size=1,
                         grad_accum=1, gradient_checkpointing="on", quantize="4bit", device="cuda",
                         ckpt_every_steps=steps, ckpt_every_seconds=0, kl_every_steps=10, kl_probe_samples=1,
                         alpha_warmup_steps=10, warmup_steps=5)
    figures: dict = {"device": torch.cuda.get_device_name(0), "memory_cap_gb": memory_gb, "seq_len": SEQ_LEN,
                     "batch_size": 1, "steps": steps, "gradient_checkpointing": True,
                     "versions": {"torch": torch.__version__, "transformers": transformers.__version__,
                                  "peft": peft.__version__, "python": platform.python_version()},
                     "model": "random init, Phi-3.5-mini-instruct shape (3.8B), 4-bit NF4 + double quant"}
    try:
        import bitsandbytes

        figures["versions"]["bitsandbytes"] = bitsandbytes.__version__
    except ImportError:
        pass
    t0 = time.time()
    _free()
    figures["baseline"] = summarise("baseline", baseline(config, steps))
    _free()
    r = ours(config, work / "run")
    figures["ours"] = summarise("ours", r)
    figures["ours_warnings"] = r["warnings"]
    _free()
    if paged:
        r = ours(config.replace(optimizer="paged_adamw_8bit"), work / "run-paged")
        figures["ours_paged_adamw_8bit"] = summarise("ours+8bit", r)
        _free()
    overhead = 1 - figures["ours"]["tokens_per_s_median"] / figures["baseline"]["tokens_per_s_median"]
    figures["overhead"] = overhead
    figures["passed"] = overhead <= MAX_OVERHEAD and figures["ours"]["steps"] == steps
    figures["bench_seconds"] = round(time.time() - t0, 1)
    print(f"overhead of ours vs plain PEFT QLoRA: {overhead * 100:+.1f} % tokens/s (limit {MAX_OVERHEAD * 100:.0f} %); "
          f"{figures['ours']['steps']} steps under a {memory_gb:g} GB cap without OOM", flush=True)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "train_cuda.json").write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0 if figures["passed"] else 1


def resume_check(out_dir: Path) -> int:
    """On CUDA: 4-bit tiny model + paged 8-bit AdamW, 8 steps; then resume from step 4 and compare steps 5-8."""
    import shutil as sh

    from so8t.events import read_events
    from so8t.model.tiny import build_tiny_model
    from so8t.train import TrainConfig, train
    from so8t.train.data import SFT_SAMPLE

    work = Path("/tmp/so8t-bench-resume")
    sh.rmtree(work, ignore_errors=True)
    model = build_tiny_model("llama", work / "llama", seed=0)
    config = TrainConfig(model=str(model), data=str(SFT_SAMPLE), max_steps=8, ckpt_every_steps=4, ckpt_every_seconds=0,
                         max_length=128, batch_size=2, device="cuda", quantize="4bit", optimizer="paged_adamw_8bit",
                         lora_rank=4, kl_every_steps=4, alpha_warmup_steps=2)

    def losses(run: Path) -> dict[int, float]:
        return {e["step"]: e["value"] for e in read_events(run / "events.jsonl")
                if e["kind"] == "metric" and e["name"] == "loss"}

    straight = work / "straight"
    train(config, straight)
    resumed = work / "resumed"
    sh.copytree(straight, resumed)
    sh.rmtree(resumed / "checkpoints" / "ckpt-8")
    (resumed / "events.jsonl").unlink()
    result = train(config, resumed, resume="ckpt-4")
    a, b = losses(straight), losses(resumed)
    diffs = {s: abs(a[s] - b[s]) for s in b}
    figures = {"resumed_from": result.resumed_from, "final_step": result.final_step, "runtime": result.runtime,
               "straight_losses": a, "resumed_losses": b, "max_abs_loss_diff": max(diffs.values()),
               "bitwise_equal_losses": all(a[s] == b[s] for s in b)}
    print(f"CUDA 4-bit + paged 8-bit AdamW resume from ckpt-4: steps {sorted(b)}, max |loss diff| "
          f"{figures['max_abs_loss_diff']:.3g}, bitwise equal: {figures['bitwise_equal_losses']}", flush=True)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "train_cuda_resume.json").write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0 if result.resumed_from == "ckpt-4" and result.final_step == 8 else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build")
    b.add_argument("model_dir", type=Path)
    r = sub.add_parser("run")
    r.add_argument("model_dir", type=Path)
    r.add_argument("--out", type=Path, default=REPO / "bench" / "results")
    r.add_argument("--steps", type=int, default=50)
    r.add_argument("--memory-gb", type=float, default=12.0)
    r.add_argument("--paged", action="store_true", help="also time ours with the paged 8-bit AdamW")
    c = sub.add_parser("resume-check")
    c.add_argument("--out", type=Path, default=REPO / "bench" / "results")
    args = parser.parse_args()
    if args.cmd == "resume-check":
        return resume_check(args.out)
    if args.cmd == "build":
        build(args.model_dir)
        return 0
    return run(args.model_dir, args.out, args.steps, args.memory_gb, args.paged)


if __name__ == "__main__":
    raise SystemExit(main())
