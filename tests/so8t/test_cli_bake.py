"""`so8t bake` from the command line: JSON result, and one-line errors that leave nothing behind."""

import json
import os
import shutil
import subprocess
import sys

import pytest

from so8t.cli import main
from so8t.model.tiny import build_tiny_model


def run_cli(capsys, *args):
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assert_one_line_error(code, err, *fragments):
    assert code != 0
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("so8t bake: error: ")
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


@pytest.mark.slow
def test_bake_json_result_through_the_console_script(tiny_model_dirs, tmp_path):
    out = tmp_path / "baked"
    proc = subprocess.run(
        [shutil.which("so8t") or sys.executable, *([] if shutil.which("so8t") else ["-m", "so8t"]),
         "bake", "--model", str(tiny_model_dirs["phi3"]), "--random-gates", "--angle", "0.5", "--verify",
         "--out", str(out), "--json"],
        capture_output=True, text=True, env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    for field in ("layers_baked", "blocks", "max_abs_err", "kl", "top1_agreement", "noise_floor",
                  "orth_err_max", "passed", "out"):
        assert field in result
    assert result["layers_baked"] == 2 and result["blocks"] == 2 * 64 // 8
    assert result["passed"] is True


@pytest.fixture
def out(tmp_path):
    return tmp_path / "out"


def test_missing_model_folder(capsys, tmp_path, out):
    code, _, err = run_cli(capsys, "bake", "--model", str(tmp_path / "nope"), "--random-gates", "--out", str(out))
    assert_one_line_error(code, err, "does not exist", str(tmp_path / "nope"))
    assert not out.exists()


def test_folder_without_config(capsys, tmp_path, out):
    (tmp_path / "empty").mkdir()
    code, _, err = run_cli(capsys, "bake", "--model", str(tmp_path / "empty"), "--random-gates", "--out", str(out))
    assert_one_line_error(code, err, "has no config.json")
    assert not out.exists()


def test_architecture_without_o_proj(capsys, tmp_path, out):
    from transformers import GPT2Config, GPT2LMHeadModel

    GPT2LMHeadModel(GPT2Config(n_layer=1, n_embd=16, n_head=2, vocab_size=64)).save_pretrained(tmp_path / "gpt2")
    code, _, err = run_cli(capsys, "bake", "--model", str(tmp_path / "gpt2"), "--random-gates", "--out", str(out))
    assert_one_line_error(code, err, "'gpt2'", "gemma, llama, mistral, phi3, qwen2")
    assert not out.exists()


def test_hidden_size_not_divisible_by_8(capsys, tmp_path, out):
    folder = build_tiny_model("llama", tmp_path / "m12", hidden_size=12, num_attention_heads=3,
                              num_key_value_heads=1, intermediate_size=16)
    code, _, err = run_cli(capsys, "bake", "--model", str(folder), "--random-gates", "--out", str(out))
    assert_one_line_error(code, err, "width 12", "not a multiple of 8")
    assert not out.exists()


def test_quantized_model(capsys, tiny_model_dirs, tmp_path, out):
    folder = shutil.copytree(tiny_model_dirs["llama"], tmp_path / "q")
    config = json.loads((folder / "config.json").read_text())
    config["quantization_config"] = {"quant_method": "bitsandbytes", "load_in_4bit": True,
                                     "bnb_4bit_quant_type": "nf4"}
    (folder / "config.json").write_text(json.dumps(config))
    code, _, err = run_cli(capsys, "bake", "--model", str(folder), "--random-gates", "--out", str(out))
    assert_one_line_error(code, err, "quantized (bitsandbytes 4-bit)", "full precision")
    assert not out.exists()


def test_corrupt_safetensors(capsys, tiny_model_dirs, tmp_path, out):
    folder = shutil.copytree(tiny_model_dirs["llama"], tmp_path / "c")
    weights = folder / "model.safetensors"
    weights.write_bytes(weights.read_bytes()[:-1000])
    code, _, err = run_cli(capsys, "bake", "--model", str(folder), "--random-gates", "--out", str(out))
    assert_one_line_error(code, err, "model.safetensors is corrupt", "re-download")
    assert not out.exists()


def test_pickled_weights_are_never_loaded(capsys, tiny_model_dirs, tmp_path, out):
    folder = shutil.copytree(tiny_model_dirs["llama"], tmp_path / "p")
    (folder / "model.safetensors").rename(folder / "pytorch_model.bin")
    code, _, err = run_cli(capsys, "bake", "--model", str(folder), "--random-gates", "--out", str(out))
    assert_one_line_error(code, err, "pickled weights", "safetensors")
    assert not out.exists()


def test_out_not_empty_is_refused_unless_force(capsys, tiny_model_dirs, out):
    out.mkdir()
    (out / "keep.txt").write_text("precious")
    code, _, err = run_cli(capsys, "bake", "--model", str(tiny_model_dirs["llama"]), "--random-gates",
                           "--out", str(out))
    assert_one_line_error(code, err, "exists and is not empty", "--force")
    assert [p.name for p in out.iterdir()] == ["keep.txt"]
    assert (out / "keep.txt").read_text() == "precious"

    code, stdout, _ = run_cli(capsys, "bake", "--model", str(tiny_model_dirs["llama"]), "--random-gates",
                              "--out", str(out), "--force", "--json")
    assert code == 0
    assert json.loads(stdout.strip().splitlines()[-1])["layers_baked"] == 2
    assert not (out / "keep.txt").exists()


def test_no_gate_source_is_a_usage_error(capsys, tiny_model_dirs, out):
    assert main(["bake", "--model", str(tiny_model_dirs["llama"]), "--out", str(out)]) == 2
    assert not out.exists()
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--gates" in err[0]
