"""The administrator's changes to groups: settings and working hours, members with their
capacity, supervisors. Requests go out through the session's API client; the cache is updated
from the server's answer (or fetched again), so every view shows the group as it now is."""

from __future__ import annotations

from pydantic import TypeAdapter
from PySide6.QtCore import QObject

from ticketdesk.common.models import (
    GroupCreate,
    GroupPublic,
    GroupUpdate,
    MembershipPublic,
    MembershipSet,
)

from ..net.api import ApiReply
from .session import ClientSession

_members = TypeAdapter(list[MembershipPublic]).validate_python


class GroupAdmin(QObject):
    def __init__(self, session: ClientSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session

    def _put_group(self, group: GroupPublic) -> None:
        state = self._session.state
        state.set_groups([*(g for g in state.groups.values() if g.id != group.id), group])

    def create_group(self, data: GroupCreate) -> ApiReply:
        reply = self._session.api.post(
            "/groups", data.model_dump(mode="json"), parse=GroupPublic.model_validate
        )
        reply.succeeded.connect(self._put_group)
        return reply

    def update_group(self, group_id: int, data: GroupUpdate) -> ApiReply:
        """Only what ``data`` sets is sent, so only that changes."""
        reply = self._session.api.request(
            "PATCH",
            f"/groups/{group_id}",
            body=data.model_dump(mode="json", exclude_unset=True),
            parse=GroupPublic.model_validate,
        )
        reply.succeeded.connect(self._put_group)
        return reply

    def members(self, group_id: int) -> ApiReply:
        """The group's memberships (with capacity; None: the group's default)."""
        return self._session.api.get(f"/groups/{group_id}/members", parse=_members)

    def set_member(self, group_id: int, user_id: int, data: MembershipSet) -> ApiReply:
        """Add a member, or change their capacity."""
        reply = self._session.api.put(
            f"/groups/{group_id}/members/{user_id}",
            data.model_dump(mode="json"),
            parse=MembershipPublic.model_validate,
        )
        reply.succeeded.connect(self._members_changed)
        return reply

    def remove_member(self, group_id: int, user_id: int) -> ApiReply:
        reply = self._session.api.request("DELETE", f"/groups/{group_id}/members/{user_id}")
        reply.succeeded.connect(self._members_changed)
        return reply

    def set_supervisor(self, group_id: int, user_id: int) -> ApiReply:
        reply = self._session.api.put(
            f"/groups/{group_id}/supervisors/{user_id}", parse=GroupPublic.model_validate
        )
        reply.succeeded.connect(self._put_group)
        return reply

    def remove_supervisor(self, group_id: int, user_id: int) -> ApiReply:
        reply = self._session.api.request(
            "DELETE", f"/groups/{group_id}/supervisors/{user_id}"
        )
        reply.succeeded.connect(self._groups_changed)
        return reply

    def _members_changed(self, _answer: object) -> None:
        # The users' group_ids, and the group's member count in every list of groups.
        self._session.refresh("users")
        self._session.refresh("groups")

    def _groups_changed(self, _answer: object) -> None:
        self._session.refresh("groups")
