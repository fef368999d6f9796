"""Safety-head benchmark (acceptance 3): head accuracy and ECE / Brier / NLL before and after temperature
scaling, on the test split of a labelled set, for any HF model folder.

Protocol, fixed before looking at any test figure: the head is trained on the train split with the
stage defaults, T is fitted on the calibration split (NLL objective unless --objective), and the
test split is only ever evaluated. Nothing here is tuned on test; the split seeds after the first
are only there to show how much the figures move with the split on a set this small.

Prints the figures and whether the original SO8T pipeline's targets are met:
ECE improvement > 20 % and Brier improvement > 10 % (relative, test split).

Run: python bench/triality.py --model DIR [--gguf FILE] [--data FILE] [--seeds 0,1,2,3,4] [--out bench/results/triality-NAME.json]
     python bench/triality.py --demo-model    (builds the demo's pretrained tiny model first, as `so8t demo` does)
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from so8t.calibration.run import CalibrationConfig, run_calibration  # noqa: E402
from so8t.triality.data import SAMPLE_SET  # noqa: E402
from so8t.triality.run import HEAD_FILE, TrialityConfig, run_triality  # noqa: E402

#: The original pipeline's calibration targets (relative improvement on test).
ECE_TARGET = 0.20
BRIER_TARGET = 0.10


def build_demo_model(folder: Path) -> Path:
    """The demo's base model: the built-in tiny model pretrained on the demo corpus (so8t.demo.pretrain)."""
    from so8t.demo import PretrainConfig, pretrain

    result = pretrain(PretrainConfig(out=str(folder)))
    print(f"demo model: pretrained {result.steps} steps, loss {result.loss_first} -> {result.loss_last}, "
          f"{result.seconds:.0f} s", flush=True)
    return folder


#: A scorer whose test accuracy is within this of chance (1/3) carries no decision information; its
#: "calibration" can only flatten it towards uniform, which the figures then flag.
CHANCE_MARGIN = 0.05


def one_seed(model: str, gguf: str | None, data: str, seed: int, scorer: str, objective: str, work: Path,
             device: str = "cpu") -> dict:
    run = work / f"{scorer}-seed{seed}"
    t0 = time.monotonic()
    if scorer == "gguf-verbalizer":
        source = {"gguf": gguf, "scorer": "verbalizer"}
    else:
        source = {"model": model, "scorer": scorer, "device": device}
    tri = run_triality(TrialityConfig(**source, data=data, seed=seed, out=str(run)))
    head = str(run / HEAD_FILE) if scorer == "head" else None
    cal = run_calibration(CalibrationConfig(**source, data=data, seed=seed, head=head, objective=objective,
                                            out=str(run)))
    notes = []
    if cal.at_bound:
        notes.append("T stopped at a bound")
    if tri.accuracy < 1 / 3 + CHANCE_MARGIN:
        notes.append("accuracy at chance: the improvement only flattens an uninformative scorer")
    return {
        "scorer": scorer,
        "seed": seed,
        "n_train": tri.n_train, "n_calibration": cal.n_calibration, "n_test": cal.n_test,
        "train_accuracy": tri.train_accuracy,
        "accuracy": tri.accuracy,
        "macro_f1": tri.macro_f1,
        "temperature": cal.temperature,
        "at_bound": cal.at_bound,
        "ece_before": cal.ece_before, "ece_after": cal.ece_after,
        "brier_before": cal.brier_before, "brier_after": cal.brier_after,
        "nll_before": cal.nll_before, "nll_after": cal.nll_after,
        "ece_improvement": cal.ece_improvement,
        "brier_improvement": cal.brier_improvement,
        "ece_target_met": cal.ece_improvement > ECE_TARGET,
        "brier_target_met": cal.brier_improvement > BRIER_TARGET,
        "notes": notes,
        "seconds": round(time.monotonic() - t0, 1),
    }


