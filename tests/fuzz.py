"""``make fuzz``: schemathesis against the live OpenAPI of a real server on loopback, with
hostile mutations in every body and query parameter; not part of ``make test``.

Phase 1, every operation: cases generated from the schema by schemathesis, each sent as is
or mutated by a hypothesis strategy of ours — a NUL or a lone surrogate in a value or a key,
Unicode digits (², ٣, ７) for numbers and ids, NaN/Infinity, deep nesting, near-miss keys
(``requried``, ``weekley``) at any depth. Phase 2: schemathesis' stateful sequences (its
links between operations). Every answer is checked: no status ≥ 500, and status, content
type and body as documented. Prints the figures; the last line is one JSON object.

    python -m tests.fuzz [--cases 6000] [--minutes 15] [--stateful 300]
                         [--paths /views,/quick-replies,/me/presence]

``--paths`` aims phase 1 at the operations whose path contains one of the given parts (a
short run over routes just added); the cases are spread over those alone.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections import Counter
from typing import Any
from urllib.parse import quote, urlencode

import httpx
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

UNICODE_DIGITS = ["²", "٣", "７", "#٣", "#²", "١٢", "৩", "¹²³", "t٣", "0x1", "1_000"]
NON_FINITE = ["NaN", "Infinity", "-Infinity", "1e999"]
SENTINEL = "@@FUZZ-LITERAL@@"
DEEP = "@@FUZZ-DEEP@@"


# ---------------------------------------------------------------- mutations


def _paths(value: Any, path: tuple = ()) -> list[tuple]:
    """Every position in a JSON document (the document itself included)."""
    found = [path]
    if isinstance(value, dict):
        for k, v in value.items():
            found += _paths(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            found += _paths(v, (*path, i))
    return found


def _get(doc: Any, path: tuple) -> Any:
    for p in path:
        doc = doc[p]
    return doc


def _set(doc: Any, path: tuple, value: Any) -> Any:
    if not path:
        return value
    _get(doc, path[:-1])[path[-1]] = value
    return doc


def _near_miss(key: str, how: int) -> str:
    if len(key) < 2:
        return key + "x"
    i = how % (len(key) - 1)
    swapped = key[:i] + key[i + 1] + key[i] + key[i + 2 :]
    return [swapped, key + key[-1], key[:-1], key.upper(), key + "_"][how % 5]


@st.composite
def hostile_text(draw: st.DrawFn) -> str:
    base = draw(st.text(max_size=8))
    poison = draw(st.sampled_from(["\x00", "\ud800", "\udfff", *UNICODE_DIGITS]))
    at = draw(st.integers(0, len(base)))
    return base[:at] + poison + base[at:]


def _deep(depth: int, leaf: Any) -> Any:
    value = leaf
    for i in range(depth):
        value = [value] if i % 2 else {"a": value}
    return value


@st.composite
def mutated_body(draw: st.DrawFn, body: Any) -> tuple[Any, str]:
    """``body`` changed in one hostile way; returns it and what was done."""
    body = json.loads(json.dumps(body))  # a private copy
    kind = draw(st.sampled_from(["text", "key", "digits", "non_finite", "deep", "near_miss"]))
    where = draw(st.sampled_from(_paths(body)))
    target = _get(body, where)
    if kind == "key" or (kind == "near_miss" and isinstance(target, dict) and target):
        if not isinstance(target, dict):
            return _set(body, where, {draw(hostile_text()): 1}), "key"
        if kind == "near_miss":
            key = draw(st.sampled_from(sorted(target)))
            target[_near_miss(key, draw(st.integers(0, 20)))] = target[key]
            return body, "near_miss"
        target[draw(hostile_text())] = draw(st.sampled_from([1, "x", None]))
        return body, "key"
    if kind == "digits":
        return _set(body, where, draw(st.sampled_from(UNICODE_DIGITS))), "digits"
    if kind == "non_finite":
        return _set(body, where, SENTINEL + draw(st.sampled_from(NON_FINITE))), "non_finite"
    if kind == "deep":
        depth = draw(st.sampled_from([31, 33, 40, 5000]))
        if depth > 100:  # spelled out only when sent: too deep for Python's own recursion
            return _set(body, where, f"{DEEP}{depth}"), "deep"
        return _set(body, where, _deep(depth, 1)), "deep"
    return _set(body, where, draw(hostile_text())), "text"


@st.composite
def mutated_query(draw: st.DrawFn, query: dict[str, Any], names: list[str]) -> dict[str, Any]:
    query = dict(query)
    name = draw(st.sampled_from(names))
    value = draw(st.one_of(hostile_text(), st.sampled_from(UNICODE_DIGITS)))
    query[name] = value
    if draw(st.booleans()):
        query[_near_miss(name, draw(st.integers(0, 9)))] = "1"
    return query


def encode_body(body: Any) -> bytes:
    text = json.dumps(body)  # ensure_ascii: lone surrogates travel as \\ud800 escapes
    for literal in NON_FINITE:
        text = text.replace(f'"{SENTINEL}{literal}"', literal)
    while (at := text.find(f'"{DEEP}')) >= 0:
        end = text.index('"', at + 1)
        depth = int(text[at + len(DEEP) + 1 : end])
        text = text[:at] + "[" * depth + "]" * depth + text[end + 1 :]
    return text.encode()


# ---------------------------------------------------------------- running


class Tally:
    def __init__(self) -> None:
        self.cases = 0
        self.server_errors = 0
        self.schema_violations = 0
        self.by_kind: Counter[str] = Counter()
        self.examples: list[str] = []

    def record(self, label: str, response: httpx.Response, failure: Exception | None) -> None:
        self.cases += 1
        if response.status_code >= 500:
            self.server_errors += 1
        elif failure is not None:
            self.schema_violations += 1
        else:
            return
        line = (f"{label} -> {response.status_code} {response.text[:300]!r}"
                f" {str(failure)[:800] if failure else ''}")
        print("FAIL", line, flush=True)  # at once: a crash later must not lose it
        if len(self.examples) < 30:
            self.examples.append(line)


class Office:
    """The real server with a small organisation; keeps a valid admin token."""

    def __init__(self, server: Any, pg_url: str) -> None:
        self.server, self.pg_url = server, pg_url
        self.admins = 0
        self.token = ""
        self.relogin()

    def relogin(self) -> None:
        from tests.support import PASSWORD, direct_session
        from ticketdesk.common.enums import Role
        from ticketdesk.common.models import UserCreate
        from ticketdesk.server.services import auth, users
        from ticketdesk.server.services.actors import Actor

        # A fuzzed call may have changed the admin's password, ended its session or locked
        # logins from 127.0.0.1 (it guesses passwords too): a new admin, a session opened
        # directly (as the server would), from an address of its own.
        self.admins += 1
        name = f"fuzzadmin{self.admins}"
        with direct_session(self.pg_url) as session, session.begin():
            users.create_user(session=session, data=UserCreate(
                username=name, display_name=name, role=Role.ADMIN, password=PASSWORD),
                actor=Actor.system("fuzz"))
            self.token, _, _ = auth.login(session=session, username=name, password=PASSWORD,
                                          hours=12, source=f"fuzz-{self.admins}")


def send(http: httpx.Client, office: Office, case: Any, body: Any, query: Any,
         raw_body: bool, path_values: dict[str, Any] | None = None) -> httpx.Response:
    url = case.formatted_path
    if path_values:
        url = case.path
        for name, value in {**(case.path_parameters or {}), **path_values}.items():
            url = url.replace("{" + name + "}", quote(str(value), safe="", errors="surrogatepass"))
    if query:
        url += "?" + urlencode(query, doseq=True, encoding="utf-8", errors="surrogatepass")
    headers = {"Authorization": f"Bearer {office.token}"}
    content = None
    if raw_body:
        headers["Content-Type"] = "application/json"
        content = encode_body(body)
    try:
        response = http.request(case.method, url, content=content, headers=headers)
    except httpx.TransportError:
        # A kept-alive connection the server closed as we reused it: once more, on a new one.
        # Twice in a row is a failure of the server (counted as a 5xx, 599).
        time.sleep(0.2)
        try:
            response = http.request(case.method, url, content=content, headers=headers)
        except httpx.TransportError as exc:
            response = httpx.Response(599, text=f"transport error: {exc!r}")
            response.request = httpx.Request(case.method, f"{http.base_url}{url}")
            return response
    if response.status_code == 401 and "login" not in case.path:
        office.relogin()
    return response


def _has_body(case: Any) -> bool:
    from schemathesis.core import NOT_SET

    return case.body is not NOT_SET and case.body is not None and (
        case.media_type or "").endswith("json")


def _aimed_at(schema: Any, paths: list[str]) -> list[Any]:
    operations = [result.ok() for result in schema.get_all_operations()]
    return [op for op in operations if not paths or any(p in op.path for p in paths)]


def phase_operations(schema: Any, office: Office, tally: Tally, per_operation: int,
                     deadline: float, checks: list, paths: list[str]) -> None:
    with httpx.Client(base_url=office.server.base_url, timeout=30) as http:
        for operation in _aimed_at(schema, paths):
            if time.monotonic() > deadline:
                return
            fuzz_operation(operation, http, office, tally, per_operation, deadline, checks)


def fuzz_operation(operation: Any, http: httpx.Client, office: Office, tally: Tally,
                   per_operation: int, deadline: float, checks: list) -> None:
    names = [p.name for p in operation.query]

    @given(case=operation.as_strategy(), data=st.data())
    @settings(max_examples=per_operation, deadline=None, database=None,
              phases=[Phase.generate], suppress_health_check=list(HealthCheck))
    def probe(case: Any, data: st.DataObject) -> None:
        if time.monotonic() > deadline:
            return
        body, query, label = None, dict(case.query or {}), "as generated"
        raw = _has_body(case)
        if raw:
            body = case.body
        choice = data.draw(st.sampled_from(["none", "body", "body", "query", "both"]))
        if raw and choice in ("body", "both"):
            body, label = data.draw(mutated_body(body))
        if names and choice in ("query", "both"):
            query = data.draw(mutated_query(query, names))
            label += "+query"
        path_values = None
        if case.path_parameters and choice != "none" and label == "as generated":
            name = data.draw(st.sampled_from(sorted(case.path_parameters)))
            path_values = {name: data.draw(st.one_of(hostile_text(),
                                                     st.sampled_from(UNICODE_DIGITS)))}
            label = "path"
        response = send(http, office, case, body, query, raw, path_values)
        failure = None
        try:
            if response.status_code == 599:
                raise RuntimeError(response.text)
            case.validate_response(response, checks=checks)
        except (Exception, BaseExceptionGroup) as exc:  # a failed check: counted, run goes on
            failure = exc
        tally.by_kind[label] += 1
        tally.record(f"{case.method} {case.formatted_path} [{label}] path={path_values!r} "
                     f"query={query!r} body={encode_body(body)[:200]!r}", response, failure)

    probe()


def phase_stateful(schema: Any, office: Office, tally: Tally, examples: int,
                   checks: list) -> None:
    base = office.server.base_url

    from tests.support import restore_snapshot

    class Sequences(schema.as_state_machine()):  # type: ignore[misc]
        def setup(self) -> None:
            # Every sequence starts from the same office (its rows and ids put back, a fresh
            # admin session): replays draw alike, and hypothesis does not give up on a run
            # as flaky because the ids a link took changed under it.
            restore_snapshot(office.pg_url)
            office.relogin()

        def get_call_kwargs(self, case: Any) -> dict[str, Any]:
            return {"headers": {"Authorization": f"Bearer {office.token}"}, "base_url": base}

        def validate_response(self, response: Any, case: Any, **kwargs: Any) -> None:
            failure = None
            try:
                case.validate_response(response, checks=checks)
            except (Exception, BaseExceptionGroup) as exc:  # a failed check: counted
                failure = exc
            if response.status_code == 401:
                office.relogin()
            tally.by_kind["stateful"] += 1
            tally.record(f"stateful {case.method} {case.formatted_path}",
                         httpx.Response(response.status_code, content=response.content),
                         failure)

    # The sequences depend on the server's answers, which hypothesis cannot replay exactly:
    # when it gives up on one run as flaky, the calls made are counted and another run starts.
    runs = 0
    while examples > 0 and runs < 20:
        runs += 1
        before = tally.cases
        try:
            Sequences.run(settings=settings(max_examples=examples, stateful_step_count=10,
                                            deadline=None, database=None,
                                            phases=[Phase.generate],
                                            suppress_health_check=list(HealthCheck)))
            return
        except (Exception, BaseExceptionGroup) as exc:
            print(f"stateful run {runs} stopped: {type(exc).__name__}: {str(exc)[:200]}",
                  flush=True)
        examples -= max(1, (tally.cases - before) // 5)


def _commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=8000, help="phase-1 cases, about")
    parser.add_argument("--minutes", type=float, default=15, help="bound on phase 1")
    parser.add_argument("--stateful", type=int, default=200, help="stateful sequences")
    parser.add_argument("--paths", default="", help="only operations whose path contains "
                        "one of these (comma-separated), e.g. /views,/attachments")
    args = parser.parse_args(argv)
    paths = [p for p in args.paths.split(",") if p]

    import schemathesis
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

    from tests.conftest import make_org
    from tests.support import ServerProcess, database_url, make_admin, take_snapshot

    checks = [not_a_server_error, status_code_conformance, content_type_conformance,
              response_schema_conformance]
    started = time.monotonic()
    commit = _commit()  # what is under test: taken now, the tree may move during the run
    tally = Tally()
    os.environ.setdefault("TICKETDESK_PASSWORD_PROFILE", "fast")
    for pg_url in database_url("ticketdesk_fuzz"):
        server = ServerProcess(pg_url, env={"TICKETDESK_DISPATCH_TICK_SECONDS": "0.5",
                                            "TICKETDESK_LOGIN_MAX_DELAY_SECONDS": "0"}).start()
        try:
            admin = make_admin(server.base_url, pg_url)
            org = make_org(admin, server.base_url)
            for _ in range(3):
                org.new_ticket()
            org.as_("sup").ok("PUT", "/orders/TD1001", {"customer_name": "张三"}, status=201)
            office = Office(server, pg_url)
            take_snapshot(pg_url)  # the office as made, for each stateful sequence
            schema = schemathesis.openapi.from_url(f"{server.base_url}/api/v1/openapi.json")
            operations = len(_aimed_at(schema, paths))
            per_operation = max(10, args.cases // max(operations, 1) + 1)
            print(f"{operations} operations, ~{per_operation} cases each", flush=True)
            phase_operations(schema, office, tally, per_operation,
                             started + args.minutes * 60, checks, paths)
            print(f"phase 1: {tally.cases} cases, {tally.server_errors} ≥500, "
                  f"{tally.schema_violations} schema violations", flush=True)
            if args.stateful > 0:
                phase_stateful(schema, office, tally, args.stateful, checks)
            server_log = server.log()
        finally:
            server.stop()
    seconds = round(time.monotonic() - started)
    if tally.server_errors:
        print(server_log[-5000:], file=sys.stderr)
    print(f"by kind: {dict(tally.by_kind)}")
    figures = {"cases": tally.cases, "server_errors": tally.server_errors,
               "schema_violations": tally.schema_violations, "seconds": seconds,
               "commit": commit}
    print(json.dumps(figures))
    return 1 if tally.server_errors or tally.schema_violations else 0


if __name__ == "__main__":
    sys.exit(main())
