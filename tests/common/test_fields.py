import pytest
from hypothesis import given
from hypothesis import strategies as st

from ticketdesk.common import limits
from ticketdesk.common.enums import FieldKind
from ticketdesk.common.fields import validate_field, validate_fields
from ticketdesk.common.models import FieldSpec

ORDER = FieldSpec(key="order_no", label="订单号", kind=FieldKind.ORDER_NO, required=True)
AMOUNT = FieldSpec(
    key="amount", label="金额", kind=FieldKind.NUMBER, required=True, min_value=0.01, max_value=1000
)
REASON = FieldSpec(key="reason", label="原因", kind=FieldKind.CHOICE, options=["质量问题", "其他"])
PHONE = FieldSpec(key="phone", label="电话", kind=FieldKind.PHONE)
WHEN = FieldSpec(key="when", label="日期", kind=FieldKind.DATE)
NOTE = FieldSpec(key="note", label="备注", kind=FieldKind.TEXT, min_length=2, max_length=10)
SPECS = [ORDER, AMOUNT, REASON, PHONE, WHEN, NOTE]


def codes(values):
    return {(e.key, e.code) for e in validate_fields(SPECS, values)[1]}


def test_valid_values_are_normalized():
    clean, errors = validate_fields(
        SPECS,
        {
            "order_no": " TD1001 ",
            "amount": "12.50",
            "reason": "其他",
            "phone": "",
            "when": "2026-11-25",
            "note": "ok",
        },
    )
    assert errors == []
    assert clean == {
        "order_no": "TD1001",
        "amount": 12.5,
        "reason": "其他",
        "when": "2026-11-25",
        "note": "ok",
    }


def test_integral_numbers_become_ints():
    assert validate_field(AMOUNT, "12")[0] == 12
    assert validate_field(AMOUNT, 12.0)[0] == 12


def test_missing_required_fields_are_reported():
    assert codes({}) == {("order_no", "required"), ("amount", "required")}


def test_blank_text_counts_as_missing():
    assert ("order_no", "required") in codes({"order_no": "   ", "amount": 1})


@pytest.mark.parametrize(
    ("spec", "value", "code"),
    [
        (AMOUNT, "abc", "not_a_number"),
        (AMOUNT, True, "not_a_number"),
        (AMOUNT, "nan", "not_a_number"),
        (AMOUNT, "inf", "not_a_number"),
        (AMOUNT, 0, "too_small"),
        (AMOUNT, 1000.5, "too_large"),
        (FieldSpec(key="n", label="n", kind=FieldKind.NUMBER), 10**16, "out_of_range"),
        (FieldSpec(key="n", label="n", kind=FieldKind.NUMBER), "-1e309", "not_a_number"),
        (REASON, "别的", "not_an_option"),
        (PHONE, "call me", "bad_phone"),
        (WHEN, "25/11/2026", "bad_date"),
        (WHEN, "2026-02-30", "bad_date"),
        (ORDER, "订单1", "bad_order_no"),
        (NOTE, "x", "too_short"),
        (NOTE, "x" * 11, "too_long"),
        (NOTE, 5, "wrong_type"),
        (REASON, ["质量问题"], "wrong_type"),
    ],
)
def test_bad_values(spec, value, code):
    _, error = validate_field(spec, value)
    assert error is not None and error.code == code
    assert error.message  # every code has an English message


def test_unknown_field_is_refused():
    assert ("colour", "unknown_field") in codes({"order_no": "TD1", "amount": 1, "colour": "red"})


def test_text_is_capped_by_kind_even_without_a_spec_limit():
    plain = FieldSpec(key="t", label="t")
    assert validate_field(plain, "x" * limits.FIELD_TEXT_MAX)[1] is None
    assert validate_field(plain, "x" * (limits.FIELD_TEXT_MAX + 1))[1].code == "too_long"
    multi = FieldSpec(key="m", label="m", kind=FieldKind.MULTILINE)
    assert validate_field(multi, "x" * limits.FIELD_MULTILINE_MAX)[1] is None


def test_choice_spec_needs_options():
    with pytest.raises(ValueError):
        FieldSpec(key="c", label="c", kind=FieldKind.CHOICE)


@given(
    st.one_of(
        st.text(max_size=50),
        st.integers(),
        st.floats(),
        st.none(),
        st.booleans(),
        st.lists(st.integers(), max_size=3),
    )
)
def test_validation_never_raises(value):
    for spec in SPECS:
        normalized, error = validate_field(spec, value)
        if error is None and normalized is not None and spec.kind is FieldKind.NUMBER:
            assert 0.01 <= normalized <= 1000
