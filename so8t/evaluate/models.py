"""The models an evaluation compares, behind one interface: greedy answers and answer-token losses.

Base, tuned (the run's newest valid checkpoint: adapters + gates, unmerged, as training ran it) and
baked are HF models that share one tokenizer (the checkpoint's, with any thinking tags training
added; the base gets the same new rows training started from). On CUDA all three load in 4-bit NF4
alike, so a delta is not a precision effect. Each GGUF runs in llama.cpp.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch

from so8t.evaluate.data import HeldOutItem, Messages
from so8t.train.data import FALLBACK_CHAT_TEMPLATE, IGNORE_INDEX, tokenize_conversation

#: Tokens that end an answer besides the tokenizer's EOS: ChatML's end of turn (the tiny model's template).
END_OF_TURN = ("<|im_end|>", "<|eot_id|>", "<end_of_turn>")


@dataclass
class Answers:
    """A model's raw outputs, and for a GGUF the llama.cpp speed figures of the run that made them."""

    outputs: list[str]
    start_in: str | None = None
    speed: dict[str, Any] | None = None


def render_prompt(tokenizer: Any, messages: Messages) -> str:
    """The conversation in the model's chat template with the generation prompt (under the template budget)."""
    from so8t.model.chat_template import render_with_tokenizer

    return render_with_tokenizer(tokenizer, messages, source=f"model {getattr(tokenizer, 'name_or_path', '')}",
                                 tokenize=False, add_generation_prompt=True)


def answer_sample(tokenizer: Any, item: HeldOutItem, max_length: int) -> tuple[list[int], list[int]] | None:
    """(ids, labels) of prompt + reference answer with only the answer's tokens labelled; None without a target."""
    if item.target is None:
        return None
    prefix = tokenize_conversation(tokenizer, item.prompt, max_length)
    whole = tokenize_conversation(tokenizer, [*item.prompt, {"role": "assistant", "content": item.target}], max_length)
    n = len(prefix.input_ids) if whole.input_ids[: len(prefix.input_ids)] == prefix.input_ids else 0
    labels = [IGNORE_INDEX] * n + [t if lab != IGNORE_INDEX else IGNORE_INDEX
                                   for t, lab in zip(whole.input_ids[n:], whole.labels[n:], strict=True)]
    return (whole.input_ids, labels) if any(x != IGNORE_INDEX for x in labels) else None


