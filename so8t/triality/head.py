"""TrialityHead: a linear ALLOW / ESCALATION / DENY head on mean-pooled final hidden states, saved as safetensors."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import torch
from torch import nn

from so8t.errors import DataFileError
from so8t.triality.data import LABELS

#: Features are standardised with the training split's mean and std; this floor keeps a constant
#: feature (std 0) from dividing by zero.
STD_FLOOR = 1e-6
HEAD_FORMAT = "so8t-triality-head/1"
#: What the head reads: the mean over real tokens of the model's final (normed) hidden states.
#: Saved with the head, so a consumer that computes other features (GGUF embeddings…) refuses it.
HF_POOLED_FEATURES = "hf-mean-pooled-final-hidden"


class TrialityHead(nn.Module):
    """logits = W · (features − mean) / std + b, one row of W per label in LABELS."""

    def __init__(self, hidden_size: int, n_classes: int = len(LABELS)) -> None:
        super().__init__()
        self.register_buffer("feature_mean", torch.zeros(hidden_size))
        self.register_buffer("feature_std", torch.ones(hidden_size))
        self.linear = nn.Linear(hidden_size, n_classes)

    @property
    def hidden_size(self) -> int:
        return self.linear.in_features

    def forward(self, features: torch.Tensor) -> torch.Tensor:
        return self.linear((features - self.feature_mean) / self.feature_std)


def train_head(
    features: torch.Tensor,
    labels: torch.Tensor,
    *,
    epochs: int = 300,
    learning_rate: float = 0.01,
    weight_decay: float = 0.0,
    seed: int = 0,
) -> tuple[TrialityHead, list[float]]:
    """Fit a head by full-batch AdamW on cross-entropy; returns the head and the loss per epoch.

    Full batch: the features are a few hundred rows, so every step sees the whole training split and
    the result depends only on the seed.
    """
    torch.manual_seed(seed)
    features = features.float()
    head = TrialityHead(features.shape[1])
    head.feature_mean.copy_(features.mean(dim=0))
    head.feature_std.copy_(features.std(dim=0, unbiased=False).clamp(min=STD_FLOOR))
    opt = torch.optim.AdamW(head.parameters(), lr=learning_rate, weight_decay=weight_decay)
    losses = []
    head.train()
    for _ in range(epochs):
        opt.zero_grad()
        loss = nn.functional.cross_entropy(head(features), labels)
        loss.backward()
        opt.step()
        losses.append(float(loss.detach()))
    head.eval()
    return head, losses


#: Metadata entries that name a file or folder: stored relative to the head's own folder when inside it
#: (the run), so identical runs in two folders write identical heads and a moved run still finds them;
#: RELATIVE_KEY lists the entries so stored.
PATH_METADATA = ("model", "data")
RELATIVE_KEY = "relative_to_head"


def save_head(head: TrialityHead, path: str | os.PathLike[str], **metadata: str) -> None:
    """Write the head as safetensors (atomically), with the label order and hidden size in its metadata."""
    from so8t.fileio import atomic_write_bytes, safetensors_bytes

    tensors = {k: v.detach().contiguous().cpu() for k, v in head.state_dict().items()}
    folder = Path(path).absolute().parent
    inside = {k: _relative_to(v, folder) for k, v in metadata.items() if k in PATH_METADATA}
    inside = {k: v for k, v in inside.items() if v is not None}
    meta = {"format": HEAD_FORMAT, "labels": json.dumps(list(LABELS)), "hidden_size": str(head.hidden_size),
            "features": HF_POOLED_FEATURES, **metadata, **inside}
    if inside:
        meta[RELATIVE_KEY] = json.dumps(sorted(inside))
    atomic_write_bytes(path, safetensors_bytes(tensors, meta))


def _relative_to(value: str, folder: Path) -> str | None:
    """`value` as a path relative to `folder` ("/" separated) when it lies inside it, else None."""
    if not value:
        return None
    try:
        return Path(value).absolute().relative_to(folder).as_posix()
    except ValueError:
        return None


def load_head(path: str | os.PathLike[str]) -> tuple[TrialityHead, dict[str, Any]]:
    """A head saved by save_head, and its metadata; any other file is a DataFileError naming it."""
    from safetensors import safe_open

    path = Path(path)
    hint = "pass a head file written by `so8t triality --out RUN` (RUN/triality_head.safetensors)"
    if not path.is_file():
        raise DataFileError(f"triality head file {path} does not exist", hint)
    try:
        with safe_open(str(path), framework="pt") as f:
            meta = f.metadata() or {}
            tensors = {k: f.get_tensor(k) for k in f.keys()}
    except Exception as exc:  # safetensors raises its own error types for a corrupt header
        raise DataFileError(f"triality head file {path} is not readable safetensors ({exc})", hint) from exc
    if meta.get("format") != HEAD_FORMAT or json.loads(meta.get("labels", "[]")) != list(LABELS):
        raise DataFileError(f"{path} is not a triality head for labels {', '.join(LABELS)}", hint)
    try:
        relative = json.loads(meta.pop(RELATIVE_KEY, "[]"))
    except ValueError:
        relative = []
    for key in (k for k in relative if k in PATH_METADATA and isinstance(meta.get(k), str)):
        meta[key] = str(path.absolute().parent / meta[key])  # stored relative to the head's folder (save_head)
    head = TrialityHead(int(meta["hidden_size"]))
    try:
        head.load_state_dict(tensors)
    except RuntimeError as exc:
        raise DataFileError(f"triality head file {path} has wrong tensors ({str(exc)[:200]})", hint) from exc
    head.eval()
    return head, meta
