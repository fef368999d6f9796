"""gui.settings_forms: bad model folders and data files are flagged in the form, with the CLI's message, and Run stays off."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from gui.settings_forms import SettingsForm
from so8t.model.tiny import build_tiny_model
from tests.so8t.cli_checks import in_process


@pytest.fixture
def form(qtbot, tmp_path):
    f = SettingsForm(workspace=tmp_path)
    qtbot.addWidget(f)
    return f


@pytest.fixture
def good_data(tmp_path):
    path = tmp_path / "sft.jsonl"
    path.write_text("\n".join(json.dumps({"prompt": f"q{i}", "response": f"a{i}"}) for i in range(3)) + "\n")
    return path


def _cli_error(args, capsys):
    """The CLI's message for `args`, from `so8t.cli.main` in this process (the words are compared, not the
    executable)."""
    proc = in_process(args, capsys)
    assert proc.returncode == 2
    line = proc.stderr.strip()
    assert "\n" not in line
    return line.split(": error: ", 1)[1]


def test_a_good_model_and_data_enable_run(form, qtbot, tiny_model_dirs, good_data):
    signals = []
    form.validity_changed.connect(signals.append)
    form.model.edit.setText(str(tiny_model_dirs["llama"]))
    form.data.edit.setText(str(good_data))
    qtbot.waitUntil(lambda: form.is_valid, timeout=3000)
    assert not form.model.error.isVisible() and "llama" in form.model_info.text()
    assert signals[-1] is True


def test_a_folder_that_is_not_a_model_is_flagged_with_the_cli_message(form, qtbot, tmp_path, good_data, capsys):
    folder = tmp_path / "not_a_model"
    folder.mkdir()
    (folder / "notes.txt").write_text("hello")
    form.data.edit.setText(str(good_data))
    form.model.edit.setText(str(folder))
    qtbot.waitUntil(lambda: form.model_error != "", timeout=3000)
    cli = _cli_error(["bake", "--model", str(folder), "--random-gates", "--out", str(tmp_path / "o")], capsys)
    assert form.model.error.text() == form.model_error == cli
    assert "config.json" in cli
    assert not form.is_valid


def test_hidden_size_not_divisible_by_8_is_flagged(form, qtbot, tmp_path, good_data, capsys):
    model = build_tiny_model("llama", tmp_path / "odd", seed=0, hidden_size=36, num_attention_heads=3,
                             num_key_value_heads=3, head_dim=12)
    form.data.edit.setText(str(good_data))
    form.model.edit.setText(str(model))
    qtbot.waitUntil(lambda: form.model_error != "", timeout=3000)
    cli = _cli_error(["bake", "--model", str(model), "--random-gates", "--out", str(tmp_path / "o")], capsys)
    assert form.model_error == cli and "multiple of 8" in cli
    assert not form.is_valid


def test_a_data_file_with_a_malformed_line_is_flagged(form, qtbot, tmp_path, tiny_model_dirs, good_data):
    bad = tmp_path / "bad.jsonl"
    shutil.copy(good_data, bad)
    with open(bad, "a") as f:
        f.write('{"prompt": "q", "response": \n')
    form.model.edit.setText(str(tiny_model_dirs["llama"]))
    form.data.edit.setText(str(bad))
    qtbot.waitUntil(lambda: form.data_error != "", timeout=3000)
    assert "line 4" in form.data_error and str(bad) in form.data_error
    assert form.data.error.text() == form.data_error
    from so8t.errors import DataFileError
    from so8t.train.data import read_sft_file

    with pytest.raises(DataFileError) as exc:
        read_sft_file(bad)
    assert form.data_error == exc.value.one_line()  # what the CLI prints after "error: "
    assert not form.is_valid
    # Fixing the file and re-choosing it enables Run.
    form.data.edit.setText(str(good_data))
    qtbot.waitUntil(lambda: form.is_valid, timeout=3000)


def test_demo_mode_needs_no_model_folder(form, qtbot):
    assert not form.is_valid
    form.demo_button.setChecked(True)
    assert form.is_valid and not form.model.edit.isEnabled()
    from so8t.presets import load_preset

    assert form.values()["demo"] is True and form.values()["preset"] == "demo"
    assert form.values()["train"]["max_steps"] == load_preset("demo").table("train")["max_steps"]
    # The Data field shows the file the demo trains on (it read blank before).
    shown = form.data.edit.text()
    assert shown.endswith("sft_sample.jsonl") and Path(shown).is_file(), shown


def test_the_model_info_line_shows_only_with_a_model(form, qtbot, tmp_path):
    """No blank row under the Model field: the info line is hidden until a model folder is read."""
    form.show()
    assert not form.model_info.isVisible()
    model = build_tiny_model("llama", tmp_path / "m", seed=0)
    form.model.edit.setText(str(model))
    qtbot.waitUntil(lambda: form.model_info.isVisible(), timeout=3000)
    assert "llama" in form.model_info.text() and "2" in form.model_info.text()
    form.model.edit.setText(str(tmp_path / "nothing"))
    qtbot.waitUntil(lambda: form.model.error.isVisible(), timeout=3000)
    assert not form.model_info.isVisible()


def test_start_at_logon_switch_writes_the_run_key(qtbot, monkeypatch, tmp_path):
    from so8t import autostart as autostart_module
    from so8t.autostart import RUN_KEY, VALUE_NAME, WindowsRunKey
    from tests.so8t.test_autostart import FakeWinreg

    reg = FakeWinreg()
    monkeypatch.setattr(autostart_module, "autostart", lambda: WindowsRunKey(reg))
    form = SettingsForm(workspace=tmp_path)
    qtbot.addWidget(form)
    assert form.autostart_check.isEnabled() and not form.autostart_check.isChecked()
    form.autostart_check.setChecked(True)
    assert f"--workspace {tmp_path}" in reg.values[("HKCU", RUN_KEY)][VALUE_NAME]
    form.autostart_check.setChecked(False)
    assert reg.values[("HKCU", RUN_KEY)] == {}


def test_start_at_logon_is_off_and_disabled_outside_windows(qtbot, monkeypatch):
    from so8t import autostart as autostart_module

    monkeypatch.setattr(autostart_module, "autostart", autostart_module.Autostart)
    form = SettingsForm()
    qtbot.addWidget(form)
    assert not form.autostart_check.isEnabled() and not form.autostart_check.isChecked()


def test_lora_targets_are_chosen_in_the_form_and_change_the_estimate(form, qtbot, tmp_path, tiny_model_dirs,
                                                                      good_data):
    import re

    from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel

    from tests.model_shapes import sparse_weights

    model = tmp_path / "llama-8b-shape"
    shutil.copytree(tiny_model_dirs["llama"], model)
    config = json.loads((model / "config.json").read_text())
    config.update(hidden_size=4096, intermediate_size=14336, num_hidden_layers=32, num_attention_heads=32,
                  num_key_value_heads=8, head_dim=128, vocab_size=128256)
    (model / "config.json").write_text(json.dumps(config))  # the estimate reads config.json only
    for weights in model.glob("*.safetensors"):
        weights.unlink()
    sparse_weights(model, config)  # the model field checks config.json against the weights' shapes
    combo = form.findChild(QComboBox, "lora_targetsCombo")
    layout = combo.parentWidget().layout()
    assert isinstance(layout, QFormLayout)
    assert layout.labelForField(combo).text() == "LoRA target layers"
    assert [combo.itemText(i) for i in range(combo.count())] == ["auto", "all-linear", "attention"]
    assert combo.currentText() == "auto" and form.train_values()["lora_targets"] == "auto"
    form.preset.setCurrentIndex(form.preset.findData("rtx3060-12gb"))  # a GPU preset: the estimate shows
    form.vram.card.setValue(80.0)
    form.model.edit.setText(str(model))
    form.data.edit.setText(str(good_data))
    label = form.findChild(QLabel, "vramEstimateLabel")
    qtbot.waitUntil(lambda: "Estimated peak" in label.text(), timeout=5000)

    def peak() -> float:
        return float(re.search(r"Estimated peak ([\d.]+) GiB", label.text()).group(1))

    auto = peak()
    combo.setCurrentText("attention")
    assert form.train_values()["lora_targets"] == "attention"
    assert peak() < auto  # fewer adapted layers, less adapter and optimizer memory
    combo.setCurrentText("q_proj,v_proj")
    assert form.train_values()["lora_targets"] == "q_proj,v_proj" and peak() < auto


def test_an_optional_choice_reads_default_and_stays_out_of_the_config(form):
    """[data] thinking_format is optional (None): the box shows "default" and writes nothing until a
    format is picked; a box with only the formats picked "basic" and broke every demo run in the window."""
    _default, combo = form.stage_options.fields["data"]["thinking_format"]
    assert combo.currentData() is None and combo.currentText() == combo.itemText(0)
    assert [combo.itemData(i) for i in range(combo.count())] == [None, "basic", "four-section"]
    assert "thinking_format" not in form.stage_options.values().get("data", {})
    combo.setCurrentIndex(combo.findData("four-section"))
    assert form.stage_options.values()["data"]["thinking_format"] == "four-section"
