"""The thinking format: one parser that splits a model's output into hidden thinking and the answer, as it streams.

Tags: `<think>…</think>` and the four-section form `<think-task>`, `<think-safety>`, `<think-policy>`,
then `<final>…</final>`. The rules, the same for a stream and for a whole text (which is the stream
fed at once):

- an output that starts with a tag is tagged: only `<final>` sections are the answer;
- text before a closing thinking tag that was never opened is thinking (R1/QwQ style, whose chat
  template opens `<think>` in the prompt: `start_in` starts the parser inside that section); the text
  after it is the answer, unless a tag follows it, which makes the rest tagged;
- thinking sections inside `<final>` are removed with their contents;
- once the answer has begun, a stray closing thinking tag ends it there;
- `hold` (a model that knows the tags) keeps untagged text back until it is known not to be thinking;
  without it (other models) untagged text streams as it comes;
- output that stays unbalanced never releases text that might be thinking: it has no answer.

Whatever was released is the answer, and the answer is exactly what was released: a stream never shows
text that the whole-text parse would not answer. `check_thinking` is the checker of training data.
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
CLOSE_TAGS = {f"</{name}>": name for name in SECTIONS}
#: Every tag, opening and closing, longest first so that `<think-task>` is never read as `<think>`.
ALL_TAGS = tuple(sorted((*OPEN_TAGS, *CLOSE_TAGS), key=len, reverse=True))
#: The four-section form's thinking sections, in their order.
FOUR_SECTIONS = ("think-task", "think-safety", "think-policy")


def close_tag(name: str) -> str:
    return f"</{name}>"


def sha256_text(text: str) -> str:
    """sha256 of UTF-8 text, hex: how prompts and thinking sections are recorded in the audit log."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class ThinkingParse:
    """The parts of one output: thinking sections (name, text) in order, and the answer.

    `answer` is None when there is no final answer (a thinking section left open with nothing
    answered, a tagged output without `<final>`): hidden text is never returned in its place.
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


def _held_back(buffer: str) -> int:
    """Length of the longest end of `buffer` that could still grow into a tag."""
    for size in range(min(len(buffer), len(ALL_TAGS[0]) - 1), 0, -1):
        tail = buffer[-size:]
        if any(t.startswith(tail) for t in ALL_TAGS):
            return size
    return 0


def _next_tag(buffer: str) -> tuple[int, str] | None:
    """(position, tag) of the first complete tag in `buffer`, or None."""
    found = [(at, -len(t), t) for t in ALL_TAGS if (at := buffer.find(t)) >= 0]
    if not found:
        return None
    at, _, tag = min(found)
    return at, tag


# Phases of an output outside any section.
_BEGIN = "begin"  # nothing but blanks yet
_AFTER_CLOSE = "after-close"  # a thinking section the output never opened was just closed
_UNTAGGED = "untagged"  # began with text
_ANSWER = "answer"  # the text after a thinking section closed (R1 style)
_TAGGED = "tagged"  # began with a tag: only <final> is the answer
_ENDED = "ended"  # a stray closing tag ended the answer: nothing after it is answer


class ThinkingStream:
    """Incremental parser: feed text as it is generated, get back only the answer's new text.

    A tag split across tokens (`<thi` + `nk>`) is held back until it is complete, so no thinking
    text and no part of a tag is ever released. `start_in` names the thinking section the chat
    template opened in the prompt; `hold` keeps untagged text back (a model that knows the tags).
    """

    def __init__(self, *, start_in: str | None = None, hold: bool = False) -> None:
        if start_in is not None and start_in not in THINKING_SECTIONS:
            raise ValueError(f"start_in must be one of {THINKING_SECTIONS}, not {start_in!r}")
        self.hold = hold
        self._buffer = ""
        self._phase = _BEGIN
        self._section: str | None = start_in  # the innermost open section
        self._in_final = False  # a thinking section open inside <final>
        self._text = ""  # the open thinking section's text so far
        self._pending = ""  # untagged text kept back (hold)
        self._sections: list[tuple[str, str]] = []
        self._answer: list[str] = []
        self._answering = False  # the answer has begun (even if empty so far)
        self._tagged = False
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
        while True:
            hit = _next_tag(self._buffer)
            if hit is None:
                keep = _held_back(self._buffer)
                self._text_piece(self._buffer[:len(self._buffer) - keep], released)
                self._buffer = self._buffer[len(self._buffer) - keep:]
                return "".join(released)
            at, tag = hit
            self._text_piece(self._buffer[:at], released)
            self._buffer = self._buffer[at + len(tag):]
            self._tag(tag, released)

    def finish(self) -> tuple[str, ThinkingParse]:
        """End of output: release what is left and return the whole parse."""
        released: list[str] = []
        if not self._finished:
            self._finished = True
            rest, self._buffer = self._buffer, ""
            self._text_piece(rest, released)  # an incomplete tag at the very end is text
            if self.in_thinking:
                # Unbalanced: the open section is thinking, and so is any untagged text kept back.
                self._sections.append((self._section or "", self._text))
                self._section, self._pending = (FINAL_SECTION if self._in_final else None), ""
            elif self._phase == _UNTAGGED and self.hold:
                self._release(self._pending, released)
                self._pending = ""
            elif self._phase == _BEGIN and self._section is None:
                self._answering = True  # an empty output answers nothing, but hides nothing either
        answer = "".join(self._answer) if self._answering else None
        return "".join(released), ThinkingParse(list(self._sections), answer, self._tagged)

    # -- the state machine -------------------------------------------------------------------

    def _release(self, text: str, released: list[str]) -> None:
        self._answering = True
        if text:
            self._answer.append(text)
            released.append(text)

    def _text_piece(self, text: str, released: list[str]) -> None:
        """Text between tags, in the current section or phase."""
        if not text:
            return
        if self.in_thinking:
            self._text += text
            return
        if self._section == FINAL_SECTION:
            self._release(text, released)
            return
        phase = self._phase
        if phase in (_BEGIN, _AFTER_CLOSE):
            if not text.strip():
                return  # blanks before the output shows what it is
            text = text.lstrip()
            self._phase = _UNTAGGED if phase == _BEGIN else _ANSWER
            if self._phase == _UNTAGGED and self.hold:
                self._answering = False
        phase = self._phase
        if phase == _UNTAGGED and self.hold:
            self._pending += text
        elif phase in (_UNTAGGED, _ANSWER):
            self._release(text, released)
        # _TAGGED, _ENDED: text outside every section is not the answer

    def _open(self, name: str) -> None:
        self._section, self._text = name, ""

    def _tag(self, tag: str, released: list[str]) -> None:
        if self.in_thinking:
            if CLOSE_TAGS.get(tag) == self._section:
                self._sections.append((self._section, self._text))
                if self._in_final:
                    self._section, self._in_final = FINAL_SECTION, False
                else:
                    self._section = None
                    if self._phase == _BEGIN:
                        self._phase = _AFTER_CLOSE  # the section the template opened
            else:
                self._text += tag  # any other tag inside thinking is thinking text
            return
        if self._section == FINAL_SECTION:
            if tag in OPEN_TAGS and OPEN_TAGS[tag] != FINAL_SECTION:
                self._open(OPEN_TAGS[tag])
                self._in_final = True
            elif tag == close_tag(FINAL_SECTION):
                self._section = None
            elif tag in CLOSE_TAGS:
                self._section, self._phase = None, _ENDED  # a stray closing tag ends the answer
            return  # a second <final> inside <final> is dropped
        phase = self._phase
        if phase == _ENDED:
            return
        if tag in OPEN_TAGS:
            name = OPEN_TAGS[tag]
            if phase in (_BEGIN, _AFTER_CLOSE) or (phase == _UNTAGGED and self.hold and name == FINAL_SECTION):
                # The output is tagged from here: untagged text kept back before <final> is not the answer.
                self._phase, self._tagged, self._pending = _TAGGED, True, ""
            if name == FINAL_SECTION:
                self._section = FINAL_SECTION
                self._answering = True
            else:
                self._open(name)
            return
        if tag == close_tag(FINAL_SECTION):
            return  # a stray </final> closes nothing
        # A stray closing thinking tag.
        if phase in (_BEGIN, _AFTER_CLOSE) or (phase == _UNTAGGED and self.hold):
            if self._pending:
                self._sections.append((CLOSE_TAGS[tag], self._pending))
            self._phase, self._pending, self._answering = _AFTER_CLOSE, "", False
        elif phase in (_UNTAGGED, _ANSWER):
            self._phase = _ENDED
        # _TAGGED: text outside sections was never the answer


def parse_thinking(text: str, *, start_in: str | None = None, hold: bool = False) -> ThinkingParse:
    """The whole-text parse: the stream parser fed the whole text at once (so both always agree)."""
    stream = ThinkingStream(start_in=start_in, hold=hold)
    stream.feed(text)
    return stream.finish()[1]


def template_opens_thinking(generation_prompt: str) -> str | None:
    """The thinking section a chat template's generation prompt leaves open (`…assistant\\n<think>\\n`), or None."""
    tail = generation_prompt.rstrip()
    for name in sorted(THINKING_SECTIONS, key=len, reverse=True):
        if tail.endswith(f"<{name}>"):
            return name
    return None


