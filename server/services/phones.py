"""Phone numbers in E.164, however they were written ("021-6234 5678", "+86 21 62345678",
"862162345678", "0086 21 6234 5678", "021/62345678"), so a caller is matched by number."""

from __future__ import annotations

import phonenumbers

DEFAULT_REGION = "CN"
_region = DEFAULT_REGION


def use_region(region: str) -> None:
    """The server's ``phone_region`` setting, taken once at start-up."""
    global _region
    _region = region


def e164(raw: str, region: str | None = None) -> str | None:
    """``+862162345678``, or None when ``raw`` is no possible phone number. ``region``: where
    a number without a country code is (a server setting)."""
    text = raw.strip()
    if not text or len(text) > 64:
        return None
    try:
        number = phonenumbers.parse(text, region or _region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
