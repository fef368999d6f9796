"""Chat templates rendered in Jinja's sandbox under a time and output budget; a refusal is one line.

A model folder's or a GGUF's chat template is code from the model's author. The sandbox keeps it from
reaching Python, but not from `{{ 'A' * 4000000000 }}` (gigabytes in one step) or nested loops that never
end. Every render of a template (training data, chat, the Modelfile) first runs under this budget, in an
environment derived from the one transformers compiles templates with (same filters, globals and tags),
and only a render that stays within it goes on. The sandbox's own refusals (SecurityError, "no loader
for this environment") become the same one-line error.
"""

from __future__ import annotations

import functools
import os
import re
import sys
import threading
import time
import types
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from so8t.errors import So8tError

#: A chat template renders a conversation in milliseconds; one that runs for seconds loops on purpose.
TEMPLATE_TIME_BUDGET_S = 5.0
#: A rendered prompt is a context's worth of text (~4 bytes a token, tens of KB); a template that
#: produces more than this multiplies strings rather than formatting a conversation.
TEMPLATE_OUTPUT_BUDGET_CHARS = 1 << 20
#: Exponents above this make `**` a CPU and memory bomb and appear in no chat template.
_MAX_EXPONENT = 4096


class ChatTemplateError(So8tError):
    """A chat template does not render: the sandbox refused it, it raised, or it went over its budget."""

    code = "chat_template"


class ChatTemplateBudgetError(ChatTemplateError):
    """A chat template went over its time or output budget (never a template merely refusing a conversation)."""


class _OverBudget(Exception):
    """Raised inside a render that went over its time or output budget."""


_state = threading.local()


def _deadline() -> float:
    return getattr(_state, "deadline", float("inf"))


def _check_time() -> None:
    if time.monotonic() > _deadline():
        raise _OverBudget(f"it ran for more than {TEMPLATE_TIME_BUDGET_S:g} s")


def _size(value: Any) -> int | None:
    return len(value) if isinstance(value, (str, bytes, list, tuple)) else None


def _check_count(value: Any) -> None:
    """An integer that would size a string or list (a repeat count, a width) must fit the output budget."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and abs(value) > TEMPLATE_OUTPUT_BUDGET_CHARS:
        raise _OverBudget(f"it asks for {value:g} characters, over the {TEMPLATE_OUTPUT_BUDGET_CHARS >> 20} MB budget")


#: A field width or precision of seven or more digits in a format string ('%2000000000d', '{:>4000000000}').
_HUGE_WIDTH = re.compile(r"\d{7,}")


def _check_format(text: Any) -> None:
    if isinstance(text, str) and _HUGE_WIDTH.search(text) and ("%" in text or "{" in text):
        raise _OverBudget("its format string asks for a width of millions of characters")


def _weight(value: Any) -> int:
    """Characters a filter's input holds (a string, or the strings of a list): what join & co. build."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, (list, tuple)):
        return sum(len(v) if isinstance(v, str) else 1 for v in value)
    return 0


def _concat(pieces: tuple[Any, ...]) -> str:
    """The `~` operator, refused before it joins more than the budget (doubling a string in a loop)."""
    _check_time()
    texts = [str(p) for p in pieces]
    if sum(len(t) for t in texts) > TEMPLATE_OUTPUT_BUDGET_CHARS:
        raise _OverBudget(f"it builds more than {TEMPLATE_OUTPUT_BUDGET_CHARS >> 20} MB with ~")
    return "".join(texts)


def _call_binop(self: Any, context: Any, operator: str, left: Any, right: Any) -> Any:
    """The sandbox's binary operators, refused before they build more than the budget allows."""
    _check_time()
    if operator == "*":
        for seq, count in ((left, right), (right, left)):
            if _size(seq) is not None and isinstance(count, int) and _size(seq) * count > TEMPLATE_OUTPUT_BUDGET_CHARS:
                raise _OverBudget(f"it builds {_size(seq) * count:,} items with *, over the "
                                  f"{TEMPLATE_OUTPUT_BUDGET_CHARS >> 20} MB budget")
    elif operator == "+" and _size(left) is not None and _size(right) is not None:
        if _size(left) + _size(right) > TEMPLATE_OUTPUT_BUDGET_CHARS:
            raise _OverBudget(f"it builds more than {TEMPLATE_OUTPUT_BUDGET_CHARS >> 20} MB with +")
    elif operator == "**" and isinstance(right, (int, float)) and abs(right) > _MAX_EXPONENT:
        raise _OverBudget(f"it raises a number to the power {right:g}")
    elif operator == "%":
        _check_format(left)
    return self.binop_table[operator](left, right)


