"""The Data view's preparation off the window's thread: the data stage's own `prepare_data` into a temporary
run folder, its record read back through `DataRecord`, and the first samples rendered for the preview."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QThread, Signal


@dataclass
class DataPreview:
    """What one preparation gave: the record (every figure the view shows), the first samples, and its folder."""

    record: Any  # so8t.data.record.DataRecord
    samples: list[Any]  # so8t.data.preview.PreviewSample
    run_dir: str


class DataPreviewJob(QThread):
    """Prepares `files` as `so8t data` would into a fresh temporary folder; `done` gives a DataPreview, or the
    refusal's one line (a So8tError's) as a str."""

    done = Signal(object)

    def __init__(self, files: list[str], mapping: list[str], model: str | None, max_length: int,
                 parent: Any = None) -> None:
        super().__init__(parent)
        self.files, self.mapping, self.model, self.max_length = files, mapping, model, max_length
        self.run_dir = tempfile.mkdtemp(prefix="so8t-data-view-")

    def run(self) -> None:
        from so8t.data.config import DataConfig
        from so8t.data.prepare import prepare_data
        from so8t.data.preview import preview_samples
        from so8t.data.record import DataRecord
        from so8t.errors import So8tError
        from so8t.store.record_file import read_record

        try:
            config = DataConfig.from_dict({"files": self.files, "map": self.mapping})
            prepare_data(config, self.run_dir, model=self.model, max_length=self.max_length)
            record = read_record(DataRecord, Path(self.run_dir))
            result: DataPreview | str = DataPreview(record, preview_samples(self.run_dir, record.kind, self.model),
                                                    self.run_dir)
        except So8tError as exc:
            result = exc.one_line()
        except OSError as exc:  # a file that vanished or cannot be read between the pick and the read
            result = f"{exc.filename or self.files[0]} cannot be read ({exc.strerror or exc})"
        self.done.emit(result)

    def discard(self) -> None:
        """Remove the temporary folder (the view keeps only the newest preparation's)."""
        self.discard_folder(self.run_dir)

    @staticmethod
    def discard_folder(run_dir: str) -> None:
        shutil.rmtree(run_dir, ignore_errors=True)
