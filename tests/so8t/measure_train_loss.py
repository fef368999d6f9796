"""Measure how far the loss falls in test_train_loss.py's run (tiny llama, sample data, 200 CPU steps).

    python tests/so8t/measure_train_loss.py

Prints the mean loss of the first and last LOSS_WINDOW steps and their ratio; the test's
threshold was set from this output (see MAX_RATIO there).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.so8t.test_train_loss import LOSS_WINDOW, build_model, loss_curve  # noqa: E402


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        model = build_model(Path(tmp) / "llama")
        losses = loss_curve(model, Path(tmp) / "run")
    first = sum(losses[:LOSS_WINDOW]) / LOSS_WINDOW
    last = sum(losses[-LOSS_WINDOW:]) / LOSS_WINDOW
    print(f"steps {len(losses)}: first {LOSS_WINDOW} mean {first:.4f}, last {LOSS_WINDOW} mean {last:.4f}, "
          f"ratio {last / first:.4f}")


if __name__ == "__main__":
    main()
