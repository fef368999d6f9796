"""The demo: pretrain the built-in tiny model on the demo corpus, then run every SO8T stage on it (CPU, offline)."""

from __future__ import annotations

import math
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from so8t.config import StageConfig
from so8t.errors import ConfigError, DataFileError
from so8t.events import EventSink
from so8t.resources import DEMO_CORPUS, DEMO_DATA_FILES, DEMO_PROMPTS, RESOURCES_DIR, TINY_MODEL_DIR
from so8t.stage_contract import Stage, StageContext, result_dict
from so8t.store.layout import RunLayout
from so8t.store.metric_names import Metrics

#: Enough steps for the tiny model to reproduce corpus phrases (loss well under 1 nat/token),
#: few enough to take well under a minute on two CPU cores.
PRETRAIN_STEPS = 250
#: A prompt from the corpus's own vocabulary: the greedy continuation shows what the model learnt.
SAMPLE_PROMPT = "The baked model"
SAMPLE_TOKENS = 32
#: Torch threads for the demo. Its matrices are tiny, so a second thread buys nothing, and on a
#: busy two-core machine two spinning threads made a pretraining step 4–7× slower than one
#: (measured: 32 ms vs 127–236 ms per step).
DEMO_THREADS = 1


@dataclass
class PretrainConfig(StageConfig):
    """Full-parameter pretraining of a tiny model on a plain-text corpus, deterministic."""

    out: str = field(metadata={"help": "output folder: a plain HF model folder with the tokenizer", "path": True})
    corpus: str = field(default=str(DEMO_CORPUS), metadata={"help": "UTF-8 text to learn (one or more files' worth)",
                                                            "path": True})
    extra_corpus: list[str] = field(default_factory=list, metadata={"help": "more text files appended to the corpus"})
    tokenizer: str = field(default=str(TINY_MODEL_DIR), metadata={"help": "folder with tokenizer.json (kept as is)",
                                                                  "path": True})
    model_type: str = field(default="llama", metadata={"help": "model family of the tiny model"})
    hidden_size: int = field(default=64, metadata={"help": "width; a multiple of 8 so every o_proj takes SO(8) gates"})
    layers: int = field(default=2, metadata={"help": "decoder layers"})
    steps: int = field(default=PRETRAIN_STEPS, metadata={"help": "optimizer steps"})
    batch_size: int = field(default=16, metadata={"help": "sequences per step"})
    seq_len: int = field(default=64, metadata={"help": "tokens per sequence"})
    lr: float = field(default=5e-3, metadata={"help": "peak learning rate (AdamW, linear warm-up and decay)"})
    seed: int = field(default=0, metadata={"help": "seed of the weights and of the batch order"})
    threads: int = field(default=DEMO_THREADS, metadata={"help": "torch threads while pretraining (0: leave as is)"})

    def validate(self) -> None:
        if self.hidden_size % 8 or self.hidden_size <= 0:
            raise ConfigError(f"pretrain hidden_size {self.hidden_size} is not a positive multiple of 8",
                              "SO(8) gates split o_proj inputs into blocks of 8; use 64, 128, …")
        if self.threads < 0:
            raise ConfigError(f"pretrain threads must be 0 or more, not {self.threads}", "use 1, or 0 to leave as is")
        for name in ("layers", "steps", "batch_size", "seq_len"):
            if getattr(self, name) <= 0:
                raise ConfigError(f"pretrain {name} must be positive, not {getattr(self, name)}", f"set {name} ≥ 1")
        if not self.lr > 0:
            raise ConfigError(f"pretrain lr must be positive, not {self.lr}", "use e.g. 5e-3")


