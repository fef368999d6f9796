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


def test_a_library_log_record_adds_no_line_to_the_one_line_error(capsys, monkeypatch, tmp_path):
    """`kernels` (through transformers ≥ 5.25) logs a WARNING when offline; the user's error stays one line."""
    import logging

    from so8t.commands import runs
    from so8t.errors import RunError

    def run(args, events):
        # The record bitsandbytes' CPU backend makes kernels log while a model loads.
        logging.getLogger("kernels._internals.resolver").warning(
            "Skipping publisher trust check for 'kernels-community/x' because Hugging Face Hub is in offline mode.")
        logging.getLogger("bitsandbytes.backends.cpu.ops").warning("Failed to load CPU gemm_4bit_forward")
        raise RunError(f"{tmp_path} is not a run folder", "pass a folder that so8t made")

    monkeypatch.setattr(runs, "run", run)
    # As in a fresh process: no handler on the root logger, so a WARNING reaches stderr (logging.lastResort).
    monkeypatch.setattr(logging.root, "handlers", [])
    quieted = [logging.getLogger(name) for name in ("kernels", "bitsandbytes")]
    levels = [logger.level for logger in quieted]
    for logger in quieted:
        logger.setLevel(logging.NOTSET)
    try:
        code = main(["runs"])
    finally:
        for logger, level in zip(quieted, levels, strict=True):
            logger.setLevel(level)
    err = capsys.readouterr().err.splitlines()
    assert code == 2
    assert len(err) == 1 and err[0].startswith("so8t runs: error: ") and "not a run folder" in err[0], err
