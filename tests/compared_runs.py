"""Two pipeline runs that differ only in the learning rate (tiny llama, four steps on CPU), for comparison tests."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

#: The two learning rates; every other setting is the same.
LEARNING_RATES = (2e-4, 5e-3)

PIPELINE = """
[run]
name = "lr-{index}"
stages = ["train"]

[train]
model = "{model}"
data = "{data}"
device = "cpu"
max_steps = {steps}
learning_rate = {lr}
max_length = 48
lora_rank = 2
kl_every_steps = 2
ckpt_every_steps = 2
ckpt_every_seconds = 0
"""


def make_learning_rate_runs(workspace: str | os.PathLike[str], model: str | os.PathLike[str], *,
                            steps: int = 4) -> list[Path]:
    """`so8t run` twice in `workspace`, once per LEARNING_RATES entry, `steps` steps each; the run folders, in that order."""
    from so8t.cli import main
    from so8t.store.runs import list_runs
    from so8t.train.data import SFT_SAMPLE

    workspace = Path(workspace)
    workspace.mkdir(parents=True, exist_ok=True)
    for index, lr in enumerate(LEARNING_RATES):
        config = workspace / f"lr-{index}.toml"
        config.write_text(PIPELINE.format(index=index, model=Path(model).as_posix(), data=SFT_SAMPLE.as_posix(), lr=lr,
                                          steps=steps),
                          encoding="utf-8")
        assert main(["run", "--config", str(config), "--workspace", str(workspace)]) == 0
    runs = [Path(s.path) for s in list_runs(workspace)]
    assert len(runs) == len(LEARNING_RATES)
    return sorted(runs, key=lambda p: p.name)  # lr-0-…, lr-1-…: LEARNING_RATES order


#: A stand-in evaluation record's file (the evaluate stage's own type replaces it where installed).
STAND_IN_FILE = "evaluation.json"


@dataclass
class StandInEvaluation:
    """The evaluate stage's record as far as a comparison reads it: its kind, its file, its `ab` rows."""

    KIND: ClassVar[str] = "evaluation"
    FILE: ClassVar[str] = STAND_IN_FILE
    FORMAT: ClassVar[int] = 1
    BODY: ClassVar[str | None] = None
    ab: list[Any] = field(default_factory=list)


def stand_in_evaluation(monkeypatch, runs_rows: dict[Path, list[dict]]) -> None:
    """Give runs an evaluation record of the A/B shape the evaluate stage writes (`ab` rows), read
    through a stand-in record type that the comparison finds as the evaluate stage's."""
    import json
    from types import SimpleNamespace

    from so8t.compare import evaluation

    for run, rows in runs_rows.items():
        (Path(run) / STAND_IN_FILE).write_text(json.dumps({"format": 1, "record": "evaluation", "ab": rows}),
                                               encoding="utf-8")
    stages = {**evaluation.all_stages(), "evaluate": SimpleNamespace(record=StandInEvaluation)}
    monkeypatch.setattr(evaluation, "all_stages", lambda: stages)


def ab_row(metric: str, base: float, tuned: float) -> dict:
    """One A/B row as the evaluate stage's record holds it (its label: the key with spaces)."""
    return {"metric": metric, "label": metric.replace("_", " "), "higher_is_better": True, "base": base,
            "tuned": tuned, "delta": tuned - base, "ci_low": tuned - base - 0.05, "ci_high": tuned - base + 0.05,
            "p_value": 0.03}


#: `so8t evaluate`'s options for the runs above: base against tuned on the SFT sample, short answers.
EVALUATE_FLAGS = ["--models", "base,tuned", "--max-new-tokens", "8", "--max-length", "64",
                  "--bootstrap-resamples", "200"]


def evaluated_copies(runs: list[Path], workspace: str | os.PathLike[str]) -> list[Path]:
    """Copies of `runs` in another workspace, each evaluated by `so8t evaluate` (the runs stay unevaluated)."""
    import shutil

    from so8t.cli import main
    from so8t.train.data import SFT_SAMPLE

    copies = []
    for run in runs:
        copy = Path(workspace) / "runs" / run.name
        shutil.copytree(run, copy)
        assert main(["evaluate", str(copy), "--data", str(SFT_SAMPLE), *EVALUATE_FLAGS]) == 0
        copies.append(copy)
    return copies
