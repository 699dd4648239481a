"""The ticket-types screen against the real server: each mistake is named and saves nothing;
the preview is the new-ticket form's own rows, in the builder's order; an edit makes a new
version while existing tickets keep theirs."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit
from pytestqt.qtbot import QtBot

from tests.client.conftest import TIMEOUT_MS, MakeSession
from ticketdesk.client.models.ticket_types import FieldDraftModel, TypeTableModel
from ticketdesk.client.views.admin_types import TypesAdmin
from ticketdesk.client.views.main_window import MainWindow
from ticketdesk.client.views.new_ticket import NewTicketDialog
from ticketdesk.common import limits
from ticketdesk.common.enums import FieldKind


def _types(org) -> list[dict]:
    return org.admin.ok("GET", "/ticket-types")


def _screen(qtbot: QtBot, make_session: MakeSession, settings: QSettings) -> TypesAdmin:
    window = MainWindow(make_session("admin"), settings)
    qtbot.addWidget(window)
    window.show()
    window.admin_action.trigger()
    assert window.admin_window is not None
    return window.admin_window.types


def _save(qtbot: QtBot, screen: TypesAdmin) -> None:
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)


def _add_field(screen: TypesAdmin, key: str, label: str, kind: FieldKind) -> None:
    screen.add_field()
    screen.field_key_edit.setText(key)
    screen.field_label_edit.setText(label)
    screen.kind_combo.setCurrentIndex(screen.kind_combo.findData(kind.value))


def _preview_labels(screen: TypesAdmin) -> list[str]:
    return [e.spec.label for e in screen.preview.editors]


def test_item_models(qtmodeltester, org, make_session: MakeSession) -> None:
    model = TypeTableModel(make_session("admin").state)
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == len(_types(org))
    fields = FieldDraftModel()
    fields.set_fields([{"key": "a", "label": "A"}, {"key": "b", "label": "B"}])
    qtmodeltester.check(fields, force_py=True)
    assert fields.move(0, 1)
    assert [f["key"] for f in fields.fields] == ["b", "a"]
    # A drop (what the list view does on a drag) moves the row, it never copies it.
    data = fields.mimeData([fields.index(1, 0)])
    fields.dropMimeData(data, Qt.DropAction.MoveAction, 0, 0, fields.index(-1, 0))
    assert [f["key"] for f in fields.fields] == ["a", "b"]


def test_mistakes_are_named_and_save_nothing(
    qtbot: QtBot, org, make_session: MakeSession, settings: QSettings
) -> None:
    screen = _screen(qtbot, make_session, settings)
    before = _types(org)
    screen.new_type()
    screen.key_edit.setText("warranty")
    _save(qtbot, screen)
    assert screen.message.text() == "Enter a name."
    screen.name_edit.setText("保修")
    _add_field(screen, "model", "型号", FieldKind.CHOICE)
    _save(qtbot, screen)
    assert screen.message.text() == "The choice field “型号” needs options, one per line."
    screen.options_edit.setPlainText("A1\nB2\n")
    _add_field(screen, "model", "型号二", FieldKind.TEXT)
    _save(qtbot, screen)
    assert screen.message.text() == "Two fields have the same key; each field needs its own key."
    assert screen._reply is None
    assert _types(org) == before


def test_preview_follows_the_builder_with_the_forms_widgets(
    qtbot: QtBot, org, make_session: MakeSession, settings: QSettings
) -> None:
    screen = _screen(qtbot, make_session, settings)
    assert screen.select_type(org.type_id)
    assert _preview_labels(screen) == ["订单号", "金额", "原因", "电话"]
    _add_field(screen, "note", "备注", FieldKind.MULTILINE)
    assert _preview_labels(screen)[-1] == "备注"
    screen.move_field(-1)  # above 电话
    screen.move_field(-1)  # above 原因
    order = ["订单号", "金额", "备注", "原因", "电话"]
    assert _preview_labels(screen) == order
    assert [f["label"] for f in screen.fields.fields] == order
    # The same widgets the new-ticket form builds from the saved type.
    kinds = [type(e.input) for e in screen.preview.editors]
    assert kinds == [QLineEdit, QLineEdit, QPlainTextEdit, QComboBox, QLineEdit]
    _save(qtbot, screen)
    qtbot.waitUntil(lambda: screen.message.text() == "Saved as version 2.", timeout=TIMEOUT_MS)
    dialog = NewTicketDialog(screen._admin._session)
    qtbot.addWidget(dialog)
    dialog.select_type("refund")
    real = [(e.spec.label, type(e.input)) for e in dialog._editors.values()]
    assert real == [(e.spec.label, type(e.input)) for e in screen.preview.editors]


def test_an_edit_makes_version_2_and_tickets_keep_version_1(
    qtbot: QtBot, org, make_session: MakeSession, settings: QSettings
) -> None:
    ticket = org.new_ticket("hl1")
    screen = _screen(qtbot, make_session, settings)
    assert screen.select_type(org.type_id)
    assert screen.version_label.text() == "1"
    screen.field_list.setCurrentIndex(screen.fields.index(2, 0))  # 原因
    screen.options_edit.setPlainText("质量问题\n其他")  # 发错货 goes
    screen.resolution_spin.setValue(0)  # "none": no resolution target any more
    _save(qtbot, screen)
    qtbot.waitUntil(lambda: screen.message.text() == "Saved as version 2.", timeout=TIMEOUT_MS)
    assert screen.version_label.text() == "2"
    assert screen.model.data(screen.model.index(screen.model.row_of(org.type_id), 2)) == "2"
    current = org.admin.ok("GET", f"/ticket-types/{org.type_id}")
    assert current["version"] == 2
    assert current["fields"][2]["options"] == ["质量问题", "其他"]
    assert current["sla_resolution_minutes"] is None
    assert current["sla_first_response_minutes"] == 30
    assert current["default_group_id"] == org.groups["售后"]
    kept = org.admin.ok("GET", f"/tickets/{ticket['id']}")
    assert kept["type_version"] == 1
    old = org.admin.ok("GET", f"/ticket-types/{org.type_id}/versions/1")
    assert old["fields"][2]["options"] == ["质量问题", "发错货", "其他"]


def test_a_new_type_is_created(
    qtbot: QtBot, org, make_session: MakeSession, settings: QSettings
) -> None:
    screen = _screen(qtbot, make_session, settings)
    screen.new_type()
    screen.key_edit.setText("warranty")
    screen.name_edit.setText("保修")
    _add_field(screen, "model", "型号", FieldKind.CHOICE)
    screen.options_edit.setPlainText("A1\nB2")
    _add_field(screen, "qty", "数量", FieldKind.NUMBER)
    screen.min_edit.setText("1")
    _save(qtbot, screen)
    qtbot.waitUntil(lambda: screen.message.text() == "Created.", timeout=TIMEOUT_MS)
    created = next(t for t in _types(org) if t["key"] == "warranty")
    assert [f["key"] for f in created["fields"]] == ["model", "qty"]
    assert created["fields"][1]["min_value"] == 1
    # The server's refusal is shown: the key is taken now.
    screen.new_type()
    screen.key_edit.setText("warranty")
    screen.name_edit.setText("保修二")
    _save(qtbot, screen)
    qtbot.waitUntil(lambda: screen.message.text() != "", timeout=TIMEOUT_MS)
    assert screen.message.text() != "Created."
    assert len([t for t in _types(org) if t["key"] == "warranty"]) == 1


def test_inputs_stop_at_the_servers_limits(
    qtbot: QtBot, org, make_session: MakeSession, settings: QSettings
) -> None:
    screen = _screen(qtbot, make_session, settings)
    screen.new_type()
    qtbot.keyClicks(screen.key_edit, "k" * (limits.KEY_MAX + 5))
    screen.name_edit.insert("名" * (limits.NAME_MAX + 20))  # pasted: cut at the limit too
    assert screen.key_edit.text() == "k" * limits.KEY_MAX
    assert len(screen.name_edit.text()) == limits.NAME_MAX
    _add_field(screen, "f" * (limits.KEY_MAX + 1), "标" * (limits.NAME_MAX + 1), FieldKind.CHOICE)
    assert len(screen.field_key_edit.text()) == limits.KEY_MAX
    assert len(screen.field_label_edit.text()) == limits.NAME_MAX
    long_option = "选" * (limits.OPTION_MAX + 30)
    screen.options_edit.setPlainText(f"短\n{long_option}")
    assert screen.options_edit.toPlainText() == "短\n" + "选" * limits.OPTION_MAX
    screen.template_edit.setPlainText("模" * (limits.BODY_MAX + 1))
    assert len(screen.template_edit.toPlainText()) == limits.BODY_MAX
    # What was typed at the limits is what the server takes.
    _save(qtbot, screen)
    qtbot.waitUntil(lambda: screen.message.text() == "Created.", timeout=TIMEOUT_MS)
    created = next(t for t in _types(org) if t["key"] == "k" * limits.KEY_MAX)
    assert created["fields"][0]["options"] == ["短", "选" * limits.OPTION_MAX]
    # The preview's long-text field stops at the field's own limit, as the form will.
    _add_field(screen, "note", "备注", FieldKind.MULTILINE)
    screen.max_edit.setText("10")
    note = screen.preview.editors[-1].input
    assert isinstance(note, QPlainTextEdit)
    note.setPlainText("x" * 50)
    assert note.toPlainText() == "x" * 10
    assert screen.max_edit.placeholderText() == "longest length, up to 5,000"
    # The other admin screens take the same limits.
    window = screen.window()
    users, groups = window.users, window.groups
    assert users.username_edit.maxLength() == limits.USERNAME_MAX
    assert users.name_edit.maxLength() == limits.NAME_MAX
    assert groups.name_edit.maxLength() == limits.NAME_MAX
    assert groups.description_edit.maxLength() == limits.DESCRIPTION_MAX
    assert window.keys.name_edit.maxLength() == limits.KEY_LABEL_MAX
    assert window.webhooks.url_edit.maxLength() == limits.URL_MAX
