"""Training on N processes of one machine (`--nproc N`): torch.distributed's elastic agent starts the ranks.

The launching process holds the run's lock, relays rank 0's events to its own caller, and turns
a failed rank into one line; each rank (`python -m so8t.train.distributed SPEC`) joins the process
group and runs the training loop with its `RankTeam`. See docs/architecture.md, "Several processes".
"""

from __future__ import annotations

import contextlib
import dataclasses
import faulthandler
import json
import logging
import os
import signal
import sys
import tempfile
import threading
import time
import traceback
import uuid
from pathlib import Path
from typing import Any, NoReturn

from so8t.errors import ConfigError, So8tError, quiet_third_party_output
from so8t.events import EventSink
from so8t.store.event_log import EventTail
from so8t.store.layout import RunLayout
from so8t.train.config import TrainConfig
from so8t.train.state import read_json_file

#: NVLink multicast (NVLS) stays off: on shared hosts it fails at start-up or hangs, and LoRA's
#: small all-reduces gain nothing from it.
NCCL_ENV = {"NCCL_NVLS_ENABLE": "0"}
#: How often the launcher relays new events of rank 0 to its caller.
RELAY_INTERVAL_S = 0.1
#: How long a stopped rank may take to finish its step and the emergency checkpoint before it is killed.
SHUTDOWN_TIMEOUT_S = 60
#: The error-file field that marks a rank which stopped only because another one was lost.
_LOST = "rank_lost"
#: The error-file field that marks a rank which failed on a bug: its traceback is in its log.
_BUG = "bug"


class RankFailedError(So8tError):
    """A rank of a run on several processes failed; the others were stopped with it."""

    code = "rank_failed"


def train(config: TrainConfig, run_dir: str | os.PathLike[str], events: EventSink | None = None,
          resume: str | None = None) -> Any:
    """The training stage on `config.nproc` processes (one: in this process, as so8t.train.loop.train)."""
    from so8t.train import loop

    if config.nproc == 1:
        return loop.train(config, run_dir, events, resume=resume)
    return train_on_ranks(config, Path(run_dir), events or EventSink(), resume)


def check_launch(config: TrainConfig) -> str:
    """The device the ranks will use ("cpu" or "cuda"), or a ConfigError naming why N ranks cannot start here."""
    import torch

    device = ("cuda" if torch.cuda.is_available() else "cpu") if config.device == "auto" else config.device
    if device == "cuda" and os.name == "nt":
        raise ConfigError(f"--nproc {config.nproc} on CUDA needs Linux (NCCL); Windows has no NCCL",
                          "train with --nproc 1, or with --device cpu")
    if device == "cuda":
        visible = torch.cuda.device_count()
        if config.nproc > visible:
            raise ConfigError(f"--nproc {config.nproc} needs {config.nproc} GPUs, and {visible} are visible",
                              f"use --nproc {visible} or fewer (CUDA_VISIBLE_DEVICES picks the GPUs)")
    return device


