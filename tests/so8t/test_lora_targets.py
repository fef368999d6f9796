"""--lora-targets: which layers get adapters (written to adapter_config.json), its memory term, bad names, resume."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from torch import nn

from so8t.cli import main
from so8t.errors import ConfigError
from so8t.events import EventSink
from so8t.store.records import TrainResult, read_record
from so8t.train import TrainConfig, train
from so8t.train.data import SFT_SAMPLE
from so8t.train.loop import Trainer
from tests.so8t.cli_checks import in_process

pytestmark = pytest.mark.usefixtures("one_torch_thread")

#: A Llama-3.1-8B config.json (the estimate needs nothing else).
LLAMA8B = {"model_type": "llama", "hidden_size": 4096, "intermediate_size": 14336, "num_hidden_layers": 32,
           "num_attention_heads": 32, "num_key_value_heads": 8, "vocab_size": 128256, "tie_word_embeddings": False,
           "max_position_embeddings": 131072}


def _config(model: Path, **changes) -> TrainConfig:
    values = dict(model=str(model), data=str(SFT_SAMPLE), max_steps=1, ckpt_every_steps=1, ckpt_every_seconds=0,
                  max_length=48, batch_size=1, kl_every_steps=0, device="cpu", lora_rank=2)
    values.update(changes)
    return TrainConfig(**values)


def _adapted(model: Path, run: Path, targets: str) -> set[str]:
    """target_modules of the checkpoint a one-step run with `targets` writes."""
    run.mkdir(parents=True)
    trainer = Trainer(_config(model, lora_targets=targets), run, EventSink(run=run.name, stage="train"), None)
    trainer.setup()
    result = trainer.run()
    saved = json.loads((run / "checkpoints" / "ckpt-1" / "adapter_config.json").read_text(encoding="utf-8"))
    assert set(result.lora_targets) == set(saved["target_modules"])  # the record names them too
    assert read_record(TrainResult, run).lora_targets == result.lora_targets
    return set(saved["target_modules"])


def _linear_names(model_dir: Path, inside: str = "") -> set[str]:
    """Leaf names of the model's linear layers (below a module named `inside`), lm_head left out."""
    from transformers import AutoModelForCausalLM

    model = AutoModelForCausalLM.from_pretrained(str(model_dir))
    return {name.rpartition(".")[2] for name, m in model.named_modules()
            if isinstance(m, nn.Linear) and name != "lm_head" and (not inside or f".{inside}." in f".{name}")}


@pytest.mark.slow
def test_adapter_config_holds_the_chosen_targets(tiny_model_dirs, tmp_path):
    model = Path(tiny_model_dirs["llama"])
    assert _adapted(model, tmp_path / "list", "q_proj, v_proj") == {"q_proj", "v_proj"}
    everything = _linear_names(model)
    assert _adapted(model, tmp_path / "all", "all-linear") == everything
    attention = _linear_names(model, "self_attn")
    assert attention < everything  # negative control: attention is a real subset
    assert _adapted(model, tmp_path / "attention", "attention") == attention


def test_a_name_the_model_lacks_is_refused_with_what_it_has(tiny_model_dirs, tmp_path, capsys):
    with pytest.raises(ConfigError) as err:
        train(_config(Path(tiny_model_dirs["phi3"]), lora_targets="q_proj,o_proj"), tmp_path / "run")
    message = str(err.value)
    assert "q_proj" in message.split(";")[0] and "qkv_proj" in message and "o_proj," not in message.split(";")[0]
    # The CLI says the same in one line, and the estimate (config.json only) refuses it too.
    for command in (["train", "--data", str(SFT_SAMPLE), "--out", str(tmp_path / "r2"), "--device", "cpu",
                     "--max-steps", "1"], ["estimate", "--card-gb", "12"]):
        assert main([*command[:1], "--model", str(tiny_model_dirs["phi3"]), *command[1:],
                     "--lora-targets", "q_proj"]) == 2
        line = capsys.readouterr().err.strip()
        assert len(line.splitlines()) == 1 and "q_proj" in line and "qkv_proj" in line, line


def test_a_malformed_choice_is_one_line(tiny_model_dirs, tmp_path, capsys):
    assert main(["train", "--model", str(tiny_model_dirs["llama"]), "--data", str(SFT_SAMPLE), "--out",
                 str(tmp_path / "r"), "--lora-targets", "q_proj,,v proj"]) == 2
    line = capsys.readouterr().err.strip()
    assert len(line.splitlines()) == 1 and "lora_targets" in line and "all-linear" in line


@pytest.mark.slow
def test_resume_may_not_change_the_targets(tiny_model_dirs, tmp_path):
    model = Path(tiny_model_dirs["llama"])
    run = tmp_path / "run"
    train(_config(model, max_steps=2), run)
    with pytest.raises(ConfigError, match="resume would change lora_targets"):
        train(_config(model, max_steps=2, lora_targets="attention"), run, resume="newest")


def _lora_gib(folder: Path, targets: str, capsys) -> float:
    assert main(["estimate", "--model", str(folder), "--card-gb", "12", "--json", "--lora-targets", targets]) == 0
    return json.loads(capsys.readouterr().out.strip().splitlines()[-1])["terms_gib"]["lora_and_optimizer"]


def test_the_estimate_counts_the_chosen_targets(tmp_path, capsys):
    folder = tmp_path / "llama8b"
    folder.mkdir()
    (folder / "config.json").write_text(json.dumps(LLAMA8B))
    auto = _lora_gib(folder, "auto", capsys)
    attention = _lora_gib(folder, "attention", capsys)
    q_v = _lora_gib(folder, "q_proj,v_proj", capsys)
    assert _lora_gib(folder, "all-linear", capsys) == auto  # Llama's auto list is every linear layer
    # r16, 32 layers, AdamW's 16 bytes a parameter: q 4096→4096, v 4096→1024.
    assert q_v == pytest.approx(32 * 16 * ((4096 + 4096) + (4096 + 1024)) * 16 / 2**30, abs=1e-3)
    assert q_v < attention < auto


def test_help_lists_the_choices(capsys):
    out = in_process(["train", "--help"], capsys).stdout
    flat = " ".join(out.split())
    assert "--lora-targets" in flat and "all-linear" in flat and "attention" in flat
