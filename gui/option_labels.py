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
    "files": QT_TRANSLATE_NOOP("Options", "data files"),
    "map": QT_TRANSLATE_NOOP("Options", "column mapping (FIELD=COLUMN)"),
    "val_share": QT_TRANSLATE_NOOP("Options", "validation share"),
    "keep_duplicates": QT_TRANSLATE_NOOP("Options", "keep duplicates"),
    "near_threshold": QT_TRANSLATE_NOOP("Options", "near-duplicate threshold (Jaccard)"),
    "thinking_format": QT_TRANSLATE_NOOP("Options", "convert to thinking format"),
    "label_with": QT_TRANSLATE_NOOP("Options", "safety labels from run"),
    "review_below": QT_TRANSLATE_NOOP("Options", "review below (top probability)"),
    "drop": QT_TRANSLATE_NOOP("Options", "hold out safety buckets"),
    "models": QT_TRANSLATE_NOOP("Options", "models compared"),
    "max_new_tokens": QT_TRANSLATE_NOOP("Options", "new tokens per answer"),
    "bootstrap_resamples": QT_TRANSLATE_NOOP("Options", "bootstrap resamples"),
    "lm_eval_tasks": QT_TRANSLATE_NOOP("Options", "lm-eval task folder"),
    "lm_eval_limit": QT_TRANSLATE_NOOP("Options", "items per lm-eval task"),
    # The rest of the training options (a run's settings on the Settings page show every one).
    "model": QT_TRANSLATE_NOOP("Options", "model folder"),
    "gate_learning_rate": QT_TRANSLATE_NOOP("Options", "gate learning rate"),
    "warmup_steps": QT_TRANSLATE_NOOP("Options", "warm-up steps"),
    "min_lr_ratio": QT_TRANSLATE_NOOP("Options", "final learning rate (share of the peak)"),
    "lora_alpha": QT_TRANSLATE_NOOP("Options", "LoRA alpha"),
    "lora_dropout": QT_TRANSLATE_NOOP("Options", "LoRA dropout"),
    "max_grad_norm": QT_TRANSLATE_NOOP("Options", "gradient norm clip"),
    "alpha_warmup_steps": QT_TRANSLATE_NOOP("Options", "gate α frozen for (steps)"),
    "pet_lambdas": QT_TRANSLATE_NOOP("Options", "PET λ per phase"),
    "pet_phase_ends": QT_TRANSLATE_NOOP("Options", "PET phase ends"),
    "optimizer": QT_TRANSLATE_NOOP("Options", "optimizer"),
    "quantize": QT_TRANSLATE_NOOP("Options", "base weights"),
    "compute_dtype": QT_TRANSLATE_NOOP("Options", "compute precision"),
    "deterministic": QT_TRANSLATE_NOOP("Options", "deterministic algorithms"),
    "gradient_checkpointing": QT_TRANSLATE_NOOP("Options", "gradient checkpointing"),
    "keep": QT_TRANSLATE_NOOP("Options", "checkpoints kept"),
    "kl_every_steps": QT_TRANSLATE_NOOP("Options", "KL probe every (steps)"),
    "kl_probe_samples": QT_TRANSLATE_NOOP("Options", "KL probe samples"),
    "upcast_fp32": QT_TRANSLATE_NOOP("Options", "embeddings and norms in fp32"),
    "offload_activations": QT_TRANSLATE_NOOP("Options", "offload activations to CPU"),
    "fast_kernels": QT_TRANSLATE_NOOP("Options", "fused kernels"),
    "nproc": QT_TRANSLATE_NOOP("Options", "training processes"),
    "cuda_memory_limit_gb": QT_TRANSLATE_NOOP("Options", "GPU memory cap (GB)"),
    "tensorboard": QT_TRANSLATE_NOOP("Options", "TensorBoard folder"),
    # data drops a sample with malformed thinking tags; training refuses its file
    "strict_thinking": QT_TRANSLATE_NOOP("Options", "strict thinking-tag check"),
    # The demo's pretraining of its tiny model.
    "corpus": QT_TRANSLATE_NOOP("Options", "text corpus"),
    "extra_corpus": QT_TRANSLATE_NOOP("Options", "extra corpus"),
    "tokenizer": QT_TRANSLATE_NOOP("Options", "tokenizer"),
    "model_type": QT_TRANSLATE_NOOP("Options", "model family"),
    "hidden_size": QT_TRANSLATE_NOOP("Options", "hidden size"),
    "layers": QT_TRANSLATE_NOOP("Options", "layers"),
    "steps": QT_TRANSLATE_NOOP("Options", "steps"),
    "seq_len": QT_TRANSLATE_NOOP("Options", "tokens per sequence"),
    "lr": QT_TRANSLATE_NOOP("Options", "learning rate"),
    # run.json's own table.
    "preset": QT_TRANSLATE_NOOP("Options", "preset"),
    "stages": QT_TRANSLATE_NOOP("Options", "stages"),
    # the align stage (so8t/align/config.py)
    "method": QT_TRANSLATE_NOOP("Options", "method"),
    "reward": QT_TRANSLATE_NOOP("Options", "reward functions"),
    "train": QT_TRANSLATE_NOOP("Options", "what is trained"),
    "fresh_adapters": QT_TRANSLATE_NOOP("Options", "new adapters on top of the frozen ones"),
    "beta": QT_TRANSLATE_NOOP("Options", "β (DPO temperature, GRPO KL weight)"),
    "loss": QT_TRANSLATE_NOOP("Options", "DPO loss"),
    "prompts_per_step": QT_TRANSLATE_NOOP("Options", "prompts per step"),
    "generations": QT_TRANSLATE_NOOP("Options", "completions per prompt"),
    "temperature": QT_TRANSLATE_NOOP("Options", "sampling temperature"),
    "top_p": QT_TRANSLATE_NOOP("Options", "nucleus sampling mass (top-p)"),
    "max_completion_tokens": QT_TRANSLATE_NOOP("Options", "max tokens per completion"),
    "updates_per_rollout": QT_TRANSLATE_NOOP("Options", "updates per rollout"),
    "clip_epsilon": QT_TRANSLATE_NOOP("Options", "clip range ε"),
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
    # the align stage's choices
    "dpo": QT_TRANSLATE_NOOP("Options", "DPO (preference pairs)"),
    "grpo": QT_TRANSLATE_NOOP("Options", "GRPO (sampled groups, rewards)"),
    "adapters": QT_TRANSLATE_NOOP("Options", "LoRA adapters"),
    "gates": QT_TRANSLATE_NOOP("Options", "SO(8) gates"),
    "both": QT_TRANSLATE_NOOP("Options", "adapters and gates"),
    "sigmoid": QT_TRANSLATE_NOOP("Options", "sigmoid (DPO)"),
    "ipo": QT_TRANSLATE_NOOP("Options", "IPO"),
    "none": QT_TRANSLATE_NOOP("Options", "full precision"),
    "on": QT_TRANSLATE_NOOP("Options", "on"),
    "off": QT_TRANSLATE_NOOP("Options", "off"),
    "basic": QT_TRANSLATE_NOOP("Options", "basic (<think>, <final>)"),
    "four-section": QT_TRANSLATE_NOOP("Options", "four sections (task, safety, policy, final)"),
}


def option_label(key: str) -> str:
    return QCoreApplication.translate("Options", LABELS.get(key, key.replace("_", " ")))


def choice_label(value: object) -> str:
    text = CHOICES.get(value) if isinstance(value, (bool, str)) else None  # type: ignore[call-overload]
    return QCoreApplication.translate("Options", text) if text else str(value)