@dataclass
class PretrainResult:
    out: str
    params: int
    tokens: int
    steps: int
    loss_first: float
    loss_last: float
    sample_prompt: str
    sample: str
    seconds: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _read_corpus(config: PretrainConfig) -> str:
    texts = []
    for path in [config.corpus, *config.extra_corpus]:
        try:
            texts.append(Path(path).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise DataFileError(f"corpus {path} does not exist", "pass a UTF-8 text file") from None
        except UnicodeDecodeError:
            raise DataFileError(f"corpus {path} is not UTF-8 text", "save it as UTF-8") from None
    text = "\n".join(t.strip() for t in texts if t.strip())
    if not text:
        raise DataFileError(f"corpus {config.corpus} is empty", "pass a file with text in it")
    return text


def quoted_sample(sample: str) -> str:
    """The sample on one line as a person reads it: in quotes, its line breaks as " / " (never a literal \\n)."""
    return '"' + " / ".join(line.strip() for line in sample.splitlines()) + '"'


def greedy_sample(model: Any, tokenizer: Any, prompt: str = SAMPLE_PROMPT, tokens: int = SAMPLE_TOKENS) -> str:
    """The model's greedy continuation of `prompt` (deterministic)."""
    import torch

    ids = tokenizer(prompt, return_tensors="pt")["input_ids"]
    with torch.no_grad():
        out = model.generate(ids, max_new_tokens=tokens, do_sample=False, pad_token_id=tokenizer.pad_token_id)
    return tokenizer.decode(out[0], skip_special_tokens=True)


def pretrain(config: PretrainConfig, events: EventSink | None = None) -> PretrainResult:
    """Train a fresh tiny model on the corpus (all parameters) and save it as a plain HF folder."""
    import torch

    events = events or EventSink()
    previous_threads = torch.get_num_threads()
    if config.threads:
        torch.set_num_threads(config.threads)
    try:
        return _pretrain(config, events)
    finally:
        torch.set_num_threads(previous_threads)


def _pretrain(config: PretrainConfig, events: EventSink) -> PretrainResult:
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from so8t.fileio import staged_dir
    from so8t.model.folder import copy_tokenizer_files
    from so8t.model.tiny import tiny_config

    t0 = time.monotonic()
    tokenizer = AutoTokenizer.from_pretrained(config.tokenizer, local_files_only=True)
    ids = tokenizer(_read_corpus(config))["input_ids"]
    if len(ids) < config.seq_len + 1:
        raise DataFileError(f"corpus {config.corpus} has {len(ids)} tokens, fewer than seq_len {config.seq_len} + 1",
                            "add text or lower seq_len")
    data = torch.tensor(ids, dtype=torch.long)
    heads = max(1, config.hidden_size // 32)
    model_config = tiny_config(
        config.model_type, hidden_size=config.hidden_size, intermediate_size=2 * config.hidden_size,
        num_hidden_layers=config.layers, num_attention_heads=heads, num_key_value_heads=heads,
        vocab_size=len(tokenizer),
    )
    torch.manual_seed(config.seed)
    model = AutoModelForCausalLM.from_config(model_config)
    params = sum(p.numel() for p in model.parameters())
    events.log(f"pretraining a {params / 1e6:.2f} M-parameter {config.model_type} on {len(ids)} corpus tokens")
    optimizer = torch.optim.AdamW(model.parameters(), lr=config.lr, weight_decay=0.01)
    warmup = max(1, config.steps // 10)

    def lr_at(step: int) -> float:
        if step < warmup:
            return (step + 1) / warmup
        return max(0.05, 1.0 - (step - warmup) / max(1, config.steps - warmup))

    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lr_at)
    generator = torch.Generator().manual_seed(config.seed)
    starts_max = len(ids) - config.seq_len - 1
    model.train()
    loss_first = loss_last = math.nan
    report_every = max(1, config.steps // 30)
    for step in range(config.steps):
        starts = torch.randint(0, starts_max + 1, (config.batch_size,), generator=generator)
        batch = torch.stack([data[s:s + config.seq_len + 1] for s in starts.tolist()])
        loss = model(input_ids=batch[:, :-1], labels=batch[:, :-1].clone(), use_cache=False).loss
        # labels == inputs: transformers shifts them internally for next-token prediction
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        scheduler.step()
        loss_last = float(loss.detach())
        if step == 0:
            loss_first = loss_last
        if step % report_every == 0 or step == config.steps - 1:
            events.metric(Metrics.PRETRAIN_LOSS, loss_last, step + 1)
            events.progress(step + 1, config.steps, "step")
    model.eval()
    sample = greedy_sample(model, tokenizer)
    events.log(f"sample after pretraining: {quoted_sample(sample)}")
    with staged_dir(config.out, force=True) as tmp:
        model.save_pretrained(str(tmp), safe_serialization=True)
        copy_tokenizer_files(config.tokenizer, tmp)
    return PretrainResult(out=str(Path(config.out).resolve()), params=params, tokens=len(ids), steps=config.steps,
                          loss_first=round(loss_first, 4), loss_last=round(loss_last, 4),
                          sample_prompt=SAMPLE_PROMPT, sample=sample, seconds=round(time.monotonic() - t0, 2))


def demo_tables() -> dict[str, Any]:
    """The demo's pipeline config: the demo preset (resources/presets/demo.toml) and the corpus files found."""
    from so8t.presets import DEMO_PRESET

    tables: dict[str, Any] = {"run": {"name": "demo", "preset": DEMO_PRESET}, "pretrain": {},
                              "data": {"files": [str(p) for p in DEMO_DATA_FILES]},
                              # A few GRPO steps on the demo's prompts (answers and labels): the preset's [align].
                              "align": {"data": str(DEMO_PROMPTS)}}
    extra = sorted(p for p in (RESOURCES_DIR / "corpus").glob("*.txt") if p != DEMO_CORPUS)
    if extra:
        tables["pretrain"]["extra_corpus"] = [str(p) for p in extra]
    return tables


class PretrainStage(Stage):
    """Full-parameter pretraining of the built-in tiny model on the demo corpus (demo runs only)."""

    name = "pretrain"
    title = "Pretrain demo model"
    module = "so8t.demo"
    optional = True
    MANAGED = ("out",)

    def config_class(self) -> type:
        return PretrainConfig

    def input_paths(self, ctx: StageContext) -> dict[str, Any]:
        opts = ctx.stage_options(self.name)
        return {"corpus": opts.get("corpus"), "tokenizer": opts.get("tokenizer")}

    def output_paths(self, ctx: StageContext) -> list[Path]:
        return [RunLayout(ctx.run_dir).base_model]

    def run(self, ctx: StageContext, events: EventSink) -> dict[str, Any]:
        config = PretrainConfig.from_dict({**ctx.stage_options(self.name), "out": str(RunLayout(ctx.run_dir).base_model)})
        return result_dict(pretrain(config, events))


#: The demo's pretraining as a pipeline stage (the demo's runs start with it).
STAGE = PretrainStage()
