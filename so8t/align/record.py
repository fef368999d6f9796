"""The align stage's record: RUN/align/align.json (the `so8t align --json` object)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from so8t.store.layout import ALIGN_RECORD_FILE
from so8t.store.records import MemoryPeaks


@dataclass
class AlignResult(MemoryPeaks):
    """What an align attempt did: method, steps, rewards and DPO's preference figures."""

    KIND, FILE, FORMAT = "align", ALIGN_RECORD_FILE, 1

    method: str = field(default="dpo", metadata={"label": "method"})
    run_dir: str = field(default="", metadata={"label": "run folder"})
    final_step: int = field(default=0, metadata={"label": "final step"})
    max_steps: int = field(default=0, metadata={"label": "steps planned"})
    steps_run: int = field(default=0, metadata={"label": "steps run in the last attempt"})
    interrupted: bool = field(default=False, metadata={"label": "interrupted"})
    #: Ended by an error it can resume from (a user reward that raised, a full disk): a checkpoint was written.
    failed: bool = field(default=False, metadata={"label": "failed"})
    resumed_from: str | None = field(default=None, metadata={"label": "resumed from"})
    last_checkpoint: str | None = field(default=None, metadata={"label": "last checkpoint"})
    #: The checkpoint the stage started from (the training stage's), None: the base model with new adapters.
    started_from: str | None = field(default=None, metadata={"label": "started from"})
    final_loss: float | None = field(default=None, metadata={"label": "final loss"})
    #: {"<function>": {"mean", "std"}} over the last 10 steps (DPO: its implicit rewards, chosen and rejected).
    rewards: dict[str, Any] = field(default_factory=dict)
    #: DPO: the share of pairs whose chosen answer out-scores the rejected one, and the mean margin (last 10 steps).
    accuracy: float | None = field(default=None, metadata={"label": "preference accuracy"})
    margin: float | None = field(default=None, metadata={"label": "reward margin"})
    beta: float | None = field(default=None, metadata={"label": "β"})
    loss_type: str | None = field(default=None, metadata={"label": "loss"})
    #: DPO: median pairs per second after the first step; GRPO: median seconds per step after the first.
    pairs_per_s: float | None = field(default=None, metadata={"label": "pairs per second (median)"})
    s_per_step: float | None = field(default=None, metadata={"label": "seconds per step (median)"})
    #: DPO: the one-time reference pass (seconds), timed apart from the steps; None when read back on resume.
    reference_s: float | None = field(default=None, metadata={"label": "reference pass (s)"})
    trained: str = field(default="both", metadata={"label": "trained", "values": ("adapters", "gates", "both")})
    trainable_parameters: int = field(default=0, metadata={"label": "trainable parameters"})
    #: User reward files: {"path", "sha256", "function", "weight"} each.
    reward_files: list[dict[str, Any]] = field(default_factory=list)
    runtime: dict[str, Any] = field(default_factory=dict)
    memory_estimate: dict[str, Any] | None = None
    elapsed_s: float = field(default=0.0, metadata={"label": "time (s)"})
    stop_signal: int | None = field(default=None, metadata={"label": "stopped by signal"})
