"""Small pieces the views share: plain-text labels, an inline message bar, error wording."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, SignalInstance
from PySide6.QtGui import QKeySequence, QShortcut, QTextCursor
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from ..net.api import ApiError
from ..timefmt import format_wait
from .retranslate import FollowsLanguage

translate = QCoreApplication.translate  # the name lupdate looks for


class FirstPaint(QObject):
    """Calls ``then`` once the widget has been painted for the first time (right after that
    paint, children included). Several may watch one widget: the one made last calls first."""

    def __init__(self, widget: QWidget, then: Callable[[], None]) -> None:
        super().__init__(widget)
        self._then = then
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._then)
        return False


def plain_label(
    text: str = "",
    parent: QWidget | None = None,
    *,
    wrap: bool = True,
    selectable: bool = False,
    object_name: str = "",
) -> QLabel:
    """A label that never interprets its text as HTML: user-provided text goes in here."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if object_name:
        label.setObjectName(object_name)
    label.setText(text)
    return label


def caption_name(caption: str) -> str:
    """A form caption as a screen reader should say it: without its mnemonic ``&``, the
    colon and the required-field star ("Order &no. *:" → "Order no.")."""
    text = caption.replace("&&", "\0").replace("&", "").replace("\0", "&")
    return text.strip().rstrip(":：").strip().removesuffix("*").strip()


def limit_plain_text(edit: QPlainTextEdit, most: int, *, line_max: int | None = None) -> None:
    """What QLineEdit.setMaxLength does, for a QPlainTextEdit (which has no such limit):
    text beyond ``most`` characters, or beyond ``line_max`` on one line, is cut as it is
    typed or pasted, so the admin never writes what the server refuses for its length."""

    def trim() -> None:
        text = edit.toPlainText()
        cut = text
        if line_max is not None:
            cut = "\n".join(line[:line_max] for line in cut.split("\n"))
        cut = cut[:most]
        if cut != text:
            position = min(edit.textCursor().position(), len(cut))
            edit.setPlainText(cut)
            cursor = edit.textCursor()
            cursor.setPosition(position, QTextCursor.MoveMode.MoveAnchor)
            edit.setTextCursor(cursor)

    edit.textChanged.connect(trim)


def submit_on_ctrl_enter(dialog: QWidget, submit: Callable[[], None]) -> None:
    """Ctrl+Enter anywhere in ``dialog`` does what its OK button does: in a note, plain
    Enter is a new line, and the agent should not have to reach for the mouse or tab away."""
    for keys in ("Ctrl+Return", "Ctrl+Enter"):
        shortcut = QShortcut(QKeySequence(keys), dialog)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(submit)


def set_style_property(widget: QWidget, name: str, value: object) -> None:
    """Set a property the style sheet selects on, and restyle the widget when it changed
    (Qt does not re-apply a style sheet on its own when a dynamic property changes)."""
    if widget.property(name) != value:
        widget.setProperty(name, value)
        widget.style().unpolish(widget)
        widget.style().polish(widget)


Words = str | Callable[[], str]
"""A text, or a function that makes it: given the function, a message is said again in the
new language when the language changes while it is shown."""


