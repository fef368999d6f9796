"""The thinking format: split a model's output into hidden thinking sections and the final answer, while it streams.

A tagged output starts with a tag (`<think>`, `<think-task>`, `<think-safety>`, `<think-policy>` or
`<final>`): only the `<final>` sections are the answer. An output that starts with anything else is
untagged: everything outside thinking sections is the answer. Thinking text is never part of the
answer; a thinking section that never closes, or a tagged output without `<final>`, has no answer.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

#: Thinking section names, as they appear in `<name>…</name>`.
THINKING_SECTIONS = ("think", "think-task", "think-safety", "think-policy")
FINAL_SECTION = "final"
SECTIONS = (*THINKING_SECTIONS, FINAL_SECTION)
OPEN_TAGS = {f"<{name}>": name for name in SECTIONS}


def close_tag(name: str) -> str:
    return f"</{name}>"


def sha256_text(text: str) -> str:
    """sha256 of UTF-8 text, hex: how prompts and thinking sections are recorded in the audit log."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class ThinkingParse:
    """The parts of one output: thinking sections (name, text) in order, and the answer.

    `answer` is None when there is no final answer (a thinking section left open, or a tagged
    output without `<final>`): hidden text is never returned in its place.
    """

    sections: list[tuple[str, str]] = field(default_factory=list)
    answer: str | None = ""
    tagged: bool = False

    @property
    def has_answer(self) -> bool:
        return self.answer is not None

    def section_hashes(self) -> list[dict[str, str]]:
        """[{"name", "sha256"}] of each thinking section: what the audit log keeps instead of the text."""
        return [{"name": name, "sha256": sha256_text(text)} for name, text in self.sections]


def _held_back(buffer: str, candidates: tuple[str, ...]) -> int:
    """Length of the longest end of `buffer` that could still grow into one of `candidates`."""
    for size in range(min(len(buffer), max(len(c) for c in candidates) - 1), 0, -1):
        tail = buffer[-size:]
        if any(c.startswith(tail) for c in candidates):
            return size
    return 0


class ThinkingStream:
    """Incremental parser: feed text as it is generated, get back only the answer's new text.

    A tag split across tokens (`<thi` + `nk>`) is held back until it is complete, so no thinking
    text and no part of a tag is ever released.
    """

    def __init__(self) -> None:
        self._buffer = ""
        self._mode: str | None = None  # None (not decided yet), "tagged" or "untagged"
        self._section: str | None = None
        self._text = ""
        self._sections: list[tuple[str, str]] = []
        self._answer: list[str] = []
        self._finals = 0
        self._open_at_end = False
        self._finished = False

    @property
    def in_thinking(self) -> bool:
        """Whether generation is inside a thinking section right now (for a "thinking…" indicator)."""
        return self._section is not None and self._section != FINAL_SECTION

    def feed(self, text: str) -> str:
        """Take the next piece of output; return the answer text it releases (may be empty)."""
        if self._finished:
            raise RuntimeError("feed() after finish()")
        self._buffer += text
        released: list[str] = []
        while self._step(released):
            pass
        return "".join(released)

    def finish(self) -> tuple[str, ThinkingParse]:
        """End of output: release what is left and return the whole parse."""
        released: list[str] = []
        if not self._finished:
            self._finished = True
            rest, self._buffer = self._buffer, ""
            if self._section is not None:
                self._content(rest, released)
                if self._section != FINAL_SECTION:
                    self._open_at_end = True
                self._close()
            elif self._mode != "tagged":
                self._mode = "untagged"
                self._outside(rest, released)
        if self._open_at_end or (self._mode == "tagged" and self._finals == 0):
            answer = None
        else:
            answer = "".join(self._answer)
        return "".join(released), ThinkingParse(list(self._sections), answer, self._mode == "tagged")

    # -- the state machine -------------------------------------------------------------------

    def _step(self, released: list[str]) -> bool:
        """Consume what the buffer allows; True when another pass may consume more."""
        buf = self._buffer
        if self._section is not None:
            tag = close_tag(self._section)
            at = buf.find(tag)
            if at >= 0:
                self._content(buf[:at], released)
                self._close()
                self._buffer = buf[at + len(tag):]
                return True
            keep = _held_back(buf, (tag,))
            self._content(buf[:len(buf) - keep], released)
            self._buffer = buf[len(buf) - keep:]
            return False
        if self._mode is None:
            head = buf.lstrip()
            if not head or any(t.startswith(head) and t != head for t in OPEN_TAGS):
                return False  # only blanks so far, or the start of a tag: undecided
            self._mode = "tagged" if any(head.startswith(t) for t in OPEN_TAGS) else "untagged"
        found = [(buf.find(t), t) for t in OPEN_TAGS if t in buf]
        if found:
            at, tag = min(found)
            self._outside(buf[:at], released)
            self._section, self._text = OPEN_TAGS[tag], ""
            self._buffer = buf[at + len(tag):]
            return True
        keep = _held_back(buf, tuple(OPEN_TAGS))
        self._outside(buf[:len(buf) - keep], released)
        self._buffer = buf[len(buf) - keep:]
        return False

    def _outside(self, text: str, released: list[str]) -> None:
        # Text outside every section is the answer only in an untagged output.
        if text and self._mode == "untagged":
            self._answer.append(text)
            released.append(text)

    def _content(self, text: str, released: list[str]) -> None:
        if not text:
            return
        self._text += text
        if self._section == FINAL_SECTION:
            self._answer.append(text)
            released.append(text)

    def _close(self) -> None:
        if self._section == FINAL_SECTION:
            self._finals += 1
        else:
            self._sections.append((self._section or "", self._text))
        self._section, self._text = None, ""


_SECTION_RE = re.compile(
    r"<(" + "|".join(re.escape(n) for n in sorted(SECTIONS, key=len, reverse=True)) + r")>(.*?)(</\1>|\Z)", re.S)


def parse_thinking(text: str) -> ThinkingParse:
    """The whole-text parse (a regular expression, independent of ThinkingStream, which must agree with it)."""
    tagged = any(text.lstrip().startswith(t) for t in OPEN_TAGS)
    sections: list[tuple[str, str]] = []
    answer: list[str] = []
    finals, open_at_end, pos = 0, False, 0
    for match in _SECTION_RE.finditer(text):
        if not tagged:
            answer.append(text[pos:match.start()])
        name, body, closing = match.group(1), match.group(2), match.group(3)
        if name == FINAL_SECTION:
            finals += 1
            answer.append(body)
        else:
            sections.append((name, body))
            open_at_end = open_at_end or not closing
        pos = match.end()
    if not tagged:
        answer.append(text[pos:])
    if open_at_end or (tagged and finals == 0):
        return ThinkingParse(sections, None, tagged)
    return ThinkingParse(sections, "".join(answer), tagged)
