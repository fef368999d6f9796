"""Runs a pipeline's stages in order under the run lock, skipping those finished with the same inputs."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Any

from so8t.config import check_table
from so8t.errors import (
    CUDA_OOM_HINT,
    CheckpointError,
    ConfigError,
    RunError,
    So8tError,
    is_cuda_oom,
    user_error_of,
)
from so8t.events import CheckpointEvent, EventSink, LogEvent, StageEvent, parse_event
from so8t.pipeline.config import RUN_TABLE, RunOptions, read_toml
from so8t.pipeline.fingerprint import digest
from so8t.pipeline.stages import (
    STAGES,
    StageContext,
    default_stages,
    inputs_fingerprint,
    outputs_fingerprint,
)
from so8t.stop_channel import clear_stop_request, stop_requested
from so8t.store.layout import STOP_FILE
from so8t.store.runs import FAILED, FINISHED, INTERRUPTED, RUNNING, Run, find_run, resolve_workspace

#: Stage states after which a resume continues the stage (from its newest valid checkpoint).
UNFINISHED = (RUNNING, INTERRUPTED, FAILED)

# Test-only hook (tests/so8t/test_pipeline_resume.py): when SO8T_TEST_PAUSE_STAGE names a stage, the
# runner appends "<stage>" to the file named by SO8T_TEST_PAUSE_FILE once the stage is marked running,
# then sleeps SO8T_TEST_PAUSE_S seconds, so a test can kill the process inside that stage for sure.
_PAUSE_STAGE_ENV, _PAUSE_FILE_ENV, _PAUSE_S_ENV = "SO8T_TEST_PAUSE_STAGE", "SO8T_TEST_PAUSE_FILE", "SO8T_TEST_PAUSE_S"



@dataclass
class PipelineConfig:
    """A checked pipeline config: the [run] options, the stages to run, and each stage's table."""

    name: str
    stages: list[str]
    tables: dict[str, dict[str, Any]]
    workspace: str | None = None
    source: str = ""
    #: The preset the stage tables started from.
    preset: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """What run.json keeps as `config`: every stage table with defaults filled and paths resolved."""
        return {RUN_TABLE: {"name": self.name, "stages": self.stages, "workspace": self.workspace,
                            "preset": self.preset},
                **{name: self.tables.get(name, {}) for name in self.stages}}


def _with_preset(raw: dict[str, Any], source: str, *, cuda: bool | None) -> tuple[dict[str, Any], str]:
    """The config's tables laid over its preset's ([run] preset, else the machine's: rtx3060-12gb or cpu)."""
    from so8t.presets import load_preset, machine_preset_name

    run_table = raw.get(RUN_TABLE, {})
    named = run_table.get("preset") if isinstance(run_table, dict) else None
    if named is not None and not isinstance(named, str):
        raise ConfigError(f"config {source}: [run] preset must be a string, not {named!r}",
                          "name a preset, e.g. preset = \"rtx3060-12gb\"")
    preset = load_preset(named or machine_preset_name(cuda))
    merged: dict[str, Any] = {}
    for name, table in preset.tables.items():
        if name == RUN_TABLE:
            merged[name] = check_table(RunOptions, table, source=f"preset {preset.path}", table=name,
                                       base_dir=preset.folder, fill_defaults=False)
        elif name in STAGES:
            stage = STAGES[name]
            cls = stage.config_class()
            merged[name] = {} if cls is None else check_table(
                cls, table, source=f"preset {preset.path}", table=name, base_dir=preset.folder,
                exclude=stage.MANAGED, fill_defaults=False)
        else:
            raise ConfigError(f"preset {preset.path}: unknown table [{name}]", f"use tables of: {', '.join(STAGES)}")
    for name, table in raw.items():
        merged[name] = {**merged.get(name, {}), **table} if isinstance(table, dict) else table
    return merged, preset.name


