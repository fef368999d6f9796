"""`so8t compare RUN RUN … [--pdf FILE]`: runs side by side: curves, the settings that differ, evaluation tables."""

from __future__ import annotations

import argparse

from so8t.resources import LANGUAGES

NAME = "compare"
HELP = "compare runs: their curves overlaid, the stage settings that differ, their evaluation tables side by side"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("runs", metavar="RUN", nargs="+", help="two or more run folders, or run ids as `so8t runs` prints them")
    parser.add_argument("--pdf", metavar="FILE", help="also write the comparison as a PDF (X.pdf, relative to the working folder)")
    parser.add_argument("--force", action="store_true", help="replace the --pdf file if it exists")
    parser.add_argument("--lang", choices=LANGUAGES, default="en",
                        help="language of the PDF's text: en or ja (default: en), as `so8t report --lang`; run ids, "
                             "option names and values stay as the runs hold them")
    parser.add_argument("--workspace", help="workspace folder, to find runs by id (default: the user data folder)")


def run(args: argparse.Namespace, events):
    from dataclasses import asdict
    from pathlib import Path

    from so8t.cli import CommandOutput
    from so8t.compare.evaluation import ab_rows, evaluation_cells
    from so8t.compare.gather import compare_runs
    from so8t.compare.report import setting_text, write_comparison_pdf
    from so8t.store.runs import run_folder

    comparison = compare_runs([run_folder(ref, args.workspace) for ref in args.runs])
    lines = ["runs: " + ", ".join(r.id for r in comparison.runs)]
    if comparison.differences:
        lines.append("settings that differ:")
        lines += [f"  {d.stage}.{d.option}: " + " | ".join(setting_text(v) for v in d.values)
                  for d in comparison.differences]
    else:
        lines.append("every stage ran with the same settings")
    for run in comparison.runs:
        final = {curve: stages[next(iter(stages))][-1][1] for curve, stages in run.curves.items() if stages}
        lines.append(f"{run.id}: " + (", ".join(f"final {k} {v:.4g}" for k, v in final.items()) or "no curves"))
        if run.evaluation:
            lines += ["  " + "  ".join(cells) for cells in evaluation_cells(run.evaluation)[1]]
        else:
            lines.append("  no evaluation" + (f" ({run.evaluation_problem})" if run.evaluation_problem else ""))
    result = {
        "runs": [{"id": r.id, "path": r.path, "evaluation": None if r.evaluation is None else
                  [asdict(row) for row in ab_rows(r.evaluation)]} for r in comparison.runs],
        "differences": [{"stage": d.stage, "option": d.option, "values": list(d.values)} for d in comparison.differences],
    }
    if args.pdf:
        written = write_comparison_pdf(comparison, Path(args.pdf).expanduser().absolute(), force=args.force,
                                       language=args.lang)
        result["pdf"] = written.pdf
        lines.append(f"wrote {written.pdf}: {written.pages} pages")
    return CommandOutput(result, text="\n".join(lines))
