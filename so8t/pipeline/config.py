"""The pipeline's TOML config: the [run] table's options and reading the file (stage tables are
checked against each stage's config dataclass by `so8t.config.check_table`)."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from so8t.config import StageConfig
from so8t.errors import ConfigError, So8tError
from so8t.fileio import read_plain_bytes

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
