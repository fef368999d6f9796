"""The align stage in the pipeline (after train; bake takes its newest checkpoint) and its command's refusals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from so8t.cli import main
from so8t.store.event_log import read_events

pytestmark = pytest.mark.usefixtures("one_torch_thread")


def _pairs(path: Path, count: int = 6) -> Path:
    path.write_text("\n".join(json.dumps({"prompt": f"Q {i}", "chosen": f"yes {i}", "rejected": f"no {i}"})
                              for i in range(count)) + "\n", encoding="utf-8")
    return path


@pytest.mark.slow  # trains, aligns, bakes the tiny model and writes the report (about 60 s)
def test_align_runs_after_train_in_a_pipeline_and_bake_takes_its_newest_checkpoint(tiny_model_dirs, tmp_path):
    from so8t.pipeline import parse_config, start_run
    from so8t.train.data import SFT_SAMPLE

    config = parse_config({
        "run": {"name": "aligned", "stages": ["train", "align", "bake", "report"]},
        "train": {"model": str(tiny_model_dirs["llama"]), "data": str(SFT_SAMPLE), "max_steps": 2,
                  "ckpt_every_steps": 2, "max_length": 32, "device": "cpu", "lora_rank": 2},
        "align": {"data": str(_pairs(tmp_path / "pairs.jsonl")), "max_steps": 2, "ckpt_every_steps": 2,
                  "max_length": 32, "device": "cpu"}})
    outcome = start_run(config, workspace=tmp_path / "ws")
    assert outcome.state == "finished" and outcome.ran == ["train", "align", "bake", "report"]
    run = Path(outcome.path)
    align = outcome.results["align"]
    assert align["method"] == "dpo" and align["final_step"] == 2
    assert align["started_from"] == str(run / "checkpoints" / "ckpt-2")
    assert outcome.results["bake"]["gate_source"] == str(run / "align" / "checkpoints" / "ckpt-2")
    assert outcome.results["bake"]["passed"]

    # The report's align section, read back as a person reads it: the record's figures and its curves.
    import shutil
    import subprocess

    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(["pdftotext", "-layout", str(run / "report.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    section = text[text.index("Align (DPO / GRPO)\n"):]
    assert "preference accuracy" in section and "reward margin" in section and "Rewards over the last 10 steps" in section
    images = subprocess.run(["pdfimages", "-list", str(run / "report.pdf")], capture_output=True, text=True,
                            check=True).stdout
    from so8t.report.gather import gather_report

    plots = gather_report(run).plots
    assert {"align_loss", "dpo_accuracy", "dpo_margin"} <= set(plots) and "reward" not in plots  # DPO: no GRPO curves
    assert plots["loss"].points[-1][0] == 2 and len(plots["loss"].points) == 2  # training's curve stays training's
    assert [v for _, v in plots["dpo_accuracy"].points] == [
        e["value"] for e in read_events(run / "events.jsonl") if e["kind"] == "metric" and e["name"] == "dpo_accuracy"]
    assert images.count("image") >= 5


def test_a_pipeline_without_align_is_unchanged():
    from so8t.pipeline.stages import STAGES, default_stages

    assert "align" in STAGES and STAGES["align"].optional
    assert "align" not in default_stages({"train": {}})
    assert list(STAGES).index("align") == list(STAGES).index("train") + 1


@pytest.mark.parametrize(("argv", "message"), [
    (["align", "--method", "dpo"], "give either --run RUN"),
    (["align", "--model", "M"], "--model needs --out RUN"),
    (["align", "--checkpoint", "align/ckpt-2", "--run", "R"], "--checkpoint only goes with --resume"),
    (["align", "--method", "dpo", "--reward", "format", "--model", "M", "--out", "O"], "--reward goes with --method grpo"),
    (["align", "--method", "dpo", "--top-p", "0", "--model", "M", "--out", "O"], "top_p must be in (0, 1]"),
    (["align", "--method", "grpo", "--lr", "-1", "--model", "M", "--out", "O"], "learning_rate must be 0 or more"),
    (["align", "--method", "dpo", "--gate-lr", "-0.5", "--model", "M", "--out", "O"],
     "gate_learning_rate must be 0 or more"),
])
def test_bad_align_options_are_one_line(argv, message, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and message in err and "Traceback" not in err


def test_a_learning_rate_of_0_is_a_control_run_the_session_accepts(tmp_path):
    """`--lr 0 --gate-lr 0`: the acceptance's control run (nothing moves), not refused as a typo."""
    from so8t.align.config import AlignConfig, session_config

    config = AlignConfig(method="grpo", model="M", out=str(tmp_path / "o"), learning_rate=0, gate_learning_rate=0)
    train = session_config(config, None, "M", "d.jsonl")
    assert (train.learning_rate, train.gate_learning_rate) == (0.0, 0.0)


