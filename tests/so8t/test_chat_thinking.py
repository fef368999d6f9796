"""The thinking-format parser: streaming in any split gives the whole-text parse; hidden text never released."""

from __future__ import annotations

import pytest
from hypothesis import given, seed, settings
from hypothesis import strategies as st

from so8t.chat.thinking import (
    SECTIONS,
    THINKING_SECTIONS,
    ThinkingStream,
    check_thinking,
    parse_thinking,
    template_opens_thinking,
)

SECRET = "hunter2"


def stream_parse(pieces, **policy):
    stream = ThinkingStream(**policy)
    released = [stream.feed(p) for p in pieces]
    tail, parse = stream.finish()
    return "".join(released) + tail, parse


def test_tagged_output_answers_with_the_final_section_only():
    text = "<think-task>plan it</think-task>\n<think-safety>is it safe?</think-safety><final>Forty-two.</final>"
    parse = parse_thinking(text)
    assert parse.answer == "Forty-two."
    assert parse.sections == [("think-task", "plan it"), ("think-safety", "is it safe?")]
    released, streamed = stream_parse(list(text))
    assert released == "Forty-two." and streamed == parse


def test_untagged_output_is_the_whole_answer():
    for hold in (False, True):
        parse = parse_thinking("Just an answer, no tags.", hold=hold)
        assert parse.answer == "Just an answer, no tags." and parse.sections == [] and not parse.tagged


def test_unclosed_think_or_missing_final_gives_no_answer():
    for text in ("<think>never closes and says a secret", "<think>done</think> and some stray text"):
        for hold in (False, True):
            parse = parse_thinking(text, hold=hold)
            assert parse.answer is None, text
            released, streamed = stream_parse(list(text), hold=hold)
            assert released == "" and streamed.answer is None


def test_text_before_an_unclosed_section_is_held_back_by_a_model_that_knows_the_tags():
    text = "Sure. <think>secret reasoning"
    # A model that knows the tags: "Sure. " might be part of its thinking, so nothing is answered.
    assert parse_thinking(text, hold=True).answer is None
    assert stream_parse(list(text), hold=True)[0] == ""
    # Another model streamed "Sure. " as it came: the answer is what was shown, the open section stays hidden.
    released, parse = stream_parse(list(text))
    assert released == parse.answer == "Sure. " and parse.sections == [("think", "secret reasoning")]


def test_thinking_inside_an_untagged_output_stays_hidden():
    text = "Well. <think>hidden bit</think>Visible."
    for hold in (False, True):
        released, parse = stream_parse([text[:9], text[9:14], text[14:]], hold=hold)
        assert released == "Well. Visible." == parse.answer
        assert parse.sections == [("think", "hidden bit")]


def test_a_tag_split_across_tokens_is_held_back():
    stream = ThinkingStream()
    assert stream.feed("<fi") == ""
    assert stream.feed("nal>Hel") == "Hel"
    assert stream.feed("lo</fin") == "lo"
    assert stream.feed("al>") == ""
    assert stream.finish()[1].answer == "Hello"


# -- class 4: hidden thinking is released ---------------------------------------------------------------

#: (output, policy, the answer): each shape that released the thinking on main.
LEAKING_SHAPES = {
    "closing-never-opened": (f"the {SECRET} plan</think>Here is the answer.", {"hold": True}, "Here is the answer."),
    "closing-never-opened-then-final": (f"{SECRET}</think><final>ans</final>", {"hold": True}, "ans"),
    "template-opens-think": (f"{SECRET}</think>\n\nHere is the answer.", {"start_in": "think"}, "Here is the answer."),
    "template-opens-think-never-closed": (f"{SECRET} and more", {"start_in": "think"}, None),
    "think-nested-in-final": (f"<final>ans<think>{SECRET}</think></final>", {}, "ans"),
    "think-nested-in-final-unclosed": (f"<final>ans<think>{SECRET}</final>", {}, "ans"),
    "unclosed-think": (f"<think>{SECRET}", {}, None),
    "mismatched-close": (f"<think-task>{SECRET}</think><final>ans</final>", {}, None),
    "nested-think": (f"<think><think>{SECRET}</think>x</think><final>ans</final>", {}, "ans"),
    "stray-close-after-answer": (f"<final>ans</final>{SECRET}</think>", {}, "ans"),
}


@pytest.mark.parametrize("name", list(LEAKING_SHAPES))
def test_hidden_thinking_is_released_class_4(name):
    """Class 4: no leaking shape releases the secret, in a stream cut anywhere or in the whole-text parse."""
    text, policy, answer = LEAKING_SHAPES[name]
    whole = parse_thinking(text, **policy)
    assert whole.answer == answer
    for size in (1, 2, 3, 7, len(text)):
        released, streamed = stream_parse([text[i:i + size] for i in range(0, len(text), size)], **policy)
        assert SECRET not in released and streamed == whole
        assert released == (answer or "")


def test_a_stray_closing_tag_ends_the_shown_answer_of_a_model_without_tags():
    # A model that knows no thinking tags streams as it always did; the stray tag ends the answer there.
    released, parse = stream_parse(list("Hello there.</think>and then more"))
    assert released == parse.answer == "Hello there."


# -- class 30: streaming and non-streaming parses disagree -------------------------------------------------

@pytest.mark.parametrize("hold", [False, True])
def test_streaming_and_non_streaming_parses_disagree_class_30(hold):
    """Class 30: once the stream has sent "ans", the whole-text parse answers "ans" too."""
    text = "<final>ans</final><think>never closed"
    released, streamed = stream_parse(list(text), hold=hold)
    whole = parse_thinking(text, hold=hold)
    assert released == "ans" == whole.answer == streamed.answer


