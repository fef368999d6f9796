"""Peak VRAM of the training stage on CUDA, measured, against `so8t.vram`'s estimate.

Needs a CUDA GPU and bitsandbytes. Random models of public shapes (memory does not depend on the
values) are built on the GPU and saved; each (shape, sequence length) is then measured in its own
process, so every figure starts from an empty card:

    python bench/vram.py build DIR [--shapes a,b]        # random bf16 models, one folder per shape
    python bench/vram.py measure DIR --out RESULTS [--seq 512,2048] [--shapes a,b]
    python bench/vram.py compare RESULTS/vram_cuda.json  # estimate vs measured, no GPU needed

A measurement loads the model as the training stage does (4-bit NF4, double quantization, LoRA
r 16 on attention and MLP, SO(8) gates, gradient checkpointing, batch 1) and records, each with
torch's peak counters reset before it: three training steps with our chunked loss, three with
the loss taken the plain way (transformers' loss over every position's logits), our KL-to-base
probe (4 samples of full length), and the same KL taken the plain way from full padded logits.
NVML reads the whole card's used memory 50 times a second; the CUDA context is what NVML sees
beyond torch's reserved memory.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import threading
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
                     "tie_word_embeddings": True},
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
                   "tie_word_embeddings": False},
    "llama-3.1-8b": {"model_type": "llama", "hidden_size": 4096, "intermediate_size": 14336, "num_hidden_layers": 32,
                     "num_attention_heads": 32, "num_key_value_heads": 8, "vocab_size": 128256,
                     "tie_word_embeddings": False},
}
MIB = 2**20
STEPS = 3
PROBE_SAMPLES = 4


def build(root: Path, shapes: list[str]) -> None:
    import torch
    from transformers import AutoConfig, AutoModelForCausalLM

    from so8t.model_io import copy_tokenizer_files
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


class NvmlPeak:
    """The card's used memory, sampled 50 times a second in a thread; `peak` is the highest reading."""

    def __init__(self) -> None:
        import pynvml

        pynvml.nvmlInit()
        self._nvml = pynvml
        self._handle = pynvml.nvmlDeviceGetHandleByIndex(0)
        self.baseline = self.used()
        self.peak = self.baseline
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()

    def used(self) -> int:
        return int(self._nvml.nvmlDeviceGetMemoryInfo(self._handle).used)

    def _loop(self) -> None:
        while not self._stop.wait(0.02):
            self.peak = max(self.peak, self.used())

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def _full_logit_kl(trainer) -> float:
    """The plain way: the padded probe batch's full logits, as the training stage did before its probe was chunked."""
    import torch

    from so8t.train.model import base_model_view

    width = max(len(s) for s in trainer.probe)
    ids = torch.zeros(len(trainer.probe), width, dtype=torch.long, device=trainer.device)
    mask = torch.zeros_like(ids)
    for row, s in enumerate(trainer.probe):
        ids[row, :len(s)], mask[row, :len(s)] = s, 1
    trainer.model.eval()
    with torch.no_grad(), trainer._autocast():
        now = trainer.model(input_ids=ids, attention_mask=mask).logits.float()
        with base_model_view(trainer.model):
            base = trainer.model(input_ids=ids, attention_mask=mask).logits.float()
        log_base, log_now = torch.log_softmax(base, -1), torch.log_softmax(now, -1)
        kl = (log_base.exp() * (log_base - log_now)).sum(-1)
        value = float((kl * mask).sum() / mask.sum())
    trainer.model.train()
    return value


def _plain_loss(model, hidden, labels):
    """The loss as transformers computes it inside the model: logits of every position, then its loss function."""
    from transformers.loss.loss_utils import ForCausalLMLoss

    logits = model.get_output_embeddings()(hidden)
    return ForCausalLMLoss(logits, labels, vocab_size=logits.shape[-1])


