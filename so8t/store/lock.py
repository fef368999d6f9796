"""A run's lock: which process on which boot runs it, and whether that process still lives (a run whose
lock is dead was interrupted)."""

from __future__ import annotations

import json
import math
import os
import socket
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from so8t.errors import So8tError
from so8t.store.layout import RunLayout

#: A pid is reused once its process is gone; a live process that started more than this many
#: seconds after the lock was written is a stranger, not the run's process.
PID_REUSE_SLACK_S = 2.0


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def current_boot_id() -> str:
    """An id that changes with every boot: Linux's boot_id, elsewhere the boot time (psutil)."""
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    except OSError:
        import psutil

        # Whole seconds: the boot time Windows reports jitters by fractions of a second.
        return f"boot-{int(psutil.boot_time())}"


#: Where the boot id is a boot time (Windows), two readings within this many seconds are one boot:
#: Windows derives it from the uptime, so it jitters, and a live run must never look interrupted.
BOOT_TIME_SLACK_S = 5.0


def same_boot(a: str, b: str) -> bool:
    """Whether two boot ids name the same boot (exact ids, or boot times within the slack)."""
    if a == b:
        return True
    if a.startswith("boot-") and b.startswith("boot-"):
        try:
            return abs(float(a[5:]) - float(b[5:])) <= BOOT_TIME_SLACK_S
        except ValueError:
            return False
    return False


@dataclass
class RunLock:
    """What the lock file says: which process on which boot is running the run."""

    pid: int
    boot_id: str
    started: float
    host: str = ""
    command: str = ""
    #: Why the lock file cannot be a lock ("" for a good one): such a lock is dead, and its run is
    #: listed as damaged with this reason, never hiding the other runs.
    problem: str = ""

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        del out["problem"]
        return out

    @classmethod
    def mine(cls, command: str = "") -> RunLock:
        return cls(pid=os.getpid(), boot_id=current_boot_id(), started=time.time(),
                   host=socket.gethostname(), command=command)

    def is_live(self) -> bool:
        """True when the process that wrote the lock is still running on this boot."""
        if self.problem or self.pid <= 0:
            return False
        if not same_boot(self.boot_id, current_boot_id()):
            return False  # written before a reboot: that process is gone whatever its pid
        import psutil

        try:
            proc = psutil.Process(self.pid)
            if proc.status() == psutil.STATUS_ZOMBIE:
                return False
            created = proc.create_time()
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            return not _pid_gone(self.pid)
        return created <= self.started + PID_REUSE_SLACK_S


def _pid_gone(pid: int) -> bool:
    import psutil

    return not psutil.pid_exists(pid)


def read_lock(run_dir: str | os.PathLike[str]) -> RunLock | None:
    """The lock of a run, or None. A torn or unreadable lock counts as a dead one (pid 0)."""
    return read_lock_file(RunLayout(run_dir).lock)


#: A lock is one short JSON object; a larger file is not one (and is not read whole).
MAX_LOCK_BYTES = 64 << 10
#: The largest process id of any OS here (Windows' are 32-bit; Linux's pid_max is at most 2**22).
MAX_PID = 2**32 - 1


def read_lock_file(path: Path) -> RunLock | None:
    """The lock at `path`; None when there is none. A torn lock (a crash while writing) is dead (pid 0);
    one that is no lock at all (a FIFO, a link, wrong types, a pid out of range) is dead with a `problem`."""
    from so8t.fileio import read_plain_bytes
    from so8t.jsonl import parse_json_text

    try:
        raw = read_plain_bytes(path, what="lock", follow_links=False, limit=MAX_LOCK_BYTES)
    except FileNotFoundError:
        return None
    except So8tError as exc:
        return _bad_lock(exc.message)
    except OSError:
        return RunLock(pid=0, boot_id="", started=0.0)
    try:
        data = json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError):
        try:  # a torn lock is dead; one nested too deep, holding huge numbers or surrogates is damaged
            parse_json_text(raw.decode("utf-8", "replace"), str(path))
        except So8tError as exc:
            if "not valid JSON" not in exc.message:
                return _bad_lock(exc.message)
        return RunLock(pid=0, boot_id="", started=0.0)
    if not isinstance(data, dict) or not {"pid", "boot_id", "started"} <= data.keys():
        return RunLock(pid=0, boot_id="", started=0.0)
    pid, started = data["pid"], data["started"]
    # pid 0 is no process: the lock of one that is gone (the torn-lock reading above), not a damaged lock.
    if not isinstance(pid, int) or isinstance(pid, bool) or not 0 <= pid <= MAX_PID:
        return _bad_lock(f"lock {path} names the process {pid!r}, not a process id")
    if not _is_number(started) or not math.isfinite(started):
        return _bad_lock(f"lock {path} has the start time {started!r}, not a time in seconds")
    if not isinstance(data["boot_id"], str):
        return _bad_lock(f"lock {path} has the boot id {data['boot_id']!r}, not a string")
    return RunLock(pid=pid, boot_id=data["boot_id"], started=float(started),
                   host=str(data.get("host", "")), command=str(data.get("command", "")))


def _bad_lock(problem: str) -> RunLock:
    return RunLock(pid=0, boot_id="", started=0.0, problem=problem)
