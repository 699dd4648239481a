"""Which groups a supervisor oversees: set by an admin (API and CLI), read by everyone."""


from tests.support import raw_cursor


def _recorded(pg_url):
    with raw_cursor(pg_url) as cur:
        cur.execute(
            "SELECT kind, actor_name, data->>'user' FROM events"
            " WHERE kind LIKE 'supervisor_%' ORDER BY id"
        )
        return cur.fetchall()


def test_an_admin_sets_who_oversees_a_group(org, pg_url):
    gid, sup = org.groups["售后"], org.users["sup"]
    group = org.admin.ok("PUT", f"/groups/{gid}/supervisors/{sup}")
    assert group["supervisor_ids"] == [sup]
    again = org.admin.ok("PUT", f"/groups/{gid}/supervisors/{sup}")  # idempotent
    assert again["supervisor_ids"] == [sup]
    assert org.as_("sup").ok("GET", "/me")["overseen_group_ids"] == [gid]
    listed = {g["id"]: g for g in org.as_("hl1").ok("GET", "/groups")}
    assert listed[gid]["supervisor_ids"] == [sup]
    assert listed[org.groups["热线"]]["supervisor_ids"] == []
    users = {u["id"]: u for u in org.admin.ok("GET", "/users")}
    assert users[sup]["overseen_group_ids"] == [gid]

    assert org.admin.delete(f"/groups/{gid}/supervisors/{sup}").status_code == 204
    assert org.as_("sup").ok("GET", "/me")["overseen_group_ids"] == []
    assert org.admin.ok("GET", f"/groups/{gid}")["supervisor_ids"] == []
    assert [k for k, _, _ in _recorded(pg_url)] == ["supervisor_set", "supervisor_removed"]


def test_only_admins_and_only_supervisors(org, refused):
    gid, sup, agent = org.groups["售后"], org.users["sup"], org.users["hl1"]
    refused(org.as_("sup"), "PUT", f"/groups/{gid}/supervisors/{sup}", status=403)
    refused(org.as_("hl1"), "DELETE", f"/groups/{gid}/supervisors/{sup}", status=403)
    refused(
        org.admin, "PUT", f"/groups/{gid}/supervisors/{agent}", status=422, code="not_a_supervisor"
    )
    refused(org.admin, "PUT", f"/groups/{gid}/supervisors/999999", status=404)
    refused(org.admin, "PUT", f"/groups/999999/supervisors/{sup}", status=404)
    refused(org.admin, "DELETE", f"/groups/{gid}/supervisors/{sup}", status=404)
    assert org.admin.ok("GET", f"/groups/{gid}")["supervisor_ids"] == []


def test_cli_adds_and_removes_a_supervisor(server, org):
    r = server.cli("group", "add-supervisor", "售后", "sup")
    assert r.returncode == 0, r.stderr
    assert "now oversees 售后" in r.stdout
    assert org.as_("sup").ok("GET", "/me")["overseen_group_ids"] == [org.groups["售后"]]
    assert "already oversees" in server.cli("group", "add-supervisor", "售后", "sup").stdout
    refused = server.cli("group", "add-supervisor", "售后", "hl1")
    assert refused.returncode == 1 and "only supervisors" in refused.stderr
    r = server.cli("group", "remove-supervisor", "售后", "sup")
    assert r.returncode == 0 and "no longer oversees" in r.stdout
    assert org.as_("sup").ok("GET", "/me")["overseen_group_ids"] == []
    assert server.cli("group", "remove-supervisor", "售后", "sup").returncode == 1
