"""`so8t estimate`: each term against hand-computed values for two public shapes, from config.json alone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from so8t.cli import main
from so8t.train.estimate import GIB, NF4_BYTES_PER_WEIGHT, Card, Settings, estimate, memory_terms, read_shape

QWEN = {"model_type": "qwen2", "hidden_size": 896, "intermediate_size": 4864, "num_hidden_layers": 24,
        "num_attention_heads": 14, "num_key_value_heads": 2, "vocab_size": 151936, "tie_word_embeddings": True,
        "max_position_embeddings": 32768}
LLAMA8B = {"model_type": "llama", "hidden_size": 4096, "intermediate_size": 14336, "num_hidden_layers": 32,
           "num_attention_heads": 32, "num_key_value_heads": 8, "vocab_size": 128256, "tie_word_embeddings": False,
           "max_position_embeddings": 131072}


def _folder(tmp_path: Path, config: dict) -> Path:
    """A model folder holding config.json and nothing else: no weights, no tokenizer."""
    folder = tmp_path / config["model_type"]
    folder.mkdir()
    (folder / "config.json").write_text(json.dumps(config))
    return folder


def test_qwen_terms_match_hand_computed_values(tmp_path):
    shape = read_shape(_folder(tmp_path, QWEN))
    terms = memory_terms(shape, Settings(max_length=2048, offload=False))
    # Per layer: q 896·896, k and v 896·128, o 896·896, gate/up/down 896·4864 → 14,909,440 weights.
    assert terms["quantized_weights"] == pytest.approx(24 * 14_909_440 * NF4_BYTES_PER_WEIGHT)
    # Tied embeddings (one 151936×896 matrix), 49 norms of 896, q/k/v biases (896+128+128)·24, all bf16.
    assert terms["unquantized_weights"] == 2 * (151936 * 896 + 49 * 896 + 24 * 1152)
    # LoRA r16: 16·(in+out) summed per layer = 366,592; with the gates (112 blocks · 28 + 1 per layer)
    # that is the 8,873,496 trainable parameters the training stage reports for this shape.
    assert terms["lora_and_optimizer"] == 24 * 366_592 * 16
    assert terms["gates_and_optimizer"] == 24 * (112 * 28 + 1) * 16
    assert 24 * 366_592 + 24 * (112 * 28 + 1) == 8_873_496
    # Checkpointed layer inputs + embedding output + final norm output, bf16.
    assert terms["activations_held"] == 26 * 2048 * 896 * 2
    assert terms["loss_chunk"] == (2**25 // 151936) * 151936 * 8 + 2048 * 896 * 4  # 220 positions of fp32 logits
    offloaded = memory_terms(shape, Settings(max_length=2048, offload=True))
    assert offloaded["activations_held"] == 0


def test_llama_8b_terms_and_the_fp32_upcast(tmp_path):
    shape = read_shape(_folder(tmp_path, LLAMA8B))
    plain = memory_terms(shape, Settings(max_length=2048))
    per_layer = 4096 * 4096 * 2 + 4096 * 1024 * 2 + 3 * 4096 * 14336
    assert shape.linear_weights == 32 * per_layer
    assert plain["quantized_weights"] / GIB == pytest.approx(3.353, abs=1e-3)
    # Untied: embeddings and lm_head, 2 bytes each weight; upcasting doubles that (the 2.1 GB the
    # issue measured PEFT's prepare_model_for_kbit_training adding).
    assert plain["unquantized_weights"] == 2 * (2 * 128256 * 4096 + 65 * 4096)
    upcast = memory_terms(shape, Settings(max_length=2048, upcast_fp32=True))
    assert upcast["unquantized_weights"] == 2 * plain["unquantized_weights"]
    assert upcast["activations_held"] == 2 * plain["activations_held"]
    assert plain["lora_and_optimizer"] == 41_943_040 * 16  # the trainable count plain PEFT reports
    # The dequantized widest weight (4096×14336, bf16) is part of one layer's recompute.
    assert plain["layer_recompute"] == 2048 * (20 * 4096 + 6 * 14336) * 2 + 4096 * 14336 * 2


def test_fits_limits_and_settings_that_fit(tmp_path):
    shape = read_shape(_folder(tmp_path, LLAMA8B))
    card = Card(12.0, "--card-gb")
    fits = estimate(shape, Settings(max_length=2048), card)
    assert fits.fits and fits.settings_that_fit() is None
    too_long = estimate(shape, Settings(max_length=32768), card, offload="off")
    assert too_long.fits is False
    change = too_long.settings_that_fit()
    assert change is not None and change["offload_activations"] == "on"
    fixed = estimate(shape, Settings(max_length=change.get("max_length", 32768), offload=True), card, offload="on")
    assert fixed.fits
    limits = too_long.without_offload, too_long.with_offload
    assert limits[1]["max_length_that_fits"] > limits[0]["max_length_that_fits"]
    longest = limits[0]["max_length_that_fits"]
    assert estimate(shape, Settings(max_length=longest), card, offload="off").fits
    assert not estimate(shape, Settings(max_length=longest + 256), card, offload="off").fits


def test_cli_estimate_needs_only_config_json(tmp_path, capsys):
    folder = _folder(tmp_path, LLAMA8B)
    assert sorted(p.name for p in folder.iterdir()) == ["config.json"]
    code = main(["estimate", "--model", str(folder), "--max-length", "2048", "--card-gb", "12", "--json",
                 "--fast-kernels", "off"])
    out = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert code == 0
    for name in ("peak_gib", "nvml_gib", "card_gib", "fits", "max_length_that_fits", "max_batch_that_fits",
                 "offload", "card_source", "host_ram_gib", "per_gpu", "terms_gib"):
        assert name in out
    assert out["card_source"] == "--card-gb" and out["card_gib"] == 12 and out["fits"] is True
    t = out["terms_gib"]
    static = t["quantized_weights"] + t["unquantized_weights"] + t["lora_and_optimizer"] + t["gates_and_optimizer"]
    step = t["activations_held"] + t["attention_mask"] + max(t["layer_recompute"], t["loss_chunk"])
    assert out["peak_gib"] == pytest.approx(static + max(step, t["probe"]), abs=2e-3)
    assert out["nvml_gib"] > out["peak_gib"]
    # Packing is on by default: its block-diagonal mask over a 2048-token row is part of the step.
    assert t["attention_mask"] == pytest.approx(2048**2 * 4 / 2**30, abs=1e-3)
    main(["estimate", "--model", str(folder), "--max-length", "2048", "--card-gb", "12", "--json",
          "--fast-kernels", "off", "--packing", "off"])
    unpacked = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert unpacked["terms_gib"]["attention_mask"] == 0
    assert unpacked["peak_gib"] == pytest.approx(out["peak_gib"] - t["attention_mask"], abs=2e-3)


def test_cli_train_refuses_a_run_that_does_not_fit(tmp_path, capsys):
    folder = _folder(tmp_path, LLAMA8B)
    data = tmp_path / "d.jsonl"
    data.write_text('{"prompt": "a", "response": "b"}\n')
    args = ["train", "--model", str(folder), "--data", str(data), "--out", str(tmp_path / "run"), "--device", "cuda",
            "--cuda-memory-limit-gb", "11", "--max-length", "65536", "--offload-activations", "off",
            "--fast-kernels", "off"]
    assert main(args) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "needs" in err[0] and "--max-length" in err[0] and "--force" in err[0]
    # --force goes past the estimate (here to the next check: the folder has no weights).
    assert main([*args, "--force"]) == 2
    assert "estimate says" not in capsys.readouterr().err


def test_cli_estimate_starts_from_the_same_preset_as_train(tmp_path, capsys, monkeypatch):
    """Without --preset the machine's preset applies (rtx3060-12gb with CUDA, cpu without), as for `so8t train`."""
    import torch

    folder = _folder(tmp_path, LLAMA8B)

    def estimate_json(*extra: str) -> dict:
        assert main(["estimate", "--model", str(folder), "--card-gb", "12", "--json", "--fast-kernels", "off",
                     *extra]) == 0
        return json.loads(capsys.readouterr().out.strip().splitlines()[-1])

    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    cuda = estimate_json()
    assert cuda["preset"] == "rtx3060-12gb"
    assert estimate_json("--preset", "rtx3060-12gb")["peak_gib"] == cuda["peak_gib"]
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    assert estimate_json()["preset"] == "cpu"


