"""The shapes a data file may take (OpenAI, ShareGPT, Alpaca, pairs, …), found from its fields and normalised to four kinds."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from so8t.errors import DataFileError

# -- the four kinds of normalised record ------------------------------------------------------------
CONVERSATIONS, PAIRS, PROMPTS, LABELLED = "conversations", "pairs", "prompts", "labelled"
KINDS = (CONVERSATIONS, PAIRS, PROMPTS, LABELLED)

#: The roles a normalised conversation holds.
ROLES = ("system", "user", "assistant")
#: ShareGPT's `from` values (and the OpenAI names some exports use there), as roles.
SHAREGPT_ROLES = {"human": "user", "user": "user", "gpt": "assistant", "assistant": "assistant",
                  "system": "system", "chatgpt": "assistant", "bing": "assistant", "bard": "assistant"}
#: The safety classes a label may name (so8t.triality.data.LABELS, repeated here to keep this module light).
SAFETY_LABELS = ("ALLOW", "ESCALATION", "DENY")

#: Every field a shape reads; `--map FIELD=COLUMN` may name any of them.
FIELDS = ("messages", "conversations", "instruction", "input", "output", "prompt", "completion", "response",
          "chosen", "rejected", "text", "label", "answer", "system", "id", "reasoning", "task", "safety", "policy")

#: Fields a shape may go without: an empty value of one (an empty CSV cell) is no value.
OPTIONAL_FIELDS = ("input", "system", "label", "answer", "id")

#: The thinking formats a conversion writes: the columns each needs besides the prompt.
THINKING_FORMATS = {"basic": ("reasoning", "answer"), "four-section": ("task", "safety", "policy", "answer")}


@dataclass(frozen=True)
class Shape:
    """One input shape: its name, the kind it normalises to, and the fields that identify it."""

    name: str
    kind: str
    needs: tuple[str, ...]
    #: Fields that, present, make it another shape (prompt + chosen is a pair, not a prompt).
    excludes: tuple[str, ...] = ()


#: In detection order: the first shape whose fields are all present (and none of its excludes) wins.
SHAPES = (
    Shape("openai-messages", CONVERSATIONS, ("messages",)),
    Shape("sharegpt", CONVERSATIONS, ("conversations",)),
    Shape("preference-pairs", PAIRS, ("prompt", "chosen", "rejected")),
    Shape("alpaca", CONVERSATIONS, ("instruction", "output")),
    Shape("prompt-completion", CONVERSATIONS, ("prompt", "completion")),
    Shape("prompt-response", CONVERSATIONS, ("prompt", "response")),
    Shape("text-label", LABELLED, ("text", "label")),
    Shape("prompts", PROMPTS, ("prompt",), excludes=("chosen", "rejected", "completion", "response")),
)
SHAPE_NAMES = tuple(s.name for s in SHAPES)
#: What `--thinking-format` turns a prompt + answer (and its reasoning columns) into.
THINKING_SHAPE = "thinking-conversion"

_HINT = ('give columns of one shape: messages; conversations (from/value); instruction/input/output; '
         'prompt/completion; prompt/response; prompt/chosen/rejected; text/label; prompt (+answer, label); '
         'or rename columns with --map FIELD=COLUMN')


def parse_map(items: list[str] | tuple[str, ...]) -> dict[str, str]:
    """`--map FIELD=COLUMN` items as {column: field}; an unknown field or a malformed item is refused."""
    out: dict[str, str] = {}
    for item in items:
        field_name, sep, column = str(item).partition("=")
        field_name, column = field_name.strip(), column.strip()
        if not sep or not field_name or not column:
            raise DataFileError(f"--map {item!r} is not FIELD=COLUMN", "write it like --map prompt=question")
        if field_name not in FIELDS:
            raise DataFileError(f"--map {item!r} names an unknown field {field_name!r}",
                                f"use one of: {', '.join(FIELDS)}")
        if column in out:
            raise DataFileError(f"--map maps column {column!r} twice", "map each column to one field")
        out[column] = field_name
    return out


def mapped(row: dict[str, Any], mapping: dict[str, str]) -> dict[str, Any]:
    """A row with its mapped columns renamed to their fields (a mapped field replaces a column of that name)."""
    if not mapping:
        return row
    out = {k: v for k, v in row.items() if k not in mapping and k not in mapping.values()}
    for column, field_name in mapping.items():
        if column in row:
            out[field_name] = row[column]
    return out


def _present(row: dict[str, Any], name: str) -> bool:
    return name in row and row[name] is not None


def detect_shape(row: dict[str, Any], where: str, *, thinking_format: str | None = None) -> Shape:
    """The shape of one row from its fields; none fits: a DataFileError naming the fields it has."""
    if thinking_format is not None:
        needs = THINKING_FORMATS[thinking_format]
        missing = [f for f in needs if not _present(row, f)]
        if not (_present(row, "prompt") or _present(row, "instruction")):
            missing.insert(0, "prompt")
        if missing:
            raise DataFileError(
                f"{where}: --thinking-format {thinking_format} needs the field(s) {', '.join(missing)}",
                "map them from your columns, e.g. " + " ".join(f"--map {f}=COLUMN" for f in missing))
        return Shape(THINKING_SHAPE, CONVERSATIONS, needs)
    for shape in SHAPES:
        if all(_present(row, f) for f in shape.needs) and not any(_present(row, f) for f in shape.excludes):
            return shape
    fields = ", ".join(sorted(map(str, row))[:12]) or "none"
    raise DataFileError(f"{where} has no known shape (its fields: {fields})", _HINT)


def _text(value: Any, where: str, name: str) -> str:
    """A string field; numbers are refused rather than turned into text a person did not write."""
    if not isinstance(value, str):
        raise DataFileError(f"{where}: field {name} is {type(value).__name__}, not text",
                            f"write {name} as a string (quote it in JSON)")
    return value


def _optional_text(row: dict[str, Any], name: str, where: str) -> str | None:
    return _text(row[name], where, name) if _present(row, name) else None


def _label(row: dict[str, Any], where: str, *, required: bool = False) -> str | None:
    """The safety label of a row, upper-cased; outside the three classes: refused."""
    if not _present(row, "label") or row["label"] == "":
        if required:
            raise DataFileError(f"{where}: field label is empty", f"give one of: {', '.join(SAFETY_LABELS)}")
        return None
    value = row["label"]
    if isinstance(value, str) and value.strip().upper() in SAFETY_LABELS:
        return value.strip().upper()
    raise DataFileError(f"{where}: field label is {str(value)[:40]!r}, not a safety class",
                        f"use one of: {', '.join(SAFETY_LABELS)}")


def _messages(value: Any, where: str, name: str) -> list[dict[str, str]]:
    """An OpenAI message list ({role, content}) checked role by role."""
    if not isinstance(value, list) or not value:
        raise DataFileError(f"{where}: field {name} is not a non-empty list of messages",
                            'write it as [{"role": "user", "content": "…"}, …]')
    out = []
    for i, m in enumerate(value):
        if not isinstance(m, dict):
            raise DataFileError(f"{where}: {name}[{i}] is not an object", 'write {"role": …, "content": …}')
        role = m.get("role")
        if role not in ROLES:
            raise DataFileError(f"{where}: {name}[{i}] has role {str(role)[:30]!r}",
                                f"use one of: {', '.join(ROLES)}")
        out.append({"role": role, "content": _text(m.get("content"), where, f"{name}[{i}].content")})
    return out


def _sharegpt(value: Any, where: str) -> list[dict[str, str]]:
    if not isinstance(value, list) or not value:
        raise DataFileError(f"{where}: field conversations is not a non-empty list of turns",
                            'write it as [{"from": "human", "value": "…"}, {"from": "gpt", "value": "…"}]')
    out = []
    for i, turn in enumerate(value):
        if not isinstance(turn, dict):
            raise DataFileError(f"{where}: conversations[{i}] is not an object", 'write {"from": …, "value": …}')
        who = turn.get("from")
        role = SHAREGPT_ROLES.get(who.strip().lower()) if isinstance(who, str) else None
        if role is None:
            raise DataFileError(f"{where}: conversations[{i}] has role {str(who)[:30]!r}",
                                "use from: human, gpt or system")
        out.append({"role": role, "content": _text(turn.get("value"), where, f"conversations[{i}].value")})
    return out


def _with_system(row: dict[str, Any], where: str, messages: list[dict[str, str]]) -> list[dict[str, str]]:
    system = _optional_text(row, "system", where)
    return ([{"role": "system", "content": system}] if system else []) + messages


def _user_prompt(row: dict[str, Any], where: str) -> str:
    """The user's text: `prompt`, or Alpaca's instruction followed by its input."""
    if _present(row, "prompt"):
        return _text(row["prompt"], where, "prompt")
    instruction = _text(row["instruction"], where, "instruction")
    extra = _optional_text(row, "input", where)
    return f"{instruction}\n\n{extra}" if extra else instruction


def _pair_side(row: dict[str, Any], name: str, where: str) -> str | list[dict[str, str]]:
    value = row[name]
    return value if isinstance(value, str) else _messages(value, where, name)


def thinking_answer(row: dict[str, Any], where: str, thinking_format: str) -> str:
    """The assistant text of a conversion: the reasoning columns in their tags, then `<final>answer</final>`."""
    answer = _text(row["answer"], where, "answer")
    if thinking_format == "basic":
        return f"<think>{_text(row['reasoning'], where, 'reasoning')}</think><final>{answer}</final>"
    parts = "".join(f"<think-{n}>{_text(row[n], where, n)}</think-{n}>" for n in ("task", "safety", "policy"))
    return f"{parts}<final>{answer}</final>"


def _conversation(messages: list[dict[str, str]]) -> dict[str, Any]:
    return {"messages": messages}


def normalise(row: dict[str, Any], shape: Shape, where: str, *, thinking_format: str | None = None) -> dict[str, Any]:
    """One row of `shape` as its kind's record (text not yet cleaned); `id` and `label` kept where given."""
    name = shape.name
    if name == "openai-messages":
        record = _conversation(_messages(row["messages"], where, "messages"))
    elif name == "sharegpt":
        record = _conversation(_sharegpt(row["conversations"], where))
    elif name == THINKING_SHAPE:
        assert thinking_format is not None
        record = _conversation(_with_system(row, where, [
            {"role": "user", "content": _user_prompt(row, where)},
            {"role": "assistant", "content": thinking_answer(row, where, thinking_format)}]))
    elif name in ("alpaca", "prompt-completion", "prompt-response"):
        answer_field = {"alpaca": "output", "prompt-completion": "completion", "prompt-response": "response"}[name]
        record = _conversation(_with_system(row, where, [
            {"role": "user", "content": _user_prompt(row, where)},
            {"role": "assistant", "content": _text(row[answer_field], where, answer_field)}]))
    elif name == "preference-pairs":
        prompt = row["prompt"]
        record = {"prompt": prompt if isinstance(prompt, str) else _messages(prompt, where, "prompt"),
                  "chosen": _pair_side(row, "chosen", where), "rejected": _pair_side(row, "rejected", where)}
    elif name == "text-label":
        record = {"text": _text(row["text"], where, "text")}
        label = _label(row, where, required=True)
        record["label"] = label
        return _with_id(record, row, where)
    else:  # prompts
        record = {"prompt": _text(row["prompt"], where, "prompt")}
        answer = _optional_text(row, "answer", where)
        if answer is not None:
            record["answer"] = answer
    label = _label(row, where)
    if label is not None:
        record["label"] = label
    return _with_id(record, row, where)


def _with_id(record: dict[str, Any], row: dict[str, Any], where: str) -> dict[str, Any]:
    if _present(row, "id"):
        value = row["id"]
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            raise DataFileError(f"{where}: field id is {type(value).__name__}", "give ids as text or whole numbers")
        record["id"] = str(value)
    return record
