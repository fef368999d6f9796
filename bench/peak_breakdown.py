"""What a CUDA program holds at its memory peak, or where its GPU time goes: run it in this process and tell.

    python bench/peak_breakdown.py memory OUT.json -- -m so8t align --method grpo …
    python bench/peak_breakdown.py kernels OUT.json -- .whl/anchors/qlora_unsloth.py MODEL

`memory` records torch's allocator history (Python stacks) from the start, then replays it: the
peak of allocated bytes, and the blocks alive at that moment grouped by the innermost frame of this
project (or of the anchor) and the innermost frame outside torch, with the stack of the allocation
that made the peak. `kernels` runs the program under torch.profiler: GPU-busy time, kernel
launches, and the top kernels and CPU ops by self time. Either writes one JSON file; run on the GPU
machine (device tool). Nothing here is imported by the project.
"""

from __future__ import annotations

import argparse
import json
import runpy
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

MIB = 2**20
#: Allocator events kept (a few steps of an 8B model make a few hundred thousand).
MAX_ENTRIES = 4_000_000
OWN = ("/so8t/", "/bench/", "anchors/", "unsloth", "trl/")


def run_target(argv: list[str]) -> int:
    """Run `-m module args…` or `script.py args…` as __main__; its exit code."""
    try:
        if argv[0] == "-m":
            sys.argv = [argv[1], *argv[2:]]
            runpy.run_module(argv[1], run_name="__main__", alter_sys=True)
        else:
            sys.argv = list(argv)
            runpy.run_path(argv[0], run_name="__main__")
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return 0


def _frame_text(frame: dict[str, Any]) -> str:
    name = frame.get("filename", "?")
    for cut in ("site-packages/", "/work/", "/tmp/"):
        if cut in name:
            name = name.split(cut, 1)[1]
    return f"{name}:{frame.get('line')} {frame.get('name')}"


def _labels(frames: list[dict[str, Any]]) -> tuple[str, str]:
    own = next((_frame_text(f) for f in frames if any(k in f.get("filename", "") for k in OWN)), "-")
    outside = next((_frame_text(f) for f in frames
                    if "/torch/" not in f.get("filename", "") and "<" not in f.get("filename", "<")), "-")
    return own, outside


def peak_of(trace: list[dict[str, Any]], final_blocks: list[dict[str, Any]]) -> dict[str, Any]:
    """Replay allocs and frees: the peak, and the blocks alive then, grouped by their allocation's frames."""
    opened: dict[int, tuple[int, int, list]] = {}
    intervals: list[tuple[int, int, int, list]] = []  # (start, end, size, frames)
    total, peak, at = 0, -1, -1
    before_trace = 0  # bytes freed in the trace that were allocated before it began
    for i, event in enumerate(trace):
        action, addr, size = event["action"], event["addr"], event["size"]
        if action == "alloc":
            opened[addr] = (i, size, event.get("frames", []))
            total += size
        elif action == "free_requested":
            start = opened.pop(addr, None)
            if start is None:
                before_trace += size
                intervals.append((-1, i, size, []))
            else:
                intervals.append((start[0], i, start[1], start[2]))
            total -= size
        else:
            continue
        if total > peak:
            peak, at = total, i
    for start, size, frames in opened.values():
        intervals.append((start, len(trace), size, frames))
    live = [b for b in final_blocks if b.get("state") == "active_allocated"]
    untraced = sum(b["size"] for b in live if b["addr"] not in opened)
    groups: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for start, end, size, frames in intervals:
        if start < at < end or start == at:
            key = _labels(frames) if frames else ("(allocated before the trace)", "-")
            groups[key][0] += size
            groups[key][1] += 1
    rows = sorted(groups.items(), key=lambda kv: -kv[1][0])
    return {"events": len(trace), "peak_traced_mib": peak / MIB, "peak_event": at,
            "freed_from_before_trace_mib": before_trace / MIB, "untraced_live_at_end_mib": untraced / MIB,
            "live_blocks_at_end": len(live),
            "peak_stack": [_frame_text(f) for f in trace[at].get("frames", [])[:30]] if at >= 0 else [],
            "groups": [{"own": k[0], "outside": k[1], "mib": round(v[0] / MIB, 1), "blocks": v[1]}
                       for k, v in rows[:45]],
            "timeline_mib": _timeline(trace)}


