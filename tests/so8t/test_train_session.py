"""The training session with an objective of its own: checkpoints in its stage's store, stop and exact resume;
per-stage checkpoint stores in the listing and in `--checkpoint STAGE/ckpt-N`."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
import torch
from safetensors.torch import load_file

from so8t.cli import main
from so8t.errors import CheckpointError
from so8t.events import EventSink, read_events
from so8t.fileio import sha256_file
from so8t.stop_channel import request_stop
from so8t.store.checkpoints import CheckpointStore, newest_training_checkpoint, split_checkpoint_name
from so8t.store.layout import ADAPTER_FILE, GATES_FILE, RunLayout
from so8t.train import TrainConfig
from so8t.train.data import SFT_SAMPLE
from so8t.train.model import final_hidden_states
from so8t.train.objective import Objective
from so8t.train.session import TrainingSession

pytestmark = pytest.mark.usefixtures("one_torch_thread")

STEPS = 6
#: The toy objective's fixed token sequences (ids below the tiny model's vocabulary).
SEQUENCES = [[5, 9, 13, 17, 21, 25, 29, 33], [7, 11, 15, 19, 23, 27, 31, 35], [6, 10, 14, 18, 22, 26, 30, 34]]


class MeanSquareObjective:
    """A toy objective: drive the final hidden states towards zero, one fixed sequence per micro-batch."""

    def __init__(self, stop_after: int | None = None) -> None:
        self.stop_after = stop_after  # asks for a stop (the run's stop file) after this step

    def read(self, session: TrainingSession) -> str:
        self.session = session
        return sha256_file(session.config.data)

    def prepare(self, session: TrainingSession) -> list[str]:
        return []

    def start_step(self, session: TrainingSession) -> None:
        pass

    def batches(self, session: TrainingSession) -> Iterator[Any]:
        for _ in range(session.config.grad_accum):
            ids = torch.tensor([SEQUENCES[session.position % len(SEQUENCES)]], device=session.device)
            session.position += 1
            yield {"input_ids": ids, "attention_mask": torch.ones_like(ids)}

    def loss(self, batch: Any) -> tuple[torch.Tensor, dict[str, float]]:
        value = final_hidden_states(self.session.model, **batch).float().pow(2).mean()
        return value, {"loss": float(value.detach()), "tokens": int(batch["attention_mask"].sum())}

    def step_metrics(self, sums: Mapping[str, float], session: TrainingSession) -> dict[str, float]:
        return {"loss": sums["loss"] / session.config.grad_accum}

    def after_step(self, metrics: Mapping[str, float], session: TrainingSession) -> None:
        if session.step == self.stop_after:
            request_stop(session.run_dir)

    def probe_inputs(self, count: int) -> list[list[int]]:
        return SEQUENCES[:count]


def _config(model: Path) -> TrainConfig:
    return TrainConfig(model=str(model), data=str(SFT_SAMPLE), max_steps=STEPS, ckpt_every_steps=4,
                       ckpt_every_seconds=0, max_length=32, batch_size=1, grad_accum=2, kl_every_steps=3,
                       alpha_warmup_steps=0, learning_rate=5e-3, device="cpu", lora_rank=4)


def _session(model: Path, run: Path, objective: MeanSquareObjective, resume: str | None = None) -> TrainingSession:
    run.mkdir(parents=True, exist_ok=True)
    sink = EventSink(run=run.name, stage="align", log_path=RunLayout(run).events)
    session = TrainingSession(_config(model), run, sink, resume, objective=objective, stage="align")
    session.setup()
    return session


def _weights(checkpoint: str) -> dict[str, torch.Tensor]:
    return {**load_file(str(Path(checkpoint) / ADAPTER_FILE)), **load_file(str(Path(checkpoint) / GATES_FILE))}


def test_a_toy_objective_trains_through_the_session_and_resumes_exactly(tiny_model_dirs, tmp_path):
    model = tiny_model_dirs["llama"]
    assert isinstance(MeanSquareObjective(), Objective)

    straight = _session(model, tmp_path / "straight", MeanSquareObjective()).run()
    assert straight.final_step == STEPS and not straight.interrupted
    store = CheckpointStore(tmp_path / "straight", stage="align")
    assert store.root == tmp_path / "straight" / "align" / "checkpoints"
    assert [(i.name, i.valid, i.stage) for i in store.list()] == [("ckpt-4", True, "align"), ("ckpt-6", True, "align")]
    assert not RunLayout(tmp_path / "straight").checkpoints().exists()  # train's store is untouched
    losses = [e["value"] for e in read_events(RunLayout(tmp_path / "straight").events)
              if e["kind"] == "metric" and e["name"] == "loss"]
    assert len(losses) == STEPS and losses[-1] < losses[0]  # the toy loss is what was trained on

    # Stopped after step 2 (the run's stop file): an emergency checkpoint, then a resume to the end.
    run = tmp_path / "stopped"
    stopped = _session(model, run, MeanSquareObjective(stop_after=2)).run()
    assert stopped.interrupted and stopped.final_step == 2
    assert [i.name for i in CheckpointStore(run, stage="align").list()] == ["ckpt-2"]
    resumed = _session(model, run, MeanSquareObjective(), resume="newest").run()
    assert resumed.resumed_from == "ckpt-2" and resumed.final_step == STEPS and resumed.steps_run == STEPS - 2

    a, b = _weights(straight.last_checkpoint), _weights(resumed.last_checkpoint)
    assert a.keys() == b.keys() and all(torch.equal(a[k], b[k]) for k in a)
    # Negative control: the run stopped at step 2 differs from the finished one.
    early = _weights(str(RunLayout(run).checkpoint(2, "align")))
    assert any(not torch.equal(early[k], a[k]) for k in a)


def test_a_session_refuses_another_stages_checkpoint(tiny_model_dirs, tmp_path):
    run = tmp_path / "run"
    _session(tiny_model_dirs["llama"], run, MeanSquareObjective()).run()
    with pytest.raises(CheckpointError, match="of stage train"):
        _session(tiny_model_dirs["llama"], run, MeanSquareObjective(), resume="train/ckpt-4")
    assert _session(tiny_model_dirs["llama"], run, MeanSquareObjective(), resume="align/ckpt-4").step == 4


def test_checkpoint_stores_per_stage(tmp_path):
    layout = RunLayout(tmp_path / "r")
    assert layout.checkpoints("train") == layout.checkpoints() == tmp_path / "r" / "checkpoints"
    assert layout.checkpoints("align") == tmp_path / "r" / "align" / "checkpoints"
    assert layout.checkpoint(3, "align") == tmp_path / "r" / "align" / "checkpoints" / "ckpt-3"
    assert split_checkpoint_name("ckpt-3") == ("train", "ckpt-3")
    assert split_checkpoint_name("align/ckpt-3") == ("align", "ckpt-3")
    assert split_checkpoint_name("train/ckpt-3") == ("train", "ckpt-3")
    assert split_checkpoint_name("other/ckpt-3") == ("train", "other/ckpt-3")  # a path, as before


def _writer(tmp: Path) -> None:
    (tmp / "state.json").write_text(json.dumps({"step": 1}), encoding="utf-8")


def test_checkpoint_rows_name_their_stage_and_the_newest_is_the_last_training_stages(tmp_path, capsys):
    run = tmp_path / "run"
    CheckpointStore(run).save(2, _writer)
    CheckpointStore(run).save(4, _writer)
    assert newest_training_checkpoint(run).name == "ckpt-4"
    CheckpointStore(run, stage="align").save(1, _writer)
    assert main(["checkpoints", str(run), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out.strip().splitlines()[-1])["checkpoints"]
    assert [(r["stage"], r["name"]) for r in rows] == [("train", "ckpt-2"), ("train", "ckpt-4"), ("align", "ckpt-1")]
    newest = newest_training_checkpoint(run)  # align follows train: its newest, although its step is lower
    assert (newest.stage, newest.name) == ("align", "ckpt-1")
    assert main(["checkpoints", str(run), "--pin", "align/ckpt-1"]) == 0
    assert "align/ckpt-1" in capsys.readouterr().out
    assert CheckpointStore(run, stage="align").pinned() == {"ckpt-1"} and CheckpointStore(run).pinned() == set()


def test_resume_takes_a_checkpoint_named_with_its_stage(tmp_path):
    """`so8t resume RUN --checkpoint train/ckpt-2` is the bare `ckpt-2`; a stage the run lacks is refused."""
    from so8t.errors import RunError
    from so8t.model.tiny import build_tiny_model
    from so8t.pipeline import parse_config, resume_run, start_run

    model = build_tiny_model("llama", tmp_path / "model")
    data = tmp_path / "sft.jsonl"
    data.write_text("\n".join(json.dumps({"prompt": f"Say {i}.", "response": f"{i} {i} {i}."}) for i in range(8)),
                    encoding="utf-8")
    config = parse_config({"run": {"name": "staged", "stages": ["train"]},
                           "train": {"model": str(model), "data": str(data), "max_steps": 4,
                                     "ckpt_every_steps": 2, "max_length": 32}})
    first = start_run(config, workspace=tmp_path / "ws")
    assert first.state == "finished"
    again = resume_run(first.path, checkpoint="train/ckpt-2")
    assert again.ran == ["train"]
    events = read_events(Path(first.path) / "events.jsonl")
    assert any("chosen checkpoint ckpt-2" in e.get("msg", "") for e in events if e["kind"] == "log")
    steps = [e["step"] for e in events if e.get("kind") == "metric" and e.get("name") == "loss"]
    assert steps[-2:] == [3, 4]  # continued after step 2
    with pytest.raises(RunError, match="no align stage"):
        resume_run(first.path, checkpoint="align/ckpt-2")
