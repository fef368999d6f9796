"""Benchmark GGUF export and llama.cpp quantization on a model of Qwen2-0.5B's shape (random weights).

Prints export MB/s and peak resident memory (against the model's size on disk: target <= 1.5x),
with two baselines measured in the same run: a plain file copy of the weights (MB/s) and a process
that only imports what the export imports (RSS). Then llama.cpp quantize seconds per type.

Run: python bench/gguf.py [--workdir DIR] [--types Q8_0,Q6_K,Q5_K_M,Q4_K_M,Q4_0]
Save the printed figures to bench/results/gguf.txt.
With --fidelity it prints the llama.cpp fidelity table of every tiny family and of the demo model
instead (saved to bench/results/gguf_fidelity.txt).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# This file is named like the `gguf` package: keep its folder off the import path so
# `import gguf` finds the package, not this script.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]

#: Qwen2-0.5B's published shape (config.json of Qwen/Qwen2-0.5B); weights are random, saved in bf16 as released.
QWEN2_05B = dict(hidden_size=896, num_hidden_layers=24, num_attention_heads=14, num_key_value_heads=2,
                 intermediate_size=4864, vocab_size=151936, tie_word_embeddings=True,
                 max_position_embeddings=32768)
#: The issue's memory target: peak RSS of an export at most this multiple of the model's size on disk.
RSS_TARGET = 1.5


def _peak_rss() -> int:
    """This process's peak resident memory in bytes (Linux ru_maxrss is KiB, macOS bytes, Windows: peak working set)."""
    try:
        import resource
    except ImportError:
        import psutil

        return int(psutil.Process().memory_info().peak_wset)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(peak if sys.platform == "darwin" else peak * 1024)


def _child_export(model: str, out: str) -> None:
    """Runs in a fresh process: export, then report its own peak RSS."""
    from so8t.gguf.export import ExportConfig, export_gguf

    result = export_gguf(ExportConfig(model=model, out=out, modelfile=False, force=True))
    print(json.dumps({"result": result.to_dict(), "peak_rss": _peak_rss()}))


def _child_imports() -> None:
    """Baseline: the same imports as an export, no work."""
    import gguf  # noqa: F401
    import numpy  # noqa: F401
    import tokenizers  # noqa: F401

    import so8t.gguf.export  # noqa: F401
    import so8t.model.folder  # noqa: F401

    print(json.dumps({"peak_rss": _peak_rss()}))


def _run_child(*args: str) -> dict:
    proc = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"child {args[0]} failed:\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _build(folder: Path) -> None:
    import torch

    from so8t.model.tiny import build_tiny_model

    build_tiny_model("qwen2", folder, seed=0, dtype=torch.bfloat16, **QWEN2_05B)