def test_a_run_without_a_training_checkpoint_or_data_is_refused_in_one_line(tmp_path, capsys):
    run = tmp_path / "run"
    run.mkdir()
    assert main(["align", "--method", "dpo", "--run", str(run), "--device", "cpu"]) == 2
    assert "no valid training checkpoint" in capsys.readouterr().err
    assert main(["align", "--resume", str(run)]) == 2
    assert "no align stage to resume" in capsys.readouterr().err
    model = tmp_path / "model"
    model.mkdir()
    assert main(["align", "--method", "dpo", "--model", str(model), "--out", str(tmp_path / "new"),
                 "--data", str(tmp_path / "missing.jsonl"), "--device", "cpu"]) == 2
    err = capsys.readouterr().err
    assert "missing.jsonl does not exist" in err and len(err.strip().splitlines()) == 1


def test_a_bad_pairs_line_is_named(tmp_path):
    from so8t.align.dpo import read_pairs
    from so8t.errors import DataFileError

    path = tmp_path / "p.jsonl"
    path.write_text('{"prompt": "a", "chosen": "b", "rejected": "c"}\n{"prompt": "a", "chosen": "b"}\n', encoding="utf-8")
    with pytest.raises(DataFileError, match="line 2 is not a pair"):
        read_pairs(path)
    path.write_text('{"prompt": [{"role": "user", "content": "a"}], "chosen": [{"role": "assistant", "content": "b"}], '
                    '"rejected": [{"role": "assistant"}]}\n', encoding="utf-8")
    with pytest.raises(DataFileError, match="rejected message 0 needs a role"):
        read_pairs(path)


LLAMA8B = {"model_type": "llama", "hidden_size": 4096, "intermediate_size": 14336, "num_hidden_layers": 32,
           "num_attention_heads": 32, "num_key_value_heads": 8, "vocab_size": 128256, "tie_word_embeddings": False,
           "max_position_embeddings": 131072}


def test_the_memory_estimate_covers_dpos_two_sequences_and_grpos_group(tmp_path):
    from so8t.align.config import AlignConfig, session_config
    from so8t.align.memory import align_estimate, check_fits
    from so8t.errors import GPUMemoryError
    from so8t.events import EventSink
    from so8t.train.estimate import Card, estimate_train_config

    folder = tmp_path / "llama8b"
    folder.mkdir()
    (folder / "config.json").write_text(json.dumps(LLAMA8B), encoding="utf-8")
    card = Card(12.0, "--card-gb")

    def plan(**changes):
        config = AlignConfig(model=str(folder), out=str(tmp_path / "o"), data="d.jsonl", device="cuda", **changes)
        return config, session_config(config, None, str(folder), "d.jsonl")

    config, train_config = plan(method="dpo", max_length=1024, batch_size=1)
    dpo, sft = align_estimate(config, train_config, card), estimate_train_config(train_config, card)
    # One pair is two sequences: the activations and the loss chunk's rows of an SFT batch of 2.
    assert dpo.peak_gib > sft.peak_gib
    assert dpo.peak_gib == pytest.approx(estimate_train_config(train_config.replace(batch_size=2), card).peak_gib)
    assert dpo.fits  # the DPO at max 1024, batch 1 × 8, fits 12 GiB
    config, train_config = plan(method="grpo", generations=4, max_completion_tokens=256)
    grpo = align_estimate(config, train_config, card)
    group = estimate_train_config(train_config.replace(batch_size=4, max_length=1024 + 256), card)
    # By hand: one group of 4 × 1280 tokens trains at a time; the step also holds its tokens' ids and masks
    # (16 bytes each) and the group's first-token logits (4 × 128256 fp32).
    held = 4 * 1280 * 16 + 4 * 128256 * 4
    assert grpo.peak_gib == pytest.approx(group.peak_gib + held / 2**30, rel=1e-9)

    config, train_config = plan(method="dpo", max_length=4096, batch_size=8, cuda_memory_limit_gb=12.0)
    with pytest.raises(GPUMemoryError, match="--batch-size 1 --grad-accum 8"):
        check_fits(config, train_config, force=False, events=EventSink())
    logs = []
    check_fits(config, train_config, force=True, events=EventSink(listener=logs.append))
    assert any("--force" in str(e.get("msg", "")) for e in logs)