def parse_config(raw: dict[str, Any], *, source: str = "<config>", base_dir: Path | None = None,
                 cuda: bool | None = None) -> PipelineConfig:
    """Check a config dict (as read from TOML): unknown tables, keys and wrong types are refused by name.

    The stage tables start from the preset's values; `cuda` picks the machine's preset when the
    config names none (None: ask torch).
    """
    for key, value in raw.items():
        if key != RUN_TABLE and key not in STAGES:
            known = ", ".join([RUN_TABLE, *STAGES])
            if not isinstance(value, dict):
                raise ConfigError(f"config {source}: unknown key '{key}' at the top level",
                                  f"put settings in a table; tables: {known}")
            raise ConfigError(f"config {source}: unknown table [{key}]", f"remove it or use one of: {known}")
        if not isinstance(value, dict):
            raise ConfigError(f"config {source}: '{key}' must be a table ([{key}]), not a value",
                              f"write [{key}] on its own line with its settings below")
    given = raw
    raw, preset = _with_preset(raw, source, cuda=cuda)
    run_opts = check_table(RunOptions, raw.get(RUN_TABLE, {}), source=f"config {source}", table=RUN_TABLE,
                           base_dir=base_dir)
    if run_opts.get("stages") is None:
        stages = default_stages(raw)
    else:
        stages = []
        for name in run_opts["stages"]:
            if name not in STAGES:
                raise ConfigError(f"config {source}: [run] stages names an unknown stage '{name}'",
                                  f"use stages from: {', '.join(STAGES)}")
            if name not in stages:
                stages.append(name)
        stages.sort(key=list(STAGES).index)  # pipeline order, whatever order they were listed in
    for name in stages:
        if not STAGES[name].available():
            raise ConfigError(f"config {source}: stage '{name}' is not available in this installation",
                              f"remove it from [run] stages (available: {', '.join(default_stages(raw))})")
    if not stages:
        raise ConfigError(f"config {source}: no stage to run", "name stages in [run] stages")
    tables = {}
    for name, stage in STAGES.items():
        if name in stages or (name in given and stage.available()):
            tables[name] = stage.check_options(raw.get(name, {}), source=source, base_dir=base_dir,
                                               stage_names=stages)
    for name in stages:
        try:
            STAGES[name].check(tables[name])
        except ConfigError as exc:
            raise ConfigError(f"config {source}: [{name}] {exc.message}", exc.hint) from None
    for name in stages:
        missing = [n for n in STAGES[name].requires_stages if n not in stages]
        if missing:
            raise ConfigError(f"config {source}: stage '{name}' needs stage '{missing[0]}' in the same run",
                              f"add {missing[0]} to [run] stages")
    return PipelineConfig(name=run_opts["name"], stages=stages, tables=tables,
                          workspace=run_opts["workspace"], source=source, preset=preset)


def load_config(path: str | os.PathLike[str]) -> PipelineConfig:
    """Read and check a pipeline TOML file; relative paths in it are relative to its folder."""
    path = Path(path).expanduser()
    raw = read_toml(path)
    return parse_config(raw, source=str(path), base_dir=path.resolve().parent)


@dataclass
class PipelineOutcome:
    """What `so8t run` / `so8t resume` hand back."""

    run: str
    path: str
    state: str
    stages: dict[str, str]
    ran: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    results: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0
    #: The signal that stopped the run part-way (2 SIGINT, 15 SIGTERM), where one did.
    stop_signal: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def exit_code(self) -> int:
        """0 when every stage finished; 128 + the signal (130 Ctrl+C, 143 SIGTERM) when it stopped part-way."""
        return 0 if self.state == FINISHED else 128 + (self.stop_signal or signal.SIGINT)

    def text(self) -> str:
        marks = " ".join(f"{name}:{state}" for name, state in self.stages.items())
        return f"run {self.run} {self.state} in {self.seconds:.1f} s ({marks})\n{self.path}"