def fidelity(work: Path, types: list[str]) -> None:
    """The acceptance figures: every tiny family and the demo model (pretrained, random gates baked),
    f16 against HF and every quant type against f16, all measured by loading the files in llama.cpp."""
    from so8t.bake.exact import BakeConfig, bake
    from so8t.demo import PretrainConfig, pretrain
    from so8t.gguf.run import GGUFStageConfig, run_gguf_stage
    from so8t.model.tiny import build_tiny_model

    models = {arch: build_tiny_model(arch, work / "tiny" / arch, seed=0)
              for arch in ("llama", "mistral", "qwen2", "phi3", "gemma")}
    trained = pretrain(PretrainConfig(out=str(work / "demo-pretrained")))
    print(f"demo model: pretrained {trained.steps} steps, loss {trained.loss_first:.2f} -> {trained.loss_last:.3f}")
    baked = bake(BakeConfig(model=trained.out, out=str(work / "demo-baked"), random_gates=True, seed=0))
    print(f"demo model: random gates baked, verify passed={baked.passed}")
    models["demo"] = Path(baked.out)
    for name, folder in models.items():
        result = run_gguf_stage(folder, work / "runs" / name, GGUFStageConfig(name=name, quant_types=types))
        for entry in result.files:
            c = entry["check"]
            extra = (f"; mean |dlogit| {c['mean_abs_dlogit_rel']:.3%} of the logit spread" if entry["type"] == "f16"
                     else f"; top-1 vs f16 {c['top1_agreement_reference']:.2%}")
            print(f"{name:8s} {entry['type']:7s} {'PASS' if c['passed'] else 'MISS'}  {c['verdict']}{extra}")
            if entry["type"] != "f16":
                print(f"{'':17s}fallbacks: {entry['fallback_summary']}")
    # The demo model learnt the demo corpus by heart and is poor on other text (held-out perplexity far
    # above the vocabulary size); its in-domain perplexity shows quantization effects on a sharp model.
    from so8t.gguf.check import CheckConfig, check_gguf
    from so8t.resources import DEMO_CORPUS

    f16 = work / "runs" / "demo" / "gguf" / "demo-f16.gguf"
    for path in sorted((work / "runs" / "demo" / "gguf").glob("*.gguf")):
        c = check_gguf(CheckConfig(gguf=str(path), hf_model=str(models["demo"]), text_file=str(DEMO_CORPUS),
                                   reference_gguf=None if path == f16 else str(f16), write=False))
        ref = "" if path == f16 else f", vs f16 {c.ppl_rel_diff_reference:+.2%}"
        print(f"demo in-domain (demo corpus) {c.gguf_type:7s} perplexity {c.ppl_gguf:.4f} "
              f"(HF {c.ppl_hf:.4f}, {c.ppl_rel_diff_hf:+.2%}{ref})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workdir", default=None, help="scratch folder (default: a temp folder, removed after)")
    parser.add_argument("--types", default="Q8_0,Q6_K,Q5_K_M,Q4_K_M,Q4_0")
    parser.add_argument("--fidelity", action="store_true",
                        help="instead: llama.cpp fidelity of every tiny family and the demo model (acceptance table)")
    args = parser.parse_args()
    work = Path(args.workdir or tempfile.mkdtemp(prefix="so8t-bench-gguf-"))
    work.mkdir(parents=True, exist_ok=True)
    if args.fidelity:
        try:
            fidelity(work, [t.strip() for t in args.types.split(",") if t.strip()])
        finally:
            if args.workdir is None:
                shutil.rmtree(work, ignore_errors=True)
        return
    model = work / "qwen2-0.5b-shape"
    try:
        print(f"machine: {platform.platform()}, {os.cpu_count()} cpus, python {platform.python_version()}")
        if not (model / "model.safetensors").exists():
            t = time.perf_counter()
            _build(model)
            print(f"built random Qwen2-0.5B-shape model in {time.perf_counter() - t:.1f} s")
        disk = sum(p.stat().st_size for p in model.glob("*.safetensors"))
        print(f"model on disk: {disk / 1e6:.1f} MB (bf16 safetensors)")

        t = time.perf_counter()
        shutil.copyfile(model / "model.safetensors", work / "copy.bin")
        copy_s = time.perf_counter() - t
        (work / "copy.bin").unlink()
        print(f"baseline file copy: {disk / 1e6 / copy_s:.0f} MB/s")

        base_rss = _run_child("--child-imports")["peak_rss"]
        out = work / "bench-f16.gguf"
        child = _run_child("--child-export", str(model), str(out))
        res, peak = child["result"], child["peak_rss"]
        print(f"export f16: {res['size_bytes'] / 1e6:.1f} MB in {res['seconds']:.1f} s = {res['mb_per_s']:.0f} MB/s "
              f"({res['mb_per_s'] / (disk / 1e6 / copy_s):.2f}x the file copy)")
        print(f"export peak RSS: {peak / 1e6:.0f} MB = {peak / disk:.2f}x the model on disk "
              f"(target <= {RSS_TARGET}x: {'met' if peak <= RSS_TARGET * disk else 'MISSED'}); "
              f"imports alone: {base_rss / 1e6:.0f} MB, so the export itself adds {(peak - base_rss) / 1e6:.0f} MB")

        from so8t.gguf.quantize import QuantizeConfig, quantize_gguf

        for q in [t.strip() for t in args.types.split(",") if t.strip()]:
            r = quantize_gguf(QuantizeConfig(gguf=str(out), out=str(work / f"bench-{q}.gguf"), quant_type=q,
                                             modelfile=False, force=True))
            print(f"quantize {q}: {r.seconds:.1f} s, {r.size_bytes / 1e6:.0f} MB, "
                  f"{len(r.fallbacks)} fallbacks ({r.fallback_summary[:80]})")
            os.unlink(r.out)
    finally:
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child-export":
        _child_export(sys.argv[2], sys.argv[3])
    elif len(sys.argv) > 1 and sys.argv[1] == "--child-imports":
        _child_imports()
    else:
        main()