@dataclass
class HFModel:
    """An HF causal LM with the run's tokenizer: per-item answer-token losses and batched greedy answers."""

    name: str
    model: Any
    tokenizer: Any
    device: str = "cpu"
    batch_size: int = 16
    source: str = ""
    _stop_ids: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        if getattr(self.tokenizer, "chat_template", None) is None:
            self.tokenizer.chat_template = FALLBACK_CHAT_TEMPLATE
        stops = {self.tokenizer.eos_token_id}
        vocab = self.tokenizer.get_vocab()
        stops.update(vocab[t] for t in END_OF_TURN if t in vocab)
        self._stop_ids = sorted(s for s in stops if s is not None)

    @torch.no_grad()
    def losses(self, items: list[HeldOutItem], max_length: int) -> list[tuple[float, int] | None]:
        """(summed NLL, token count) of each item's reference answer given its prompt; None without a target."""
        samples = [answer_sample(self.tokenizer, item, max_length) for item in items]
        out: list[tuple[float, int] | None] = [None] * len(items)
        todo = [i for i, s in enumerate(samples) if s is not None]
        pad = self.tokenizer.pad_token_id if self.tokenizer.pad_token_id is not None else 0
        for start in range(0, len(todo), self.batch_size):
            chunk = todo[start:start + self.batch_size]
            width = max(len(samples[i][0]) for i in chunk)  # type: ignore[index]
            ids = torch.full((len(chunk), width), pad, dtype=torch.long)
            labels = torch.full((len(chunk), width), IGNORE_INDEX, dtype=torch.long)
            mask = torch.zeros((len(chunk), width), dtype=torch.long)
            for row, i in enumerate(chunk):
                x, y = samples[i]  # type: ignore[misc]
                ids[row, : len(x)], labels[row, : len(y)], mask[row, : len(x)] = torch.tensor(x), torch.tensor(y), 1
            logits = self.model(input_ids=ids.to(self.device), attention_mask=mask.to(self.device),
                                use_cache=False).logits.float()
            target = labels[:, 1:].to(logits.device)
            nll = torch.nn.functional.cross_entropy(logits[:, :-1].transpose(1, 2), target, ignore_index=IGNORE_INDEX,
                                                    reduction="none")
            counted = (target != IGNORE_INDEX)
            for row, i in enumerate(chunk):
                out[i] = (float(nll[row][counted[row]].double().sum()), int(counted[row].sum()))
        return out

    @torch.no_grad()
    def answers(self, prompts: list[Messages], max_new_tokens: int) -> Answers:
        """Greedy answers, batched with left padding; text up to the end of turn, thinking tags kept."""
        from so8t.chat.thinking import template_opens_thinking

        texts = [render_prompt(self.tokenizer, p) for p in prompts]
        start_in = template_opens_thinking(texts[0]) if texts else None
        side = self.tokenizer.padding_side
        self.tokenizer.padding_side = "left"
        pad = self.tokenizer.pad_token_id if self.tokenizer.pad_token_id is not None else self._stop_ids[0]
        outputs: list[str] = []
        try:
            for start in range(0, len(texts), self.batch_size):
                batch = self.tokenizer(texts[start:start + self.batch_size], return_tensors="pt", padding=True,
                                       add_special_tokens=False)
                generated = self.model.generate(
                    input_ids=batch["input_ids"].to(self.device), attention_mask=batch["attention_mask"].to(self.device),
                    max_new_tokens=max_new_tokens, do_sample=False, eos_token_id=self._stop_ids, pad_token_id=pad)
                for row in generated[:, batch["input_ids"].shape[1]:].tolist():
                    outputs.append(self.decode(row))
        finally:
            self.tokenizer.padding_side = side
        return Answers(outputs, start_in)

    def decode(self, ids: list[int]) -> str:
        """Text of generated ids up to the first stop token; special tokens other than thinking tags dropped."""
        for n, token in enumerate(ids):
            if token in self._stop_ids:
                ids = ids[:n]
                break
        text = self.tokenizer.decode(ids, skip_special_tokens=False)
        for special in self.tokenizer.all_special_tokens:
            text = text.replace(special, "")
        return text

    def close(self) -> None:
        self.model = None


def run_tokenizer(run_dir: Path, checkpoint: Path | None, base_dir: Path) -> Any:
    """The tokenizer every HF model of the evaluation uses: the checkpoint's (thinking tags added), else the base's."""
    from transformers import AutoTokenizer

    source = checkpoint if checkpoint is not None and (checkpoint / "tokenizer.json").is_file() else base_dir
    return AutoTokenizer.from_pretrained(str(source), local_files_only=True)


def _runtime(device: str) -> Any:
    from types import SimpleNamespace

    from so8t.train.model import resolve_runtime

    return resolve_runtime(SimpleNamespace(device=device, quantize="auto", optimizer="adamw", compute_dtype="auto",
                                           gradient_checkpointing="off"))


def load_plain(name: str, model_dir: Path, tokenizer: Any, device: str, batch_size: int) -> HFModel:
    """The base or the baked folder: 4-bit NF4 on CUDA, fp32 on the CPU, rows for the tokenizer's added tokens."""
    from so8t.train.model import load_base_model, resize_for_tokenizer

    runtime = _runtime(device)
    model = load_base_model(str(model_dir), runtime)
    resize_for_tokenizer(model, len(tokenizer))
    model.eval()
    return HFModel(name, model, tokenizer, runtime.device, batch_size, str(model_dir))


