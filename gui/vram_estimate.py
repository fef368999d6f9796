"""The VRAM pre-flight in the settings: the training stage's memory estimate for the chosen model and settings,
whether it fits the card, and a one-click change to settings that fit."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDoubleSpinBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from so8t.errors import So8tError
from so8t.train.card import Card, detect_card
from so8t.train.estimate import Estimate

#: The card assumed where no NVIDIA driver answers: the target workstation's RTX 3060 (12 GB).
DEFAULT_CARD_GB = 12.0
#: Form fields "Use settings that fit" may change (the estimate reads every shown value over the preset's).
FITTING_FIELDS = ("max_length", "batch_size")


class VramEstimatePanel(QWidget):
    """Estimate label (`vramEstimateLabel`), the card's size, and "Use settings that fit"."""

    fits_changed = Signal(bool)
    apply_settings = Signal(dict)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("vramEstimatePanel")
        self.label = QLabel()
        self.label.setObjectName("vramEstimateLabel")
        self.label.setAccessibleName(self.tr("GPU memory estimate"))
        self.label.setWordWrap(True)
        card = detect_card()
        self.card_source = card.source if card is not None else "assumed"
        self.card = QDoubleSpinBox()
        self.card.setObjectName("cardGbSpin")
        self.card.setAccessibleName(self.tr("GPU memory of the card (GiB)"))
        self.card.setRange(1.0, 1024.0)
        self.card.setDecimals(1)
        self.card.setSuffix(" GiB")
        self.card.setValue(round(card.gib, 1) if card is not None else DEFAULT_CARD_GB)
        self.card.setToolTip(self.tr("Free memory of the GPU (from the driver), or 12 GiB when no NVIDIA driver "
                                     "answers; change it to plan for another card"))
        self.fit_button = QPushButton(self.tr("Use settings that fit"))
        self.fit_button.setObjectName("useSettingsThatFitButton")
        self.fit_button.setVisible(False)
        self.fit_button.clicked.connect(self._on_fit_clicked)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.card)
        row.addWidget(self.fit_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.label)
        self.estimate: Estimate | None = None
        self._fits = True

    @property
    def fits(self) -> bool:
        """False only when an estimate exists and exceeds the card."""
        return self._fits

    def update_estimate(self, model_dir: str, values: dict[str, Any], *, preset: str, device: str = "") -> None:
        """Recompute for `model_dir`'s config.json and the form's values over `preset`; cheap (no weights are
        read). It is `so8t estimate`'s figure: packing, fused kernels and offloading as the run resolves them.

        On a CPU preset (`device` "cpu") no GPU memory is used: nothing is estimated, and Run is not held back.
        """
        self.estimate = None
        fits = True
        self.card.setEnabled(device != "cpu")
        if not model_dir:
            self.label.setText("")
        elif device == "cpu":
            self.label.setText(self.tr("Training runs on the CPU with this preset: no GPU memory is used."))
        else:
            from so8t.train.memory import (
                estimate_under_preset,  # no torch: the kernels are looked for, not imported
            )

            try:
                source = "--card-gb" if self.card_source == "assumed" else self.card_source
                self.estimate = estimate_under_preset(preset, {**values, "model": model_dir},
                                                      Card(self.card.value(), source))
            except (So8tError, ValueError, TypeError):
                self.label.setText("")  # the model field shows what is wrong with the folder
            else:
                fits = bool(self.estimate.fits)
                self.label.setText(self._describe(self.estimate))
        tip = "" if self.estimate is None else self.tr(
            "The card's memory in use at the peak, as the card counts it (what the Dashboard's VRAM shows): "
            "torch's allocated peak of {0:.1f} GiB plus the CUDA context and the allocator's reserve."
        ).format(self.estimate.peak_gib)
        self.label.setToolTip(f"<p>{html.escape(tip, quote=False)}</p>" if tip else "")  # rich text: Qt wraps it
        self.label.setStyleSheet("" if fits else "color: #b3261e;")
        self.fit_button.setVisible(not fits and self.settings_that_fit() is not None)
        if fits != self._fits:
            self._fits = fits
            self.fits_changed.emit(fits)

    def settings_that_fit(self) -> dict[str, Any] | None:
        """The form values to change (max_length, batch_size) so the estimate fits; offloading is automatic."""
        if self.estimate is None:
            return None
        change = self.estimate.settings_that_fit() or {}
        shown = {k: v for k, v in change.items() if k in FITTING_FIELDS}
        return shown or None

    def _describe(self, est: Estimate) -> str:
        card = self.card.value()
        if est.fits:
            text = self.tr("Estimated peak {0:.1f} GiB of the card's {1:.1f} GiB: fits").format(est.nvml_gib, card)
            if est.offload:
                text += self.tr(" (with activations offloaded to CPU memory)")
            return text
        text = self.tr("Estimated peak {0:.1f} GiB, more than the card's {1:.1f} GiB: Run is off").format(
            est.nvml_gib, card)
        change = self.settings_that_fit()
        if change:
            text += self.tr(". Fits with: {0}").format(
                ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in change.items()))
        else:
            text += self.tr(". No shorter length fits: choose a smaller model or a larger card")
        return text

    def _on_fit_clicked(self) -> None:
        change = self.settings_that_fit()
        if change:
            self.apply_settings.emit(change)
