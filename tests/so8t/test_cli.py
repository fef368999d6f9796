"""The CLI contract: --json puts one object on the last line, --events keeps stdout pure JSON Lines."""

import json

from so8t.cli import main


def test_events_stream_is_json_lines_only_and_ends_with_the_result(capsys, tiny_model_dirs, tmp_path):
    code = main(["bake", "--model", str(tiny_model_dirs["llama"]), "--random-gates", "--verify",
                 "--out", str(tmp_path / "out"), "--events"])
    out, err = capsys.readouterr()
    assert code == 0
    events = [json.loads(line) for line in out.splitlines()]  # every stdout line is JSON
    assert events[-1]["kind"] == "result" and events[-1]["result"]["passed"] is True
    assert any(e["kind"] == "progress" for e in events)
    # The human summary is a log event before the result; stderr has none of it.
    assert any(e["kind"] == "log" and "baked 2 layers" in e["msg"] for e in events[:-1]), events[-3:]
    assert "baked 2 layers" not in err


def test_json_result_is_the_last_line(capsys, tiny_model_dirs, tmp_path):
    code = main(["bake", "--model", str(tiny_model_dirs["llama"]), "--random-gates",
                 "--out", str(tmp_path / "out"), "--json"])
    out = capsys.readouterr().out
    assert code == 0
    assert json.loads(out.strip().splitlines()[-1])["layers_baked"] == 2


def test_help_lists_every_stage_command(capsys):
    try:
        main(["--help"])
    except SystemExit as exc:
        assert exc.code == 0
    text = capsys.readouterr().out
    for command in ("train", "bake", "export-gguf", "quantize", "check-gguf", "triality", "calibrate",
                    "checkpoints", "report", "run", "resume", "demo", "selfcheck"):
        assert command in text
