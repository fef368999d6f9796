"""What the settings form offers and checks, read from the engine so the form says what `so8t` would.

The quantize types and their default come from the quantize config, the demo's data file from the demo
preset, and a data file's check is the training stage's own loader check. Torch-free until called.
"""

from __future__ import annotations

from pathlib import Path

from so8t.presets import DEMO_PRESET


def quant_type_choices() -> tuple[str, ...]:
    """The quantize types the form offers: the config's choices, `auto` (its default) first."""
    from so8t.config import field_spec
    from so8t.gguf.config import QuantizeConfig

    return field_spec(QuantizeConfig, "quant_type").choices or ()


def default_quant_type() -> str:
    """The quantize type the form starts on: the first of the config's default types."""
    from so8t.config import field_spec
    from so8t.gguf.config import QuantizeOptions

    return field_spec(QuantizeOptions, "types").default[0]


def demo_train_data() -> str:
    """The SFT file the demo trains on: the demo preset's `[train] data`, relative to the preset's folder."""
    from so8t.presets import load_preset

    preset = load_preset(DEMO_PRESET)
    data = preset.table("train").get("data")
    return str((preset.folder / str(data)).resolve()) if data else ""


def check_data_file(path: str | Path) -> None:
    """Raise a DataFileError naming the file and line if the SFT data cannot be read.

    Uses the training stage's own loader check, so the form says exactly what `so8t train` would.
    """
    from so8t.train.data import read_sft_file

    read_sft_file(path)
