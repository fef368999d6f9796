"""Tokenizer metadata for GGUF: token list, types, scores or merges, special tokens, chat template.

Two tokenizer kinds are written, read from the folder's tokenizer.json:
- byte-level BPE (GPT-2 style: Qwen2, Llama 3, the built-in tiny tokenizer) -> llama.cpp "gpt2"
  with merges and the pre-tokenizer name that selects the same splitting regex in llama.cpp;
- SentencePiece BPE with byte fallback (Llama 2, Mistral, Gemma, Phi-3) -> llama.cpp "llama"
  with one score per token. llama.cpp's SentencePiece tokenizer merges the adjacent pair whose
  result has the highest score, so each merged token gets minus the rank of the merge that makes
  it: the merge order of the Hugging Face tokenizer.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import gguf

from so8t.errors import GGUFError, ModelFolderError

#: Splitting regexes of byte-level BPE tokenizers that llama.cpp implements, by its name for them.
KNOWN_SPLIT_REGEXES = {
    # Llama 3
    r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+": "llama-bpe",
    # Qwen2 / Qwen2.5
    r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+": "qwen2",
}
SPM_SPACE = "\u2581"  # the SentencePiece word-boundary mark "▁"
_BYTE_TOKEN = re.compile(r"<0x[0-9A-Fa-f]{2}>")


@dataclass
class VocabInfo:
    """What was written, for the export result."""

    model: str  # "gpt2" or "llama"
    pre: str
    size: int
    add_bos: bool
    add_eos: bool
    special: dict[str, int] = field(default_factory=dict)
    has_chat_template: bool = False
    notes: list[str] = field(default_factory=list)  # warnings of the gguf package while reading the tokenizer


def _looks_special(text: str) -> bool:
    # Some tokenizers mark ChatML-like control tokens as non-special; llama.cpp treats them as control.
    return (text.startswith("<|") and text.endswith("|>")) or text in ("<pad>", "<mask>")


def _pre_tokenizer_name(pre: dict[str, Any] | None, where: Path) -> str:
    """llama.cpp's name for the byte-level BPE pre-tokenizer described by tokenizer.json."""
    if pre is None:
        raise _unknown_pre(where, "no pre_tokenizer")
    steps = pre.get("pretokenizers", [pre]) if pre.get("type") == "Sequence" else [pre]
    kinds = [s.get("type") for s in steps]
    if kinds == ["ByteLevel"] and steps[0].get("use_regex", True):
        return "gpt-2"
    if kinds == ["Split", "ByteLevel"] and not steps[1].get("use_regex", True):
        pattern = steps[0].get("pattern", {})
        regex = pattern.get("Regex") or pattern.get("String")
        if regex in KNOWN_SPLIT_REGEXES:
            return KNOWN_SPLIT_REGEXES[regex]
    raise _unknown_pre(where, f"pre_tokenizer {json.dumps(pre)[:160]}")


def _unknown_pre(where: Path, what: str) -> GGUFError:
    return GGUFError(
        f"the byte-level BPE tokenizer in {where} has {what}, which llama.cpp would split differently",
        "export a model whose tokenizer is GPT-2, Llama 3 or Qwen2 style byte-level BPE, or SentencePiece BPE",
    )


def _bos_eos_added(tokenizer_json: Path) -> tuple[bool, bool, int | None, int | None]:
    """Whether encoding adds a leading/trailing special token, found by asking the tokenizer itself."""
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(tokenizer_json))
    plain = tok.encode("a b", add_special_tokens=False).ids
    full = tok.encode("a b", add_special_tokens=True).ids
    lead = 1 if len(full) > len(plain) and full[1 : 1 + len(plain)] == plain else 0
    add_eos = len(full) == len(plain) + lead + 1 and full[lead : lead + len(plain)] == plain
    return bool(lead), add_eos, (full[0] if lead else None), (full[-1] if add_eos else None)


def _merge_pairs(merges: list[Any]) -> list[tuple[str, str]]:
    pairs = []
    for m in merges:
        if isinstance(m, str):
            a, b = m.split(" ", 1)
        else:
            a, b = m
        pairs.append((a, b))
    return pairs


