"""Ollama Modelfile beside a GGUF: FROM the file, TEMPLATE from its chat template, stop parameters.

Ollama templates are Go templates, not Jinja. The chat template stored in the GGUF is rendered
with marker messages to find what it puts before and after each role's content and what starts
the assistant's turn; those strings become one Go template branch per role.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from so8t.fileio import atomic_write_bytes
from so8t.model.chat_template import ChatTemplateBudgetError, check_chat_template
from so8t.store.layout import modelfile_path

_MARK = "\u2063SO8T-CONTENT\u2063"  # a string no chat template produces by itself
ROLES = ("system", "user", "assistant")


@dataclass
class ChatLayout:
    """What a chat template puts around each role's message, and the assistant's turn opener."""

    prefix: dict[str, str] = field(default_factory=dict)
    suffix: dict[str, str] = field(default_factory=dict)
    generation: str = ""
    bos: str = ""


def _render(template: str, messages: list[dict[str, str]], add_generation_prompt: bool, specials: dict[str, str]) -> str:
    """The template rendered in the sandbox under its time and output budget (so8t.model.chat_template)."""
    return check_chat_template(template, {**specials, "messages": messages,
                                          "add_generation_prompt": add_generation_prompt},
                               source="the GGUF (for its Modelfile)")


def chat_layout(template: str, specials: dict[str, str] | None = None) -> ChatLayout:
    """Find each role's prefix/suffix and the generation prompt by rendering marker messages."""
    specials = specials or {}
    layout = ChatLayout()
    try:
        layout.bos = _render(template, [], False, specials)
    except ChatTemplateBudgetError:
        raise  # a template that loops or multiplies strings is refused, not skipped
    except Exception:  # noqa: BLE001 - templates may refuse an empty conversation
        layout.bos = ""
    for role in ROLES:
        try:
            text = _render(template, [{"role": role, "content": _MARK}], False, specials)
        except ChatTemplateBudgetError:
            raise
        except Exception:  # noqa: BLE001 - e.g. Gemma refuses a system role
            continue
        if _MARK not in text:
            continue
        before, after = text.split(_MARK, 1)
        if layout.bos and before.startswith(layout.bos):
            before = before[len(layout.bos):]
        layout.prefix[role], layout.suffix[role] = before, after
    try:
        user = [{"role": "user", "content": _MARK}]
        with_gen = _render(template, user, True, specials)
        without = _render(template, user, False, specials)
        if with_gen.startswith(without):
            layout.generation = with_gen[len(without):]
    except ChatTemplateBudgetError:
        raise
    except Exception:  # noqa: BLE001
        layout.generation = ""
    return layout


def _go_literal(text: str) -> str:
    # Go templates only treat "{{" specially; emit it as a string action.
    return text.replace("{{", '{{ "{{" }}')


def go_template(layout: ChatLayout) -> str:
    """The Ollama (Go) template that renders the same conversation as the chat template."""
    branches = []
    for role in ROLES:
        if role in layout.prefix:
            keyword = "if" if not branches else "else if"
            branches.append(
                f'{{{{ {keyword} eq .Role "{role}" }}}}{_go_literal(layout.prefix[role])}'
                f"{{{{ .Content }}}}{_go_literal(layout.suffix[role])}"
            )
    body = "".join(branches) + ("{{ end }}" if branches else "")
    return f"{_go_literal(layout.bos)}{{{{- range .Messages }}}}{body}{{{{ end }}}}{_go_literal(layout.generation)}"


def stop_strings(layout: ChatLayout, special_tokens: list[str], eos: str | None) -> list[str]:
    """End-of-turn markers: the EOS token and special tokens that close an assistant message."""
    stops = []
    if eos:
        stops.append(eos)
    closing = layout.suffix.get("assistant", "")
    for tok in special_tokens:
        if tok and tok in closing and tok not in stops:
            stops.append(tok)
    return stops


@dataclass
class GGUFChatInfo:
    template: str | None
    eos: str | None
    bos: str | None
    special_tokens: list[str]


def chat_info(gguf_path: str | os.PathLike[str]) -> GGUFChatInfo:
    """The chat template, BOS/EOS text and control tokens stored in a GGUF file's metadata."""
    import gguf

    reader = gguf.GGUFReader(str(gguf_path))

    def value(key: str):
        f = reader.fields.get(key)
        return None if f is None else f.contents()

    tokens = value("tokenizer.ggml.tokens") or []
    types = value("tokenizer.ggml.token_type") or []
    control = [t for t, ty in zip(tokens, types, strict=False) if ty == int(gguf.TokenType.CONTROL)]
    eos_id, bos_id = value("tokenizer.ggml.eos_token_id"), value("tokenizer.ggml.bos_token_id")
    return GGUFChatInfo(
        template=value("tokenizer.chat_template"),
        eos=tokens[eos_id] if eos_id is not None and eos_id < len(tokens) else None,
        bos=tokens[bos_id] if bos_id is not None and bos_id < len(tokens) else None,
        special_tokens=control,
    )


def modelfile_text(gguf_path: str | os.PathLike[str]) -> str:
    """The Modelfile for one GGUF (FROM a path relative to the Modelfile, so the pair can move together)."""
    gguf_path = Path(gguf_path)
    info = chat_info(gguf_path)
    size = gguf_path.stat().st_size
    lines = [
        f"# Ollama Modelfile for {gguf_path.name} ({size} bytes, {size / 2**20:.1f} MiB)",
        f"# import: ollama create <name> -f {modelfile_path(gguf_path).name}",
        f"FROM ./{gguf_path.name}",
    ]
    if info.template:
        specials = {"bos_token": info.bos or "", "eos_token": info.eos or ""}
        layout = chat_layout(info.template, specials)
        lines.append(f'TEMPLATE """{go_template(layout)}"""')
        for stop in stop_strings(layout, info.special_tokens, info.eos):
            lines.append(f'PARAMETER stop "{stop}"')
    elif info.eos:
        lines.append(f'PARAMETER stop "{info.eos}"')
    return "\n".join(lines) + "\n"


def write_modelfile(gguf_path: str | os.PathLike[str]) -> Path:
    """Write <name>-<TYPE>.Modelfile beside the GGUF; returns its path."""
    path = modelfile_path(gguf_path)
    atomic_write_bytes(path, modelfile_text(gguf_path).encode("utf-8"))
    return path
