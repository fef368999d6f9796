"""What a CUDA program holds at its memory peak, or where its GPU time goes: run it in this process and tell.

    python bench/peak_breakdown.py memory OUT.json -- -m so8t align --method grpo …
    python bench/peak_breakdown.py kernels OUT.json -- .whl/anchors/qlora_unsloth.py MODEL
    python bench/peak_breakdown.py steps OUT.json --skip 1 --count 2 -- -m so8t train …

`memory` records torch's allocator history (Python stacks) from the start, then replays it: the
peak of allocated bytes, and the blocks alive at that moment grouped by the innermost frame of this
project (or of the anchor) and the innermost frame outside torch, with the stack of the allocation
that made the peak. `kernels` runs the program under torch.profiler: GPU-busy time, kernel
launches, and the top kernels and CPU ops by self time. `steps` profiles only a window of optimizer
steps (after `--skip` of them, for `--count`), so loading, compiling and probes stay out: the
window's wall time against the time the GPU ran kernels (the union of their intervals), the longest
idle gaps with the CPU ops running during each, and where the host synchronised with the GPU
(cudaStreamSynchronize and friends, by the innermost Python frame). Each writes one JSON file; run on
the GPU machine (device tool). Nothing here is imported by the project.
"""

from __future__ import annotations

import argparse
import bisect
import json
import runpy
import sys
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
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


def gpu_by_name(kernels: Iterable[tuple[str, float, float]]) -> list[list[Any]]:
    """The GPU's own rows (kernels and copies: name, start, end in µs) summed by name, the longest first:
    [name, count, ms]. What the device spent its time on, counted once."""
    on_gpu: dict[str, list[float]] = {}
    for name, start, end in kernels:
        entry = on_gpu.setdefault(name[:90], [0, 0.0])
        entry[0] += 1
        entry[1] += (end - start) / 1e3
    return sorted(([k, n, round(ms, 2)] for k, (n, ms) in on_gpu.items()), key=lambda r: -r[2])


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

    gpu_rows = gpu_by_name((e.name, e.time_range.start, e.time_range.end) for e in prof.events()
                           if e.device_type == torch.autograd.DeviceType.CUDA)
    result = {"argv": argv, "exit": code, "wall_s": round(time.time() - t0, 1),
              "gpu_kernel_ms": round(sum(r[2] for r in gpu_rows), 1), "gpu_rows": gpu_rows[:150],
              "gpu_busy_ms": round(sum(a.self_device_time_total for a in averages) / 1e3, 1),
              "kernel_launches": launches, "top_self_cuda_ms": top("self_device_time_total"),
              "top_self_cpu_ms": top("self_cpu_time_total")}
    out.write_text(json.dumps(result, indent=1))
    print(json.dumps({k: result[k] for k in ("wall_s", "gpu_busy_ms", "kernel_launches")}), file=sys.stderr)
    return code


#: CUDA runtime calls that make the host wait for the GPU.
SYNC_CALLS = ("cudaStreamSynchronize", "cudaDeviceSynchronize", "cudaEventSynchronize", "cudaMemcpy ",
              "cudaStreamWaitEvent")


def _innermost_own(stack: list[str]) -> str:
    """The innermost frame of this project or the anchor in a profiler stack, else the innermost at all."""
    for frame in stack:
        if any(own in frame for own in OWN) and "peak_breakdown" not in frame:
            return frame
    return stack[0] if stack else "?"


def _with_stack(event: Any) -> Any:
    """`event` or the nearest CPU op above it that has a Python stack."""
    while event is not None and not getattr(event, "stack", None):
        event = event.cpu_parent
    return event


