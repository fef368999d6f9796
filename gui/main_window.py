"""The main window: run list, stage list, settings, live dashboard, checkpoints, results, log; Run / Stop / Resume."""

from __future__ import annotations

import json
import time
from enum import Enum
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QRunnable, Qt, QThreadPool, QTimer, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gui.checkpoint_table import CheckpointTable
from gui.dashboard import Dashboard
from gui.log_view import LogView
from gui.playground import PlaygroundTab
from gui.results_views import ResultsView
from gui.run_list import RunList
from gui.settings_forms import SettingsForm
from gui.stage_list import StageList
from gui.wheel_guard import guard_wheel
from so8t.events import (
    CheckpointEvent,
    Event,
    EventSink,
    EventTail,
    MetricEvent,
    Metrics,
    ProgressEvent,
    StageEvent,
    read_events,
)
from so8t.run_layout import RunLayout, WorkspaceLayout
from so8t.runs import interrupted_runs, resolve_workspace
from workers.report import ReportJob
from workers.stage_process import StageProcess
from workers.telemetry_sampler import TelemetrySampler

#: After a checkpoint event the table rescans a moment later (the manifest is written last).
CHECKPOINT_RESCAN_DELAY_MS = 300
BYTES_PER_MIB = 1024 * 1024
#: How often the window rescans the run list and follows a run that another process runs.
POLL_INTERVAL_MS = 2000
#: How long quitting waits for the thread pool's jobs (checkpoint scans, event loading).
SHUTDOWN_WAIT_MS = 5000
#: Unix niceness of a stage process (Windows: below-normal priority class): the window keeps
#: its share of a CPU that the stage saturates.
STAGE_NICENESS = 5


class CloseChoice(Enum):
    """What to do with a running stage when the window is closed."""

    BACKGROUND = "background"
    STOP = "stop"
    CANCEL = "cancel"


def toml_value(value: Any) -> str:
    """A TOML literal for the scalar and list values a settings form produces."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)  # a JSON string is a valid TOML basic string


def toml_text(tables: dict[str, dict[str, Any]]) -> str:
    lines = ["# Written by the SO8T Control Panel; `so8t run --config` runs it the same way."]
    for table, values in tables.items():
        lines.append(f"\n[{table}]")
        lines.extend(f"{key} = {toml_value(value)}" for key, value in values.items() if value is not None)
    return "\n".join(lines) + "\n"


class _EventsSignals(QObject):
    loaded = Signal(str, object)


class _LoadEvents(QRunnable):
    """Reads a past run's events.jsonl and telemetry.jsonl off the GUI thread (a long run has many lines)."""

    def __init__(self, run_dir: str) -> None:
        super().__init__()
        self.run_dir = run_dir
        self.signals = _EventsSignals()

    def run(self) -> None:
        events: list[Event] = []
        layout = RunLayout(self.run_dir)
        for path in (layout.events, layout.telemetry):
            if path.is_file():
                try:
                    events.extend(read_events(path))
                except OSError:
                    pass
        self.signals.loaded.emit(self.run_dir, events)


