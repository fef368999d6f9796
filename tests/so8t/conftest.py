"""Engine test setup: one reference training run for the session."""

from __future__ import annotations

from pathlib import Path

import pytest

#: The reference run's flags: checkpoints at steps 2 and 4, every one kept; tiny, so it trains in seconds.
REFERENCE_TRAIN_FLAGS = ["--device", "cpu", "--max-steps", "4", "--ckpt-every-steps", "2", "--ckpt-every-seconds",
                         "0", "--max-length", "48", "--lora-rank", "2", "--kl-every-steps", "0", "--keep", "10"]


@pytest.fixture(scope="session")
def reference_run(tiny_model_dirs, tmp_path_factory) -> Path:
    """`so8t train` of the tiny llama on the SFT sample with REFERENCE_TRAIN_FLAGS, trained once per session
    in this process (read-only: copy before changing)."""
    import torch

    from so8t.cli import main
    from so8t.train.data import SFT_SAMPLE

    run = tmp_path_factory.mktemp("reference") / "run"
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # as one_torch_thread: a tiny model's steps only thrash with more (6x here, loaded)
    try:
        assert main(["train", "--model", str(tiny_model_dirs["llama"]), "--data", str(SFT_SAMPLE), "--out", str(run),
                     *REFERENCE_TRAIN_FLAGS]) == 0
    finally:
        torch.set_num_threads(threads)
    return run
