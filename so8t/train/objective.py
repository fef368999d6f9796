"""What a training stage trains for: the batches and the loss; the session (so8t.train.session) does the rest."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:
    import torch

    from so8t.train.session import TrainingSession


@runtime_checkable
class Objective(Protocol):
    """A training stage's objective (SFT + PET first; preference and RL objectives add a rollout in `start_step`).

    The session calls, in this order: `read` (once, before any model is loaded), `prepare` (after the
    tokenizer is loaded, before the model), then per optimizer step `start_step`, `batches` (the step's
    micro-batches; each is passed to `loss` under the session's autocast and gate context, and its loss
    is divided by the accumulation count and backpropagated), `step_metrics` and `after_step`.
    """

    def read(self, session: TrainingSession) -> str:
        """Read and check the data (warnings go to session.events); returns the data's fingerprint."""
        ...

    def prepare(self, session: TrainingSession) -> list[str]:
        """Tokenize with session.tokenizer; returns the tokens added to it (saved with each checkpoint)."""
        ...

    def start_step(self, session: TrainingSession) -> None:
        """Before the step's micro-batches (session.step is the number of steps already done)."""
        ...

    def batches(self, session: TrainingSession) -> Iterator[Any]:
        """The step's micro-batches, on session.device; each one advances session.position by one."""
        ...

    def loss(self, batch: Any) -> tuple[torch.Tensor, dict[str, float | torch.Tensor]]:
        """The micro-batch's loss and its figures; figures of a step are summed over its micro-batches
        (and ranks); a figure named `tokens` gives the step's throughput. A figure may be a 0-dim float64
        tensor on the device: the session reads it once the step's micro-batches are queued, so reading
        it does not make the host wait for the GPU in every micro-batch."""
        ...

    def step_metrics(self, sums: Mapping[str, float], session: TrainingSession) -> dict[str, float]:
        """The step's metrics from the summed figures (first in the step's events)."""
        ...

    def after_step(self, metrics: Mapping[str, float], session: TrainingSession) -> None:
        """After the step's metrics are sent (a log line on a phase change, for example)."""
        ...

    def probe_inputs(self, count: int) -> list[list[int]]:
        """Token ids of the fixed KL probe samples (the first `count` of the data)."""
        ...
