"""A training session: resume, checkpoints, stop and OOM handling, KL probe, memory meter and the record.

What is trained for comes from an objective (so8t.train.objective; SFT + PET is so8t.train.sft); the
session owns the model (QLoRA adapters + SO(8) gates), the optimizer and every step's bookkeeping.
"""

from __future__ import annotations

import contextlib
import gc
import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import torch

from so8t.errors import OutputPathError, So8tError
from so8t.events import EventSink, Metrics, end_torn_line
from so8t.fileio import atomic_write_json
from so8t.memory import NvmlProcessPeak
from so8t.model.folder import check_tokenizer, inspect_model_folder, load_tokenizer
from so8t.model.gates import gates_file_bytes, load_gates_into, rotations_batched
from so8t.stop_channel import clear_stop_request
from so8t.store.checkpoints import CheckpointInfo, CheckpointStore, checkpoint_file
from so8t.store.layout import (
    ADAPTER_CONFIG_FILE,
    ADAPTER_FILE,
    GATES_FILE,
    OPTIMIZER_FILE,
    RNG_FILE,
    TRAIN_CONFIG_FILE,
    TRAINER_STATE_FILE,
    RunLayout,
    checkpoint_name,
)
from so8t.store.records import TrainResult
from so8t.tracking import live_tensorboard
from so8t.train.config import TrainConfig, config_hash, model_fingerprint
from so8t.train.kernels import compile_decoder_layers, compile_totals, fused_linear_cross_entropy, uncompiled
from so8t.train.memory import (
    checkpointing_wanted,
    fast_kernels_wanted,
    grow_cuda_memory_in_pages,
    offload_wanted,
    out_of_memory,
)
from so8t.train.model import (
    Runtime,
    base_model_view,
    load_base_model,
    parameter_groups,
    resize_for_tokenizer,
    resolve_runtime,
    wrap_trainable,
)
from so8t.train.objective import Objective
from so8t.train.offload import offloaded_activations
from so8t.train.optim import json_ready, make_optimizer, make_scheduler
from so8t.train.probe import probe_kl
from so8t.train.resume import check_resume, pick_checkpoint
from so8t.train.state import (
    capture_rng,
    flatten_optimizer,
    load_trainable_state,
    read_tensors,
    restore_rng,
    trainable_state,
    unflatten_optimizer,
    write_bytes,
    write_json_file,
    write_tensors,
)
from so8t.train.stop import StopRequest, stop_source
from so8t.train.team import Team

#: Bytes per MiB, for memory metrics.
MIB = 1 << 20


def run_sink(events: EventSink | None, run_dir: Path, stage: str = "train") -> EventSink:
    """The caller's sink, also recording to RUN/events.jsonl (started on a fresh line after a torn one)."""
    events = events or EventSink()
    log_path = RunLayout(run_dir).events
    end_torn_line(log_path)
    if events.log_path is not None and Path(events.log_path).resolve() == log_path.resolve():
        return events.for_stage(events.stage or stage, states=events.states)
    return EventSink(run=events.run or run_dir.name, stage=stage, stream=events.stream, log_path=log_path,
                     states=events.states, listener=events.listener)


