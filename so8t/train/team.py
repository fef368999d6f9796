"""What one training process shares with the others of a run: its part of each batch, the gradients, the stop, the RNG.

A run on one process has a `Team` whose every method leaves the single-process step as it was.
A run on several (`--nproc N`, see docs/architecture.md, "Several processes") gives each rank a
`RankTeam`: rank r takes samples (packed rows, with packing) r, r+N, … of every micro-batch, and the loss of each micro-batch
is divided by the labelled tokens of ALL ranks, so the summed gradients are the single-process
gradients of the whole micro-batch (up to float rounding).
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import torch
import torch.distributed as dist
from safetensors import safe_open
from safetensors.torch import save as save_safetensors_bytes

from so8t.errors import So8tError
from so8t.store.layout import rank_rng_file
from so8t.train.loss import predicted_positions
from so8t.train.pet import pet_triples
from so8t.train.state import capture_rng, read_tensors, restore_rng

#: Seeds of the ranks' own streams (dropout) after the shared init: far apart, rank 0 keeps the run's seed.
RANK_SEED_STRIDE = 1_000_003


class RankLostError(So8tError):
    """Another rank of the run stopped (killed, crashed): this one cannot go on alone."""

    code = "rank_lost"


class Team:
    """A run on one process: nothing to share."""

    rank = 0
    size = 1
    local_rank = 0

    @property
    def is_main(self) -> bool:
        """Rank 0 alone writes the run folder (events, checkpoints, train_config.json) and runs the KL probe."""
        return self.rank == 0

    @property
    def alone(self) -> bool:
        return self.size == 1

    def join(self, params: list[torch.Tensor], seed: int) -> None:
        """After the model is built: every rank starts from rank 0's weights (none to join here)."""

    def shard(self, index: list[Any]) -> list[Any]:
        """This rank's samples (or packed rows) of a micro-batch."""
        return index

    def loss_weights(self, batch: dict[str, torch.Tensor]) -> tuple[float, float]:
        """(LM, PET) multipliers of this rank's mean losses: its share of the micro-batch's tokens and PET triples."""
        return 1.0, 1.0

    def sum_gradients(self, params: list[torch.Tensor]) -> None:
        """Sum the accumulated gradients over the ranks (the step's gradient of the whole batch)."""

    def step_totals(self, values: list[float]) -> list[float]:
        """The step's figures (loss sums, tokens) summed over the ranks; the ranks also agree on a stop here."""
        return values

    def stop_request(self, stop: Any) -> Any:
        """The stop the loop obeys: alone, the signal itself."""
        return stop

    def rank_rng_files(self) -> dict[str, bytes]:
        """For a checkpoint: rank 0 gets every other rank's RNG file (name → bytes); collective."""
        return {}

    def restore_rank_rng(self, file: Callable[[str], Path]) -> None:
        """On resume: a rank other than 0 takes its own RNG streams from the checkpoint."""

    def gather_floats(self, values: list[float | None]) -> list[list[float | None]]:
        """Every rank's `values`, in rank order (on every rank)."""
        return [list(values)]


class SharedStop:
    """A stop request the ranks agree on at each step's end, so all stop at the same step boundary.

    It also stops a rank whose launcher is gone (killed): the rank then ends with an emergency
    checkpoint instead of training on unwatched.
    """

    def __init__(self, local: Any) -> None:
        self.local = local
        self.agreed = False
        self._parent = os.getppid()

    def __bool__(self) -> bool:
        return self.agreed

    @property
    def signal(self) -> int | None:
        if self.local.signal is not None:
            return self.local.signal
        return int(signal.SIGTERM) if self.agreed else None

    def wanted_here(self) -> bool:
        return bool(self.local) or os.getppid() != self._parent

    @contextlib.contextmanager
    def installed(self) -> Iterator[SharedStop]:
        with self.local.installed():
            yield self


