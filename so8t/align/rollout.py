"""GRPO's rollouts: completions sampled from the gated policy with a KV cache, seeded per rollout, and the
policy's log-probs of them (the gates active in both, and in gradient checkpointing's recompute)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import torch
from torch import nn

from so8t.model.gates import gates_of, rotations_batched
from so8t.train.kernels import uncompiled
from so8t.train.loss import token_logps
from so8t.train.model import final_hidden_states

#: Decode steps between checks whether every row has ended: each check waits for the GPU, which otherwise
#: queues the next steps ahead; a few steps decoded past the end are padding and are cut off.
DONE_CHECK_EVERY = 8
#: What a decoder puts where bytes are not UTF-8 (U+FFFD), and the longest UTF-8 character in bytes.
REPLACEMENT = "\ufffd"
UTF8_MAX_BYTES = 4


def rollout_seed(seed: int, rollout: int) -> int:
    """The sampling seed of rollout number `rollout` of a run: a pure function of both, so a resume replays it."""
    digest = hashlib.sha256(f"so8t-rollout:{seed}:{rollout}".encode()).digest()
    return int.from_bytes(digest[:8], "little") & ((1 << 63) - 1)


@dataclass
class SampledGroup:
    """`generations` completions of one prompt: prompt + completion ids (right-padded), and which are completion."""

    prompt_length: int
    #: (generations, prompt_length + width) token ids; after a completion's end token, padding.
    ids: torch.Tensor
    #: (generations, width): 1 on each completion's tokens (its end token included), 0 on padding.
    mask: torch.Tensor
    #: The logits the first token was sampled from (generations, vocabulary), for tests of the gates' effect.
    first_logits: torch.Tensor

    @property
    def lengths(self) -> list[int]:
        return [int(n) for n in self.mask.sum(dim=1)]

    def completion_ids(self) -> list[list[int]]:
        """Each completion's tokens, padding dropped."""
        width = self.ids.shape[1] - self.prompt_length
        rows = self.ids[:, self.prompt_length:].tolist()
        return [row[:n] for row, n in zip(rows, self.lengths, strict=True)] if width else [[] for _ in rows]


def completion_text(tokenizer: Any, ids: list[int], stop_ids: Iterable[int]) -> str:
    """A completion's text: its tokens decoded as one sequence (a token may hold part of a character's UTF-8
    bytes, so pieces decoded one by one show U+FFFD), its end token dropped.

    A completion cut at the token limit may end inside a character whose last bytes were never sampled:
    that incomplete character is held back, as a stream holds it until its bytes arrive.
    """
    stops = set(stop_ids)
    ended = bool(ids) and ids[-1] in stops
    ids = [t for t in ids if t not in stops]
    text = tokenizer.decode(ids, skip_special_tokens=False)
    if ended or not text.endswith(REPLACEMENT):
        return text
    # The shortest tail whose removal leaves no replacement at the end is the incomplete character's
    # tokens (at most UTF8_MAX_BYTES - 1 bytes); text before it in the same tokens is kept.
    for k in range(1, min(len(ids), UTF8_MAX_BYTES - 1) + 1):
        head = tokenizer.decode(ids[:-k], skip_special_tokens=False)
        if head.endswith(REPLACEMENT):
            continue
        tail = tokenizer.decode(ids[-k:], skip_special_tokens=False).rstrip(REPLACEMENT)
        return head + tail if text.startswith(head + tail) else head
    return text


def pick_tokens(logits: torch.Tensor, temperature: float, top_p: float, generator: torch.Generator) -> torch.Tensor:
    """One token per row: greedy at temperature 0, else sampled from the top-p nucleus of softmax(logits / T)."""
    if temperature <= 0:
        return logits.argmax(dim=-1)
    probs = torch.softmax(logits.float() / temperature, dim=-1)
    if top_p < 1.0:
        sorted_probs, order = probs.sort(dim=-1, descending=True)
        # Keep the smallest prefix whose mass reaches top_p (its first token always).
        outside = sorted_probs.cumsum(dim=-1) - sorted_probs >= top_p
        sorted_probs = sorted_probs.masked_fill(outside, 0.0)
        probs = torch.zeros_like(probs).scatter(-1, order, sorted_probs)
    return torch.multinomial(probs, 1, generator=generator).squeeze(-1)


