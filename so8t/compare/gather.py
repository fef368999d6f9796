"""What a comparison of runs shows, read from their folders: curves by training stage, the stage options
that differ, and each run's evaluation table (no Qt, no plotting)."""

from __future__ import annotations

import dataclasses
import json
import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from so8t.compare.evaluation import evaluation_record
from so8t.config import fields_of
from so8t.errors import RecordError, RunError, So8tError
from so8t.fileio import read_plain_bytes
from so8t.stage_contract import all_stages
from so8t.store.curves import stage_metric_series
from so8t.store.event_log import read_events
from so8t.store.layout import TRAINING_STAGES, RunLayout
from so8t.store.metric_names import KL_METRICS, LOSS_METRICS, REWARD_METRICS, Metrics

#: The curves a comparison overlays, each from the first metric name found (older runs used other names).
CURVES: dict[str, tuple[str, ...]] = {
    "loss": LOSS_METRICS,
    "kl": KL_METRICS,
    "reward": REWARD_METRICS,
    "tokens_per_s": (Metrics.TOKENS_PER_S,),
}
#: run.json's own table: what the run is called and which stages it ran, not how a stage ran.
RUN_TABLE = "run"
#: Options that name where a stage writes (not how it runs): never a difference between runs.
OUTPUT_OPTIONS = ("out", "tensorboard")
#: At least this many runs make a comparison.
MIN_RUNS = 2


@dataclass
class ComparedRun:
    """One run of a comparison."""

    id: str
    path: str
    #: {curve: {stage: [(step, value), …]}}, finite values only (a plot has no place for NaN).
    curves: dict[str, dict[str, list[tuple[float, float]]]]
    #: {stage: {option: value}}: every option the stage ran with (defaults filled in), paths inside the
    #: run taken relative to it.
    config: dict[str, dict[str, Any]]
    #: The evaluation record (its `ab` rows are the A/B table); None: the run has no evaluation.
    evaluation: Any | None
    #: Why the evaluation could not be read ("" when it could, or when there is none).
    evaluation_problem: str = ""


@dataclass(frozen=True)
class ConfigDifference:
    """One stage option that differs between the runs: its value in each run, in the runs' order (None: unset)."""

    stage: str
    option: str
    values: tuple[Any, ...]


@dataclass
class Comparison:
    runs: list[ComparedRun]
    differences: list[ConfigDifference] = field(default_factory=list)


def _run_record(layout: RunLayout) -> dict[str, Any] | None:
    """run.json through its one reader; None where it is missing or damaged (a comparison shows what exists)."""
    from so8t.store.runs import read_run_record

    if not layout.run_json.is_file():
        return None
    try:
        return read_run_record(layout.run_json)
    except So8tError:
        return None


def _config_file(path: Path) -> Any:
    """A training stage's saved config (JSON the session wrote); None where it is missing or unreadable."""
    from so8t.jsonl import decode_line, parse_json_text

    try:
        return parse_json_text(decode_line(read_plain_bytes(path, what="training config", follow_links=False),
                                           str(path), first=True), str(path))
    except (OSError, So8tError):
        return None


def _series(run_dir: str | os.PathLike[str]) -> dict[tuple[str, str], list[tuple[float, float]]]:
    layout = RunLayout(run_dir)
    return stage_metric_series(read_events(layout.events)) if layout.events.is_file() else {}


def training_curves(run_dir: str | os.PathLike[str]) -> dict[str, dict[str, list[tuple[float, float]]]]:
    """The run's CURVES as {curve: {stage: [(step, value), …]}} (finite values, a redone step's later value)."""
    return _curves(_series(run_dir))


def final_figures(run_dir: str | os.PathLike[str]) -> dict[str, dict[str, tuple[float, float]]]:
    """Each training stage's last (step, value) of each curve: {stage: {"loss": (step, value), "kl": …}}."""
    out: dict[str, dict[str, tuple[float, float]]] = {}
    for curve, by_stage in training_curves(run_dir).items():
        for stage, points in by_stage.items():
            out.setdefault(stage, {})[curve] = points[-1]
    return {stage: out[stage] for stage in sorted(out, key=_stage_order)}


def _stage_order(stage: str) -> tuple[int, str]:
    return (TRAINING_STAGES.index(stage), "") if stage in TRAINING_STAGES else (len(TRAINING_STAGES), stage)


def checkpoint_losses(run_dir: str | os.PathLike[str]) -> dict[tuple[str, int], float]:
    """The training loss logged at each step of each training stage, {(stage, step): loss}, non-finite
    included (a checkpoint after a diverged step says so): the loss a checkpoint was written at."""
    series = _series(run_dir)
    out: dict[tuple[str, int], float] = {}
    for stage in {s for s, _ in series}:
        name = next((n for n in LOSS_METRICS if (stage, n) in series), None)
        if name is not None:
            out.update({(stage, int(x)): y for x, y in series[(stage, name)]})
    return out


