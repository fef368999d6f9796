"""The UI language: English or Japanese Qt translations, following the system locale unless set in the settings."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

from so8t.resources import LANGUAGES, RESOURCES_DIR

I18N_DIR = RESOURCES_DIR / "i18n"
__all__ = ["LANGUAGES"]  # with a translation each (English is the source language and needs no file)
#: Qt's own file-dialog texts that the qtbase translations PySide6 ships lack (Qt 6 added their "&"
#: shortcuts, so the old entries no longer match): translated in our own files, which Qt also asks.
QT_DIALOG_TEXTS = (QT_TRANSLATE_NOOP("QFileDialog", "&Look in:"), QT_TRANSLATE_NOOP("QFileDialog", "Files of &type:"))
#: objectName of the panel's own translator, which also carries the language it speaks.
TRANSLATOR_NAME = "so8tTranslator"
SETTINGS_KEY = "ui/language"
ORGANIZATION = "SO8T"
APPLICATION = "SO8T Control Panel"


def settings() -> QSettings:
    return QSettings(ORGANIZATION, APPLICATION)


def saved_language() -> str:
    """"system", "en" or "ja" as chosen in the settings (default: follow the system)."""
    value = settings().value(SETTINGS_KEY, "system")
    return value if value in ("system", *LANGUAGES) else "system"


def save_language(language: str) -> None:
    settings().setValue(SETTINGS_KEY, language)


def resolve_language(choice: str, locale: QLocale | None = None) -> str:
    """The language to show: the choice, or the system locale's if it has a translation (else English)."""
    if choice in LANGUAGES:
        return choice
    name = (locale or QLocale.system()).name()  # e.g. "ja_JP"
    lang = name.split("_")[0]
    return lang if lang in LANGUAGES else "en"


def qm_path(language: str) -> Path:
    return I18N_DIR / f"so8t_{language}.qm"


def install_translator(app: QCoreApplication, choice: str | None = None) -> str:
    """Load and install the translation for `choice` (default: the saved setting); returns the language shown."""
    language = resolve_language(choice if choice is not None else saved_language())
    if language == "en":
        return "en"
    translator = QTranslator(app)
    if not translator.load(str(qm_path(language))):
        return "en"
    translator.setObjectName(TRANSLATOR_NAME)
    translator.setProperty("language", language)
    app.installTranslator(translator)
    # Qt's own texts (standard buttons, file dialogs) from the translations PySide6 ships.
    qt_base = QTranslator(app)
    if qt_base.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt_base)
    return language


def shown_language() -> str:
    """The language the panel speaks now: that of its installed translation, else English."""
    app = QCoreApplication.instance()
    translator = app.findChild(QTranslator, TRANSLATOR_NAME) if app is not None else None
    return str(translator.property("language")) if translator is not None else "en"
