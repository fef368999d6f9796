"""The run store: run folders in a workspace, their run.json, and the lock that tells running from interrupted."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import time
import uuid
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from so8t.errors import DISK_FULL_ERRNOS, RunError, So8tError, from_os_error
from so8t.events import end_torn_line
from so8t.fileio import atomic_write_json, fsync_dir
from so8t.store.layout import LOCK_FILE, RUN_FILE, RUNS_DIR, RunLayout
from so8t.store.lock import RunLock, read_lock, read_lock_file

#: run.json layout version; a newer one is refused rather than misread.
RUN_FORMAT = 1

APP_NAME = "SO8T Control Panel"
#: Overrides the workspace for every command (CI, portable installs); `--workspace` wins over it.
WORKSPACE_ENV = "SO8T_WORKSPACE"

# Stage states in run.json (the event protocol's `stage` states plus pending/skipped).
PENDING, RUNNING, FINISHED, FAILED, INTERRUPTED, SKIPPED = (
    "pending", "running", "finished", "failed", "interrupted", "skipped")
STAGE_STATES = (PENDING, RUNNING, FINISHED, FAILED, INTERRUPTED, SKIPPED)
#: The state `so8t runs` lists for a folder whose run.json cannot be read or has wrong types.
DAMAGED = "damaged"


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def check_run_record(data: Any) -> str:
    """Why a parsed run.json cannot be used ("" when its types are right): the one check of its layout."""
    if not isinstance(data, dict):
        return "it does not hold a JSON object"
    fmt = data.get("format", 0)
    if not isinstance(fmt, int) or isinstance(fmt, bool):
        return f"format is {fmt!r}, not a whole number"
    if fmt > RUN_FORMAT:
        return f"it was written by a newer so8t (format {fmt})"
    if "id" in data and not isinstance(data["id"], str):
        return f"id is {data['id']!r}, not a string"
    if "created" in data and not _is_number(data["created"]):
        return f"created is {data['created']!r}, not a time in seconds"
    if not isinstance(data.get("config"), dict):
        return "config is missing or not an object"
    stages = data.get("stages")
    if not isinstance(stages, dict):
        return "stages is missing or not an object"
    for name, record in stages.items():
        if not isinstance(record, dict):
            return f"stage {name} is {record!r}, not an object"
        state = record.get("state", PENDING)
        if state not in STAGE_STATES:
            return f"stage {name} has the state {state!r} (known: {', '.join(STAGE_STATES)})"
        if "attempts" in record and not isinstance(record["attempts"], int):
            return f"stage {name} attempts is {record['attempts']!r}, not a whole number"
    return ""


def read_run_record(path: Path) -> dict[str, Any]:
    """A run.json, type-checked; a RunError naming the file and what is wrong with it."""
    from so8t.fileio import read_plain_bytes
    from so8t.jsonl import decode_line, parse_json_text

    try:
        raw = read_plain_bytes(path, what="run record", follow_links=False)
    except So8tError as exc:
        raise RunError(exc.message, "replace it with the run's own run.json, or start a new run") from None
    except OSError as exc:
        raise RunError(f"{path} cannot be read ({exc.strerror or exc})",
                       "check the run folder's permissions") from None
    if not raw.strip():
        raise RunError(f"{path} is empty (cut short by a crash or a full disk)",
                       "the run's state is lost; its checkpoints remain (`so8t checkpoints`); start a new run")
    try:
        data = parse_json_text(decode_line(raw, str(path)), str(path))
    except So8tError as exc:
        raise RunError(f"{path} is damaged: {exc.message}", "start a new run; its checkpoints remain") from None
    reason = check_run_record(data)
    if reason:
        hint = "update so8t to resume this run" if "newer so8t" in reason else "start a new run; its checkpoints remain"
        raise RunError(f"{path} is damaged: {reason}", hint)
    return data


def default_workspace() -> Path:
    """Where runs live unless told otherwise: $SO8T_WORKSPACE, else the user data folder."""
    env = os.environ.get(WORKSPACE_ENV)
    if env:
        return Path(env)
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False) / "workspace"


def resolve_workspace(workspace: str | os.PathLike[str] | None) -> Path:
    """The workspace to use: the one given, else the default."""
    return Path(workspace).expanduser() if workspace else default_workspace()


def new_run_id(name: str = "run") -> str:
    """`<name>-YYYYMMDD-HHMMSS-xxxx`: sorts by time, unique without a registry."""
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in name).strip("-") or "run"
    return f"{safe}-{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:4]}"


@dataclass
class RunSummary:
    """One line of `so8t runs`: a run's id, folder, overall state and stage states."""

    id: str
    path: str
    state: str
    interrupted: bool
    created: float
    stages: dict[str, str] = field(default_factory=dict)
    pid: int | None = None
    #: Why the run is listed as damaged (its run.json cannot be read); "" otherwise.
    reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class Run:
    """A run folder: `run.json` (config + per-stage state + input hashes), `events.jsonl`, `lock`.

    run.json::

        {"format": 1, "id": …, "created": …, "config": {…}, "config_file": …,
         "stages": {"train": {"state": "finished", "inputs": "<sha256>", "started": …,
                              "finished": …, "result": {…}, "error": null}, …}}

    Every change replaces run.json atomically, so a kill leaves the old or the new state.
    """

    def __init__(self, path: Path, data: dict[str, Any]) -> None:
        self.path = path
        self.data = data

    # -- creating and opening ----------------------------------------------------------------

    @classmethod
    def create(cls, workspace: str | os.PathLike[str], config: dict[str, Any], *, stages: list[str],
               name: str = "run", config_file: str | None = None) -> Run:
        """A new run folder under `<workspace>/runs/` with every stage pending."""
        root = Path(workspace) / RUNS_DIR
        # Folders this call creates are removed again if the run cannot be written (nothing empty left).
        made = [p for p in (root, Path(workspace)) if not p.exists()]
        for _ in range(5):
            run_id = new_run_id(name)
            path = root / run_id
            try:
                root.mkdir(parents=True, exist_ok=True)
                path.mkdir()
                break
            except FileExistsError:
                continue
            except OSError as exc:
                for folder in made:
                    with contextlib.suppress(OSError):
                        folder.rmdir()
                if exc.errno in DISK_FULL_ERRNOS or exc.errno == errno.ENAMETOOLONG:
                    raise from_os_error(exc, path) from None  # free space or a shorter name, not another folder
                raise RunError(f"workspace {workspace} cannot hold a new run ({exc.strerror or exc})",
                               "pick a folder you can write to with --workspace") from None
        else:  # pragma: no cover - five random collisions in one second
            raise RunError(f"could not create a new run folder in {root}", "try again")
        data = {
            "format": RUN_FORMAT,
            "id": run_id,
            "created": time.time(),
            "config_file": config_file,
            "config": config,
            "stages": {name: {"state": PENDING} for name in stages},
        }
        run = cls(path, data)
        try:
            run.save()
            fsync_dir(root)
        except OSError as exc:  # a full disk or a read-only folder: leave no empty run behind
            shutil.rmtree(path, ignore_errors=True)
            for folder in made:
                with contextlib.suppress(OSError):
                    folder.rmdir()
            error = from_os_error(exc, RunLayout(path).run_json)
            if exc.errno in DISK_FULL_ERRNOS:
                error.hint = "free disk space, then start the run again"
            raise error from None
        return run

    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> Run:
        """An existing run; a RunError naming the folder if it is not one."""
        path = Path(path)
        if not path.is_dir():
            raise RunError(f"run folder {path} does not exist",
                           "pass a folder from `so8t runs` (or a run id with --workspace)")
        file = RunLayout(path).run_json
        if not file.is_file():
            raise RunError(f"{path} is not a run (it has no {RUN_FILE})",
                           "pass a folder from `so8t runs`; `so8t run --config FILE` starts a new one")
        return cls(path, read_run_record(file))

    # -- run.json ----------------------------------------------------------------------------

    @property
    def id(self) -> str:
        return str(self.data.get("id", self.path.name))

    @property
    def config(self) -> dict[str, Any]:
        return self.data["config"]

    @property
    def events_path(self) -> Path:
        return RunLayout(self.path).events

    @property
    def stage_names(self) -> list[str]:
        return list(self.data["stages"])

    def save(self, *, last_resort: bool = False) -> None:
        """Replace run.json atomically. `last_resort` (recording a failure): if the disk is too full
        for the temp file, overwrite run.json in place, so the failure is still recorded."""
        try:
            atomic_write_json(RunLayout(self.path).run_json, self.data)
        except OSError as exc:
            if not last_resort or exc.errno not in DISK_FULL_ERRNOS:
                raise
            text = json.dumps(self.data, indent=2, ensure_ascii=False, default=str) + "\n"
            with open(RunLayout(self.path).run_json, "r+b") as f:
                f.write(text.encode("utf-8"))
                f.truncate()
                f.flush()
                os.fsync(f.fileno())

    def repair_events_log(self) -> None:
        """End events.jsonl on a newline, so a line torn by a kill does not swallow the next event."""
        end_torn_line(self.events_path)

    def stage(self, name: str) -> dict[str, Any]:
        return self.data["stages"].setdefault(name, {"state": PENDING})

    def set_stage(self, name: str, *, last_resort: bool = False, **fields: Any) -> None:
        """Update one stage's record and write run.json at once."""
        self.stage(name).update(fields)
        self.save(last_resort=last_resort)

    # -- lock --------------------------------------------------------------------------------

    def lock(self) -> RunLock | None:
        return read_lock(self.path)

    @contextlib.contextmanager
    def locked(self, command: str = "") -> Iterator[RunLock]:
        """Hold the run's lock; a RunError if another live process holds it.

        A lock left by a dead process or an earlier boot is taken over. The lock is removed on
        any exit that Python sees; after a kill or power cut it stays and says "interrupted".
        """
        mine = RunLock.mine(command)
        path = RunLayout(self.path).lock
        # The lock is written whole to a temp file and hard-linked into place: the link fails if a
        # lock exists, and no reader ever sees a half-written lock (which would look dead).
        tmp = path.with_name(f".{LOCK_FILE}.{os.getpid()}.{uuid.uuid4().hex[:6]}.tmp")
        try:
            with open(tmp, "w", encoding="utf-8") as f:
                json.dump(mine.to_dict(), f)
                f.flush()
                os.fsync(f.fileno())
            for _ in range(3):
                try:
                    os.link(tmp, path)
                except FileExistsError:
                    self._take_over_stale_lock(path)
                    continue
                fsync_dir(self.path)
                break
            else:
                raise self._already_running(read_lock(self.path))
        finally:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        try:
            yield mine
        finally:
            current = read_lock(self.path)
            if current is not None and current.pid == mine.pid and current.started == mine.started:
                with contextlib.suppress(OSError):
                    os.unlink(path)

    def _already_running(self, holder: RunLock | None) -> RunError:
        who = f"process {holder.pid}" if holder and holder.pid else "another process"
        return RunError(f"run {self.path} is already running ({who} holds its lock)",
                        "wait for it to finish or stop it first; only one process may run a run")

    def _take_over_stale_lock(self, path: Path) -> None:
        holder = read_lock(self.path)
        if holder is None:
            return  # it went away meanwhile: try again
        if holder.is_live():
            raise self._already_running(holder)
        # Move the stale lock aside under a unique name: of two processes taking it over at once,
        # only one rename succeeds. If what was moved turns out live, it is put back.
        aside = path.with_name(f".{LOCK_FILE}.stale-{os.getpid()}-{uuid.uuid4().hex[:6]}")
        try:
            os.replace(path, aside)
        except FileNotFoundError:
            return
        moved = read_lock_file(aside)
        if moved is not None and moved.is_live():
            with contextlib.suppress(OSError):
                os.replace(aside, path)
            raise self._already_running(moved)
        with contextlib.suppress(OSError):
            os.unlink(aside)

    # -- state -------------------------------------------------------------------------------

    def status(self) -> str:
        """running | interrupted | failed | finished | pending (overall, from lock and run.json)."""
        holder = self.lock()
        if holder is not None:
            return RUNNING if holder.is_live() else INTERRUPTED
        states = [s.get("state", PENDING) for s in self.data["stages"].values()]
        if any(s in (RUNNING, INTERRUPTED) for s in states):
            return INTERRUPTED  # stopped without finishing its stage
        if any(s == FAILED for s in states):
            return FAILED
        if states and all(s in (FINISHED, SKIPPED) for s in states):
            return FINISHED
        return INTERRUPTED if any(s in (FINISHED, SKIPPED) for s in states) else PENDING

    def summary(self) -> RunSummary:
        state = self.status()
        holder = self.lock()
        if holder is not None and holder.problem:
            return RunSummary(
                id=self.id, path=str(self.path), state=DAMAGED, interrupted=False,
                created=float(self.data.get("created", 0.0)),
                stages={k: v.get("state", PENDING) for k, v in self.data["stages"].items()},
                reason=f"{holder.problem}; remove the lock file (`so8t resume` takes it over)")
        return RunSummary(
            id=self.id, path=str(self.path), state=state, interrupted=state == INTERRUPTED,
            created=float(self.data.get("created", 0.0)),
            stages=self.stage_states(state),
            pid=holder.pid if holder is not None and state == RUNNING else None,
        )

    def stage_states(self, run_state: str | None = None) -> dict[str, str]:
        """Each stage's state as it is now: a stage run.json still calls running, in a run whose process
        is gone (a kill -9, a power cut), was interrupted."""
        run_state = self.status() if run_state is None else run_state
        states = {k: v.get("state", PENDING) for k, v in self.data["stages"].items()}
        if run_state != RUNNING:
            states = {k: INTERRUPTED if v == RUNNING else v for k, v in states.items()}
        return states


