"""Which keys run which command in the main window: each command's default, overridden by
what the agent chose (kept in QSettings, so it follows them from shift to shift on this
computer). The actions stay the window's; this only sets their shortcuts."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtGui import QAction, QKeySequence

from ..labels import strip_mnemonic

SETTINGS_GROUP = "shortcuts"


@dataclass(frozen=True)
class Command:
    key: str
    """Stable name, saved in the settings (never translated)."""
    action: QAction
    default: QKeySequence
    menu: QAction
    """The menu it is in (its ``menuAction``): where the shortcut sheet and the settings
    dialog list it."""

    @property
    def section(self) -> str:
        """The menu's name, in the language installed now."""
        return plain_text(self.menu)


def plain_text(action: QAction) -> str:
    """The action's words without its mnemonic marker or trailing ellipsis."""
    return strip_mnemonic(action.text())


class Keymap(QObject):
    changed = Signal()
    """A shortcut was changed or reset; the sheet and dialogs show the new keys."""

    def __init__(self, settings: QSettings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self._commands: dict[str, Command] = {}

    def add(
        self, key: str, action: QAction, default: str | QKeySequence, *, section: QAction
    ) -> QAction:
        """Manage ``action``'s shortcut as command ``key`` (its default: ``default``, "" for
        none), listed under ``section`` (a menu's ``menuAction``, whose words follow the
        language); the saved choice, if any, applies at once."""
        sequence = default if isinstance(default, QKeySequence) else QKeySequence(default)
        self._commands[key] = Command(key, action, sequence, section)
        action.setShortcut(self.sequence(key))
        return action

    def commands(self) -> list[Command]:
        return list(self._commands.values())

    def command(self, key: str) -> Command:
        return self._commands[key]

    def sequence(self, key: str) -> QKeySequence:
        saved = self._settings.value(f"{SETTINGS_GROUP}/{key}")
        if isinstance(saved, str):
            return QKeySequence(saved)
        return self._commands[key].default

    def is_default(self, key: str) -> bool:
        return self.sequence(key) == self._commands[key].default

    def owner_of(self, sequence: QKeySequence, *, besides: str = "") -> Command | None:
        """The command (other than ``besides``) that ``sequence`` already runs."""
        if sequence.isEmpty():
            return None
        for command in self._commands.values():
            if command.key != besides and self.sequence(command.key) == sequence:
                return command
        return None

    def set_many(self, sequences: dict[str, QKeySequence]) -> None:
        """Save and apply new shortcuts together (so that two may swap keys). A choice equal
        to the default is saved as no choice, so a later release's new default applies."""
        for key, sequence in sequences.items():
            name = f"{SETTINGS_GROUP}/{key}"
            if sequence == self._commands[key].default:
                self._settings.remove(name)
            else:
                self._settings.setValue(
                    name, sequence.toString(QKeySequence.SequenceFormat.PortableText)
                )
            self._commands[key].action.setShortcut(sequence)
        self.changed.emit()

    def reset_all(self) -> None:
        self.set_many({key: c.default for key, c in self._commands.items()})
