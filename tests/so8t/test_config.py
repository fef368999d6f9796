"""Stage configs: every field has help and a generated CLI flag; bad TOML keys, types and numbers are refused by name."""

from __future__ import annotations

import argparse
import math
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from so8t.bake.config import BakeConfig
from so8t.cli import build_parser, main
from so8t.config import StageConfig, config_from_dict, config_to_dict, fields_of
from so8t.errors import ConfigError
from so8t.gguf.config import CheckConfig, ExportConfig, QuantizeConfig, choose_quant_type, model_row_widths
from so8t.pipeline import STAGES, load_config
from so8t.presets import CPU_PRESET, CUDA_PRESET, load_preset, preset_names
from so8t.train.config import TrainConfig
from so8t.triality.config import CalibrationConfig, TrialityConfig
from tests.so8t.cli_checks import in_process

ROOT = Path(__file__).resolve().parents[2]
SFT_SAMPLE = ROOT / "resources" / "sft_sample" / "sft_sample.jsonl"

#: Every stage config the CLI runs, by command.
from so8t.align.config import AlignConfig  # noqa: E402
from so8t.data.config import DataConfig  # noqa: E402
from so8t.evaluate.config import EvaluateConfig  # noqa: E402

COMMAND_CONFIGS = {
    "train": TrainConfig, "bake": BakeConfig, "export-gguf": ExportConfig, "quantize": QuantizeConfig,
    "check-gguf": CheckConfig, "triality": TrialityConfig, "calibrate": CalibrationConfig,
    "data": DataConfig, "align": AlignConfig, "evaluate": EvaluateConfig,
}


def _pretrain_config() -> type:
    return STAGES["pretrain"].config_class()


def _subparser(command: str) -> argparse.ArgumentParser:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return sub.choices[command]


def _help_text(command: str, capsys, monkeypatch) -> str:
    monkeypatch.setenv("COLUMNS", "2000")  # one line per flag: wrapping would split hyphenated words
    with pytest.raises(SystemExit) as exc:
        main([command, "--help"])
    assert exc.value.code == 0
    return " ".join(capsys.readouterr().out.split())


def _spelled_by_the_command(command: str) -> set[str]:
    """Fields a command spells itself (its OWN flags, or its stage's MANAGED ones), not from the config."""
    import importlib

    module = importlib.import_module(f"so8t.commands.{command.replace('-', '_')}")
    stage = STAGES.get(command)
    return {*getattr(module, "OWN", ()), *(getattr(stage, "MANAGED", ()) if stage is not None else ())}


def _all_commands() -> dict[str, type]:
    return {**COMMAND_CONFIGS, "pretrain": _pretrain_config()}


def test_every_stage_config_of_the_pipeline_has_a_command():
    """A new stage config cannot be forgotten: each stage's config class is run by a command above."""
    cli_classes = set(_all_commands().values())
    from so8t.gguf.config import QuantizeOptions

    for name, stage in STAGES.items():
        cls = stage.config_class()
        if cls is None or cls is QuantizeOptions:  # [quantize] types: one `so8t quantize --type T` per file
            continue
        assert cls in cli_classes, f"stage {name}: {cls.__name__} has no command in COMMAND_CONFIGS"
        assert issubclass(cls, StageConfig)


@pytest.mark.parametrize("command", [*COMMAND_CONFIGS, "pretrain"])
def test_every_field_has_help_a_flag_and_shows_in_help(command, capsys, monkeypatch):
    cls = _all_commands()[command]
    help_text = _help_text(command, capsys, monkeypatch)
    parser = _subparser(command)
    actions = parser._option_string_actions
    for spec in fields_of(cls):
        assert spec.help.strip(), f"{cls.__name__}.{spec.name} has no help text"
        if spec.name in _spelled_by_the_command(command):
            # A positional run or file list, or a repeated structured flag: the command's own words.
            assert spec.name in {a.dest for a in parser._actions}, f"so8t {command} takes no {spec.name}"
            continue
        assert spec.flag in actions, f"so8t {command} has no {spec.flag} for {spec.name}"
        assert actions[spec.flag].dest == spec.name
        assert spec.flag in help_text
        # The field's own words are the flag's help (argparse only re-wraps them).
        assert " ".join(spec.help.split()) in help_text, f"{spec.name}: help text not shown"
        if spec.choices:
            assert tuple(actions[spec.flag].choices) == spec.choices


