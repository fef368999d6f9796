"""A chat session: gate the prompt, generate, release only the final answer, and log the turn in the audit log."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from so8t.chat.audit import AuditLog, AuditRecord
from so8t.chat.backends import Backend
from so8t.chat.gate import DENY, ESCALATION, UNGATED_VERDICT, Gate, Verdict
from so8t.chat.thinking import ThinkingParse, ThinkingStream, sha256_text
from so8t.errors import ConfigError

#: What a DENY verdict answers instead of the model (nothing is generated).
REFUSAL = "I can't help with that request."
#: What a client is told while an ESCALATION answer waits for review.
HELD_NOTICE = "This answer needs review before it can be shown."
#: What is returned when the model's output had thinking but no final answer.
NO_FINAL_ANSWER = "(no final answer)"


@dataclass
class ChatConfig:
    """Sampling and logging settings of a chat session."""

    temperature: float = field(default=0.7, metadata={"help": "sampling temperature (0: greedy)"})
    top_p: float = field(default=0.95, metadata={"help": "nucleus sampling: keep the smallest set of tokens with this mass"})
    max_tokens: int = field(default=256, metadata={"help": "most tokens generated per answer"})
    seed: int = field(default=0, metadata={"help": "sampling seed of the first turn; each later turn uses the next"})
    n_ctx: int = field(default=2048, metadata={"help": "llama.cpp context size in tokens (GGUF)"})
    system: str | None = field(default=None, metadata={"help": "system prompt put before the conversation"})
    show_reasoning: bool = field(default=False, metadata={
        "help": "also show thinking text as it streams (never written to any file); recorded in the audit log"})
    store_content: bool = field(default=False, metadata={
        "help": "also write the prompt and the thinking text into the audit log (off: hashes only)"})

    def __post_init__(self) -> None:
        if self.temperature < 0:
            raise ConfigError(f"temperature {self.temperature} is negative", "use 0 (greedy) or more")
        if not 0 < self.top_p <= 1:
            raise ConfigError(f"top_p {self.top_p} is outside (0, 1]", "use e.g. 0.95")
        for name in ("max_tokens", "n_ctx"):
            if int(getattr(self, name)) < 1:
                raise ConfigError(f"{name} = {getattr(self, name)} is not positive", f"set {name} to 1 or more")


@dataclass
class TurnResult:
    """One finished turn, as the CLI prints it, `serve` returns it and the window shows it."""

    answer: str | None
    verdict: Verdict
    final_verdict: Verdict | None
    held: bool
    refused: bool
    sections: list[dict[str, str]]
    tokens: int
    seconds: float
    tokens_per_s: float | None
    stopped: bool = False
    audit: dict[str, Any] | None = None

    @property
    def ungated(self) -> bool:
        return self.verdict.ungated

    @property
    def shown_text(self) -> str:
        """What the user may read: the refusal, the held notice, the answer, or 'no final answer'."""
        if self.refused:
            return REFUSAL
        if self.answer is None:
            return NO_FINAL_ANSWER
        return self.answer

    @property
    def exit_code(self) -> int:
        """`so8t chat`'s exit code (docs/architecture.md, "Exit codes"): 4 refused, 3 held for review, else 0."""
        return 4 if self.refused else 3 if self.held else 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "answer": self.answer, "verdict": self.verdict.label,
            "probabilities": self.verdict.probabilities, "temperature": self.verdict.temperature,
            "final_verdict": self.final_verdict.label if self.final_verdict else None,
            "final_probabilities": self.final_verdict.probabilities if self.final_verdict else None,
            "held": self.held, "refused": self.refused, "ungated": self.ungated,
            "no_final_answer": self.answer is None and not self.refused,
            "sections": self.sections, "tokens": self.tokens, "seconds": round(self.seconds, 3),
            "tokens_per_s": self.tokens_per_s, "stopped": self.stopped,
        }


