"""Bake: exact folding of random gates for every family, vanilla reload, negative control, bf16, deep model."""

import json
import shutil

import pytest
import torch
from transformers import AutoModelForCausalLM

from so8t.bake.exact import BakeConfig, bake
from so8t.bake.verify import (
    FP32_RESOLUTION,
    NOISE_FLOOR_FACTOR,
    VerifyReport,
    compare_logits,
    decide,
    model_logits,
    prompt_batches,
)
from so8t.model.folder import load_model
from so8t.model.gates import attach_gates, detach_gates, randomize_gates, save_gates
from so8t.model.tiny import build_tiny_model
from so8t.store.layout import BAKE_RECORD_FILE as BAKE_RECORD
from tests.conftest import ARCHITECTURES

ANGLE, SEED = 0.5, 0


def gated_reference(folder, seed=SEED, angle=ANGLE, dtype=None):
    """The gated model built independently of bake(): load, attach, randomize with the same seed."""
    model = load_model(folder, dtype=dtype)
    randomize_gates(attach_gates(model, seed=seed), angle, seed)
    return model


@pytest.mark.slow
@pytest.mark.parametrize("arch", ARCHITECTURES)
def test_random_gates_bake_exactly_for_every_family(arch, tiny_model_dirs, tmp_path):
    out = tmp_path / "baked"
    result = bake(BakeConfig(model=str(tiny_model_dirs[arch]), out=str(out), random_gates=True, angle=ANGLE,
                             seed=SEED, verify=True))
    num_layers = json.loads((tiny_model_dirs[arch] / "config.json").read_text())["num_hidden_layers"]
    assert result.layers_baked == num_layers
    assert result.max_abs_err <= 1e-5
    assert result.kl <= 1e-8
    assert result.orth_err_max <= 1e-6
    assert result.top1_agreement == 1.0
    assert result.passed, result.verify["criteria"]

    # The baked folder is plain: vanilla transformers, no remote code, no gate parameters left.
    config = json.loads((out / "config.json").read_text())
    assert "auto_map" not in config
    baked = AutoModelForCausalLM.from_pretrained(str(out), trust_remote_code=False)
    assert not any("so8t" in n for n, _ in baked.named_parameters())
    assert (out / "tokenizer.json").is_file() and (out / BAKE_RECORD).is_file()

    gated = gated_reference(tiny_model_dirs[arch])
    batches = prompt_batches(tiny_model_dirs[arch], gated.config.vocab_size)
    torch.testing.assert_close(model_logits(baked, batches), model_logits(gated, batches), rtol=0, atol=1e-5)


def test_negative_control_unbaked_gate_removal_fails_verification(tiny_model_dirs):
    folder = tiny_model_dirs["llama"]
    model = gated_reference(folder)
    batches = prompt_batches(folder, model.config.vocab_size)
    gated = model_logits(model, batches)
    detach_gates(model)  # gates removed WITHOUT folding them into o_proj
    unbaked = model_logits(model, batches)
    cmp = compare_logits(gated, unbaked)
    assert cmp.max_abs_err > 100 * 1e-5
    report = decide(VerifyReport(
        positions=gated.shape[0], max_abs_err=cmp.max_abs_err, mean_abs_err=cmp.mean_abs_err, kl=cmp.kl,
        top1_agreement=cmp.top1_agreement, noise_floor=1e-7, bake_err=cmp.max_abs_err, orth_err_max=0.0,
        det_err_max=0.0,
    ))
    assert not report.passed
    assert not report.criteria["bake_err_within_noise_floor"]


def test_baking_a_gates_file_equals_baking_the_same_random_gates(tiny_model_dirs, tmp_path):
    folder = tiny_model_dirs["gemma"]
    gates_file = save_gates(attach_gates_random(folder), tmp_path / "gates.safetensors")
    bake(BakeConfig(model=str(folder), out=str(tmp_path / "a"), random_gates=True, verify=False))
    b = bake(BakeConfig(model=str(folder), out=str(tmp_path / "b"), gates=str(gates_file), verify=True))
    assert b.passed
    from safetensors.torch import load_file

    wa, wb = load_file(str(tmp_path / "a" / "model.safetensors")), load_file(str(tmp_path / "b" / "model.safetensors"))
    assert wa.keys() == wb.keys()
    for key in wa:
        assert torch.equal(wa[key], wb[key]), key


