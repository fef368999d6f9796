"""Fidelity check of a GGUF, run by llama.cpp itself: logits against the HF model, perplexity, tokenizer.

The check feeds llama.cpp (llama-cpp-python) and the Hugging Face model the same token ids, so
logit differences come from the weights alone, and separately compares llama.cpp's tokenizer with
the Hugging Face tokenizer on the same texts (a tokenizer mismatch is what makes an export "talk
gibberish" although its weights are right).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from so8t.errors import GGUFError
from so8t.events import EventSink
from so8t.gguf.config import DEFAULT_N_CTX, CheckConfig
from so8t.gguf.fidelity_text import HELDOUT_TEXT, PROMPTS
from so8t.memory import PeakMemoryMeter
from so8t.store.layout import check_record_path as check_json_path
from so8t.store.records import CheckResult, write_record

#: Float exports must agree with HF on the argmax token at this share of positions or more.
TOP1_MIN = 0.99
#: Float exports: perplexity within this relative distance of HF's (f16 rounding moves it far less).
FLOAT_PPL_TOL = 0.005
#: Q8_0: perplexity within this relative distance of the f16 file's.
Q8_PPL_TOL = 0.01
#: Other quant types: the original SO8T pipeline's bound on the perplexity increase over f16.
KQUANT_PPL_BOUND = 0.05
#: f16 rounding moves logits by about 0.03-0.04 % of their spread (mean |dlogit| / std of the HF
#: logits, measured on every tiny family and the demo model); a wrong rope scaling or q/k layout
#: gives 0.3-0.6 % while top-1 can still pass. Above this share a float export gets a warning.
FLOAT_DLOGIT_REL_WARN = 0.002
FLOAT_TYPES = ("f32", "f16", "bf16")


def log_softmax(logits: np.ndarray) -> np.ndarray:
    x = logits.astype(np.float64)
    x = x - x.max(axis=-1, keepdims=True)
    return x - np.log(np.exp(x).sum(axis=-1, keepdims=True))


def gguf_summary(path: Path) -> tuple[str, int]:
    """(type label, context length) of a GGUF from its metadata."""
    import gguf

    from so8t.gguf.quantize import FLOAT_FILE_TYPES, QUANT_TYPES

    try:
        reader = gguf.GGUFReader(str(path))
        arch = reader.fields["general.architecture"].contents()
        ctx_field = reader.fields.get(f"{arch}.context_length")
        ctx = int(ctx_field.contents()) if ctx_field is not None else DEFAULT_N_CTX
        ft_field = reader.fields.get("general.file_type")
        ft = int(ft_field.contents()) if ft_field is not None else -1
    except OSError as exc:
        raise GGUFError(f"GGUF file {path} cannot be read ({exc.strerror or exc})",
                        "check the file's permissions") from None
    except Exception as exc:  # noqa: BLE001 - the gguf reader fails on garbage with many exception types
        detail = " ".join(str(exc).split())[:120] or type(exc).__name__
        raise GGUFError(f"{path} is not a complete GGUF file ({detail})",
                        "pass a .gguf written by `so8t export-gguf` or `so8t quantize` (export it again if cut short)"
                        ) from None
    names = {**FLOAT_FILE_TYPES, **{v: k for k, v in QUANT_TYPES.items()}}
    return names.get(ft, f"ftype{ft}"), ctx


class _Texts:
    """The token ids both sides see: prompts (every position compared) and held-out windows."""

    def __init__(self, tokenizer: Any, prompts: tuple[str, ...], heldout: str, n_ctx: int) -> None:
        self.prompts = [tokenizer(p)["input_ids"] for p in prompts]
        ids = tokenizer(heldout)["input_ids"]
        self.windows = [ids[i : i + n_ctx] for i in range(0, len(ids), n_ctx) if len(ids[i : i + n_ctx]) >= 2]
        self.raw = [*prompts, *[p for p in heldout.split("\n\n") if p.strip()]]


def _hf_tokenizer(folder: Path) -> Any:
    from so8t.model.folder import load_tokenizer

    return load_tokenizer(folder)


class _HFModel:
    """The HF model as the reference the GGUF is judged against: fp32 on the CPU where it fits, bf16
    on the GPU (fp32 accumulation) where it fits there, else streamed a decoder layer at a time."""

    def __init__(self, folder: Path, sequences: list[list[int]], events: EventSink, *, gguf_bytes: int = 0) -> None:
        import torch
        from transformers.utils import logging as hf_logging

        from so8t.model.folder import load_model
        from so8t.model.layer_stream import GPU_BF16, STREAMED, scoring_path

        device = "cuda" if torch.cuda.is_available() else "cpu"
        # On the CPU llama.cpp reads the GGUF into host memory beside this model: leave room for it.
        self.path, self.device = scoring_path(folder, device, host_beside_bytes=gguf_bytes)
        self.streamed: _StreamedReference | None = None
        if self.path == STREAMED:
            self.streamed = _StreamedReference(folder, sequences, self.device, events)
            return
        if self.path == GPU_BF16:
            torch.backends.cuda.matmul.allow_bf16_reduced_precision_reduction = False
        bars = hf_logging.is_progress_bar_enabled()
        hf_logging.disable_progress_bar()  # a loading bar per check would flood a worker's stderr
        try:
            dtype = torch.bfloat16 if self.path == GPU_BF16 else torch.float32
            self.model = load_model(folder, dtype=dtype, device=self.device, for_gates=False)
        finally:
            if bars:
                hf_logging.enable_progress_bar()

    @property
    def description(self) -> str:
        return f"{self.path} ({self.device})"

    def logits(self, ids: list[int]) -> np.ndarray:
        import torch

        if self.streamed is not None:
            return self.streamed.logits(ids)
        with torch.no_grad():
            return self.model(torch.tensor([ids], device=self.device)).logits[0].float().cpu().numpy()


class _StreamedReference:
    """Every sequence through the layers once (one layer in memory), then lm_head per sequence on demand."""

    def __init__(self, folder: Path, sequences: list[list[int]], device: str, events: EventSink) -> None:
        import torch

        from so8t.model.layer_stream import StreamedModel

        self.model = StreamedModel(folder)
        self.device = device
        states = self.model.start([torch.tensor([ids]) for ids in sequences], torch.float32, device)
        self.model.run_all_layers(states, torch.float32, device, progress=lambda d, t: events.progress(d, t, "layer"))
        self.hidden = {tuple(ids): h for ids, h in zip(sequences, self.model.final_hidden(states, torch.float32, device),
                                                       strict=True)}

    def logits(self, ids: list[int]) -> np.ndarray:
        import torch

        return self.model.head_logits([self.hidden[tuple(ids)]], torch.float32, self.device)[0].numpy()


class _Tally:
    """Running comparison figures, one sequence at a time (a real vocabulary makes every
    sequence's logits hundreds of MB, so nothing is kept beyond the sequence in hand)."""

    def __init__(self) -> None:
        self.positions = 0
        self.top1_same = 0
        self.abs_sum = 0.0
        self.abs_max = 0.0
        self.ref_sum = 0.0
        self.ref_sq = 0.0
        self.count = 0

    def add(self, ours: np.ndarray, ref: np.ndarray) -> None:
        self.positions += ours.shape[0]
        self.top1_same += int(np.count_nonzero(ours.argmax(-1) == ref.argmax(-1)))
        diff = np.abs(ours - ref)
        self.abs_sum += float(diff.sum(dtype=np.float64))
        self.abs_max = max(self.abs_max, float(diff.max()))
        self.ref_sum += float(ref.sum(dtype=np.float64))
        self.ref_sq += float(np.square(ref, dtype=np.float64).sum())
        self.count += ref.size

    @property
    def top1(self) -> float:
        return self.top1_same / max(1, self.positions)

    @property
    def mean_abs(self) -> float:
        return self.abs_sum / max(1, self.count)

    @property
    def ref_std(self) -> float:
        mean = self.ref_sum / max(1, self.count)
        return math.sqrt(max(self.ref_sq / max(1, self.count) - mean * mean, 0.0))


def _nll(logits: np.ndarray, ids: list[int]) -> float:
    """Summed negative log-likelihood of tokens 1..n-1 given the ones before."""
    lp = log_softmax(logits[:-1])
    return -float(lp[np.arange(len(ids) - 1), ids[1:]].sum())


@dataclass
class _ReferenceRun:
    """What the comparison needs from the reference GGUF: its argmax at every position and its
    held-out NLL (kept instead of its logits, so the two files are never loaded together)."""

    top1: list[np.ndarray]
    nll: float


def _reference_pass(path: Path, sequences: list[list[int]], n_prompts: int, n_ctx: int) -> _ReferenceRun:
    """Run the reference GGUF over every sequence and close it: on an 8B model the f16 file is
    16 GB, which next to the quantized one would not fit a 32 GB workstation."""
    from so8t.gguf.runtime import close_llama, load_llama, token_logits

    llm = load_llama(path, n_ctx=n_ctx, n_gpu_layers=offload_layers(path))
    run = _ReferenceRun([], 0.0)
    try:
        for i, ids in enumerate(sequences):
            logits = token_logits(llm, ids)
            run.top1.append(logits.argmax(-1))
            if i >= n_prompts and len(ids) >= 2:
                run.nll += _nll(logits, ids)
    finally:
        close_llama(llm)
    return run


def check_gguf(config: CheckConfig, events: EventSink | None = None) -> CheckResult:
    """Load the GGUF with llama.cpp, compare it, write <name>-<TYPE>.check.json; returns the figures."""
    from so8t.gguf.runtime import close_llama, load_llama, token_logits

    events = events or EventSink()
    path = Path(config.gguf)
    if not path.is_file():
        raise GGUFError(f"GGUF file {path} does not exist", "pass the path of a .gguf file")
    gguf_type, ctx = gguf_summary(path)
    n_ctx = min(config.n_ctx, ctx)
    heldout = HELDOUT_TEXT
    if config.text_file:
        try:
            heldout = Path(config.text_file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise GGUFError(f"held-out text {config.text_file} cannot be read ({exc})", "pass a UTF-8 text file") from exc
    events.state("started")
    events.log(f"checking {path} ({gguf_type}) with llama.cpp")
    tokenizer = _hf_tokenizer(Path(config.hf_model))
    texts = _Texts(tokenizer, PROMPTS, heldout, n_ctx)
    sequences = [*texts.prompts, *texts.windows]
    n_prompts = len(texts.prompts)
    meter = PeakMemoryMeter().__enter__()
    # llama.cpp holds one GGUF at a time beside the HF reference (the reference file runs first).
    reference = Path(config.reference_gguf) if config.reference_gguf else None
    beside = max(path.stat().st_size, reference.stat().st_size if reference is not None and reference.is_file() else 0)
    hf = _HFModel(Path(config.hf_model), sequences, events, gguf_bytes=beside)
    events.log(f"HF reference logits: {hf.description}")
    try:
        ref = _reference_pass(reference, sequences, n_prompts, n_ctx) if reference is not None else None
        gpu_layers = offload_layers(path)
        llm = load_llama(path, n_ctx=n_ctx, n_gpu_layers=gpu_layers)
        vs_hf = _Tally()
        ref_top1_same = 0
        nll = {"gguf": 0.0, "hf": 0.0, "ref": ref.nll if ref is not None else 0.0}
        ppl_tokens = 0
        try:
            for i, ids in enumerate(sequences):
                ours = token_logits(llm, ids)
                theirs = hf.logits(ids)
                vs_hf.add(ours, theirs)
                if ref is not None:
                    ref_top1_same += int(np.count_nonzero(ours.argmax(-1) == ref.top1[i]))
                if i >= n_prompts and len(ids) >= 2:
                    nll["gguf"] += _nll(ours, ids)
                    nll["hf"] += _nll(theirs, ids)
                    ppl_tokens += len(ids) - 1
                events.progress(i + 1, len(sequences), "sequence")
            agreement, mismatch = _tokenizer_agreement(llm, tokenizer, texts.raw)
        finally:
            close_llama(llm)
    finally:
        meter.__exit__(None, None, None)
    ppl = {k: math.exp(v / max(1, ppl_tokens)) for k, v in nll.items()}
    result = CheckResult(
        gguf=str(path), gguf_type=gguf_type, size_bytes=path.stat().st_size, positions=vs_hf.positions,
        ppl_tokens=ppl_tokens, ppl_gguf=ppl["gguf"], hf_model=str(config.hf_model), top1_agreement=vs_hf.top1,
        max_abs_dlogit=vs_hf.abs_max, mean_abs_dlogit=vs_hf.mean_abs,
        mean_abs_dlogit_rel=vs_hf.mean_abs / max(vs_hf.ref_std, 1e-12), ppl_hf=ppl["hf"],
        ppl_rel_diff_hf=ppl["gguf"] / ppl["hf"] - 1.0, tokenizer_agreement=agreement, tokenizer_mismatch=mismatch,
        fallback_summary=config.fallback_summary, reference_path=hf.description, gpu_layers=gpu_layers,
    )
    result.set_peak_memory(meter.figures())
    if ref is not None:
        result.reference_gguf = str(config.reference_gguf)
        result.ppl_reference = ppl["ref"]
        result.ppl_rel_diff_reference = ppl["gguf"] / ppl["ref"] - 1.0
        result.top1_agreement_reference = ref_top1_same / max(1, vs_hf.positions)
    _judge(result)
    for name in ("top1_agreement", "ppl_rel_diff_hf", "ppl_rel_diff_reference"):
        value = getattr(result, name)
        if value is not None:
            events.metric(f"gguf_{gguf_type}_{name}", value, 0)
    if config.write:
        write_record(config.out or check_json_path(path), result)
    events.log(result.verdict, "info" if result.passed else "warning")
    events.state("finished")
    return result


#: llama.cpp gets at most this share of the GPU memory this process may use (its KV cache and
#: compute buffers need the rest).
LLAMA_GPU_SHARE = 0.8


def offload_layers(path: Path) -> int:
    """Layers to offload to the GPU: all when the file fits, a proportional share when it does not,
    0 for a CPU-only llama.cpp build or without a GPU."""
    import llama_cpp

    if not llama_cpp.llama_supports_gpu_offload():
        return 0
    try:
        import torch

        from so8t.model.layer_stream import gpu_room_bytes

        if not torch.cuda.is_available():
            return 0
        room = LLAMA_GPU_SHARE * gpu_room_bytes()
    except (ImportError, RuntimeError):
        return 0
    import gguf

    reader = gguf.GGUFReader(str(path))
    arch = reader.fields["general.architecture"].contents()
    n_layers = int(reader.fields[f"{arch}.block_count"].contents())
    size = path.stat().st_size
    if size <= room:
        return -1
    return max(0, int(n_layers * room / size) - 1)


def _tokenizer_agreement(llm: Any, tokenizer: Any, raw_texts: list[str]) -> tuple[float, str | None]:
    """Share of texts that llama.cpp tokenizes exactly like HF, and the first mismatch."""
    same, first = 0, None
    for text in raw_texts:
        ours = list(llm.tokenize(text.encode("utf-8"), add_bos=False, special=False))
        theirs = list(tokenizer(text, add_special_tokens=False)["input_ids"])
        if ours == theirs:
            same += 1
        elif first is None:
            first = f"{text[:40]!r}: llama.cpp {ours[:8]}... vs HF {theirs[:8]}..."
    return same / max(1, len(raw_texts)), first


def _judge(r: CheckResult) -> None:
    """Apply the bound of the file's type and say in words whether it holds, and why not."""
    if r.gguf_type in FLOAT_TYPES:
        if r.top1_agreement is None or r.ppl_rel_diff_hf is None:
            r.bound, r.passed = "float types are judged against the HF model", False
            r.verdict = "not judged: no HF model given"
            return
        r.bound = f"top-1 >= {TOP1_MIN:.0%}, perplexity within {FLOAT_PPL_TOL:.1%} of HF, tokenizer identical"
        problems = []
        if r.top1_agreement < TOP1_MIN:
            problems.append(f"top-1 agreement {r.top1_agreement:.2%} < {TOP1_MIN:.0%}")
        if abs(r.ppl_rel_diff_hf) > FLOAT_PPL_TOL:
            problems.append(f"perplexity {r.ppl_rel_diff_hf:+.2%} vs HF")
        if r.tokenizer_agreement is not None and r.tokenizer_agreement < 1.0:
            problems.append(f"llama.cpp tokenizes {1 - r.tokenizer_agreement:.0%} of the texts differently ({r.tokenizer_mismatch})")
        r.passed = not problems
        r.verdict = (
            f"{r.gguf_type}: top-1 {r.top1_agreement:.2%} over {r.positions} positions, perplexity "
            f"{r.ppl_gguf:.4g} vs HF {r.ppl_hf:.4g} ({r.ppl_rel_diff_hf:+.3%}), max |dlogit| {r.max_abs_dlogit:.3g}"
            + ("" if r.passed else "; FAILED: " + "; ".join(problems))
        )
        if r.mean_abs_dlogit_rel is not None and r.mean_abs_dlogit_rel > FLOAT_DLOGIT_REL_WARN:
            r.verdict += (
                f"; WARNING: mean |dlogit| is {r.mean_abs_dlogit_rel:.2%} of the logit spread, more than "
                f"{r.gguf_type} rounding explains (<= {FLOAT_DLOGIT_REL_WARN:.1%}): check rope scaling and layout"
            )
        return
    base_ppl, base_name, rel = r.ppl_reference, "f16", r.ppl_rel_diff_reference
    if base_ppl is None:
        base_ppl, base_name, rel = r.ppl_hf, "HF", r.ppl_rel_diff_hf
    tol = Q8_PPL_TOL if r.gguf_type == "Q8_0" else KQUANT_PPL_BOUND
    r.bound = f"perplexity within {tol:.0%} of {base_name}" + ("" if r.gguf_type == "Q8_0" else " (original pipeline's bound)")
    r.passed = rel is not None and rel <= tol
    r.verdict = f"{r.gguf_type}: perplexity {r.ppl_gguf:.4g} vs {base_name} {base_ppl:.4g} ({rel:+.2%}); bound {tol:.0%} "
    if r.passed:
        r.verdict += "holds"
    else:
        why = r.fallback_summary or "no quantizer fallbacks were reported"
        r.verdict += f"MISSED: {why}"
