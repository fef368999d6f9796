"""The SO(8) block: gates rotate each o_proj input in blocks of this many values (torch-free)."""

BLOCK = 8