def _budgeted_call(base_call: Callable[..., Any]) -> Callable[..., Any]:
    def call(self: Any, context: Any, obj: Any, *args: Any, **kwargs: Any) -> Any:
        _check_time()
        for value in (*args, *kwargs.values()):
            _check_count(value)  # 'A'.ljust(4e9), 'x'.center(...): one C call, no later check sees it
        bound = getattr(obj, "__self__", None) or getattr(getattr(obj, "__wrapped__", None), "__self__", None)
        _check_format(bound)  # '{:>4000000000}'.format(1) (the sandbox wraps str.format)
        if getattr(obj, "__name__", "") == "join" and args and _weight(args[0]) > TEMPLATE_OUTPUT_BUDGET_CHARS:
            raise _OverBudget(f"it joins more than {TEMPLATE_OUTPUT_BUDGET_CHARS >> 20} MB")
        return base_call(context, obj, *args, **kwargs)
    return call


def _budgeted_filter(function: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        _check_time()
        values = [a for a in args if not _is_context(a)]
        for value in (*values[1:], *kwargs.values()):  # the first argument is the value filtered
            _check_count(value)
        if values:
            _check_format(values[0])
            if _weight(values[0]) > TEMPLATE_OUTPUT_BUDGET_CHARS:
                raise _OverBudget(f"a filter's input holds more than {TEMPLATE_OUTPUT_BUDGET_CHARS >> 20} MB")
        return function(*args, **kwargs)
    return wrapper


def _is_context(value: Any) -> bool:
    """Jinja passes its context or environment first to some filters (pass_context, pass_environment)."""
    from jinja2.environment import Environment
    from jinja2.nodes import EvalContext
    from jinja2.runtime import Context

    return isinstance(value, (Context, EvalContext, Environment))


def _budgeted_range(*args: int) -> Iterable[int]:
    """`range` that checks the clock at every step: nested loops are where a template spins."""
    for count in args:
        _check_count(count)
    for i in range(*args):
        _check_time()
        yield i


def _tracer(frame: types.FrameType, event: str, arg: Any) -> Any:
    """Check the clock on every line a compiled template runs (loops over lists built in the template)."""
    if frame.f_code.co_filename != "<template>":
        return None
    _check_time()
    return _line_tracer


def _line_tracer(frame: types.FrameType, event: str, arg: Any) -> Any:
    _check_time()
    return _line_tracer


@functools.cache
def _code_generator() -> type:
    """Jinja's code generator with `~` compiled to a call of the budgeted join (it has no operator hook)."""
    from jinja2.compiler import CodeGenerator

    class BudgetedCodeGenerator(CodeGenerator):
        def visit_Concat(self, node: Any, frame: Any) -> None:  # noqa: N802 - Jinja's visitor naming
            self.write("environment.budgeted_concat((")
            for arg in node.nodes:
                self.visit(arg, frame)
                self.write(", ")
            self.write("))")

    return BudgetedCodeGenerator


@functools.lru_cache(maxsize=16)
def _budgeted_template(template: str) -> Any:
    """The template compiled in a copy of transformers' chat-template environment, with every operator,
    call and filter checked against the budget."""
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    try:
        from transformers.utils.chat_template_utils import _compile_jinja_template

        # Their environment, taken from an empty template: compiling the real one there would fold
        # constants such as 'A' * 4000000000 at compile time, before any budget is in place.
        base = _compile_jinja_template("").environment
    except ImportError:  # pragma: no cover - transformers moved it: a plain sandbox with the same switches
        from jinja2.ext import loopcontrols

        base = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=[loopcontrols])
    env = base.overlay()
    env.code_generator_class = _code_generator()
    env.budgeted_concat = _concat
    env.intercepted_binops = frozenset({"*", "+", "**", "%"})
    env.call_binop = types.MethodType(_call_binop, env)
    env.call = types.MethodType(_budgeted_call(base.call), env)
    env.filters = {name: _budgeted_filter(f) for name, f in base.filters.items()}
    env.globals = {**base.globals, "range": _budgeted_range}
    if "raise_exception" not in env.globals:
        env.globals["raise_exception"] = _raise_exception
    return env.from_string(template)


