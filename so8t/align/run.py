"""The align stage's run: its session on the shared training session, from a run's training checkpoint or a base model."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import torch

from so8t.align.config import AlignConfig, session_config
from so8t.align.record import AlignResult
from so8t.errors import CheckpointError, ConfigError, DataFileError, OutputPathError, RunError, So8tError
from so8t.events import EventSink
from so8t.fileio import atomic_write_json
from so8t.model.gates import load_gates_into
from so8t.store.checkpoints import CheckpointInfo, CheckpointStore, checkpoint_file, verify_checkpoint
from so8t.store.layout import (
    ADAPTER_FILE,
    GATES_FILE,
    LOCK_FILE,
    TRAIN_CONFIG_FILE,
    TRAINER_STATE_FILE,
    RunLayout,
)
from so8t.store.records import TrainResult, write_record
from so8t.train.session import TrainingSession, run_sink
from so8t.train.state import load_trainable_state, read_json_file, read_tensors

STAGE = "align"
#: The training stage whose newest checkpoint align starts from.
START_STAGE = "train"


def default_data(run_dir: Path, method: str) -> Path:
    """The run's own data for the method: the data stage's pairs (DPO) or prompts (GRPO)."""
    layout = RunLayout(run_dir)
    return layout.data_pairs_train if method == "dpo" else layout.data_prompts


def saved_config(run_dir: Path) -> AlignConfig:
    """The options the run's align stage started with (RUN/align/align_config.json)."""
    path = RunLayout(run_dir).align_config
    if not path.is_file():
        raise RunError(f"{run_dir} has no align stage to resume (no {path.relative_to(run_dir)})",
                       "start one with `so8t align --method dpo --run RUN`")
    saved = read_json_file(path)
    return AlignConfig.from_dict(saved["config"], source=str(path))


def _start(run_dir: Path) -> tuple[CheckpointInfo, dict[str, Any], dict[str, Any]]:
    """(checkpoint, its train config, its trainer state): the run's newest valid training checkpoint."""
    info = CheckpointStore(run_dir, stage=START_STAGE).newest_valid()
    if info is None:
        raise CheckpointError(f"run {run_dir} has no valid training checkpoint to start align from",
                              "train it first (so8t train), or start from a base model with --model DIR --out RUN")
    reason, manifest = verify_checkpoint(info.path)
    if manifest is None:
        raise CheckpointError(f"checkpoint {info.name} is not valid: {reason}", "train again or pick another run")
    config = read_json_file(checkpoint_file(info.path, TRAIN_CONFIG_FILE, manifest))
    state = read_json_file(checkpoint_file(info.path, TRAINER_STATE_FILE, manifest))
    return info, config, state


class AlignSession(TrainingSession):
    """The align stage's session: the starting policy loaded, the chosen parts trained, the reference in place."""

    def __init__(self, align: AlignConfig, train_config: Any, run_dir: Path, events: EventSink, resume: str | None,
                 objective: Any, start: dict[str, Any]) -> None:
        self.align = align
        self.start = start
        super().__init__(train_config, run_dir, events, resume, objective=objective, stage=STAGE,
                         write_record=self._write_align_record)

    def autocast(self) -> Any:
        """The session's autocast context (what the step's micro-batches run under)."""
        return self._autocast()

    def setup(self) -> None:
        super().setup()
        checkpoint = self.start.get("checkpoint")
        fresh = self.align.fresh_adapters and checkpoint
        rank = int((self.start.get("train_config") or {}).get("lora_rank") or 0)
        if self.resume_info is None and checkpoint:
            # The starting policy: the training stage's adapters and gates (a resume has its own).
            name = Path(checkpoint).name
            adapters = read_tensors(Path(checkpoint) / ADAPTER_FILE)
            if fresh:
                from so8t.align.fresh import stack_trained_adapters

                stack_trained_adapters(self.model, adapters, rank, f"checkpoint {name}")
            else:
                load_trainable_state(self.model, adapters, f"checkpoint {name}")
            load_gates_into(self.gates, read_tensors(Path(checkpoint) / GATES_FILE), f"checkpoint {name}")
        gate_ids = {id(p) for g in self.gates for p in g.parameters()}
        for p in self.params:
            is_gate = id(p) in gate_ids
            if (self.align.train == "adapters" and is_gate) or (self.align.train == "gates" and not is_gate):
                p.requires_grad_(False)  # never gets a gradient: AdamW leaves it as it is
        self.trainable_parameters = sum(p.numel() for p in self.params if p.requires_grad)
        if fresh:
            from so8t.align.fresh import freeze_trained_half

            self.trainable_parameters = freeze_trained_half(self.model, rank)
        objective = self.objective
        if hasattr(objective, "load_or_compute_reference"):
            objective.load_or_compute_reference(self, RunLayout(self.run_dir).align_reference,
                                                self.fingerprints["data"], self.resume_info is not None)

    def _write_align_record(self, run_dir: Path, result: TrainResult) -> None:
        self.result = align_result(self, result)
        write_record(run_dir, self.result)