class RankTeam(Team):
    """One rank of a torch.distributed process group (gloo on CPU, NCCL on CUDA)."""

    def __init__(self, device: torch.device) -> None:
        self.rank = dist.get_rank()
        self.size = dist.get_world_size()
        self.local_rank = int(os.environ.get("LOCAL_RANK", self.rank))
        #: Collectives run on the device's tensors (NCCL takes CUDA tensors only).
        self.device = device
        self._stop: SharedStop | None = None

    def _collective(self, op: Callable[[], Any]) -> Any:
        try:
            return op()
        except (RuntimeError, dist.DistBackendError) as exc:
            raise RankLostError(f"rank {self.rank} lost the other training ranks ({' '.join(str(exc).split())[:160]})",
                                "the run stopped; continue it with `so8t train --resume RUN`") from exc

    def _sum(self, values: list[float], dtype: torch.dtype = torch.float64) -> list[float]:
        t = torch.tensor(values, dtype=dtype, device=self.device)
        self._collective(lambda: dist.all_reduce(t, op=dist.ReduceOp.SUM))
        return t.tolist()

    def join(self, params: list[torch.Tensor], seed: int) -> None:
        for p in params:
            self._collective(lambda p=p: dist.broadcast(p.data, src=0))
        if self.rank:
            # Dropout masks must differ between ranks; rank 0 keeps the single-process stream.
            own = seed + RANK_SEED_STRIDE * self.rank
            random.seed(own)
            np.random.seed(own % 2**32)
            torch.manual_seed(own)

    def shard(self, index: list[Any]) -> list[Any]:
        return index[self.rank::self.size]

    def loss_weights(self, batch: dict[str, torch.Tensor]) -> tuple[float, float]:
        if "triples" in batch:  # packed rows: triples inside one sample (so8t.train.packing)
            triples = float(batch["triples"].sum())
        else:
            mask = batch["attention_mask"]
            triples = float(pet_triples(mask).sum()) if mask.shape[1] >= 3 else 0.0
        local = [float(predicted_positions(batch["labels"])), triples]
        total = self._sum(local)
        return tuple(mine / whole if whole else 0.0 for mine, whole in zip(local, total, strict=True))  # type: ignore[return-value]

    def sum_gradients(self, params: list[torch.Tensor]) -> None:
        with_grad = [p for p in params if p.grad is not None]
        for dtype in sorted({p.grad.dtype for p in with_grad}, key=str):
            group = [p for p in with_grad if p.grad.dtype == dtype]
            # One flat bucket per dtype: LoRA adapters and gates are a few MB, one collective per step.
            flat = torch.cat([p.grad.reshape(-1) for p in group]).to(self.device)
            self._collective(lambda flat=flat: dist.all_reduce(flat, op=dist.ReduceOp.SUM))
            offset = 0
            for p in group:
                n = p.grad.numel()
                p.grad.copy_(flat[offset:offset + n].view_as(p.grad))
                offset += n

    def step_totals(self, values: list[float]) -> list[float]:
        wanted = 1.0 if self._stop is not None and self._stop.wanted_here() else 0.0
        *totals, stops = self._sum([*values, wanted])
        if self._stop is not None:
            self._stop.agreed = self._stop.agreed or stops > 0
        return totals

    def stop_request(self, stop: Any) -> SharedStop:
        self._stop = SharedStop(stop)
        return self._stop

    def _gather_bytes(self, data: bytes) -> list[bytes]:
        mine = torch.frombuffer(bytearray(data), dtype=torch.uint8).to(self.device)
        sizes = [torch.zeros(1, dtype=torch.int64, device=self.device) for _ in range(self.size)]
        self._collective(lambda: dist.all_gather(sizes, torch.tensor([mine.numel()], device=self.device)))
        width = int(max(s.item() for s in sizes))
        padded = torch.zeros(width, dtype=torch.uint8, device=self.device)
        padded[: mine.numel()] = mine
        parts = [torch.zeros(width, dtype=torch.uint8, device=self.device) for _ in range(self.size)]
        self._collective(lambda: dist.all_gather(parts, padded))
        return [bytes(p[: int(s.item())].cpu().numpy()) for p, s in zip(parts, sizes, strict=True)]

    def rank_rng_files(self) -> dict[str, bytes]:
        tensors, meta = capture_rng()
        tensors = {k: v.detach().cpu().contiguous() for k, v in tensors.items()}
        files = self._gather_bytes(save_safetensors_bytes(tensors, metadata={"rng": json.dumps(meta)}))
        if not self.is_main:
            return {}
        return {rank_rng_file(r): data for r, data in enumerate(files) if r}

    def restore_rank_rng(self, file: Callable[[str], Path]) -> None:
        if not self.rank:
            return
        path = file(rank_rng_file(self.rank))
        with safe_open(str(path), framework="pt") as f:
            meta = json.loads((f.metadata() or {}).get("rng", "{}"))
        restore_rng(read_tensors(path), meta)

    def gather_floats(self, values: list[float | None]) -> list[list[float | None]]:
        t = torch.tensor([float("nan") if v is None else float(v) for v in values], dtype=torch.float64,
                         device=self.device)
        parts = [torch.zeros_like(t) for _ in range(self.size)]
        self._collective(lambda: dist.all_gather(parts, t))
        return [[None if np.isnan(x) else x for x in p.tolist()] for p in parts]
