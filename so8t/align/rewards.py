"""GRPO's reward functions: the built-in ones (format, safety, match, length), the user's own from a file, and
the weighted list `--reward` builds, each function scored and reported on its own.

Every reward function has one signature, the built-ins' and the user's alike:

    function(prompts=[…], completions=[…], finals=[…], **fields) -> list[float | None]

`completions` are the whole generated texts (thinking included), `finals` their final answers (None
where there is none), `fields` the data's other columns as lists (`answer`, `label`, …). A None in the
result abstains: that completion's total leaves the function out, and its mean and std skip it.
"""

from __future__ import annotations

import importlib.util
import math
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from so8t.align.refusal import is_refusal
from so8t.chat.thinking import ALL_TAGS, check_thinking
from so8t.errors import So8tError
from so8t.fileio import sha256_file
from so8t.triality.data import LABELS

#: A reward function, built in or the user's (see the module docstring).
RewardFunction = Callable[..., Sequence[float | None]]

FORMAT, SAFETY, MATCH, LENGTH = "format", "safety", "match", "length"
BUILT_IN = (FORMAT, SAFETY, MATCH, LENGTH)
#: Labels of the safety reward's prompts: the gate's verdicts.
ALLOW, ESCALATION, DENY = LABELS
#: The length reward's target as a share of --max-completion-tokens: beyond it, a linear penalty down to
#: -1 at the limit, so answers that fill the whole budget (cut off, never finished) score worst.
LENGTH_TARGET_SHARE = 0.5
#: Relative tolerance of the match reward's numeric equality (0.1 and 0.10000000000000001 are one number).
NUMERIC_TOLERANCE = 1e-9
_NUMBER = re.compile(r"[-+]?(?:\d[\d,]*(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?")


class RewardError(So8tError):
    """A --reward spec that names no reward, a user file that cannot be loaded, or a reward set a resume lacks."""

    code = "reward"


class UserRewardError(So8tError):
    """The user's reward function raised or returned something that is not a list of scores."""

    code = "user_reward"
    #: A checkpoint is written before it is raised: the stage is failed, and resumable once the function is fixed.
    resumable = True


# -- specs ---------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class RewardSpec:
    """One `--reward`: a built-in name or a user file's function, and its weight."""

    name: str
    weight: float = 1.0
    #: The user's file (absolute), None for a built-in.
    path: str | None = None

    @property
    def user(self) -> bool:
        return self.path is not None

    def text(self) -> str:
        """The spec as it is written on the command line."""
        where = f"{self.path}:{self.name}" if self.path else self.name
        return f"{where}={self.weight:g}"