def _cache_argument() -> str:
    """The KV cache's name in a causal LM's forward arguments and output: `cache` (transformers 5.25+) or
    `past_key_values`, as transformers' own output class spells it."""
    from transformers.modeling_outputs import CausalLMOutputWithPast

    return "cache" if "cache" in CausalLMOutputWithPast.__dataclass_fields__ else "past_key_values"


class NotGraphable(RuntimeError):
    """The model's static cache cannot be replayed as a graph (a layer keeps its length in a Python number)."""


def _counters(cache: Any) -> list[torch.Tensor]:
    """The static cache's per-layer lengths, tensors the cache advances in place (transformers 5), or raise
    NotGraphable where a layer keeps it in Python (sliding windows) or the cache has no layers."""
    layers = getattr(cache, "layers", None)
    if not layers:
        raise NotGraphable("this transformers' static cache has no layers")
    counters = []
    for layer in layers:
        counter = getattr(layer, "cumulative_length", None)
        if type(layer).__name__ != "StaticLayer" or not isinstance(counter, torch.Tensor):
            raise NotGraphable(f"the model's cache has {type(layer).__name__} layers")
        counters.append(counter)
    return counters


class StaticDecode:
    """One decode step of `generations` rows on a static KV cache; on CUDA replayed as a CUDA graph.

    A decode step of a 4-bit model with adapters and gates launches a few thousand small kernels from
    Python (on the benchmark card about 66 ms per token, nearly all of it launching); replaying them as
    one graph costs one launch. The step reads the next tokens from a fixed buffer and writes the logits
    to a fixed buffer; the cache is written in place, and its lengths are tensors it advances itself. The
    gates' rotations (`rotations_batched`) and the weights do not change during a rollout, so one capture
    per group serves all its steps. The first step runs once as a warm-up (as PyTorch asks before a
    capture), then the cache's lengths are put back, so the step is taken again from the same place
    (docs/architecture.md, "The align stage").
    """

    def __init__(self, model: nn.Module, cache: Any, name: str, generations: int, device: torch.device) -> None:
        self.model, self.cache, self.name = model, cache, name
        self.counters = _counters(cache)
        self.tokens = torch.zeros((generations, 1), dtype=torch.long, device=device)
        self.graphed = device.type == "cuda"
        self.graph: Any = None
        self.logits: torch.Tensor | None = None
        self.warm = False

    def _forward(self) -> torch.Tensor:
        return self.model(input_ids=self.tokens, use_cache=True, **{self.name: self.cache}).logits[:, -1]

    def _warm_up(self) -> None:
        saved = [c.clone() for c in self.counters]
        if self.graphed:
            side = torch.cuda.Stream()
            side.wait_stream(torch.cuda.current_stream())
            with torch.cuda.stream(side):
                self._forward()
            torch.cuda.current_stream().wait_stream(side)
        else:
            self._forward()
        for counter, value in zip(self.counters, saved, strict=True):
            counter.copy_(value)
        if self.graphed:
            graph = torch.cuda.CUDAGraph()
            with torch.cuda.graph(graph):
                self.logits = self._forward()
            self.graph = graph
        self.warm = True

    def __call__(self, token: torch.Tensor) -> torch.Tensor:
        self.tokens.copy_(token[:, None])
        if not self.warm:
            self._warm_up()
        if self.graph is None:
            return self._forward()
        self.graph.replay()
        assert self.logits is not None
        return self.logits


#: Why this process decodes without CUDA graphs: the first failed capture's reason; empty while none failed.
GRAPH_PROBLEM: list[str] = []


def graphs_wanted(device: torch.device) -> bool:
    """Decode with a static cache and CUDA graphs: on CUDA, unless a capture already failed in this process."""
    return device.type == "cuda" and not GRAPH_PROBLEM


