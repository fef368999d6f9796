"""GGUF file names in a run (through RunLayout) and the checks every GGUF output path goes through."""

from __future__ import annotations

import os
from pathlib import Path

from so8t.errors import OutputPathError
from so8t.store.layout import RunLayout


def type_label(out_type: str) -> str:
    """How a type appears in file names: float types lower case (f16), quant types upper case (Q5_K_M)."""
    t = out_type.strip()
    return t.lower() if t.lower() in ("f16", "bf16", "f32") else t.upper()


def run_gguf_path(run_dir: str | os.PathLike[str], name: str, out_type: str) -> Path:
    """RUN/gguf/<name>-<TYPE>.gguf, the name the pipeline gives each GGUF."""
    return RunLayout(run_dir).gguf(name, type_label(out_type))




def check_output_file(out: str | os.PathLike[str], *, force: bool = False) -> Path:
    """Refuse an output path that is a folder, exists (unless `force`) or cannot be written."""
    out = Path(out)
    if out.is_dir():
        raise OutputPathError(f"output {out} is a folder", "pass a file path such as model-f16.gguf")
    if out.exists() and not force:
        raise OutputPathError(f"output file {out} exists", "pick a new file name or pass --force to replace it")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputPathError(
            f"output folder {out.parent} cannot be created ({exc.strerror or exc})", "pick a folder you can write to"
        ) from exc
    if not os.access(out.parent, os.W_OK):
        raise OutputPathError(f"output folder {out.parent} is not writable", "pick a folder you can write to")
    return out


def temp_path_beside(out: Path) -> Path:
    """A hidden temp name next to `out`: written first, renamed onto `out` only when complete."""
    return out.with_name(f".{out.name}.{os.getpid()}.partial")
