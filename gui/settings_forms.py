"""The run's settings: model folder and data file (validated as soon as they are chosen), output, hyper-parameters."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gui.names import preset_label, stage_name
from gui.option_labels import choice_label, option_label
from gui.remembered import load_values, save_values, set_widget_value, widget_value
from gui.stage_switches import StageSwitches, pipeline_stage_names
from so8t.config import FieldSpec, fields_of
from so8t.errors import So8tError
from so8t.model.folder import inspect_model_folder
from so8t.model.lora_targets import KEYWORDS as LORA_TARGET_KEYWORDS
from so8t.presets import DEMO_PRESET, machine_preset_name, nvidia_gpu_present, preset_names

#: Typing in a path field re-validates after this pause, not on every key.
VALIDATE_DELAY_MS = 250

#: Hyper-parameters shown in the form (the rest keep the preset's or TrainConfig's values), in display order.
SHOWN_TRAIN_FIELDS = (
    "max_steps", "learning_rate", "lora_rank", "lora_targets", "batch_size", "grad_accum", "max_length", "packing",
    "ckpt_every_steps", "ckpt_every_seconds", "seed",
)


def quant_type_choices() -> tuple[str, ...]:
    """The quantize types the form offers: the config's choices, `auto` (its default) first."""
    from so8t.config import field_spec
    from so8t.gguf.config import QuantizeConfig

    return field_spec(QuantizeConfig, "quant_type").choices or ()


def default_quant_type() -> str:
    from so8t.config import field_spec
    from so8t.gguf.config import QuantizeOptions

    return field_spec(QuantizeOptions, "types").default[0]


def train_fields() -> dict[str, FieldSpec]:
    """The shown training fields (type, default, help) from TrainConfig itself."""
    from so8t.train.config import TrainConfig

    specs = {f.name: f for f in fields_of(TrainConfig)}
    return {name: specs[name] for name in SHOWN_TRAIN_FIELDS}


def preset_train_values(name: str) -> dict[str, Any]:
    """The shown training values under a preset: its [train] table over TrainConfig's defaults."""
    from so8t.presets import load_preset

    table = load_preset(name).table("train")
    return {n: table.get(n, spec.default) for n, spec in train_fields().items()}


def preset_device(name: str) -> str:
    """The device a preset trains on ("cpu", "cuda"), or "" where it leaves the choice to the machine."""
    from so8t.presets import load_preset

    return str(load_preset(name).table("train").get("device") or "") if name else ""


def demo_train_data() -> str:
    """The SFT file the demo trains on: the demo preset's `[train] data`, relative to the preset's folder."""
    from so8t.presets import load_preset

    preset = load_preset(DEMO_PRESET)
    data = preset.table("train").get("data")
    return str((preset.folder / str(data)).resolve()) if data else ""


def check_data_file(path: str | Path) -> None:
    """Raise a DataFileError naming the file and line if the SFT data cannot be read.

    Uses the training stage's own loader check, so the form says exactly what `so8t train` would.
    """
    from so8t.train.data import read_sft_file

    read_sft_file(path)