def align_result(session: AlignSession, result: TrainResult) -> AlignResult:
    """The align record from the session's and the objective's figures."""
    figures = session.objective.record_figures() if hasattr(session.objective, "record_figures") else {}
    align = session.align
    out = AlignResult(
        method=align.method, run_dir=str(session.run_dir), final_step=result.final_step, max_steps=result.max_steps,
        steps_run=result.steps_run, interrupted=result.interrupted, resumed_from=result.resumed_from,
        last_checkpoint=result.last_checkpoint, started_from=session.start.get("checkpoint"),
        final_loss=result.final_loss, beta=align.beta_value,
        loss_type=align.loss if align.method == "dpo" else None, trained=align.train,
        trainable_parameters=session.trainable_parameters, runtime=result.runtime,
        memory_estimate=result.memory_estimate, elapsed_s=result.elapsed_s, stop_signal=result.stop_signal,
        reward_files=list(getattr(session.objective, "reward_files", []) or []),
    )
    for name in ("rewards", "accuracy", "margin", "pairs_per_s", "s_per_step", "reference_s"):
        if name in figures:
            setattr(out, name, figures[name])
    for name in ("peak_rss_mib", "peak_gpu_allocated_mib", "peak_gpu_reserved_mib", "peak_nvml_mib"):
        setattr(out, name, getattr(result, name))
    return out


def _objective(config: AlignConfig, added_tokens: list[str] | None, run_dir: Path, start: dict[str, Any]) -> Any:
    if config.method == "dpo":
        from so8t.align.dpo import DPOObjective

        return DPOObjective(config.beta_value, config.loss, added_tokens)
    from so8t.align.grpo_objective import grpo_objective

    return grpo_objective(config, run_dir, start.get("reward_files") or [], added_tokens)


def _check_same(saved: AlignConfig, config: AlignConfig) -> None:
    """Refuse a resume whose align options would change the trajectory (the memory knobs may change)."""
    import dataclasses

    for f in dataclasses.fields(AlignConfig):
        if f.metadata.get("trajectory", True) and f.name not in ("reward", "run", "model", "out", "data"):
            if getattr(saved, f.name) != getattr(config, f.name):
                raise ConfigError(f"resume would change {f.name} ({getattr(saved, f.name)!r} → "
                                  f"{getattr(config, f.name)!r}), which alters the align trajectory",
                                  f"resume with the run's {f.name}, or start a new run")


def plan(config: AlignConfig, run_dir: Path, resume: str | None) -> tuple[AlignConfig, dict[str, Any], Any]:
    """(config with its data resolved, the starting point, the session's TrainConfig), every input checked."""
    layout = RunLayout(run_dir)
    if resume is not None:
        saved_config(run_dir)  # one line when the run has no align stage
        saved = read_json_file(layout.align_config)
        start = saved.get("start") or {}
        _check_same(AlignConfig.from_dict(saved["config"]), config)
        config = config.replace(data=saved["config"]["data"])
        if config.method == "grpo":
            config, start = _grpo_rewards(config, run_dir, start, saved["config"].get("reward") or [])
    else:
        if CheckpointStore(run_dir, stage=STAGE).newest_valid() is not None:
            raise OutputPathError(f"run {run_dir} already holds align checkpoints",
                                  f"continue it with `so8t align --resume {run_dir}`, or align another run")
        if config.model:
            if run_dir.exists() and any(p.name != LOCK_FILE for p in run_dir.iterdir()):
                raise OutputPathError(f"--out {run_dir} is a folder that is not empty", "pick a new or empty folder")
            start = {"checkpoint": None, "model": config.model, "train_config": None, "added_tokens": None}
        else:
            info, train_values, state = _start(run_dir)
            start = {"checkpoint": info.path, "model": train_values["model"], "train_config": train_values,
                     "added_tokens": list(state.get("added_tokens") or [])}
        data = Path(config.data) if config.data else default_data(run_dir, config.method)
        if not data.is_file():
            raise DataFileError(f"{config.method.upper()} data {data} does not exist",
                                "pass --data FILE, or prepare the run's data first (so8t data)")
        config = config.replace(data=str(data.resolve()))
        if config.method == "grpo":
            config, start = _grpo_rewards(config, run_dir, start, None)
    return config, start, session_config(config, start.get("train_config"), start["model"], config.data)


