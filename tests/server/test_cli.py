"""``ticketdesk-server`` admin commands against the database a running server uses."""

import json

from tests.support import PASSWORD, Api

TYPE_TOML = """
key = "callback"
name = "回电请求"
description = "Callback request"
default_group = "热线"
default_priority = "high"

[[fields]]
key = "phone"
label = "回电号码"
kind = "phone"
required = true
"""


def test_it_sets_up_an_office_while_the_server_runs(server, tmp_path):
    r = server.cli(
        "user",
        "add",
        "boss",
        "--role",
        "admin",
        "--display-name",
        "老板",
        env={"TICKETDESK_PASSWORD": PASSWORD},
        separate=True,  # the real command, in its own process, while the server runs
    )
    assert r.returncode == 0, r.stderr
    assert "boss (admin) created" in r.stdout
    server.cli("user", "add", "agent1", env={"TICKETDESK_PASSWORD": PASSWORD})
    assert (
        server.cli(
            "group",
            "add",
            "热线",
            "--timezone",
            "Asia/Shanghai",
            "--accept-timeout",
            "60",
            "--capacity",
            "4",
        ).returncode
        == 0
    )
    r = server.cli("group", "add-member", "热线", "agent1", "--capacity", "2")
    assert r.returncode == 0 and "capacity 2" in r.stdout
    toml_file = tmp_path / "callback.toml"
    toml_file.write_text(TYPE_TOML)
    assert server.cli("type", "add", str(toml_file)).returncode == 0
    json_file = tmp_path / "types.json"
    json_file.write_text(
        json.dumps({"types": [{"key": "misc", "name": "其他", "default_group": "热线"}]})
    )
    assert server.cli("type", "add", str(json_file)).returncode == 0

    boss = Api(server.base_url).login("boss")
    group = boss.ok("GET", "/groups")[0]
    assert (group["name"], group["accept_timeout_seconds"], group["default_capacity"]) == (
        "热线",
        60,
        4,
    )
    members = boss.ok("GET", f"/groups/{group['id']}/members")
    assert [m["capacity"] for m in members] == [2]
    assert [t["key"] for t in boss.ok("GET", "/ticket-types")] == ["callback", "misc"]
    agent = Api(server.base_url).login("agent1")
    t = agent.ok(
        "POST",
        "/tickets",
        {"type": "callback", "title": "请回电", "fields": {"phone": "13800138000"}},
        status=201,
    )
    assert t["priority"] == "high"
    listing = server.cli("user", "list", separate=True)
    assert "boss" in listing.stdout and "agent1" in listing.stdout
    assert "热线" in server.cli("group", "list").stdout


def test_errors_are_reported_not_raised(server, tmp_path):
    env = {"TICKETDESK_PASSWORD": PASSWORD}
    assert server.cli("user", "add", "dup", env=env).returncode == 0
    r = server.cli("user", "add", "dup", env=env, separate=True)
    assert r.returncode == 1 and "taken" in r.stderr and "Traceback" not in r.stderr
    r = server.cli("user", "add", "short", env={"TICKETDESK_PASSWORD": "x"}, separate=True)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    r = server.cli("group", "add-member", "无此组", "dup")
    assert r.returncode == 1 and "no group" in r.stderr
    bad = tmp_path / "bad.json"
    bad.write_text(
        '{"key": "x", "name": "X", "fields": [{"key": "c", "label": "C", "kind": "choice"}]}'
    )
    r = server.cli("type", "add", str(bad))
    assert r.returncode == 2 and "options" in r.stderr


def test_a_file_of_types_is_added_whole_or_not_at_all(server, tmp_path):
    assert server.cli("group", "add", "热线").returncode == 0
    env = {"TICKETDESK_PASSWORD": PASSWORD}
    assert server.cli("user", "add", "boss", "--role", "admin", env=env).returncode == 0
    boss = Api(server.base_url).login("boss")
    refund = {"key": "refund", "name": "退款", "default_group": "热线"}
    complaint = {"key": "complaint", "name": "投诉", "default_group": "热线"}
    again = {"key": "refund", "name": "退款（重复）", "default_group": "热线"}  # key taken
    three = tmp_path / "three.json"
    three.write_text(json.dumps({"types": [refund, complaint, again]}))
    r = server.cli("type", "add", str(three))
    assert r.returncode == 1 and "exists" in r.stderr and "Traceback" not in r.stderr
    assert boss.ok("GET", "/ticket-types") == []  # the first two were not kept either
    two = tmp_path / "two.json"
    two.write_text(json.dumps({"types": [refund, complaint]}))
    assert server.cli("type", "add", str(two)).returncode == 0
    assert [t["key"] for t in boss.ok("GET", "/ticket-types")] == ["refund", "complaint"]


