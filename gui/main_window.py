"""The main window: a composition of views over the run model (run list, stages, settings, dashboard,
checkpoints, results, log) with Run / Stop / Resume / Export PDF."""

from __future__ import annotations

import errno
import json
import time
from enum import Enum
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QRunnable, Qt, QThreadPool, QTimer, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gui.checkpoint_table import CheckpointTable
from gui.dashboard import Dashboard
from gui.i18n import shown_language
from gui.log_view import LogView
from gui.names import run_state_name, stage_name
from gui.playground import PlaygroundTab
from gui.progress_panel import ProgressPanel
from gui.results_views import ResultsView
from gui.run_list import RunList
from gui.settings_forms import SettingsForm
from gui.stage_list import StageList
from gui.wheel_guard import guard_wheel
from so8t.stop_channel import request_stop
from so8t.store.layout import RunLayout, WorkspaceLayout
from so8t.store.records import RunRecords, read_run_records
from so8t.store.run_model import Change, RunModel, RunState, StageState
from so8t.store.runs import interrupted_runs, list_runs, resolve_workspace
from workers.run_binding import RunBinding
from workers.run_session import RunSession, start_loading
from workers.stage_process import Outcome, ProcessOutcome, StageProcess, start_detached
from workers.telemetry_sampler import TelemetrySampler

#: After a checkpoint event the table rescans a moment later (the manifest is written last).
CHECKPOINT_RESCAN_DELAY_MS = 300
#: How often the window rescans the run list and follows a run that another process runs.
POLL_INTERVAL_MS = 2000
#: How long quitting waits for the thread pool's jobs (checkpoint scans, event loading).
SHUTDOWN_WAIT_MS = 5000
#: The left pane's starting width; the splitter lets the user widen it, and rows elide meanwhile.
LEFT_PANE_PX = 340
#: Stages that write a model the Playground can load (baked/, gguf/*.gguf): when one finishes, its list is read again.
MODEL_WRITING_STAGES = ("pretrain", "bake", "export", "quantize")


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


class _RecordSignals(QObject):
    loaded = Signal(str, object)


class _LoadRecords(QRunnable):
    """Reads a run's result records off the GUI thread (they are small, but a slow disk is not)."""

    def __init__(self, run_dir: str) -> None:
        super().__init__()
        self.run_dir = run_dir
        self.signals = _RecordSignals()

    def run(self) -> None:
        self.signals.loaded.emit(self.run_dir, read_run_records(self.run_dir))