def _grpo_rewards(config: AlignConfig, run_dir: Path, start: dict[str, Any],
                  saved: list[str] | None) -> tuple[AlignConfig, dict[str, Any]]:
    """GRPO's reward set resolved (defaults filled in; on a resume the run's, with its user files given again)."""
    from so8t.align.grpo_objective import read_prompts_file
    from so8t.align.rewards import plan_rewards

    warnings: list[str] = []
    specs, records = plan_rewards(
        config.reward, saved=saved, records=start.get("reward_files") or [],
        has_head=lambda: RunLayout(run_dir).triality_head.is_file(),
        has_answers=lambda: any(r.fields.get("answer") is not None for r in read_prompts_file(config.data)),
        warn=warnings.append)
    return config.replace(reward=[s.text() for s in specs]), {**start, "reward_files": records,
                                                               "reward_warnings": warnings}


def session_start(config: AlignConfig, run_dir: Path, resume: str | None = None) -> Any:
    """The session's TrainConfig for this config and run (what the memory estimate reads)."""
    return plan(config, run_dir, resume)[2]


def align(config: AlignConfig, run_dir: str | os.PathLike[str], events: EventSink | None = None,
          resume: str | None = None) -> AlignResult:
    """Align the run in `run_dir` (or, with `resume` = a checkpoint name or "newest", continue it)."""
    from so8t.train.loop import run_session

    run_dir = Path(run_dir)
    layout = RunLayout(run_dir)
    config, start, train_config = plan(config, run_dir, resume)
    run_dir.mkdir(parents=True, exist_ok=True)
    warnings = start.pop("reward_warnings", [])
    if resume is None:
        layout.align_dir.mkdir(parents=True, exist_ok=True)
        atomic_write_json(layout.align_config, {"config": config.to_dict(), "start": start})
    sink = run_sink(events, run_dir, stage=STAGE)
    for warning in warnings:
        sink.log(warning, level="warning")
    holder: dict[str, AlignSession] = {}

    def make() -> AlignSession:
        session = AlignSession(config, train_config, run_dir, sink, resume,
                               _objective(config, start.get("added_tokens"), run_dir, start), start)
        holder["session"] = session
        return session

    try:
        result = run_session(make, sink)
    except So8tError as exc:
        session = holder.get("session")
        if session is not None and getattr(exc, "resumable", False):
            _write_failed_record(session)
        raise
    session = holder["session"]
    return getattr(session, "result", None) or align_result(session, result)


def run_user_rewards(run_dir: str | Path) -> list[str]:
    """The user reward specs (FILE.py:function) a run's align stage was started with; [] when it has none."""
    from so8t.align.rewards import RewardError, parse_reward_spec

    try:
        specs = saved_config(Path(run_dir)).reward
    except So8tError:  # no align stage, or its saved options are unreadable: nothing to load from a file
        return []
    out = []
    for text in specs:
        try:
            spec = parse_reward_spec(str(text))
        except RewardError:
            continue
        if spec.user:
            out.append(spec.text())
    return out


def _write_failed_record(session: AlignSession) -> None:
    """The record of a stage that ended on an error it can resume from (a checkpoint was written first)."""
    newest = session.store.newest_valid()
    align = session.align
    result = AlignResult(
        method=align.method, run_dir=str(session.run_dir), final_step=session.step, max_steps=align.max_steps,
        steps_run=len(getattr(session.objective, "history", [])), failed=True,
        last_checkpoint=newest.path if newest is not None else None, started_from=session.start.get("checkpoint"),
        beta=align.beta_value, trained=align.train,
        reward_files=list(getattr(session.objective, "reward_files", []) or []),
        elapsed_s=round(time.monotonic() - session.started, 3),
    )
    figures = session.objective.record_figures() if hasattr(session.objective, "record_figures") else {}
    result.rewards = figures.get("rewards") or {}
    write_record(session.run_dir, result)


def summary_line(result: dict[str, Any]) -> str:
    """One line on what an align attempt did."""
    state = "stopped early (emergency checkpoint written)" if result.get("interrupted") else "finished"
    parts = [f"{state}: {result.get('method', 'dpo').upper()} step {result.get('final_step')}/{result.get('max_steps')}",
             f"loss {_fmt(result.get('final_loss'))}"]
    if result.get("accuracy") is not None:
        parts.append(f"preference accuracy {_fmt(result['accuracy'])}, margin {_fmt(result.get('margin'))}")
    for name, stats in (result.get("rewards") or {}).items():
        if result.get("method") == "grpo" and isinstance(stats, dict):
            parts.append(f"reward/{name} {_fmt(stats.get('mean'))}")
    parts.append(f"checkpoint {result.get('last_checkpoint')}")
    return ", ".join(parts)


def _fmt(value: Any) -> str:
    return "—" if value is None else f"{value:.4g}" if isinstance(value, float) else str(value)


def preflight(config: AlignConfig, run_dir: Path, *, force: bool, events: EventSink, resume: str | None = None) -> None:
    """Refuse a run the memory estimate says will not fit the card (unless --force); CPU runs pass."""
    if config.device == "cpu" or (config.device == "auto" and not torch.cuda.is_available()):
        return
    from so8t.align.memory import check_fits

    check_fits(config, session_start(config, run_dir, resume), force=force, events=events)