class MainWindow(QMainWindow):
    """Shows state arriving from the stage process, the telemetry sampler and the run store."""

    run_dir_changed = Signal(str)
    report_written = Signal(str)

    def __init__(self, workspace: str | Path | None = None, *, telemetry: bool = True,
                 telemetry_kwargs: dict[str, Any] | None = None) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("SO8T Control Panel"))
        self.workspace = resolve_workspace(str(workspace) if workspace else None)
        self.run_dir: str | None = None  # the run shown (running, or picked in the list)
        self.active_run_dir: str | None = None  # the run the stage process works on
        self._run_started_at = 0.0
        self._telemetry_sink: EventSink | None = None
        self._background = False
        self._looked_up_run: str | None = None
        self.last_report: str | None = None

        # -- widgets ---------------------------------------------------------------------------
        self.run_button = self._button("runButton", self.tr("Run"), self.tr("Start a new run (Ctrl+R)"))
        self.stop_button = self._button("stopButton", self.tr("Stop"),
                                        self.tr("Stop the running stage; training writes a checkpoint first (Ctrl+.)"))
        self.resume_button = self._button("resumeButton", self.tr("Resume"),
                                          self.tr("Continue the selected run from its newest valid checkpoint"))
        self.export_button = self._button("exportPdfButton", self.tr("Export PDF"),
                                          self.tr("Write the selected run's report as a PDF (Ctrl+E)"))
        self.progress = QProgressBar()
        self.progress.setObjectName("progressBar")
        self.progress.setTextVisible(True)
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.setFormat(self.tr("idle"))
        self.state_label = QLabel()
        self.state_label.setObjectName("stateLabel")

        self.banner = QFrame()
        self.banner.setObjectName("interruptedBanner")
        self.banner.setStyleSheet("#interruptedBanner { background: #fff4e5; border: 1px solid #e0a040; }")
        self.banner_label = QLabel()
        self.banner_label.setWordWrap(True)
        self.banner_resume = QPushButton(self.tr("Resume it"))
        self.banner_resume.setObjectName("bannerResumeButton")
        self.banner_dismiss = QPushButton(self.tr("Not now"))
        self.banner_dismiss.setObjectName("bannerDismissButton")
        bl = QHBoxLayout(self.banner)
        bl.addWidget(self.banner_label, 1)
        bl.addWidget(self.banner_resume)
        bl.addWidget(self.banner_dismiss)
        self.banner.setVisible(False)
        self._banner_run: str | None = None

        self.run_list = RunList()
        self.stage_list = StageList()
        self.settings = SettingsForm(workspace=self.workspace)
        self.dashboard = Dashboard()
        self.checkpoints = CheckpointTable()
        self.results = ResultsView()
        self.log_view = LogView()

        left = QSplitter(Qt.Orientation.Vertical)
        runs_box = QWidget()
        rl = QVBoxLayout(runs_box)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(QLabel(self.tr("Runs")))
        rl.addWidget(self.run_list)
        stages_box = QWidget()
        sl = QVBoxLayout(stages_box)
        sl.setContentsMargins(0, 0, 0, 0)
        sl.addWidget(QLabel(self.tr("Stages")))
        sl.addWidget(self.stage_list)
        left.addWidget(runs_box)
        left.addWidget(stages_box)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("mainTabs")
        settings_scroll = QScrollArea()
        settings_scroll.setObjectName("settingsScroll")
        settings_scroll.setWidgetResizable(True)
        settings_scroll.setWidget(self.settings)
        guard_wheel(settings_scroll)
        self.tabs.addTab(settings_scroll, self.tr("Settings"))
        self.tabs.addTab(self.dashboard, self.tr("Dashboard"))
        self.tabs.addTab(self.checkpoints, self.tr("Checkpoints"))
        self.tabs.addTab(self.results, self.tr("Results"))
        self.tabs.addTab(self.log_view, self.tr("Log"))
        self.playground = PlaygroundTab(self.workspace)
        self.tabs.addTab(self.playground, self.tr("Playground"))
        self.run_dir_changed.connect(self.playground.set_run)

        buttons = QHBoxLayout()
        for b in (self.run_button, self.stop_button, self.resume_button, self.export_button):
            buttons.addWidget(b)
        buttons.addWidget(self.state_label, 1)
        buttons.addWidget(self.progress, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self.tabs)
        split.setStretchFactor(1, 1)
        split.setSizes([280, 1000])
        central = QWidget()
        cl = QVBoxLayout(central)
        cl.addLayout(buttons)
        cl.addWidget(self.banner)
        cl.addWidget(split, 1)
        self.setCentralWidget(central)
        self.resize(1360, 900)

        # -- workers ---------------------------------------------------------------------------
        self.process = StageProcess(self)
        self.process.metric.connect(self.dashboard.add_metric)
        self.process.progress.connect(self._on_progress)
        self.process.progress.connect(self.stage_list.set_progress)
        self.process.stage_state.connect(self._on_stage_state)
        self.process.log.connect(self.log_view.add_line)
        self.process.error.connect(self._on_error)
        self.process.checkpoint.connect(self._on_checkpoint)
        self.process.result.connect(self._on_result)
        self._listening_for_run = False
        self.process.state_changed.connect(self._on_process_state)
        self.process.finished.connect(self._on_finished)
        self.report_job = ReportJob(self)
        self.report_job.finished.connect(self._on_report_finished)

        self.sampler: TelemetrySampler | None = None
        if telemetry:
            self.sampler = TelemetrySampler(self, **(telemetry_kwargs or {}))
            self.sampler.sampled.connect(self.dashboard.add_telemetry)
            self.sampler.sampled.connect(self._on_telemetry)
            self.sampler.unavailable.connect(lambda msg: self.log_view.add_line("telemetry", "warning", msg))
            self.sampler.start()

        # -- connections -----------------------------------------------------------------------
        self.run_button.clicked.connect(self.start_run)
        self.stop_button.clicked.connect(self.stop_run)
        self.resume_button.clicked.connect(self.resume_selected)
        self.export_button.clicked.connect(self.export_pdf)
        self.settings.validity_changed.connect(lambda _ok: self._update_buttons())
        self.settings.language_changed.connect(self._on_language_changed)
        self.run_list.run_selected.connect(self.show_run)
        self.settings.workspace.editingFinished.connect(
            lambda: self.set_workspace(self.settings.workspace.text().strip()))
        self.checkpoints.resume_requested.connect(self.resume_from_checkpoint)
        self.checkpoints.pin_failed.connect(lambda text: self._message(text, error=True))
        self.banner_resume.clicked.connect(self._on_banner_resume)
        self.banner_dismiss.clicked.connect(lambda: self.banner.setVisible(False))
        self._follower: EventTail | None = None
        self._poll_timer = QTimer(self)
        self._poll_timer.setInterval(POLL_INTERVAL_MS)
        self._poll_timer.timeout.connect(self._on_poll_timer)
        self._poll_timer.start()
        self._checkpoint_timer = QTimer(self)
        self._checkpoint_timer.setSingleShot(True)
        self._checkpoint_timer.setInterval(CHECKPOINT_RESCAN_DELAY_MS)
        self._checkpoint_timer.timeout.connect(self.checkpoints.refresh)

        for keys, slot in (
            ("Ctrl+R", self.start_run),
            ("Ctrl+.", self.stop_run),  # not Esc: a stray key press should not stop a long run
            ("Ctrl+E", self.export_pdf),
            ("Ctrl+Shift+R", self.resume_selected),
            ("F5", self.refresh_runs),
            ("Ctrl+1", lambda: self.tabs.setCurrentIndex(0)),
            ("Ctrl+2", lambda: self.tabs.setCurrentIndex(1)),
            ("Ctrl+3", lambda: self.tabs.setCurrentIndex(2)),
            ("Ctrl+4", lambda: self.tabs.setCurrentIndex(3)),
            ("Ctrl+5", lambda: self.tabs.setCurrentIndex(4)),
            ("Ctrl+6", lambda: self.tabs.setCurrentWidget(self.playground)),
        ):
            QShortcut(QKeySequence(keys), self, activated=slot)

        self._shut_down = False
        # Whatever ends the event loop (the last window closed, QApplication.exit, a log-off),
        # the threads and the stage are wound down while Qt still runs.
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self._shutdown)

        self.refresh_runs()
        self._update_buttons()
        QTimer.singleShot(0, self.offer_interrupted_runs)

    # -- helpers ------------------------------------------------------------------------------

    def _button(self, name: str, text: str, tip: str) -> QPushButton:
        b = QPushButton(text)
        b.setObjectName(name)
        b.setAccessibleName(text)
        b.setToolTip(tip)
        return b

    def _message(self, text: str, *, error: bool = False) -> None:
        self.state_label.setText(text)
        self.state_label.setStyleSheet("color: #b3261e;" if error else "")
        self.state_label.setToolTip(text)

    def _selected_summary(self):
        path = self.run_list.current_path()
        return self.run_list.summary(path) if path else None

    def _update_buttons(self) -> None:
        running = self.process.is_running() or self.report_job.is_running()
        self.run_button.setEnabled(not running and self.settings.is_valid)
        self.stop_button.setEnabled(self.process.is_running() and self.process.state != "stopping")
        summary = self._selected_summary()
        self.resume_button.setEnabled(not running and summary is not None and summary.state in ("interrupted", "failed"))
        self.export_button.setEnabled(not self.report_job.is_running() and self.run_dir is not None)
        self.checkpoints.set_resume_enabled(not running)
        self.settings.setEnabled(not self.process.is_running())
        if not self.settings.is_valid and not running:
            self.run_button.setToolTip(self.tr("Choose a valid model folder and data file first"))
        else:
            self.run_button.setToolTip(self.tr("Start a new run (Ctrl+R)"))

    # -- runs -----------------------------------------------------------------------------------

    def set_workspace(self, workspace: str) -> None:
        """Show the runs of another workspace (new runs go there too)."""
        if not workspace or self.process.is_running() or Path(workspace) == self.workspace:
            return
        self.workspace = resolve_workspace(workspace)
        self.run_dir = None
        self.refresh_runs()
        self.offer_interrupted_runs()

    def refresh_runs(self) -> None:
        self.run_list.load(self.workspace)
        self._update_buttons()

    def offer_interrupted_runs(self) -> None:
        """At start: an interrupted run (crash, power cut, reboot) is offered for resume in a banner."""
        if self.process.is_running():
            return
        found = interrupted_runs(self.workspace)
        if not found:
            return
        newest = found[-1]
        self._banner_run = newest.path
        unfinished = [s for s, st in newest.stages.items() if st not in ("finished", "skipped")]
        more = self.tr(" ({0} more in the run list)").format(len(found) - 1) if len(found) > 1 else ""
        self.banner_label.setText(self.tr(
            "Run {0} was interrupted before it finished (stages left: {1}){2}. "
            "Resuming continues from its newest valid checkpoint.").format(newest.id, ", ".join(unfinished), more))
        self.banner.setVisible(True)
        self.run_list.select(newest.path)

    def _on_banner_resume(self) -> None:
        self.banner.setVisible(False)
        if self._banner_run:
            self.resume_run(self._banner_run)

    def show_run(self, run_dir: str | None) -> None:
        """Show a stored run: its stages, curves (from events.jsonl), checkpoints and results.

        While a stage runs here, the dashboard and stage list stay on the live run; picking
        another run shows its checkpoints and results only.
        """
        if run_dir is None:
            return
        self.run_dir = run_dir
        self.run_dir_changed.emit(run_dir)
        self.checkpoints.set_run(run_dir)
        self.results.show_run(run_dir)
        if not self.process.is_running():
            summary = self.run_list.summary(run_dir)
            if summary is not None:
                self.stage_list.show_stages(tuple(summary.stages))
                self.stage_list.set_states_only(summary.stages)
            self._follower = None
            job = _LoadEvents(run_dir)
            job.signals.loaded.connect(self._on_events_loaded)
            QThreadPool.globalInstance().start(job)
        self._update_buttons()

    def _on_events_loaded(self, run_dir: str, events: list[Event]) -> None:
        if run_dir != self.run_dir or self.process.is_running():
            return
        self.dashboard.load_events(events)
        summary = self.run_list.summary(run_dir)
        if summary is not None and summary.state == "running":
            # Running in another process (the CLI, or a window closed with "keep running"): follow it.
            self._follower = EventTail(RunLayout(run_dir).events)
            self._follower.skip_to_end()
            self._message(self.tr("This run is running in another process; following its events."))

    def _on_poll_timer(self) -> None:
        """Every few seconds: follow a run that another process is running, and rescan the run list."""
        follower = self._follower
        if follower is not None and not self.process.is_running():
            for ev in follower.read():
                if isinstance(ev, MetricEvent):
                    self.dashboard.add_metric(ev.stage, ev.name, ev.value, ev.step)
                elif isinstance(ev, StageEvent):
                    self.stage_list.set_state(ev.stage, ev.state)
                elif isinstance(ev, ProgressEvent):
                    self.stage_list.set_progress(ev.stage, ev.done, ev.total, ev.unit)
                elif isinstance(ev, CheckpointEvent):
                    self._checkpoint_timer.start()
        if not self.process.is_running() and not self.report_job.is_running():
            before = {s.path: s.state for s in self.run_list.runs}
            self.refresh_runs()
            after = {s.path: s.state for s in self.run_list.runs}
            if follower is not None and after.get(self.run_dir) != "running":
                self._follower = None
                self.show_run(self.run_dir)
            elif before != after and self.run_dir in after and after[self.run_dir] != before.get(self.run_dir):
                self.results.show_run(self.run_dir)

    def pipeline_tables(self) -> dict[str, dict[str, Any]]:
        """The TOML tables of a new run from the settings form, over the chosen preset (the demo's for the demo model)."""
        v = self.settings.values()
        if v["demo"]:
            from so8t.demo import demo_tables

            tables: dict[str, dict[str, Any]] = demo_tables()
        else:
            tables = {"run": {"name": Path(v["model"]).name or "run"}}
        tables["run"] = {**tables.get("run", {}), "preset": v["preset"]}
        train = {**tables.get("train", {}), **v["train"]}
        if v["model"]:
            train["model"] = v["model"]
        if v["data"]:
            train["data"] = v["data"]
        tables["train"] = train
        tables["quantize"] = {**tables.get("quantize", {}), "types": [v["quant_type"]]}
        for stage, values in v["stages"].items():
            tables[stage] = {**tables.get(stage, {}), **values}
        return tables

    def write_config(self) -> Path:
        configs = WorkspaceLayout(self.workspace).configs
        configs.mkdir(parents=True, exist_ok=True)
        path = configs / f"run-{time.strftime('%Y%m%d-%H%M%S')}.toml"
        path.write_text(toml_text(self.pipeline_tables()), encoding="utf-8")
        return path

    def start_run(self) -> None:
        if self.process.is_running() or not self.settings.validate():
            if not self.settings.is_valid:
                self._message(self.tr("Fix the settings marked in red first."), error=True)
            return
        config = self.write_config()
        self._begin(["run", "--config", str(config), "--workspace", str(self.workspace)], None)
        self.log_view.add_line("", "info", self.tr("new run from {0}").format(config))

    def resume_selected(self) -> None:
        summary = self._selected_summary()
        if summary is not None:
            self.resume_run(summary.path)

    def resume_run(self, run_dir: str, checkpoint: str | None = None) -> None:
        if self.process.is_running():
            return
        args = ["resume", str(run_dir)]
        if checkpoint:
            args += ["--checkpoint", checkpoint]
        self._begin(args, str(run_dir))

    def resume_from_checkpoint(self, run_dir: str, name: str) -> None:
        """"Resume from here": training continues from this checkpoint, later stages run again.

        The checkpoints after it belong to steps that will be trained again: the user is told which
        ones that drops and may cancel (nothing is touched then).
        """
        later = self.checkpoints.later_than(name)
        if later and not self.confirm_resume_drop(name, later):
            self._message(self.tr("Resume cancelled; every checkpoint is kept."))
            return
        self.resume_run(run_dir, checkpoint=name)

    def confirm_resume_drop(self, name: str, later: list[str]) -> bool:
        """Ask before a resume from `name` replaces the `later` checkpoints (tests replace this method)."""
        box = QMessageBox(self)
        box.setObjectName("resumeDropBox")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Resume from an older checkpoint"))
        box.setText(self.tr("Resuming from {0} trains its later steps again. These later checkpoints will be "
                            "replaced or removed: {1}.").format(name, ", ".join(later)))
        box.setInformativeText(self.tr("Cancel keeps every checkpoint as it is."))
        resume = box.addButton(self.tr("Resume from {0}").format(name), QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(self.tr("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        box.exec()
        return box.clickedButton() is resume

    def _listen_for_run(self, on: bool) -> None:
        """The raw event stream is only needed until the new run's folder is known (it runs at stream speed)."""
        if on and not self._listening_for_run:
            self.process.event.connect(self._on_event)
        elif not on and self._listening_for_run:
            self.process.event.disconnect(self._on_event)
        self._listening_for_run = on

    def _begin(self, args: list[str], run_dir: str | None) -> None:
        self.active_run_dir = run_dir
        self._looked_up_run = None
        self._listen_for_run(run_dir is None)
        self._telemetry_sink = None
        self._run_started_at = time.time()
        self.dashboard.clear()
        if run_dir:
            self.run_dir = run_dir
            summary = self.run_list.summary(run_dir)
            if summary is not None:
                self.stage_list.show_stages(tuple(summary.stages))
                self.stage_list.set_states_only(summary.stages)
            self.checkpoints.set_run(run_dir)
            self._open_telemetry_log(run_dir)
            if summary is not None and summary.created:
                self._run_started_at = summary.created  # telemetry steps: seconds since the run began
            # Curves so far (a resumed run continues its loss/KL plot).
            job = _LoadEvents(run_dir)
            job.signals.loaded.connect(self._on_resumed_events_loaded)
            QThreadPool.globalInstance().start(job)
        else:
            self.stage_list.show_stages()
        self.tabs.setCurrentWidget(self.dashboard)
        self.progress.setRange(0, 0)  # busy until the first progress event
        self.progress.setFormat(self.tr("starting…"))
        self._message(self.tr("running"))
        self.process.start(args)
        if self.sampler is not None:
            self.sampler.set_pids([self.process.pid()])
        self._update_buttons()

    def _on_resumed_events_loaded(self, run_dir: str, events: list[Event]) -> None:
        if run_dir == self.active_run_dir:
            self.dashboard.prepend_history(events)

    def _open_telemetry_log(self, run_dir: str) -> None:
        self._telemetry_sink = EventSink(run=Path(run_dir).name, stage="telemetry",
                                         log_path=RunLayout(run_dir).telemetry)

    def stop_run(self) -> None:
        if self.process.is_running() and self.process.state != "stopping":
            self._message(self.tr("stopping: writing a checkpoint…"))
            self.progress.setRange(0, 0)
            self.progress.setFormat(self.tr("stopping…"))
            self.process.stop()
            self._update_buttons()

    # -- stage process signals --------------------------------------------------------------------

    def _on_event(self, event: Event) -> None:
        """Learn the new run's folder from its first events (runs at stream speed: return early)."""
        if self.active_run_dir is not None:
            return
        run = event.run
        if not run or run == self._looked_up_run:
            return
        self._looked_up_run = run
        self._listen_for_run(False)  # one run per process: its first event names it
        path = event.get("path")
        run_dir = Path(path) if path else WorkspaceLayout(self.workspace).run(str(run))
        if not run_dir.is_dir():
            return
        self.active_run_dir = self.run_dir = str(run_dir)
        self._open_telemetry_log(str(run_dir))
        self.refresh_runs()
        self.run_list.select(str(run_dir))
        self.checkpoints.set_run(str(run_dir))
        summary = self.run_list.summary(str(run_dir))
        if summary is not None:
            self.stage_list.show_stages(tuple(summary.stages))

    def _on_process_state(self, state: str) -> None:
        if state == "running":
            self._lower_stage_priority(self.process.pid())
        self._update_buttons()

    @staticmethod
    def _lower_stage_priority(pid: int) -> None:
        """Run the stage one notch below the window: a stage that saturates the CPU (CPU training, a
        flood of events) then still leaves the window its time slices. GPU work is unaffected."""
        if not pid:
            return
        try:
            import psutil

            proc = psutil.Process(pid)
            proc.nice(psutil.BELOW_NORMAL_PRIORITY_CLASS if hasattr(psutil, "BELOW_NORMAL_PRIORITY_CLASS")
                      else STAGE_NICENESS)
        except Exception:  # noqa: BLE001 - gone already, or not permitted: the stage just runs as is
            pass

    def _on_progress(self, stage: str, done: int, total: int, unit: str) -> None:
        if total > 0:
            self.progress.setRange(0, int(total))
            self.progress.setValue(int(done))
            self.progress.setFormat(f"{stage}: %v / %m {unit}")

    def _on_stage_state(self, stage: str, state: str) -> None:
        self.stage_list.set_state(stage, state)
        if state in ("finished", "failed", "interrupted", "skipped"):
            self.results.show_run(self.active_run_dir)
        if state == "started":
            self.progress.setRange(0, 0)
            self.progress.setFormat(self.tr("{0}: starting…").format(stage))

    def _on_error(self, stage: str, code: str, message: str, hint: str) -> None:
        self.log_view.add_error(stage, code, message, hint)
        first = message.splitlines()[0] if message else code
        self._message(f"{stage}: {first}" + (f" — {hint}" if hint else ""), error=True)

    def _on_checkpoint(self, stage: str, path: str, step: int) -> None:
        self.log_view.add_line(stage, "info", self.tr("checkpoint at step {0}: {1}").format(step, path))
        self._checkpoint_timer.start()

    def _on_result(self, stage: str, result: dict[str, Any]) -> None:
        self.results.show_run(self.active_run_dir)

    def _on_finished(self, state: str, exit_code: int) -> None:
        self.progress.setRange(0, 1)
        self.progress.setValue(1 if state == "finished" else 0)
        self.progress.setFormat(state)
        texts = {
            "finished": self.tr("Run finished."),
            "stopped": self.tr("Stopped. Resume continues from the checkpoint written at the stop."),
            "killed": self.tr("The stage did not stop in time and was killed; resume from the last checkpoint."),
            "failed": self.tr("The stage failed; see the log."),
            "crashed": self.tr("The stage process crashed; see the log, then resume."),
        }
        if state == "finished":
            self._message(texts[state])
        else:
            self.stage_list.mark_running_as("interrupted" if state in ("stopped", "killed", "crashed") else "failed")
            if state in ("stopped", "killed"):
                self._message(texts[state])
            elif "color" not in self.state_label.styleSheet():
                self._message(texts.get(state, state), error=True)
        if self.sampler is not None:
            self.sampler.set_pids([])
        self._telemetry_sink = None
        run_dir = self.active_run_dir
        self.refresh_runs()
        if run_dir:
            self.run_list.select(run_dir)
            self.checkpoints.set_run(run_dir)
            self.results.show_run(run_dir)
        self._update_buttons()
        if self._background:
            from PySide6.QtWidgets import QApplication

            QApplication.instance().quit()

    # -- telemetry ------------------------------------------------------------------------------

    def _on_telemetry(self, sample: Any) -> None:
        """While a run is active, keep its GPU readings beside its events (curves after a restart, report)."""
        sink = self._telemetry_sink
        if sink is None or not getattr(sample, "available", False) or not sample.gpus:
            return
        gpu = sample.gpus[0]
        step = round(sample.time - self._run_started_at, 1)
        try:
            if gpu.memory_used is not None:
                sink.metric(Metrics.VRAM_USED_MB, gpu.memory_used / BYTES_PER_MIB, step)
            if gpu.memory_total:
                sink.metric(Metrics.VRAM_TOTAL_MB, gpu.memory_total / BYTES_PER_MIB, step)
            for name, value in ((Metrics.GPU_UTIL, gpu.utilization), (Metrics.GPU_TEMP_C, gpu.temperature),
                                (Metrics.GPU_POWER_W, gpu.power)):
                if value is not None:
                    sink.metric(name, value, step)
        except OSError as exc:  # a full or removed disk must not take the window down
            self._telemetry_sink = None
            self.log_view.add_line("telemetry", "warning", str(exc))

    # -- report ---------------------------------------------------------------------------------

    def export_pdf(self, pdf_path: str | None = None) -> None:
        """Write RUN/report.pdf (Qt renders it in a child process: the window stays responsive)."""
        if self.run_dir is None or self.report_job.is_running():
            return
        pdf = pdf_path or str(RunLayout(self.run_dir).report_pdf)
        self._message(self.tr("writing the report…"))
        self.progress.setRange(0, 0)
        self.progress.setFormat(self.tr("report…"))
        self.report_job.start(self.run_dir, pdf)
        self._update_buttons()

    def _on_report_finished(self, ok: bool, pdf: str, message: str) -> None:
        self.progress.setRange(0, 1)
        self.progress.setValue(1 if ok else 0)
        self.progress.setFormat(self.tr("report written") if ok else self.tr("report failed"))
        if ok:
            self.last_report = pdf
            self._message(self.tr("Report written: {0}").format(pdf))
            self.log_view.add_line("report", "info", message)
            self.report_written.emit(pdf)
        else:
            self._message(self.tr("Report failed: {0}").format(message), error=True)
            self.log_view.add_line("report", "error", message)
        self._update_buttons()

    def open_last_report(self) -> None:
        if self.last_report:
            QDesktopServices.openUrl(QUrl.fromLocalFile(self.last_report))

    # -- settings -------------------------------------------------------------------------------

    def _on_language_changed(self, language: str) -> None:
        from gui.i18n import save_language

        save_language(language)
        self._message(self.tr("The language changes when the panel is started again."))

    # -- closing --------------------------------------------------------------------------------

    def ask_close_choice(self) -> CloseChoice:
        """Ask what to do with the running stage (tests replace this method)."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("A stage is running"))
        box.setText(self.tr("A stage is still running. What should happen to it?"))
        background = box.addButton(self.tr("Keep running in the background"), QMessageBox.ButtonRole.AcceptRole)
        stop = box.addButton(self.tr("Stop with a checkpoint"), QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(self.tr("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        box.exec()
        clicked = box.clickedButton()
        if clicked is background:
            return CloseChoice.BACKGROUND
        if clicked is stop:
            return CloseChoice.STOP
        return CloseChoice.CANCEL

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        if not self.process.is_running():
            self._shutdown()
            event.accept()
            return
        choice = self.ask_close_choice()
        if choice is CloseChoice.CANCEL:
            event.ignore()
            return
        if choice is CloseChoice.BACKGROUND:
            # The window goes away; the application lives until the stage ends, then quits.
            from PySide6.QtWidgets import QApplication

            QApplication.instance().setQuitOnLastWindowClosed(False)
            self._background = True
            event.accept()
            return
        # Stop with a checkpoint: the window closes once the stage has written it and exited.
        self._background = True
        from PySide6.QtWidgets import QApplication

        QApplication.instance().setQuitOnLastWindowClosed(False)
        self.stop_run()
        event.accept()

    def _shutdown(self) -> None:
        """Stop the telemetry thread and the timers; a stage still running stops at a step
        boundary with its emergency checkpoint (recorded as interrupted; `so8t resume` finishes it).

        Idempotent: runs on close and again on the application's aboutToQuit.
        """
        if self._shut_down or not shiboken6.isValid(self):
            return  # done already, or Qt has deleted the window (its children went with it)
        self._shut_down = True
        self.playground.shutdown()
        self._poll_timer.stop()
        self._checkpoint_timer.stop()
        if self.sampler is not None:
            self.sampler.stop()
        if self.process.is_running():
            self.log_view.add_line("", "info", self.tr("quitting: stopping the stage with a checkpoint"))
            self.process.stop_and_wait()
        if self.report_job.is_running():
            self.report_job.kill()
        QThreadPool.globalInstance().waitForDone(SHUTDOWN_WAIT_MS)