@torch.no_grad()
def sample_group(model: nn.Module, prompt_ids: list[int], *, generations: int, max_new_tokens: int,
                 temperature: float, top_p: float, stop_ids: Iterable[int], pad_id: int,
                 generator: torch.Generator, static: bool | None = None) -> SampledGroup:
    """Sample `generations` completions of one prompt from the model as it is (gates on), decoding with a KV cache.

    The rows share the prompt, so they need no attention mask; a row that has ended is fed padding,
    which the mask leaves out of every later use. `static` (default: on CUDA) decodes on a static cache,
    each step a replayed CUDA graph on CUDA; the tokens are those of the dynamic cache's loop. A capture
    that fails falls back to that loop for the rest of the process, from the same generator state.
    """
    device = next(p.device for p in model.parameters())
    if static is None:
        static = graphs_wanted(device)
    if static:
        state = generator.get_state()
        try:
            return _sample(model, prompt_ids, generations, max_new_tokens, temperature, top_p, stop_ids, pad_id,
                           generator, device, static=True)
        except RuntimeError as exc:  # a kernel or cache that cannot be captured: decode as before
            if device.type != "cuda" and not isinstance(exc, NotGraphable):
                raise
            GRAPH_PROBLEM.append(f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")
            generator.set_state(state)
            if device.type == "cuda":
                torch.cuda.synchronize()
    return _sample(model, prompt_ids, generations, max_new_tokens, temperature, top_p, stop_ids, pad_id,
                   generator, device, static=False)


def _sample(model: nn.Module, prompt_ids: list[int], generations: int, max_new_tokens: int, temperature: float,
            top_p: float, stop_ids: Iterable[int], pad_id: int, generator: torch.Generator, device: torch.device,
            *, static: bool) -> SampledGroup:
    was_training = model.training
    model.eval()  # no LoRA dropout while sampling; transformers keeps the cache off in training mode
    stops = torch.tensor(sorted(set(stop_ids)), device=device, dtype=torch.long)
    ids = torch.tensor([prompt_ids] * generations, device=device, dtype=torch.long)
    tokens: list[torch.Tensor] = []
    done = torch.zeros(generations, dtype=torch.bool, device=device)
    lengths = torch.zeros(generations, dtype=torch.long, device=device)
    try:
        with rotations_batched(gates_of(model)), uncompiled():  # one matrix_exp per rollout; no layer compiles
            name = _cache_argument()
            if static:
                from transformers import StaticCache

                cache = StaticCache(config=model.config, max_cache_len=len(prompt_ids) + max_new_tokens)
                out = model(input_ids=ids, use_cache=True, logits_to_keep=1, **{name: cache})
                step = StaticDecode(model, cache, name, generations, device)
            else:
                out = model(input_ids=ids, use_cache=True, logits_to_keep=1)
                cache = getattr(out, name)
            logits = out.logits[:, -1]
            first_logits = logits.float().clone()
            for i in range(max_new_tokens):
                token = pick_tokens(logits, temperature, top_p, generator)
                token = torch.where(done, torch.full_like(token, pad_id), token)
                tokens.append(token)
                lengths += (~done).long()
                done |= torch.isin(token, stops)
                if len(tokens) % DONE_CHECK_EVERY == 0 and bool(done.all()):
                    break
                if i == max_new_tokens - 1:
                    break  # the last token's logits are never used
                if static:
                    logits = step(token)
                else:
                    out = model(input_ids=token[:, None], use_cache=True, **{name: cache})
                    cache, logits = getattr(out, name), out.logits[:, -1]
    finally:
        model.train(was_training)
    completion = torch.stack(tokens, dim=1) if tokens else ids.new_zeros((generations, 0))
    width = int(lengths.max()) if tokens else 0  # the steps past the last row's end hold padding only
    completion = completion[:, :width]
    mask = (torch.arange(width, device=device)[None, :] < lengths[:, None]).long()
    return SampledGroup(len(prompt_ids), torch.cat([ids, completion], dim=1), mask, first_logits)


def completion_logprobs(model: nn.Module, ids: torch.Tensor, prompt_length: int,
                        chunk: int | None = None) -> torch.Tensor:
    """log π(token | prefix) of every completion position of `ids` (rows, prompt_length + width) → (rows, width), fp32.

    Run as it is called: with a gradient inside the training step (the session's gate context around
    it), without one under no_grad. Only completion positions are projected, through
    `so8t.train.loss.token_logps` (one chunk's logits at a time, none kept for backward).
    """
    rows, width = ids.shape[0], ids.shape[1] - prompt_length
    hidden = final_hidden_states(model, input_ids=ids, attention_mask=torch.ones_like(ids))
    states = hidden[:, prompt_length - 1: prompt_length - 1 + width].reshape(rows * width, hidden.shape[-1])
    return token_logps(model, states, ids[:, prompt_length:].reshape(-1), chunk).view(rows, width)