# -- training data ------------------------------------------------------------------------------

@dataclass(frozen=True)
class ThinkingCheck:
    """Whether one assistant text uses the thinking format well: its form, or the first problem found.

    `form` is "plain" (no tags), "basic" (`<think>…</think><final>…</final>`), "four-section"
    (`<think-task>`, `<think-safety>`, `<think-policy>`, then `<final>`), "final" (`<final>` alone),
    or None when malformed; `problem` says what is wrong, in the data's words.
    """

    form: str | None
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


_TAG_RE = re.compile("|".join(re.escape(t) for t in ALL_TAGS))


def check_thinking(text: str) -> ThinkingCheck:
    """Check a training answer's thinking tags: balanced, not nested, in a known order, nothing outside them."""
    sections: list[str] = []
    open_name: str | None = None
    pos = 0
    for match in _TAG_RE.finditer(text):
        tag, between = match.group(0), text[pos:match.start()]
        pos = match.end()
        if open_name is None and tag in CLOSE_TAGS:
            return ThinkingCheck(None, f"{tag} closes a section that was never opened")
        if open_name is None and between.strip():
            where = "after </final>" if sections and sections[-1] == FINAL_SECTION else (
                f"before {tag}" if not sections else f"between </{sections[-1]}> and {tag}")
            return ThinkingCheck(None, f"text outside the sections ({where})")
        if tag in OPEN_TAGS:
            if open_name is not None:
                return ThinkingCheck(None, f"{tag} inside <{open_name}>")
            open_name = OPEN_TAGS[tag]
            continue
        name = CLOSE_TAGS[tag]
        if name != open_name:
            return ThinkingCheck(None, f"<{open_name}> is closed by {tag}")
        sections.append(name)
        open_name = None
    if open_name is not None:
        return ThinkingCheck(None, f"<{open_name}> is never closed")
    if not sections:
        return ThinkingCheck("plain")
    if text[pos:].strip():
        return ThinkingCheck(None, f"text outside the sections (after </{sections[-1]}>)")
    for form, order in (("basic", ["think", FINAL_SECTION]), ("four-section", [*FOUR_SECTIONS, FINAL_SECTION]),
                        ("final", [FINAL_SECTION])):
        if sections == order:
            return ThinkingCheck(form)
    if FINAL_SECTION not in sections:
        return ThinkingCheck(None, "no <final> section: the answer would be hidden")
    return ThinkingCheck(None, "sections in an unknown order (" + ", ".join(f"<{s}>" for s in sections)
                         + "); use <think>, <final> or <think-task>, <think-safety>, <think-policy>, <final>")