def window_report(events: list[Any], wall_ms: float, steps: int) -> dict[str, Any]:
    """GPU busy time, idle gaps and host synchronisations of profiler `events` over a `wall_ms` window."""
    import torch

    cuda = torch.autograd.DeviceType.CUDA
    kernels = sorted((e.time_range.start, e.time_range.end, e.name) for e in events if e.device_type == cuda)
    busy, gaps, reach = 0.0, [], None
    for start, end, _ in kernels:
        if reach is None or start > reach:
            if reach is not None:
                gaps.append((start - reach, reach, start))
            busy += end - start
            reach = end
        elif end > reach:
            busy += end - reach
            reach = end
    cpu_ops = sorted((e for e in events if e.device_type != cuda and e.cpu_children == []
                      and e.name.startswith(("aten::", "bitsandbytes", "##", "Torch-Compiled", "Optimizer", "cu",
                                             "triton"))), key=lambda e: e.time_range.start)
    starts = [e.time_range.start for e in cpu_ops]
    longest = max((e.time_range.end - e.time_range.start for e in cpu_ops), default=0)

    def overlapping(lo: float, hi: float) -> Iterator[tuple[Any, float]]:
        """The leaf CPU ops running during [lo, hi], with how long (µs) each ran inside it."""
        for e in cpu_ops[bisect.bisect_left(starts, lo - longest):bisect.bisect_left(starts, hi)]:
            overlap = min(hi, e.time_range.end) - max(lo, e.time_range.start)
            if overlap > 0:
                yield e, overlap

    def during(lo: float, hi: float) -> list[str]:
        names: dict[str, float] = defaultdict(float)
        for e, overlap in overlapping(lo, hi):
            names[e.name[:60]] += overlap / 1e3
        return [f"{k} {v:.2f} ms" for k, v in sorted(names.items(), key=lambda kv: -kv[1])[:4]]

    # Where the host was while the GPU idled (gaps over 20 µs): the leaf op and its innermost own frame.
    idle_host: dict[str, float] = defaultdict(float)
    for gap, lo, hi in gaps:
        if gap > 20:
            for e, overlap in overlapping(lo, hi):
                owner = _with_stack(e)
                where = _innermost_own(owner.stack) if owner is not None else "?"
                idle_host[f"{e.name[:50]} @ {where}"[:200]] += overlap / 1e3
    gaps.sort(reverse=True)
    syncs: dict[str, list[float]] = {}
    for e in events:
        if e.device_type != cuda and e.name.startswith(SYNC_CALLS):
            owner = _with_stack(e)
            where = (owner.name + " @ " + _innermost_own(owner.stack)) if owner is not None else e.name
            entry = syncs.setdefault(f"{e.name} <- {where}"[:200], [0, 0.0])
            entry[0] += 1
            entry[1] += e.time_range.elapsed_us() / 1e3
    return {"steps": steps, "wall_ms": round(wall_ms, 1), "gpu_busy_ms": round(busy / 1e3, 1),
            "gpu_idle_share": round(1 - busy / 1e3 / wall_ms, 3) if wall_ms else None,
            "kernels": len(kernels), "idle_gaps_over_50us": sum(1 for g in gaps if g[0] > 50),
            "idle_ms_in_gaps_over_50us": round(sum(g[0] for g in gaps if g[0] > 50) / 1e3, 1),
            "longest_gaps": [[round(g / 1e3, 2), during(lo, hi)] for g, lo, hi in gaps[:25]],
            "idle_by_host_op": sorted(([k, round(ms, 1)] for k, ms in idle_host.items()), key=lambda r: -r[1])[:60],
            "gpu_rows": gpu_by_name((name, start, end) for start, end, name in kernels)[:120],
            "host_syncs": sorted(([k, n, round(ms, 1)] for k, (n, ms) in syncs.items()), key=lambda r: -r[1])[:40]}


def steps(out: Path, argv: list[str], skip: int, count: int) -> int:
    """Profile optimizer steps skip+1 … skip+count of the target (all optimizers' steps counted)."""
    import torch
    from torch.optim.optimizer import register_optimizer_step_post_hook
    from torch.profiler import ProfilerActivity, profile

    prof = profile(activities=[ProfilerActivity.CPU, ProfilerActivity.CUDA], with_stack=True)
    state: dict[str, Any] = {"done": 0}

    def sync() -> None:
        if torch.cuda.is_available():
            torch.cuda.synchronize()

    def after_step(*_: Any) -> None:
        state["done"] += 1
        if state["done"] == skip:
            sync()
            prof.start()
            state["t0"] = time.perf_counter()
        elif state["done"] == skip + count and "t0" in state:
            sync()
            state["wall_ms"] = (time.perf_counter() - state["t0"]) * 1e3
            prof.stop()

    register_optimizer_step_post_hook(after_step)
    code = run_target(argv)
    if "wall_ms" not in state:
        print(f"the target made {state['done']} optimizer steps, fewer than --skip {skip} + --count {count}",
              file=sys.stderr)
        return code or 2
    report = window_report(list(prof.events()), state["wall_ms"], count)
    averages = prof.key_averages()
    report["top_self_cpu_ms"] = [[a.key[:90], a.count, round(a.self_cpu_time_total / 1e3, 1)]
                                 for a in sorted(averages, key=lambda a: -a.self_cpu_time_total)[:40]]
    result = {"argv": argv, "exit": code, "skip": skip, **report}
    out.write_text(json.dumps(result, indent=1))
    print(json.dumps({k: result[k] for k in ("steps", "wall_ms", "gpu_busy_ms", "gpu_idle_share", "kernels")}),
          file=sys.stderr)
    return code


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=("memory", "kernels", "steps"))
    parser.add_argument("out", type=Path)
    parser.add_argument("--skip", type=int, default=1, help="steps: optimizer steps left out before the window")
    parser.add_argument("--count", type=int, default=2, help="steps: optimizer steps in the window")
    argv = sys.argv[1:]
    cut = argv.index("--") if "--" in argv else len(argv)
    args = parser.parse_args(argv[:cut])
    target = argv[cut + 1:]
    if args.what == "steps":
        return steps(args.out, target, args.skip, args.count)
    return (memory if args.what == "memory" else kernels)(args.out, target)


if __name__ == "__main__":
    sys.exit(main())
