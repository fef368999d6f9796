"""Tracking: a run's metrics for other tools, as TensorBoard event files (exported, or written live)."""

from so8t.tracking.tensorboard import (
    EVALUATE_TAG,
    ExportResult,
    LiveTensorBoard,
    export_tensorboard,
    live_tensorboard,
    tag_of,
)

__all__ = ["EVALUATE_TAG", "ExportResult", "LiveTensorBoard", "export_tensorboard", "live_tensorboard", "tag_of"]
