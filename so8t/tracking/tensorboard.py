"""TensorBoard event files of a run: `so8t export-tensorboard` after the fact, or live while a training stage runs.

Tags are `<stage>/<metric>` (`train/loss`); values are written as TensorBoard's float32 scalars,
non-finite ones included. The writer is TensorBoard's own through torch (`SummaryWriter`), so any
tool that reads TensorBoard logs reads these.
"""

from __future__ import annotations

import contextlib
import math
import os
import shutil
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from so8t.errors import OutputPathError, RunError
from so8t.events import Event, EventSink, MetricEvent, read_events
from so8t.store.curves import stage_metric_series
from so8t.store.layout import RunLayout

#: TensorBoard's event files start with this; a folder holding any is a TensorBoard log.
EVENT_FILE_PREFIX = "events.out.tfevents."
#: The live writer hands its buffer to the file at least this often, so TensorBoard follows a run
#: within seconds (its own default is two minutes).
LIVE_FLUSH_SECONDS = 5
#: The first part of an evaluation figure's tag: `evaluate/<metric>/<base|tuned|delta>`.
EVALUATE_TAG = "evaluate"


def tag_of(stage: str, metric: str) -> str:
    """A metric's TensorBoard tag: `<stage>/<metric>` (a metric of no stage goes under "run")."""
    return f"{stage or 'run'}/{metric}"


def _summary_writer(folder: Path, *, purge_step: int | None = None, flush_secs: int = 120) -> Any:
    from torch.utils.tensorboard import SummaryWriter

    return SummaryWriter(log_dir=str(folder), purge_step=purge_step, flush_secs=flush_secs)


def _event_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.name.startswith(EVENT_FILE_PREFIX)) if folder.is_dir() else []


@dataclass
class ExportResult:
    """What `so8t export-tensorboard` wrote."""

    out: str
    tags: list[str] = field(default_factory=list)
    points: int = 0
    evaluation_step: int | None = None
    files: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _final_step(series: dict[tuple[str, str], list[tuple[float, float]]]) -> int:
    """The run's last step: where the evaluation figures go (0 for a run without steps)."""
    return int(max((points[-1][0] for points in series.values() if points), default=0))


def evaluation_scalars(run_dir: str | os.PathLike[str]) -> dict[str, float]:
    """The run's A/B figures as {tag: value}: `evaluate/<metric>/base`, `…/tuned`, `…/delta` (none without one)."""
    from so8t.compare.evaluation import evaluation_rows

    out: dict[str, float] = {}
    for row in evaluation_rows(run_dir) or []:
        for part in ("base", "tuned", "delta"):
            value = getattr(row, part)
            if value is not None:
                out[f"{EVALUATE_TAG}/{row.metric}/{part}"] = value
    return out


def export_tensorboard(run_dir: str | os.PathLike[str], out: str | os.PathLike[str] | None = None, *,
                       force: bool = False) -> ExportResult:
    """Write the run's metrics (events.jsonl through the one reader) as TensorBoard event files in `out`
    (default RUN/tensorboard/); a redone step keeps its later value. A folder that already holds
    event files is replaced only with `force`, and only once the new files are complete."""
    layout = RunLayout(run_dir)
    if not layout.events.is_file():
        raise RunError(f"{run_dir} has no {layout.events.name}: no metrics to export",
                       "pass a run folder as `so8t runs` lists it (a run that has started)")
    folder = Path(out) if out is not None else layout.tensorboard
    if folder.exists() and not folder.is_dir():
        raise OutputPathError(f"--out {folder} is a file", "pass a folder for the TensorBoard files")
    if not folder.parent.is_dir():
        raise OutputPathError(f"folder of --out {folder} does not exist", "create it or pick another --out")
    if _event_files(folder) and not force:
        raise OutputPathError(f"{folder} already holds TensorBoard event files",
                              "pass --force to replace them, or pick another --out")
    series = stage_metric_series(read_events(layout.events))
    evaluation = evaluation_scalars(run_dir)
    step = _final_step(series)
    tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".partial", dir=folder.parent))
    try:
        writer = _summary_writer(tmp)
        points = 0
        for (stage, name), values in series.items():
            for x, value in values:
                writer.add_scalar(tag_of(stage, name), value, int(x))
                points += 1
        for tag, value in evaluation.items():
            writer.add_scalar(tag, value, step)
        writer.close()
        folder.mkdir(exist_ok=True)
        for old in _event_files(folder):
            old.unlink()
        written = []
        for new in _event_files(tmp):
            written.append(str(new.replace(folder / new.name)))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return ExportResult(out=str(folder.resolve()), tags=sorted({tag_of(s, n) for s, n in series} | set(evaluation)),
                        points=points, evaluation_step=step if evaluation else None, files=written)


class LiveTensorBoard:
    """Writes each metric event of a stage to TensorBoard as it happens (a listener of the stage's sink).

    On a resume, `purge_step` is the first step the session will repeat: TensorBoard's readers drop
    what an earlier attempt logged from that step on, so each repeated step keeps its later value.
    """

    def __init__(self, folder: str | os.PathLike[str], *, purge_step: int | None = None) -> None:
        self.folder = Path(folder)
        if self.folder.exists() and not self.folder.is_dir():
            raise OutputPathError(f"tensorboard {self.folder} is a file", "pass a folder for the TensorBoard files")
        self.folder.mkdir(parents=True, exist_ok=True)
        self.writer = _summary_writer(self.folder, purge_step=purge_step, flush_secs=LIVE_FLUSH_SECONDS)

    def __call__(self, event: Event) -> None:
        if isinstance(event, MetricEvent) and math.isfinite(event.step):
            self.writer.add_scalar(tag_of(event.stage, event.name), event.value, int(event.step))

    def attach(self, events: EventSink) -> EventSink:
        """The same sink, with this writer listening too (after the sink's own listener)."""
        before = events.listener

        def both(event: Event) -> None:
            if before is not None:
                before(event)
            self(event)

        return EventSink(run=events.run, stage=events.stage, stream=events.stream, log_path=events.log_path,
                         states=events.states, listener=both)

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.writer.close()


def live_tensorboard(folder: str | os.PathLike[str] | None, *, resumed_at: int | None) -> LiveTensorBoard | None:
    """The live writer of a training stage whose config names a `tensorboard` folder (None: no folder).

    `resumed_at` is the step of the checkpoint a resumed session starts from: the steps after it are
    the ones it repeats.
    """
    if not folder:
        return None
    return LiveTensorBoard(folder, purge_step=None if resumed_at is None else resumed_at + 1)