def write_vocab(writer: gguf.GGUFWriter, folder: Path, vocab_size: int) -> VocabInfo:
    """Write the tokenizer of `folder` into the GGUF metadata; `vocab_size` is config.json's."""
    tokenizer_json = folder / "tokenizer.json"
    if not tokenizer_json.is_file():
        if (folder / "tokenizer.model").is_file():
            raise ModelFolderError(
                f"{folder} has tokenizer.model but no tokenizer.json",
                "load the tokenizer with transformers and save_pretrained it into the folder to add tokenizer.json",
            )
        raise ModelFolderError(
            f"model folder {folder} has no tokenizer files (tokenizer.json)",
            "copy the tokenizer files of the base model into the folder (so8t bake does this)",
        )
    try:
        data = json.loads(tokenizer_json.read_text(encoding="utf-8"))
        model = data["model"]
        kind = model["type"]
    except (json.JSONDecodeError, KeyError, TypeError, UnicodeDecodeError) as exc:
        raise ModelFolderError(f"{tokenizer_json} is not a valid tokenizer file ({exc})",
                               "copy tokenizer.json from the base model") from exc
    if kind != "BPE":
        raise GGUFError(
            f"the tokenizer in {folder} is a {kind} model, which is not exported",
            "export a model with a byte-level BPE or SentencePiece BPE tokenizer",
        )
    vocab: dict[str, int] = model["vocab"]
    added = {int(t["id"]): t for t in data.get("added_tokens", [])}
    n = max([vocab_size, *(i + 1 for i in vocab.values()), *(i + 1 for i in added)])
    if n > vocab_size:
        raise ModelFolderError(
            f"the tokenizer in {folder} has token ids up to {n - 1} but config.json says vocab_size {vocab_size}",
            "the tokenizer does not belong to this model; copy the base model's tokenizer files",
        )
    tokens = [f"[PAD{i}]" for i in range(n)]
    types = [gguf.TokenType.UNUSED] * n
    for text, i in vocab.items():
        tokens[i] = text
        types[i] = gguf.TokenType.NORMAL
    spm = bool(model.get("byte_fallback"))
    scores: list[float] = [0.0] * n
    if spm:
        model_name, pre = "llama", "default"
        for rank, (a, b) in enumerate(_merge_pairs(model.get("merges", []))):
            i = vocab.get(a + b)
            if i is not None and scores[i] == 0.0:
                scores[i] = -float(rank + 1)
        for text, i in vocab.items():
            if _BYTE_TOKEN.fullmatch(text):
                types[i] = gguf.TokenType.BYTE
        unk = model.get("unk_token")
        if unk in vocab:
            types[vocab[unk]] = gguf.TokenType.UNKNOWN
    else:
        model_name = "gpt2"
        pre = _pre_tokenizer_name(data.get("pre_tokenizer"), tokenizer_json)
    for i, t in added.items():
        tokens[i] = t["content"]
        if t.get("special") or _looks_special(t["content"]):
            types[i] = gguf.TokenType.CONTROL
        else:
            types[i] = gguf.TokenType.USER_DEFINED
            if spm:
                tokens[i] = tokens[i].replace(SPM_SPACE, " ")
    writer.add_tokenizer_model(model_name)
    writer.add_tokenizer_pre(pre)
    writer.add_token_list(tokens)
    writer.add_token_types(types)
    if spm:
        writer.add_token_scores(scores)
        writer.add_add_space_prefix(_adds_space_prefix(data))

    with _gguf_warnings() as notes:
        special = gguf.SpecialVocab(folder, load_merges=not spm, n_vocab=n)
    if not spm and not special.merges:
        raise ModelFolderError(f"the BPE tokenizer in {tokenizer_json} has no merges", "copy tokenizer.json from the base model")
    add_bos, add_eos, bos_id, eos_id = _bos_eos_added(tokenizer_json)
    if bos_id is not None:
        special.special_token_ids["bos"] = bos_id
    special.add_special_token["bos"] = add_bos
    special.add_special_token["eos"] = add_eos
    with _gguf_warnings() as more:
        special.add_to_gguf(writer, quiet=True)
    return VocabInfo(
        model=model_name,
        pre=pre,
        size=n,
        add_bos=add_bos,
        add_eos=add_eos,
        special=dict(special.special_token_ids),
        has_chat_template=special.chat_template is not None,
        notes=notes + more,
    )


@contextlib.contextmanager
def _gguf_warnings() -> Iterator[list[str]]:
    """Collect the gguf package's logged warnings (they would go to stderr) to pass on as events."""
    notes: list[str] = []

    class _Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            notes.append(record.getMessage())

    logger = logging.getLogger("gguf")
    handler = _Collect(level=logging.WARNING)
    old_propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield notes
    finally:
        logger.removeHandler(handler)
        logger.propagate = old_propagate


def _adds_space_prefix(data: dict[str, Any]) -> bool:
    """Whether the SentencePiece-style tokenizer puts "▁" in front of the text (Llama 2 does, Gemma does not)."""
    def walk(node: Any):
        if isinstance(node, dict):
            yield node
            for key in ("normalizers", "pretokenizers"):
                for child in node.get(key) or []:
                    yield from walk(child)

    for node in walk(data.get("normalizer")):
        if node.get("type") == "Prepend" and node.get("prepend") == SPM_SPACE:
            return True
    for node in walk(data.get("pre_tokenizer")):
        if node.get("type") == "Metaspace":
            return node.get("prepend_scheme", "always" if node.get("add_prefix_space", True) else "never") != "never"
    return False
