"""Why a rank of `so8t train --nproc N` ends with os._exit: a gloo rank whose process group is still alive
when the interpreter tears down can abort with "terminate called without an active exception" (SIGABRT).

Starts pairs of gloo ranks (no so8t code) that all-reduce and then end in one of three ways, and counts
how each rank ended: `python bench/gloo_teardown.py [PAIRS]`. Figures: bench/results/gloo_teardown.txt.
"""

from __future__ import annotations

import collections
import os
import socket
import subprocess
import sys

RANK = r"""
import os, sys
import torch, torch.distributed as dist
import transformers  # noqa: F401  (loaded in a training rank too)
way = sys.argv[1]
dist.init_process_group("gloo")
t = torch.ones(1000)
for _ in range(5):
    dist.all_reduce(t)
if way != "group left alive":
    dist.destroy_process_group()
if way == "destroyed, then os._exit":
    sys.stdout.flush()
    os._exit(0)
"""
WAYS = ("group left alive", "destroyed, then interpreter exit", "destroyed, then os._exit")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def one_pair(way: str) -> list[tuple[int, bool]]:
    """Each rank's exit code and whether its stderr holds the abort's message."""
    env = {**os.environ, "MASTER_ADDR": "127.0.0.1", "MASTER_PORT": str(free_port()), "WORLD_SIZE": "2",
           "OMP_NUM_THREADS": "1"}
    procs = [subprocess.Popen([sys.executable, "-c", RANK, way], env={**env, "RANK": str(r)},
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) for r in (0, 1)]
    out = []
    for p in procs:
        _, err = p.communicate(timeout=300)
        out.append((p.returncode, "terminate called without an active exception" in err))
    return out


def main() -> None:
    pairs = int(sys.argv[1]) if len(sys.argv) > 1 else 6
    import torch

    print(f"torch {torch.__version__}, {pairs} pairs of gloo ranks per way")
    for way in WAYS:
        ends: collections.Counter[str] = collections.Counter()
        for _ in range(pairs):
            for code, aborted in one_pair(way):
                ends["SIGABRT with the message" if aborted and code in (-6, 134) else f"exit {code}"] += 1
        print(f"{way}: " + ", ".join(f"{n} x {what}" for what, n in sorted(ends.items())))


if __name__ == "__main__":
    main()
