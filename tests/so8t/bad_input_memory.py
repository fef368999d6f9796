"""The worst bad inputs of issue #19 (a 50 MB JSONL line, /dev/zero, a huge vocab_size or layer count, a
template bomb), each beside a small bad input refused by the same command (the baseline), run as a child
process with a hang guard; its peak RSS is measured from outside (test_bounded_memory.py, bench/bad_input.py).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from so8t.train.data import SFT_SAMPLE

#: A child still running after this long hangs (the FIFO and the nested loops did).
HANG_GUARD_S = 120
#: How far above the baseline the peak RSS of a refusal may go (the issue's acceptance 6).
RSS_MARGIN_MB = 500
TRAIN_FLAGS = ["--device", "cpu", "--max-steps", "2", "--max-length", "48", "--lora-rank", "2"]

#: Runs argv[1:] with the hang guard and prints its exit code, stderr and peak RSS as one JSON line:
#: RUSAGE_CHILDREN of a process with exactly one child is that child's peak.
_WRAPPER = r"""
import json, resource, subprocess, sys, time
start = time.monotonic()
try:
    proc = subprocess.run(sys.argv[2:], capture_output=True, text=True, timeout=float(sys.argv[1]))
    rc, err = proc.returncode, proc.stderr
except subprocess.TimeoutExpired:
    rc, err = "hang", ""
print(json.dumps({"rc": rc, "stderr": err, "seconds": round(time.monotonic() - start, 2),
                  "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)}))
"""


@dataclass
class Outcome:
    rc: int | str
    stderr: str
    seconds: float
    peak_rss_mb: float


def run_child(argv: list, env: dict[str, str] | None = None) -> Outcome:
    """`python -m so8t ARGV` in a child process: exit code, stderr, seconds and peak RSS."""
    proc = subprocess.run([sys.executable, "-c", _WRAPPER, str(HANG_GUARD_S), sys.executable, "-m", "so8t",
                           *map(str, argv)], capture_output=True, text=True, env=env, timeout=HANG_GUARD_S + 60,
                          check=False)
    return Outcome(**json.loads(proc.stdout.strip().splitlines()[-1]))


def _model(tiny: Path, folder: Path, **config_changes) -> Path:
    shutil.copytree(tiny, folder)
    config = json.loads((folder / "config.json").read_text())
    config.update(config_changes)
    (folder / "config.json").write_text(json.dumps(config))
    return folder


def _template(tiny: Path, folder: Path, template: str) -> Path:
    shutil.copytree(tiny, folder)
    (folder / "chat_template.jinja").write_text(template, encoding="utf-8")
    return folder


def _data(path: Path, extra_line: str) -> Path:
    text = SFT_SAMPLE.read_text(encoding="utf-8")
    path.write_text(text + extra_line + "\n", encoding="utf-8")
    return path


def _train(model: Path, data: Path, tmp: Path) -> list:
    return ["train", "--model", model, "--data", data, "--out", tmp / "run", *TRAIN_FLAGS]


def _fifty_mb_line(tiny: Path, tmp: Path) -> tuple[list, list]:
    big = _data(tmp / "big.jsonl", json.dumps({"prompt": "x" * (50 << 20), "response": "y"}))
    small = _data(tmp / "small.jsonl", "{not json")
    return _train(tiny, big, tmp), _train(tiny, small, tmp)


def _dev_zero(tiny: Path, tmp: Path) -> tuple[list, list]:
    small = _data(tmp / "small.jsonl", "{not json")
    return _train(tiny, Path("/dev/zero"), tmp), _train(tiny, small, tmp)


def _vocab_size(tiny: Path, tmp: Path) -> tuple[list, list]:
    huge = _model(tiny, tmp / "huge-vocab", vocab_size=10**10)
    small = _model(tiny, tmp / "zero-heads", num_attention_heads=0)
    return ([ "export-gguf", "--model", huge, "--out", tmp / "a.gguf", "--no-check"],
            ["export-gguf", "--model", small, "--out", tmp / "b.gguf", "--no-check"])


def _num_hidden_layers(tiny: Path, tmp: Path) -> tuple[list, list]:
    huge = _model(tiny, tmp / "huge-layers", num_hidden_layers=10**9)
    small = _model(tiny, tmp / "zero-heads", num_attention_heads=0)
    return _train(huge, SFT_SAMPLE, tmp), _train(small, SFT_SAMPLE, tmp)


def _template_bomb(tiny: Path, tmp: Path) -> tuple[list, list]:
    bomb = _template(tiny, tmp / "bomb", "{{ 'A' * 4000000000 }}")
    small = _template(tiny, tmp / "include", "{% include 'other.jinja' %}")
    return _train(bomb, SFT_SAMPLE, tmp), _train(small, SFT_SAMPLE, tmp)


#: name -> builder(tiny llama folder, a fresh folder) -> (argv of the bad input, argv of the baseline).
CASES: dict[str, Callable[[Path, Path], tuple[list, list]]] = {
    "50 MB JSONL line": _fifty_mb_line,
    "/dev/zero as data": _dev_zero,
    "vocab_size 1e10": _vocab_size,
    "num_hidden_layers 1e9": _num_hidden_layers,
    "'A' * 4e9 template": _template_bomb,
}
