"""A stage is one folder: a toy stage outside so8t, registered through the so8t.stages entry points, gets its
command, its run, its report section and its line in `so8t runs` with no other file changed."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.so8t.cli_checks import run_real

ROOT = Path(__file__).resolve().parents[2]
#: The toy stage's folder: a package and its dist-info, whose entry_points.txt names its STAGE.
ECHO_PATH = ROOT / "tests" / "fixtures" / "stage_echo"


def _with_echo() -> dict[str, str]:
    """The environment of a `so8t` that sees the toy stage (this checkout first, then the stage's folder)."""
    return {"PYTHONPATH": os.pathsep.join([str(ROOT), str(ECHO_PATH)])}


def _python(code: str, env: dict[str, str] | None = None) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})})
    return done.stdout.strip()


def test_building_the_parser_imports_no_stage_dependency():
    loaded = _python("import sys\nfrom so8t.cli import build_parser\nbuild_parser()\n"
                     "print(','.join(m for m in ('torch', 'transformers', 'fastapi') if m in sys.modules))")
    assert loaded == ""
    # The negative control: the engine's modules that do need them are what would bring them in.
    assert "fastapi" in _python("import sys, so8t.chat.server\nprint(','.join(sys.modules))")


def test_listing_stages_and_their_titles_imports_no_torch():
    out = _python("import sys\nfrom so8t.stage_contract import all_stages, stage_title\n"
                  "print([stage_title(n) for n in all_stages()], 'torch' in sys.modules)")
    assert out.startswith("['Prepare data', 'Pretrain demo model', 'Train gates (QLoRA)'") and out.endswith("False")


def test_existing_commands_keep_their_names():
    from so8t.pipeline.stages import STAGES

    assert STAGES["export"].command == "export-gguf" and STAGES["check"].command == "check-gguf"
    assert STAGES["train"].command == "train" and STAGES["train"].resumable
    assert STAGES["report"].needs == tuple(n for n in STAGES if n != "report")


def test_the_runner_names_no_stage():
    """What training needs (a picked checkpoint, its data read before the run folder) are properties of the stage."""
    runner = (ROOT / "so8t" / "pipeline" / "runner.py").read_text(encoding="utf-8")
    assert re.findall(r"""["']train["']""", runner) == []


def test_stage_titles_are_spelled_in_one_place():
    """Each built-in stage's title appears in the code once: its STAGE, in its own package (translations and
    docs aside)."""
    import sys

    from so8t.pipeline.stages import built_in_stages

    sources = [p for folder in ("so8t", "gui", "workers") for p in (ROOT / folder).rglob("*.py")]
    for stage in built_in_stages():
        spelled = [p.relative_to(ROOT).as_posix() for p in sources if f'"{stage.title}"' in p.read_text(encoding="utf-8")]
        own = Path(sys.modules[type(stage).__module__].__file__).resolve().relative_to(ROOT).as_posix()
        assert own != "so8t/pipeline/stages.py", stage.name  # the pipeline keeps only the order
        if " " in stage.title:  # one-word titles ("Report") are also names of classes in `__all__` lists
            assert spelled == [own], (stage.title, spelled)
        assert not {"gui/names.py", "so8t/report/content.py"} & set(spelled), (stage.title, spelled)