def _raise_exception(message: str) -> None:
    from jinja2.exceptions import TemplateError

    raise TemplateError(message)


def check_chat_template(template: str, variables: Mapping[str, Any], *, source: str) -> str:
    """Render `template` with `variables` under the budget; the text, or a ChatTemplateError naming `source`.

    Callers render with their library afterwards (transformers, llama-cpp-python): a template that
    passed here renders there within the same budget, since both run the same template on the same data.
    """
    from jinja2.exceptions import TemplateError

    previous_trace = sys.gettrace()
    _state.deadline = time.monotonic() + TEMPLATE_TIME_BUDGET_S
    parts: list[str] = []
    size = 0
    try:
        compiled = _budgeted_template(template)
        _state.deadline = time.monotonic() + TEMPLATE_TIME_BUDGET_S  # compiling a template is not its render
        sys.settrace(_tracer)
        for piece in compiled.generate(**variables):
            size += len(piece)
            if size > TEMPLATE_OUTPUT_BUDGET_CHARS:
                raise _OverBudget(f"its output passed {TEMPLATE_OUTPUT_BUDGET_CHARS >> 20} MB")
            parts.append(piece)
    except _OverBudget as exc:
        raise ChatTemplateBudgetError(f"the chat template of {source} was stopped: {exc}",
                                "use the template from the model's source; a chat template only formats "
                                "the conversation") from None
    except (TemplateError, TypeError, ValueError, AttributeError, KeyError, IndexError, ZeroDivisionError,
            RecursionError, OverflowError, MemoryError) as exc:
        # SecurityError and "no loader for this environment specified" (an include) land here too.
        reason = " ".join(str(exc).split())[:200] or type(exc).__name__
        raise ChatTemplateError(f"the chat template of {source} does not render this conversation ({reason})",
                                "fix the conversation (roles in the order the template expects) or use the "
                                "template from the model's source") from None
    finally:
        sys.settrace(previous_trace)
        _state.deadline = float("inf")
    return "".join(parts)


def render_with_tokenizer(tokenizer: Any, messages: list[dict[str, Any]], *, source: str,
                          template: str | None = None, **kwargs: Any) -> Any:
    """`tokenizer.apply_chat_template(messages, …)` after the same render passed the budget."""
    template = template or getattr(tokenizer, "chat_template", None)
    if isinstance(template, str):
        variables = {**getattr(tokenizer, "special_tokens_map", {}), "messages": messages, "tools": None,
                     "documents": None, "add_generation_prompt": kwargs.get("add_generation_prompt", False)}
        check_chat_template(template, variables, source=source)
    try:
        return tokenizer.apply_chat_template(messages, chat_template=template, **kwargs)
    except So8tError:
        raise
    except Exception as exc:  # noqa: BLE001 - jinja2 and transformers raise many types for a template that fails
        reason = " ".join(str(exc).split())[:200] or type(exc).__name__
        raise ChatTemplateError(f"the chat template of {source} does not render this conversation ({reason})",
                                "fix the conversation or use the template from the model's source") from None


def check_gguf_chat_template(path: str | os.PathLike[str]) -> None:
    """Refuse a GGUF whose chat template goes over the budget, before llama-cpp-python loads it: its loader
    compiles every template of the file with plain Jinja, which folds `'A' * 4000000000` at compile time.

    A template that merely refuses the sample conversation is left to the chat itself; a file that is no
    readable GGUF is left to llama.cpp, which says so.
    """
    try:
        import gguf

        reader = gguf.GGUFReader(str(path))
        templates = [field.contents() for name, field in reader.fields.items()
                     if name == "tokenizer.chat_template" or name.startswith("tokenizer.chat_template.")]
    except Exception:  # noqa: BLE001 - not a readable GGUF: llama.cpp's own error names the problem
        return
    sample = {"messages": [{"role": "user", "content": "hi"}], "add_generation_prompt": True,
              "bos_token": "", "eos_token": ""}
    for template in templates:
        if isinstance(template, str):
            try:
                check_chat_template(template, sample, source=str(path))
            except ChatTemplateBudgetError:
                raise
            except ChatTemplateError:
                pass
