"""Starting, resuming, stopping and following runs: what Run, Resume, Stop and Pause following do, and
what the main window shows while its run goes and when it ends (a part of `MainWindow`)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication

from gui import window_questions as questions
from gui.names import run_state_name, stage_name
from so8t.pipeline.config import settings_tables, write_run_config
from so8t.stop_channel import request_stop
from so8t.store.run_model import RunModel, RunState, StageState
from so8t.store.runs import list_runs
from workers.outcome import Outcome, ProcessOutcome

#: Stages that write a model the Playground can load (baked/, gguf/*.gguf): when one finishes, its list is read again.
MODEL_WRITING_STAGES = ("pretrain", "bake", "export", "quantize")


class RunControl:
    """The main window's run actions; mixed into `MainWindow`, whose views and workers it uses."""

    def write_config(self) -> Path:
        """The settings as a new run's config in the workspace (`so8t run --config` runs it the same way)."""
        tables = settings_tables(self.settings.values(), every_stage=self.settings.stage_switches.all_on())
        return write_run_config(self.workspace, tables)

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
        text = questions.unwritable_workspace_text(self.workspace, exc)
        self.settings.workspace_error.setText(text)
        self.settings.workspace_error.setVisible(True)
        self._message(text, error=True)
        questions.show_unwritable_workspace(self, text)

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
        return questions.confirm_second_run(self, running)

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
        """"Resume from here": training continues from this checkpoint (`ckpt-N`, or `STAGE/ckpt-N`), later
        stages run again.

        The checkpoints after it in its own store belong to steps that will be trained again: the user is
        told which ones that drops and may cancel (nothing is touched then). A later training stage's store
        (align/checkpoints/) is kept as it is and shown stale, never deleted.
        """
        later = self.checkpoints.later_than(name)
        kept = self.checkpoints.later_stores(name)
        if (later or kept) and not self.confirm_resume_drop(name, later):
            self._message(self.tr("Resume cancelled; every checkpoint is kept."))
            return
        self.checkpoints.mark_stale_after(name)
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
        """Ask before a resume from `name` replaces the `later` checkpoints (tests replace this method); the later
        stages' stores it keeps, stale, are named too."""
        return questions.confirm_resume_drop(self, name, later, self.stages_redone_after_training(self.checkpoints.run_dir),
                                             kept=self.checkpoints.later_stores(name))

    def _begin(self, args: list[str], run_dir: str | None, *, stages: list[str] | tuple[str, ...] | None = None) -> None:
        self._last_args = list(args)
        self._stop_asked = None
        self.session.start(args, run_dir, stages=self.settings.planned_stages() if stages is None else stages)
        self.tabs.setCurrentWidget(self.dashboard_page)
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



    def _on_poll_timer(self) -> None:
        """Every few seconds: follow a run another process runs, and rescan the run list."""
        if self.session.following:
            self.session.poll()
        if self.report_process.is_running():
            return
        self.refresh_runs()
        summary = self.session.followed_end(self.run_list.summary)
        if summary is not None:
            self.run_list.set_live(None)
            self._load_records(summary.path)
            self.checkpoints.set_run(summary.path)
            self.playground.refresh_models()
            if self.sampler is not None:
                self.sampler.set_pids([])
            self._message(self.tr("The run followed has ended: {0}.").format(
                run_state_name(RunState.of(summary.state))))
            self._update_buttons()