def load_tuned(checkpoint: Path, base_dir: Path, tokenizer: Any, device: str, batch_size: int) -> HFModel:
    """The tuned policy as training ran it: the base (4-bit on CUDA) with its LoRA adapters and SO(8) gates."""
    from peft import LoraConfig

    from so8t.errors import CheckpointError
    from so8t.model.gates import attach_gates, load_gates_into
    from so8t.store.checkpoints import checkpoint_file, verify_checkpoint
    from so8t.store.layout import ADAPTER_CONFIG_FILE, ADAPTER_FILE, GATES_FILE
    from so8t.train.model import load_base_model, peft_wrap, resize_for_tokenizer
    from so8t.train.state import load_trainable_state, read_json_file, read_tensors

    reason, manifest = verify_checkpoint(checkpoint)
    if manifest is None:
        raise CheckpointError(f"checkpoint {checkpoint} is not valid: {reason}", "pick another checkpoint")
    runtime = _runtime(device)
    model = load_base_model(str(base_dir), runtime)
    resize_for_tokenizer(model, len(tokenizer))
    adapter = read_json_file(checkpoint_file(checkpoint, ADAPTER_CONFIG_FILE, manifest))
    known = set(LoraConfig.__dataclass_fields__)
    lora = LoraConfig(**{k: v for k, v in adapter.items() if k in known and k not in ("peft_type", "revision")})
    lora.inference_mode = True
    policy = peft_wrap(model, lora)
    load_trainable_state(policy, read_tensors(checkpoint_file(checkpoint, ADAPTER_FILE, manifest)),
                         f"checkpoint {checkpoint.name}")
    gates = attach_gates(policy)
    load_gates_into(gates, read_tensors(checkpoint_file(checkpoint, GATES_FILE, manifest)), f"checkpoint {checkpoint.name}")
    for gate in gates:
        gate.to(device=runtime.device, dtype=torch.float32)
    policy.eval()
    return HFModel("tuned", policy, tokenizer, runtime.device, batch_size, str(checkpoint))


