"""The application entry: arguments, and the look and icon shipped in ticketdesk.resources."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from ticketdesk.client import i18n
from ticketdesk.client.app import app_icon, parse_args, setup_application, style_sheet


def test_arguments_prefill_the_login() -> None:
    args = parse_args(["--server", "127.0.0.1:8470", "--username", "li.na", "--lang", "zh_CN"])
    assert (args.server, args.username, args.lang) == ("127.0.0.1:8470", "li.na", "zh_CN")
    assert parse_args([]).lang is None  # the system locale or the saved setting decides


def test_resources_load(qapp: QApplication) -> None:
    assert "#messageBar" in style_sheet()
    assert not app_icon().isNull()
    translators = i18n.Translators()
    before = qapp.styleSheet()
    try:
        setup_application(qapp, "en", translators)
        assert qapp.styleSheet() == style_sheet()
    finally:
        qapp.setStyleSheet(before)
        translators.remove(qapp)
