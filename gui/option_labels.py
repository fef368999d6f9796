"""What each settings field is called in the form (translated); a field not listed reads as its key with spaces."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

#: Labels by config field name, marked for translation (context "Options").
LABELS = {
    "max_steps": QT_TRANSLATE_NOOP("Options", "training steps"),
    "learning_rate": QT_TRANSLATE_NOOP("Options", "learning rate"),
    "lora_rank": QT_TRANSLATE_NOOP("Options", "LoRA rank"),
    "lora_targets": QT_TRANSLATE_NOOP("Options", "LoRA target layers"),
    "batch_size": QT_TRANSLATE_NOOP("Options", "batch size"),
    "grad_accum": QT_TRANSLATE_NOOP("Options", "gradient accumulation steps"),
    "max_length": QT_TRANSLATE_NOOP("Options", "max tokens per sample"),
    "packing": QT_TRANSLATE_NOOP("Options", "pack short samples into one row"),
    "ckpt_every_steps": QT_TRANSLATE_NOOP("Options", "checkpoint every (steps)"),
    "ckpt_every_seconds": QT_TRANSLATE_NOOP("Options", "checkpoint every (seconds)"),
    "seed": QT_TRANSLATE_NOOP("Options", "random seed"),
    "angle": QT_TRANSLATE_NOOP("Options", "random gate angle"),
    "verify": QT_TRANSLATE_NOOP("Options", "verify after baking"),
    "streaming": QT_TRANSLATE_NOOP("Options", "bake shard by shard"),
    "dtype": QT_TRANSLATE_NOOP("Options", "weight precision"),
    "out_type": QT_TRANSLATE_NOOP("Options", "GGUF precision"),
    "name": QT_TRANSLATE_NOOP("Options", "file name"),
    "modelfile": QT_TRANSLATE_NOOP("Options", "write an Ollama Modelfile"),
    "threads": QT_TRANSLATE_NOOP("Options", "threads (0: all)"),
    "text_file": QT_TRANSLATE_NOOP("Options", "perplexity text"),
    "n_ctx": QT_TRANSLATE_NOOP("Options", "context length"),
    "data": QT_TRANSLATE_NOOP("Options", "labelled data"),
    "scorer": QT_TRANSLATE_NOOP("Options", "scorer"),
    "train_fraction": QT_TRANSLATE_NOOP("Options", "training share"),
    "calibration_fraction": QT_TRANSLATE_NOOP("Options", "calibration share"),
    "epochs": QT_TRANSLATE_NOOP("Options", "epochs"),
    "weight_decay": QT_TRANSLATE_NOOP("Options", "weight decay"),
    "device": QT_TRANSLATE_NOOP("Options", "device"),
    "objective": QT_TRANSLATE_NOOP("Options", "fitted on"),
    "types": QT_TRANSLATE_NOOP("Options", "quantization types"),
}

#: Choice words shown in combo boxes (the value stays the engine's).
CHOICES = {
    True: QT_TRANSLATE_NOOP("Options", "yes"),
    False: QT_TRANSLATE_NOOP("Options", "no"),
    "default": QT_TRANSLATE_NOOP("Options", "default"),
    "whole": QT_TRANSLATE_NOOP("Options", "whole model in memory"),
    "streamed": QT_TRANSLATE_NOOP("Options", "shard by shard, layer by layer"),
    "head": QT_TRANSLATE_NOOP("Options", "trained head"),
    "verbalizer": QT_TRANSLATE_NOOP("Options", "the model's own answer words"),
    "nll": QT_TRANSLATE_NOOP("Options", "NLL"),
    "ece": QT_TRANSLATE_NOOP("Options", "ECE"),
    "cpu": QT_TRANSLATE_NOOP("Options", "CPU"),
    "cuda": QT_TRANSLATE_NOOP("Options", "GPU (CUDA)"),
    "on": QT_TRANSLATE_NOOP("Options", "on"),
    "off": QT_TRANSLATE_NOOP("Options", "off"),
}


def option_label(key: str) -> str:
    return QCoreApplication.translate("Options", LABELS.get(key, key.replace("_", " ")))


def choice_label(value: object) -> str:
    text = CHOICES.get(value) if isinstance(value, (bool, str)) else None  # type: ignore[call-overload]
    return QCoreApplication.translate("Options", text) if text else str(value)