@dataclass(frozen=True)
class Chunk:
    """A piece of a turn as it happens: `answer` text, `reasoning` text (show-reasoning only), or the `done` result."""

    kind: str
    text: str = ""
    result: TurnResult | None = None


class ChatSession:
    """A conversation with one model through one gate (or none, when the user chose --ungated)."""

    def __init__(self, backend: Backend, *, gate: Gate | None, audit: AuditLog | None, config: ChatConfig | None = None,
                 model_sha256: str | None = None, source: str = "chat") -> None:
        from so8t.fileio import sha256_file

        self.backend = backend
        self.gate = gate
        self.audit = audit
        self.config = config or ChatConfig()
        self.source = source
        self.session_id = uuid.uuid4().hex[:12]
        # Hashed once per session: a multi-GB GGUF takes seconds to hash.
        self.model_sha256 = model_sha256 or (sha256_file(backend.path) if backend.path.is_file() else _folder_hash(backend.path))
        self.history: list[dict[str, str]] = []
        self._stop = threading.Event()
        self._last_prompt: str | None = None
        self._turns = 0

    def stop(self) -> None:
        """Ask the running generation to end after its current token."""
        self._stop.set()

    def reset(self) -> None:
        self.history.clear()
        self._last_prompt = None

    def messages_for(self, prompt: str) -> list[dict[str, str]]:
        system = [{"role": "system", "content": self.config.system}] if self.config.system else []
        return [*system, *self.history, {"role": "user", "content": prompt}]

    def ask(self, prompt: str, **kwargs: Any) -> TurnResult:
        """One turn to the end; the result (streaming chunks dropped)."""
        result = None
        for chunk in self.send(prompt, **kwargs):
            if chunk.kind == "done":
                result = chunk.result
        assert result is not None
        return result

    def regenerate(self, **kwargs: Any) -> Iterator[Chunk]:
        """The last prompt again, without the last answer in the history, with the next seed."""
        if self._last_prompt is None:
            raise ConfigError("there is no turn to regenerate", "send a prompt first")
        if len(self.history) >= 2:
            del self.history[-2:]
        return self.send(self._last_prompt, **kwargs)

    def send(self, prompt: str, *, grammar: str | None = None, history: list[dict[str, str]] | None = None,
             seed: int | None = None, stop: threading.Event | None = None) -> Iterator[Chunk]:
        """Gate the prompt, then stream the turn: answer chunks (none when held), then one `done` chunk.

        `history` (a client's own conversation, as `serve` receives it) replaces the session's and is
        not extended; `seed` replaces the turn's seed; `stop`, the caller's own event, replaces `stop()`
        for this turn (`serve` sets it when the client goes away, at any moment, even before the turn starts).
        """
        if not prompt.strip():
            raise ConfigError("the prompt is empty", "type a question")
        self._stop.clear()
        stop = self._stop if stop is None else stop
        self._last_prompt = prompt
        self._turns += 1
        messages = self.messages_for(prompt) if history is None else [*history, {"role": "user", "content": prompt}]
        # The gate scores what the model will see: every system and user turn, not only the last prompt.
        verdict = self.gate.judge_conversation(messages) if self.gate is not None else UNGATED_VERDICT
        t0 = time.monotonic()
        if verdict.label == DENY:
            # Refused before any generation: the model never sees the prompt.
            result = TurnResult(None, verdict, None, False, True, [], 0, 0.0, None)
            result.audit = self._log(prompt, result, ThinkingParse())
            yield Chunk("done", result=result)
            return
        held = verdict.label == ESCALATION
        parser = thinking_parser(self.backend, messages)
        # A gate that scores the final answer sees all of it before any of it is sent.
        scored = self.gate is not None and self.gate.config.score_final
        # Each turn samples with the next seed, so a regenerated answer differs from the last one.
        sampling = _Sampling(self.config, self._turns - 1 if seed is None else seed - self.config.seed)
        first: float | None = None
        for piece in self.backend.stream(messages, sampling, stop, grammar):
            first = first or time.monotonic()
            released = parser.feed(piece)
            if self.config.show_reasoning and released != piece:
                # Raw output that is not answer text: thinking, tags (shown only while asked for).
                yield Chunk("reasoning", piece)
            if released and not held and not scored:
                yield Chunk("answer", released)
        released, parse = parser.finish()
        if released and not held and not scored:
            yield Chunk("answer", released)
        seconds = time.monotonic() - t0
        tokens = int(getattr(self.backend, "last_tokens", 0))
        gen_seconds = time.monotonic() - first if first else 0.0
        rate = round(tokens / gen_seconds, 2) if tokens and gen_seconds > 0 else None
        final_verdict = None
        if scored and parse.answer and parse.answer.strip():
            final_verdict = self.gate.judge(parse.answer, by_sentence=False)
        # A final answer scored DENY is replaced by the refusal: the client never gets any of it.
        refused = final_verdict is not None and final_verdict.label == DENY
        answer = None if refused else parse.answer
        if scored and answer and not held:
            yield Chunk("answer", answer)
        result = TurnResult(answer, verdict, final_verdict, held, refused, parse.section_hashes(), tokens,
                            seconds, rate, stopped=stop.is_set())
        result.audit = self._log(prompt, result, parse)
        if refused:
            yield Chunk("done", result=result)
            return
        if history is None:
            self.history += [{"role": "user", "content": prompt}, {"role": "assistant", "content": parse.answer or ""}]
        yield Chunk("done", result=result)

    def _log(self, prompt: str, result: TurnResult, parse: ThinkingParse) -> dict[str, Any] | None:
        if self.audit is None:
            return None
        content = None
        if self.config.store_content:
            content = {"prompt": prompt, "sections": [{"name": n, "text": t} for n, t in parse.sections]}
            if result.refused and parse.answer:
                content["refused_answer"] = parse.answer  # for the reviewer, never for the client
        record = AuditRecord(
            prompt_sha256=sha256_text(prompt), sections=result.sections, answer=result.answer,
            verdict=result.verdict.to_dict(), final_verdict=result.final_verdict.to_dict() if result.final_verdict else None,
            model=str(self.backend.path), model_sha256=self.model_sha256, ungated=result.ungated, held=result.held,
            refused=result.refused, show_reasoning=self.config.show_reasoning, session=self.session_id,
            source=self.source, tokens=result.tokens, tokens_per_s=result.tokens_per_s, completed=not result.stopped,
            content=content)
        return self.audit.append(record)


