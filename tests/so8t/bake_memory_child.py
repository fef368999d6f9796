"""Child process of the streamed-bake memory test: bake one model and print its ru_maxrss growth.

Run as `python -m tests.so8t.bake_memory_child MODEL OUT whole|streamed`; the last stdout line is JSON.
Imports happen before the baseline is read, so the growth is the bake's own memory.
"""

import json
import resource
import sys
import time


def _max_rss_mib() -> float:
    """This process's peak RSS. Linux's VmHWM starts afresh at exec; ru_maxrss would start at the forking
    parent's RSS (the test runner's), which hides growth below it."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def main() -> None:
    model, out, path = sys.argv[1:4]
    import importlib

    import torch  # imported before the baseline on purpose: the growth is the bake's own memory
    from transformers import AutoConfig

    from so8t.bake.exact import BakeConfig, bake

    model_type = AutoConfig.from_pretrained(model).model_type
    importlib.import_module(f"transformers.models.{model_type}.modeling_{model_type}")

    torch.set_num_threads(int(sys.argv[4]) if len(sys.argv) > 4 else 1)
    base = _max_rss_mib()
    t0 = time.perf_counter()
    result = bake(BakeConfig(model=model, out=out, random_gates=True, verify=True, streaming=path))
    print(json.dumps({"growth_mib": _max_rss_mib() - base, "base_mib": base, "seconds": time.perf_counter() - t0,
                      "passed": result.passed, "reference_path": result.reference_path,
                      "peak_rss_mib": result.peak_rss_mib}))


if __name__ == "__main__":
    main()
