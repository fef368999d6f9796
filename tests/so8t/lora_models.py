"""Tiny PEFT-wrapped models with non-zero LoRA, for tests that compare our logit paths with transformers'."""

from __future__ import annotations

import torch
from peft import LoraConfig, get_peft_model
from transformers import AutoConfig, AutoModelForCausalLM

from so8t.model.tiny import tiny_config

#: Families whose logit paths differ: plain, tied input/output embeddings, final soft-capping.
CONFIGS = {
    "llama": lambda: tiny_config("llama"),
    "gemma (tied embeddings)": lambda: tiny_config("gemma"),
    "gemma2 (final logit soft-capping)": lambda: AutoConfig.for_model(
        "gemma2", vocab_size=1024, hidden_size=64, intermediate_size=128, num_hidden_layers=2,
        num_attention_heads=4, num_key_value_heads=2, head_dim=16, final_logit_softcapping=2.0,
        pad_token_id=0, bos_token_id=1, eos_token_id=2),
}


def lora_model(config) -> torch.nn.Module:
    """The model of `config` (seed 0) with random LoRA B, so the adapted model differs from its base."""
    torch.manual_seed(0)
    base = AutoModelForCausalLM.from_config(config)
    lora = LoraConfig(r=4, lora_alpha=8, target_modules=["q_proj", "o_proj", "down_proj"], init_lora_weights=False)
    return get_peft_model(base, lora).eval()
