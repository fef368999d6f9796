"""Bake benchmark on a model of Qwen2-0.5B shape (random init, fp32, CPU).

Prints: our bake seconds (fold only and whole command), verify seconds, peak RSS of the bake
process — and, as the anchor, the same block rotations merged by PEFT's OFT (oft_block_size=8, exact
Cayley, each rotation converted to its Cayley parameters): time ratio and max weight error of each
against the exact float64 product W · blockdiag(R).

Run: python bench/bake.py [--layers N] [--out bench/results/bake.json]
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import torch

QWEN2_05B = dict(
    hidden_size=896, intermediate_size=4864, num_hidden_layers=24, num_attention_heads=14,
    num_key_value_heads=2, vocab_size=151936, max_position_embeddings=32768, tie_word_embeddings=True,
    rope_theta=1000000.0, use_sliding_window=False,
)
ANGLE, SEED = 0.5, 0


def build_model(folder: Path, layers: int) -> None:
    from so8t.model.tiny import build_tiny_model

    build_tiny_model("qwen2", folder, seed=SEED, **{**QWEN2_05B, "num_hidden_layers": layers})


def run_our_bake(model_dir: Path, out_dir: Path) -> tuple[dict, float, float]:
    """`so8t bake --verify` in a child process: (result, wall seconds, child peak RSS in MiB)."""
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "so8t", "bake", "--model", str(model_dir), "--random-gates", "--angle", str(ANGLE),
         "--seed", str(SEED), "--verify", "--out", str(out_dir), "--json"],
        capture_output=True, text=True, check=False,
    )
    wall = time.perf_counter() - t0
    if proc.returncode not in (0, 1):
        raise SystemExit(proc.stderr)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # KiB on Linux
    return json.loads(proc.stdout.strip().splitlines()[-1]), wall, peak


def cayley_params(rot_peft: torch.Tensor) -> torch.Tensor:
    """Skew Q with (I − Q)(I + Q)⁻¹ = M (PEFT's exact Cayley), as its upper-triangle vector."""
    from so8t.model.rotation import params_from_skew

    eye = torch.eye(8, dtype=rot_peft.dtype).expand_as(rot_peft)
    q = torch.linalg.solve(rot_peft + eye, eye - rot_peft)
    return params_from_skew(q)


def compare_with_peft_oft(model_dir: Path) -> dict:
    from peft import OFTConfig, get_peft_model

    from so8t.bake.exact import bake_gates_into_model
    from so8t.model.folder import load_model
    from so8t.model.gates import attach_gates, randomize_gates

    # Ours, in process, fold only.
    ours = load_model(model_dir)
    gates = attach_gates(ours, seed=SEED)
    randomize_gates(gates, ANGLE, SEED)
    rots = {g.layer: g.rotations(torch.float64) for g in gates}
    originals = {i: layer.self_attn.o_proj.weight.detach().clone() for i, layer in enumerate(ours.model.layers)}
    t0 = time.perf_counter()
    bake_gates_into_model(ours)
    ours_s = time.perf_counter() - t0
    exact = {i: torch.einsum("okm,kmi->oki", w.double().reshape(w.shape[0], -1, 8), rots[i]).reshape(w.shape)
             for i, w in originals.items()}
    ours_err = max((layer.self_attn.o_proj.weight.double() - exact[i]).abs().max().item()
                   for i, layer in enumerate(ours.model.layers))
    del ours

    # PEFT OFT: our gate computes x_j·R_jᵀ, OFT computes x_j·M_j, so M_j = R_jᵀ.
    base = load_model(model_dir)
    config = OFTConfig(oft_block_size=8, r=0, target_modules=["o_proj"], use_cayley_neumann=False,
                       module_dropout=0.0, init_weights=True)
    peft_model = get_peft_model(base, config)
    with torch.no_grad():
        for name, module in peft_model.named_modules():
            if name.endswith("self_attn.o_proj") and hasattr(module, "oft_R"):
                layer = int(name.split(".layers.")[1].split(".")[0])
                rot_module = module.oft_R["default"]
                rot_module.weight.copy_(cayley_params(rots[layer].transpose(-1, -2)).to(rot_module.weight.dtype))
    t0 = time.perf_counter()
    merged = peft_model.merge_and_unload()
    peft_s = time.perf_counter() - t0
    peft_err = max((layer.self_attn.o_proj.weight.double() - exact[i]).abs().max().item()
                   for i, layer in enumerate(merged.model.layers))
    return {"ours_fold_s": ours_s, "peft_oft_merge_s": peft_s, "ours_max_weight_err": ours_err,
            "peft_oft_max_weight_err": peft_err}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--layers", type=int, default=QWEN2_05B["num_hidden_layers"])
    parser.add_argument("--out", default="bench/results/bake.json")
    args = parser.parse_args()
    torch.set_num_threads(max(1, torch.get_num_threads()))
    with tempfile.TemporaryDirectory(prefix="so8t-bench-bake-") as tmp:
        model_dir = Path(tmp) / "model"
        t0 = time.perf_counter()
        build_model(model_dir, args.layers)
        size_mb = sum(f.stat().st_size for f in model_dir.glob("*.safetensors")) / 2**20
        print(f"model: Qwen2-0.5B shape, {args.layers} layers, fp32, {size_mb:.0f} MiB on disk "
              f"(built in {time.perf_counter() - t0:.1f} s)")
        result, wall, peak = run_our_bake(model_dir, Path(tmp) / "baked")
        print(f"so8t bake --verify: {wall:.1f} s wall; fold+save {result['seconds_bake']:.2f} s, "
              f"verify {result['seconds_verify']:.2f} s; peak RSS {peak:.0f} MiB "
              f"({peak / size_mb:.2f} × model size)")
        print(f"  max|Δlogit| {result['max_abs_err']:.2e}, KL {result['kl']:.2e}, top-1 {result['top1_agreement']:.1%}, "
              f"noise floor {result['noise_floor']:.2e}, bake error {result['verify']['bake_err']:.2e}, "
              f"orth {result['orth_err_max']:.1e}, passed {result['passed']}")
        anchor = compare_with_peft_oft(model_dir)
    ratio = anchor["peft_oft_merge_s"] / anchor["ours_fold_s"]
    print(f"fold only: ours {anchor['ours_fold_s']:.3f} s vs PEFT OFT merge {anchor['peft_oft_merge_s']:.3f} s "
          f"(PEFT / ours = {ratio:.2f})")
    print(f"max weight error vs exact float64 W·blockdiag(R): ours {anchor['ours_max_weight_err']:.2e}, "
          f"PEFT OFT {anchor['peft_oft_max_weight_err']:.2e}")
    verdict = anchor["ours_max_weight_err"] <= anchor["peft_oft_max_weight_err"]
    print("ours at least as exact as PEFT OFT:", "yes" if verdict else "NO")
    record = {
        "machine": f"{platform.machine()} {platform.processor()} torch {torch.__version__}, "
                   f"{torch.get_num_threads()} threads",
        "layers": args.layers, "model_mib": size_mb, "bake_wall_s": wall, "peak_rss_mib": peak,
        "bake": {k: result[k] for k in ("seconds_bake", "seconds_verify", "max_abs_err", "kl", "top1_agreement",
                                        "noise_floor", "orth_err_max", "passed")},
        "bake_err": result["verify"]["bake_err"], **anchor, "peft_over_ours_time": ratio,
        "ours_at_least_as_exact": verdict,
    }
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(record, indent=2) + "\n")
    print(f"written {args.out}")


if __name__ == "__main__":
    main()
