"""Packing: several SFT samples share one row of up to max_length tokens, each seeing only itself.

A row holds whole samples one after another, then padding. Position ids restart at 0 for each
sample and again for the padding, and no attention mask is passed: transformers then builds a
block-diagonal causal mask from the restarts (`find_packed_sequence_indices`) for its own SDPA and
eager kernels, so no token attends across a boundary and no flash-attn wheel is needed. The first
token of each sample is unlabelled (it would be "predicted" from the previous sample's last token),
and PET's triples (t, t+1, t+2) count only inside one sample.

The plan of an epoch is a pure function of (seed, epoch, sample lengths, max_length): the epoch's
seeded permutation (so8t.train.data.epoch_order) is packed first-fit into the newest
`PACK_OPEN_ROWS` rows, so a resume continues exactly where the data left off.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from so8t.train.data import IGNORE_INDEX, Sample, epoch_order

#: Rows still open to a sample during first-fit: enough to fill rows to ~97 % on chat data (mean
#: length a quarter of max_length), and bounded so planning 100,000 samples stays linear.
PACK_OPEN_ROWS = 64
#: Compiled layers see at most this many row widths (fractions of max_length), so an epoch compiles
#: at most this many graphs instead of one per new length.
WIDTH_BUCKETS = 4
#: Bucket widths are rounded up to a multiple of this (tensor-core friendly shapes).
WIDTH_ALIGN = 64


def pack_rows(lengths: Sequence[int], order: Sequence[int], max_length: int,
              open_rows: int = PACK_OPEN_ROWS) -> list[list[int]]:
    """Sample indices per row: `order` placed first-fit into the newest `open_rows` rows of room."""
    rows: list[list[int]] = []
    room: list[int] = []
    first_open = 0  # rows before this are closed (too old to take more)
    for i in order:
        n = min(int(lengths[i]), max_length)
        for r in range(first_open, len(rows)):
            if room[r] >= n:
                rows[r].append(i)
                room[r] -= n
                break
        else:
            rows.append([i])
            room.append(max_length - n)
            first_open = max(first_open, len(rows) - open_rows)
    return rows


class PackingPlan:
    """Micro-batches of packed rows over the whole run: `micro_batch(position)` → rows of sample indices."""

    def __init__(self, lengths: Sequence[int], max_length: int, rows_per_batch: int, seed: int) -> None:
        self.lengths = list(lengths)
        self.max_length = max_length
        self.rows_per_batch = rows_per_batch
        self.seed = seed
        self._counts: list[int] = []  # micro-batches of each epoch planned so far
        self._cached: tuple[int, list[list[int]]] | None = None

    def epoch_rows(self, epoch: int) -> list[list[int]]:
        if self._cached is None or self._cached[0] != epoch:
            order = epoch_order(len(self.lengths), self.seed, epoch)
            self._cached = (epoch, pack_rows(self.lengths, order, self.max_length))
        return self._cached[1]

    def batches_in_epoch(self, epoch: int) -> int:
        while len(self._counts) <= epoch:
            rows = self.epoch_rows(len(self._counts))
            self._counts.append(math.ceil(len(rows) / self.rows_per_batch))
        return self._counts[epoch]

    def micro_batch(self, position: int) -> list[list[int]]:
        """The rows (lists of sample indices) of micro-batch number `position`, counted over the run."""
        epoch = 0
        while position >= self.batches_in_epoch(epoch):
            position -= self.batches_in_epoch(epoch)
            epoch += 1
        rows = self.epoch_rows(epoch)
        return rows[position * self.rows_per_batch:(position + 1) * self.rows_per_batch]


def bucket_width(used: int, max_length: int, buckets: int = WIDTH_BUCKETS) -> int:
    """The smallest of `buckets` fixed widths (k/buckets of max_length, aligned) that holds `used` tokens."""
    for k in range(1, buckets + 1):
        width = min(max_length, math.ceil(max_length * k / buckets / WIDTH_ALIGN) * WIDTH_ALIGN)
        if width >= used:
            return width
    return max_length


def collate_packed(rows: Sequence[Sequence[Sample]], pad_id: int, width: int | None = None,
                   row_count: int | None = None) -> dict[str, Any]:
    """Packed tensors: input_ids, position_ids, labels and PET's `triples` (rows × width − 2).

    `width` (at least the longest row) and `row_count` (empty rows added) fix the shape, so compiled
    layers see few shapes. Padding gets its own restarting positions (its own block: no real token
    attends to it), IGNORE_INDEX labels and no triples.
    """
    import torch

    used = [sum(len(s.input_ids) for s in row) for row in rows]
    width = max([*used, 1]) if width is None else width
    count = max(len(rows), row_count or 0)
    ids = torch.full((count, width), pad_id, dtype=torch.long)
    positions = torch.zeros((count, width), dtype=torch.long)
    labels = torch.full((count, width), IGNORE_INDEX, dtype=torch.long)
    segment = torch.full((count, width), -1, dtype=torch.long)  # sample number within the row; -1: padding
    for r, row in enumerate(rows):
        start = 0
        for k, s in enumerate(row):
            n = len(s.input_ids)
            ids[r, start:start + n] = torch.tensor(s.input_ids)
            positions[r, start:start + n] = torch.arange(n)
            labels[r, start + 1:start + n] = torch.tensor(s.labels[1:])  # the first token is never predicted
            segment[r, start:start + n] = k
            start += n
        positions[r, start:] = torch.arange(width - start)
    for r in range(len(rows), count):
        positions[r] = torch.arange(width)
    same = (segment[:, 2:] == segment[:, 1:-1]) & (segment[:, 1:-1] == segment[:, :-2]) & (segment[:, 2:] >= 0)
    return {"input_ids": ids, "position_ids": positions, "labels": labels, "triples": same.long(),
            "tokens": sum(used)}
