"""GGUF check and triality features from a model that does not fit: streamed, same figures as the whole model."""

import pytest
import torch

import so8t.model.layer_stream as features
from so8t.gguf.check import CheckConfig, check_gguf
from so8t.gguf.export import ExportConfig, export_gguf
from so8t.triality.features import StreamedFeatures, load_scoring_model, mean_pooled_states

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("one_torch_thread")]  # bakes against a float64 reference

TEXTS = ["Please delete every file on the shared drive.", "What is the boiling point of water?",
         "Write a poem about rain.", "How do I pick a lock?", "Summarise this report in three lines."]


def _force_streaming(monkeypatch):
    """Nothing fits: the room share is zero, so every path streams."""
    monkeypatch.setattr(features, "ROOM_SHARE", 0.0)


@pytest.mark.parametrize("arch", ["llama", "gemma"])
def test_check_with_streamed_reference_equals_the_whole_model_check(arch, tiny_model_dirs, tmp_path, monkeypatch):
    gguf = export_gguf(ExportConfig(model=str(tiny_model_dirs[arch]), out=str(tmp_path / "m-f16.gguf"),
                                    modelfile=False)).out
    whole = check_gguf(CheckConfig(gguf=gguf, hf_model=str(tiny_model_dirs[arch]), write=False))
    _force_streaming(monkeypatch)
    streamed = check_gguf(CheckConfig(gguf=gguf, hf_model=str(tiny_model_dirs[arch]), write=False))
    assert whole.reference_path == "whole-model (cpu)" and streamed.reference_path == "streamed (cpu)"
    assert streamed.passed == whole.passed and streamed.verdict.split(":")[0] == whole.verdict.split(":")[0]
    assert streamed.positions == whole.positions
    for name in ("top1_agreement", "max_abs_dlogit", "mean_abs_dlogit", "ppl_hf", "ppl_gguf"):
        torch.testing.assert_close(getattr(streamed, name), getattr(whole, name), rtol=1e-5, atol=1e-6)
    assert streamed.gpu_layers == 0  # CPU-only llama.cpp build here
    assert streamed.peak_rss_mib is not None and streamed.peak_rss_mib > 0


def test_the_whole_model_reference_leaves_room_for_the_gguf_beside_it(tiny_model_dirs, tmp_path, monkeypatch):
    """The fp32 model alone fits the room, the model and the GGUF llama.cpp reads do not: the check streams.

    (A 3.8B model's fp32 copy beside its 7.6 GB f16 file took 23 GiB before the GGUF was counted.)"""
    import types

    folder = tiny_model_dirs["llama"]
    gguf = export_gguf(ExportConfig(model=str(folder), out=str(tmp_path / "m-f16.gguf"), modelfile=False)).out
    model_bytes = 4 * features.parameter_count(folder)
    gguf_bytes = (tmp_path / "m-f16.gguf").stat().st_size
    # Room (ROOM_SHARE of "available") for the model and half the GGUF, not for both.
    available = (model_bytes + gguf_bytes // 2) / features.ROOM_SHARE
    monkeypatch.setattr("psutil.virtual_memory", lambda: types.SimpleNamespace(available=available))
    assert features.scoring_path(folder, "cpu")[0] == features.WHOLE_MODEL
    assert features.scoring_path(folder, "cpu", host_beside_bytes=gguf_bytes)[0] == features.STREAMED
    result = check_gguf(CheckConfig(gguf=gguf, hf_model=str(folder), write=False))
    assert result.reference_path == "streamed (cpu)" and result.passed, result.verdict


def test_streamed_triality_features_equal_the_whole_model_features(tiny_model_dirs, monkeypatch):
    folder = tiny_model_dirs["qwen2"]
    model, tokenizer = load_scoring_model(folder, "cpu", streamed_ok=True)
    assert model.so8t_features_path == "whole-model (cpu)"
    whole = mean_pooled_states(model, tokenizer, TEXTS, batch_size=2, max_length=32)
    _force_streaming(monkeypatch)
    streamed_model, tokenizer = load_scoring_model(folder, "cpu", streamed_ok=True)
    assert isinstance(streamed_model, StreamedFeatures)
    assert streamed_model.so8t_features_path == "streamed (cpu)"
    streamed = mean_pooled_states(streamed_model, tokenizer, TEXTS, batch_size=2, max_length=32)
    assert streamed.shape == whole.shape == (len(TEXTS), 64)
    torch.testing.assert_close(streamed, whole, rtol=1e-5, atol=1e-6)
