"""lm-evaluation-harness, offline: the task YAMLs of a local folder, on local data files, in-process on the gated model.

The harness is the optional `lm-eval` extra. Its hub and datasets downloads are switched off
(`HF_DATASETS_OFFLINE`, `HF_HUB_OFFLINE`) and only the folder's tasks are indexed (not the harness's
own thousands), so a task that names a hub data set fails by name instead of reaching the network.
"""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Any

from so8t.errors import ConfigError, DataFileError
from so8t.events import EventSink

#: The variables that keep `datasets` and the hub client off the network.
OFFLINE_ENV = {"HF_DATASETS_OFFLINE": "1", "HF_HUB_OFFLINE": "1"}


def task_names(folder: Path) -> list[str]:
    """The `task` names the folder's YAML files declare, in file order; DataFileError when there are none."""
    import yaml

    if not folder.is_dir():
        raise DataFileError(f"lm-eval task folder {folder} does not exist", "pass a folder of task YAML files")
    names = []
    for path in sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]):
        try:
            spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            raise DataFileError(f"lm-eval task file {path} cannot be read ({' '.join(str(exc).split())[:200]})",
                                "fix the YAML") from None
        if isinstance(spec, dict) and isinstance(spec.get("task"), str):
            names.append(spec["task"])
    if not names:
        raise DataFileError(f"lm-eval task folder {folder} holds no task YAML (a file with `task: NAME`)",
                            "add one; the README shows a folder for a local multiple-choice file")
    return names


def _scores(results: dict[str, Any]) -> dict[str, float | None]:
    """A task's figures as plain numbers: "acc,none" becomes "acc"; non-finite values become None."""
    out: dict[str, float | None] = {}
    for key, value in results.items():
        if key == "alias" or not isinstance(value, (int, float)) or isinstance(value, bool):
            continue
        name = key.removesuffix(",none")
        out[name] = float(value) if math.isfinite(value) else None
    return out


def run_lm_eval_tasks(folder: str | os.PathLike[str], model: Any, tokenizer: Any, *, batch_size: int = 8,
                      limit: int | None = None, seed: int = 0, events: EventSink | None = None) -> dict[str, Any]:
    """Run the folder's tasks on `model` (an HF model, the gated policy) with the harness; its scores per task."""
    os.environ.update(OFFLINE_ENV)
    try:
        import lm_eval
        from lm_eval.models.huggingface import HFLM
        from lm_eval.tasks import TaskManager
    except ImportError:
        raise ConfigError("--lm-eval-tasks needs lm-evaluation-harness, which is not installed",
                          "install the extra: pip install 'so8t[lm-eval]'") from None
    import datasets.config

    # `datasets` reads the variables when first imported: one imported earlier in this process is told too.
    datasets.config.HF_DATASETS_OFFLINE = datasets.config.HF_HUB_OFFLINE = True
    folder = Path(folder)
    names = task_names(folder)
    if events is not None:
        events.log(f"evaluate: lm-eval tasks {', '.join(names)} from {folder}")
    manager = TaskManager(include_path=str(folder), include_defaults=False)
    lm = HFLM(pretrained=model, tokenizer=tokenizer, batch_size=batch_size)
    results = lm_eval.simple_evaluate(model=lm, tasks=names, task_manager=manager, limit=limit, log_samples=False,
                                      bootstrap_iters=0, random_seed=seed, numpy_random_seed=seed,
                                      torch_random_seed=seed, fewshot_random_seed=seed)
    if results is None:
        raise ConfigError("lm-eval returned no results", "run it in the main process")
    return {"folder": str(folder), "tasks": {name: _scores(results["results"].get(name, {})) for name in names},
            "n_samples": {name: (results.get("n-samples") or {}).get(name, {}).get("effective") for name in names}}
