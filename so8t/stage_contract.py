"""The stage contract: what one pipeline stage declares, and the stages installed outside so8t.

A stage is one object, its package's `STAGE`: name, command, title, config dataclass, record type,
the stages it needs, its run function, its summary line, whether it resumes from checkpoints and
where they live, whether it is optional, and the shape of its command's arguments. The CLI command,
the window's stage list, options form and Results entry, the report section and `so8t runs` are
generated from it (docs/architecture.md, "Adding a stage"). This module imports neither torch nor Qt:
the window and `so8t --help` read stages without loading any stage's dependencies.
"""

from __future__ import annotations

import functools
import importlib.metadata
import importlib.util
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from so8t.config import FieldSpec, check_table, fields_of
from so8t.errors import ConfigError
from so8t.store.layout import RunLayout

if TYPE_CHECKING:
    from so8t.events import EventSink
    from so8t.store.runs import Run

#: The entry-point group through which a package outside so8t adds stages (its value is the `STAGE`).
ENTRY_POINT_GROUP = "so8t.stages"

#: Argument shapes of a stage's own command: flags from its config and a new run in the workspace,
#: or an existing run as a positional argument (commands that only read runs, like `so8t report`).
NEW_RUN, EXISTING_RUN = "new-run", "run"


@dataclass
class StageContext:
    """What a stage adapter sees: the run (with every stage's options) and whether it was interrupted."""

    run: Run
    interrupted: bool = False
    #: A checkpoint the user picked to continue training from ("resume from here"); None: the newest valid.
    checkpoint: str | None = None

    @property
    def run_dir(self) -> Path:
        return self.run.path

    def stage_options(self, name: str) -> dict[str, Any]:
        return self.run.config.get(name) or {}

    def has_stage(self, name: str) -> bool:
        return name in self.run.stage_names

    def trained_model(self) -> str:
        """The model training reads: [train] model, else the one the demo's pretraining made (RUN/base_model)."""
        return self.stage_options("train").get("model") or str(RunLayout(self.run_dir).base_model)

    def baked_or_base(self) -> str:
        """The model the later stages read: RUN/baked when the run bakes, else the trained-on model."""
        return str(RunLayout(self.run_dir).baked) if self.has_stage("bake") else self.trained_model()


def result_dict(result: Any) -> dict[str, Any]:
    """A stage function's result as the dict run.json keeps (a record's `to_dict`, a dict as is)."""
    if hasattr(result, "to_dict"):
        return result.to_dict()
    if isinstance(result, dict):
        return result
    return {"value": result}


