from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from ticketdesk.common.models import (
    GroupCreate,
    TicketCreate,
    TicketTypeCreate,
    WorkingHours,
)
from ticketdesk.common.models.base import UtcDateTime, WireModel


def test_request_models_refuse_unknown_keys():
    with pytest.raises(ValidationError):
        TicketCreate.model_validate({"type": "refund", "title": "t", "colour": "red"})


def test_ticket_refs_are_strict():
    with pytest.raises(ValidationError):
        TicketCreate.model_validate({"type": True, "title": "t"})
    assert TicketCreate.model_validate({"type": "refund", "title": "t"}).type == "refund"
    assert TicketCreate.model_validate({"type": 3, "title": "t"}).type == 3


def test_nul_in_text_is_refused():
    with pytest.raises(ValidationError):
        TicketCreate.model_validate({"type": 1, "title": "a\x00b"})


def test_title_is_trimmed_and_must_not_be_blank():
    assert TicketCreate.model_validate({"type": 1, "title": "  hi  "}).title == "hi"
    with pytest.raises(ValidationError):
        TicketCreate.model_validate({"type": 1, "title": "   "})


def test_working_hours_validate_timezone_days_and_shifts():
    with pytest.raises(ValidationError):
        WorkingHours.model_validate({"timezone": "Mars/Olympus"})
    with pytest.raises(ValidationError):
        WorkingHours.model_validate({"weekly": {"someday": []}})
    with pytest.raises(ValidationError):
        WorkingHours.model_validate({"weekly": {"mon": [{"start": "18:00", "end": "09:00"}]}})
    hours = WorkingHours.model_validate({"weekly": {"mon": [{"start": "09:00", "end": "24:00"}]}})
    assert hours.timezone == "Asia/Shanghai"


def test_new_group_works_round_the_clock_by_default():
    group = GroupCreate(name="热线")
    assert set(group.working_hours.weekly) == {"mon", "tue", "wed", "thu", "fri", "sat", "sun"}


def test_type_field_keys_must_be_unique():
    with pytest.raises(ValidationError):
        TicketTypeCreate.model_validate(
            {
                "key": "t",
                "name": "T",
                "fields": [{"key": "a", "label": "A"}, {"key": "a", "label": "B"}],
            }
        )


class _Stamp(WireModel):
    at: UtcDateTime


def test_datetimes_are_utc_with_z_and_refuse_naive_input():
    stamp = _Stamp(at=datetime(2026, 11, 25, 20, 0, tzinfo=UTC))
    assert stamp.model_dump(mode="json") == {"at": "2026-11-25T20:00:00Z"}
    assert _Stamp.model_validate({"at": "2026-11-26T04:00:00+08:00"}).at == stamp.at
    with pytest.raises(ValidationError):
        _Stamp.model_validate({"at": "2026-11-25T20:00:00"})


def test_every_model_nested_in_a_request_refuses_unknown_keys():
    from tests.request_models import nested_models, request_models

    models = request_models()
    assert len(models) >= 10  # the walk finds them (GroupCreate, TicketCreate, …)
    tolerant = {
        f"{outer.__name__} → {inner.__name__}"
        for outer in models
        for inner in nested_models(outer) | {outer}
        if inner.model_config.get("extra") != "forbid"
    }
    assert not tolerant, f"request models that would ignore a typo: {sorted(tolerant)}"


def test_typos_in_nested_request_objects_are_refused():
    with pytest.raises(ValidationError, match="weekley"):
        GroupCreate.model_validate({"name": "g", "working_hours": {"weekley": {}}})
    with pytest.raises(ValidationError, match="stat"):
        GroupCreate.model_validate(
            {"name": "g", "working_hours": {"weekly": {"mon": [{"stat": "09:00", "end": "1"}]}}}
        )
    with pytest.raises(ValidationError, match="requried"):
        TicketTypeCreate.model_validate(
            {"key": "t", "name": "T", "fields": [{"key": "a", "label": "A", "requried": True}]}
        )
    # Responses stay tolerant: an older client reads a newer server's extra keys.
    assert WorkingHours.model_validate({"weekly": {}, "new_setting": 1}).weekly == {}
