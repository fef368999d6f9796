"""Presets: TOML files in resources/presets/ that set stage options for a kind of machine or run.

A preset is shaped like a pipeline config (one table per stage) plus a [preset] table with its
description. Its values sit between the stage configs' own defaults and what a config file, a
flag or the window sets (docs/architecture.md, "Configs, flags and presets").
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from so8t.errors import ConfigError
from so8t.resources import RESOURCES_DIR

PRESETS_DIR = RESOURCES_DIR / "presets"
#: What `so8t train` and a pipeline run use when they name no preset: by whether CUDA is present.
CUDA_PRESET = "rtx3060-12gb"
CPU_PRESET = "cpu"
DEMO_PRESET = "demo"
#: The table of a preset file that describes the preset itself (not a stage).
PRESET_TABLE = "preset"


@dataclass(frozen=True)
class Preset:
    """One preset file: its name, description and stage tables (paths relative to `folder`)."""

    name: str
    path: Path
    description: str
    tables: dict[str, dict[str, Any]]

    @property
    def folder(self) -> Path:
        return self.path.parent

    def table(self, stage: str) -> dict[str, Any]:
        return dict(self.tables.get(stage, {}))


def preset_names() -> list[str]:
    """The presets shipped in resources/presets/, by name."""
    return sorted(p.stem for p in PRESETS_DIR.glob("*.toml"))


def load_preset(name: str) -> Preset:
    """A preset by name (`rtx3060-12gb`) or by the path of a .toml file; a ConfigError lists the known ones."""
    candidate = Path(name).expanduser()
    path = candidate if candidate.suffix == ".toml" and candidate.is_file() else PRESETS_DIR / f"{name}.toml"
    if not path.is_file():
        raise ConfigError(f"unknown preset '{name}'", f"use one of: {', '.join(preset_names())}, or a .toml file")
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"preset {path} is not valid TOML ({exc})", "fix the syntax at the place named") from None
    meta = raw.pop(PRESET_TABLE, {})
    for key, value in raw.items():
        if not isinstance(value, dict):
            raise ConfigError(f"preset {path}: '{key}' must be a table ([{key}])", "put settings under a stage table")
    description = str(meta.get("description", "")) if isinstance(meta, dict) else ""
    return Preset(name=path.stem, path=path, description=description, tables=raw)


def machine_preset_name(cuda: bool | None = None) -> str:
    """The preset for this machine: rtx3060-12gb with CUDA, cpu without (`cuda=None`: ask torch)."""
    if cuda is None:
        cuda = cuda_available()
    return CUDA_PRESET if cuda else CPU_PRESET


def cuda_available() -> bool:
    """Whether torch sees a CUDA device (imports torch: for the CLI and the stages, not the window)."""
    import torch

    return bool(torch.cuda.is_available())


def nvidia_gpu_present() -> bool:
    """Whether NVML sees an NVIDIA GPU, without importing torch (for the window's default preset)."""
    try:
        import pynvml  # nvidia-ml-py

        pynvml.nvmlInit()
        try:
            return pynvml.nvmlDeviceGetCount() > 0
        finally:
            pynvml.nvmlShutdown()
    except Exception:  # noqa: BLE001 - no driver, no library, no GPU: all mean "no CUDA preset"
        return False
