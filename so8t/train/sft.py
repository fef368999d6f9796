"""The first objective: supervised fine-tuning on conversations, plus PET smoothness on the final hidden states."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

import torch

from so8t.fileio import sha256_file
from so8t.store.metric_names import Metrics
from so8t.train.data import (
    Sample,
    add_thinking_tokens,
    batch_indices,
    build_samples,
    collate,
    read_sft_file,
    thinking_tags_used,
)
from so8t.train.loss import causal_lm_loss
from so8t.train.model import final_hidden_states
from so8t.train.packing import PackingPlan, bucket_width, collate_packed
from so8t.train.pet import PHASE_NAMES, PETSchedule, pet_loss

if TYPE_CHECKING:
    from so8t.train.session import TrainingSession


class SFTObjective:
    """Causal-LM loss on the assistant tokens + λ(phase) · PET loss, λ by training progress."""

    def __init__(self) -> None:
        self.samples: list[Sample] = []
        self.conversations: list[Any] = []
        self.pad_id = 0
        self.lam = 0.0
        self.phase = 0
        self._logged_phase: float | None = None  # the PET phase last logged (a log line on each change)
        self.plan: PackingPlan | None = None  # packed rows (so8t.train.packing); None: one sample per row

    def read(self, session: TrainingSession) -> str:
        config = session.config
        self.conversations = read_sft_file(config.data, strict_thinking=config.strict_thinking, warn=session.warn)
        self.session = session
        return sha256_file(config.data)

    def prepare(self, session: TrainingSession) -> list[str]:
        tokenizer = session.tokenizer
        added = add_thinking_tokens(tokenizer, thinking_tags_used(self.conversations))
        if added:
            session.events.log(f"added thinking tags to the tokenizer: {' '.join(added)}")
        self.samples = build_samples(tokenizer, self.conversations, session.config.max_length, session.warn)
        pad = tokenizer.pad_token_id
        self.pad_id = pad if pad is not None else (tokenizer.eos_token_id or 0)
        self.pet = PETSchedule(session.config.pet_lambdas, session.config.pet_phase_ends)
        config = session.config
        if config.packed:
            self.plan = PackingPlan([len(s.input_ids) for s in self.samples], config.max_length, config.batch_size,
                                    config.seed)
            rows = len(self.plan.epoch_rows(0))
            session.events.log(f"packing on: {len(self.samples)} samples in {rows} rows of up to {config.max_length} "
                               f"tokens per epoch ({sum(len(s.input_ids) for s in self.samples) / (rows * config.max_length):.0%} "
                               "filled)")
        return added

    def start_step(self, session: TrainingSession) -> None:
        self.phase = self.pet.phase(session.step + 1, session.config.max_steps)
        self.lam = self.pet.lambdas[self.phase]

    def batches(self, session: TrainingSession) -> Iterator[dict[str, Any]]:
        config, team = session.config, session.team
        for _ in range(config.grad_accum):
            if self.plan is not None:
                batch = self._packed_batch(session)
            else:
                index = team.shard(batch_indices(session.position, len(self.samples), config.batch_size, config.seed))
                batch = collate([self.samples[i] for i in index], self.pad_id)
                batch["tokens"] = int(batch["attention_mask"].sum())
            session.position += 1
            lm_weight, pet_weight = team.loss_weights(batch)
            tokens = batch.pop("tokens")
            triples = batch.pop("triples", None)
            batch = {k: v.to(session.device) for k, v in batch.items()}
            labels = batch.pop("labels")
            yield {"inputs": batch, "labels": labels, "lm_weight": lm_weight, "pet_weight": pet_weight,
                   "tokens": tokens, "triples": triples}

    def _packed_batch(self, session: TrainingSession) -> dict[str, Any]:
        """This rank's packed rows of micro-batch `session.position`.

        With compiled layers, rows are padded to a few fixed widths and the micro-batch to batch_size
        rows, so an epoch compiles a few graphs instead of one per length. Every rank gets a row (an
        empty one at an epoch's short end), so every rank takes part in each step's collectives.
        """
        assert self.plan is not None
        config, team = session.config, session.team
        rows = self.plan.micro_batch(session.position)
        fixed = bool(getattr(session.runtime, "fast_kernels", False))
        wanted = config.batch_size if fixed else team.size
        rows = team.shard(rows + [[]] * max(0, wanted - len(rows)))
        packed = [[self.samples[i] for i in row] for row in rows]
        width = None
        if fixed:
            width = bucket_width(max(sum(len(s.input_ids) for s in row) for row in packed), config.max_length)
        return collate_packed(packed, self.pad_id, width)

    def loss(self, batch: dict[str, Any]) -> tuple[torch.Tensor, dict[str, float | torch.Tensor]]:
        session = self.session
        # No logits: the loss projects the final hidden states itself, in chunks
        # (so8t.train.loss), instead of holding sequence × vocabulary logits.
        final = final_hidden_states(session.model, **batch["inputs"])
        lm = causal_lm_loss(session.model, final, batch["labels"], fused=session.fused_loss).float()
        pet = pet_loss(final, batch["inputs"].get("attention_mask"), triples=batch.get("triples"))
        lm_weight, pet_weight = batch["lm_weight"], batch["pet_weight"]
        total = lm * lm_weight + self.lam * pet * pet_weight
        # float64 tensors: the same figures as float(lm) * weight, read once per step (TrainingObjective.loss).
        return total, {Metrics.LOSS: lm.detach().double() * lm_weight, Metrics.PET_LOSS: pet.detach().double() * pet_weight,
                       "tokens": batch["tokens"]}

    def step_metrics(self, sums: Mapping[str, float], session: TrainingSession) -> dict[str, float]:
        accum = session.config.grad_accum
        return {Metrics.LOSS: sums[Metrics.LOSS] / accum, Metrics.PET_LOSS: sums[Metrics.PET_LOSS] / accum,
                Metrics.PET_LAMBDA: self.lam, Metrics.PET_PHASE: float(self.phase)}

    def after_step(self, metrics: Mapping[str, float], session: TrainingSession) -> None:
        if metrics[Metrics.PET_PHASE] != self._logged_phase:
            self._logged_phase = metrics[Metrics.PET_PHASE]
            session.events.log(f"PET phase {PHASE_NAMES[int(self._logged_phase)]} (λ {metrics[Metrics.PET_LAMBDA]}) "
                               f"from step {session.step}")

    def probe_inputs(self, count: int) -> list[list[int]]:
        return [list(s.input_ids) for s in self.samples[:count]]