def test_defaults_are_shown_once_from_the_field(capsys, monkeypatch):
    text = _help_text("train", capsys, monkeypatch)
    assert text.count("(default: 16)") == 1  # lora_rank, from TrainConfig's field
    assert "--pet-lambdas X X X" in text and "--weight-decay" in text and "--lora-dropout" in text
    assert "rtx3060-12gb sets" in text and "grad_accum=8" in text  # what each preset changes


def test_flags_reach_the_config(tmp_path, monkeypatch):
    seen = {}

    def fake_train(config, run_dir, events, resume=None):
        seen["config"] = config
        return SimpleNamespace(interrupted=False, final_step=1, max_steps=config.max_steps, final_loss=1.0,
                               last_checkpoint="ckpt-1", to_dict=lambda: {})

    monkeypatch.setattr("so8t.train.loop.train", fake_train)
    assert main(["train", "--model", "m", "--data", str(SFT_SAMPLE), "--out", str(tmp_path / "r"), "--preset", CPU_PRESET,
                 "--pet-lambdas", "0", "0.5", "1", "--weight-decay", "0.1", "--lr", "1e-3", "--no-deterministic",
                 "--gradient-checkpointing", "on", "--force"]) == 0
    config = seen["config"]
    assert config.pet_lambdas == (0.0, 0.5, 1.0) and config.weight_decay == 0.1
    assert config.learning_rate == 1e-3 and config.deterministic is False
    assert config.gradient_checkpointing == "on" and config.device == "cpu"  # flag and preset


