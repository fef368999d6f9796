"""gui.vram_estimate: the settings show the memory estimate; a run that exceeds the card keeps Run off until
"Use settings that fit" gives settings whose estimate fits."""

from __future__ import annotations

import json
import shutil

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from tests.model_shapes import sparse_weights

LLAMA8B = {"model_type": "llama", "hidden_size": 4096, "intermediate_size": 14336, "num_hidden_layers": 32,
           "num_attention_heads": 32, "num_key_value_heads": 8, "vocab_size": 128256, "tie_word_embeddings": False,
           "max_position_embeddings": 131072, "rms_norm_eps": 1e-5}


def test_a_run_past_the_card_is_refused_until_settings_that_fit(make_window, qtbot, tmp_path, tiny_model_dirs):
    model = tmp_path / "llama-8b-shape"
    shutil.copytree(tiny_model_dirs["llama"], model)
    (model / "config.json").write_text(json.dumps(LLAMA8B))  # the estimate reads config.json only
    for weights in model.glob("*.safetensors"):
        weights.unlink()
    sparse_weights(model, LLAMA8B)
    data = tmp_path / "sft.jsonl"
    data.write_text(json.dumps({"prompt": "q", "response": "a"}) + "\n")
    window = make_window(tmp_path)
    form = window.settings
    label = window.findChild(QLabel, "vramEstimateLabel")
    fit = window.findChild(QPushButton, "useSettingsThatFitButton")
    form.preset.setCurrentIndex(form.preset.findData("rtx3060-12gb"))  # a GPU preset: the CPU one uses no VRAM
    form.vram.card.setValue(12.0)
    form.hyper["max_length"].setValue(1024)
    form.model.edit.setText(str(model))
    form.data.edit.setText(str(data))
    qtbot.waitUntil(lambda: window.run_button.isEnabled(), timeout=5000)
    assert "fits" in label.text() and "Run is off" not in label.text()

    form.hyper["max_length"].setValue(131072)
    qtbot.waitUntil(lambda: not window.run_button.isEnabled(), timeout=3000)
    text = label.text()
    assert "more than the card's 12.0 GiB" in text and "Run is off" in text and "max length" in text
    assert not fit.isHidden()

    qtbot.mouseClick(fit, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.run_button.isEnabled(), timeout=3000)
    assert 1024 <= form.hyper["max_length"].value() < 131072
    assert form.vram.estimate is not None and form.vram.estimate.fits
    assert "fits" in label.text() and fit.isHidden()


def test_the_estimate_offloads_as_the_preset_does(make_window, qtbot, tmp_path, tiny_model_dirs):
    """The 12 GB preset keeps the checkpointed layers' inputs in CPU memory; the estimate the window shows is
    of that run, not of one that keeps them on the card (the form does not show the option)."""
    from gui.training_form import preset_offload

    assert preset_offload("rtx3060-12gb") == "on"
    assert preset_offload("cpu") == "auto"  # TrainConfig's default where a preset leaves it
    model = tmp_path / "llama-8b-shape"
    shutil.copytree(tiny_model_dirs["llama"], model)
    (model / "config.json").write_text(json.dumps(LLAMA8B))
    for weights in model.glob("*.safetensors"):
        weights.unlink()
    sparse_weights(model, LLAMA8B)
    window = make_window(tmp_path)
    form = window.settings
    label = window.findChild(QLabel, "vramEstimateLabel")
    form.preset.setCurrentIndex(form.preset.findData("rtx3060-12gb"))
    form.vram.card.setValue(12.0)
    form.hyper["max_length"].setValue(2048)
    form.model.edit.setText(str(model))
    qtbot.waitUntil(lambda: form.vram.estimate is not None, timeout=5000)
    shown = form.vram.estimate
    assert shown.offload and "activations offloaded to CPU memory" in label.text()

    # Negative control: the same values with 'auto' (the panel's old fixed choice) keep them on the card.
    form.vram.update_estimate(str(model), form.train_values(), device="cuda", offload="auto")
    kept = form.vram.estimate
    assert not kept.offload and "offloaded" not in label.text()
    assert kept.peak_gib - shown.peak_gib > 0.4  # 34 × 2048 tokens × 4096 × 2 bytes ≈ 0.53 GiB
