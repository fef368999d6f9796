"""How a child process of the window ended: its final state, as a value the views act on."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

#: Final states passed with `finished`.
FINISHED, FAILED, CRASHED, STOPPED, KILLED = "finished", "failed", "crashed", "stopped", "killed"


class Outcome(Enum):
    """How a child process ended."""

    FINISHED = FINISHED  # exit 0 with a result
    FAILED = FAILED  # the child reported an error
    CRASHED = CRASHED  # ended without a result or an error (a crash, a kill from outside)
    STOPPED = STOPPED  # ended after `stop` (or SIGINT/SIGTERM from outside) with its state saved
    KILLED = KILLED  # ignored `stop` and was killed after the timeout


@dataclass(frozen=True)
class ProcessOutcome:
    """The end of one start, as a value: what ran, how it ended, its result and its last error."""

    what: str
    status: Outcome
    code: int  # the exit code; -1 when the process did not exit normally
    result: dict[str, Any] | None = None
    error: str = ""  # the last error message (one line), if any

    def was_successful(self) -> bool:
        return self.status is Outcome.FINISHED

    def was_stopped(self) -> bool:
        """Ended by a stop (ours or the system's): the run is resumable, not failed."""
        return self.status in (Outcome.STOPPED, Outcome.KILLED, Outcome.CRASHED)

    def state_str(self) -> str:
        return self.status.value
