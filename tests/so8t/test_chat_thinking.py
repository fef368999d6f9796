"""The thinking-format parser: streaming in any split gives the whole-text parse; hidden text never released."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from so8t.chat.thinking import SECTIONS, ThinkingStream, parse_thinking


def stream_parse(pieces):
    stream = ThinkingStream()
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
    parse = parse_thinking("Just an answer, no tags.")
    assert parse.answer == "Just an answer, no tags." and parse.sections == [] and not parse.tagged


def test_unclosed_think_or_missing_final_gives_no_answer():
    for text in ("<think>never closes and says a secret", "<think>done</think> and some stray text",
                 "Sure. <think>secret reasoning"):
        parse = parse_thinking(text)
        assert parse.answer is None, text
        released, streamed = stream_parse(list(text))
        assert "secret" not in released and "never" not in released and streamed.answer is None


def test_thinking_inside_an_untagged_output_stays_hidden():
    text = "Well. <think>hidden bit</think>Visible."
    released, parse = stream_parse([text[:9], text[9:14], text[14:]])
    assert released == "Well. Visible." == parse.answer
    assert parse.sections == [("think", "hidden bit")]


def test_a_tag_split_across_tokens_is_held_back():
    stream = ThinkingStream()
    assert stream.feed("<fi") == ""
    assert stream.feed("nal>Hel") == "Hel"
    assert stream.feed("lo</fin") == "lo"
    assert stream.feed("al>") == ""
    assert stream.finish()[1].answer == "Hello"


_tags = st.sampled_from([f"<{n}>" for n in SECTIONS] + [f"</{n}>" for n in SECTIONS])
_words = st.text(alphabet="ab <>/-\nthinkfal", min_size=0, max_size=6)
_texts = st.lists(st.one_of(_tags, _words), max_size=14).map("".join)


@st.composite
def _text_and_split(draw, texts=_texts):
    text = draw(texts)
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=len(text) + 1)))
    bounds = [0, *cuts, len(text)]
    return text, [text[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]


_well_formed = st.lists(
    st.tuples(st.sampled_from(SECTIONS), st.text(alphabet="xyz <>/\n", max_size=8)).map(
        lambda nb: f"<{nb[0]}>{nb[1].replace('</', '<_')}</{nb[0]}>"), min_size=1, max_size=5).map("".join)


@settings(max_examples=400, deadline=None)
@given(_text_and_split())
def test_any_split_gives_the_whole_text_parse(case):
    text, pieces = case
    released, streamed = stream_parse(pieces)
    whole = parse_thinking(text)
    assert streamed == whole
    if whole.answer is not None:
        assert released == whole.answer
    # Nothing released is ever part of a thinking section.
    for _, body in whole.sections:
        if body and body.strip() and whole.answer is not None:
            assert body not in released or body in whole.answer


@settings(max_examples=200, deadline=None)
@given(_text_and_split(_well_formed))
def test_well_formed_tagged_text_one_token_at_a_time(case):
    text, pieces = case
    released, streamed = stream_parse(pieces)
    assert streamed == parse_thinking(text)
    assert streamed.tagged
    finals = [p for p in text.split("<final>")[1:]]
    assert released == "".join(f.split("</final>")[0] for f in finals) == (streamed.answer or "")