def test_per_gpu_estimate_with_nproc_is_each_ranks_share_of_the_batch(tmp_path, capsys):
    """--nproc 2 --batch-size 4: each GPU holds 2 samples, as one process with --batch-size 2 (probe on GPU 0 only)."""
    folder = _folder(tmp_path, LLAMA8B)
    common = ["estimate", "--model", str(folder), "--max-length", "2048", "--card-gb", "12", "--json",
              "--fast-kernels", "off"]

    def run(*more: str) -> dict:
        assert main([*common, *more]) == 0
        return json.loads(capsys.readouterr().out.strip().splitlines()[-1])

    two, one, whole = run("--nproc", "2", "--batch-size", "4"), run("--batch-size", "2"), run("--batch-size", "4")
    assert [g["gpu"] for g in two["per_gpu"]] == [0, 1] and [g["batch_size"] for g in two["per_gpu"]] == [2, 2]
    assert two["per_gpu"][0]["peak_gib"] == one["peak_gib"] == two["peak_gib"]
    assert two["per_gpu"][1]["peak_gib"] <= two["per_gpu"][0]["peak_gib"] < whole["peak_gib"]
    assert len(one["per_gpu"]) == 1 and one["per_gpu"][0]["batch_size"] == 2


MISTRAL = {"model_type": "mistral", "hidden_size": 4096, "intermediate_size": 14336, "num_hidden_layers": 32,
           "num_attention_heads": 32, "num_key_value_heads": 8, "vocab_size": 32768, "tie_word_embeddings": False}