class Stage:
    """One pipeline stage. A stage package's `STAGE` is an instance; it says how to configure, run and show it."""

    name = ""
    #: The one English spelling of the stage's name (the window translates it through the .ts files).
    title = ""
    #: Its `so8t` command when that differs from the name (`export-gguf` for export).
    command_name = ""
    #: The module whose presence makes this stage available (found, not imported).
    module = ""
    #: Optional stages run only when their table is in the config or [run] stages names them; a run
    #: written before them stays finished and `so8t resume` adds none to it.
    optional = False
    #: Stages whose outputs this one reads: their output fingerprints are part of its inputs.
    needs: tuple[str, ...] = ()
    #: Stages that must be in the same run (this one cannot work without their outputs).
    requires_stages: tuple[str, ...] = ()
    #: The record type (so8t.store.records.Record) the stage writes into the run folder; None: no record.
    record: type | None = None
    #: An interrupted attempt continues from the stage's newest valid checkpoint, and a checkpoint
    #: the user picks ("resume from here", `so8t resume --checkpoint`) belongs to this stage.
    resumable = False
    #: The shape of its own command's arguments (NEW_RUN or EXISTING_RUN).
    arguments = NEW_RUN
    #: A stage from outside so8t goes right after this one in the order (None: before the report).
    after: str | None = None
    #: "module:function" giving the stage's own report blocks from its record (figures); None: a table
    #: of the record's labelled fields.
    report_block: str | None = None
    #: "module:Class" of the stage's own Results view in the window (a QWidget with `show_record`);
    #: None: a table of the record's labelled fields.
    results_view: str | None = None
    #: Fields of the stage's config that the pipeline fills itself (not keys of its table).
    MANAGED: tuple[str, ...] = ()

    @property
    def command(self) -> str:
        """Its `so8t` subcommand: the name unless the stage kept an older one."""
        return self.command_name or self.name

    def available(self) -> bool:
        """Whether this installation has the stage's module. Found, not imported: importing a stage
        module (or resolving a lazy name such as `so8t.train.train`) loads torch, and `so8t run` must
        refuse a bad config before that."""
        if not self.module:
            return True
        try:
            return importlib.util.find_spec(self.module) is not None
        except (ImportError, ValueError):  # a parent package that cannot be imported
            return False

    def config_class(self) -> type | None:
        """The config dataclass whose fields (minus MANAGED) are the keys of the stage's table."""
        return None

    def required_options(self, stage_names: list[str]) -> tuple[str, ...]:
        """Keys the table must give in a run of these stages."""
        return ()

    def option_fields(self) -> list[FieldSpec]:
        """The keys of the stage's table with their types, defaults and help (the window's form)."""
        cls = self.config_class()
        return [] if cls is None else [f for f in fields_of(cls) if f.name not in self.MANAGED]

    def check_options(self, values: dict[str, Any], *, source: str, base_dir: Path | None,
                      stage_names: list[str]) -> dict[str, Any]:
        """The stage's table checked (unknown keys, types, numbers), defaults filled, paths resolved."""
        cls = self.config_class()
        if cls is None:
            for key in values:
                raise ConfigError(f"config {source}: unknown key '{key}' in [{self.name}]",
                                  f"the {self.name} stage takes no settings; remove it")
            return {}
        return check_table(cls, values, source=f"config {source}", table=self.name, base_dir=base_dir,
                           exclude=self.MANAGED, required=self.required_options(stage_names))

    def check(self, table: dict[str, Any]) -> None:
        """Refuse values of its checked table that its config rejects (ranges, NaN), before a run folder exists."""

    def check_inputs(self, table: dict[str, Any]) -> None:
        """Read the files the stage will read and refuse a bad one before a run folder exists."""

    def input_paths(self, ctx: StageContext) -> dict[str, Any]:
        """Files and folders outside the run that the stage reads (fingerprinted into its inputs)."""
        return {}

    def output_paths(self, ctx: StageContext) -> list[Path]:
        """What the stage leaves in the run; fingerprinted when it finishes, checked before a skip."""
        return []

    def checkpoint_dir(self, run_dir: Path) -> Path | None:
        """Where the stage's checkpoints live in a run folder; None: it writes none."""
        return None

    def can_continue(self, ctx: StageContext) -> bool:
        """Whether an interrupted attempt left something to continue from (a checkpoint)."""
        return False

    def summary(self, result: dict[str, Any]) -> str:
        """One line on what a finished attempt did (the CLI's text); empty: the report's headline."""
        return ""

    def run(self, ctx: StageContext, events: EventSink) -> dict[str, Any]:
        raise NotImplementedError


def _say(text: str) -> None:
    """One line on stderr: a stage that cannot be used is named with the fix, and the rest still work."""
    print(f"so8t: warning: {text}", file=sys.stderr)


def _load(entry: importlib.metadata.EntryPoint) -> Stage | None:
    """An entry point's `STAGE`; a broken one is named once on stderr and left out."""
    try:
        stage = entry.load()
    except Exception as exc:  # noqa: BLE001 - another package's import error must not stop so8t
        _say(f"stage {entry.name!r} from {entry.value} cannot be loaded ({type(exc).__name__}: {exc}); "
             "fix or uninstall that package")
        return None
    if not isinstance(stage, Stage) or not stage.name:
        _say(f"stage {entry.name!r} from {entry.value} is not a so8t Stage with a name; "
             "its so8t.stages entry point must name the package's STAGE")
        return None
    return stage


@functools.cache
def plugin_stages() -> tuple[Stage, ...]:
    """The stages installed outside so8t through the `so8t.stages` entry-point group, by name."""
    entries = sorted(importlib.metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name)
    return tuple(stage for stage in (_load(e) for e in entries) if stage is not None)


#: The module that holds the pipeline's order (the built-in stages, then those of the entry points),
#: imported when first asked for: the layers below the pipeline (the report, the records) name
#: stages through this module without importing the pipeline.
PIPELINE_STAGES = "so8t.pipeline.stages"


def all_stages() -> dict[str, Stage]:
    """Every stage of this installation by name, in pipeline order."""
    import importlib

    return importlib.import_module(PIPELINE_STAGES).STAGES


def stage_title(name: str) -> str:
    """A stage's one English title (its name when this installation has no such stage)."""
    stage = all_stages().get(name)
    return (stage.title or name) if stage is not None else name