@pytest.mark.slow  # starts so8t in a child process
def test_a_stage_from_outside_so8t_has_its_command_run_report_and_run_list(tmp_path):
    env = _with_echo()
    # Without the stage's folder on the path there is no such command (the negative control).
    assert run_real(["echo", "--help"]).returncode == 2
    help_text = run_real(["echo", "--help"], env=env)
    assert help_text.returncode == 0, help_text.stderr
    assert "Echo a text" in help_text.stdout and "--text" in help_text.stdout and "--repeat" in help_text.stdout

    config = tmp_path / "echo.toml"
    config.write_text('[run]\nname = "echoing"\nstages = ["echo", "report"]\n\n[echo]\ntext = "so8t"\nrepeat = 3\n')
    done = run_real(["run", "--config", config, "--workspace", tmp_path / "ws", "--json"], env=env)
    assert done.returncode == 0, done.stderr
    outcome = json.loads(done.stdout.splitlines()[-1])
    assert outcome["stages"] == {"echo": "finished", "report": "finished"}
    assert outcome["results"]["echo"] == {"echoed": "so8t so8t so8t", "characters": 14}
    run_dir = Path(outcome["path"])
    assert json.loads((run_dir / "echo.json").read_text())["record"] == "echo"

    listed = run_real(["runs", "--workspace", tmp_path / "ws", "--json"], env=env)
    runs = json.loads(listed.stdout.splitlines()[-1])["runs"]
    assert [(r["state"], r["stages"]) for r in runs] == [("finished", {"echo": "finished", "report": "finished"})]
    assert "echo:finished" in run_real(["runs", "--workspace", tmp_path / "ws"], env=env).stdout

    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    pdf = subprocess.run(["pdftotext", "-layout", str(run_dir / "report.pdf"), "-"], capture_output=True,
                         text=True, check=True).stdout
    section = pdf[pdf.index("Echo a text", pdf.index("Configuration") + 1):]
    assert re.search(r"\d+\. Echo a text", pdf), pdf
    assert re.search(r"echoed text\s+so8t so8t so8t", section) and re.search(r"characters written\s+14", section)
    html = (run_dir / "report.html").read_text(encoding="utf-8")
    assert "Echo a text" in html and "characters written" in html and "so8t so8t so8t" in html


@pytest.mark.slow  # starts so8t in a child process
def test_the_stage_alone_is_a_new_run_of_it(tmp_path):
    done = run_real(["echo", "--text", "hi", "--workspace", tmp_path, "--json"], env=_with_echo())
    assert done.returncode == 0, done.stderr
    outcome = json.loads(done.stdout.splitlines()[-1])
    assert outcome["stages"] == {"echo": "finished"} and outcome["results"]["echo"]["echoed"] == "hi hi"
    bad = run_real(["echo", "--repeat", "0", "--workspace", tmp_path], env=_with_echo())
    assert bad.returncode == 2 and "repeat" in bad.stderr and "Traceback" not in bad.stderr


def test_one_reader_reads_every_record_type(tmp_path):
    sys.path.insert(0, str(ECHO_PATH))
    try:
        from so8t_stage_echo import EchoRecord

        from so8t.errors import RecordError
        from so8t.store.records import field_labels, read_record, write_record

        path = write_record(tmp_path, EchoRecord(echoed="a", characters=1))
        assert path == tmp_path / "echo.json"
        assert read_record(EchoRecord, tmp_path) == EchoRecord(echoed="a", characters=1)
        assert field_labels(EchoRecord) == {"echoed": "echoed text", "characters": "characters written"}
        path.write_text(json.dumps({"format": 2, "record": "echo", "echoed": "a", "characters": 1}))
        with pytest.raises(RecordError, match="newer so8t"):
            read_record(EchoRecord, tmp_path)
    finally:
        sys.path.remove(str(ECHO_PATH))


def test_a_list_flag_takes_comma_separated_names():
    import argparse

    from so8t.commands._flags import add_config_flags, flag_values
    from so8t.demo import PretrainConfig

    parser = argparse.ArgumentParser()
    add_config_flags(parser, PretrainConfig, skip=("out",))
    for argv in (["--extra-corpus", "a.txt,b.txt", "c.txt"], ["--extra-corpus", "a.txt", "b.txt,c.txt"]):
        assert flag_values(parser.parse_args(argv), PretrainConfig)["extra_corpus"] == ["a.txt", "b.txt", "c.txt"]


@pytest.mark.slow  # starts so8t in a child process
def test_a_broken_stage_package_is_named_once_and_the_rest_works(tmp_path):
    """An entry point whose module is missing: one warning line naming it, and so8t goes on without it."""
    broken = ROOT / "tests" / "fixtures" / "stage_broken"
    env = {"PYTHONPATH": os.pathsep.join([str(ROOT), str(broken), str(ECHO_PATH)])}
    done = run_real(["echo", "--workspace", tmp_path, "--json"], env=env)
    assert done.returncode == 0, done.stderr
    assert [line for line in done.stderr.splitlines() if "warning" in line] == [
        "so8t: warning: stage 'broken' from so8t_stage_missing:STAGE cannot be loaded "
        "(ModuleNotFoundError: No module named 'so8t_stage_missing'); fix or uninstall that package"]
    assert "Traceback" not in done.stderr
