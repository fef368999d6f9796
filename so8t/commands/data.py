"""`so8t data`: prepare data files (common chat, pair, prompt and labelled shapes) into RUN/data/ for training."""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path
from typing import Any

from so8t.cli import CommandOutput
from so8t.commands._flags import add_config_flags, add_max_line_flag, apply_max_line_flag, flag_values
from so8t.data.config import DROPPABLE_BUCKETS, DataConfig
from so8t.errors import OutputPathError
from so8t.events import EventSink

NAME = "data"
HELP = "prepare data files: import (JSONL, JSON, CSV, TSV, Parquet, datasets folders), clean, dedupe, measure, split"
#: Flags this command spells itself (positional files; repeated structured items).
OWN = ("files", "map", "drop")


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_max_line_flag(p)
    p.add_argument("files", nargs="+", metavar="FILE", help="data files or saved dataset folders, of one kind")
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--out", metavar="RUN", help="a new run folder that holds only the prepared data")
    where.add_argument("--run", metavar="RUN", help="an existing run (folder or id) to add the prepared data to")
    p.add_argument("--workspace", help="workspace folder, to find --run RUN by id")
    p.add_argument("--map", action="append", default=[], metavar="FIELD=COLUMN",
                   help="read COLUMN as FIELD in every file (repeat it: --map prompt=question --map answer=output)")
    p.add_argument("--drop", action="append", default=[], choices=DROPPABLE_BUCKETS, type=str.upper,
                   help="with --label-with: move this safety bucket out of the SFT files (repeat it)")
    add_config_flags(p, DataConfig, skip=OWN)


def _run_defaults(run_dir: Path) -> dict[str, Any]:
    """The model and max_length the run trains with (its train_config.json, else its run.json), where known."""
    from so8t.store.layout import RunLayout
    from so8t.store.runs import read_run_record

    layout = RunLayout(run_dir)
    table: dict[str, Any] = {}
    if layout.train_config.is_file():
        from so8t.train.config import saved_train_table

        table = saved_train_table(layout.train_config)
    elif layout.run_json.is_file():
        table = (read_run_record(layout.run_json).get("config") or {}).get("train") or {}
    return {"model": table.get("model"), "max_length": table.get("max_length")} if isinstance(table, dict) else {}


def run(args: argparse.Namespace, events: EventSink) -> CommandOutput:
    apply_max_line_flag(args)
    from so8t.data.prepare import prepare_data

    values = flag_values(args, DataConfig, skip=OWN)
    values.update(files=[str(Path(f)) for f in args.files], map=list(args.map), drop=list(args.drop))
    config = DataConfig.from_dict(values, source="data options")
    if args.run:
        from so8t.store.runs import run_folder

        run_dir = run_folder(args.run, args.workspace)
        if not run_dir.is_dir():
            from so8t.errors import RunError

            raise RunError(f"--run {run_dir} is not a run folder", "pass a folder from `so8t runs`, or make a new "
                                                                 "run with --out RUN")
        defaults = _run_defaults(run_dir)
        created = False
    else:
        run_dir = Path(args.out)
        if run_dir.exists() and (not run_dir.is_dir() or any(run_dir.iterdir())):
            raise OutputPathError(f"--out {run_dir} is not a new or empty folder",
                                  f"pick a new folder, or add the data to that run with --run {run_dir}")
        # A refusal removes the folder this command made: nothing is left behind (the files are read once).
        defaults, created = {}, not run_dir.exists()
    try:
        record = prepare_data(config, run_dir, events, model=defaults.get("model"),
                              max_length=defaults.get("max_length"))
    except BaseException:
        if created:
            shutil.rmtree(run_dir, ignore_errors=True)
        raise
    from so8t.data.stage import STAGE
    from so8t.store.layout import RunLayout

    result = record.to_dict()
    result["run"] = str(run_dir)
    return CommandOutput(result=result, text=f"{STAGE.summary(result)}\nwritten: {RunLayout(run_dir).data_dir}")
