"""The words a person reads for the engine's names: stages, states, units, result fields (translated)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from so8t.events import unit_plural
from so8t.store.run_model import RunState, StageState


def stage_name(stage: str) -> str:
    """A stage's title (its STAGE's one English spelling) in the window's language; an unknown stage keeps its name.

    The titles reach the .ts files through resources/i18n/fill_ja.py, which reads them from the engine.
    """
    from so8t.stage_contract import stage_title

    return QCoreApplication.translate("Names", stage_title(stage))


def preset_label(name: str) -> str:
    """"12 GB CUDA card, 4-bit (rtx3060-12gb)" for a shipped preset's file name; another keeps its own name."""
    labels = {
        "rtx3060-12gb": QCoreApplication.translate("Names", "12 GB CUDA card, 4-bit (rtx3060-12gb)"),
        "cpu": QCoreApplication.translate("Names", "CPU only, full precision (cpu)"),
        "demo": QCoreApplication.translate("Names", "demo: tiny model on CPU (demo)"),
    }
    return labels.get(name, name)


def stage_state_name(state: StageState) -> str:
    names = {
        StageState.PENDING: QCoreApplication.translate("Names", "pending"),
        StageState.RUNNING: QCoreApplication.translate("Names", "running"),
        StageState.FINISHED: QCoreApplication.translate("Names", "finished"),
        StageState.SKIPPED: QCoreApplication.translate("Names", "skipped"),
        StageState.FAILED: QCoreApplication.translate("Names", "failed"),
        StageState.INTERRUPTED: QCoreApplication.translate("Names", "interrupted"),
    }
    return names[state]


def run_state_name(state: RunState) -> str:
    names = {
        RunState.PENDING: QCoreApplication.translate("Names", "not started"),
        RunState.RUNNING: QCoreApplication.translate("Names", "running"),
        RunState.FINISHED: QCoreApplication.translate("Names", "finished"),
        RunState.FAILED: QCoreApplication.translate("Names", "failed"),
        RunState.INTERRUPTED: QCoreApplication.translate("Names", "interrupted, can be resumed"),
        RunState.DAMAGED: QCoreApplication.translate("Names", "damaged, cannot be resumed"),
    }
    return names[state]


def unit_name(unit: str) -> str:
    """"samples" for a progress event's "sample", in the window's language.

    The English words are so8t.events.PROGRESS_UNITS (the CLI prints them); they are spelt out here
    because the translation tools read literal strings, and a test keeps both lists equal.
    """
    names = {
        "step": QCoreApplication.translate("Names", "steps"),
        "sample": QCoreApplication.translate("Names", "samples"),
        "layer": QCoreApplication.translate("Names", "layers"),
        "tensor": QCoreApplication.translate("Names", "tensors"),
        "shard": QCoreApplication.translate("Names", "shards"),
        "phase": QCoreApplication.translate("Names", "phases"),
        "sequence": QCoreApplication.translate("Names", "sequences"),
        "model": QCoreApplication.translate("Names", "models"),
    }
    return names.get(unit, unit_plural(unit))