def line(r: dict) -> str:
    return (f"{r['scorer']:<10} seed {r['seed']}  acc {r['accuracy']:.3f} (train {r['train_accuracy'] if r['train_accuracy'] is None else round(r['train_accuracy'], 3)})"
            f"  T {r['temperature']:.3f}{'*' if r['at_bound'] else ''}"
            f"  ECE {r['ece_before']:.4f}->{r['ece_after']:.4f} ({r['ece_improvement']:+.1%}, target >20% "
            f"{'met' if r['ece_target_met'] else 'NOT met'})"
            f"  Brier {r['brier_before']:.4f}->{r['brier_after']:.4f} ({r['brier_improvement']:+.1%}, target >10% "
            f"{'met' if r['brier_target_met'] else 'NOT met'})"
            f"  NLL {r['nll_before']:.4f}->{r['nll_after']:.4f}"
            + (f"  [{'; '.join(r['notes'])}]" if r["notes"] else ""))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    src = parser.add_mutually_exclusive_group(required=True)
    src.add_argument("--model", help="HF model folder")
    src.add_argument("--demo-model", action="store_true", help="build and use the demo's pretrained tiny model")
    parser.add_argument("--gguf", help="also score this GGUF (the deployed, quantized model) with the verbalizer")
    parser.add_argument("--data", default=str(SAMPLE_SET), help="labelled JSONL (default: the sample set)")
    parser.add_argument("--seeds", default="0,1,2,3,4", help="split seeds; the first is the headline figure")
    parser.add_argument("--scorers", default="head,verbalizer", help="head and/or verbalizer")
    parser.add_argument("--objective", default="nll", choices=("nll", "ece"))
    parser.add_argument("--device", default="cpu", choices=("cpu", "cuda"), help="where the HF model runs")
    parser.add_argument("--out", help="JSON file for the figures (default bench/results/triality-<model>.json)")
    args = parser.parse_args()

    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    seeds = [int(s) for s in args.seeds.split(",")]
    scorers = args.scorers.split(",") + (["gguf-verbalizer"] if args.gguf else [])
    with tempfile.TemporaryDirectory(prefix="so8t-bench-triality-") as tmp:
        work = Path(tmp)
        model = str(build_demo_model(work / "demo_model")) if args.demo_model else args.model
        name = "demo" if args.demo_model else Path(model).name
        rows = []
        for scorer in scorers:
            for seed in seeds:
                r = one_seed(model, args.gguf, args.data, seed, scorer, args.objective, work, args.device)
                rows.append(r)
                print(line(r), flush=True)
    summary = {}
    for scorer in scorers:
        rs = [r for r in rows if r["scorer"] == scorer]
        summary[scorer] = {
            "headline_seed": seeds[0],
            "headline": rs[0],
            "seeds_meeting_ece_target": sum(r["ece_target_met"] for r in rs),
            "seeds_meeting_brier_target": sum(r["brier_target_met"] for r in rs),
            "seeds": len(rs),
            "mean_accuracy": sum(r["accuracy"] for r in rs) / len(rs),
            "mean_ece_improvement": sum(r["ece_improvement"] for r in rs) / len(rs),
            "mean_brier_improvement": sum(r["brier_improvement"] for r in rs) / len(rs),
            "seeds_with_notes": sum(bool(r["notes"]) for r in rs),
        }
        s = summary[scorer]
        print(f"{scorer}: seed {seeds[0]} ECE target {'met' if s['headline']['ece_target_met'] else 'NOT met'}, "
              f"Brier target {'met' if s['headline']['brier_target_met'] else 'NOT met'}; over {s['seeds']} splits: "
              f"ECE target met {s['seeds_meeting_ece_target']}x, Brier {s['seeds_meeting_brier_target']}x, "
              f"mean accuracy {s['mean_accuracy']:.3f}, mean ECE improvement {s['mean_ece_improvement']:+.1%}, "
              f"mean Brier improvement {s['mean_brier_improvement']:+.1%}"
              + (f"; {s['seeds_with_notes']} split(s) flagged (see notes)" if s["seeds_with_notes"] else ""))
    out = Path(args.out) if args.out else ROOT / "bench" / "results" / f"triality-{name}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({
        "model": name, "gguf": Path(args.gguf).name if args.gguf else None, "data": str(Path(args.data).relative_to(ROOT)) if Path(args.data).is_relative_to(ROOT) else args.data,
        "objective": args.objective, "device": args.device, "targets": {"ece_improvement_gt": ECE_TARGET, "brier_improvement_gt": BRIER_TARGET},
        "machine": platform.platform(), "python": platform.python_version(),
        "rows": rows, "summary": summary,
    }, indent=2) + "\n", encoding="utf-8")
    print(f"written: {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