def _timeline(trace: list[dict[str, Any]], points: int = 300) -> list[float]:
    total, out = 0, []
    every = max(1, len(trace) // points)
    for i, event in enumerate(trace):
        if event["action"] == "alloc":
            total += event["size"]
        elif event["action"] == "free_requested":
            total -= event["size"]
        if i % every == 0:
            out.append(round(total / MIB, 1))
    return out


def memory(out: Path, argv: list[str]) -> int:
    import torch

    torch.cuda.memory._record_memory_history(max_entries=MAX_ENTRIES, stacks="python")
    t0 = time.time()
    code = run_target(argv)
    snapshot = torch.cuda.memory._snapshot()
    torch.cuda.memory._record_memory_history(enabled=None)
    blocks = [b for seg in snapshot["segments"] for b in seg["blocks"]]
    result = {"argv": argv, "exit": code, "seconds": round(time.time() - t0, 1),
              "max_memory_allocated_mib": torch.cuda.max_memory_allocated() / MIB,
              "allocated_at_end_mib": torch.cuda.memory_allocated() / MIB,
              **peak_of(snapshot["device_traces"][0], blocks)}
    out.write_text(json.dumps(result, indent=1))
    print(f"peak {result['peak_traced_mib']:.0f} MiB traced, torch's max {result['max_memory_allocated_mib']:.0f} MiB",
          file=sys.stderr)
    for g in result["groups"][:25]:
        print(f"  {g['mib']:9.1f} MiB  {g['blocks']:5d}  {g['own'][:70]}  |  {g['outside'][:60]}", file=sys.stderr)
    return code


def kernels(out: Path, argv: list[str]) -> int:
    import torch
    from torch.profiler import ProfilerActivity, profile

    t0 = time.time()
    with profile(activities=[ProfilerActivity.CPU, ProfilerActivity.CUDA]) as prof:
        code = run_target(argv)
        if torch.cuda.is_available():
            torch.cuda.synchronize()
    averages = prof.key_averages()
    launches = sum(1 for e in prof.events() if e.device_type == torch.autograd.DeviceType.CUDA)

    def top(key: str) -> list:
        rows = sorted(averages, key=lambda a: getattr(a, key), reverse=True)[:40]
        return [[a.key[:90], a.count, round(getattr(a, key) / 1e3, 1)] for a in rows]

    # The GPU's own rows (kernels and copies), summed by name: what the device spent its time on, counted once.
    on_gpu: dict[str, list[float]] = {}
    for e in prof.events():
        if e.device_type == torch.autograd.DeviceType.CUDA:
            entry = on_gpu.setdefault(e.name[:90], [0, 0.0])
            entry[0] += 1
            entry[1] += e.time_range.elapsed_us() / 1e3
    gpu_rows = sorted(([k, n, round(ms, 2)] for k, (n, ms) in on_gpu.items()), key=lambda r: -r[2])
    result = {"argv": argv, "exit": code, "wall_s": round(time.time() - t0, 1),
              "gpu_kernel_ms": round(sum(r[2] for r in gpu_rows), 1), "gpu_rows": gpu_rows[:150],
              "gpu_busy_ms": round(sum(a.self_device_time_total for a in averages) / 1e3, 1),
              "kernel_launches": launches, "top_self_cuda_ms": top("self_device_time_total"),
              "top_self_cpu_ms": top("self_cpu_time_total")}
    out.write_text(json.dumps(result, indent=1))
    print(json.dumps({k: result[k] for k in ("wall_s", "gpu_busy_ms", "kernel_launches")}), file=sys.stderr)
    return code


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=("memory", "kernels"))
    parser.add_argument("out", type=Path)
    parser.add_argument("target", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    target = args.target[1:] if args.target[:1] == ["--"] else args.target
    return (memory if args.what == "memory" else kernels)(args.out, target)


if __name__ == "__main__":
    sys.exit(main())
