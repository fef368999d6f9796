"""The training stage: the session (so8t.train.session) with the SFT + PET objective (so8t.train.sft)."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any

from so8t.errors import GPUMemoryError, So8tError
from so8t.events import EventSink
from so8t.store.records import TrainResult, write_record
from so8t.train.config import TrainConfig
from so8t.train.optim import alpha_lr_factor, lr_factor
from so8t.train.session import TrainingSession, run_sink
from so8t.train.sft import SFTObjective
from so8t.train.stop import StopRequest
from so8t.train.team import Team

__all__ = ["EventSink", "StopRequest", "Trainer", "TrainResult", "alpha_lr_factor", "lr_factor", "os", "train"]


class Trainer(TrainingSession):
    """The training stage's session: SFT + PET on the run's conversations."""

    def __init__(self, config: TrainConfig, run_dir: Path, events: EventSink, resume: str | None,
                 team: Team | None = None) -> None:
        super().__init__(config, run_dir, events, resume, team, objective=SFTObjective(), stage="train",
                         write_record=write_record)

    @property
    def samples(self) -> list[Any]:
        """The tokenized training samples (the objective's)."""
        return self.objective.samples

    @samples.setter
    def samples(self, value: list[Any]) -> None:
        self.objective.samples = value


def train(
    config: TrainConfig,
    run_dir: str | os.PathLike[str],
    events: EventSink | None = None,
    resume: str | None = None,
    team: Team | None = None,
) -> TrainResult:
    """Train (or, with `resume` = a checkpoint name or "newest", continue) the run in `run_dir`.

    Checkpoints go to RUN/checkpoints, events to RUN/events.jsonl and the caller's sink. A
    SIGINT/SIGTERM ends the run at the next step boundary with an emergency checkpoint. `team`
    is this process's rank of a run on several processes (so8t.train.distributed starts them).
    """
    team = team or Team()
    run_dir = Path(run_dir)
    run_dir.mkdir(parents=True, exist_ok=True)
    sink = run_sink(events, run_dir) if team.is_main else (events or EventSink())
    return run_session(lambda: Trainer(config, run_dir, sink, resume, team), sink)


def run_session(make: Any, sink: EventSink) -> TrainResult:
    """Build, set up and run a session; a failure also goes to the run's log (a restarted window shows it)."""
    try:
        session = make()
        session.setup()
        return session.run()
    except Exception as exc:
        # The CLI streams the error itself; the run's log gets it here, so a restarted GUI shows it.
        record = EventSink(run=sink.run, stage=sink.stage, log_path=sink.log_path)
        with contextlib.suppress(OSError):  # a full disk may refuse the record; the error still reaches the caller
            if isinstance(exc, So8tError):
                record.error(exc.code, exc.message, exc.hint)
            extra = ({"reason": "out of memory", "settings_that_fit": getattr(exc, "settings_that_fit", None)}
                     if isinstance(exc, GPUMemoryError) else {})
            record.state("failed", error=getattr(exc, "code", type(exc).__name__), **extra)
        raise
