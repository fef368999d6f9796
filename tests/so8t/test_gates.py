"""Gates in front of every attention o_proj: attach, forward math, detach, save/load, PEFT wrapping."""

import pytest
import torch
import torch.nn.functional as F

from so8t.errors import GateShapeError, So8tError, UnsupportedArchitectureError
from so8t.model.architectures import attention_sites
from so8t.model.folder import load_model
from so8t.model.gates import (
    SO8Gate,
    attach_gates,
    detach_gates,
    gates_of,
    load_gate_state,
    load_gates_into,
    randomize_gates,
    save_gates,
)
from so8t.model.tiny import build_tiny_model
from tests.conftest import ARCHITECTURES

IDS = torch.tensor([[0, 17, 230, 5, 99, 401, 7, 12]])


def logits(model):
    with torch.no_grad():
        return model(input_ids=IDS).logits


def test_gate_forward_is_per_block_linear_with_R():
    gate = SO8Gate(24)
    randomize_gates([gate], 0.7, seed=0)
    x = torch.randn(3, 5, 24, dtype=torch.float32)
    rot = gate.rotations(torch.float64).float()
    expected = torch.cat([F.linear(x[..., 8 * j : 8 * j + 8], rot[j]) for j in range(3)], dim=-1)
    torch.testing.assert_close(gate(x), expected, rtol=0, atol=1e-6)


def test_gate_rejects_width_not_divisible_by_8():
    with pytest.raises(GateShapeError, match="not a multiple of 8"):
        SO8Gate(12)


@pytest.mark.parametrize("arch", ARCHITECTURES)
def test_attach_changes_logits_and_detach_restores_them(arch, tiny_model_dirs):
    model = load_model(tiny_model_dirs[arch])
    before = logits(model)
    gates = attach_gates(model, seed=0)
    assert len(gates) == model.config.num_hidden_layers
    assert [g.layer for g in gates] == list(range(model.config.num_hidden_layers))
    randomize_gates(gates, 0.5, seed=0)
    gated = logits(model)
    assert (gated - before).abs().max() > 1e-3  # the gates really act on the model
    detach_gates(model)
    assert gates_of(model) == []
    torch.testing.assert_close(logits(model), before, rtol=0, atol=0)


def test_attaching_twice_is_refused(tiny_model_dirs):
    model = load_model(tiny_model_dirs["llama"])
    attach_gates(model)
    with pytest.raises(So8tError, match="already"):
        attach_gates(model)


def test_model_without_o_proj_is_refused(tiny_model_dirs):
    model = load_model(tiny_model_dirs["llama"])
    del model.model.layers[1].self_attn.o_proj
    with pytest.raises(UnsupportedArchitectureError, match="layer 1 .* no self_attn.o_proj"):
        attach_gates(model)


def test_unknown_family_is_refused_with_the_supported_list(tmp_path):
    from transformers import GPT2Config, GPT2LMHeadModel

    model = GPT2LMHeadModel(GPT2Config(n_layer=1, n_embd=16, n_head=2, vocab_size=64))
    with pytest.raises(UnsupportedArchitectureError, match="gemma, llama, mistral, phi3, qwen2"):
        attach_gates(model)


def test_gate_width_not_divisible_by_8_is_refused_at_attach(tmp_path):
    folder = build_tiny_model("llama", tmp_path / "m", hidden_size=12, num_attention_heads=3,
                              num_key_value_heads=1, intermediate_size=16)
    from transformers import AutoModelForCausalLM

    model = AutoModelForCausalLM.from_pretrained(str(folder))
    with pytest.raises(GateShapeError, match="12 input features"):
        attach_gates(model)


def test_save_and_load_round_trip(tmp_path, tiny_model_dirs):
    model = load_model(tiny_model_dirs["qwen2"])
    gates = attach_gates(model, seed=1)
    randomize_gates(gates, 0.3, seed=4)
    gated = logits(model)
    path = save_gates(gates, tmp_path / "gates.safetensors")

    fresh = load_model(tiny_model_dirs["qwen2"])
    fresh_gates = attach_gates(fresh, seed=99)
    load_gates_into(fresh_gates, load_gate_state(path))
    torch.testing.assert_close(logits(fresh), gated, rtol=0, atol=0)


def test_loading_gates_of_another_shape_is_refused(tmp_path, tiny_model_dirs):
    small = build_tiny_model("llama", tmp_path / "small", hidden_size=32, num_attention_heads=2,
                             num_key_value_heads=1, intermediate_size=32)
    path = save_gates(attach_gates(load_model(small)), tmp_path / "g.safetensors")
    gates = attach_gates(load_model(tiny_model_dirs["llama"]))
    with pytest.raises(GateShapeError, match="shape"):
        load_gates_into(gates, load_gate_state(path))


def test_a_file_that_is_not_a_gate_file_is_refused(tmp_path):
    from safetensors.torch import save_file

    save_file({"x": torch.zeros(2)}, str(tmp_path / "other.safetensors"))
    with pytest.raises(So8tError, match="not an SO8T gate file"):
        load_gate_state(tmp_path / "other.safetensors")
    (tmp_path / "junk.safetensors").write_bytes(b"not safetensors")
    with pytest.raises(So8tError, match="not readable"):
        load_gate_state(tmp_path / "junk.safetensors")


def test_gate_feeds_the_lora_path_when_attached_after_peft(tiny_model_dirs):
    """Attached after PEFT, the rotation applies to o_proj's whole input: base weight and LoRA alike."""
    from peft import LoraConfig, get_peft_model

    model = load_model(tiny_model_dirs["llama"])
    peft_model = get_peft_model(model, LoraConfig(r=4, lora_alpha=8, target_modules=["o_proj"], lora_dropout=0.0))
    torch.manual_seed(0)
    for name, p in peft_model.named_parameters():
        if "lora_B" in name:
            torch.nn.init.normal_(p, std=0.5)
    gates = attach_gates(peft_model, seed=0)
    randomize_gates(gates, 0.5, seed=0)
    assert len(attention_sites(peft_model)) == len(gates)
    combined = logits(peft_model)
    state = [{k: v.clone() for k, v in g.state_dict().items()} for g in gates]

    detach_gates(peft_model)
    merged = peft_model.merge_and_unload()
    gates2 = attach_gates(merged, seed=0)
    for gate, s in zip(gates2, state, strict=True):
        gate.load_state_dict(s)
    torch.testing.assert_close(logits(merged), combined, rtol=0, atol=1e-5)


def test_bypassed_gates_give_the_base_model_and_batched_rotations_the_gated_one(tiny_model_dirs):
    from so8t.model.gates import gates_bypassed, rotations_batched

    model = load_model(tiny_model_dirs["mistral"])
    base = logits(model)
    gates = attach_gates(model, seed=0)
    randomize_gates(gates, 0.5, seed=0)
    gated = logits(model)
    with gates_bypassed(gates):
        torch.testing.assert_close(logits(model), base, rtol=0, atol=0)
    with rotations_batched(gates):
        assert all(g.precomputed is not None for g in gates)
        torch.testing.assert_close(logits(model), gated, rtol=0, atol=1e-6)
    assert all(g.precomputed is None and not g.bypass for g in gates)
    torch.testing.assert_close(logits(model), gated, rtol=0, atol=0)
