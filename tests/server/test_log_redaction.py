import logging

from ticketdesk.server.log_redaction import RedactSecrets, redact


def test_bearer_tokens_and_passwords_are_redacted():
    assert (
        redact("< authorization: Bearer abcDEF123456789_-xyz")
        == "< authorization: Bearer [redacted]"
    )
    assert redact('{"username": "li", "password": "hunter2hunter2"}') == (
        '{"username": "li", "password": "[redacted]"}'
    )
    assert redact("nothing secret here") == "nothing secret here"


def test_the_filter_rewrites_records_with_arguments():
    record = logging.LogRecord(
        "x",
        logging.DEBUG,
        __file__,
        1,
        "header %s",
        ("Authorization: Bearer s3cr3t-t0ken-value-123",),
        None,
    )
    RedactSecrets().filter(record)
    assert record.getMessage() == "header Authorization: Bearer [redacted]"
