"""Pipeline TOML configs: every key and type checked and named; paths resolved; what run.json keeps."""

from __future__ import annotations

from pathlib import Path

import pytest

from so8t.config import check_type
from so8t.errors import ConfigError
from so8t.pipeline import STAGES, available_stages, load_config, parse_config
from tests.so8t.cli_checks import in_process

ROOT = Path(__file__).resolve().parents[2]

GOOD = """
[run]
name = "exp1"
stages = ["bake", "train"]

[train]
model = "models/tiny"
data = "data/sft.jsonl"
max_steps = 20
learning_rate = 1e-3
pet_lambdas = [0.0, 0.01, 0.02]

[bake]
verify = false
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "run.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_config_is_checked_ordered_and_resolved(tmp_path):
    config = load_config(write(tmp_path, GOOD))
    assert config.name == "exp1"
    assert config.stages == ["train", "bake"]  # pipeline order, whatever order they were listed in
    train = config.tables["train"]
    assert train["model"] == str(tmp_path / "models" / "tiny")  # relative to the config file
    assert train["data"] == str(tmp_path / "data" / "sft.jsonl")
    assert train["max_steps"] == 20 and train["learning_rate"] == 1e-3
    assert train["lora_rank"] == 16  # defaults filled from the stage's own config dataclass
    assert config.tables["bake"]["verify"] is False
    assert set(config.to_dict()) == {"run", "train", "bake"}


@pytest.mark.parametrize(
    ("toml", "named"),
    [
        pytest.param('[train]\nmodel = "m"\ndata = "d"\nlr = 0.1\n', "unknown key 'lr' in [train]", id="unknown key"),
        pytest.param('[trian]\nmax_steps = 3\n', "unknown table [trian]", id="unknown table"),
        pytest.param('steps = 3\n', "unknown key 'steps' at the top level", id="top-level key"),
        pytest.param('[run]\nstages = ["train", "distill"]\n', "unknown stage 'distill'", id="unknown stage"),
        pytest.param('[run]\ncolour = "red"\n', "unknown key 'colour' in [run]", id="unknown run key"),
        pytest.param('[run]\nstages = ["bake"]\n[bake]\nverify = "yes"\n',
                     "[bake] verify must be true or false, not a string ('yes')", id="wrong type bool"),
        pytest.param('[run]\nstages = ["train"]\n[train]\nmodel = "m"\ndata = "d"\nmax_steps = "ten"\n',
                     "[train] max_steps must be an integer, not a string ('ten')", id="wrong type int"),
        pytest.param('[run]\nstages = ["train"]\n[train]\nmodel = "m"\ndata = "d"\nmax_steps = true\n',
                     "[train] max_steps must be an integer, not a boolean (True)", id="bool is not an int"),
        pytest.param('[run]\nstages = ["train"]\n[train]\nmodel = "m"\ndata = "d"\nlearning_rate = [1]\n',
                     "[train] learning_rate must be a number, not a list", id="wrong type float"),
        pytest.param('[run]\nstages = "train"\n', "[run] stages must be a list of strings, not a string ('train')",
                     id="wrong type list"),
        pytest.param('[run]\nstages = ["train"]\n[train]\nmodel = "m"\n', "[train] needs 'data'", id="missing data"),
        pytest.param('[run]\nstages = []\n', "no stage to run", id="no stages"),
        pytest.param('[run]\nstages = ["quantize"]\n', "stage 'quantize' needs stage 'export'", id="missing predecessor"),
    ],
)
def test_bad_configs_are_refused_naming_the_key(tmp_path, toml, named):
    path = write(tmp_path, toml)
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert named in err.value.message
    assert str(path) in err.value.message  # the file is named too
    assert err.value.hint


def test_unreadable_configs_name_the_file(tmp_path):
    with pytest.raises(ConfigError, match="is not valid TOML"):
        load_config(write(tmp_path, "[train\nmax_steps = 3"))
    with pytest.raises(ConfigError, match="does not exist"):
        load_config(tmp_path / "missing.toml")


def test_cli_prints_a_bad_config_as_one_line_and_exits_2(tmp_path, capsys):
    path = write(tmp_path, '[run]\nstages = ["bake"]\n[bake]\nverify = 1\n')
    proc = in_process(["run", "--config", str(path), "--workspace", str(tmp_path / "ws")], capsys)
    assert proc.returncode == 2
    assert proc.stderr.strip() == (
        f"so8t run: error: config {path}: [bake] verify must be true or false, not an integer (1): fix the value of verify"
    )
    assert not (tmp_path / "ws").exists()  # nothing was created for a refused config


def test_default_stages_are_every_available_stage_but_the_demo_pretraining():
    config = parse_config({"train": {"model": "/m", "data": "/d"}})
    assert config.stages == [s for s in available_stages() if not STAGES[s].optional]
    assert list(STAGES)[:4] == ["data", "pretrain", "train", "align"]
    assert list(STAGES)[-1] == "report"


def test_type_checks():
    assert check_type([0.1, 2, 3], tuple[float, float, float])
    assert not check_type([0.1, 2], tuple[float, float, float])  # a fixed-length tuple needs every value
    assert not check_type(["a"], list[float])
    assert check_type(None, str | None) and not check_type(3, str | None)
    assert check_type(3, float) and not check_type(3.5, int)
