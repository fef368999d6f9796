"""A terminal progress bar for long commands, fed by the stage's own progress and metric events.

Shown on stderr only when it is a terminal and neither --json nor --events was asked for, so
scripts and the window (which read stdout) never see it.
"""

from __future__ import annotations

import sys
from typing import IO, Any

from so8t.events import Event, MetricEvent, ProgressEvent, StageEvent, StepRate, unit_plural


def _bar_class() -> Any:
    """tqdm whose rate (and so its ETA) is the recent training steps' (so8t.events.StepRate) once known."""
    from tqdm import tqdm

    class StepRateBar(tqdm):  # type: ignore[misc, valid-type]
        step_rate: StepRate | None = None

        @property
        def format_dict(self) -> dict[str, Any]:
            d = super().format_dict
            per_step = self.step_rate.seconds_per_step() if self.step_rate is not None else None
            if per_step:
                d["rate"] = 1.0 / per_step
            return d

    return StepRateBar


class ProgressBar:
    """One tqdm bar per stage: done/total with its unit, rate, elapsed time, ETA; tokens/s when reported."""

    def __init__(self, stream: IO[str] | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self._bar: Any = None
        self._key: tuple[str, str] | None = None
        self.step_rate = StepRate()

    def on_event(self, event: Event) -> None:
        """Take one event; progress moves the bar, the throughput metrics label it, a stage's end closes it."""
        if isinstance(event, ProgressEvent):
            self._progress(event.stage, int(event.done), int(event.total), event.unit or "step")
        elif isinstance(event, MetricEvent) and self.step_rate.on_metric(event.name, float(event.value)):
            rate = self.step_rate.tokens_per_s()
            if self._bar is not None and rate is not None:
                self._bar.set_postfix_str(f"{rate:,.0f} tokens/s", refresh=False)
        elif isinstance(event, StageEvent) and event.state in ("finished", "failed", "interrupted"):
            self.close()
            self.step_rate.clear()

    def _progress(self, stage: str, done: int, total: int, unit: str) -> None:
        if self._bar is None or self._key != (stage, unit) or done < self._bar.n:
            self.close()
            # tqdm glues the unit to the numbers ("364.82samples/s"): the unit carries its own space.
            self._bar = _bar_class()(total=total or None, desc=stage or None, unit=" " + unit_plural(unit),
                             file=self.stream, dynamic_ncols=True, leave=True, initial=0,
                             bar_format="{desc}: {percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt}{unit} "
                                        "[{elapsed}<{remaining}, {rate_noinv_fmt}{postfix}]")
            self._bar.step_rate = self.step_rate
            self._key = (stage, unit)
        if total and self._bar.total != total:
            self._bar.total = total
        self._bar.update(done - self._bar.n)
        if total and done >= total:
            self.close()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None
            self._key = None


def wants_progress_bar(*, json_output: bool, events: bool, stream: IO[str] | None = None) -> bool:
    """A bar only for a person at a terminal: not with --json or --events, not when stderr is a file or pipe."""
    stream = stream if stream is not None else sys.stderr
    isatty = getattr(stream, "isatty", None)
    return not json_output and not events and bool(isatty and isatty())
