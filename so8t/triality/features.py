"""Load an HF model and its tokenizer for scoring, and mean-pool its final hidden states over each text."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from so8t.errors import ConfigError, ModelFolderError
from so8t.events import EventSink

DEVICES = ("auto", "cpu", "cuda")


def resolve_device(device: str) -> str:
    """'auto' is CUDA when torch sees a GPU, else CPU; 'cuda' without a GPU is a ConfigError."""
    import torch

    if device not in DEVICES:
        raise ConfigError(f"device {device!r} is unknown", f"use one of: {', '.join(DEVICES)}")
    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if device == "cuda" and not torch.cuda.is_available():
        raise ConfigError("device 'cuda' was asked for but torch sees no CUDA GPU", "use --device cpu or auto")
    return device


class StreamedFeatures:
    """A model folder scored a decoder layer at a time (mean-pooled final hidden states, fp32)."""

    def __init__(self, model_dir: str | os.PathLike[str], device: str) -> None:
        from so8t.model.layer_stream import StreamedModel

        self.model = StreamedModel(model_dir)
        self.device = device

    def mean_pooled_states(self, tokenizer: Any, texts: Sequence[str], *, batch_size: int, max_length: int,
                           events: EventSink) -> Any:
        import torch

        encoded = [tokenizer(list(texts[i:i + batch_size]), return_tensors="pt", padding=True, truncation=True,
                             max_length=max_length) for i in range(0, len(texts), batch_size)]
        if not encoded:
            return torch.zeros(0, int(self.model.config.hidden_size))
        masks = [e["attention_mask"] for e in encoded]
        states = self.model.start([e["input_ids"] for e in encoded], torch.float32, self.device, masks=masks)
        self.model.run_all_layers(states, torch.float32, self.device,
                                  progress=lambda d, t: events.progress(d, t, "layer"))
        pooled = []
        for hidden, mask in zip(self.model.final_hidden(states, torch.float32, self.device), masks, strict=True):
            m = mask.to(hidden.device).unsqueeze(-1).to(hidden.dtype)
            pooled.append(((hidden * m).sum(dim=1) / m.sum(dim=1).clamp(min=1.0)).float().cpu())
        return torch.cat(pooled, dim=0)


def load_scoring_model(model_dir: str | os.PathLike[str], device: str, *, streamed_ok: bool = False) -> tuple[Any, Any]:
    """(model, tokenizer) of a plain HF folder, in eval mode: the whole model where it fits (float32 on
    CPU, bf16 on CUDA), else (when `streamed_ok`) a `StreamedFeatures`. `model.so8t_features_path`
    says which."""
    import torch
    from transformers import AutoTokenizer

    from so8t.model.folder import load_model
    from so8t.model.layer_stream import GPU_BF16, STREAMED, WHOLE_MODEL, scoring_path

    path, where = scoring_path(model_dir, device) if streamed_ok else (WHOLE_MODEL if device == "cpu" else GPU_BF16, device)
    if path == STREAMED:
        model: Any = StreamedFeatures(model_dir, where)
    else:
        if device == "cuda":
            torch.backends.cuda.matmul.allow_bf16_reduced_precision_reduction = False  # fp32 accumulation
        model = load_model(model_dir, dtype=torch.float32 if device == "cpu" else torch.bfloat16, device=device,
                           for_gates=False)
    model.so8t_features_path = f"{path} ({where})"
    try:
        tokenizer = AutoTokenizer.from_pretrained(str(model_dir), local_files_only=True, trust_remote_code=False)
    except Exception as exc:  # noqa: BLE001 - tokenizers raises plain Exception for a broken file
        raise ModelFolderError(
            f"model folder {model_dir} has no usable tokenizer ({' '.join(str(exc).split())[:200]})",
            "copy the tokenizer files (tokenizer.json, tokenizer_config.json) into the folder",
        ) from exc
    if tokenizer.pad_token_id is None:
        # Padding is masked out everywhere it is used; any id will do, EOS is always there.
        tokenizer.pad_token = tokenizer.eos_token
    return model, tokenizer


def mean_pooled_states(
    model: Any,
    tokenizer: Any,
    texts: Sequence[str],
    *,
    batch_size: int = 8,
    max_length: int = 256,
    events: EventSink | None = None,
) -> Any:
    """(N, hidden) float32 tensor on CPU: each text's final hidden states averaged over its real tokens."""
    import torch

    events = events or EventSink()
    if isinstance(model, StreamedFeatures):
        return model.mean_pooled_states(tokenizer, texts, batch_size=batch_size, max_length=max_length, events=events)
    device = next(model.parameters()).device
    # The decoder alone gives the final (normed) hidden states without the vocab-sized LM head.
    decoder = model.get_decoder() if hasattr(model, "get_decoder") else None
    pooled = []
    with torch.inference_mode():
        for start in range(0, len(texts), batch_size):
            batch = list(texts[start:start + batch_size])
            enc = tokenizer(batch, return_tensors="pt", padding=True, truncation=True, max_length=max_length)
            enc = {k: v.to(device) for k, v in enc.items() if k in ("input_ids", "attention_mask")}
            if decoder is not None:
                hidden = decoder(**enc).last_hidden_state
            else:
                hidden = model(**enc, output_hidden_states=True).hidden_states[-1]
            mask = enc["attention_mask"].unsqueeze(-1).to(hidden.dtype)
            mean = (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1.0)
            pooled.append(mean.float().cpu())
            events.progress(min(start + batch_size, len(texts)), len(texts), "sample")
    return torch.cat(pooled, dim=0)