def thinking_parser(backend: Backend, messages: list[dict[str, str]]) -> ThinkingStream:
    """The parser of one turn's output: inside the thinking section the chat template opened, and holding
    untagged text back when the model knows the thinking tags (its output may be thinking until shown otherwise)."""
    start_in = backend.thinking_start(messages) if hasattr(backend, "thinking_start") else None
    knows = bool(backend.knows_thinking_tags()) if hasattr(backend, "knows_thinking_tags") else False
    return ThinkingStream(start_in=start_in, hold=knows or start_in is not None)


@dataclass
class _Sampling:
    """The sampling settings of one turn (the session's, with the turn's seed)."""

    config: ChatConfig
    seed_shift: int

    @property
    def temperature(self) -> float:
        return self.config.temperature

    @property
    def top_p(self) -> float:
        return self.config.top_p

    @property
    def max_tokens(self) -> int:
        return self.config.max_tokens

    @property
    def seed(self) -> int:
        return self.config.seed + self.seed_shift


def _folder_hash(folder: Any) -> str:
    """sha256 over the sorted (name, sha256) of a model folder's weight and config files."""
    import hashlib
    from pathlib import Path

    from so8t.fileio import sha256_file

    h = hashlib.sha256()
    for path in sorted(Path(folder).glob("*")):
        if path.is_file() and path.suffix in (".safetensors", ".json"):
            h.update(f"{path.name}\0{sha256_file(path)}\n".encode())
    return h.hexdigest()
