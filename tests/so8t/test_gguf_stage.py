"""The pipeline's GGUF stage: RUN/gguf/<name>-<TYPE>.gguf with .check.json and .Modelfile beside each."""

from __future__ import annotations

import json

import pytest

from so8t.errors import ConfigError
from so8t.gguf.run import GGUFStageConfig, run_gguf_stage


def test_stage_writes_every_file_and_its_check(tiny_model_dirs, tmp_path):
    config = GGUFStageConfig(name="tiny", quant_types=["q8_0", "Q4_K_M"])
    result = run_gguf_stage(tiny_model_dirs["gemma"], tmp_path, config)
    names = sorted(p.name for p in (tmp_path / "gguf").iterdir())
    assert names == sorted(f"tiny-{t}.{ext}" for t in ("f16", "Q8_0", "Q4_K_M")
                           for ext in ("gguf", "check.json", "Modelfile"))
    assert [f["type"] for f in result.files] == ["f16", "Q8_0", "Q4_K_M"]
    for entry in result.files:
        saved = json.loads((tmp_path / "gguf" / f"tiny-{entry['type']}.check.json").read_text(encoding="utf-8"))
        assert saved["gguf_type"] == entry["type"] and saved["verdict"] == entry["check"]["verdict"]
    assert result.files[0]["check"]["passed"]
    assert "fell back" in result.files[2]["check"]["fallback_summary"]


def test_stage_config_is_checked():
    with pytest.raises(ConfigError, match="Q5_K_M"):
        GGUFStageConfig(quant_types=["Q2"])
    with pytest.raises(ConfigError, match="plain file name"):
        GGUFStageConfig(name="../x")
    with pytest.raises(ConfigError, match="unknown key 'nme'"):
        GGUFStageConfig.from_dict({"nme": "x"})