def train_on_ranks(config: TrainConfig, run_dir: Path, events: EventSink, resume: str | None) -> Any:
    """Start `config.nproc` ranks under the elastic agent and wait; rank 0's result, as a TrainResult."""
    from torch.distributed.elastic.multiprocessing import DefaultLogsSpecs, SignalException, Std
    from torch.distributed.elastic.multiprocessing.errors import ChildFailedError
    from torch.distributed.launcher.api import LaunchConfig, elastic_launch

    from so8t.store.records import TrainResult

    device = check_launch(config)
    run_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="so8t-ranks-") as tmp:
        spec = Path(tmp) / "spec.json"
        result_file = Path(tmp) / "result.json"
        agent_logs = Path(tmp) / "agent-logs"  # the agent's per-attempt files, copied to RUN/logs/ at the end
        spec.write_text(json.dumps({
            "config": config.to_dict(), "run_dir": str(run_dir.resolve()), "resume": resume,
            "run": events.run or run_dir.name, "stage": events.stage or "train", "states": events.states,
            "result": str(result_file),
        }), encoding="utf-8")
        launch = LaunchConfig(
            min_nodes=1, max_nodes=1, nproc_per_node=config.nproc, run_id=uuid.uuid4().hex,
            rdzv_backend="c10d", rdzv_endpoint="localhost:0", max_restarts=0, monitor_interval=0.1,
            logs_specs=DefaultLogsSpecs(log_dir=str(agent_logs), redirects=Std.ERR),
            shutdown_timeout=SHUTDOWN_TIMEOUT_S)
        if device == "cuda":
            for key, value in NCCL_ENV.items():
                os.environ.setdefault(key, value)
        # A rank per core share: N ranks each with all cores' threads would thrash.
        os.environ.setdefault("OMP_NUM_THREADS", str(max(1, (os.cpu_count() or 1) // config.nproc)))
        stopped_by: int | None = None
        layout = RunLayout(run_dir)
        with _relay(events, layout.events), _quiet_agent(), _keep_rank_logs(agent_logs, layout):
            try:
                elastic_launch(launch, sys.executable)("-m", "so8t.train.distributed", str(spec))
            except ChildFailedError as exc:
                error = RankFailedError(*_failure_line(exc, config.nproc, layout))
                record_failure(events, layout, error)
                raise error from None
            except SignalException as exc:
                stopped_by = int(exc.sigval)
        if not result_file.is_file():
            if stopped_by is not None:
                stop = KeyboardInterrupt()  # stopped before rank 0 could report: the CLI exits 128 + signal
                stop.signum = stopped_by  # type: ignore[attr-defined]
                raise stop
            raise RankFailedError("training rank 0 ended without a result", f"see {layout.rank_log(0)}; resume "
                                  f"with `so8t train --resume {run_dir}`")
        values = read_json_file(result_file)
    names = {f.name for f in dataclasses.fields(TrainResult)}
    result = TrainResult(**{k: v for k, v in values.items() if k in names})
    if stopped_by is not None and result.interrupted and result.stop_signal is None:
        result.stop_signal = stopped_by
    return result


def record_failure(events: EventSink, layout: RunLayout, error: So8tError) -> None:
    """Record the stage as failed in RUN/events.jsonl unless rank 0 did.

    Rank 0 records its own failure, but when another rank dies the agent may stop rank 0 with
    SIGTERM before it can (it is then in a collective, or not yet past its start-up). The launcher
    outlives the ranks, so it writes the state the run would otherwise lack: a run that stopped with
    its stage still "started" reads as running, or as interrupted, instead of failed.
    """
    from so8t.store.event_log import read_events

    stage = events.stage or "train"
    states = [e.data.get("state") for e in read_events(layout.events) if e.kind == "stage" and e.stage == stage]
    if not events.states or not states or states[-1] != "started":
        return
    record = EventSink(run=events.run or layout.root.name, stage=stage, log_path=layout.events)
    with contextlib.suppress(OSError):  # a full disk may refuse the record; the one line still reaches the user
        record.error(error.code, error.message, error.hint)
        record.state("failed", error=error.code)


@contextlib.contextmanager
def _relay(events: EventSink, log: Path):
    """Pass rank 0's new events (it writes RUN/events.jsonl) to the caller's stream and listener."""
    tail = EventTail(log)
    tail.skip_to_end()
    done = threading.Event()

    def pump() -> None:
        while not done.wait(RELAY_INTERVAL_S):
            for event in tail.read():
                events.relay(event)

    thread = threading.Thread(target=pump, name="rank-events", daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()
        for event in tail.read() + tail.read_rest():
            events.relay(event)


@contextlib.contextmanager
def _quiet_agent():
    """The agent logs each rank's exit as a table on stderr; the launcher says it in one line instead."""
    logger = logging.getLogger("torch.distributed")
    saved = logger.propagate, list(logger.handlers)
    logger.propagate = False
    logger.handlers = [logging.NullHandler()]
    try:
        yield
    finally:
        logger.propagate, logger.handlers = saved[0], saved[1]


@contextlib.contextmanager
def _keep_rank_logs(agent_logs: Path, layout: RunLayout):
    """Append each rank's stderr (the agent redirects it to files) to RUN/logs/ when the launch ends.

    The terminal gets the launcher's one line only: a rank stopped mid-collective may print a C++
    runtime's last words ("terminate called ...") that would bury it. See docs/architecture.md.
    """
    try:
        yield
    finally:
        for log in sorted(agent_logs.glob("*/attempt_*/*/stderr.log")):
            with contextlib.suppress(OSError, ValueError):
                text = log.read_bytes()
                if text:
                    target = layout.rank_log(int(log.parent.name))
                    target.parent.mkdir(parents=True, exist_ok=True)
                    with target.open("ab") as out:
                        out.write(text)


def _failure_line(exc: Any, nproc: int, layout: RunLayout) -> tuple[str, str]:
    """(message, hint) of the rank that failed first.

    Not a cause: a rank that only lost the others, or one the agent stopped with SIGTERM because
    another had failed (it dies of the signal while its handler is not installed yet, at start-up).
    """
    failures = sorted(exc.failures.items())

    def stopped_by_agent(failure: Any) -> bool:
        return failure.exitcode == -signal.SIGTERM

    not_lost = [(rank, f) for rank, f in failures if not _error_data(f).get(_LOST)]
    causes = [(rank, f) for rank, f in not_lost if not stopped_by_agent(f)] or not_lost or failures
    rank, failure = min(causes, key=lambda item: (getattr(item[1], "timestamp", 0) or 0, item[0]))
    data = _error_data(failure)
    if failure.exitcode < 0:
        why = f"was killed by {failure.signal_name()}"
    elif data.get("message"):
        why = f"failed: {data['message']}"
        if data.get(_BUG):
            why += f" (its traceback: {layout.rank_log(rank)})"
    else:
        why = f"exited with code {failure.exitcode} (its log: {layout.rank_log(rank)})"
    return (f"training rank {rank} of {nproc} {why}; the other ranks were stopped",
            "the newest complete checkpoint stays valid: continue with `so8t train --resume RUN`")


def _error_data(failure: Any) -> dict[str, Any]:
    data = getattr(failure, "error_file_data", None)
    return data if isinstance(data, dict) else {}


# -- one rank --------------------------------------------------------------------------------------
def _write_error_file(exc: BaseException) -> None:
    """Tell the launcher why this rank failed, in the agent's error file (JSON; read by _failure_line)."""
    from so8t.errors import user_error_of
    from so8t.train.team import RankLostError

    path = os.environ.get("TORCHELASTIC_ERROR_FILE")
    if not path:
        return
    error = exc if isinstance(exc, So8tError) else user_error_of(exc)
    message = error.one_line() if error is not None else f"{type(exc).__name__}: {' '.join(str(exc).split())[:300]}"
    with contextlib.suppress(OSError):
        Path(path).write_text(json.dumps({"message": message, "timestamp": int(time.time()), _BUG: error is None,
                                          _LOST: isinstance(exc, RankLostError)}), encoding="utf-8")


def run_rank(spec_path: str) -> int:
    """One rank: join the group, train with a RankTeam; rank 0 writes the result for the launcher."""
    import torch
    import torch.distributed as dist

    from so8t.store.record_file import write_record
    from so8t.train import loop
    from so8t.train.team import RankTeam

    spec = read_json_file(Path(spec_path))
    config = TrainConfig.from_dict(spec["config"], source="the launcher's train options")
    run_dir = Path(spec["run_dir"])
    cuda = check_launch(config) == "cuda"
    if cuda:
        torch.cuda.set_device(int(os.environ["LOCAL_RANK"]))
    dist.init_process_group("nccl" if cuda else "gloo")
    try:
        team = RankTeam(torch.device("cuda", torch.cuda.current_device()) if cuda else torch.device("cpu"))
        sink = (EventSink(run=spec["run"], stage=spec["stage"], log_path=RunLayout(run_dir).events,
                          states=spec["states"]) if team.is_main else EventSink())
        result = loop.train(config, run_dir, sink, resume=spec["resume"], team=team)
        fields = ("peak_rss_mib", "peak_gpu_allocated_mib", "peak_gpu_reserved_mib", "peak_nvml_mib")
        peaks = team.gather_floats([getattr(result, f) for f in fields])
        if team.is_main:
            result.rank_peaks = [dict(zip(fields, p, strict=True)) for p in peaks]
            write_record(run_dir, result)  # again, now with every rank's peaks
            Path(spec["result"]).write_text(json.dumps(result.to_dict(), default=str), encoding="utf-8")
    finally:
        with contextlib.suppress(Exception):
            dist.destroy_process_group()
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    quiet_third_party_output()  # libraries' lines would bury the launcher's one line (as in so8t.cli)
    faulthandler.enable()  # a rank that dies of a fatal signal leaves its Python stack in its log
    try:
        return run_rank(argv[0])
    except Exception as exc:
        _write_error_file(exc)
        from so8t.errors import user_error_of

        if not isinstance(exc, So8tError) and user_error_of(exc) is None:
            raise  # a bug: its traceback goes to stderr
        return 1


def exit_rank(code: int) -> NoReturn:
    """End the rank's process now, without the interpreter's teardown.

    By then the process group is destroyed and every file the rank writes is closed. What the
    teardown would still do is destroy native state in an order nobody controls: gloo's worker
    and transport threads, and the threads of libraries loaded through transformers and
    bitsandbytes. A std::thread that is still joinable when its owner is destroyed calls
    std::terminate — "terminate called without an active exception", SIGABRT — and the launcher
    then reports a rank that had finished its work as killed. `bench/gloo_teardown.py` shows the
    abort on plain gloo ranks whose group is still alive at teardown, and none after this ending.
    """
    with contextlib.suppress(Exception):
        sys.stdout.flush()
        sys.stderr.flush()
        logging.shutdown()
    os._exit(code)


def _entry() -> NoReturn:
    """`python -m so8t.train.distributed SPEC`: main(), then exit_rank (a bug's traceback printed first)."""
    try:
        code = main()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except KeyboardInterrupt:
        code = 128 + int(signal.SIGINT)
    except BaseException:  # noqa: BLE001 - a bug: its traceback goes to the rank's log, as the interpreter would
        traceback.print_exc()
        code = 1
    exit_rank(code)


if __name__ == "__main__":
    _entry()
