"""The embedded database keeps everything across a server restart."""

import pytest

from tests.support import PASSWORD, Api, ServerProcess, stop_embedded


@pytest.mark.slow
def test_data_survives_a_restart_on_the_embedded_database(tmp_path):
    server = ServerProcess(None, data_dir=tmp_path / "data").start(timeout=60)
    try:
        r = server.cli(
            "user", "add", "admin", "--role", "admin", env={"TICKETDESK_PASSWORD": PASSWORD}
        )
        assert r.returncode == 0, r.stderr
        admin = Api(server.base_url).login("admin")
        gid = admin.ok("POST", "/groups", {"name": "热线"}, status=201)["id"]
        admin.ok("PUT", f"/groups/{gid}/members/1", {})
        admin.ok(
            "POST",
            "/ticket-types",
            {"key": "misc", "name": "其他", "default_group": "热线"},
            status=201,
        )
        ticket = admin.ok("POST", "/tickets", {"type": "misc", "title": "重启前的工单"}, status=201)
        admin.ok("POST", f"/tickets/{ticket['id']}/comments", {"body": "重启前的备注"}, status=201)
    finally:
        server.stop()
    # the server stopped its private PostgreSQL on the way out
    assert not (tmp_path / "data" / "pgdata" / "postmaster.pid").exists()

    again = ServerProcess(None, data_dir=tmp_path / "data", port=server.port).start(timeout=60)
    try:
        admin = Api(again.base_url).login("admin")
        detail = admin.ok("GET", f"/tickets/{ticket['id']}")
        assert detail["title"] == "重启前的工单"
        assert [e["kind"] for e in detail["events"]] == ["created", "queued", "commented"]
        assert admin.get("/tickets?q=备注").json()["data"][0]["id"] == ticket["id"]
    finally:
        again.stop()
        stop_embedded(tmp_path / "data")
