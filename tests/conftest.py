"""Shared test setup: offscreen Qt, quiet transformers, tiny models built once per session."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import pytest  # noqa: E402

# PySide6 6.12.0 on Python < 3.12 drops references to True/False/None on every signal emit and
# redraw, and aborts the process after a few hundred (gui/pyside_fixes.py): protect every test
# process, also one that runs tests/workers alone.
from gui.pyside_fixes import protect_bools  # noqa: E402

protect_bools()

ARCHITECTURES = ("llama", "mistral", "qwen2", "phi3", "gemma")


@pytest.fixture(scope="session")
def tiny_model_dirs(tmp_path_factory) -> dict[str, os.PathLike[str]]:
    """One tiny fp32 model folder per supported family, seed 0 (read-only: copy before changing)."""
    from so8t.tiny import build_tiny_model

    root = tmp_path_factory.mktemp("tiny_models")
    return {arch: build_tiny_model(arch, root / arch, seed=0) for arch in ARCHITECTURES}
