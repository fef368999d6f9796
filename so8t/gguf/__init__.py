"""GGUF export, llama.cpp quantization and fidelity checks of baked (or any plain) HF model folders."""

from so8t.gguf.stage import CHECK_STAGE, EXPORT_STAGE, QUANTIZE_STAGE

__all__ = ["CHECK_STAGE", "EXPORT_STAGE", "QUANTIZE_STAGE"]