class TrainingSession:
    """One training session of a run's training stage (fresh or resumed) for an objective; `run()` does the steps."""

    def __init__(self, config: TrainConfig, run_dir: Path, events: EventSink, resume: str | None,
                 team: Team | None = None, *, objective: Objective, stage: str = "train",
                 write_record: Callable[[Path, TrainResult], Any] | None = None) -> None:
        self.config = config
        self.team = team or Team()
        self.run_dir = run_dir
        self.events = events
        self.objective = objective
        self.stage = stage
        #: Writes the stage's record into the run folder (rank 0, when the session ends); None: no record file.
        self.write_record = write_record
        self.store = CheckpointStore(run_dir, keep=config.keep, stage=stage)
        self.started = time.monotonic()
        self._peak_rss = 0  # CPU runs: the highest resident set size seen, in bytes
        self.resume_info: CheckpointInfo | None = None
        self.resume_state: dict[str, Any] | None = None
        if resume is not None:
            self.resume_info = pick_checkpoint(self.store, resume, events)
        elif any(i.valid for i in self.store.list(deep=False)):
            raise OutputPathError(f"run folder {run_dir} already holds checkpoints",
                                  f"continue it with `so8t train --resume {run_dir}`, or pick a new --out")
        info = inspect_model_folder(config.model)
        check_tokenizer(info)
        self.model_dir = info.path
        data_fingerprint = objective.read(self)
        self.fingerprints = {"model": model_fingerprint(info.path), "data": data_fingerprint}
        self.config_hash = config_hash(config, self.fingerprints["model"], self.fingerprints["data"])
        if self.resume_info is not None:
            self.resume_state = check_resume(config, self.resume_info, self.fingerprints)

    # -- setup ---------------------------------------------------------------------------------
    def warn(self, msg: str) -> None:
        """A warning line in the run's log."""
        self.events.log(msg, level="warning")

    def setup(self) -> None:
        """Seed, load the tokenizer, the objective's data, the model and the optimizer; load the resumed checkpoint."""
        config = self.config
        if config.deterministic:
            torch.use_deterministic_algorithms(True)
        self.runtime: Runtime = resolve_runtime(config)
        self._nvml = NvmlProcessPeak().start() if self.runtime.device == "cuda" else None
        # Before this process holds a CUDA context, so NVML's free memory is what the run may use.
        self._resolve_memory_options()
        if self.runtime.device == "cuda":
            self.runtime.expandable_segments = grow_cuda_memory_in_pages()
        if self.runtime.device == "cuda" and config.cuda_memory_limit_gb > 0:
            total = torch.cuda.get_device_properties(0).total_memory
            torch.cuda.set_per_process_memory_fraction(min(1.0, config.cuda_memory_limit_gb * 2**30 / total))
        random.seed(config.seed)
        np.random.seed(config.seed % 2**32)
        torch.manual_seed(config.seed)
        self.tokenizer = load_tokenizer(self.model_dir)
        self.added_tokens = self.objective.prepare(self)
        base = load_base_model(str(self.model_dir), self.runtime)
        if self.runtime.fast_kernels:
            count = compile_decoder_layers(base, fall_back=config.fast_kernels == "auto")
            self.events.log(f"fused kernels on: the {count} decoder layers are compiled during the first step, "
                            "which takes longer (8–20 s on the benchmark machine); later steps are faster")
        self.fused_loss = fused_linear_cross_entropy() if self.runtime.fast_kernels else None
        resize_for_tokenizer(base, len(self.tokenizer))
        new_ids = self.tokenizer.convert_tokens_to_ids(self.added_tokens) if self.added_tokens else []
        self.model, self.gates = wrap_trainable(base, config, self.runtime, new_ids)
        self.device = torch.device(self.runtime.device)
        groups = parameter_groups(self.model, self.gates, config)
        self.params = [p for g in groups for p in g["params"]]
        self.team.join(self.params, config.seed)
        self.optimizer = make_optimizer(groups, config)
        self.scheduler = make_scheduler(self.optimizer, config)
        use_scaler = self.runtime.device == "cuda" and self.runtime.compute_dtype == torch.float16
        self.scaler = torch.amp.GradScaler("cuda") if use_scaler else None
        self.step = 0
        self.position = 0  # micro-batches taken from the objective's data so far
        if self.resume_info is not None:
            self._load_checkpoint()
        self.probe = [torch.tensor(ids, device=self.device)
                      for ids in self.objective.probe_inputs(config.kl_probe_samples)]
        self.trainable_parameters = sum(p.numel() for p in self.params)

    def _resolve_memory_options(self) -> None:
        """Fused kernels and activation offloading, 'auto' resolved by the machine and the memory estimate."""
        config, device = self.config, self.runtime.device
        fast, why = fast_kernels_wanted(config, device) if device == "cuda" else (False, None)
        if why and config.fast_kernels == "auto":
            self.events.log(f"fused kernels skipped: {why}")
        offload, est = offload_wanted(config, device)
        if offload and config.offload_activations == "auto":
            self.events.log("activation offloading on: the memory estimate says the run would not fit the card "
                            "without it", level="warning")
        if device == "cuda":
            recompute, est = checkpointing_wanted(config, est)
            if not recompute and config.gradient_checkpointing == "auto":
                self.events.log(f"gradient checkpointing off: the run fits the card without it (estimate "
                                f"{est.nvml_gib:.1f} of {est.card.gib:.1f} GiB), so no layer is computed twice")
            self.runtime.gradient_checkpointing = recompute
        self.estimate = est.to_dict() if est is not None else None
        self.runtime.fast_kernels, self.runtime.offload = fast, offload

    def _load_checkpoint(self) -> None:
        info, state = self.resume_info, self.resume_state
        assert info is not None and state is not None
        manifest = state["_manifest"]

        def file(name: str) -> Path:
            return checkpoint_file(info.path, name, manifest)

        load_trainable_state(self.model, read_tensors(file(ADAPTER_FILE)), f"checkpoint {info.name}")
        load_gates_into(self.gates, read_tensors(file(GATES_FILE)), f"checkpoint {info.name}")
        self.optimizer.load_state_dict(unflatten_optimizer(read_tensors(file(OPTIMIZER_FILE)), state["optimizer"]))
        self.scheduler.load_state_dict(state["scheduler"])
        if self.scaler is not None and state.get("scaler"):
            self.scaler.load_state_dict(state["scaler"])
        restore_rng(read_tensors(file(RNG_FILE)), state["rng"])
        self.team.restore_rank_rng(file)
        self.step = int(state["step"])
        self.position = int(state["position"])

    # -- checkpoints ---------------------------------------------------------------------------
    def _write_checkpoint_files(self, tmp: Path, emergency: bool, rank_files: dict[str, bytes]) -> None:
        adapter_config = self.model.peft_config["default"].to_dict()
        write_tensors(tmp / ADAPTER_FILE, trainable_state(self.model), {"format": "pt"})
        write_json_file(tmp / ADAPTER_CONFIG_FILE, json_ready(adapter_config))
        write_bytes(tmp / GATES_FILE, gates_file_bytes(self.gates))
        opt_tensors, opt_meta = flatten_optimizer(self.optimizer.state_dict())
        write_tensors(tmp / OPTIMIZER_FILE, opt_tensors)
        rng_tensors, rng_meta = capture_rng()
        write_tensors(tmp / RNG_FILE, rng_tensors)
        for name, data in rank_files.items():
            write_bytes(tmp / name, data)
        write_json_file(tmp / TRAINER_STATE_FILE, {
            "step": self.step,
            "position": self.position,
            "config_hash": self.config_hash,
            "model_fingerprint": self.fingerprints["model"],
            "data_fingerprint": self.fingerprints["data"],
            "optimizer": opt_meta,
            "scheduler": json_ready(self.scheduler.state_dict()),
            "scaler": json_ready(self.scaler.state_dict()) if self.scaler is not None else None,
            "rng": rng_meta,
            "added_tokens": self.added_tokens,
            "emergency": emergency,
        })
        write_json_file(tmp / TRAIN_CONFIG_FILE, self.config.to_dict())
        if self.added_tokens:
            self.tokenizer.save_pretrained(str(tmp))

    def save_checkpoint(self, emergency: bool = False) -> CheckpointInfo:
        """Write a checkpoint of this step into the stage's store (rank 0 writes; every rank takes part)."""
        rank_files = self.team.rank_rng_files()  # every rank takes part; rank 0 alone writes
        if not self.team.is_main:
            return CheckpointInfo(name="", path=str(self.store.root / checkpoint_name(self.step)), step=self.step,
                                  time=None, size=0, valid=False, reason="written by rank 0", stage=self.stage)
        info = self.store.save(
            self.step, lambda tmp: self._write_checkpoint_files(tmp, emergency, rank_files),
            meta={"emergency": emergency, "config_hash": self.config_hash},
        )
        self.events.checkpoint(info.path, self.step)
        return info

    # -- the loop ------------------------------------------------------------------------------
    def _autocast(self):
        if self.runtime.autocast:
            return torch.autocast("cuda", dtype=self.runtime.compute_dtype)
        return contextlib.nullcontext()

    def kl_to_base(self) -> float:
        """KL(p_base ‖ p_now) per token on the fixed probe samples; no second model copy, bounded memory."""
        was_training = self.model.training
        self.model.eval()
        try:
            with torch.no_grad(), self._autocast(), uncompiled():
                return probe_kl(self.model, self.probe, lambda: base_model_view(self.model))
        finally:
            self.model.train(was_training)

    def _memory_metrics(self) -> dict[str, float]:
        if self.runtime.device == "cuda":
            return {Metrics.PEAK_GPU_ALLOCATED_MB: torch.cuda.max_memory_allocated() / MIB,
                    Metrics.PEAK_GPU_RESERVED_MB: torch.cuda.max_memory_reserved() / MIB}
        import psutil

        self._peak_rss = max(self._peak_rss, psutil.Process().memory_info().rss)
        return {Metrics.PEAK_RSS_MB: self._peak_rss / MIB}

    def _peaks(self) -> dict[str, float | None]:
        """The run's measured memory peaks in MiB (docs/architecture.md, "Result records"); null where not measured."""
        import psutil

        self._peak_rss = max(self._peak_rss, psutil.Process().memory_info().rss)
        out: dict[str, float | None] = {"peak_rss_mib": self._peak_rss / MIB, "peak_gpu_allocated_mib": None,
                                        "peak_gpu_reserved_mib": None, "peak_nvml_mib": None}
        if self.runtime.device == "cuda":
            out["peak_gpu_allocated_mib"] = torch.cuda.max_memory_allocated() / MIB
            out["peak_gpu_reserved_mib"] = torch.cuda.max_memory_reserved() / MIB
            out["peak_nvml_mib"] = self._nvml.stop() if self._nvml is not None else None
        return out

    def _after_out_of_memory(self, position: int, last_saved_step: int) -> So8tError:
        """Free the cache, save adapters + gates as an emergency checkpoint, and return the one-line error."""
        from so8t.train.card import detect_card

        peak = torch.cuda.max_memory_allocated() if self.runtime.device == "cuda" else None
        self.optimizer.zero_grad(set_to_none=True)
        gc.collect()
        if self.runtime.device == "cuda":
            torch.cuda.empty_cache()
        card = detect_card(None, self.config.cuda_memory_limit_gb) if self.runtime.device == "cuda" else \
            detect_card(self.config.cuda_memory_limit_gb or None)
        skipped = (self.runtime.device == "cuda" and self.config.gradient_checkpointing == "auto"
                   and not self.runtime.gradient_checkpointing)
        error = out_of_memory(self.config, self.step, peak, card, checkpointing_skipped=skipped)
        self.position = position  # the failed step's batches are taken again on resume
        if last_saved_step != self.step and self.team.alone:  # the other ranks are not at a step boundary
            try:
                self.save_checkpoint(emergency=True)
            except Exception as exc:  # noqa: BLE001 - the older checkpoints stay valid; say why this one failed
                self.events.log(f"emergency checkpoint after the out-of-memory error failed: {exc}", level="error")
        return error

    def _train_step(self) -> dict[str, float]:
        """One optimizer step over the objective's micro-batches; returns the step's metrics (and `tokens`)."""
        config, objective = self.config, self.objective
        self.optimizer.zero_grad(set_to_none=True)
        objective.start_step(self)
        sums: dict[str, Any] = {}
        for batch in objective.batches(self):
            with rotations_batched(self.gates):
                with self._autocast(), offloaded_activations(self.runtime.offload):
                    loss, figures = objective.loss(batch)
                    total = loss / config.grad_accum
                if self.scaler is not None:
                    self.scaler.scale(total).backward()
                else:
                    total.backward()
            for name, value in figures.items():
                sums[name] = sums.get(name, 0) + value
        sums = {name: float(value) for name, value in sums.items()}  # the step's one wait for its figures
        self.team.sum_gradients(self.params)
        sums = dict(zip(sums, self.team.step_totals(list(sums.values())), strict=True))
        if self.scaler is not None:
            self.scaler.unscale_(self.optimizer)
        max_norm = config.max_grad_norm if config.max_grad_norm > 0 else float("inf")
        grad_norm = float(torch.nn.utils.clip_grad_norm_(self.params, max_norm))
        lrs = [g["lr"] for g in self.optimizer.param_groups]
        if self.scaler is not None:
            self.scaler.step(self.optimizer)
            self.scaler.update()
        else:
            self.optimizer.step()
        self.scheduler.step()
        self.step += 1
        alpha_mean = float(torch.stack([torch.sigmoid(g.alpha.detach().float()) for g in self.gates]).mean())
        return {**objective.step_metrics(sums, self), Metrics.LR: lrs[0], Metrics.GATE_LR: lrs[1],
                Metrics.ALPHA_LR: lrs[2], Metrics.ALPHA_MEAN: alpha_mean, Metrics.GRAD_NORM: grad_norm,
                "tokens": float(sums.get("tokens", 0))}

    def run(self) -> TrainResult:
        """The steps to max_steps or a stop, with checkpoints on their cadence; writes and returns the record.

        A stage whose config names a `tensorboard` folder (train's, align's) gets its metrics written
        there live too, by rank 0 only; it changes nothing the run computes.
        """
        folder = getattr(self.config, "tensorboard", "") if self.team.is_main else ""
        writer = live_tensorboard(folder, resumed_at=self.step if self.resume_info is not None else None)
        if writer is None:
            return self._run()
        self.events = writer.attach(self.events)
        try:
            return self._run()
        finally:
            writer.close()

    def _run(self) -> TrainResult:
        config, events = self.config, self.events
        resumed = self.resume_info.name if self.resume_info is not None else None
        events.state("started", resumed_from=resumed, step=self.step, max_steps=config.max_steps,
                     runtime=self.runtime.to_dict(), trainable_parameters=self.trainable_parameters)
        if resumed:
            events.log(f"resuming from {resumed} at step {self.step} of {config.max_steps}")
            for name, (old, new) in (self.resume_state or {}).get("_memory_changes", {}).items():
                events.log(f"{name} changed on resume ({old} → {new}) to fit memory: from here the run differs "
                           "from an uninterrupted one", level="warning")
        removed = self.store.remove_partials() if self.team.is_main else []
        if removed:
            events.log(f"removed unfinished checkpoint writes: {', '.join(removed)}", level="warning")
        if self.team.is_main:
            path = RunLayout(self.run_dir).training_config(self.stage)
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_json(path, self.config.to_dict())
        if self.step == 0 and config.kl_every_steps and self.team.is_main:
            events.metric(Metrics.KL_TO_BASE, self.kl_to_base(), 0)
        self.model.train()
        last_saved_step = self.step if resumed else -1
        last_save_time = time.monotonic()
        last_checkpoint = self.resume_info.path if self.resume_info is not None else None
        steps_run = 0
        loss = None
        speeds: list[float] = []
        self._work = [0.0, 0.0]  # tokens and seconds of the steps run: the record's tokens_per_s_mean
        self._compiled_at_start = compile_totals()
        self._compiled_after_first: int | None = None  # graphs compiled by the end of the first step
        stop = self.team.stop_request(StopRequest(self.run_dir))
        with stop.installed():
            while self.step < config.max_steps and not stop:
                t0 = time.perf_counter()
                position = self.position
                try:
                    m = self._train_step()
                except torch.OutOfMemoryError:
                    oom = True
                else:
                    oom = False
                if oom:
                    # Outside the except block, so the traceback no longer pins the step's tensors.
                    raise self._after_out_of_memory(position, last_saved_step)
                if self.runtime.device == "cuda":
                    torch.cuda.synchronize()
                dt = time.perf_counter() - t0
                steps_run += 1
                loss = m["loss"]
                tokens = m.pop("tokens")
                speed = tokens / dt
                speeds.append(speed)
                self._work[0] += tokens
                self._work[1] += dt
                if self._compiled_after_first is None:
                    self._compiled_after_first = compile_totals()[0]
                for name, value in m.items():
                    events.metric(name, value, self.step)
                events.metric(Metrics.STEP_SECONDS, dt, self.step)  # before the rate: readers pair them
                events.metric(Metrics.TOKENS_PER_S, speed, self.step)
                for name, value in self._memory_metrics().items():
                    events.metric(name, value, self.step)
                self.objective.after_step(m, self)
                events.progress(self.step, config.max_steps)
                due = self.step == config.max_steps
                due |= bool(config.ckpt_every_steps) and self.step % config.ckpt_every_steps == 0
                due |= bool(config.ckpt_every_seconds) and time.monotonic() - last_save_time >= config.ckpt_every_seconds
                if due and not stop:
                    last_checkpoint = self.save_checkpoint().path
                    last_saved_step, last_save_time = self.step, time.monotonic()
                if config.kl_every_steps and self.step % config.kl_every_steps == 0 and not stop and self.team.is_main:
                    events.metric(Metrics.KL_TO_BASE, self.kl_to_base(), self.step)
            interrupted = bool(stop) and self.step < config.max_steps
            if stop and last_saved_step != self.step:
                events.log(f"stop requested ({stop_source(stop)}): writing an emergency checkpoint at step {self.step}",
                           level="warning")
                last_checkpoint = self.save_checkpoint(emergency=True).path
            if stop and self.team.is_main:
                clear_stop_request(self.run_dir)  # obeyed: a later resume must not stop at once
        return self._record(steps_run, interrupted, resumed, last_checkpoint, loss, speeds, stop)

    def _compile_figures(self) -> dict[str, Any]:
        """Graphs compiled after the first step (`recompiles`) and all compile time (`compile_s`), or None
        without compiled layers."""
        if not self.runtime.fast_kernels or self._compiled_after_first is None:
            return {"recompiles": None, "compile_s": None}
        graphs, seconds = compile_totals()
        start_graphs, start_seconds = self._compiled_at_start
        recompiles = graphs - self._compiled_after_first
        self.events.log(f"compiled {graphs - start_graphs} graphs ({recompiles} after the first step) in "
                        f"{seconds - start_seconds:.1f} s")
        return {"recompiles": recompiles, "compile_s": round(seconds - start_seconds, 3)}

    def _record(self, steps_run: int, interrupted: bool, resumed: str | None, last_checkpoint: str | None,
                loss: float | None, speeds: list[float], stop: Any) -> TrainResult:
        """The session's record (written by rank 0) and its closing event."""
        config, events = self.config, self.events
        peaks = self._peaks()
        result = TrainResult(
            run_dir=str(self.run_dir), final_step=self.step, max_steps=config.max_steps, steps_run=steps_run,
            interrupted=interrupted, resumed_from=resumed, last_checkpoint=last_checkpoint, final_loss=loss,
            tokens_per_s=float(np.median(speeds)) if speeds else None,
            tokens_per_s_mean=self._work[0] / self._work[1] if speeds and self._work[1] > 0 else None,
            **self._compile_figures(),
            peak_memory_mb=max(self._memory_metrics().values()) if steps_run else None,
            added_tokens=self.added_tokens, trainable_parameters=self.trainable_parameters,
            lora_targets=sorted(self.model.peft_config["default"].target_modules),
            runtime=self.runtime.to_dict(), elapsed_s=round(time.monotonic() - self.started, 3),
            stop_signal=int(stop.signal) if interrupted and stop.signal is not None else None,
            memory_estimate=self.estimate, **peaks,
        )
        if self.estimate and peaks["peak_gpu_allocated_mib"]:
            events.log(f"peak GPU memory {peaks['peak_gpu_allocated_mib'] / 1024:.2f} GiB allocated "
                       f"(estimate {self.estimate['peak_gib']:.2f} GiB)")
        if self.team.is_main and self.write_record is not None:
            self.write_record(self.run_dir, result)
        events.state("interrupted" if interrupted else "finished", step=self.step)
        return result

