"""Peak memory of one training step: chunked loss (ours) against transformers' loss over all logits, on CPU.

Each variant runs in its own process and reports its peak resident set size, so the figures
compare like with like on any machine (no GPU needed):

    python bench/loss_memory.py [--vocab 128256] [--seq 512,2048] [--out bench/results/loss_memory.json]

The model is a random Llama with a large vocabulary and a small body (the vocabulary is what the
loss's memory depends on), fp32, LoRA r 16 on attention and MLP, gradient checkpointing on,
training mode, batch 1, every position labelled. `bench/vram.py` measures whole training runs on CUDA.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def one(variant: str, vocab: int, seq: int) -> dict:
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import AutoConfig, AutoModelForCausalLM
    from transformers.loss.loss_utils import ForCausalLMLoss

    from so8t.train.loss import causal_lm_loss

    torch.set_num_threads(2)
    config = AutoConfig.for_model("llama", vocab_size=vocab, hidden_size=512, intermediate_size=1536,
                                  num_hidden_layers=4, num_attention_heads=8, num_key_value_heads=8,
                                  tie_word_embeddings=True, pad_token_id=0, bos_token_id=1, eos_token_id=2)
    torch.manual_seed(0)
    model = AutoModelForCausalLM.from_config(config)
    model.gradient_checkpointing_enable(gradient_checkpointing_kwargs={"use_reentrant": False})
    model.enable_input_require_grads()
    model = get_peft_model(model, LoraConfig(r=16, lora_alpha=32, target_modules=[
        "q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]))
    model.train()
    ids = torch.randint(3, vocab, (1, seq), generator=torch.Generator().manual_seed(1))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    out = model(input_ids=ids, output_hidden_states=True, logits_to_keep=1 if variant == "chunked" else 0)
    if variant == "chunked":
        loss = causal_lm_loss(model, out.hidden_states[-1], ids)
    else:
        loss = ForCausalLMLoss(out.logits, ids, vocab_size=vocab)
    loss.backward()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return {"variant": variant, "vocab": vocab, "seq": seq, "loss": float(loss),
            "rss_before_step_mib": before / 2**20, "peak_rss_mib": peak / 2**20, "step_mib": (peak - before) / 2**20}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--vocab", type=int, default=128256)
    parser.add_argument("--seq", default="512,2048")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--one", nargs=3, metavar=("VARIANT", "VOCAB", "SEQ"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.one[0], int(args.one[1]), int(args.one[2]))))
        return 0
    rows = []
    for seq in [int(s) for s in args.seq.split(",")]:
        pair = {}
        for variant in ("plain", "chunked"):
            proc = subprocess.run([sys.executable, __file__, "--one", variant, str(args.vocab), str(seq)],
                                  capture_output=True, text=True, check=True)
            pair[variant] = json.loads(proc.stdout.strip().splitlines()[-1])
            rows.append(pair[variant])
        plain, chunked = pair["plain"]["step_mib"], pair["chunked"]["step_mib"]
        print(f"vocab {args.vocab}, seq {seq:5d}: memory a training step adds: plain loss {plain:7.0f} MiB, "
              f"chunked {chunked:7.0f} MiB (ratio {chunked / plain:.2f}); loss {pair['plain']['loss']:.5f} vs "
              f"{pair['chunked']['loss']:.5f}", flush=True)
    if args.out:
        args.out.write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
