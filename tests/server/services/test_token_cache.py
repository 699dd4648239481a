from datetime import UTC, datetime, timedelta

from ticketdesk.common.enums import EventKind, Role
from ticketdesk.server.services.actors import Actor
from ticketdesk.server.services.token_cache import TokenCache


def actor(user_id=1, session_id=10, expires=None):
    return Actor(user_id=user_id, name="n", role=Role.AGENT, session_id=session_id,
                 session_expires_at=expires or datetime.now(UTC) + timedelta(hours=1))


def test_hit_and_address_of_the_current_request():
    cache = TokenCache()
    cache.put("d", actor())
    assert cache.get("d", "10.0.0.9").source == "10.0.0.9"
    assert cache.get("other", "x") is None


def test_the_record_invalidates_entries():
    cache = TokenCache()
    cache.put("a", actor(user_id=1, session_id=10))
    cache.put("b", actor(user_id=1, session_id=11))
    cache.put("c", actor(user_id=2, session_id=12))
    cache.observe(EventKind.LOGGED_OUT, {"user_id": 1, "session_id": 10})
    assert cache.get("a", "") is None and cache.get("b", "") is not None
    cache.observe(EventKind.MEMBER_SET, {"user_id": 1, "group_id": 3})
    assert cache.get("b", "") is None and cache.get("c", "") is not None
    cache.observe(EventKind.COMMENTED, {"user_id": 2})
    assert cache.get("c", "") is not None


def test_entries_expire_with_their_session_and_their_time_to_live():
    cache = TokenCache(ttl_seconds=0.0)
    cache.put("a", actor())
    assert cache.get("a", "") is None
    cache = TokenCache()
    cache.put("b", actor(expires=datetime.now(UTC) - timedelta(seconds=1)))
    assert cache.get("b", "") is None