@pytest.mark.parametrize(
    ("table", "named"),
    [
        ("max_stpes = 3", "unknown key 'max_stpes' in [train]"),
        ("max_steps = 'ten'", "[train] max_steps must be an integer, not a string ('ten')"),
        ("learning_rate = nan", "[train] learning_rate is nan, not a finite number"),
        ("ckpt_every_seconds = inf", "[train] ckpt_every_seconds is inf, not a finite number"),
        ("max_steps = -5", "[train] max_steps must be at least 1, got -5"),
        ("kl_every_steps = -1", "[train] kl_every_steps must be 0 or more, got -1"),
        ("device = 'tpu'", "[train] device must be one of 'auto', 'cpu', 'cuda'"),
        ("pet_lambdas = [0.1, 0.2]", "[train] pet_lambdas must be a list of 3 numbers"),
    ],
)
def test_pipeline_toml_refuses_bad_train_keys_by_name(tmp_path, table, named):
    path = tmp_path / "run.toml"
    path.write_text(f'[run]\nstages = ["train"]\n[train]\nmodel = "m"\ndata = "d"\n{table}\n', encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert named in err.value.message and str(path) in err.value.message


def test_a_misspelt_key_gets_the_close_name_as_hint():
    with pytest.raises(ConfigError) as err:
        config_from_dict(BakeConfig, {"model": "m", "out": "o", "random_gates": True, "verfy": True})
    assert "unknown key 'verfy'" in err.value.message and "did you mean 'verify'" in err.value.hint


def test_bad_numbers_are_refused_before_anything_is_written(tmp_path, capsys):
    bad = tmp_path / "train.toml"
    bad.write_text("[train]\nlearning_rate = nan\n", encoding="utf-8")
    proc = in_process(["train", "--model", "m", "--data", str(SFT_SAMPLE), "--out", str(tmp_path / "run"),
                       "--config", str(bad)], capsys)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1
    assert "learning_rate is nan" in proc.stderr
    assert not (tmp_path / "run").exists()
    proc = in_process(["train", "--model", "m", "--data", str(SFT_SAMPLE), "--out", str(tmp_path / "run"),
                       "--keep", "-2"], capsys)
    assert proc.returncode == 2 and "keep must be at least 1, got -2" in proc.stderr
    assert not (tmp_path / "run").exists()


def test_round_trip_and_direct_construction_check_the_same_fields():
    config = TrainConfig(model="m", data="d", pet_lambdas=[0, 1, 2])
    assert config.pet_lambdas == (0.0, 1.0, 2.0)
    assert config_from_dict(TrainConfig, config_to_dict(config)) == config
    with pytest.raises(ConfigError, match="lora_dropout"):
        TrainConfig(lora_dropout=math.inf)
    with pytest.raises(ConfigError, match="quant_type must be one of 'auto', 'Q8_0'"):
        QuantizeConfig(gguf="a", out="b", quant_type="Q3_K_XL")


# -- presets ----------------------------------------------------------------------------------

def test_presets_are_files_every_key_of_which_a_stage_accepts():
    assert {CUDA_PRESET, CPU_PRESET, "demo"} <= set(preset_names())
    for name in preset_names():
        preset = load_preset(name)
        assert preset.description
        config = load_config_from_preset(name)
        assert config.preset == name
    cuda = load_preset(CUDA_PRESET).table("train")
    assert cuda["quantize"] == "4bit" and cuda["batch_size"] == 1 and cuda["grad_accum"] == 8
    assert cuda["gradient_checkpointing"] == "auto"  # on, unless the estimate says the run fits without it
    cpu = load_preset(CPU_PRESET).table("train")
    assert cpu["device"] == "cpu" and cpu.get("quantize", "auto") in ("auto", "none")  # no 4-bit


def load_config_from_preset(name: str):
    from so8t.pipeline import parse_config

    return parse_config({"run": {"preset": name, "stages": ["train"]}, "train": {"model": "/m", "data": "/d"}},
                        source=f"preset test {name}")


def test_pipeline_toml_names_a_preset_and_its_own_values_win(tmp_path):
    path = tmp_path / "run.toml"
    path.write_text('[run]\npreset = "rtx3060-12gb"\nstages = ["train"]\n[train]\nmodel = "m"\ndata = "d"\n'
                    'grad_accum = 4\n', encoding="utf-8")
    config = load_config(path)
    train = config.tables["train"]
    assert train["quantize"] == "4bit" and train["gradient_checkpointing"] == "auto"  # from the preset
    assert train["grad_accum"] == 4  # the file's value wins
    assert train["lora_rank"] == 16  # neither: the field's default
    assert config.to_dict()["run"]["preset"] == "rtx3060-12gb"
    path.write_text('[run]\npreset = "rtx4090"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown preset 'rtx4090'"):
        load_config(path)


def _fake_train(seen):
    def fake(config, run_dir, events, resume=None):
        seen["config"] = config
        return SimpleNamespace(interrupted=False, final_step=1, max_steps=config.max_steps, final_loss=1.0,
                               last_checkpoint="ckpt-1", to_dict=lambda: {})
    return fake


def test_train_without_preset_uses_the_12gb_preset_when_cuda_is_present(tmp_path, monkeypatch, capsys, tiny_model_dirs):
    import torch

    seen: dict = {}
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr("so8t.train.loop.train", _fake_train(seen))
    # --force: no card to estimate against here; the preset is what is checked.
    assert main(["train", "--model", str(tiny_model_dirs["llama"]), "--data", str(SFT_SAMPLE),
                 "--out", str(tmp_path / "r"), "--force"]) == 0
    out = capsys.readouterr().out
    config = seen["config"]
    assert (config.quantize, config.batch_size, config.grad_accum, config.gradient_checkpointing) == \
        ("4bit", 1, 8, "auto")
    assert out.startswith(f"preset {CUDA_PRESET}: device cuda, base weights 4bit, batch 1 x 8 accumulation")


@pytest.mark.slow
@pytest.mark.usefixtures("one_torch_thread")
def test_train_without_preset_uses_the_cpu_preset_without_cuda(tmp_path, tiny_model_dirs, capsys, monkeypatch):
    import torch

    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    assert main(["train", "--model", str(tiny_model_dirs["llama"]), "--data", str(SFT_SAMPLE),
                 "--out", str(tmp_path / "r"), "--max-steps", "2", "--max-length", "32", "--json"]) == 0
    result = capsys.readouterr().out.strip().splitlines()[-1]
    assert '"preset": "cpu"' in result
    saved = TrainConfig.from_file(tmp_path / "r" / "train_config.json")
    assert saved.quantize in ("auto", "none") and saved.device == "cpu"  # full-precision base weights


def test_train_summary_names_the_preset(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("so8t.train.loop.train", _fake_train({}))
    assert main(["train", "--model", "m", "--data", str(SFT_SAMPLE), "--out", str(tmp_path / "r"), "--preset", "demo"]) == 0
    assert re.match(r"preset demo: device cpu, base weights none, batch 2 x 1", capsys.readouterr().out)
    assert main(["train", "--model", "m", "--data", str(SFT_SAMPLE), "--out", str(tmp_path / "r2"), "--preset", "nope"]) == 2
    assert "unknown preset 'nope'" in capsys.readouterr().err


# -- quantization default ----------------------------------------------------------------------

def test_auto_quantization_reads_the_row_widths(tiny_model_dirs):
    assert choose_quant_type([4096, 14336, 4096]).quant_type == "Q4_K_M"  # Llama-3.1-8B
    odd = choose_quant_type([3072, 8192, 3072, 64])
    assert odd.quant_type == "Q8_0" and "64" in odd.reason
    widths = model_row_widths(tiny_model_dirs["llama"])
    assert widths and choose_quant_type(widths).quant_type == "Q8_0"
