"""The data stage: import files of common shapes, clean, dedupe, measure and split them into RUN/data/."""

from so8t.data.stage import STAGE

__all__ = ["STAGE"]