class MessageBar(FollowsLanguage, QLabel):
    """A one-line message above a form or a ticket: errors in red, notices in blue."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setObjectName("messageBar")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self._words: Callable[[], str] | None = None
        self.hide()

    def show_error(self, text: Words) -> None:
        self._show(text, "error")

    def show_notice(self, text: Words) -> None:
        self._show(text, "notice")

    def _show(self, text: Words, kind: str) -> None:
        self.setProperty("kind", kind)
        self.style().unpolish(self)
        self.style().polish(self)
        self._words = text if callable(text) else None
        self.setText(text() if callable(text) else text)
        self.show()

    def retranslate(self) -> None:
        if self._words is not None:
            self.setText(self._words())

    def clear_message(self) -> None:
        self._words = None
        self.clear()
        self.hide()


class Banner(FollowsLanguage, QFrame):
    """A strip across the window for a state that lasts (the connection is down, the server
    set you offline), with an optional button to do something about it."""

    def __init__(self, parent: QWidget | None = None, *, object_name: str = "banner") -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.label = plain_label("", self, object_name="bannerText")
        self.button = QPushButton(self)
        self.button.setObjectName("bannerButton")
        self.button.hide()
        self.button.clicked.connect(self._on_button)
        self._action: Callable[[], None] | None = None
        self._words: tuple[Callable[[], str], Callable[[], str]] | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button)
        self.hide()

    def show_message(
        self,
        text: Words,
        kind: str = "notice",
        *,
        action_text: Words = "",
        action: Callable[[], None] | None = None,
    ) -> None:
        """``text``, ``action_text``: the words, or functions that make them (then said
        again in a new language while the banner is up)."""
        words = (text if callable(text) else lambda: text,
                 action_text if callable(action_text) else lambda: action_text)
        self._words = words
        self.label.setText(words[0]())
        self.setProperty("kind", kind)
        self.style().unpolish(self)
        self.style().polish(self)
        self._action = action
        self.button.setText(words[1]())
        self.button.setVisible(bool(self.button.text() and action))
        self.show()

    def retranslate(self) -> None:
        if self._words is not None:
            self.label.setText(self._words[0]())
            self.button.setText(self._words[1]())

    def dismiss(self) -> None:
        self._action = None
        self.hide()

    def _on_button(self) -> None:
        if self._action is not None:
            self._action()


def say_for_ticket(
    message: MessageBar,
    notice: SignalInstance,
    text: Words,
    *,
    ticket_id: int | None,
    shown_id: int | None,
) -> None:
    """Say ``text`` about ``ticket_id``: in the bar above it while it is the ticket shown,
    else through ``notice`` (the window's status bar), saying which ticket it was about."""
    if ticket_id == shown_id:
        message.show_error(text)
    else:
        notice.emit(
            translate("TicketNotice", "Ticket #{number}: {text}").format(
                number=ticket_id, text=text() if callable(text) else text
            )
        )


def error_text(error: ApiError) -> str:
    """What an agent should read when a request failed."""
    if error.code == "database_unavailable":
        if error.retry_after:
            return translate(
                "Errors",
                "The server is restarting its database. Nothing was changed; try again in {wait}.",
            ).format(wait=format_wait(error.retry_after))
        return translate(
            "Errors",
            "The server is restarting its database. Nothing was changed; try again in a moment.",
        )
    if error.status == 503:
        return translate(
            "Errors", "The server is busy or restarting. Nothing was changed; try again shortly."
        )
    if error.code == "too_many_attempts":
        if error.retry_after:
            return translate("Errors", "Too many attempts. Try again in {wait}.").format(
                wait=format_wait(error.retry_after)
            )
        return translate("Errors", "Too many attempts. Try again later.")
    if error.code == ApiError.UNREACHABLE:
        return translate("Errors", "The server cannot be reached. Check the network and try again.")
    if error.code == ApiError.TIMEOUT:
        return translate("Errors", "The server did not answer in time. Try again.")
    if error.code == ApiError.BAD_RESPONSE:
        return translate("Errors", "The server sent an answer this client does not understand.")
    by_code = {
        "illegal_transition": translate(
            "Errors", "The ticket has changed in the meantime; this is no longer possible."
        ),
        "not_permitted": translate("Errors", "You are not allowed to do this."),
        "role_required": translate("Errors", "Only supervisors may do this."),
        "not_found": translate(
            "Errors", "This ticket no longer exists or is no longer visible to you."
        ),
        "same_group": translate("Errors", "The ticket is already in that group."),
        "group_inactive": translate("Errors", "That group is no longer active."),
        "not_a_member": translate("Errors", "That person is not a member of the ticket's group."),
        "agent_inactive": translate("Errors", "That account is deactivated."),
        "over_capacity": translate(
            "Errors",
            "That agent already has as many tickets as "
            "allowed. Tick “Assign even if over capacity” "
            "to assign anyway.",
        ),
        "unchanged": translate("Errors", "The ticket is already assigned to that agent."),
        "not_assigned": translate("Errors", "The ticket is not assigned to anyone."),
        "type_inactive": translate("Errors", "This ticket type has been retired."),
        "group_required": translate("Errors", "Choose a group for the ticket."),
        "invalid_fields": translate("Errors", "Some fields are missing or invalid."),
    }
    if error.code in by_code:
        return by_code[error.code]
    if error.status == 401:
        return translate("Errors", "Your session has ended. Please log in again.")
    if error.status >= 500:
        return translate("Errors", "The server hit an unexpected error. Try again later.")
    return translate("Errors", "The server refused: {message}").format(message=error.message)


def transient_reason(error: ApiError) -> str:
    """Why a call that may succeed later did not, as part of a sentence (no full stop)."""
    if error.code == ApiError.TIMEOUT:
        return translate("Errors", "the server did not answer in time")
    if error.code == "database_unavailable":
        return translate("Errors", "the server is restarting its database")
    if error.status == 503:
        return translate("Errors", "the server is busy")
    return translate("Errors", "the server cannot be reached")