@dataclass
class GGUFModel:
    """A GGUF of the run in llama.cpp: greedy answers, timed, and checked against llama.cpp's perf counters."""

    name: str
    path: Path
    n_ctx: int = 1024
    n_threads: int | None = None
    backend: Any = None

    def __post_init__(self) -> None:
        from so8t.chat.backends import LlamaBackend

        self.backend = LlamaBackend(self.path, n_ctx=self.n_ctx, n_gpu_layers=0 if self.n_threads else None,
                                    n_threads=self.n_threads)

    def losses(self, items: list[HeldOutItem], max_length: int) -> list[tuple[float, int] | None]:
        """Not measured in llama.cpp: its fidelity to the HF model is the check stage's (perplexity)."""
        return [None] * len(items)

    def answers(self, prompts: list[Messages], max_new_tokens: int) -> Answers:
        """Greedy answers, each prompt evaluated then decoded token by token, timed around llama.cpp's calls."""
        import llama_cpp

        from so8t.chat.thinking import template_opens_thinking

        llm = self.backend.llm
        ctx = llm._ctx.ctx
        n_vocab = llm.n_vocab()
        outputs: list[str] = []
        ours = {"prompt_tokens": 0, "prompt_s": 0.0, "gen_tokens": 0, "gen_s": 0.0}
        rendered = [self.backend.prompt_text(m) for m in prompts]  # the template is rendered outside the timing
        start_in = template_opens_thinking(rendered[0]) if rendered else None
        encoded = [self._tokens(text)[-(self.n_ctx - max_new_tokens):] for text in rendered]
        if encoded:  # one untimed prompt and token first: llama.cpp sets up its buffers on the first calls
            llm.reset()
            logits, _ = self._decode(llm, ctx, encoded[0], n_vocab)
            self._decode(llm, ctx, [int(logits.argmax())], n_vocab)
        llama_cpp.llama_perf_context_reset(ctx)
        for ids in encoded:
            llm.reset()
            logits, seconds = self._decode(llm, ctx, ids, n_vocab)
            ours["prompt_s"] += seconds
            ours["prompt_tokens"] += len(ids)
            got: list[int] = []
            while len(got) < max_new_tokens:
                token = int(logits.argmax())  # greedy: the top logit
                if token in self.backend._stop_ids:
                    break
                got.append(token)
                if len(got) == max_new_tokens:
                    break
                logits, seconds = self._decode(llm, ctx, [token], n_vocab)
                ours["gen_s"] += seconds
                ours["gen_tokens"] += 1
            outputs.append(llm.detokenize(got, special=True).decode("utf-8", errors="replace"))
        perf = llama_cpp.llama_perf_context(ctx)
        speed = {
            "prompt_tokens_per_s": ours["prompt_tokens"] / ours["prompt_s"] if ours["prompt_s"] else None,
            "gen_tokens_per_s": ours["gen_tokens"] / ours["gen_s"] if ours["gen_s"] else None,
            "prompt_tokens": ours["prompt_tokens"], "gen_tokens": ours["gen_tokens"],
            "llama_prompt_tokens_per_s": 1000.0 * perf.n_p_eval / perf.t_p_eval_ms if perf.t_p_eval_ms else None,
            "llama_gen_tokens_per_s": 1000.0 * perf.n_eval / perf.t_eval_ms if perf.t_eval_ms else None,
            "llama_prompt_tokens": int(perf.n_p_eval), "llama_gen_tokens": int(perf.n_eval),
            "threads": llm.n_threads if hasattr(llm, "n_threads") else None,
        }
        return Answers(outputs, start_in, speed)

    def _tokens(self, text: str) -> list[int]:
        """A rendered prompt's tokens, special tokens as tokens, BOS as the backend adds it (rendered once)."""
        llm, bos = self.backend.llm, self.backend._bos
        add_bos = bool(bos) and not text.startswith(bos) and llm._model.add_bos_token()
        return llm.tokenize(text.encode("utf-8"), add_bos=add_bos, special=True)

    @staticmethod
    def _decode(llm: Any, ctx: Any, ids: list[int], n_vocab: int) -> tuple[Any, float]:
        """Decode `ids` after what the context holds; (the last position's logits, seconds in llama.cpp).

        Only llama.cpp's decode and the wait for its logits are timed (not the binding's bookkeeping):
        reading the logits is also when llama.cpp adds the batch to its own performance counters, so
        both measure the same work.
        """
        import llama_cpp
        import numpy as np

        seconds = 0.0
        llm._ctx.kv_cache_seq_rm(-1, llm.n_tokens, -1)  # what a reset left behind (as the binding's eval does)
        for at in range(0, len(ids), llm.n_batch):
            chunk = ids[at:at + llm.n_batch]
            llm._batch.set_batch(batch=chunk, n_past=llm.n_tokens, logits_all=False)
            t0 = time.perf_counter()
            llm._ctx.decode(llm._batch)
            logits = llama_cpp.llama_get_logits_ith(ctx, -1)
            seconds += time.perf_counter() - t0
            llm.input_ids[llm.n_tokens:llm.n_tokens + len(chunk)] = chunk
            llm.n_tokens += len(chunk)
        return np.ctypeslib.as_array(logits, shape=(n_vocab,)).copy(), seconds

    def close(self) -> None:
        self.backend.close()


def newest_checkpoint(run_dir: Path) -> Path | None:
    """The training stage's newest valid checkpoint (what bake folded), None when the run has none."""
    from so8t.store.checkpoints import CheckpointStore

    newest = CheckpointStore(run_dir).newest_valid()
    return Path(newest.path) if newest is not None else None


def threads() -> int:
    return max(1, (os.cpu_count() or 2) - 1)
