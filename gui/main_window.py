"""The main window: a composition of views over the run model (run list, stages, settings, dashboard,
checkpoints, results, log) with Run / Stop / Resume / Export PDF.

What the buttons do lives with its job: starting, resuming, stopping and following runs in
gui/run_control.py, the PDF in gui/report_export.py, closing in gui/window_closing.py, the questions
asked in gui/window_questions.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gui.checkpoint_table import CheckpointTable
from gui.compare_view import attach_compare
from gui.dashboard import Dashboard
from gui.data_view import attach_data
from gui.interrupted_banner import InterruptedBanner
from gui.log_view import LogView
from gui.playground import PlaygroundTab
from gui.progress_panel import ProgressPanel
from gui.report_export import ReportExport
from gui.results_views import ResultsView
from gui.run_control import RunControl
from gui.run_list import RunList
from gui.settings_forms import SettingsForm
from gui.stage_list import StageList
from gui.wheel_guard import guard_wheel
from gui.window_closing import WindowClosing
from so8t.store.records import RunRecords
from so8t.store.run_model import Change, RunModel, RunState
from so8t.store.runs import interrupted_runs, resolve_workspace
from workers.background import collect_on_gui_thread
from workers.run_binding import RunBinding
from workers.run_session import RunSession, start_loading, start_loading_records
from workers.stage_process import StageProcess
from workers.telemetry_sampler import TelemetrySampler

#: After a checkpoint event the table rescans a moment later (the manifest is written last).
CHECKPOINT_RESCAN_DELAY_MS = 300
#: How often the window rescans the run list and follows a run that another process runs.
POLL_INTERVAL_MS = 2000
#: The left pane's starting width; the splitter lets the user widen it, and rows elide meanwhile.
LEFT_PANE_PX = 340


#: The window's first size, and the share of the screen's free area it may take at most.
INITIAL_SIZE = (1440, 920)
SCREEN_SHARE = 0.95


def initial_size(available: QSize | None) -> tuple[int, int]:
    """The window's first size: INITIAL_SIZE, made smaller where the screen's free area is smaller."""
    width, height = INITIAL_SIZE
    if available is None or available.isEmpty():
        return width, height
    return min(width, int(available.width() * SCREEN_SHARE)), min(height, int(available.height() * SCREEN_SHARE))


class MainWindow(RunControl, ReportExport, WindowClosing, QMainWindow):
    """Views over the shown run's model; the run session feeds the live one."""

    run_dir_changed = Signal(str)
    report_written = Signal(str)

    def __init__(self, workspace: str | Path | None = None, *, telemetry: bool = True,
                 telemetry_kwargs: dict[str, Any] | None = None) -> None:
        super().__init__()
        collect_on_gui_thread()  # a Qt object must not die on a pool thread: docs/architecture.md
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

        self.banner = InterruptedBanner()

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
        # The dashboard grows a plot per metric (the align stage adds eight): it scrolls, so the window's
        # height never follows the number of plots past the screen.
        dashboard_scroll = QScrollArea()
        dashboard_scroll.setObjectName("dashboardScroll")
        dashboard_scroll.setWidgetResizable(True)
        dashboard_scroll.setWidget(self.dashboard)
        self.dashboard_page = dashboard_scroll
        self.add_tab(dashboard_scroll, self.tr("Dashboard"))
        self.add_tab(self.checkpoints, self.tr("Checkpoints"))
        self.add_tab(self.results, self.tr("Results"))
        self.add_tab(self.log_view, self.tr("Log"))
        self.playground = PlaygroundTab(self.workspace)
        self.add_tab(self.playground, self.tr("Playground"))
        self.run_dir_changed.connect(self.playground.set_run)
        self.playground.log_line.connect(lambda level, msg: self.log_view.add_line("playground", level, msg))
        attach_compare(self)  # the Compare tab, and the selected run's settings on the Settings page
        attach_data(self)  # the Data tab: the data stage's figures for chosen files, and those files for the next run

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
        self.resize(*initial_size(self.screen().availableGeometry().size() if self.screen() else None))

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
        self.banner.resume_requested.connect(self.resume_run)
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
            self.results.show_training(None)
        self._update_buttons()

    def _load_records(self, run_dir: str) -> None:
        start_loading_records(self, run_dir, self._on_records_loaded)

    def _on_records_loaded(self, run_dir: str, records: RunRecords) -> None:
        if run_dir == self.run_dir:
            self.results.show_records(records)
            self.results.show_training(run_dir)

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
        self.compare.set_runs(self.run_list.runs)
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
        offered = self.banner.offer(interrupted_runs(self.workspace))
        if offered:
            self.run_list.select(offered)

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
        start_loading(self, run_dir, self._on_run_loaded)

    def _on_run_loaded(self, run_dir: str, model: RunModel) -> None:
        live = self.session.model
        if self.run_list.current_path() != run_dir or (live is not None and live.run_dir == run_dir):
            return  # the user picked another run meanwhile, or this run became live (its model is shown)
        self.binding.set_model(model)
        if self.session.take_over(model):
            self._stop_asked = None
            if self.sampler is not None and self.session.followed_pid:
                self.sampler.set_pids([self.session.followed_pid])  # its memory and CPU, as for our own stage
            self._message(self.tr("This run is running in another process; following its events."))
            self._update_buttons()

    # -- settings ---------------------------------------------------------------------------------

    def _on_language_changed(self, language: str) -> None:
        from gui.i18n import save_language

        save_language(language)
        self._message(self.tr("The language changes when the panel is started again."))