class HumanEcho:
    """A stream for EventSink that prints stage changes, logs and errors as text (no `--events`)."""

    def __init__(self, out: IO[str], listener: Any = None) -> None:
        self.out = out
        self._last_state: tuple[str, str] | None = None
        #: Also handed every event (the CLI's progress bar); text then goes around the bar.
        self.listener = listener

    def _print(self, text: str) -> None:
        if self.listener is None:
            self.out.write(text)
            return
        from tqdm import tqdm

        tqdm.write(text, file=self.out, end="")

    def write(self, line: str) -> int:
        for raw in line.splitlines():
            ev = parse_event(raw)
            stage = ev.stage if ev is not None else ""
            if ev is not None and self.listener is not None:
                self.listener(ev)
            if isinstance(ev, StageEvent):
                # A stage function and the runner may both announce the same change: print it once.
                seconds = ev.get("seconds")
                if (stage, ev.state) == self._last_state and seconds is None:
                    continue
                self._last_state = (stage, ev.state)
                extra = f" ({seconds:.1f} s)" if isinstance(seconds, (int, float)) else ""
                self._print(f"[{stage}] {ev.state}{extra}\n")
            elif isinstance(ev, LogEvent) and ev.level in ("info", "warning", "error"):
                self._print(f"[{stage}] {ev.msg}\n")
            elif isinstance(ev, CheckpointEvent):
                self._print(f"[{stage}] checkpoint {ev.path} (step {ev.step})\n")
        return len(line)

    def flush(self) -> None:
        self.out.flush()


