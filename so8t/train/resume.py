"""A session's resume: pick the checkpoint, and refuse one whose config or inputs would change the trajectory."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from so8t.errors import CheckpointError, ConfigError
from so8t.events import EventSink
from so8t.store.checkpoints import (
    CheckpointInfo,
    CheckpointStore,
    checkpoint_file,
    split_checkpoint_name,
    verify_checkpoint,
)
from so8t.store.layout import TRAIN_CONFIG_FILE, TRAINER_STATE_FILE
from so8t.train.config import MEMORY_FIELDS, TrainConfig, trajectory_difference
from so8t.train.state import read_json_file


def pick_checkpoint(store: CheckpointStore, resume: str, events: EventSink) -> CheckpointInfo:
    """The named checkpoint (must be valid) or the newest valid one, warning about skipped ones."""
    if resume not in ("", "newest", "latest"):
        stage, name = split_checkpoint_name(resume)  # `STAGE/ckpt-N`; a bare `ckpt-N` is train's
        if stage != store.stage:
            raise CheckpointError(f"checkpoint {resume} is of stage {stage}, not of {store.stage}, which this "
                                  "session trains", f"pick one of {store.stage}'s (see `so8t checkpoints RUN`)")
        info = store.get(name)
        if not info.valid:
            raise CheckpointError(f"checkpoint {info.name} of run {store.run_dir} is not valid: {info.reason}",
                                  "pick another with --checkpoint (see `so8t checkpoints RUN`)")
        return info

    def skipped(info: CheckpointInfo) -> None:
        events.log(f"skipping checkpoint {info.name}: {info.reason}", level="warning")

    info = store.newest_valid(on_skip=skipped)
    if info is None:
        raise CheckpointError(f"run {store.run_dir} has no valid checkpoint to resume from",
                              "start a new run with --out (see `so8t checkpoints RUN` for what is there)")
    return info


def check_resume(config: TrainConfig, info: CheckpointInfo, fingerprints: dict[str, str]) -> dict[str, Any]:
    """Refuse a resume whose config or inputs would change the trajectory; returns the trainer state."""
    reason, manifest = verify_checkpoint(info.path)
    if manifest is None:  # changed on disk since it was listed
        raise CheckpointError(f"checkpoint {info.name} is not valid: {reason}", "pick another with --checkpoint")
    saved = TrainConfig.from_dict(
        TrainConfig.saved_values(read_json_file(checkpoint_file(info.path, TRAIN_CONFIG_FILE, manifest))),
        source=f"{info.name}/{TRAIN_CONFIG_FILE}")
    state = read_json_file(checkpoint_file(info.path, TRAINER_STATE_FILE, manifest))
    # With packing, max_length decides which samples share a row: it is part of the trajectory then.
    memory_fields = tuple(f for f in MEMORY_FIELDS if not (saved.packed and f == "max_length"))
    changed = trajectory_difference(saved, config, ignore=memory_fields)
    if changed is not None:
        hint = f"resume with the run's {changed}, or start a new run with --out"
        if changed == "max_length" and saved.packed:
            hint = ("with packing, max_length decides which samples share a row: resume with the run's max_length "
                    "(to save memory, lower --batch-size or use --offload-activations on), or start a new run with --out")
        raise ConfigError(
            f"resume would change {changed} ({getattr(saved, changed)!r} → {getattr(config, changed)!r}), "
            "which alters the training trajectory", hint)
    for name in ("model", "data"):
        if state.get(f"{name}_fingerprint") != fingerprints[name]:
            raise ConfigError(
                f"resume would change {name}: {getattr(config, name)} differs from what run {Path(info.path).parent.parent} "
                "was trained on",
                f"resume with the original {name}, or start a new run with --out",
            )
    state["_manifest"] = manifest
    state["_memory_changes"] = {name: (getattr(saved, name), getattr(config, name)) for name in memory_fields
                                if getattr(saved, name) != getattr(config, name)}
    return state
