"""Bake: the trained gates multiplied into each o_proj, whole or a layer at a time, and the check that the logits did not move."""

from so8t.bake.stage import STAGE

__all__ = ["STAGE"]