class StopSignal(KeyboardInterrupt):
    """A stop asked for by a signal other than Ctrl+C; the CLI exits 128 + `signum` (143 for SIGTERM)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = int(signum)


@contextlib.contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """SIGTERM / CTRL_BREAK (the GUI's stop, a shutdown) raise KeyboardInterrupt so state is saved on the way out.

    A stage may install its own handler meanwhile (training writes an emergency checkpoint).
    """
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGTERM"):
        yield
        return

    def on_term(signum: int, frame: Any) -> None:
        raise StopSignal(signum)

    # CTRL_BREAK (the GUI's stop on Windows) arrives as SIGBREAK there.
    signals = [getattr(signal, name) for name in ("SIGTERM", "SIGBREAK") if hasattr(signal, name)]
    previous = {sig: signal.signal(sig, on_term) for sig in signals}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def execute(run: Run, *, stream: IO[str] | None = None, command: str = "run",
            checkpoint: str | None = None) -> PipelineOutcome:
    """Run every stage of `run` that is not finished with the same inputs, holding the run's lock.

    An unfinished stage (killed, stopped, failed) continues from its newest valid checkpoint, or
    training from `checkpoint` when the user picked one (it and every later stage run again).
    A user error is recorded in run.json and events.jsonl and raised; so is an interruption.
    """
    started = time.monotonic()
    ran: list[str] = []
    skipped: list[str] = []
    stop_signal = None
    with run.locked(command), sigterm_as_interrupt():
        # Read run.json again under the lock: a process that held it until a moment ago may have moved on.
        run.data = Run.open(run.path).data
        run.repair_events_log()
        clear_stop_request(run.path)  # a stop asked of an earlier process is not a stop of this one
        sink = EventSink(run=run.id, stream=stream, log_path=run.events_path)
        # Errors go to the run's log only: the CLI streams the error event of the failing command itself.
        record_only = EventSink(run=run.id, log_path=run.events_path)
        for name in run.stage_names:
            if stop_requested(run.path):
                # The stop file between stages (`so8t stop`, a following window): the next stage never starts.
                clear_stop_request(run.path)
                sink.for_stage("run").log(f"stop requested (the run's {STOP_FILE} file): "
                                          f"stopping before stage {name}", level="warning")
                stop_signal = int(signal.SIGTERM)
                break
            stage = STAGES.get(name)
            if stage is None or not stage.available():
                raise RunError(f"run {run.path} has stage '{name}', which this so8t installation lacks",
                               "install the version of so8t that started the run")
            events = sink.for_stage(name)
            record = run.stage(name)
            chosen = checkpoint if checkpoint is not None and _checkpoint_stage(checkpoint) == name else None
            ctx = StageContext(run=run, interrupted=record.get("state") in UNFINISHED or chosen is not None,
                               checkpoint=chosen)
            inputs = digest(inputs_fingerprint(ctx, stage))
            if (chosen is None and record.get("state") == FINISHED and record.get("inputs") == inputs
                    and record.get("outputs") == digest(outputs_fingerprint(ctx, stage))):
                skipped.append(name)
                events.state("skipped", reason="finished with the same inputs")
                continue
            if ctx.interrupted and record.get("inputs") not in (None, inputs) and stage.can_continue(ctx):
                raise RunError(f"the inputs of stage {name} of run {run.path} changed since it was interrupted",
                               "restore the original files, or start a new run with `so8t run --config`")
            attempt = int(record.get("attempts", 0)) + 1
            t0 = time.monotonic()
            run.set_stage(name, state=RUNNING, inputs=inputs, started=time.time(), finished=None,
                          error=None, attempts=attempt)
            events.state("started", attempt=attempt, resumed=ctx.interrupted)
            try:
                _test_pause(name)
                result = stage.run(ctx, sink.for_stage(name, states=False))
            except KeyboardInterrupt:
                run.set_stage(name, state=INTERRUPTED)
                events.state("interrupted")
                raise
            except So8tError as exc:
                _record_failure(run, name, exc.code, exc.message, exc.hint, events, record_only)
                raise
            except Exception as exc:
                user_error = user_error_of(exc)  # disk full, permissions, a file a library could not read
                if user_error is not None:
                    _record_failure(run, name, user_error.code, user_error.message, user_error.hint, events,
                                    record_only)
                    raise user_error from None
                if is_cuda_oom(exc):
                    error = RunError(f"stage {name} ran out of GPU memory ({str(exc).splitlines()[0]})", CUDA_OOM_HINT)
                    _record_failure(run, name, "cuda_oom", error.message, error.hint, events, record_only)
                    raise error from exc
                _record_failure(run, name, "crashed", f"{type(exc).__name__}: {exc}",
                                "this is a bug; please report it with the run's events.jsonl", events, record_only)
                raise
            seconds = round(time.monotonic() - t0, 3)
            if result.get("interrupted") is True:
                # The stage obeyed a stop (SIGTERM / CTRL_BREAK) and saved an emergency checkpoint.
                run.set_stage(name, state=INTERRUPTED, seconds=seconds, result=result)
                events.state("interrupted", seconds=seconds)
                stop_signal = result.get("stop_signal")
                break
            if result.get("passed") is False:
                # A stage that verifies its own output (bake, GGUF check) does not say "finished" on a miss.
                error = RunError(f"stage {name} failed its verification ({_failed_criteria(result)})",
                                 f"see the {name} result in run.json; the run stops before later stages use it")
                run.set_stage(name, result=result)
                _record_failure(run, name, "verification_failed", error.message, error.hint, events, record_only)
                raise error
            outputs = digest(outputs_fingerprint(ctx, stage))
            run.set_stage(name, state=FINISHED, finished=time.time(), seconds=seconds, result=result, outputs=outputs)
            events.result(result)
            events.state("finished", seconds=seconds)
            ran.append(name)
        clear_stop_request(run.path)  # one asked too late to matter must not stop the next resume
    return PipelineOutcome(
        run=run.id, path=str(run.path), state=run.status(),
        stages={k: v.get("state", "") for k, v in run.data["stages"].items()},
        ran=ran, skipped=skipped,
        results={k: v.get("result") for k, v in run.data["stages"].items() if v.get("result") is not None},
        seconds=round(time.monotonic() - started, 3), stop_signal=stop_signal,
    )


def _test_pause(stage: str) -> None:
    if os.environ.get(_PAUSE_STAGE_ENV) != stage or not os.environ.get(_PAUSE_FILE_ENV):
        return
    with open(os.environ[_PAUSE_FILE_ENV], "a", encoding="utf-8") as f:
        f.write(stage + "\n")
    time.sleep(float(os.environ.get(_PAUSE_S_ENV, "5")))


def _record_failure(run: Run, name: str, code: str, message: str, hint: str,
                    events: EventSink, record_only: EventSink) -> None:
    """run.json says failed, with the error; the event log too where the disk still takes it."""
    run.set_stage(name, state=FAILED, error={"code": code, "message": message, "hint": hint}, last_resort=True)
    with contextlib.suppress(OSError):  # a full disk may refuse the log line; run.json holds the record
        record_only.for_stage(name).error(code, message, hint)
        events.state("failed", code=code)


def _check_data_files(config: PipelineConfig) -> None:
    """The stages' input files are read before a run folder exists: a bad file is refused, leaving no run."""
    for name in config.stages:
        STAGES[name].check_inputs(config.tables.get(name, {}))


def start_run(config: PipelineConfig, *, workspace: str | os.PathLike[str] | None = None,
              stream: IO[str] | None = None) -> PipelineOutcome:
    """A new run of `config` in the workspace (argument, else the config's, else the default)."""
    root = resolve_workspace(workspace or config.workspace)
    _check_data_files(config)
    run = Run.create(root, config.to_dict(), stages=config.stages, name=config.name, config_file=config.source)
    # The first event names the folder, so a watcher (the GUI) knows which run it is following.
    EventSink(run=run.id, stage="run", stream=stream, log_path=run.events_path).emit(
        "log", level="info", msg=f"run folder {run.path}", path=str(run.path))
    return execute(run, stream=stream, command="run")


def resume_run(ref: str | os.PathLike[str], *, workspace: str | os.PathLike[str] | None = None,
               stream: IO[str] | None = None, checkpoint: str | None = None) -> PipelineOutcome:
    """Continue a run (folder or id): finished stages with unchanged inputs are skipped.

    With `checkpoint`, training continues from that checkpoint (it must be valid) instead of the newest.
    """
    run = find_run(ref, workspace)
    if checkpoint is not None:
        from so8t.store.checkpoints import CheckpointStore, split_checkpoint_name
        from so8t.store.layout import TRAINING_STAGES

        stage, name = split_checkpoint_name(checkpoint)  # `STAGE/ckpt-N`; a bare `ckpt-N` is train's
        if stage not in run.stage_names:
            raise RunError(f"run {run.path} has no {stage} stage to resume from {checkpoint}",
                           "resume without --checkpoint")
        info = CheckpointStore(run.path, stage=stage).get(name)
        if not info.valid:
            raise CheckpointError(f"checkpoint {info.name} of run {run.path} is not valid ({info.reason})",
                                  f"pick a valid one (see `so8t checkpoints {run.path}`)")
        checkpoint = info.name if stage == TRAINING_STAGES[0] else f"{stage}/{info.name}"
    return execute(run, stream=stream, command="resume", checkpoint=checkpoint)


def _checkpoint_stage(checkpoint: str) -> str:
    """The training stage a chosen checkpoint (`ckpt-N` or `STAGE/ckpt-N`) belongs to."""
    from so8t.store.checkpoints import split_checkpoint_name

    return split_checkpoint_name(checkpoint)[0]


def text_stream(events: EventSink) -> IO[str]:
    """Where the runner streams: the CLI's stdout with `--events`, else readable lines on stderr."""
    if events.stream is not None:
        return events.stream
    return HumanEcho(sys.stderr, events.listener)  # type: ignore[return-value]


def _failed_criteria(result: dict[str, Any]) -> str:
    """The names of the checks a stage result reports as failed, for the one-line error."""
    criteria = (result.get("verify") or {}).get("criteria") or {}
    failed = [k for k, ok in criteria.items() if not ok]
    failed += [n for n, r in (result.get("files") or {}).items() if isinstance(r, dict) and r.get("passed") is False]
    return ", ".join(failed) or "passed is false"
