"""Property-based, stateful exploration of the whole API with schemathesis: sequences of
calls built from the OpenAPI description, with generated (often hostile) data. No call may
answer 5xx, and every answer must match the documented schema and content type."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.conftest import make_org
from tests.support import (
    Api,
    make_admin,
    raw_cursor,
    restore_snapshot,
    take_snapshot,
    truncate_all,
)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.mark.slow
def test_stateful_api_exploration_finds_no_server_error_or_schema_violation(server, pg_url):
    schema = schemathesis.openapi.from_url(f"{server.base_url}/api/v1/openapi.json")
    base = server.base_url
    session: dict[str, str] = {}
    truncate_all(pg_url)
    make_org(make_admin(base, pg_url), base)
    take_snapshot(pg_url)  # the office, made once through the API

    class Exploration(schema.as_state_machine()):  # type: ignore[misc]
        def setup(self):
            # Every scenario starts from the same office, so replays behave the same: the
            # office's rows put back (a few ms; making it again took ~15 calls), and a fresh
            # login, so no scenario inherits a session an earlier one logged out.
            restore_snapshot(pg_url)
            admin = Api(base).login("admin")
            # the office is back as made (one look, its people: the rest came back alike)
            assert len(admin.ok("GET", "/users")) == 6
            session["token"] = admin.token
            admin.close()

        def get_call_kwargs(self, case):
            return {"headers": {"Authorization": f"Bearer {session['token']}"}, "base_url": base}

        def validate_response(self, response, case, **kwargs):
            case.validate_response(response, checks=CHECKS)

    try:
        Exploration.run(
            settings=settings(
                max_examples=40,
                stateful_step_count=8,
                deadline=None,
                derandomize=True,
                suppress_health_check=list(HealthCheck),
            )
        )
    finally:
        with raw_cursor(pg_url) as cur:
            cur.execute("DROP SCHEMA IF EXISTS td_snapshot CASCADE")


@pytest.mark.slow
def test_every_operation_with_generated_input(org, server):
    schema = schemathesis.openapi.from_url(f"{server.base_url}/api/v1/openapi.json")
    token = org.admin.token
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()
        strategy = operation.as_strategy()
        from hypothesis import given

        @given(case=strategy)
        @settings(
            max_examples=15,
            deadline=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        def probe(case):
            response = case.call(
                base_url=server.base_url, headers={"Authorization": f"Bearer {token}"}
            )
            case.validate_response(response, checks=CHECKS)

        try:
            probe()
        except Exception as exc:  # collect all, report together
            failures.append(f"{operation.method.upper()} {operation.path}: {exc}"[:2000])
    assert not failures, "\n\n".join(failures)
