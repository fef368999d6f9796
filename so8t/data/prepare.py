"""The data stage's work: import every file, clean, drop and dedupe, split, measure, and write RUN/data/ at once."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from so8t.data.clean import (
    NearDuplicateIndex,
    clean_record,
    drop_reason,
    exact_key,
    prompt_text,
    record_texts,
    shingles,
    snippet,
)
from so8t.data.config import DEFAULT_MAX_LENGTH, DataConfig
from so8t.data.journal import carry_over
from so8t.data.readers import read_rows
from so8t.data.record import DataRecord
from so8t.data.shapes import (
    CONVERSATIONS,
    LABELLED,
    OPTIONAL_FIELDS,
    PAIRS,
    PROMPTS,
    Shape,
    detect_shape,
    mapped,
    normalise,
    parse_map,
)
from so8t.data.split import split_groups
from so8t.data.stats import DataStatistics, load_measuring_tokenizer, thinking_check
from so8t.errors import DataFileError
from so8t.events import EventSink
from so8t.fileio import fsync_dir, replace_with_retries
from so8t.jsonl import too_long_line_error
from so8t.memory import PeakMemoryMeter
from so8t.store.layout import DATA_DIR, DATA_RECORD_FILE, RunLayout
from so8t.store.record_file import write_record

#: Every reason a sample may be dropped, as the record's `dropped` keys (each always present).
DROP_REASONS = ("empty_turn", "no_assistant", "exact_duplicate", "near_duplicate", "malformed_thinking",
                "safety_DENY", "safety_REVIEW", "too_long_line")
#: Duplicate clusters listed in the record by id and snippet (all are counted).
LISTED_CLUSTERS = 50
#: Lines over the line cap named in the record (and the log), by file and line (all are counted).
LISTED_LONG_LINES = 50
#: A progress event every this many rows.
PROGRESS_EVERY = 1000


class _Spool:
    """The cleaned samples on disk in the temporary data folder, read back by position (memory holds offsets)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._w = open(path, "wb")  # noqa: SIM115 - closed by close()
        self.offsets: list[int] = []
        self._r: Any = None
        self._dirty = False

    def add(self, record: dict[str, Any]) -> int:
        self.offsets.append(self._w.tell())
        self._w.write(json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n")
        self._dirty = True
        return len(self.offsets) - 1

    def get(self, i: int) -> dict[str, Any]:
        if self._dirty:
            self._w.flush()
            self._dirty = False
        if self._r is None:
            self._r = open(self.path, "rb")  # noqa: SIM115 - closed by close()
        self._r.seek(self.offsets[i])
        return json.loads(self._r.readline())

    def close(self) -> None:
        self._w.close()
        if self._r is not None:
            self._r.close()

    def __iter__(self):
        self._w.flush()
        with open(self.path, "rb") as f:
            for line in f:
                yield json.loads(line)


def _files(config: DataConfig) -> list[Path]:
    if not config.files:
        raise DataFileError("no data file given", "name one or more files: so8t data FILE … --out RUN")
    return [Path(f) for f in config.files]


def check_data_files(config: DataConfig) -> None:
    """Read every file through import and normalisation, writing nothing: a bad one is refused by line."""
    mapping = parse_map(config.map)
    kind = None
    for path in _files(config):
        for _, _, k, _ in _normalised_rows(path, mapping, config.thinking_format, kind):
            kind = kind or k


def _normalised_rows(path: Path, mapping: dict[str, str], thinking_format: str | None,
                     kind: str | None, first: list[str] | None = None, too_long: list[str] | None = None):
    """(where, record, kind, shape) of every row of one file; a file that mixes shapes, or a kind other than
    `kind`, is refused.

    A line over the line cap inside a file that has readable records is skipped and named in `too_long`
    (the `too_long_line` drop); a file of nothing but such lines is refused by its first one.
    """
    shape: Shape | None = None
    shape_where = ""
    seen = 0
    skipped: list[str] = []
    for where, row in read_rows(path, skipped.append):
        seen += 1
        if not isinstance(row, dict):
            raise DataFileError(f"{where} is not an object with named fields",
                                'write one record as {"field": value, …}')
        row = mapped(row, mapping)
        for name in OPTIONAL_FIELDS:  # an empty cell of an optional column is no value (CSV has no null)
            if row.get(name) == "":
                row[name] = None
        this = detect_shape(row, where, thinking_format=thinking_format)
        if shape is None:
            shape, shape_where = this, where
        elif this.name != shape.name:
            raise DataFileError(f"data file {path} mixes shapes: {shape.name} at {_line(shape_where)}, "
                                f"{this.name} at {_line(where)}",
                                "give one shape per file (split it, or --map the columns to one shape)")
        if kind is not None and this.kind != kind:
            earlier = f" ({first[0]})" if first else ""
            raise DataFileError(f"{where} is {this.kind} ({this.name}) but the files before hold {kind}{earlier}",
                                "prepare one kind per call: run so8t data once for each kind")
        yield where, normalise(row, this, where, thinking_format=thinking_format), this.kind, this.name
    if seen == 0:
        if skipped:
            raise too_long_line_error(skipped[0])
        raise DataFileError(f"data file {path} holds no records", "add samples, or leave the file out")
    if too_long is not None:
        too_long.extend(skipped)


def _line(where: str) -> str:
    return where.rsplit(", ", 1)[-1]


def _first_conversation_check(record: dict[str, Any], where: str) -> None:
    """A conversation must begin with the user (after any system message): templates refuse the other order."""
    roles = [m["role"] for m in record["messages"] if m["role"] != "system"]
    if roles and roles[0] == "assistant":
        raise DataFileError(f"{where} starts with an assistant message",
                            "begin the conversation with a user message (after any system message)")


def _out_names(layout: RunLayout, kind: str) -> tuple[Path, Path | None]:
    """(train file, validation file) of a kind; prompts and labelled items are one file each."""
    if kind == CONVERSATIONS:
        return layout.data_train, layout.data_val
    if kind == PAIRS:
        return layout.data_pairs_train, layout.data_pairs_val
    return (layout.data_prompts if kind == PROMPTS else layout.data_labelled), None


def prepare_data(config: DataConfig, run_dir: str | os.PathLike[str], events: EventSink | None = None, *,
                 model: str | None = None, max_length: int | None = None) -> DataRecord:
    """Prepare RUN/data/ from the config's files; `model` and `max_length` are the run's, used when the config gives none.

    Everything is written into a temporary folder inside the run and renamed to data/ at the end: a
    refusal or a kill never leaves a half-written data/, and an earlier data/ stays until the new one
    is complete.
    """
    events = events or EventSink()
    started = time.monotonic()
    run_dir = Path(run_dir)
    files = _files(config)
    mapping = parse_map(config.map)
    model = config.model or model
    max_length = config.max_length or max_length or DEFAULT_MAX_LENGTH
    run_dir.mkdir(parents=True, exist_ok=True)
    _clear_leftovers(run_dir)
    tmp = Path(tempfile.mkdtemp(prefix=f".{DATA_DIR}.", suffix=".partial", dir=str(run_dir)))
    _umask = os.umask(0)
    os.umask(_umask)
    os.chmod(tmp, 0o777 & ~_umask)  # mkdtemp makes it private; data/ is an ordinary folder of the run
    try:
        with PeakMemoryMeter() as meter:
            record = _prepare(config, files, mapping, model, max_length, tmp, events)
        record.seconds = round(time.monotonic() - started, 3)
        record.set_peak_memory(meter.figures())
        layout = RunLayout(tmp.parent)
        final = layout.data_dir
        write_record(tmp / DATA_RECORD_FILE, record)
        (tmp / _SPOOL).unlink(missing_ok=True)
        fsync_dir(tmp)
        _test_pause("written")
        old = None
        if final.exists():
            carry_over(final, tmp)
            old = final.with_name(f".{DATA_DIR}.old-{os.getpid()}")
            replace_with_retries(final, old)
            fsync_dir(run_dir)
            _test_pause("set-aside")
        replace_with_retries(tmp, final)
        fsync_dir(run_dir)
        _test_pause("renamed")
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return record


_SPOOL = ".spool.jsonl"

# Test-only hook (tests/so8t/test_data_resume.py): when SO8T_TEST_DATA_PAUSE names a file, the stage appends
# the point to it and sleeps SO8T_TEST_DATA_PAUSE_S seconds at the point named by SO8T_TEST_DATA_PAUSE_AT
# ("written": every file in the temporary folder, nothing renamed; "set-aside": the earlier data/ moved aside,
# the new one not yet in place; "renamed": data/ in place, the stage not yet marked finished), so a test can
# kill the process there for sure.
_PAUSE_FILE_ENV, _PAUSE_AT_ENV, _PAUSE_S_ENV = "SO8T_TEST_DATA_PAUSE", "SO8T_TEST_DATA_PAUSE_AT", "SO8T_TEST_DATA_PAUSE_S"


def _test_pause(point: str) -> None:
    marker = os.environ.get(_PAUSE_FILE_ENV)
    if not marker or os.environ.get(_PAUSE_AT_ENV) != point:
        return
    with open(marker, "a", encoding="utf-8") as f:
        f.write(point + "\n")
    time.sleep(float(os.environ.get(_PAUSE_S_ENV, "5")))


def _clear_leftovers(run_dir: Path) -> None:
    """Remove what a killed preparation of this run left; an earlier data/ it had moved aside is put back.

    A kill between moving data/ aside and renaming the new one into place leaves no data/ and one
    `.data.old-*`: that is the last complete data/ (with data-generate's journal), so it is restored,
    never deleted, before this preparation replaces it again.
    """
    for stale in run_dir.glob(f".{DATA_DIR}.*.partial"):
        shutil.rmtree(stale, ignore_errors=True)
    final = RunLayout(run_dir).data_dir
    for aside in sorted(run_dir.glob(f".{DATA_DIR}.old-*")):
        if not final.exists() and aside.is_dir() and not aside.is_symlink():
            replace_with_retries(aside, final)
            fsync_dir(run_dir)
        else:
            shutil.rmtree(aside, ignore_errors=True)


def _prepare(config: DataConfig, files: list[Path], mapping: dict[str, str], model: str | None, max_length: int,
             tmp: Path, events: EventSink) -> DataRecord:
    dropped = dict.fromkeys(DROP_REASONS, 0)
    spool = _Spool(tmp / _SPOOL)
    refs: list[str] = []
    held = buckets = None
    groups: list[int] = []
    labels: list[str | None] = []
    exact: dict[bytes, int] = {}
    near = NearDuplicateIndex(lambda i: shingles(record_texts(spool.get(i), kind_seen[0])), config.near_threshold)
    kind_seen: list[str] = []
    file_rows: list[dict[str, Any]] = []
    cluster_members: dict[int, list[tuple[str, str]]] = {}
    samples_in = 0
    too_long: list[str] = []
    long_refs: list[str] = []
    counted_long = 0
    try:
        for path in files:
            shape_name = None
            n_file = 0
            for where, record, kind, shape in _normalised_rows(path, mapping, config.thinking_format,
                                                                kind_seen[0] if kind_seen else None,
                                                                [str(files[0])], too_long):
                if not kind_seen:
                    kind_seen.append(kind)
                shape_name = shape
                samples_in += 1
                n_file += 1
                if samples_in % PROGRESS_EVERY == 0:
                    events.progress(samples_in, 0, "sample")
                if kind == CONVERSATIONS:
                    _first_conversation_check(record, where)
                record = clean_record(record, kind)
                reason = drop_reason(record, kind)
                if reason is not None:
                    dropped[reason] += 1
                    continue
                if config.strict_thinking and kind != LABELLED and thinking_check(record, kind)[0] == "malformed":
                    dropped["malformed_thinking"] += 1
                    continue
                texts = record_texts(record, kind)
                ref = record.get("id") or f"{path.name}:{_line(where)}"
                key = exact_key(texts)
                twin = exact.get(key)
                how = "exact_duplicate"
                if twin is None:
                    twin = near.match(len(spool.offsets), shingles(texts))
                    how = "near_duplicate"
                if twin is not None:
                    dropped[how] += 1
                    root = groups[twin]
                    cluster_members.setdefault(root, []).append((ref, how))
                    if not config.keep_duplicates:
                        continue
                    group = root
                else:
                    group = len(spool.offsets)
                    exact[key] = group
                spool.add(record)
                refs.append(ref)
                groups.append(group)
                labels.append(record.get("label"))
            long_here = too_long[counted_long:]
            counted_long = len(too_long)
            for where in long_here[:LISTED_LONG_LINES]:
                events.log(f"{where} is longer than the line cap: skipped (too_long_line); "
                           "--max-line-mb N reads longer lines", level="warning")
            long_refs += [f"{path.name}:{_line(w)}" for w in long_here][:LISTED_LONG_LINES - len(long_refs)]
            samples_in += len(long_here)
            dropped["too_long_line"] += len(long_here)
            file_rows.append({"file": str(path), "shape": shape_name, "samples": n_file + len(long_here)})
        kind = kind_seen[0]
        if config.keep_duplicates:
            for reason in ("exact_duplicate", "near_duplicate"):
                dropped[reason] = 0  # counted in the clusters, not dropped
        val = split_groups(groups, labels, config.val_share, config.seed) if kind in (CONVERSATIONS, PAIRS) \
            else [False] * len(groups)
        if config.label_with:
            from so8t.data.safety import SafetyBuckets

            events.log(f"judging every prompt with the safety head of {config.label_with}")
            buckets = SafetyBuckets(config.label_with, config.review_below)
        held = open(tmp / RunLayout(tmp.parent).data_held_out_by_safety.name, "wb") if config.drop else None  # noqa: SIM115
        tokenizer = load_measuring_tokenizer(model) if model else None
        stats = DataStatistics(kind, max_length, tokenizer)
        train_path, val_path = _out_names(RunLayout(tmp.parent), kind)
        train_path, val_path = tmp / train_path.name, (tmp / val_path.name if val_path else None)
        n_train = n_val = 0
        with open(train_path, "wb") as train_f, (open(val_path, "wb") if val_path else _nothing()) as val_f:
            for i, record in enumerate(spool):
                line = json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n"
                if buckets is not None:
                    bucket = buckets.judge(record, kind, refs[i])
                    if bucket in config.drop:
                        # Held out with its bucket, never dropped silently.
                        held.write(json.dumps({**record, "safety": bucket}, ensure_ascii=False).encode("utf-8") + b"\n")
                        dropped[f"safety_{bucket}"] += 1
                        continue
                if val[i]:
                    val_f.write(line)
                    n_val += 1
                else:
                    train_f.write(line)
                    n_train += 1
                stats.add(record)
                if (i + 1) % PROGRESS_EVERY == 0:
                    events.progress(i + 1, len(groups), "sample")
            for f in (train_f, val_f, held):
                if f is not None:
                    f.flush()
                    os.fsync(f.fileno())
        clusters = _cluster_list(cluster_members, refs, spool, kind)
    finally:
        spool.close()
        if held is not None:
            held.close()
    if not groups:
        raise DataFileError(f"no sample is left of the {samples_in} read (dropped: " +
                            ", ".join(f"{k} {v}" for k, v in dropped.items() if v) + ")",
                            "check the files: every sample was empty, had no answer or was a duplicate")
    out = n_train + n_val
    events.log(f"{samples_in} samples read, {out} written ({n_train} train, {n_val} validation); dropped: "
               + (", ".join(f"{k} {v}" for k, v in dropped.items() if v) or "none"))
    figures = stats.to_dict()
    tokens = figures["tokens"] or {}
    return DataRecord(max_length=max_length, mean_tokens=tokens.get("mean"), trained_tokens=tokens.get("trained"),
                      prompt_tokens=tokens.get("prompt"), truncated_share=tokens.get("truncated_share"),
                      tokens_lost=tokens.get("tokens_lost"), compliant_share=figures["thinking"]["compliant_share"],
                      histogram=tokens.get("histogram"), kind=kind, samples_in=samples_in, samples_out=out, train=n_train, val=n_val,
                      kinds={kind: out}, dropped=dropped, files=file_rows, duplicates_kept=config.keep_duplicates,
                      clusters=len(cluster_members), cluster_list=clusters, too_long_lines=long_refs,
                      statistics=figures,
                      tokenizer=str(model) if model else None, seed=config.seed, val_share=config.val_share,
                      safety=buckets.to_dict(list(config.drop)) if buckets is not None else None)


class _nothing:
    """A `with` target for the validation file a kind does not have."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def _cluster_list(members: dict[int, list[tuple[str, str]]], refs: list[str], spool: _Spool,
                  kind: str) -> list[dict[str, Any]]:
    """The first clusters by id and a snippet of the kept sample's prompt (never its answer's thinking)."""
    out = []
    for root, dups in list(members.items())[:LISTED_CLUSTERS]:
        out.append({"kept": refs[root], "snippet": snippet(prompt_text(spool.get(root), kind)),
                    "duplicates": [{"id": ref, "how": how.split("_")[0]} for ref, how in dups]})
    return out
