"""Every stage after training on a random model of a real shape: time, peak host RSS, peak GPU memory.

Runs on a CUDA machine with the GPU capped like a 12 GB workstation card
(torch.cuda.set_per_process_memory_fraction in every stage process). Stages: bake + verify
(random gates, --dtype float32, streamed), export f16, quantize Q4_K_M, check (f16 and Q4_K_M
against the baked HF model), triality, calibrate. Each stage is its own `so8t` process; its peak
RSS is that process's ru_maxrss (os.wait4), its GPU figures come from its result record. A
stage's input is deleted once the next stage no longer needs it (disk: an 8B model, its fp32 bake
and its f16 GGUF do not fit 64 GiB together). Results accumulate in WORK/pipeline_scale.json (one
entry per shape and stage, so a run split over several sittings resumes) and are written as a
Markdown table.

    python bench/pipeline_scale.py --shape phi-3.5-mini --work /tmp/ps [--stages bake,export,...]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

MIB = 2**20
GIB = 2**30
#: Acceptance bounds on the Llama-3.1-8B shape.
RSS_BOUND_GIB, GPU_BOUND_GIB, BAKE_BOUND_MIN = 24, 11, 15

SHAPES = {
    # A smoke test of this script on any machine.
    "tiny-llama": ("llama", {"num_hidden_layers": 2, "hidden_size": 64, "intermediate_size": 128}),
    # The 8B shape's vocabulary and rope scaling on two small layers (a smoke test of what the small
    # vocabulary and default rope of tiny-llama do not reach).
    "tiny-llama3": ("llama", {"num_hidden_layers": 2, "hidden_size": 64, "intermediate_size": 128,
                              "vocab_size": 128256, "max_position_embeddings": 131072, "rope_theta": 500000.0,
                              "rope_scaling": {"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0,
                                               "high_freq_factor": 4.0, "original_max_position_embeddings": 8192},
                              "tie_word_embeddings": False}),
    # microsoft/Phi-3.5-mini-instruct's config (rope scaling left out: random weights need none).
    "phi-3.5-mini": ("phi3", {"hidden_size": 3072, "intermediate_size": 8192, "num_hidden_layers": 32,
                              "num_attention_heads": 32, "num_key_value_heads": 32, "vocab_size": 32064,
                              "max_position_embeddings": 4096, "original_max_position_embeddings": 4096,
                              "tie_word_embeddings": False}),
    # meta-llama/Llama-3.1-8B's config, llama3 rope scaling included.
    "llama-3.1-8b": ("llama", {"hidden_size": 4096, "intermediate_size": 14336, "num_hidden_layers": 32,
                               "num_attention_heads": 32, "num_key_value_heads": 8, "vocab_size": 128256,
                               "max_position_embeddings": 131072, "rope_theta": 500000.0,
                               "rope_scaling": {"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0,
                                                "high_freq_factor": 4.0, "original_max_position_embeddings": 8192},
                               "tie_word_embeddings": False}),
}
STAGES = ("make", "bake", "export", "quantize", "check-f16", "check-q4", "triality", "calibrate")


def _paths(work: Path, shape: str) -> dict[str, Path]:
    base = work / shape
    return {"model": base / "model", "baked": base / "baked", "f16": base / "gguf" / "model-f16.gguf",
            "q4": base / "gguf" / "model-Q4_K_M.gguf", "out": base / "out"}


def _stage_argv(stage: str, p: dict[str, Path]) -> list[str]:
    return {
        "bake": ["bake", "--model", str(p["model"]), "--random-gates", "--dtype", "float32", "--out", str(p["baked"]),
                 "--verify", "--streaming", "streamed", "--force"],
        "export": ["export-gguf", "--model", str(p["baked"]), "--out", str(p["f16"]), "--no-check", "--force",
                   "--no-modelfile"],
        "quantize": ["quantize", "--gguf", str(p["f16"]), "--type", "Q4_K_M", "--out", str(p["q4"]), "--force",
                     "--no-modelfile"],
        "check-f16": ["check-gguf", "--gguf", str(p["f16"]), "--model", str(p["baked"])],
        "check-q4": ["check-gguf", "--gguf", str(p["q4"]), "--model", str(p["baked"]), "--reference", str(p["f16"])],
        "triality": ["triality", "--model", str(p["baked"]), "--out", str(p["out"])],
        "calibrate": ["calibrate", "--model", str(p["baked"]), "--out", str(p["out"])],
    }[stage] + ["--json"]


#: What each stage's input is, and the last stage that reads it (deleted after that one).
_DELETE_AFTER = {"bake": ["model"], "calibrate": ["baked"], "check-q4": ["f16", "q4"]}


def _run_stage(argv: list[str], card_gib: float, log: Path) -> dict:
    """One `so8t` process under the GPU cap; returns its result, wall time and ru_maxrss."""
    cap = f"min(1.0, {card_gib!r} * 2**30 / torch.cuda.get_device_properties(0).total_memory)"
    # Only the stage's own command is put in the parser: the GPU image lacks the chat server's packages.
    code = ("import importlib, sys, torch\n"
            "if torch.cuda.is_available():\n"
            f"    torch.cuda.set_per_process_memory_fraction({cap})\n"
            "import so8t.cli as cli\n"
            "cli._command_modules = lambda: [importlib.import_module('so8t.commands.' + sys.argv[1].replace('-', '_'))]\n"
            "sys.exit(cli.main(sys.argv[1:]))\n")
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    t0 = time.perf_counter()
    with open(log, "w") as err:
        proc = subprocess.Popen([sys.executable, "-c", code, *argv], stdout=subprocess.PIPE, stderr=err, env=env,
                                cwd=str(REPO), text=True)
        out = proc.stdout.read()
        _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    rc = os.waitstatus_to_exitcode(status)
    lines = [ln for ln in out.strip().splitlines() if ln.startswith("{")]
    result = json.loads(lines[-1]) if lines else {}
    return {"rc": rc, "seconds": round(wall, 1), "ru_maxrss_mib": round(usage.ru_maxrss / 1024, 1), "result": result}


def _summary(stage: str, result: dict) -> str:
    r = result.get("result") or {}
    if stage == "bake":
        return (f"passed={r.get('passed')} path={r.get('reference_path')} fp32 on {r.get('fp32_device')} "
                f"KL={r.get('kl')} noise floor={r.get('noise_floor')}")
    if stage.startswith("check"):
        return f"passed={r.get('passed')} ref={r.get('reference_path')} {str(r.get('verdict', ''))[:90]}"
    if stage in ("triality", "calibrate"):
        return f"features={r.get('features_path')} accuracy={r.get('accuracy')}"
    return f"rc={result.get('rc')}"


def _write_markdown(data: dict, path: Path) -> None:
    lines = ["# Pipeline stages at scale (random weights, GPU capped at 12 GB)", "",
             "Written by `bench/pipeline_scale.py` on the GPU machine. Peak RSS: the stage process's ru_maxrss. "
             "GPU: torch allocator peaks and NVML process memory from the stage's result record "
             "(— where the stage did not use the GPU).", ""]
    for shape, stages in data.get("shapes", {}).items():
        lines += [f"## {shape}", "", "| stage | time s | peak RSS GiB | GPU alloc GiB | GPU reserved GiB | NVML GiB | rc | notes |",
                  "|---|---|---|---|---|---|---|---|"]
        for stage in STAGES:
            if stage not in stages:
                lines.append(f"| {stage} | not run | | | | | | |")
                continue
            s = stages[stage]
            r = s.get("result") or {}

            def gib(key: str, rec: dict = r) -> str:
                v = rec.get(key)
                return "—" if v is None else f"{v / 1024:.2f}"

            lines.append(f"| {stage} | {s['seconds']} | {s['ru_maxrss_mib'] / 1024:.2f} | {gib('peak_gpu_allocated_mib')} | "
                         f"{gib('peak_gpu_reserved_mib')} | {gib('peak_nvml_mib')} | {s['rc']} | {_summary(stage, s)} |")
        lines.append("")
    lines += [f"Bounds on the Llama-3.1-8B shape: peak RSS ≤ {RSS_BOUND_GIB} GiB, GPU ≤ {GPU_BOUND_GIB} GiB, "
              f"bake + verify < {BAKE_BOUND_MIN} min.", ""]
    for note in data.get("notes", []):
        lines.append(f"- {note}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shape", choices=sorted(SHAPES), required=True)
    parser.add_argument("--work", required=True, help="scratch folder (models, GGUFs, logs, pipeline_scale.json)")
    parser.add_argument("--stages", default=",".join(STAGES))
    parser.add_argument("--card-gb", type=float, default=12.0)
    parser.add_argument("--markdown", default=None, help="where to write the table (default WORK/pipeline_scale.md)")
    parser.add_argument("--note", action="append", default=[], help="a line for the notes under the table")
    parser.add_argument("--until", type=float, default=None, help="start no stage after this Unix time")
    args = parser.parse_args()
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    store = work / "pipeline_scale.json"
    data = json.loads(store.read_text()) if store.is_file() else {"shapes": {}, "notes": []}
    data["notes"] = list(dict.fromkeys([*data.get("notes", []), *args.note]))
    stages = data["shapes"].setdefault(args.shape, {})
    p = _paths(work, args.shape)
    for stage in args.stages.split(","):
        if args.until is not None and time.time() > args.until:
            print(f"deadline reached: {stage} and later stages not run", flush=True)
            break
        print(f"[{time.strftime('%H:%M:%S')}] {args.shape}: {stage}", flush=True)
        if stage == "make":
            # In a child process: the stages' ru_maxrss starts at their parent's RSS on Linux, so the
            # parent stays small.
            family, shape = SHAPES[args.shape]
            shutil.rmtree(p["model"], ignore_errors=True)
            code = ("import json, sys, torch\n"
                    "from so8t.model.random_model import write_random_model\n"
                    "from so8t.model.tiny import tiny_config\n"
                    f"write_random_model(tiny_config({family!r}, **json.loads(sys.argv[1])), sys.argv[2], dtype=torch.bfloat16,\n"
                    "                   device='cuda' if torch.cuda.is_available() else 'cpu')\n")
            t0 = time.perf_counter()
            proc = subprocess.Popen([sys.executable, "-c", code, json.dumps(shape), str(p["model"])], cwd=str(REPO))
            _pid, status, usage = os.wait4(proc.pid, 0)
            size = sum(f.stat().st_size for f in p["model"].glob("*.safetensors"))
            stages["make"] = {"rc": os.waitstatus_to_exitcode(status), "seconds": round(time.perf_counter() - t0, 1),
                              "ru_maxrss_mib": round(usage.ru_maxrss / 1024, 1), "result": {"bytes": size}}
        else:
            p["f16"].parent.mkdir(parents=True, exist_ok=True)
            p["out"].mkdir(parents=True, exist_ok=True)
            stages[stage] = _run_stage(_stage_argv(stage, p), args.card_gb, work / f"{args.shape}-{stage}.log")
            for key in _DELETE_AFTER.get(stage, []) if stages[stage]["rc"] in (0, 1) else []:
                target = p[key].resolve()  # a folder may be a link to another drive (disk space)
                shutil.rmtree(target, ignore_errors=True) if target.is_dir() else target.unlink(missing_ok=True)
        print(json.dumps({stage: stages[stage]}, default=str)[:600], flush=True)
        store.write_text(json.dumps(data, indent=2, default=str))
        _write_markdown(data, Path(args.markdown) if args.markdown else work / "pipeline_scale.md")


if __name__ == "__main__":
    main()