def attach_gates_random(folder):
    model = load_model(folder)
    gates = attach_gates(model, seed=SEED)
    randomize_gates(gates, ANGLE, SEED)
    return gates


@pytest.mark.slow
def test_bf16_model_bakes_and_states_its_larger_error(tiny_model_dirs, tmp_path):
    fp32 = bake(BakeConfig(model=str(tiny_model_dirs["qwen2"]), out=str(tmp_path / "f32"), random_gates=True))
    bf16 = bake(BakeConfig(model=str(tiny_model_dirs["qwen2"]), out=str(tmp_path / "bf16"), random_gates=True,
                           dtype="bfloat16"))
    print("bf16 verify:", json.dumps({k: bf16.verify[k] for k in ("max_abs_err", "kl", "top1_agreement",
                                                                  "noise_floor", "bake_err", "passed")}))
    assert bf16.dtype == "bfloat16"
    assert bf16.max_abs_err > 100 * fp32.max_abs_err  # bf16 rounding, stated, not hidden
    assert bf16.verify["noise_floor"] > 100 * fp32.verify["noise_floor"]
    # The bake adds no more error than bf16 arithmetic itself makes.
    assert bf16.verify["bake_err"] <= 2 * bf16.verify["noise_floor"]
    record = json.loads((tmp_path / "bf16" / BAKE_RECORD).read_text())
    assert record["result"]["dtype"] == "bfloat16"
    assert record["result"]["verify"]["max_abs_err"] == bf16.max_abs_err
    saved = AutoModelForCausalLM.from_pretrained(str(tmp_path / "bf16"))
    assert saved.model.layers[0].self_attn.o_proj.weight.dtype == torch.bfloat16


def test_deep_model_passes_by_the_noise_floor_criterion(tmp_path):
    """24 layers with a wide init: fp32 noise is far above fp32 resolution, and the bake stays within it."""
    folder = build_tiny_model("llama", tmp_path / "deep", num_hidden_layers=24, hidden_size=128,
                              intermediate_size=256, num_attention_heads=4, num_key_value_heads=2,
                              initializer_range=0.2)
    result = bake(BakeConfig(model=str(folder), out=str(tmp_path / "out"), random_gates=True, angle=ANGLE))
    v = result.verify
    print("deep model verify:", json.dumps({k: v[k] for k in ("max_abs_err", "kl", "top1_agreement", "noise_floor",
                                                             "bake_err", "orth_err_max", "original_criteria")}))
    assert result.layers_baked == 24
    assert v["noise_floor"] > 10 * FP32_RESOLUTION  # the ratio, not the absolute allowance, decides
    assert v["bake_err"] <= NOISE_FLOOR_FACTOR * v["noise_floor"]
    assert result.passed


def test_failed_bake_leaves_nothing_in_out(tiny_model_dirs, tmp_path, monkeypatch):
    import so8t.bake.exact as bake_module

    def broken(*args, **kwargs):
        raise RuntimeError("disk went away")

    monkeypatch.setattr(bake_module, "_reload_error", broken)
    out = tmp_path / "out"
    with pytest.raises(RuntimeError):
        bake(BakeConfig(model=str(tiny_model_dirs["llama"]), out=str(out), random_gates=True))
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_force_replaces_an_existing_bake(tiny_model_dirs, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(tiny_model_dirs["llama"], out)
    result = bake(BakeConfig(model=str(tiny_model_dirs["llama"]), out=str(out), random_gates=True, force=True))
    assert result.passed and (out / BAKE_RECORD).is_file()
    assert [p.name for p in tmp_path.iterdir()] == ["out"]