def test_group_settings_from_the_command_line(server):
    assert server.cli("group", "add", "售后").returncode == 0
    r = server.cli(
        "group",
        "set",
        "售后",
        "--timezone",
        "Europe/Berlin",
        "--hours",
        "mon-fri 09:00-12:00,13:00-18:00",
        "--hours",
        "sat 10:00-14:00",
        "--holiday",
        "2027-01-01",
        "--holiday",
        "2026-12-25",
        "--accept-timeout",
        "90",
        "--capacity",
        "7",
    )
    assert r.returncode == 0, r.stderr
    shown = server.cli("group", "show", "售后").stdout
    assert "timezone Europe/Berlin" in shown and "accept timeout 90s" in shown
    assert "mon 09:00-12:00,13:00-18:00" in shown and "sat 10:00-14:00" in shown
    assert "sun" not in shown and "2026-12-25, 2027-01-01" in shown
    r = server.cli("group", "set", "售后", "--hours", "always", "--clear-holidays")
    assert "sun 00:00-24:00" in r.stdout and "holidays: none" in r.stdout
    bad = server.cli("group", "set", "售后", "--hours", "someday 9-5")
    assert bad.returncode != 0 and "cannot read working hours" in bad.stderr
    bad = server.cli("group", "set", "售后", "--timezone", "Mars/Base")
    assert bad.returncode == 2 and "unknown timezone" in bad.stderr


def test_accounts_and_types_are_changed_from_the_cli(server, tmp_path):
    env = {"TICKETDESK_PASSWORD": PASSWORD}
    server.cli("user", "add", "boss", "--role", "admin", env=env)
    server.cli("user", "add", "agent2", env=env)
    r = server.cli("user", "set", "agent2", "--role", "supervisor", "--display-name", "小王")
    assert r.returncode == 0, r.stderr
    r = server.cli("user", "set", "agent2", "--reset-password",
                   env={"TICKETDESK_PASSWORD": "a-new-pass-2"})
    assert r.returncode == 0, r.stderr
    Api(server.base_url).login("agent2", "a-new-pass-2").close()
    assert server.cli("user", "set", "agent2", "--deactivate").returncode == 0
    boss = Api(server.base_url).login("boss")
    row = next(u for u in boss.ok("GET", "/users") if u["username"] == "agent2")
    assert (row["role"], row["display_name"], row["active"]) == ("supervisor", "小王", False)
    assert Api(server.base_url).post(
        "/auth/login", {"username": "agent2", "password": "a-new-pass-2"}
    ).status_code == 401
    assert server.cli("user", "set", "agent2").returncode != 0  # nothing to change

    toml_file = tmp_path / "callback.toml"
    toml_file.write_text(TYPE_TOML)
    server.cli("group", "add", "热线")
    assert server.cli("type", "add", str(toml_file)).returncode == 0
    change = tmp_path / "change.json"
    change.write_text(json.dumps({"name": "回电"}))
    r = server.cli("type", "edit", "callback", str(change))
    assert r.returncode == 0 and "version 2" in r.stdout, r.stderr
    assert boss.ok("GET", "/ticket-types")[0]["version"] == 2
    change.write_text(json.dumps({"fields": [{"key": "c", "label": "C", "kind": "choice"}]}))
    bad = server.cli("type", "edit", "callback", str(change))
    assert bad.returncode == 2 and "needs options" in bad.stderr
    assert boss.ok("GET", "/ticket-types")[0]["version"] == 2


def test_ctrl_d_at_the_password_prompt_ends_without_a_traceback(monkeypatch) -> None:
    """Seen on the deployment walkthrough: end of input at "Repeat:" gave an EOFError
    traceback."""
    import getpass

    import pytest

    from ticketdesk.server.commands import base

    monkeypatch.delenv("TICKETDESK_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    answers = iter(["secret-1"])

    def prompt(_prompt: str = "") -> str:
        try:
            return next(answers)
        except StopIteration:
            raise EOFError from None

    monkeypatch.setattr(getpass, "getpass", prompt)
    with pytest.raises(SystemExit, match="no password given: nothing changed"):
        base.read_password()