class MainWindow(QMainWindow):
    """Views over the shown run's model; the run session feeds the live one."""

    run_dir_changed = Signal(str)
    report_written = Signal(str)

    def __init__(self, workspace: str | Path | None = None, *, telemetry: bool = True,
                 telemetry_kwargs: dict[str, Any] | None = None) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("SO8T Control Panel"))
        self.workspace = resolve_workspace(str(workspace) if workspace else None)
        self._background = False
        self._shut_down = False
        #: The arguments of the last stage this window started (what "keep running in the background" restarts).
        self._last_args: list[str] = []
        #: The followed run this window asked to stop (RUN/stop written), so Stop is not offered twice.
        self._stop_asked: str | None = None
        self.last_report: str | None = None
        self.binding = RunBinding(parent=self)  # the run shown
        self.process = StageProcess(self)
        self.session = RunSession(self.process, self.workspace, self)
        #: The PDF job runs `so8t report` through the same process wrapper as the stages.
        self.report_process = StageProcess(self)

        # -- widgets ---------------------------------------------------------------------------
        self.run_button = self._button("runButton", self.tr("Run"), self.tr("Start a new run (Ctrl+R)"))
        self.stop_button = self._button("stopButton", self.tr("Stop"),
                                        self.tr("Stop the running stage; training writes a checkpoint first (Ctrl+.)"))
        self.resume_button = self._button("resumeButton", self.tr("Resume"),
                                          self.tr("Continue the selected run from its newest valid checkpoint"))
        self.export_button = self._button("exportPdfButton", self.tr("Export PDF…"),
                                          self.tr("Write the selected run's report as a PDF (Ctrl+E)"))
        self.open_report_button = self._button("openReportButton", self.tr("Open report"),
                                               self.tr("Open the report just written"))
        self.open_report_button.setVisible(False)
        self.pause_follow_button = self._button(
            "pauseFollowButton", self.tr("Pause following"),
            self.tr("Stop taking the followed run's events and readings for now; the run goes on"))
        self.pause_follow_button.setVisible(False)
        self.progress_panel = ProgressPanel(self.binding)
        self.state_label = QLabel()
        self.state_label.setObjectName("stateLabel")
        self.state_label.setWordWrap(False)
        self.state_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

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
        self.stage_list = StageList(self.binding)
        self.settings = SettingsForm(workspace=self.workspace)
        self.dashboard = Dashboard(self.binding)
        self.checkpoints = CheckpointTable()
        self.results = ResultsView()
        self.log_view = LogView()

        left = QSplitter(Qt.Orientation.Vertical)
        left.setObjectName("leftPane")
        left.setChildrenCollapsible(False)
        for title, view in ((self.tr("Runs"), self.run_list), (self.tr("Stages"), self.stage_list)):
            box = QWidget()
            layout = QVBoxLayout(box)
            layout.setContentsMargins(0, 0, 0, 0)
            heading = QLabel(title)
            heading.setStyleSheet("font-weight: 600;")
            layout.addWidget(heading)
            layout.addWidget(view)
            left.addWidget(box)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("mainTabs")
        settings_scroll = QScrollArea()
        settings_scroll.setObjectName("settingsScroll")
        settings_scroll.setWidgetResizable(True)
        settings_scroll.setWidget(self.settings)
        guard_wheel(settings_scroll)
        self.settings_page = settings_scroll
        self.add_tab(settings_scroll, self.tr("Settings"))
        self.add_tab(self.dashboard, self.tr("Dashboard"))
        self.add_tab(self.checkpoints, self.tr("Checkpoints"))
        self.add_tab(self.results, self.tr("Results"))
        self.add_tab(self.log_view, self.tr("Log"))
        self.playground = PlaygroundTab(self.workspace)
        self.add_tab(self.playground, self.tr("Playground"))
        self.run_dir_changed.connect(self.playground.set_run)
        self.playground.log_line.connect(lambda level, msg: self.log_view.add_line("playground", level, msg))

        buttons = QHBoxLayout()
        for b in (self.run_button, self.stop_button, self.pause_follow_button, self.resume_button,
                  self.export_button, self.open_report_button):
            buttons.addWidget(b)
        buttons.addSpacing(12)
        buttons.addWidget(self.progress_panel, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([LEFT_PANE_PX, 1100])
        central = QWidget()
        cl = QVBoxLayout(central)
        cl.addLayout(buttons)
        cl.addWidget(self.banner)
        cl.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        # Messages (what just happened, what went wrong) on the status line, apart from the progress.
        self.statusBar().addWidget(self.state_label, 1)
        self.resize(1440, 920)

        # -- the run model and the workers -----------------------------------------------------
        self.binding.changed.connect(self._on_model_change)
        self.binding.model_changed.connect(self._on_model_shown)
        self.session.live_changed.connect(self._on_live_changed)
        self.session.run_dir_known.connect(self._on_run_dir_known)
        self.session.ended.connect(self._on_run_ended)
        self.process.log.connect(self.log_view.add_line)
        self.process.error.connect(self._on_error)
        self.process.checkpoint.connect(lambda *_a: self._checkpoint_timer.start())
        self.process.state_changed.connect(lambda _s: self._update_buttons())
        self.process.stage_state.connect(self._on_stage_state)
        self.report_process.completed.connect(self._on_report_done)

        self.sampler: TelemetrySampler | None = None
        if telemetry:
            self.sampler = TelemetrySampler(self, **(telemetry_kwargs or {}))
            self.sampler.sampled.connect(self.dashboard.add_telemetry)
            self.sampler.sampled.connect(self.session.add_telemetry)
            self.sampler.start()

        # -- connections -----------------------------------------------------------------------
        self.run_button.clicked.connect(self.start_run)
        self.stop_button.clicked.connect(self.stop_run)
        self.pause_follow_button.clicked.connect(self.toggle_following)
        self.resume_button.clicked.connect(self.resume_selected)
        self.export_button.clicked.connect(lambda: self.export_pdf())
        self.open_report_button.clicked.connect(self.open_last_report)
        self.settings.validity_changed.connect(lambda _ok: self._update_buttons())
        self.settings.checked.connect(self._update_buttons)
        self.settings.language_changed.connect(self._on_language_changed)
        self.run_list.run_selected.connect(self.show_run)
        self.settings.workspace.editingFinished.connect(
            lambda: self.set_workspace(self.settings.workspace.text().strip()))
        self.checkpoints.resume_requested.connect(self.resume_from_checkpoint)
        self.checkpoints.pin_failed.connect(lambda text: self._message(text, error=True))
        self.banner_resume.clicked.connect(self._on_banner_resume)
        self.banner_dismiss.clicked.connect(lambda: self.banner.setVisible(False))
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
        ):
            QShortcut(QKeySequence(keys), self, activated=slot)
        for i in range(9):
            QShortcut(QKeySequence(f"Ctrl+{i + 1}"), self, activated=lambda i=i: self.tabs.setCurrentIndex(i))

        # Whatever ends the event loop (the last window closed, QApplication.exit, a log-off),
        # the threads and the stage are wound down while Qt still runs.
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self._shutdown)

        self.settings.restore(workspace_given=workspace is not None)
        remembered = self.settings.workspace.text().strip()
        refused = self.settings.workspace_problem(remembered) if workspace is None and remembered else ""
        if workspace is None and remembered and not refused:
            self.workspace = self.session.workspace = resolve_workspace(remembered)
        self.settings.workspace.setText(str(self.workspace))
        if refused:  # the remembered folder is gone (a removed drive): say so, never switch silently
            self.settings.show_workspace_message(self.tr("{0} Showing {1} instead.").format(refused, self.workspace),
                                                 error=False)
        self.binding.model.set_stage_names(self.settings.planned_stages())
        self.settings.stage_switches.changed.connect(self._on_plan_changed)
        self.settings.demo_button.toggled.connect(lambda _on: self._on_plan_changed())
        self.refresh_runs()
        self._update_buttons()
        QTimer.singleShot(0, self._show_the_truth)

    def _on_plan_changed(self) -> None:
        """Before a run, the stage list shows the stages the settings will run."""
        if self.shown.run_dir is None and not self.process.is_running():
            self.shown.set_stage_names(self.settings.planned_stages())

    # -- composition ------------------------------------------------------------------------------

    def add_tab(self, widget: QWidget, title: str) -> int:
        """Add a page to the main tabs (later parts of the panel add theirs the same way)."""
        return self.tabs.addTab(widget, title)

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

    @property
    def shown(self) -> RunModel:
        return self.binding.model

    @property
    def run_dir(self) -> str | None:
        """The folder of the run shown."""
        return self.shown.run_dir

    @property
    def active_run_dir(self) -> str | None:
        """The folder of the live run (this window's stage process, or a run followed)."""
        return self.session.model.run_dir if self.session.model is not None else None

    def _running(self) -> bool:
        return self.process.is_running() or self.report_process.is_running()

    def _update_buttons(self) -> None:
        running = self._running()
        following = self.session.following
        self.run_button.setEnabled(not running and self.settings.is_valid)
        own_stoppable = self.process.is_running() and self.process.state != "stopping"
        followed_stoppable = following and self._stop_asked != self.active_run_dir
        self.stop_button.setEnabled(own_stoppable or followed_stoppable)
        self.pause_follow_button.setVisible(following)
        self.pause_follow_button.setText(self.tr("Resume following") if self.session.paused
                                         else self.tr("Pause following"))
        path = self.run_list.current_path()
        summary = self.run_list.summary(path) if path else None
        resumable = summary is not None and self.run_list.state(summary) in (RunState.INTERRUPTED, RunState.FAILED)
        self.resume_button.setEnabled(not running and resumable)
        self.export_button.setEnabled(not self.report_process.is_running() and self.run_dir is not None)
        self.checkpoints.set_resume_enabled(not running)
        self.settings.setEnabled(not self.process.is_running())
        blocker = "" if running else self.settings.run_blocker()
        self.progress_panel.set_blocker(blocker)
        if blocker:
            self.run_button.setToolTip(self.tr("Run is off: {0}").format(blocker))
        else:
            self.run_button.setToolTip(self.tr("Start a new run (Ctrl+R)"))

    # -- the shown run ----------------------------------------------------------------------------

    def _on_model_change(self, change: Change) -> None:
        model = self.shown
        if change in (Change.STAGES, Change.RUN):
            if model.run_dir and self.session.model is model:
                self.run_list.set_live(model.run_dir, model.state)
            self._update_buttons()
        elif change is Change.RESULTS and model.run_dir:
            self._load_records(model.run_dir)
        elif change is Change.CHECKPOINTS and model.run_dir:
            self._checkpoint_timer.start()

    def _on_model_shown(self, model: RunModel) -> None:
        if self.session.model is not model:
            self.log_view.show_entries(model.log)
        if model.run_dir:
            self.checkpoints.set_run(model.run_dir)
            self._load_records(model.run_dir)
        else:
            self.checkpoints.set_run(None)
            self.results.show_records(None)
        self._update_buttons()

    def _load_records(self, run_dir: str) -> None:
        job = _LoadRecords(run_dir)
        job.signals.loaded.connect(self._on_records_loaded)
        QThreadPool.globalInstance().start(job)

    def _on_records_loaded(self, run_dir: str, records: RunRecords) -> None:
        if run_dir == self.run_dir:
            self.results.show_records(records)

    # -- runs -------------------------------------------------------------------------------------

    def set_workspace(self, workspace: str) -> None:
        """Show the runs of another workspace (new runs go there too); a bad folder is said, not hidden."""
        if not workspace or self.process.is_running() or Path(workspace) == self.workspace:
            return
        problem = self.settings.workspace_problem(workspace)
        if problem:
            self._message(problem, error=True)
            return
        self.workspace = resolve_workspace(workspace)
        self.session.workspace = self.workspace
        self.settings.remember()
        self.binding.set_model(RunModel())
        self.binding.model.set_stage_names(self.settings.planned_stages())
        self.refresh_runs()
        self.offer_interrupted_runs()
        self._message(self.tr("Workspace: {0} ({1} runs)").format(self.workspace, len(self.run_list.runs)))

    def refresh_runs(self) -> None:
        self.run_list.load(self.workspace)
        self._update_buttons()

    def _show_the_truth(self) -> None:
        """At start: interrupted runs are offered for resume; a run still running (the CLI's, or one a
        closed window left in the background) is shown and followed."""
        self.offer_interrupted_runs()
        if self.process.is_running():
            return
        running = [s for s in self.run_list.runs if s.state == RunState.RUNNING.value]
        if running:
            self.run_list.select(running[-1].path)

    def offer_interrupted_runs(self) -> None:
        """At start: an interrupted run (crash, power cut, reboot) is offered for resume in a banner."""
        if self.process.is_running():
            return
        found = interrupted_runs(self.workspace)
        if not found:
            return
        newest = found[-1]
        self._banner_run = newest.path
        unfinished = [stage_name(s) for s, st in newest.stages.items() if st not in ("finished", "skipped")]
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
        """Show a stored run (its stages, curves, checkpoints, results, log), or the live one."""
        if run_dir is None:
            return
        self.run_dir_changed.emit(run_dir)
        live = self.session.model
        if live is not None and live.run_dir == run_dir:
            self.binding.set_model(live)
            return
        # The run store's states at once; the curves and the log follow from the events, loaded off the GUI thread.
        quick = RunModel(run_dir)
        summary = self.run_list.summary(run_dir)
        if summary is not None:
            quick.set_summary(summary)
        self.binding.set_model(quick)
        start_loading(run_dir, self._on_run_loaded)

    def _on_run_loaded(self, run_dir: str, model: RunModel) -> None:
        live = self.session.model
        if self.run_list.current_path() != run_dir or (live is not None and live.run_dir == run_dir):
            return  # the user picked another run meanwhile, or this run became live (its model is shown)
        self.binding.set_model(model)
        if model.state is RunState.RUNNING and not self.process.is_running():
            # Running in another process (the CLI, or a window closed with "keep running"): follow it.
            self._stop_asked = None
            self.session.follow(model)
            if self.sampler is not None and self.session.followed_pid:
                self.sampler.set_pids([self.session.followed_pid])  # its memory and CPU, as for our own stage
            self._message(self.tr("This run is running in another process; following its events."))
            self._update_buttons()

    def _on_poll_timer(self) -> None:
        """Every few seconds: follow a run another process runs, and rescan the run list."""
        if self.session.following:
            self.session.poll()
        if self.report_process.is_running():
            return
        self.refresh_runs()
        live = self.session.model
        if self.session.following and not self.session.paused and live is not None and live.run_dir:
            summary = self.run_list.summary(live.run_dir)
            if summary is not None and summary.state != RunState.RUNNING.value:
                self.session.poll()
                self.session.stop_following()
                live.set_summary(summary)
                self.run_list.set_live(None)
                self._load_records(live.run_dir)
                self.checkpoints.set_run(live.run_dir)
                self.playground.refresh_models()
                if self.sampler is not None:
                    self.sampler.set_pids([])
                self._message(self.tr("The run followed has ended: {0}.").format(
                    run_state_name(RunState.of(summary.state))))
                self._update_buttons()

    # -- starting and stopping --------------------------------------------------------------------

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
        if not self.settings.stage_switches.all_on():
            # Stages switched off are skipped: the run names the ones it goes through.
            tables["run"] = {**tables.get("run", {}), "stages": v["run_stages"]}
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
        if not self._second_run_confirmed():
            return
        self.settings.remember()
        try:
            config = self.write_config()
        except OSError as exc:
            self.workspace_unwritable(exc)
            return
        self._begin(["run", "--config", str(config), "--workspace", str(self.workspace)], None)
        self.log_view.add_line("", "info", self.tr("new run from {0}").format(config))

    def start_config(self, config: str | Path) -> None:
        """Start a run of a pipeline config file at once (`so8t-panel --run CONFIG`)."""
        if self.process.is_running() or not self._second_run_confirmed():
            return
        self._begin(["run", "--config", str(config), "--workspace", str(self.workspace)], None, stages=())
        self.log_view.add_line("", "info", self.tr("new run from {0}").format(config))

    def workspace_unwritable(self, exc: OSError) -> None:
        """A workspace that takes no files: one line, under the workspace field and in a dialog; nothing starts."""
        text = self.tr("Workspace {0} cannot be written ({1}): choose a folder you can write to.").format(
            self.workspace, self._os_reason(exc))
        self.settings.workspace_error.setText(text)
        self.settings.workspace_error.setVisible(True)
        self._message(text, error=True)
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("The workspace cannot be written"), text,
                          QMessageBox.StandardButton.Ok, self)
        box.setObjectName("workspaceErrorBox")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()  # window-modal, not blocking: the event loop (and a running follow) goes on

    def _os_reason(self, exc: OSError) -> str:
        """Why the system refused, in the window's language where the reason is a common one."""
        reasons = {errno.EROFS: self.tr("read-only file system"), errno.EACCES: self.tr("permission denied"),
                   errno.EPERM: self.tr("permission denied"), errno.ENOSPC: self.tr("disk full")}
        return reasons.get(exc.errno or 0) or exc.strerror or str(exc)

    def running_elsewhere(self) -> list[str]:
        """Ids of the workspace's runs whose process is alive (this window's own stage aside)."""
        own = self.active_run_dir if self.process.is_running() else None
        return [s.id for s in list_runs(self.workspace) if s.state == RunState.RUNNING.value and s.path != own]

    def _second_run_confirmed(self) -> bool:
        running = self.running_elsewhere()
        if not running or self.confirm_second_run(running):
            return True
        self._message(self.tr("Not started: run {0} is still running.").format(running[-1]))
        return False

    def confirm_second_run(self, running: list[str]) -> bool:
        """Ask before a second heavy run shares the machine (its GPU) with a running one (tests replace this method)."""
        box = QMessageBox(self)
        box.setObjectName("secondRunBox")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("A run is already running"))
        box.setText(self.tr("Run {0} is still running. A second run shares the GPU with it: both may run out of "
                            "memory, and both run slower.").format(", ".join(running)))
        box.setInformativeText(self.tr("Start the new run anyway?"))
        start = box.addButton(self.tr("Start anyway"), QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(self.tr("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        box.exec()
        return box.clickedButton() is start

    def resume_selected(self) -> None:
        path = self.run_list.current_path()
        if path:
            self.resume_run(path)

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

    def stages_redone_after_training(self, run_dir: str | None) -> list[str]:
        """The run's stages after training that have run: a resume from an older checkpoint runs them again."""
        summary = self.run_list.summary(run_dir) if run_dir else None
        if summary is None or "train" not in summary.stages:
            return []
        order = list(summary.stages)
        ran = (StageState.FINISHED, StageState.FAILED, StageState.INTERRUPTED)
        return [s for s in order[order.index("train") + 1:] if StageState.of(summary.stages[s]) in ran]

    def confirm_resume_drop(self, name: str, later: list[str]) -> bool:
        """Ask before a resume from `name` replaces the `later` checkpoints (tests replace this method)."""
        box = QMessageBox(self)
        box.setObjectName("resumeDropBox")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Resume from an older checkpoint"))
        box.setText(self.tr("Resuming from {0} trains its later steps again. These later checkpoints will be "
                            "replaced or removed: {1}.").format(name, ", ".join(later)))
        redone = self.stages_redone_after_training(self.checkpoints.run_dir)
        informative = self.tr("Cancel keeps every checkpoint as it is.")
        if redone:
            informative = self.tr("The stages after training are done again and their results replaced: {0}.").format(
                ", ".join(stage_name(s) for s in redone)) + "\n" + informative
        box.setInformativeText(informative)
        resume = box.addButton(self.tr("Resume from {0}").format(name), QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(self.tr("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        box.exec()
        return box.clickedButton() is resume

    def _begin(self, args: list[str], run_dir: str | None, *, stages: list[str] | tuple[str, ...] | None = None) -> None:
        self._last_args = list(args)
        self._stop_asked = None
        self.session.start(args, run_dir, stages=self.settings.planned_stages() if stages is None else stages)
        self.tabs.setCurrentWidget(self.dashboard)
        self._message(self.tr("running"))
        if self.sampler is not None:
            self.sampler.set_pids([self.process.pid()])
        self._update_buttons()

    def _on_live_changed(self, model: RunModel | None) -> None:
        if model is not None:
            self.binding.set_model(model)
            if self.sampler is not None and self.process.is_running():
                self.sampler.set_pids([self.process.pid()])
            if model.run_dir:
                self.run_list.set_live(model.run_dir, RunState.RUNNING)
                self.run_list.select(model.run_dir)

    def _on_run_dir_known(self, run_dir: str) -> None:
        self.refresh_runs()
        self.run_list.set_live(run_dir, RunState.RUNNING)
        self.run_list.select(run_dir)
        self.checkpoints.set_run(run_dir)

    def stop_run(self) -> None:
        if self.process.is_running() and self.process.state != "stopping":
            self._message(self.tr("stopping: writing a checkpoint…"))
            self.process.stop()
            self._update_buttons()
        elif self.session.following and self.active_run_dir and self._stop_asked != self.active_run_dir:
            # Not our child: ask through the run's stop file, which any process may write.
            try:
                request_stop(self.active_run_dir, by="window")
            except OSError as exc:
                self._message(self.tr("Cannot ask the run to stop ({0}).").format(exc.strerror or exc), error=True)
                return
            self._stop_asked = self.active_run_dir
            if self.session.paused:
                self.toggle_following()  # a stop is watched: the user sees it happen
            self._message(self.tr("stopping: the run writes a checkpoint at its next step…"))
            self._update_buttons()

    def toggle_following(self) -> None:
        """Pause following the run (its events and readings wait), or resume it (they come in again)."""
        if not self.session.following:
            return
        if self.session.paused:
            self.session.resume_following()
            self._message(self.tr("Following the run again."))
        else:
            self.session.pause_following()
            self._message(self.tr("Following paused: the run goes on; its figures wait until you resume following."))
        self._update_buttons()

    def _on_stage_state(self, stage: str, state: str) -> None:
        """A stage of this window's run changed state; one that wrote a model puts it into the Playground."""
        if state == "finished" and stage in MODEL_WRITING_STAGES:
            self.playground.refresh_models()

    def _on_error(self, stage: str, code: str, message: str, hint: str) -> None:
        self.log_view.add_error(stage, code, message, hint)
        first = message.splitlines()[0] if message else code
        where = stage_name(stage) if stage else ""
        self._message((f"{where}: " if where else "") + first + (f" — {hint}" if hint else ""), error=True)

    def _on_run_ended(self, outcome: ProcessOutcome) -> None:
        texts = {
            Outcome.FINISHED: self.tr("Run finished."),
            Outcome.STOPPED: self.tr("Stopped. Resume continues from the checkpoint written at the stop."),
            Outcome.KILLED: self.tr("The stage did not stop in time and was killed; resume from the last checkpoint."),
            Outcome.FAILED: self.tr("The stage failed; see the log."),
            Outcome.CRASHED: self.tr("The stage process ended without finishing; see the log, then resume."),
        }
        error = outcome.status in (Outcome.FAILED, Outcome.CRASHED)
        if not error or not self.state_label.text() or "color" not in self.state_label.styleSheet():
            self._message(texts[outcome.status], error=error)
        if self.sampler is not None:
            self.sampler.set_pids([])
        model = self.session.model
        self.run_list.set_live(None)
        self.refresh_runs()
        if model is not None and model.run_dir:
            summary = self.run_list.summary(model.run_dir)
            if summary is not None:
                model.set_summary(summary)  # the run store's word: finished, or interrupted with a dead lock
            self.run_list.select(model.run_dir)
            self.checkpoints.set_run(model.run_dir)
            self._load_records(model.run_dir)
        self.playground.refresh_models()
        self._update_buttons()
        if self._background:
            QCoreApplication.instance().quit()

    # -- report -----------------------------------------------------------------------------------

    def ask_report_path(self, suggested: str) -> str:
        """Where to write the PDF (a save dialog; tests replace this method). "" cancels."""
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export the report as PDF"), suggested,
                                              self.tr("PDF files (*.pdf)"))
        return path

    def export_pdf(self, pdf_path: str | None = None) -> None:
        """Write the shown run's report where the user says (`so8t report` in a child process)."""
        if self.run_dir is None or self.report_process.is_running():
            return
        pdf = pdf_path or self.ask_report_path(str(RunLayout(self.run_dir).report_pdf))
        if not pdf:
            return
        if not pdf.lower().endswith(".pdf"):
            pdf += ".pdf"
        self._message(self.tr("writing the report…"))
        self.progress_panel.set_busy(self.tr("writing the report…"))
        # The report speaks the window's language, and replaces the window's own earlier report.
        self.report_process.start(["report", self.run_dir, "--pdf", pdf, "--lang", shown_language(), "--force"])
        self._report_target = pdf
        self._update_buttons()

    def _on_report_done(self, outcome: ProcessOutcome) -> None:
        self.progress_panel.set_busy("")
        pdf = str((outcome.result or {}).get("pdf") or getattr(self, "_report_target", ""))
        if outcome.was_successful():
            self.last_report = pdf
            pages = (outcome.result or {}).get("pages", "?")
            self._message(self.tr("Report written: {0} ({1} pages)").format(pdf, pages))
            self.open_report_button.setVisible(True)
            self.open_report_button.setToolTip(pdf)
            self.log_view.add_line("report", "info", self.tr("Report written: {0} ({1} pages)").format(pdf, pages))
            self.report_written.emit(pdf)
        else:
            self._message(self.tr("Report failed: {0}").format(outcome.error or outcome.state_str()), error=True)
        self._update_buttons()

    def open_last_report(self) -> None:
        if self.last_report:
            QDesktopServices.openUrl(QUrl.fromLocalFile(self.last_report))

    # -- settings ---------------------------------------------------------------------------------

    def _on_language_changed(self, language: str) -> None:
        from gui.i18n import save_language

        save_language(language)
        self._message(self.tr("The language changes when the panel is started again."))

    # -- closing ----------------------------------------------------------------------------------

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
        self.settings.remember()
        if not self.process.is_running():
            self._shutdown()
            event.accept()
            return
        choice = self.ask_close_choice()
        if choice is CloseChoice.CANCEL:
            event.ignore()
            return
        if choice is CloseChoice.BACKGROUND:
            self.continue_in_background()
            self._shutdown()
            event.accept()  # the last window closes, the application quits: no hidden window process
            return
        # The window goes away; the application lives until the stage has stopped, then quits.
        QCoreApplication.instance().setQuitOnLastWindowClosed(False)
        self._background = True
        self.stop_run()
        event.accept()

    def continue_in_background(self) -> int:
        """Hand the running stage to a process of its own that outlives the window; returns its pid (0: none).

        The window's child dies with the window (its QProcess kills it, its pipes break), so it stops at
        a step boundary with its emergency checkpoint, and `so8t resume` continues the run in a new
        session from that checkpoint: the trajectory is the one it would have had.
        """
        run_dir = self.active_run_dir
        args = ["resume", run_dir] if run_dir else self._last_args
        final = self.process.stop_and_wait()
        if final == Outcome.FINISHED.value or not args:
            return 0
        log = RunLayout(run_dir).background_log if run_dir else None
        pid = start_detached(args, stderr_path=log)
        self.log_view.add_line("", "info", self.tr("running on in the background as process {0}").format(pid))
        return pid

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
        if self.report_process.is_running():
            self.report_process.stop_and_wait(timeout_ms=0)
        QThreadPool.globalInstance().waitForDone(SHUTDOWN_WAIT_MS)
