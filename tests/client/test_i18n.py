"""Translations: complete, compiled, loaded from the package; the language choice."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from ticketdesk.client import i18n, i18n_tools
from ticketdesk.client.labels import field_error_text, status_label
from ticketdesk.client.timefmt import format_age
from ticketdesk.common.enums import Status


def test_every_string_is_translated_and_the_qm_is_fresh() -> None:
    problems = i18n_tools.problems("zh_CN")
    assert problems == [], "\n".join(problems)


@pytest.fixture
def chinese(qapp: QApplication) -> Iterator[None]:
    translators = i18n.Translators()
    translators.install(qapp, "zh_CN")
    yield
    translators.remove(qapp)
    i18n.Translators().install(qapp, "en")


def test_chinese_translations_load_from_the_package(chinese: None) -> None:
    assert status_label(Status.QUEUED) == "排队中"
    assert field_error_text("too_small", {"min": "0.01"}) == "不能小于 0.01"
    from datetime import UTC, datetime, timedelta

    now = datetime.now(UTC)
    assert format_age(now - timedelta(hours=2, minutes=5), now) == "2 小时 5 分"


def test_english_is_the_source(qapp: QApplication) -> None:
    assert status_label(Status.IN_PROGRESS) == "In progress"


def test_language_choice(settings: QSettings) -> None:
    assert i18n.choose_language(settings, "en") == "en"
    assert i18n.choose_language(settings) == i18n.system_language()
    settings.setValue(i18n.SETTING, "zh_CN")
    assert i18n.choose_language(settings) == "zh_CN"
    assert i18n.choose_language(settings, "en") == "en"  # --lang wins over the setting
    settings.setValue(i18n.SETTING, "klingon")
    assert i18n.choose_language(settings) == i18n.system_language()
