"""The demo's config and pretraining (the full `so8t demo` run is timed by hand: see the issue report)."""

from __future__ import annotations

from pathlib import Path

import pytest

from so8t.demo import PretrainConfig, demo_tables, pretrain
from so8t.errors import ConfigError
from so8t.pipeline import available_stages, parse_config


def test_the_demo_runs_every_available_stage_and_ends_with_the_report():
    config = parse_config(demo_tables(), source="demo")
    assert config.stages == available_stages()  # data preparation and pretraining first, then every stage there is
    assert config.stages[:2] == ["data", "pretrain"]
    if "report" in config.stages:
        assert config.stages[-1] == "report"
    if "train" in config.stages:
        train = config.tables["train"]
        assert train["device"] == "cpu" and train["deterministic"] is True
        assert not train["model"]  # trains the model the demo pretrained
    if "align" in config.stages:  # a few GRPO steps on CPU after training, before the bake
        align = config.tables["align"]
        assert align["method"] == "grpo" and align["device"] == "cpu" and align["deterministic"] is True
        assert config.stages.index("align") == config.stages.index("train") + 1
        assert align["max_steps"] <= 10 and Path(align["data"]).is_file()


def test_pretraining_learns_the_corpus(tmp_path):
    result = pretrain(PretrainConfig(out=str(tmp_path / "m"), steps=40, batch_size=8))
    assert result.loss_last < result.loss_first - 2.0  # from ~ln(1024) ≈ 6.9 towards the corpus
    assert result.sample.startswith("The baked model") and len(result.sample) > len("The baked model") + 10
    assert (tmp_path / "m" / "model.safetensors").is_file() and (tmp_path / "m" / "tokenizer.json").is_file()


def test_pretrain_config_refuses_widths_that_take_no_gates():
    with pytest.raises(ConfigError, match="multiple of 8"):
        PretrainConfig(out="x", hidden_size=60)


def test_the_demos_grpo_groups_do_not_all_tie(demo_run):
    """The demo's few GRPO steps teach something: on some step a group's rewards differ (tie share below 1), as
    its record and its rollouts show (with 16-token completions every group tied: tie share 1.0 at every step)."""
    from so8t.events import RolloutEvent
    from so8t.store.event_log import read_events
    from so8t.store.metric_names import Metrics

    events = [e for e in read_events(demo_run / "events.jsonl") if e.stage == "align"]
    ties = [e["value"] for e in events if e.kind == "metric" and e["name"] == Metrics.TIE_SHARE]
    assert ties and min(ties) < 1.0, ties
    rollouts = [e for e in events if isinstance(e, RolloutEvent)]
    assert any(len({row.reward for row in e.rows}) > 1 for e in rollouts)
