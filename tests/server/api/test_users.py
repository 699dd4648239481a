from tests.support import PASSWORD, Api


def new_user(**kw):
    return {
        "username": "newbie",
        "display_name": "新人",
        "role": "agent",
        "password": PASSWORD,
        **kw,
    }


def test_admin_creates_a_user_who_can_log_in(org, server):
    user = org.admin.ok("POST", "/users", new_user(), status=201)
    assert user["role"] == "agent" and user["presence"] == "offline" and user["active"]
    assert Api(server.base_url).login("newbie").get("/me").json()["display_name"] == "新人"


def test_only_admins_create_users(org, refused):
    for who in ("hl1", "sup"):
        refused(org.as_(who), "POST", "/users", new_user(), status=403, code="role_required")


def test_user_input_is_checked(org, refused):
    refused(
        org.admin, "POST", "/users", new_user(username="hl1"), status=409, code="username_taken"
    )
    refused(org.admin, "POST", "/users", new_user(username="HL1"), status=409)
    refused(org.admin, "POST", "/users", new_user(password="short"), status=422)
    refused(org.admin, "POST", "/users", new_user(username="no spaces"), status=422)
    refused(org.admin, "POST", "/users", new_user(role="boss"), status=422)
    refused(org.admin, "POST", "/users", new_user(display_name=""), status=422)


def test_everyone_reads_the_directory(org):
    names = {u["username"] for u in org.as_("hl1").ok("GET", "/users")}
    assert {"hl1", "as1", "sup", "admin"} <= names
    assert org.as_("hl1").ok("GET", f"/users/{org.users['as1']}")["username"] == "as1"


def test_update_user(org, refused):
    uid = org.users["hl2"]
    updated = org.admin.ok("PATCH", f"/users/{uid}", {"display_name": "小二", "role": "supervisor"})
    assert updated["display_name"] == "小二" and updated["role"] == "supervisor"
    refused(org.as_("sup"), "PATCH", f"/users/{uid}", {"display_name": "x"}, status=403)
    refused(org.admin, "PATCH", "/users/999999", {"display_name": "x"}, status=404)
    refused(org.admin, "PATCH", f"/users/{uid}", {"nickname": "x"}, status=422)
    refused(
        org.admin,
        "PATCH",
        f"/users/{org.users['admin']}",
        {"active": False},
        status=409,
        code="self_change",
    )


def test_deactivation_and_password_change_end_sessions(org, server):
    hl1 = org.as_("hl1")
    as1 = org.as_("as1")
    org.admin.ok("PATCH", f"/users/{org.users['hl1']}", {"active": False})
    assert hl1.get("/me").status_code == 401
    org.admin.ok("PATCH", f"/users/{org.users['as1']}", {"password": "another-pass-2"})
    assert as1.get("/me").status_code == 401
    assert Api(server.base_url).login("as1", "another-pass-2").get("/me").status_code == 200


def test_presence(org, refused):
    me = org.as_("hl1").ok("PUT", "/me/presence", {"presence": "online"})
    assert me["presence"] == "online"
    refused(org.as_("hl1"), "PUT", "/me/presence", {"presence": "busy"}, status=422)
    assert org.admin.ok("GET", f"/users/{org.users['hl1']}")["presence"] == "online"