def measure_one(model_dir: Path, seq: int, optimizer: str) -> dict:
    """One (model, seq) in this process: peaks of setup, training steps, our probe and the plain KL."""
    import torch

    from so8t.events import EventSink
    from so8t.train import TrainConfig, loop
    from so8t.train.loop import Trainer
    from so8t.train.loss import causal_lm_loss

    work = Path(f"/tmp/so8t-bench-vram/{model_dir.name}-{seq}-{optimizer}")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    write_data(work / "data.jsonl", seq)
    nvml = NvmlPeak()
    torch.cuda.init()
    torch.zeros(1, device="cuda")
    context = nvml.used() - nvml.baseline - torch.cuda.memory_reserved()
    config = TrainConfig(model=str(model_dir), data=str(work / "data.jsonl"), max_steps=STEPS, max_length=seq,
                         batch_size=1, grad_accum=1, gradient_checkpointing="on", quantize="4bit", device="cuda",
                         optimizer=optimizer, ckpt_every_steps=1000, ckpt_every_seconds=0, kl_every_steps=0,
                         kl_probe_samples=PROBE_SAMPLES, alpha_warmup_steps=1, warmup_steps=1)
    sink = EventSink(run="bench", stage="train", log_path=work / "events.jsonl")
    trainer = Trainer(config, work / "run", sink, None)
    trainer.setup()
    figures = {"seq": seq, "optimizer": optimizer, "context_mib": context / MIB,
               "setup_allocated_mib": torch.cuda.max_memory_allocated() / MIB,
               "trainable_parameters": trainer.trainable_parameters,
               "probe_tokens": [len(s) for s in trainer.probe]}

    def peak(name: str, fn) -> None:
        torch.cuda.empty_cache()
        torch.cuda.reset_peak_memory_stats()
        try:
            fn()
            figures[f"{name}_allocated_mib"] = torch.cuda.max_memory_allocated() / MIB
            figures[f"{name}_reserved_mib"] = torch.cuda.max_memory_reserved() / MIB
        except torch.OutOfMemoryError as exc:
            figures[f"{name}_error"] = str(exc).splitlines()[0]
        torch.cuda.empty_cache()

    trainer.model.train()  # as Trainer.run does: gradient checkpointing acts in training mode only
    peak("train", lambda: [trainer._train_step() for _ in range(STEPS)])
    loop.causal_lm_loss = _plain_loss
    peak("train_plain_loss", lambda: [trainer._train_step() for _ in range(STEPS)])
    loop.causal_lm_loss = causal_lm_loss
    peak("probe", trainer.kl_to_base)
    peak("full_logit_kl", lambda: _full_logit_kl(trainer))
    nvml.stop()
    figures["card_peak_mib"] = (nvml.peak - nvml.baseline) / MIB
    return figures


def measure(root: Path, out: Path, shapes: list[str], seqs: list[int], optimizer: str) -> int:
    out.mkdir(parents=True, exist_ok=True)
    path = out / "vram_cuda.json"
    results = json.loads(path.read_text()) if path.exists() else {"runs": []}
    for name in shapes:
        for seq in seqs:
            t0 = time.time()
            proc = subprocess.run([sys.executable, __file__, "one", str(root / name), str(seq), optimizer],
                                  capture_output=True, text=True)
            if proc.returncode != 0:
                print(f"{name} seq {seq}: failed\n{proc.stderr[-2000:]}", flush=True)
                continue
            figures = json.loads(proc.stdout.strip().splitlines()[-1])
            figures.update(shape=name, config={**_COMMON, **SHAPES[name]})
            results["runs"] = [r for r in results["runs"]
                               if (r["shape"], r["seq"], r["optimizer"]) != (name, seq, optimizer)] + [figures]
            path.write_text(json.dumps(results, indent=1) + "\n")
            print(f"{name:>13} seq {seq:5d}: train {figures.get('train_allocated_mib', 0):7.0f} MiB "
                  f"(plain loss {figures.get('train_plain_loss_allocated_mib', 0):7.0f}), "
                  f"probe {figures.get('probe_allocated_mib', 0):7.0f}, plain KL "
                  f"{figures.get('full_logit_kl_allocated_mib', 0):7.0f}, card {figures['card_peak_mib']:7.0f} "
                  f"(context {figures['context_mib']:.0f}) [{time.time() - t0:.0f} s]", flush=True)
    try:
        import torch

        results["device"] = torch.cuda.get_device_name(0)
        results["versions"] = {"torch": torch.__version__}
    except Exception:  # noqa: BLE001 - the figures matter more than the label
        pass
    path.write_text(json.dumps(results, indent=1) + "\n")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build")
    b.add_argument("root", type=Path)
    b.add_argument("--shapes", default=",".join(SHAPES))
    m = sub.add_parser("measure")
    m.add_argument("root", type=Path)
    m.add_argument("--out", type=Path, required=True)
    m.add_argument("--shapes", default=",".join(SHAPES))
    m.add_argument("--seq", default="512,2048")
    m.add_argument("--optimizer", default="adamw")
    o = sub.add_parser("one")
    o.add_argument("model_dir", type=Path)
    o.add_argument("seq", type=int)
    o.add_argument("optimizer")
    args = parser.parse_args()
    if args.cmd == "build":
        build(args.root, args.shapes.split(","))
        return 0
    if args.cmd == "measure":
        return measure(args.root, args.out, args.shapes.split(","), [int(s) for s in args.seq.split(",")],
                       args.optimizer)
    print(json.dumps(measure_one(args.model_dir, args.seq, args.optimizer)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
