"""The run's settings: model folder and data file (validated as soon as they are chosen), output, hyper-parameters."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui.form_choices import check_data_file, default_quant_type, demo_train_data, quant_type_choices
from gui.names import preset_label
from gui.path_field import PathField
from gui.remembered import load_values, save_values, set_widget_value, widget_value
from gui.stage_options import StageOptionsForm
from gui.stage_switches import StageSwitches, pipeline_stage_names
from gui.training_form import TrainingForm, preset_device, preset_train_values
from so8t.errors import So8tError
from so8t.model.folder import inspect_model_folder
from so8t.presets import DEMO_PRESET, machine_preset_name, nvidia_gpu_present, preset_names

#: Typing in a path field re-validates after this pause, not on every key.
VALIDATE_DELAY_MS = 250


class SettingsForm(QWidget):
    """All settings of a new run; `validity_changed(bool)` drives the Run button."""

    validity_changed = Signal(bool)
    #: Every check of the fields, valid or not (why Run is off may change while it stays off).
    checked = Signal()
    language_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, workspace: str | Path = "") -> None:
        super().__init__(parent)
        self.setObjectName("settingsForm")
        self.model = PathField("modelPathEdit", self.tr("Model folder (Hugging Face, safetensors)"), folder=True)
        self.demo_button = QPushButton(self.tr("Use the demo model"))
        self.demo_button.setObjectName("demoModelButton")
        self.demo_button.setCheckable(True)
        self.demo_button.setToolTip(self.tr(
            "The built-in tiny model, pretrained on the demo corpus at the start of the run: "
            "the whole pipeline in minutes on CPU, offline."))
        self.model_info = QLabel()
        self.model_info.setObjectName("modelInfo")
        self.model_info.setVisible(False)
        self.data = PathField("dataPathEdit", self.tr("SFT data file (JSONL)"), folder=False)
        self.workspace = QLineEdit(str(workspace))
        self.workspace.setObjectName("workspaceEdit")
        self.workspace.setAccessibleName(self.tr("Workspace folder"))
        self.quant_type = QComboBox()
        self.quant_type.setObjectName("quantTypeCombo")
        self.quant_type.addItems(quant_type_choices())
        self.quant_type.setCurrentText(default_quant_type())
        self.quant_type.setToolTip(self.tr("auto: a K-quant where the model's rows allow it, else Q8_0"))
        #: The preset the hyper-parameters start from: the machine's (12 GB CUDA card or CPU) by default.
        self.machine_preset = machine_preset_name(nvidia_gpu_present())
        self.preset = QComboBox()
        self.preset.setObjectName("presetCombo")
        self.preset.setAccessibleName(self.tr("Preset"))
        for name in preset_names():
            if name != DEMO_PRESET:
                self.preset.addItem(preset_label(name), name)
        self.preset.setCurrentIndex(max(0, self.preset.findData(self.machine_preset)))
        self.language = QComboBox()
        self.language.setObjectName("languageCombo")
        self.language.addItem(self.tr("System language"), "system")
        self.language.addItem("English", "en")
        self.language.addItem("日本語", "ja")
        from gui.i18n import saved_language

        self.language.setCurrentIndex(max(0, self.language.findData(saved_language())))

        inputs = QGroupBox(self.tr("Model and data"))
        form = QFormLayout(inputs)
        model_row = QWidget()
        mr = QVBoxLayout(model_row)
        mr.setContentsMargins(0, 0, 0, 0)
        mr.addWidget(self.model)
        mr.addWidget(self.model_info)
        mr.addWidget(self.demo_button)
        form.addRow(self.tr("Model"), model_row)
        form.addRow(self.tr("Data"), self.data)
        form.addRow(self.tr("Workspace"), self.workspace)
        form.addRow(self.tr("GGUF quantization"), self.quant_type)

        self.training = TrainingForm(preset_train_values(self.machine_preset))
        self.training.changed.connect(self._update_estimate)
        #: The training values' boxes by field name.
        self.hyper = self.training.boxes
        self.training.form.insertRow(0, self.tr("Preset"), self.preset)
        from gui.vram_estimate import VramEstimatePanel

        self.vram = VramEstimatePanel()
        self.training.form.addRow(self.tr("GPU memory"), self.vram)
        self.vram.card.valueChanged.connect(lambda _v: self._update_estimate())
        self.vram.apply_settings.connect(self.set_train_values)
        self.stage_options = StageOptionsForm()
        stages_box = QGroupBox(self.tr("Options of the later stages (unfold one to change it)"))
        QVBoxLayout(stages_box).addWidget(self.stage_options)
        app_box = QGroupBox(self.tr("Application"))
        app_form = QFormLayout(app_box)
        app_form.addRow(self.tr("Language (after restart)"), self.language)
        from so8t.autostart import autostart

        self._autostart = autostart()
        self.autostart_check = QCheckBox(self.tr("Resume interrupted runs when I log on"))
        self.autostart_check.setObjectName("autostartCheck")
        self.autostart_check.setChecked(self._autostart.is_enabled())
        self.autostart_check.setEnabled(self._autostart.supported)
        if not self._autostart.supported:
            self.autostart_check.setToolTip(self.tr("Available on Windows (per-user Run key)."))
        self.autostart_check.toggled.connect(self._on_autostart_toggled)
        app_form.addRow(self.tr("Start at logon"), self.autostart_check)

        self.stage_switches = StageSwitches()
        switches_box = QGroupBox(self.tr("Stages to run"))
        QVBoxLayout(switches_box).addWidget(self.stage_switches)
        #: Where other parts of the panel add a line about the run to be started (e.g. a memory estimate).
        self.info_rows = QVBoxLayout()

        layout = QVBoxLayout(self)
        layout.addWidget(inputs)
        layout.addLayout(self.info_rows)
        layout.addWidget(switches_box)
        layout.addWidget(self.training)
        layout.addWidget(stages_box)
        layout.addWidget(app_box)
        layout.addStretch(1)
        self.workspace_error = QLabel()
        self.workspace_error.setObjectName("workspaceError")
        self.workspace_error.setWordWrap(True)
        self.workspace_error.setStyleSheet("color: #b3261e;")
        self.workspace_error.setVisible(False)
        form.insertRow(form.rowCount() - 1, "", self.workspace_error)
        self.workspace.textChanged.connect(self._on_workspace_edited)
        self._on_workspace_edited(self.workspace.text())  # the folder given at start is checked too

        self._valid = False
        self._paths_ok = False
        self.model_error = ""
        self.data_error = ""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(VALIDATE_DELAY_MS)
        self._timer.timeout.connect(self.validate)
        self.demo_button.toggled.connect(self._on_demo_toggled)
        self.preset.currentIndexChanged.connect(lambda _i: self._on_preset_changed(self.preset.currentData() or ""))
        self.model.changed.connect(self._on_path_changed)
        self.data.changed.connect(self._on_path_changed)
        self.language.currentIndexChanged.connect(
            lambda _i: self.language_changed.emit(self.language.currentData()))
        self.validate()

    def _on_autostart_toggled(self, on: bool) -> None:
        from so8t.autostart import logon_command

        if on:
            self._autostart.enable(logon_command(self.workspace.text().strip() or None))
        else:
            self._autostart.disable()

    # -- validation -------------------------------------------------------------------------

    @property
    def demo(self) -> bool:
        return self.demo_button.isChecked()

    def _on_demo_toggled(self, on: bool) -> None:
        self.model.edit.setEnabled(not on)
        self.model.browse.setEnabled(not on)
        self.model.edit.setPlaceholderText(
            self.tr("built-in tiny demo model (pretrained in the run)") if on
            else self.tr("Model folder (Hugging Face, safetensors)"))
        self.preset.setEnabled(not on)
        if on:
            self.model.edit.clear()
            if not self.data.text():
                # The demo's own chat set, so the form shows what the demo trains on.
                self.data.edit.setText(demo_train_data())
        self.set_train_values(preset_train_values(self.preset_name))
        self.validate()

    def _on_preset_changed(self, name: str) -> None:
        if name:
            self.set_train_values(preset_train_values(name))
            self._update_estimate()  # the device may change with the same values (cpu ↔ rtx3060-12gb)

    @property
    def preset_name(self) -> str:
        """The preset the run starts from: the demo's for the demo model, else the one chosen."""
        return DEMO_PRESET if self.demo else str(self.preset.currentData() or "")

    def _on_path_changed(self, _text: str) -> None:
        # Leave Run off while the new path waits for its check.
        self._set_valid(False)
        self._timer.start()

    def validate(self) -> bool:
        """Check both paths now, show what is wrong under each field; returns whether Run may start."""
        self._timer.stop()
        self.model_error = self._check_model(self.model.text())
        self.data_error = self._check_data(self.data.text())
        self.model.set_error(self.model_error)
        self.data.set_error(self.data_error)
        if self.demo:
            # The demo brings its own model (and data set where its config names one).
            ok = not self.data_error
        else:
            ok = bool(self.model.text() and (self.data.text() or self.prepares_data())) and not self.model_error \
                and not self.data_error
        self._paths_ok = ok
        self._update_estimate()
        return self._valid

    def _update_estimate(self) -> None:
        """The VRAM pre-flight for the chosen model and values; Run stays off while it exceeds the card."""
        if not hasattr(self, "vram"):
            return
        model = "" if self.demo or self.model_error else self.model.text()
        self.vram.update_estimate(model, self.train_values(), preset=self.preset_name,
                                  device=preset_device(self.preset_name))
        self._set_valid(self._paths_ok and self.vram.fits)
        self.checked.emit()

    def _check_model(self, path: str) -> str:
        self.model_info.setText("")
        self.model_info.setVisible(False)  # an empty label would leave a blank row under the field
        if not path:
            return ""
        try:
            info = inspect_model_folder(path)
        except So8tError as exc:
            return exc.one_line()
        self.model_info.setText(self.tr("{0}: {1} layers, attention width {2}").format(
            info.model_type, info.num_layers, info.o_proj_in_features))
        self.model_info.setVisible(True)
        return ""

    def _check_data(self, path: str) -> str:
        if not path:
            return ""
        try:
            check_data_file(path)
        except So8tError as exc:
            return exc.one_line()
        return ""

    def prepares_data(self) -> bool:
        """Whether the new run prepares data files first (the data stage on, with files): it trains on those."""
        box = self.stage_switches.boxes.get("data")
        files = self.stage_options.fields.get("data", {}).get("files")
        return box is not None and box.isChecked() and files is not None and bool(files[1].text().strip())

    def use_data_files(self, files: list[str], mapping: list[str]) -> None:
        """The Data view's files (and column mapping) as the data stage's options, with the stage switched on."""
        fields = self.stage_options.fields["data"]
        fields["files"][1].setText(", ".join(files))
        fields["map"][1].setText(", ".join(mapping))
        self.stage_switches.boxes["data"].setChecked(True)
        self.validate()

    def _set_valid(self, ok: bool) -> None:
        if ok != self._valid:
            self._valid = ok
            self.validity_changed.emit(ok)

    @property
    def is_valid(self) -> bool:
        return self._valid

    def run_blocker(self) -> str:
        """Why Run is off, in one short line for the status line; "" when it may start."""
        if self._valid:
            return ""
        if self.model_error or self.data_error:
            return self.tr("fix the field marked in red in Settings")
        if not self.demo and not self.model.text():
            return self.tr("choose a model folder in Settings")
        if not self.data.text() and not self.prepares_data():
            return self.tr("choose a data file in Settings")
        if self._paths_ok and not self.vram.fits:
            return self.tr("the training settings do not fit the GPU (see the estimate in Settings)")
        return self.tr("checking the settings…")

    # -- values -----------------------------------------------------------------------------

    def train_values(self) -> dict[str, Any]:
        return self.training.values()

    def set_train_values(self, values: dict[str, Any]) -> None:
        self.training.set_values(values)

    def use_run_settings(self, tables: dict[str, Any]) -> None:
        """Fill the form from a run's config (run.json's tables): model or demo, data, preset, training
        values, quantization, the later stages' options (unset ones back to their defaults), stages to run."""
        tables = {k: v for k, v in tables.items() if isinstance(v, dict)}
        run, train = tables.get("run", {}), tables.get("train", {})
        demo = "pretrain" in tables or "pretrain" in (run.get("stages") or [])
        self.demo_button.setChecked(demo)
        if not demo:
            self.model.edit.setText(str(train.get("model") or ""))
            index = self.preset.findData(run.get("preset"))
            if index >= 0:
                self.preset.setCurrentIndex(index)
        if train.get("data"):
            self.data.edit.setText(str(train["data"]))
        self.set_train_values({k: v for k, v in train.items() if k in self.hyper})
        types = (tables.get("quantize") or {}).get("types")
        if isinstance(types, list) and types:
            self.quant_type.setCurrentText(str(types[0]))
        for stage, fields in self.stage_options.fields.items():
            given = tables.get(stage, {})
            for key, (default, widget) in fields.items():
                value = given.get(key, default)
                if isinstance(widget, QLineEdit):  # as the form shows it: a list comma-separated, unset empty
                    value = "" if value is None else ", ".join(map(str, value)) if isinstance(value, list) else value
                set_widget_value(widget, value)
        stages = run.get("stages")
        self.stage_switches.set_chosen(list(stages) if isinstance(stages, list) else pipeline_stage_names())
        self.validate()

    # -- the workspace --------------------------------------------------------------------------

    def workspace_problem(self, path: str) -> str:
        """"" when `path` can hold runs (it exists as a folder, or its parent does); else what is wrong."""
        if not path.strip():
            return ""
        folder = Path(path).expanduser()
        if folder.is_dir():
            return ""
        if folder.exists():
            return self.tr("Workspace {0} is a file, not a folder: choose a folder.").format(folder)
        if folder.parent.is_dir():
            return ""  # created with the first run
        return self.tr("Workspace {0} does not exist, and neither does {1}: choose an existing folder.").format(
            folder, folder.parent)

    def workspace_note(self, path: str) -> str:
        """What to know about a usable workspace: one that does not exist yet is created by the first run."""
        if not path.strip() or self.workspace_problem(path):
            return ""
        folder = Path(path).expanduser()
        if folder.is_dir():
            return ""
        return self.tr("Workspace {0} does not exist yet: the first run creates it.").format(folder)

    def _on_workspace_edited(self, text: str) -> None:
        problem = self.workspace_problem(text)
        self.show_workspace_message(problem or self.workspace_note(text), error=bool(problem))

    def show_workspace_message(self, text: str, *, error: bool) -> None:
        """A line under the workspace field: red with a red field for a folder that cannot be used."""
        self.workspace_error.setText(text)
        self.workspace_error.setVisible(bool(text))
        self.workspace_error.setStyleSheet(f"color: {'#b3261e' if error else '#7a5c00'};")
        self.workspace.setStyleSheet("border: 1px solid #b3261e;" if error else "")

    # -- what a new run goes through ------------------------------------------------------------

    def planned_stages(self) -> list[str]:
        """The stages of a new run from these settings, in the pipeline's order."""
        chosen = set(self.stage_switches.chosen())
        return [n for n in pipeline_stage_names() if n in chosen or (n == "pretrain" and self.demo)]

    # -- remembered between starts ---------------------------------------------------------------

    def remembered_widgets(self) -> dict[str, QWidget]:
        widgets: dict[str, QWidget] = {"model": self.model.edit, "data": self.data.edit,
                                       "workspace": self.workspace, "quant_type": self.quant_type,
                                       "preset": self.preset}
        widgets.update({f"train.{name}": box for name, box in self.hyper.items()})
        for stage, fields in self.stage_options.fields.items():
            widgets.update({f"{stage}.{key}": widget for key, (_default, widget) in fields.items()})
        return widgets

    def remember(self) -> None:
        """Keep the current choices for the next start."""
        values = {key: widget_value(w) for key, w in self.remembered_widgets().items()}
        values["demo"] = self.demo
        values["stages"] = self.stage_switches.chosen()
        save_values(values)

    def restore(self, *, workspace_given: bool = False) -> None:
        """The choices of the last start (a workspace given on the command line wins over the remembered one)."""
        values = load_values()
        if not values:
            return
        if values.get("demo"):
            self.demo_button.setChecked(True)
        for key, widget in self.remembered_widgets().items():
            if key in values and not (key == "workspace" and workspace_given):
                if key == "model" and self.demo:
                    continue
                set_widget_value(widget, values[key])
        if isinstance(values.get("stages"), list):
            self.stage_switches.set_chosen(values["stages"])
        self.validate()

    def values(self) -> dict[str, Any]:
        """What the user chose, in the user's words (the main window turns it into a pipeline config)."""
        return {
            "demo": self.demo,
            "model": self.model.text(),
            "data": self.data.text(),
            "workspace": self.workspace.text().strip(),
            "quant_type": self.quant_type.currentText(),
            "preset": self.preset_name,
            "train": self.train_values(),
            "stages": self.stage_options.values(),
            "run_stages": self.planned_stages(),
        }