def _curves(series: dict[tuple[str, str], list[tuple[float, float]]]) -> dict[str, dict[str, list[tuple[float, float]]]]:
    curves: dict[str, dict[str, list[tuple[float, float]]]] = {}
    stages = list(TRAINING_STAGES) + sorted({s for s, _ in series if s not in TRAINING_STAGES})
    for curve, names in CURVES.items():
        for stage in stages:
            for name in names:
                points = [(x, y) for x, y in series.get((stage, name), []) if math.isfinite(y)]
                if points:
                    curves.setdefault(curve, {})[stage] = points
                    break
    return curves


def _comparable(value: Any, spec_path: bool, layout: RunLayout) -> Any:
    """A value as two runs compare it: a path inside the run relative to it, lists as lists."""
    if isinstance(value, tuple):
        value = list(value)
    if spec_path and isinstance(value, str) and value and layout.inside(layout.resolve(value)):
        return layout.relative(layout.resolve(value))
    return value


def stage_settings(run_dir: str | os.PathLike[str]) -> dict[str, dict[str, Any]]:
    """Every stage's options as the run ran them: run.json's tables over each stage's defaults, and a
    training stage's own config file (complete) over both. Paths inside the run are made relative to it."""
    layout = RunLayout(run_dir)
    run_json = _run_record(layout)
    tables = (run_json or {}).get("config") if isinstance(run_json, dict) else None
    tables = {k: v for k, v in (tables or {}).items() if isinstance(v, dict)}
    stages = all_stages()
    names = [n for n in stages if n in tables or (n in TRAINING_STAGES and layout.training_config(n).is_file())]
    out: dict[str, dict[str, Any]] = {}
    for name in names:
        stage = stages[name]
        specs = {}
        try:
            cls = stage.config_class()
            specs = {spec.name: spec for spec in fields_of(cls)} if cls is not None else {}
        except Exception:  # noqa: BLE001 - a stage whose config cannot load (a missing extra): its table as written
            specs = {}
        values: dict[str, Any] = {k: spec.default for k, spec in specs.items() if spec.default is not dataclasses.MISSING}
        values.update(tables.get(name, {}))
        if name in TRAINING_STAGES:
            saved = _config_file(layout.training_config(name))
            if isinstance(saved, dict):
                values.update(saved)
        out[name] = {key: _comparable(value, bool(getattr(specs.get(key), "path", False)), layout)
                     for key, value in values.items() if key not in OUTPUT_OPTIONS}
    for name, table in tables.items():  # tables of no stage this installation knows, and the run's own
        if name not in out:
            out[name] = {k: v for k, v in table.items() if not (name == RUN_TABLE and k == "name")}
    return out


def config_differences(configs: list[dict[str, dict[str, Any]]]) -> list[ConfigDifference]:
    """The stage options whose values are not the same in every run (a stage one run lacks shows None there)."""
    stages: list[str] = []
    for config in configs:
        stages += [s for s in config if s not in stages]
    rows = []
    for stage in stages:
        options: list[str] = []
        for config in configs:
            options += [o for o in config.get(stage, {}) if o not in options]
        for option in options:
            values = tuple(config.get(stage, {}).get(option) for config in configs)
            if any(_same_json(v) != _same_json(values[0]) for v in values[1:]):
                rows.append(ConfigDifference(stage, option, values))
    return rows


def _same_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def compared_run(run_dir: str | os.PathLike[str]) -> ComparedRun:
    """One run as a comparison shows it; a folder that is not a run is a RunError naming it."""
    run_dir = Path(run_dir)
    layout = RunLayout(run_dir)
    if not run_dir.is_dir():
        raise RunError(f"run folder {run_dir} does not exist", "pass run folders or ids as `so8t runs` lists them")
    if not any(p.exists() for p in (layout.run_json, layout.events, layout.train_config)):
        raise RunError(f"{run_dir} is not a run (no {layout.run_json.name}, {layout.events.name} or "
                       f"{layout.train_config.name})", "pass run folders or ids as `so8t runs` lists them")
    run_json = _run_record(layout)
    problem = ""
    try:
        evaluation = evaluation_record(run_dir)
    except RecordError as exc:
        evaluation, problem = None, exc.one_line()
    return ComparedRun(id=str((run_json or {}).get("id") or run_dir.name) if isinstance(run_json, dict) else run_dir.name,
                       path=str(run_dir.resolve()), curves=training_curves(run_dir), config=stage_settings(run_dir),
                       evaluation=evaluation, evaluation_problem=problem)


def compare_runs(run_dirs: list[str | os.PathLike[str]]) -> Comparison:
    """Two or more runs side by side."""
    if len(run_dirs) < MIN_RUNS:
        raise RunError(f"a comparison needs at least {MIN_RUNS} runs, got {len(run_dirs)}", "name two or more runs")
    runs = [compared_run(d) for d in run_dirs]
    return Comparison(runs=runs, differences=config_differences([r.config for r in runs]))