# -- acceptance 3, parser level: at least 500 seeded tag sequences with a secret inside thinking --------------

_tags = st.sampled_from([f"<{n}>" for n in SECTIONS] + [f"</{n}>" for n in SECTIONS])
_words = st.text(alphabet="ab <>/-\nthinkfal", min_size=0, max_size=6)
_texts = st.lists(st.one_of(_tags, _words), max_size=10).map("".join)
_plain = st.text(alphabet="xyz .\n", max_size=5)
_policies = st.sampled_from([{}, {"hold": True}, {"start_in": "think"}, {"start_in": "think-task", "hold": True}])


@st.composite
def _split(draw, text):
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=len(text) + 1)))
    bounds = [0, *cuts, len(text)]
    return [text[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]


@st.composite
def _secret_in_thinking(draw):
    """(text, pieces, policy): random tags around a secret that is, by construction, thinking text.

    Inside a thinking section the output opens (closed or not, anywhere, nested in <final> or not);
    or, for a model that knows the tags, at the start of the output before a closing tag; or at the
    start, inside the section that the chat template opened.
    """
    shape = draw(st.sampled_from(["opened", "before-close", "template-opened"]))
    after = draw(_texts)
    if shape == "opened":
        name = draw(st.sampled_from(THINKING_SECTIONS))
        closed = draw(st.booleans())
        text = f"{draw(_texts)}<{name}>{draw(_plain)}{SECRET}{draw(_plain)}{f'</{name}>' if closed else ''}{after}"
        policy = draw(_policies)
    elif shape == "before-close":
        name = draw(st.sampled_from(THINKING_SECTIONS))
        text = f"{draw(_plain)}{SECRET}{draw(_plain)}</{name}>{after}"
        policy = {"hold": True}
    else:
        text = f"{draw(_plain)}{SECRET}{draw(_plain)}{after}"
        policy = {"start_in": "think"}
    return text, draw(_split(text)), policy


@seed(20261206)
@settings(max_examples=600, deadline=None, database=None)
@given(_secret_in_thinking())
def test_a_secret_inside_thinking_never_reaches_the_answer(case):
    text, pieces, policy = case
    released, streamed = stream_parse(pieces, **policy)
    whole = parse_thinking(text, **policy)
    assert SECRET not in released and SECRET not in (whole.answer or "")
    assert streamed == whole and released == (whole.answer or "")


@seed(20261207)
@settings(max_examples=400, deadline=None, database=None)
@given(_texts.flatmap(lambda text: st.tuples(st.just(text), _split(text), _policies)))
def test_any_split_gives_the_whole_text_parse(case):
    text, pieces, policy = case
    released, streamed = stream_parse(pieces, **policy)
    whole = parse_thinking(text, **policy)
    assert streamed == whole
    # What the stream showed is exactly the answer: never text the whole parse would hide.
    assert released == (whole.answer or "")


_well_formed = st.lists(
    st.tuples(st.sampled_from(SECTIONS), st.text(alphabet="xyz <>/\n", max_size=8)).map(
        lambda nb: f"<{nb[0]}>{nb[1].replace('</', '<_')}</{nb[0]}>"), min_size=1, max_size=5).map("".join)


@settings(max_examples=200, deadline=None)
@given(_well_formed.flatmap(lambda text: st.tuples(st.just(text), _split(text))))
def test_well_formed_tagged_text_one_token_at_a_time(case):
    text, pieces = case
    for hold in (False, True):
        released, streamed = stream_parse(pieces, hold=hold)
        assert streamed == parse_thinking(text, hold=hold)
        assert streamed.tagged
        finals = text.split("<final>")[1:]
        expected = "".join(f.split("</final>")[0] for f in finals)
        assert released == expected and streamed.answer == (expected if finals else None)


def test_a_template_that_opens_a_section_is_recognised():
    assert template_opens_thinking("<|im_start|>assistant\n<think>\n") == "think"
    assert template_opens_thinking("<|im_start|>assistant\n<think-task>") == "think-task"
    assert template_opens_thinking("<|im_start|>assistant\n") is None
    assert template_opens_thinking("<|im_start|>assistant\n<think></think>\n") is None


# -- the training-data checker --------------------------------------------------------------------------

@pytest.mark.parametrize("text, form", [
    ("Just an answer.", "plain"),
    ("<think>a</think><final>b</final>", "basic"),
    ("<think>a</think>\n<final>b</final>\n", "basic"),
    ("<think-task>a</think-task><think-safety>b</think-safety><think-policy>c</think-policy><final>d</final>", "four-section"),
    ("<final>b</final>", "final"),
])
def test_well_formed_thinking_is_accepted(text, form):
    check = check_thinking(text)
    assert check.ok and check.form == form


@pytest.mark.parametrize("text, problem", [
    ("<think>a", "<think> is never closed"),
    ("secret</think><final>b</final>", "</think> closes a section that was never opened"),
    ("<final>a<think>b</think></final>", "<think> inside <final>"),
    ("<think-task>a</think><final>b</final>", "<think-task> is closed by </think>"),
    ("<think>a</think>stray<final>b</final>", "text outside the sections"),
    ("<think>a</think><final>b</final> and more", "text outside the sections (after </final>)"),
    ("<think>a</think>", "no <final> section"),
    ("<final>b</final><think>a</think>", "unknown order"),
])
def test_malformed_thinking_is_named(text, problem):
    check = check_thinking(text)
    assert not check.ok and check.form is None and problem in check.problem
