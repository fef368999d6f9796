"""Memory of the streamed bake + verification on a scaled-down model: a few layers, not the model.

Measured as the peak-RSS growth (VmHWM; ru_maxrss elsewhere) of a fresh child process (imports done before the baseline). The
bound comes from the model's own sizes; the whole-model path's figure is printed beside it and must
break the bound (so the test can tell the two apart).
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from so8t.model.random_model import write_random_model
from so8t.model.tiny import tiny_config

MIB = 2**20
#: 24 layers × hidden 1024 (a 7B model's depth class, 1/4 of its width): ~130 M parameters, 0.5 GB in fp32.
SHAPE = {"num_hidden_layers": 24, "hidden_size": 1024, "intermediate_size": 1024, "num_attention_heads": 8,
         "num_key_value_heads": 2, "vocab_size": 1024}
#: Decoder layers alive at once in the streamed verification: the layer in its dtype, its float64
#: conversion, the folded copy and the layer read back from the written folder.
LAYERS_IN_FLIGHT = 4
#: torch and transformers' first-use costs (allocator, thread pools, model classes, the meta skeleton).
TORCH_ALLOWANCE_MIB = 256
REPO = Path(__file__).resolve().parents[2]


def _layer_params(config) -> int:
    with torch.device("meta"):
        from transformers import AutoModelForCausalLM

        model = AutoModelForCausalLM.from_config(config)
    return sum(p.numel() for p in model.model.layers[0].parameters())


def _child(model: Path, out: Path, path: str) -> dict:
    proc = subprocess.run([sys.executable, "-m", "tests.so8t.bake_memory_child", str(model), str(out), path, "2"],
                          cwd=REPO, capture_output=True, text=True, timeout=600, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_streamed_verification_stays_within_a_few_layers(tmp_path):
    config = tiny_config("llama", **SHAPE)
    model = write_random_model(config, tmp_path / "model", dtype=torch.float32, shard_bytes=64 * MIB,
                               with_tokenizer=False)
    layer_f64 = _layer_params(config) * 8
    embedding_f64 = config.vocab_size * config.hidden_size * 8
    lm_head = config.vocab_size * config.hidden_size * (4 + 8)  # as stored, plus a float64 chunk
    bound = LAYERS_IN_FLIGHT * layer_f64 + embedding_f64 + lm_head + TORCH_ALLOWANCE_MIB * MIB
    model_f32 = sum(p.stat().st_size for p in model.glob("*.safetensors"))

    streamed = _child(model, tmp_path / "streamed", "streamed")
    whole = _child(model, tmp_path / "whole", "whole")
    print(f"\nmodel {model_f32 / MIB:.0f} MiB fp32; layer {layer_f64 / MIB:.0f} MiB in float64; bound "
          f"{LAYERS_IN_FLIGHT} layers {LAYERS_IN_FLIGHT * layer_f64 / MIB:.0f} + embedding {embedding_f64 / MIB:.0f}"
          f" + lm_head {lm_head / MIB:.0f} + torch {TORCH_ALLOWANCE_MIB} = {bound / MIB:.0f} MiB\n"
          f"streamed growth {streamed['growth_mib']:.0f} MiB ({streamed['seconds']:.0f} s); "
          f"whole-model growth {whole['growth_mib']:.0f} MiB ({whole['seconds']:.0f} s)")
    assert streamed["passed"] and whole["passed"]
    assert (streamed["reference_path"], whole["reference_path"]) == ("streamed", "whole-model")
    assert streamed["growth_mib"] * MIB <= bound
    assert whole["growth_mib"] * MIB > bound  # the measurement tells the paths apart
