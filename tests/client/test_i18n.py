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


def test_assignment_reads_naturally_in_chinese(chinese: None) -> None:
    from datetime import UTC, datetime

    from ticketdesk.client.labels import event_kind_label
    from ticketdesk.client.models.timeline import describe, explain
    from ticketdesk.client.state import ClientState
    from ticketdesk.common.enums import EventKind
    from ticketdesk.common.models import EventPublic, UserPublic

    state = ClientState()
    state.set_users(
        [
            UserPublic.model_validate(
                {"id": i, "username": u, "display_name": n, "role": "agent", "active": True,
                 "presence": "online", "group_ids": [1]}
            )
            for i, u, n in ((1, "zhang.wei", "张伟"), (2, "li.na", "李娜"))
        ]
    )

    def event(kind: EventKind, **data: object) -> EventPublic:
        return EventPublic(
            id=1, kind=kind, ticket_id=1, actor_id=None, actor_name="",
            created_at=datetime.now(UTC), data=data,
        )

    owner = event(
        EventKind.ASSIGNED, reason="order_owner", rule="order_owner", agent="张伟", agent_id=1,
        candidates=[{"id": 1, "load": 2, "capacity": 6}, {"id": 2, "load": 3, "capacity": 6}],
    )
    assert describe(owner, state) == "由系统按订单负责人分配给张伟"
    assert explain(owner, state) == "候选客服（负载/容量）：张伟 2/6、李娜 3/6"
    lapsed = event(
        EventKind.ASSIGNED, reason="reassigned_timeout", rule="least_loaded", agent="李娜",
        previous_assignee_id=1,
    )
    assert describe(lapsed, state) == "张伟超时未受理，重新分配给李娜（负载最低）"
    assert event_kind_label(EventKind.LOGIN_LOCKED) == "登录锁定"