PHI35 = {"model_type": "phi3", "hidden_size": 3072, "intermediate_size": 8192, "num_hidden_layers": 32,
         "num_attention_heads": 32, "num_key_value_heads": 32, "vocab_size": 32064, "tie_word_embeddings": False,
         "max_position_embeddings": 131072}


def test_sliding_window_mask_probe_and_no_checkpointing_terms(tmp_path):
    shape = read_shape(_folder(tmp_path, MISTRAL))
    assert shape.sliding_window == 4096  # transformers' default when config.json names none
    within = memory_terms(shape, Settings(max_length=4096))
    assert within["attention_mask"] == 0  # inside the window transformers takes the causal kernel, no mask
    beyond = memory_terms(shape, Settings(max_length=8192))
    assert beyond["attention_mask"] == 8192 * 8192 * 4
    # The probe: two views' final states, then the larger of one layer's pass (with the mask and the
    # dequantized widest weight) and one chunk of logits per view.
    layer_pass = 8192 * (4 * 4096 + 3 * 14336) * 2 + 4096 * 14336 * 2 + 8192 * 8192 * 4
    assert beyond["probe"] == 2 * 8192 * 4096 * 2 + max(layer_pass, 256 * 32768 * 24)
    # Without checkpointing every layer keeps 12h + 6I bf16 values per token.
    plain = memory_terms(shape, Settings(max_length=1024, gradient_checkpointing=False))
    assert plain["activations_held"] == 32 * 1024 * (12 * 4096 + 6 * 14336) * 2
    # A recomputed layer: 20h + 6I per token, plus the dequantized widest weight; the compiled layers of
    # the fused kernels hold as much, and only their loss differs (fused linear cross-entropy, no logits
    # chunk: the input's grad, 6 bytes per value, and two fp32 chunks of ceil(1024 / ceil(32768 / 4096))
    # = 128 positions).
    gc = memory_terms(shape, Settings(max_length=1024))
    fused_gc = memory_terms(shape, Settings(max_length=1024, fast_kernels=True))
    assert gc["layer_recompute"] == fused_gc["layer_recompute"] == 1024 * (20 * 4096 + 6 * 14336) * 2 + 4096 * 14336 * 2
    assert fused_gc["loss_chunk"] == 1024 * 4096 * 6 + 2 * 128 * 32768 * 4
    assert gc["loss_chunk"] == 1024 * 32768 * 8 + 1024 * 4096 * 4  # every position in one chunk
    qwen = read_shape(_folder(tmp_path, {**QWEN, "model_type": "qwen2"}))
    assert qwen.sliding_window is None  # Qwen2 masks a window only with use_sliding_window


def test_auto_checkpointing_is_off_only_where_the_run_fits_without_it(tmp_path):
    from so8t.train import TrainConfig
    from so8t.train.memory import checkpointing_wanted, estimate_for_run

    card = Card(12.6, "--card-gb")

    def decide(config: dict, **options):
        where = tmp_path / str(len(list(tmp_path.iterdir())))
        where.mkdir()
        cfg = TrainConfig(model=str(_folder(where, config)), **{"fast_kernels": "off", **options})
        return checkpointing_wanted(cfg, estimate_for_run(cfg, card))

    recompute, est = decide(PHI35, max_length=1024)
    assert recompute is False and not est.settings.gradient_checkpointing
    assert est.nvml_gib * 1.1 <= card.gib  # with the 10 % margin the decision allows for
    recompute, est = decide(LLAMA8B, max_length=2048)
    assert recompute is True and est.settings.gradient_checkpointing
    recompute, _ = decide(PHI35, max_length=1024, gradient_checkpointing="on")
    assert recompute is True
    recompute, _ = decide(PHI35, max_length=1024, gradient_checkpointing="off")
    assert recompute is False
    # The fused kernels' compiled layers were measured with checkpointing: 'auto' keeps it on with them.
    recompute, est = decide(PHI35, max_length=1024, fast_kernels="on")
    assert recompute is True and est.settings.gradient_checkpointing and est.settings.fast_kernels


def test_expandable_segments_only_on_linux_and_never_over_the_users_setting(monkeypatch):
    from so8t.train.card import ALLOCATOR_SLACK, allocator_slack, expandable_segments_apply

    monkeypatch.delenv("PYTORCH_CUDA_ALLOC_CONF", raising=False)
    monkeypatch.delenv("PYTORCH_ALLOC_CONF", raising=False)
    assert expandable_segments_apply("linux") and not expandable_segments_apply("win32")
    monkeypatch.setenv("PYTORCH_CUDA_ALLOC_CONF", "max_split_size_mb:128")
    assert not expandable_segments_apply("linux")
    assert allocator_slack() == ALLOCATOR_SLACK["default"]
