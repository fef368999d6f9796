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


def test_the_window_shows_what_so8t_estimate_says(make_window, qtbot, tmp_path, tiny_model_dirs, capsys):
    """The window's pre-flight is `so8t estimate`'s figure for the same preset and values: the 12 GB preset's
    offloading (the form does not show it) and packing (auto: on for SFT) included."""
    from so8t.cli import main
    from so8t.train.card import Card
    from so8t.train.estimate import Settings, estimate, read_shape

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
    assert shown.settings.packed

    assert main(["estimate", "--preset", "rtx3060-12gb", "--model", str(model), "--max-length", "2048",
                 "--card-gb", "12", "--json"]) == 0
    cli = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    mine = shown.to_dict()
    assert [mine[k] for k in ("peak_gib", "nvml_gib", "offload", "terms_gib")] == \
        [cli[k] for k in ("peak_gib", "nvml_gib", "offload", "terms_gib")]
    assert f"Estimated peak {cli['nvml_gib']:.1f} GiB" in label.text()
    # The label shows what the card counts; its tooltip names torch's allocated peak beside it.
    assert f"torch's allocated peak of {cli['peak_gib']:.1f} GiB" in label.toolTip()
    form.model.edit.setText("")
    qtbot.waitUntil(lambda: form.vram.estimate is None, timeout=5000)
    assert label.toolTip() == ""

    # Control: the form's values alone with TrainConfig's other defaults (what the window estimated before it
    # asked the preset) keep the activations on the card, a different figure from the CLI's.
    alone = estimate(read_shape(model), Settings(max_length=2048), Card(12.0, "--card-gb"), offload="auto")
    assert not alone.offload and alone.peak_gib - shown.peak_gib > 0.4  # 34 × 2048 × 4096 × 2 B ≈ 0.53 GiB


def test_the_estimate_loads_no_torch(tmp_path, tiny_model_dirs):
    """The window asks for the estimate on its GUI thread whenever a field changes, the first time when the
    remembered model is filled in at start: it must not import torch, triton or liger (3 s on this machine)."""
    import subprocess
    import sys

    model = tmp_path / "llama-8b-shape"
    shutil.copytree(tiny_model_dirs["llama"], model)
    (model / "config.json").write_text(json.dumps(LLAMA8B))
    probe = (
        "import sys\n"
        "from so8t.train.card import Card\n"
        "from so8t.train.memory import estimate_under_preset\n"
        f"est = estimate_under_preset('rtx3060-12gb', {{'model': {str(model)!r}, 'max_length': 2048}}, Card(12.0, '--card-gb'))\n"
        "print(est.peak_gib > 0, sorted(m for m in ('torch', 'triton', 'liger_kernel') if m in sys.modules))\n"
        # Control: the run's own check imports them, and this probe sees it.
        "from so8t.train.kernels import fast_kernels_unavailable\n"
        "fast_kernels_unavailable('cuda')\n"
        "print('torch' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:2] == ["True []", "True"]
