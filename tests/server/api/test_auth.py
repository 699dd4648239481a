from tests.support import PASSWORD, Api, direct_session


def test_login_returns_token_user_and_server(org, server):
    r = Api(server.base_url).post("/auth/login", {"username": "hl1", "password": PASSWORD})
    assert r.status_code == 200
    body = r.json()
    assert body["user"]["username"] == "hl1"
    assert body["user"]["group_ids"] == [org.groups["热线"]]
    assert body["server"]["api_version"] == "1"
    assert body["expires_at"].endswith("Z")
    me = Api(server.base_url, body["token"]).get("/me")
    assert me.status_code == 200 and me.json()["username"] == "hl1"


def test_username_is_case_insensitive(org, server):
    r = Api(server.base_url).post("/auth/login", {"username": "HL1", "password": PASSWORD})
    assert r.status_code == 200


def test_wrong_password_and_unknown_user_answer_alike(org, anon, refused):
    wrong = refused(
        anon,
        "POST",
        "/auth/login",
        {"username": "hl1", "password": "nope-nope"},
        status=401,
        code="bad_credentials",
    )
    unknown = refused(
        anon,
        "POST",
        "/auth/login",
        {"username": "ghost", "password": "nope-nope"},
        status=401,
        code="bad_credentials",
    )
    assert wrong["message"] == unknown["message"]


def test_deactivated_user_cannot_log_in(org, anon, refused):
    org.admin.ok("PATCH", f"/users/{org.users['hl2']}", {"active": False})
    refused(
        anon,
        "POST",
        "/auth/login",
        {"username": "hl2", "password": PASSWORD},
        status=401,
        code="bad_credentials",
    )


def test_login_body_is_checked(org, anon, refused):
    refused(anon, "POST", "/auth/login", {"username": "hl1"}, status=422)
    refused(anon, "POST", "/auth/login", {"username": 5, "password": PASSWORD}, status=422)


def test_missing_and_invalid_tokens_are_401(org, anon, refused):
    assert refused(anon, "GET", "/me", status=401, code="missing_token")
    bogus = Api(anon.base_url, "not-a-token")
    refused(bogus, "GET", "/tickets", status=401, code="invalid_token")
    r = anon.get("/me")
    assert r.headers["www-authenticate"] == "Bearer"


def test_logout_ends_the_session(org):
    client = org.as_("hl1")
    assert client.post("/auth/logout").status_code == 204
    assert client.get("/me").status_code == 401


def test_expired_session_is_refused(org, pg_url):
    client = org.as_("hl1")
    with direct_session(pg_url) as session:
        from sqlalchemy import text

        session.execute(text("UPDATE sessions SET expires_at = now() - interval '1 minute'"))
        session.commit()
    r = client.get("/me")
    assert r.status_code == 401 and r.json()["error"]["code"] == "session_expired"


def test_server_info_needs_no_login(anon):
    r = anon.get("/info")
    assert r.status_code == 200 and r.json()["api_version"] == "1"


def test_health_and_metrics(anon, server):
    import httpx

    health = httpx.get(f"{server.base_url}/healthz").json()
    assert health["status"] == "ok" and health["database"] == "ok" and health["listening"]
    metrics = httpx.get(f"{server.base_url}/metrics").text
    assert "ticketdesk_live_clients" in metrics