class PathField(QWidget):
    """A path line edit, a Browse button and the error line under them."""

    changed = Signal(str)

    def __init__(self, object_name: str, placeholder: str, *, folder: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.folder = folder
        self.edit = QLineEdit()
        self.edit.setObjectName(object_name)
        self.edit.setAccessibleName(placeholder)
        self.edit.setPlaceholderText(placeholder)
        self.browse = QPushButton(self.tr("Browse…"))
        self.browse.setObjectName(object_name.replace("Edit", "Browse"))
        self.error = QLabel()
        self.error.setObjectName(object_name.replace("Edit", "Error"))
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b3261e;")
        self.error.setVisible(False)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(self.browse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.error)
        self.browse.clicked.connect(self._on_browse)
        self.edit.textChanged.connect(self.changed)

    def _on_browse(self) -> None:
        if self.folder:
            path = QFileDialog.getExistingDirectory(self, self.edit.placeholderText(), self.edit.text())
        else:
            path, _ = QFileDialog.getOpenFileName(self, self.edit.placeholderText(), self.edit.text(),
                                                  self.tr("JSON Lines (*.jsonl *.json);;All files (*)"))
        if path:
            self.edit.setText(path)

    def set_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))
        self.edit.setStyleSheet("border: 1px solid #b3261e;" if text else "")
        self.edit.setToolTip(text)

    def text(self) -> str:
        return self.edit.text().strip()


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

        self.hyper: dict[str, QSpinBox | QDoubleSpinBox | QComboBox] = {}
        hyper_box = QGroupBox(self.tr("Training"))
        hyper_form = QFormLayout(hyper_box)
        hyper_form.addRow(self.tr("Preset"), self.preset)
        start_values = preset_train_values(self.machine_preset)
        for name, spec in train_fields().items():
            default, help_text = start_values[name], spec.help
            if spec.choices is not None:  # one of a few words (--packing)
                choice = QComboBox()
                for value in spec.choices:
                    choice.addItem(choice_label(value), value)
                choice.setCurrentIndex(max(0, choice.findData(default)))
                choice.setObjectName(f"{name}Combo")
                choice.setToolTip(help_text)
                choice.setAccessibleName(name)
                hyper_form.addRow(option_label(name), choice)
                self.hyper[name] = choice
                continue
            if spec.base_type is str:  # a keyword or names typed in (--lora-targets)
                combo = QComboBox()
                combo.setEditable(True)
                combo.addItems(LORA_TARGET_KEYWORDS)
                combo.setCurrentText(str(default))
                combo.setObjectName(f"{name}Combo")
                combo.setToolTip(help_text)
                combo.setAccessibleName(name)
                hyper_form.addRow(option_label(name), combo)
                self.hyper[name] = combo
                combo.currentTextChanged.connect(lambda _t: self._update_estimate())
                continue
            if spec.base_type is float:
                box: QSpinBox | QDoubleSpinBox = QDoubleSpinBox()
                box.setDecimals(6 if default < 0.01 else 1)
                box.setRange(float(spec.minimum or 0), 1e7)
                box.setSingleStep(default / 2 if 0 < default < 0.01 else 10.0)
            else:
                box = QSpinBox()
                box.setRange(int(spec.minimum or 0), 10_000_000)
            box.setValue(default)
            box.setObjectName(f"{name}Spin")
            box.setToolTip(help_text)
            box.setAccessibleName(name)
            hyper_form.addRow(option_label(name), box)
            self.hyper[name] = box
            box.valueChanged.connect(lambda _v: self._update_estimate())
        from gui.vram_estimate import VramEstimatePanel

        self.vram = VramEstimatePanel()
        hyper_form.addRow(self.tr("GPU memory"), self.vram)
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
        layout.addWidget(hyper_box)
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
            ok = bool(self.model.text() and self.data.text()) and not self.model_error and not self.data_error
        self._paths_ok = ok
        self._update_estimate()
        return self._valid

    def _update_estimate(self) -> None:
        """The VRAM pre-flight for the chosen model and values; Run stays off while it exceeds the card."""
        if not hasattr(self, "vram"):
            return
        model = "" if self.demo or self.model_error else self.model.text()
        self.vram.update_estimate(model, self.train_values(), device=preset_device(self.preset_name))
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
        if not self.data.text():
            return self.tr("choose a data file in Settings")
        if self._paths_ok and not self.vram.fits:
            return self.tr("the training settings do not fit the GPU (see the estimate in Settings)")
        return self.tr("checking the settings…")

    # -- values -----------------------------------------------------------------------------

    def train_values(self) -> dict[str, Any]:
        return {name: (box.currentData() if box.currentData() is not None else box.currentText().strip())
                if isinstance(box, QComboBox) else box.value() for name, box in self.hyper.items()}

    def set_train_values(self, values: dict[str, Any]) -> None:
        for name, value in values.items():
            box = self.hyper.get(name)
            if isinstance(box, QComboBox):
                index = box.findData(value)
                if index >= 0:
                    box.setCurrentIndex(index)
                else:
                    box.setCurrentText(str(value))
            elif box is not None:
                box.setValue(value)

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


