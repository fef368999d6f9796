"""The pipeline's TOML config: the [run] table's options, reading the file (stage tables are
checked against each stage's config dataclass by `so8t.config.check_table`), and writing one from
the window's settings."""

from __future__ import annotations

import json
import os
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from so8t.config import StageConfig
from so8t.errors import ConfigError, So8tError
from so8t.fileio import read_plain_bytes
from so8t.store.layout import WorkspaceLayout

RUN_TABLE = "run"
#: The run id adds 21 characters to the name; with room for the workspace path, a folder name stays
#: far below the 255 bytes file systems allow (a 300-character name failed as "not writable").
MAX_RUN_NAME = 64


@dataclass
class RunOptions(StageConfig):
    """The [run] table."""

    name: str = field(default="run", metadata={"help": "prefix of the run id"})
    stages: list[str] | None = field(default=None, metadata={"help": "stages to run, in pipeline order (default: all)"})
    workspace: str | None = field(default=None, metadata={"help": "workspace folder (`--workspace` wins)",
                                                          "path": True})
    preset: str | None = field(default=None, metadata={
        "help": "preset from resources/presets/ whose values the stage tables start from "
                "(default: rtx3060-12gb with CUDA, cpu without)"})

    def validate(self) -> None:
        if len(self.name) > MAX_RUN_NAME:
            raise ConfigError(f"[run] name is {len(self.name)} characters long, more than {MAX_RUN_NAME}",
                              f"give a name of at most {MAX_RUN_NAME} characters")


def read_toml(path: str | os.PathLike[str]) -> dict[str, Any]:
    """A TOML file as a dict; a ConfigError naming the file and line if it is not valid TOML."""
    path = Path(path)
    try:
        raw = read_plain_bytes(path, what="config")  # a FIFO or /dev/zero as the config is refused
        # A UTF-8 byte-order mark (Windows editors add one) is not part of the text.
        return tomllib.loads(raw.decode("utf-8-sig"))
    except FileNotFoundError:
        raise ConfigError(f"config {path} does not exist", "pass the path of a .toml pipeline config") from None
    except IsADirectoryError:
        raise ConfigError(f"config {path} is a folder", "pass the path of a .toml pipeline config") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config {path} is not valid TOML ({exc})", "fix the syntax at the place named") from None
    except UnicodeDecodeError:
        raise ConfigError(f"config {path} is not UTF-8 text", "save it as UTF-8") from None
    except OSError as exc:
        raise ConfigError(f"config {path} cannot be read ({exc.strerror or exc})",
                          "give yourself read permission on it") from None
    except So8tError as exc:
        raise ConfigError(exc.message, "pass the path of a .toml pipeline config") from None


def toml_value(value: Any) -> str:
    """A TOML literal for the scalar and list values a settings form produces."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)  # a JSON string is a valid TOML basic string


def toml_text(tables: dict[str, dict[str, Any]]) -> str:
    """The text of a pipeline config with these tables (None values left out)."""
    lines = ["# Written by the SO8T Control Panel; `so8t run --config` runs it the same way."]
    for table, values in tables.items():
        lines.append(f"\n[{table}]")
        lines.extend(f"{key} = {toml_value(value)}" for key, value in values.items() if value is not None)
    return "\n".join(lines) + "\n"


def settings_tables(values: dict[str, Any], *, every_stage: bool) -> dict[str, dict[str, Any]]:
    """The TOML tables of a new run from the window's settings (`SettingsForm.values()`), over the chosen
    preset (the demo's for the demo model); `every_stage` False: [run] stages names the ones switched on."""
    v = values
    if v["demo"]:
        from so8t.demo import demo_tables

        tables: dict[str, dict[str, Any]] = demo_tables()
    else:
        tables = {RUN_TABLE: {"name": Path(v["model"]).name or "run"}}
    tables[RUN_TABLE] = {**tables.get(RUN_TABLE, {}), "preset": v["preset"]}
    train = {**tables.get("train", {}), **v["train"]}
    if v["model"]:
        train["model"] = v["model"]
    if v["data"]:
        train["data"] = v["data"]
    tables["train"] = train
    tables["quantize"] = {**tables.get("quantize", {}), "types": [v["quant_type"]]}
    for stage, options in v["stages"].items():
        tables[stage] = {**tables.get(stage, {}), **options}
    if not every_stage:
        # Stages switched off are skipped: the run names the ones it goes through.
        tables[RUN_TABLE] = {**tables.get(RUN_TABLE, {}), "stages": v["run_stages"]}
    return tables


def write_run_config(workspace: str | os.PathLike[str], tables: dict[str, dict[str, Any]]) -> Path:
    """Write a new run's config into the workspace's configs/ folder (named by the time); its path."""
    configs = WorkspaceLayout(Path(workspace)).configs
    configs.mkdir(parents=True, exist_ok=True)
    path = configs / f"run-{time.strftime('%Y%m%d-%H%M%S')}.toml"
    path.write_text(toml_text(tables), encoding="utf-8")
    return path
