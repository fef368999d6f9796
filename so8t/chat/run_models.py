"""The models of a run that a chat can load: its GGUF files, its baked model and the model it started from."""

from __future__ import annotations

from pathlib import Path

from so8t.store.layout import BAKED_DIR, BASE_MODEL_DIR, GGUF_DIR, RunLayout


def run_models(run_dir: str | Path | None) -> list[tuple[str, str, str]]:
    """(label, path, kind) of the models a run holds: its GGUF files, then baked/ and the base model."""
    if not run_dir:
        return []
    layout = RunLayout(run_dir)
    found = [(f"{GGUF_DIR}/{p.name}", str(p), "gguf") for p in layout.gguf_files()]
    for name, folder in ((BAKED_DIR, layout.baked), (BASE_MODEL_DIR, layout.base_model)):
        if is_model_folder(folder):
            found.append((f"{name}/", str(folder), "model"))
    return found


def is_model_folder(path: str | Path) -> bool:
    return (Path(path) / "config.json").is_file()


def base_model_of(run_dir: str | Path | None) -> tuple[str, str] | None:
    """(path, kind) of the model the run started from: its train stage's model, else the demo's base_model/."""
    if not run_dir:
        return None
    from so8t.errors import So8tError
    from so8t.store.runs import Run

    try:
        config = Run.open(run_dir).config
    except So8tError:
        config = {}
    source = (config.get("train") or {}).get("model")
    if source and is_model_folder(source):
        return source, "model"
    base = RunLayout(run_dir).base_model
    return (str(base), "model") if is_model_folder(base) else None