def run_folder(ref: str | os.PathLike[str], workspace: str | os.PathLike[str] | None = None) -> Path:
    """The folder of a run given as a path (relative to the working folder) or as an id in the workspace.

    Every command that takes a run goes through here, so `so8t runs`' ids work wherever a folder does.
    """
    path = Path(ref).expanduser()
    if not path.exists() and path.name == str(ref):
        candidate = resolve_workspace(workspace) / RUNS_DIR / str(ref)
        if candidate.exists():
            path = candidate
    return path.absolute()


def find_run(ref: str | os.PathLike[str], workspace: str | os.PathLike[str] | None = None) -> Run:
    """A run by folder path, or by id inside the workspace."""
    return Run.open(run_folder(ref, workspace))


def list_runs(workspace: str | os.PathLike[str] | None = None) -> list[RunSummary]:
    """Every run in the workspace, oldest first; folders that are not runs are left out."""
    root = resolve_workspace(workspace) / RUNS_DIR
    if not root.is_dir():
        return []
    found = []
    for path in sorted(root.iterdir()):
        if not path.is_dir() or path.name.startswith(".") or not RunLayout(path).run_json.exists():
            continue
        try:
            found.append(Run.open(path).summary())
        except RunError as exc:  # one damaged run.json never hides the others
            found.append(_damaged_summary(path, exc.message))
    found.sort(key=lambda s: (s.created, s.id))
    return found


def _damaged_summary(path: Path, reason: str) -> RunSummary:
    try:
        created = RunLayout(path).run_json.stat().st_mtime
    except OSError:
        created = 0.0
    return RunSummary(id=path.name, path=str(path), state=DAMAGED, interrupted=False, created=created,
                      reason=reason)


def interrupted_runs(workspace: str | os.PathLike[str] | None = None) -> list[RunSummary]:
    """The startup scan: runs whose process died (crash, kill, power cut, reboot) before finishing."""
    return [s for s in list_runs(workspace) if s.interrupted]
