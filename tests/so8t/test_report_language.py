"""`so8t report --lang en|ja`: the report in the reader's language, its texts read from resources/i18n without Qt."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from so8t.report.content import SECTION_TITLES
from so8t.report.words import CONTEXT, catalog, marked_texts, speaking, tr
from so8t.resources import RESOURCES_DIR
from tests.sample_run import write_sample_run

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler's pdftotext")
#: A section heading as the PDF prints it: "3. ..." in either language.
HEADING = re.compile(r"^\d+\. \S")
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def _report(run: Path, pdf: Path, *lang: str) -> list[str]:
    """`so8t report` in a child, one per PDF as the window and the pipeline write them: in one process after
    other tests' PDFs, the Japanese PDF's text layer came out broken (pdftotext read '4. ベ' for a heading)."""
    proc = subprocess.run([sys.executable, "-m", "so8t", "report", str(run), "--pdf", str(pdf), *lang],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [line.strip() for line in text.splitlines() if HEADING.match(line.strip())]


@pytest.mark.slow
@needs_poppler
def test_the_report_is_written_in_the_language_asked_for(tmp_path):
    run = write_sample_run(tmp_path / "runs")
    japanese = _report(run, tmp_path / "ja.pdf", "--lang", "ja")
    english = _report(run, tmp_path / "en.pdf", "--lang", "en")
    assert english == _report(run, tmp_path / "default.pdf")  # English unless asked
    assert len(japanese) == len(english) == len(SECTION_TITLES)
    assert [h.split(". ", 1)[1] for h in english][:2] == ["Summary", "Configuration"]
    assert [h.split(". ", 1)[1] for h in japanese][:2] == ["概要", "設定"]
    assert all(JAPANESE.search(h) for h in japanese) and not any(JAPANESE.search(h) for h in english)
    title = subprocess.run(["pdftotext", str(tmp_path / "ja.pdf"), "-"], capture_output=True, text=True).stdout
    assert "SO8T レポート" in title and "ページ" in title  # the title and the page footer, in the embedded font
    html = (tmp_path / "ja.html").read_text(encoding="utf-8")
    assert '<html lang="ja">' in html and "較正と信頼性ダイアグラム" in html


def test_every_report_text_has_a_japanese_translation_in_the_ts_file():
    texts = marked_texts()
    assert len(texts) > 100 and "Summary" in texts and "SO8T report — {0}" in texts  # the collector sees both markers
    ja = catalog("ja")
    assert [t for t in texts if t not in ja] == []
    # Placeholders survive translation.
    assert [t for t in texts if sorted(re.findall(r"\{[^}]*\}", t)) != sorted(re.findall(r"\{[^}]*\}", ja[t]))] == []
    root = ET.parse(RESOURCES_DIR / "i18n" / "so8t_ja.ts").getroot()
    assert [c.findtext("name") for c in root.iter("context")].count(CONTEXT) == 1


def test_translation_is_scoped_and_a_bad_language_is_refused(capsys, tmp_path):
    assert tr("Summary") == "Summary"
    with speaking("ja"):
        assert tr("Summary") == "概要" and tr("a text nobody marked") == "a text nobody marked"
    assert tr("Summary") == "Summary"
    from so8t.cli import main

    with pytest.raises(SystemExit) as exit_:
        main(["report", str(tmp_path), "--pdf", str(tmp_path / "x.pdf"), "--lang", "de"])
    assert exit_.value.code == 2 and "--lang" in capsys.readouterr().err


def test_every_field_a_record_table_shows_has_a_label_with_a_japanese_reading():
    """A field the generic record table shows reads by its declared label, never by its key with spaces, and
    the label (and each declared value word) has a Japanese reading; the bake/check/triality/calibration
    records, which sections of their own show, are the exceptions named here."""
    from dataclasses import fields

    from so8t.report.content import HIDDEN_FIELDS
    from so8t.stage_contract import all_stages

    own_sections = {"bake", "check", "triality", "calibrate", "evaluate"}
    japanese = catalog("ja")
    unlabelled, untranslated = [], []
    for name, stage in all_stages().items():
        if stage.record is None or name in own_sections:
            continue
        for f in fields(stage.record):
            scalar = not str(f.type).startswith(("dict", "list")) and f.name not in HIDDEN_FIELDS
            if scalar and not f.metadata.get("label"):
                unlabelled.append(f"{name}.{f.name}")
            for text in [f.metadata.get("label"), *f.metadata.get("values", ())]:
                if text and text not in japanese:
                    untranslated.append(text)
    assert unlabelled == [], unlabelled
    assert untranslated == [], untranslated


@needs_poppler
def test_the_reports_evaluate_section_follows_the_language(tmp_path):
    """The A/B table of a run's evaluation record in `report --lang ja`: its headers and row names in Japanese."""
    from so8t.evaluate.record import EvaluationResult
    from so8t.evaluate.table import METRICS
    from so8t.report.writer import write_report
    from so8t.store.layout import RunLayout
    from so8t.store.record_file import write_record

    run = write_sample_run(tmp_path / "runs")
    rows = [{"metric": m.key, "label": m.label, "higher_is_better": m.higher_is_better, "base": 0.5, "tuned": 0.6,
             "delta": 0.1, "ci_low": 0.05, "ci_high": 0.15, "p_value": 0.2, "n": 40}
            for m in METRICS if m.key != "collapsed"]
    write_record(RunLayout(run).record(EvaluationResult),
                 EvaluationResult(data="held-out.jsonl", n_items=40, compared="base → tuned", summary="", ab=rows))
    texts = {}
    for language in ("ja", "en"):
        write_report(run, tmp_path / f"{language}.pdf", language=language)
        texts[language] = " ".join(subprocess.run(["pdftotext", "-layout", str(tmp_path / f"{language}.pdf"), "-"],
                                                  capture_output=True, text=True, check=True).stdout.split())
    assert "指標 ベース チューニング後 差 差の 95 % 信頼区間 McNemar p 値" in texts["ja"]
    assert "回答一致 50.0 % 60.0 % +10.0" in texts["ja"] and "answer match" not in texts["ja"]
    assert "metric base tuned delta 95 % CI of the delta McNemar p" in texts["en"]