def test_grpos_estimate_counts_one_group_live_and_the_steps_prompts_held(tmp_path):
    """--prompts-per-step P samples and trains P groups one after another: only what the step keeps of each grows
    with P, never the activations or the KV cache (they are one group's)."""
    from so8t.align.config import AlignConfig, session_config
    from so8t.align.memory import align_estimate
    from so8t.train.estimate import Card, estimate_train_config

    folder = tmp_path / "llama8b"
    folder.mkdir()
    (folder / "config.json").write_text(json.dumps(LLAMA8B), encoding="utf-8")
    card = Card(12.0, "--card-gb")

    def grpo(prompts: int, **more):
        config = AlignConfig(method="grpo", model=str(folder), out=str(tmp_path / "o"), data="d.jsonl", device="cuda",
                             generations=4, max_completion_tokens=256, prompts_per_step=prompts, **more)
        train_config = session_config(config, None, str(folder), "d.jsonl")
        return align_estimate(config, train_config, card), train_config

    one, train_config = grpo(1)
    four, _ = grpo(4)
    # By hand: 4 completions × 1280 tokens × 32 layers × K and V × 8 KV heads × 128 × 2 bytes (bf16).
    assert four.terms_gib["rollout_kv_cache"] == one.terms_gib["rollout_kv_cache"] == 4 * 1280 * 32 * 2 * 8 * 128 * 2 / 2**30
    per_prompt = (4 * 1280 * 16 + 4 * 128256 * 4) / 2**30  # ids + masks, first-token logits
    assert four.peak_gib - one.peak_gib == pytest.approx(3 * per_prompt, rel=1e-9)
    # What the formula counted before: the four groups as one batch of 16 sequences, ≈ 2 GiB more.
    whole = estimate_train_config(train_config.replace(batch_size=16, max_length=1280), card)
    assert whole.peak_gib - four.peak_gib > 1.0
    # β > 0 with 2 updates per rollout: π_old's and the reference's log-probs (fp32) per held token, and two
    # copies of the trainable tensors.
    kl, _ = grpo(4, beta=0.04, updates_per_rollout=2)
    copies = kl.terms_gib["reference_policy"]
    assert copies > 0
    assert kl.peak_gib - four.peak_gib == pytest.approx(4 * 4 * 1280 * 8 / 2**30 + copies, rel=1e-9)


def test_the_kv_cache_term_is_what_sampling_allocates(tiny_model_dirs):
    """The estimate's KV cache for a group against the cache the tiny model really builds (fp32 on the CPU)."""
    import torch

    from so8t.align.config import AlignConfig
    from so8t.align.memory import grpo_terms
    from so8t.model.folder import load_model
    from so8t.train.estimate import read_shape

    model = load_model(tiny_model_dirs["llama"], dtype=torch.float32, device="cpu")
    generations, length = 3, 20
    with torch.no_grad():
        out = model(input_ids=torch.ones((generations, length), dtype=torch.long), use_cache=True)
    cache = out.past_key_values
    measured = sum(t.nbytes for layer in cache.layers for t in (layer.keys, layer.values))
    config = AlignConfig(method="grpo", model="M", out="O", generations=generations)
    terms = grpo_terms(config, read_shape(tiny_model_dirs["llama"]), length, 4, 0)
    assert terms["rollout_kv_cache"] == measured


def test_the_default_data_is_the_runs_prepared_pairs_or_prompts(tmp_path, capsys):
    from so8t.store.checkpoints import CheckpointStore

    run = tmp_path / "run"

    def writer(folder: Path) -> None:
        (folder / "train_config.json").write_text(json.dumps({"model": str(tmp_path / "model")}), encoding="utf-8")
        (folder / "trainer_state.json").write_text(json.dumps({"step": 2, "added_tokens": []}), encoding="utf-8")

    CheckpointStore(run).save(2, writer)
    for method, name in (("dpo", "pairs.train.jsonl"), ("grpo", "prompts.jsonl")):
        assert main(["align", "--method", method, "--run", str(run), "--device", "cpu"]) == 2
        err = capsys.readouterr().err
        assert str(run / "data" / name) in err and "so8t data" in err and len(err.strip().splitlines()) == 1
    assert not (run / "align").exists()  # refused before anything is written
