"""GGUF export, llama.cpp quantization and fidelity checks of baked (or any plain) HF model folders."""
