"""Numbers from text are ASCII digits only, everywhere (one helper)."""

from __future__ import annotations

import pytest

from ticketdesk.common import numbers
from ticketdesk.common.enums import FieldKind
from ticketdesk.common.fields import validate_field
from ticketdesk.common.models import FieldSpec

UNICODE_DIGITS = ["²", "٣", "７", "১২", "1²", "١٢٣"]


@pytest.mark.parametrize("text", [*UNICODE_DIGITS, "", " 1", "1 ", "+1", "-1", "1_0", "1\n", "0x1"])
def test_only_ascii_digits_are_an_integer(text):
    assert numbers.parse_int(text) is None
    assert not numbers.is_digits(text)


def test_ascii_digits_are_read_within_their_limit():
    assert numbers.parse_int("0042") == 42
    assert numbers.parse_int("9" * 18) == 10**18 - 1
    assert numbers.parse_int("9" * 19) is None
    assert numbers.parse_int("1234567890", max_digits=9) is None


@pytest.mark.parametrize(
    ("text", "value"), [("12", 12), ("-3", -3), ("+3", 3), ("3.5", 3.5), ("1e3", 1000.0),
                        (".5", 0.5), ("5.", 5.0)]
)
def test_decimals_as_people_type_them(text, value):
    assert numbers.parse_decimal(text) == value


@pytest.mark.parametrize("text", [*UNICODE_DIGITS, "1_000", "nan", "inf", "1e", "--1", "1.2.3"])
def test_decimals_refuse_anything_else(text):
    assert numbers.parse_decimal(text) is None


@pytest.mark.parametrize("text", ["٣", "７", "1_000"])
def test_a_number_field_refuses_unicode_digits(text):
    # int() would have read "٣" as 3 and "1_000" as 1000.
    spec = FieldSpec(key="n", label="n", kind=FieldKind.NUMBER)
    assert validate_field(spec, text)[1].code == "not_a_number"


@pytest.mark.parametrize("hhmm", ["0٣:00", "０９:00", "09:0٣"])
def test_shift_times_are_ascii(hhmm):
    from pydantic import ValidationError

    from ticketdesk.common.models import Shift

    with pytest.raises(ValidationError):
        Shift(start=hhmm, end="23:00")
