"""The seeded train / validation split: stratified by label, a duplicate cluster always on one side."""

from __future__ import annotations

import hashlib
from collections import defaultdict


def _order_key(seed: int, group: int) -> bytes:
    """A seeded order of the groups that does not depend on how many there are (stable across runs)."""
    return hashlib.blake2b(f"{seed}:{group}".encode(), digest_size=8).digest()


def split_groups(groups: list[int], labels: list[str | None], share: float, seed: int) -> list[bool]:
    """For each sample (its cluster `groups[i]`, its label), whether it goes to validation.

    Within each label the clusters are taken in a seeded order until the label's validation count
    reaches `share` of its samples (rounded); a whole cluster moves together. At least one sample is
    held out when there are two or more clusters.
    """
    members: dict[int, list[int]] = defaultdict(list)
    for i, g in enumerate(groups):
        members[g].append(i)
    by_label: dict[str | None, list[int]] = defaultdict(list)
    for g, idx in members.items():
        by_label[labels[idx[0]]].append(g)  # a cluster's label is its first sample's
    val = [False] * len(groups)
    taken = 0
    for label in sorted(by_label, key=lambda x: (x is None, x or "")):
        gs = sorted(by_label[label], key=lambda g: _order_key(seed, g))
        size = sum(len(members[g]) for g in gs)
        want = round(share * size)
        got = 0
        for g in gs:
            if got >= want or len(gs) < 2:
                break
            for i in members[g]:
                val[i] = True
            got += len(members[g])
        taken += got
    if taken == 0 and len(members) >= 2 and share > 0:
        g = min(members, key=lambda g: (len(members[g]), _order_key(seed, g)))
        for i in members[g]:
            val[i] = True
    return val