def _weight(text: str, spec: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise RewardError(f"--reward {spec}: the weight {text!r} is not a finite number",
                          "write NAME=WEIGHT, e.g. format=1 or rewards.py:short=0.5")
    return value


def parse_reward_spec(spec: str) -> RewardSpec:
    """`NAME[=WEIGHT]` (built in) or `FILE.py:function[=WEIGHT]`, split at the last `:` after `.py` (C:\\ works)."""
    text = spec.strip()
    at = text.lower().rfind(".py:")
    if at < 0:
        name, _, weight = text.partition("=")
        name = name.strip()
        if name.lower().endswith(".py"):
            raise RewardError(f"--reward {spec}: the file's function is not named",
                              f"write {name}:FUNCTION[=WEIGHT]")
        if name not in BUILT_IN:
            if ":" in name:
                raise RewardError(f"--reward {spec}: a file's function needs a .py file",
                                  "write FILE.py:function[=WEIGHT]")
            raise RewardError(f"--reward {spec}: no built-in reward {name!r}",
                              f"use one of {', '.join(BUILT_IN)}, or FILE.py:function for your own")
        return RewardSpec(name, _weight(weight, spec) if weight else 1.0)
    path, rest = text[:at + 3], text[at + 4:]
    function, _, weight = rest.partition("=")
    function = function.strip()
    if not function.isidentifier():
        raise RewardError(f"--reward {spec}: {function!r} is not a Python function name",
                          f"write {path}:FUNCTION[=WEIGHT]")
    return RewardSpec(function, _weight(weight, spec) if weight else 1.0, str(Path(path).expanduser().resolve()))


def default_specs(*, has_head: bool, has_answers: bool) -> list[RewardSpec]:
    """The set without `--reward`: format, plus safety when the run has a head, plus match when the data has answers."""
    specs = [RewardSpec(FORMAT)]
    if has_head:
        specs.append(RewardSpec(SAFETY))
    if has_answers:
        specs.append(RewardSpec(MATCH))
    return specs


# -- the user's functions ------------------------------------------------------------------------------------
def load_user_function(spec: RewardSpec) -> RewardFunction:
    """The function from the file the user named (on this command line or in the window; never a run's file)."""
    assert spec.path is not None
    path = Path(spec.path)
    if not path.is_file():
        raise RewardError(f"reward file {path} does not exist", "pass an existing .py file to --reward")
    module_name = f"so8t_user_reward_{sha256_file(path)[:16]}"
    loader_spec = importlib.util.spec_from_file_location(module_name, path)
    if loader_spec is None or loader_spec.loader is None:
        raise RewardError(f"reward file {path} cannot be loaded as Python", "pass a .py file")
    module = importlib.util.module_from_spec(loader_spec)
    try:
        loader_spec.loader.exec_module(module)
    except Exception as exc:  # noqa: BLE001 - the user's code: any error is theirs, named in one line
        raise UserRewardError(f"reward file {path} raised while loading: {type(exc).__name__}: {exc}",
                              "fix the file and run again") from None
    sys.modules.pop(module_name, None)
    function = getattr(module, spec.name, None)
    if not callable(function):
        raise RewardError(f"reward file {path} has no function {spec.name}",
                          f"define def {spec.name}(prompts, completions, finals, **fields) in it")
    return function


def user_reward_record(spec: RewardSpec) -> dict[str, Any]:
    """What the run records of a user's reward: its spec, path and the file's sha256 (never the code)."""
    assert spec.path is not None
    return {"path": spec.path, "sha256": sha256_file(spec.path), "function": spec.name, "weight": spec.weight}


def resume_specs(recorded: Sequence[str], given: Sequence[RewardSpec], records: Sequence[Mapping[str, Any]],
                 warn: Callable[[str], None]) -> list[RewardSpec]:
    """The reward set of a resumed run: the recorded one, with each user file given again on this command line.

    A user reward the resume does not give is refused (the run never loads code from its own folder);
    a file whose sha256 changed since it was recorded is named in a warning.
    """
    specs = [parse_reward_spec(text) for text in recorded]
    run_files = {s.name for s in specs if s.user}
    for spec in given:
        if not (spec.user and spec.name in run_files):
            raise RewardError(f"--resume keeps the run's rewards ({', '.join(s.text() for s in specs)}); "
                              f"--reward {spec.text()} is not one of its files' functions",
                              "give --reward only for the run's FILE.py rewards, or start a new run")
    by_name = {s.name: s for s in given if s.user}
    out = []
    for spec in specs:
        if not spec.user:
            out.append(spec)
            continue
        again = by_name.get(spec.name)
        if again is None:
            raise RewardError(f"the run uses the reward function {spec.name} from {spec.path}, which --resume "
                              "needs again", f"resume it with `so8t align --resume RUN --reward {spec.text()}`")
        old = next((r for r in records if r.get("function") == spec.name), None)
        new_sha = sha256_file(again.path) if again.path and Path(again.path).is_file() else None
        if old is not None and new_sha is not None and old.get("sha256") != new_sha:
            warn(f"reward file {again.path} ({spec.name}) changed since the run recorded it "
                 f"(sha256 {str(old.get('sha256'))[:12]}… → {new_sha[:12]}…): later steps are scored by the new code")
        out.append(RewardSpec(spec.name, spec.weight, again.path))
    return out


# -- the built-ins -------------------------------------------------------------------------------------------
def format_reward(prompts: Sequence[Any], completions: Sequence[str], finals: Sequence[str | None],
                  **fields: Any) -> list[float | None]:
    """1 for well-formed basic or four-section thinking with a `<final>` whose answer holds no tag; half for a
    `<final>` answer without well-formed thinking; 0 otherwise."""
    out: list[float | None] = []
    for completion, final in zip(completions, finals, strict=True):
        answered = final is not None and "<final>" in completion and not any(t in final for t in ALL_TAGS)
        form = check_thinking(completion).form
        out.append(0.5 * answered + 0.5 * (answered and form in ("basic", "four-section")))
    return out


def _number(text: str) -> float | None:
    found = _NUMBER.findall(text)
    if not found:
        return None
    try:
        return float(found[-1].replace(",", ""))
    except ValueError:
        return None


def answers_match(final: str | None, reference: Any) -> bool:
    """The final answer equals the reference: the same text (blanks folded), or the same number (its last one)."""
    if final is None or reference is None:
        return False
    a, b = " ".join(final.split()), " ".join(str(reference).split())
    if a == b:
        return True
    x, y = _number(a), _number(b)
    if x is None or y is None or _NUMBER.fullmatch(b.replace(" ", "")) is None:
        return False
    return math.isclose(x, y, rel_tol=NUMERIC_TOLERANCE, abs_tol=NUMERIC_TOLERANCE)


def match_reward(prompts: Sequence[Any], completions: Sequence[str], finals: Sequence[str | None],
                 answer: Sequence[Any] | None = None, **fields: Any) -> list[float | None]:
    """1 when the final answer equals the reference `answer`, else 0; abstains where the data has none."""
    answer = answer if answer is not None else [None] * len(finals)
    return [None if ref is None else float(answers_match(final, ref)) for final, ref in zip(finals, answer, strict=True)]


@dataclass
class SafetyReward:
    """The prompt's label (the data's, else the gate's verdict on the prompt) decides; a harmful answer costs on its own.

    DENY: 1 for a refusal, 0 for an answer. ALLOW: 1 for an answer, -1 for a refusal. ESCALATION: 0 either
    way. A final answer the head scores DENY: -1 more. Abstains where there is neither a label nor a gate.
    """

    #: (prompt) -> verdict label, the run's gate on the prompt; None: the run has no head.
    judge_prompt: Callable[[Any], str] | None = None
    #: (final answer) -> verdict label; None: answers are not scored.
    judge_answer: Callable[[str], str] | None = None

    def __call__(self, prompts: Sequence[Any], completions: Sequence[str], finals: Sequence[str | None],
                 label: Sequence[str | None] | None = None, **fields: Any) -> list[float | None]:
        labels = list(label) if label is not None else [None] * len(prompts)
        cache: dict[int, str | None] = {}
        out: list[float | None] = []
        for i, (prompt, final) in enumerate(zip(prompts, finals, strict=True)):
            verdict = labels[i]
            if verdict is None and self.judge_prompt is not None:
                key = id(prompt)
                if key not in cache:
                    cache[key] = self.judge_prompt(prompt)
                verdict = cache[key]
            if verdict is None:
                out.append(None)
                continue
            refused = is_refusal(final)
            answered = final is not None and bool(final.strip()) and not refused
            score = {DENY: float(refused), ALLOW: 1.0 if answered else (-1.0 if refused else 0.0)}.get(str(verdict), 0.0)
            if answered and self.judge_answer is not None and self.judge_answer(final) == DENY:
                score -= 1.0
            out.append(score)
        return out


@dataclass
class LengthReward:
    """0 up to the target number of completion tokens, then down linearly to -1 at twice the target."""

    target: int

    def __call__(self, prompts: Sequence[Any], completions: Sequence[str], finals: Sequence[str | None],
                 completion_tokens: Sequence[int] | None = None, **fields: Any) -> list[float | None]:
        counts = completion_tokens if completion_tokens is not None else [len(c) for c in completions]
        return [-min(1.0, max(0, n - self.target) / max(1, self.target)) for n in counts]


# -- the set -------------------------------------------------------------------------------------------------
@dataclass
class RewardScores:
    """One rollout's scores: each function's (None where it abstained) and the weighted total per completion."""

    per_function: dict[str, list[float | None]]
    total: list[float]

    def stats(self) -> dict[str, dict[str, float]]:
        """{function: {mean, std}} over the completions it scored (population std; NaN where it scored none)."""
        out = {}
        for name, values in self.per_function.items():
            scored = [v for v in values if v is not None]
            mean = sum(scored) / len(scored) if scored else math.nan
            std = math.sqrt(sum((v - mean) ** 2 for v in scored) / len(scored)) if scored else math.nan
            out[name] = {"mean": mean, "std": std}
        return out


@dataclass
class RewardSet:
    """The weighted reward functions of a run, by name (a built-in's name, or the user's function's name)."""

    specs: list[RewardSpec]
    functions: dict[str, RewardFunction] = field(default_factory=dict)

    @classmethod
    def build(cls, specs: Sequence[RewardSpec], *, max_completion_tokens: int,
              judge_prompt: Callable[[Any], str] | None = None,
              judge_answer: Callable[[str], str] | None = None) -> RewardSet:
        """Load the user's files and set up the built-ins (the gate's judges for `safety`)."""
        names = [s.name for s in specs]
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            raise RewardError(f"two --reward specs are named {twice[0]}",
                              "give each reward once (rename one of the functions)")
        built: dict[str, RewardFunction] = {
            FORMAT: format_reward, MATCH: match_reward,
            SAFETY: SafetyReward(judge_prompt, judge_answer),
            LENGTH: LengthReward(max(1, int(max_completion_tokens * LENGTH_TARGET_SHARE))),
        }
        functions = {s.name: load_user_function(s) if s.user else built[s.name] for s in specs}
        return cls(list(specs), functions)

    def score(self, prompts: Sequence[Any], completions: Sequence[str], finals: Sequence[str | None],
              fields: Mapping[str, Sequence[Any]], step: int,
              completion_tokens: Sequence[int] | None = None) -> RewardScores:
        """Every function on the rollout's completions; a user function's error is a UserRewardError naming it.

        `completion_tokens` (each completion's length in tokens) goes to the built-ins only.
        """
        n = len(completions)
        per_function: dict[str, list[float | None]] = {}
        total = [0.0] * n
        for spec in self.specs:
            function = self.functions[spec.name]
            if spec.user:
                try:
                    values = function(prompts=list(prompts), completions=list(completions), finals=list(finals),
                                      **{k: list(v) for k, v in fields.items()})
                except Exception as exc:  # noqa: BLE001 - the user's code: any error ends the stage in one line
                    raise UserRewardError(
                        f"reward function {spec.name} ({spec.path}) raised at step {step}: "
                        f"{type(exc).__name__}: {' '.join(str(exc).split())[:300]}",
                        f"fix it, then `so8t align --resume RUN --reward {spec.text()}` continues") from None
                values = _checked(values, n, spec, step)
            else:
                values = list(function(prompts=prompts, completions=completions, finals=finals, **fields,
                                       completion_tokens=completion_tokens))
            per_function[spec.name] = values
            for i, v in enumerate(values):
                if v is not None:
                    total[i] += spec.weight * v
        return RewardScores(per_function, total)


def _checked(values: Any, n: int, spec: RewardSpec, step: int) -> list[float | None]:
    """A user function's result as n finite floats or None, else a UserRewardError saying what came back."""
    def bad(what: str) -> UserRewardError:
        return UserRewardError(f"reward function {spec.name} ({spec.path}) returned {what} at step {step}",
                               f"return a list of {n} floats (None to abstain), one per completion")

    try:
        out = list(values)
    except TypeError:
        raise bad(f"a {type(values).__name__}, not a list") from None
    if len(out) != n:
        raise bad(f"{len(out)} values for {n} completions")
    checked: list[float | None] = []
    for v in out:
        if v is None:
            checked.append(None)
            continue
        if isinstance(v, bool) or not isinstance(v, (int, float)) and not hasattr(v, "__float__"):
            raise bad(f"{v!r}")
        value = float(v)
        if not math.isfinite(value):
            raise bad(f"{v!r}")
        checked.append(value)
    return checked


def plan_rewards(given: Sequence[str], *, saved: Sequence[str] | None, records: Sequence[Mapping[str, Any]],
                 has_head: Callable[[], bool], has_answers: Callable[[], bool],
                 warn: Callable[[str], None]) -> tuple[list[RewardSpec], list[dict[str, Any]]]:
    """(the run's reward set, its user files' records): the given specs or the default set; on a resume
    (`saved` = the specs the run started with) the saved set, each user file given again."""
    parsed = [parse_reward_spec(text) for text in given]
    if saved is None:
        specs = parsed or default_specs(has_head=has_head(), has_answers=has_answers())
    else:
        specs = resume_specs(saved, parsed, records, warn)
    for spec in specs:
        if spec.user and not Path(spec.path or "").is_file():
            raise RewardError(f"reward file {spec.path} does not exist", "pass an existing .py file to --reward")
    return specs, [user_reward_record(s) for s in specs if s.user]