#: Stage options the main form already shows in its own way (or the pipeline sets).
HANDLED_ELSEWHERE = {
    "quantize": ("types",),
}
#: Stages with a form of their own above (training) or none (the demo's pretraining, the report).
NO_OPTIONS_FORM = ("pretrain", "train", "report")


class StageOptionsForm(QWidget):
    """One group per later stage, built from the pipeline's own option list (type, default, help),
    so every knob of `so8t run --config` is here without a second list to keep in step."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stageOptionsForm")
        self.fields: dict[str, dict[str, tuple[Any, QWidget]]] = {}
        self.folds: dict[str, QToolButton] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        from so8t.pipeline.stages import STAGES

        for name, stage in STAGES.items():
            if name in NO_OPTIONS_FORM:
                continue
            shown = {f.name: f for f in stage.option_fields() if f.name not in HANDLED_ELSEWHERE.get(name, ())}
            if not shown:
                continue
            # A fold, not a checkbox: whether a stage runs is chosen under "Stages to run".
            fold = QToolButton()
            fold.setObjectName(f"{name}OptionsFold")
            fold.setText(self.tr("{0}: options").format(stage_name(name)))
            fold.setCheckable(True)
            fold.setAutoRaise(True)
            fold.setArrowType(Qt.ArrowType.RightArrow)
            fold.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            form = QFormLayout()
            inner = QWidget()
            inner.setObjectName(f"{name}OptionsBox")
            inner.setLayout(form)
            inner.setVisible(False)  # folded: the defaults fit; unfold to change a value
            fold.toggled.connect(lambda on, b=fold, w=inner: (w.setVisible(on), b.setArrowType(
                Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)))
            self.folds[name] = fold
            self.fields[name] = {}
            for key, option in shown.items():
                widget = self._widget_for(option)
                widget.setObjectName(f"{name}_{key}")
                widget.setToolTip(option.help)
                widget.setAccessibleName(f"{name} {key}")
                form.addRow(option_label(key), widget)
                self.fields[name][key] = (option.default, widget)
            layout.addWidget(fold)
            layout.addWidget(inner)

    @staticmethod
    def _widget_for(option: FieldSpec) -> QWidget:
        default = option.default
        if option.choices is not None:
            combo = QComboBox()
            for choice in option.choices:
                combo.addItem(choice_label(choice), choice)
            combo.setCurrentIndex(max(0, combo.findData(default)))
            return combo
        if isinstance(default, bool):
            box = QComboBox()
            box.addItem(choice_label(True), True)
            box.addItem(choice_label(False), False)
            box.setCurrentIndex(0 if default else 1)
            return box
        if isinstance(default, int):
            spin = QSpinBox()
            spin.setRange(-1_000_000 if option.minimum is None else int(option.minimum), 10_000_000)
            spin.setValue(default)
            return spin
        if isinstance(default, float):
            dspin = QDoubleSpinBox()
            dspin.setDecimals(6)
            dspin.setRange(-1e9 if option.minimum is None else float(option.minimum), 1e9)
            dspin.setSingleStep(abs(default) / 10 or 0.01)
            dspin.setValue(default)
            return dspin
        edit = QLineEdit("" if default is None else ", ".join(default) if isinstance(default, list) else str(default))
        edit.setPlaceholderText(choice_label("default") if default is None else "")
        return edit

    @staticmethod
    def _value_of(default: Any, widget: QWidget) -> Any:
        if isinstance(widget, QComboBox):
            return widget.currentData()
        if isinstance(widget, (QSpinBox, QDoubleSpinBox)):
            return widget.value()
        text = widget.text().strip()
        if isinstance(default, list):
            return [part.strip() for part in text.split(",") if part.strip()]
        return text or None

    def values(self) -> dict[str, dict[str, Any]]:
        """{stage: {option: value}} for the options changed from their defaults (the TOML stays short)."""
        out: dict[str, dict[str, Any]] = {}
        for stage, fields in self.fields.items():
            for key, (default, widget) in fields.items():
                value = self._value_of(default, widget)
                if value != default and not (value is None and default in (None, "")):
                    out.setdefault(stage, {})[key] = value
        return out
