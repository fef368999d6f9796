"""TensorBoard files (`so8t export-tensorboard`, `train --tensorboard`) read back with TensorBoard's own reader."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import numpy as np
import pytest

from so8t.cli import main
from so8t.events import EventSink
from so8t.tracking import LiveTensorBoard, export_tensorboard, tag_of
from tests.so8t.conftest import REFERENCE_TRAIN_FLAGS


def read_back(folder: Path) -> dict[str, list[tuple[int, float]]]:
    """Every scalar series in `folder` as TensorBoard shows it: {tag: [(step, value), …]}."""
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

    acc = EventAccumulator(str(folder), size_guidance={"scalars": 0})  # 0: keep every point
    acc.Reload()
    return {tag: [(e.step, e.value) for e in acc.Scalars(tag)] for tag in acc.Tags()["scalars"]}


def expected(run: Path) -> dict[str, list[tuple[int, float]]]:
    """events.jsonl's series, read by hand: the last value written for each (stage, metric, step)."""
    import json

    last: dict[str, dict[int, float]] = {}
    for line in (run / "events.jsonl").read_text(encoding="utf-8").splitlines():
        obj = json.loads(line)
        if obj.get("kind") != "metric":
            continue
        series = last.setdefault(tag_of(obj.get("stage", ""), obj["name"]), {})
        step = int(obj["step"])
        for later in [s for s in series if s > step]:  # a resume redoes the steps after its checkpoint
            del series[later]
        series[step] = float(obj["value"])
    return {tag: sorted(points.items()) for tag, points in last.items()}


def assert_same(got: dict[str, list[tuple[int, float]]], want: dict[str, list[tuple[int, float]]]) -> None:
    assert sorted(got) == sorted(want)
    for tag, points in want.items():
        assert [s for s, _ in got[tag]] == [s for s, _ in points], tag
        np.testing.assert_array_equal(np.array([v for _, v in got[tag]], dtype=np.float32),
                                      np.array([v for _, v in points], dtype=np.float32), err_msg=tag)


def written_run(root: Path) -> Path:
    """A run folder whose events.jsonl has a NaN, an infinity and a resume that redoes steps 3 and 4."""
    run = root / "run"
    run.mkdir()
    sink = EventSink(run="r", stage="train", log_path=run / "events.jsonl")
    for step, value in ((1, 2.5), (2, math.nan), (3, 1.25), (4, math.inf)):
        sink.metric("loss", value, step)
        sink.metric("lr", 1e-3 * step, step)
    for step, value in ((3, 0.75), (4, -math.inf), (5, 0.5)):  # the resumed attempt
        sink.metric("loss", value, step)
    sink.for_stage("pretrain").metric("pretrain_loss", 3.3, 7)
    return run


def test_export_holds_every_metric_with_later_values_and_non_finite(tmp_path):
    run = written_run(tmp_path)
    result = export_tensorboard(run)
    got = read_back(run / "tensorboard")
    assert_same(got, expected(run))
    loss = dict(got["train/loss"])
    assert loss[3] == 0.75 and loss[4] == -math.inf and math.isnan(loss[2]) and loss[1] == 2.5
    assert result.points == sum(len(v) for v in got.values()) == 5 + 4 + 1


def test_export_refuses_to_overwrite_without_force(tmp_path, capsys):
    run = written_run(tmp_path)
    out = tmp_path / "tb"
    assert main(["export-tensorboard", str(run), "--out", str(out)]) == 0
    before = sorted(p.name for p in out.iterdir())
    assert main(["export-tensorboard", str(run), "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "already holds TensorBoard event files" in err[0] and "--force" in err[0]
    assert sorted(p.name for p in out.iterdir()) == before  # nothing lost
    assert main(["export-tensorboard", str(run), "--out", str(out), "--force"]) == 0
    assert len(list(out.iterdir())) == 1  # replaced, not added beside
    assert_same(read_back(out), expected(run))


def test_export_refuses_a_folder_without_events(tmp_path, capsys):
    assert main(["export-tensorboard", str(tmp_path)]) == 2
    assert "no events.jsonl" in capsys.readouterr().err


def test_live_writer_after_a_resume_keeps_the_later_value(tmp_path):
    """Negative control included: without the purge step, TensorBoard shows both values of a repeated step."""
    for purge, folder in ((3, tmp_path / "purged"), (None, tmp_path / "kept")):
        first = LiveTensorBoard(folder)
        sink = first.attach(EventSink(stage="train"))
        for step in (1, 2, 3, 4):
            sink.metric("loss", float(step), step)
        first.close()
        second = LiveTensorBoard(folder, purge_step=purge)
        sink = second.attach(EventSink(stage="train"))
        for step in (3, 4):
            sink.metric("loss", 10.0 * step, step)
        second.close()
        points = read_back(folder)["train/loss"]
        if purge is not None:
            assert points == [(1, 1.0), (2, 2.0), (3, 30.0), (4, 40.0)]
        else:
            assert len(points) > 4


@pytest.mark.slow
@pytest.mark.usefixtures("one_torch_thread")
def test_train_tensorboard_live_and_resumed_equals_events_and_export(tiny_model_dirs, tmp_path):
    from so8t.train.data import SFT_SAMPLE

    run, live = tmp_path / "run", tmp_path / "live"
    flags = list(REFERENCE_TRAIN_FLAGS)
    flags[flags.index("--kl-every-steps") + 1] = "1"  # a KL point per step too
    assert main(["train", "--model", str(tiny_model_dirs["llama"]), "--data", str(SFT_SAMPLE), "--out", str(run),
                 "--tensorboard", str(live), *flags]) == 0
    first = read_back(live)
    assert first["train/loss"] and [s for s, _ in first["train/loss"]] == [1, 2, 3, 4]
    # Resume from the checkpoint at step 2: steps 3 and 4 are redone and written again.
    shutil.rmtree(run / "checkpoints" / "ckpt-4")
    assert main(["train", "--resume", str(run), "--checkpoint", "ckpt-2"]) == 0
    want = expected(run)
    assert {"train/loss", "train/kl_to_base", "train/tokens_per_s", "train/lr"} <= set(want)
    assert_same(read_back(live), want)
    export_tensorboard(run)
    assert_same(read_back(run / "tensorboard"), want)


def test_export_puts_the_evaluation_figures_at_the_final_step(tmp_path, monkeypatch):
    from tests.compared_runs import ab_row, stand_in_evaluation

    run = written_run(tmp_path)
    stand_in_evaluation(monkeypatch, {run: [ab_row("answer_match", 0.4, 0.55)]})
    result = export_tensorboard(run)
    got = read_back(run / "tensorboard")
    final = 7  # the pretraining metric's step: the run's last
    assert result.evaluation_step == final
    assert got["evaluate/answer_match/base"] == [(final, np.float32(0.4))]
    assert got["evaluate/answer_match/tuned"] == [(final, np.float32(0.55))]
    assert got["evaluate/answer_match/delta"] == [(final, np.float32(0.55 - 0.4))]


def test_the_toml_key_is_a_folder_beside_the_config_and_not_a_trajectory_field(tmp_path):
    from so8t.pipeline import load_config
    from so8t.train.config import TrainConfig

    config = tmp_path / "run.toml"
    config.write_text('[run]\nstages = ["train"]\n[train]\nmodel = "m"\ndata = "d.jsonl"\ntensorboard = "tb"\n',
                      encoding="utf-8")
    assert load_config(config).tables["train"]["tensorboard"] == str(tmp_path / "tb")
    assert "tensorboard" not in TrainConfig.trajectory_fields()  # a resume may add, change or drop it
