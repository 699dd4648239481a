from ticketdesk.common.enums import Action, Role, Status
from ticketdesk.common.workflow import (
    TRANSITIONS,
    Relation,
    Verdict,
    allowed_actions,
    check,
    target_status,
)

AGENT = Relation(role=Role.AGENT)
MEMBER = Relation(role=Role.AGENT, in_group=True)
ASSIGNEE = Relation(role=Role.AGENT, in_group=True, is_assignee=True)
CREATOR = Relation(role=Role.AGENT, is_creator=True)
SUPERVISOR = Relation(role=Role.SUPERVISOR)


def test_assignee_accepts_assigned_ticket_into_progress():
    assert check(Action.ACCEPT, Status.ASSIGNED, ASSIGNEE) is Verdict.OK
    assert target_status(Action.ACCEPT, Status.ASSIGNED) is Status.IN_PROGRESS


def test_another_member_cannot_accept_a_ticket_assigned_to_someone_else():
    assert check(Action.ACCEPT, Status.ASSIGNED, MEMBER) is Verdict.FORBIDDEN


def test_member_may_take_a_waiting_ticket_but_outsider_may_not():
    assert check(Action.ACCEPT, Status.QUEUED, MEMBER) is Verdict.OK
    assert check(Action.ACCEPT, Status.QUEUED, AGENT) is Verdict.FORBIDDEN


def test_resolved_ticket_cannot_be_accepted_or_transferred():
    assert check(Action.ACCEPT, Status.RESOLVED, ASSIGNEE) is Verdict.ILLEGAL
    assert check(Action.TRANSFER, Status.RESOLVED, SUPERVISOR) is Verdict.ILLEGAL


def test_closed_ticket_takes_no_comment_and_only_a_supervisor_reopens_it():
    assert check(Action.COMMENT, Status.CLOSED, SUPERVISOR) is Verdict.ILLEGAL
    assert check(Action.REOPEN, Status.CLOSED, ASSIGNEE) is Verdict.FORBIDDEN
    assert check(Action.REOPEN, Status.CLOSED, SUPERVISOR) is Verdict.OK


def test_creator_can_reopen_a_resolved_ticket_and_comment_on_it():
    assert check(Action.REOPEN, Status.RESOLVED, CREATOR) is Verdict.OK
    assert check(Action.COMMENT, Status.RESOLVED, CREATOR) is Verdict.OK


def test_only_supervisors_assign():
    for status in (Status.QUEUED, Status.ASSIGNED, Status.IN_PROGRESS):
        assert check(Action.ASSIGN, status, ASSIGNEE) is Verdict.FORBIDDEN
        assert check(Action.ASSIGN, status, SUPERVISOR) is Verdict.OK


def test_agent_resolves_only_what_they_work_on():
    assert check(Action.RESOLVE, Status.IN_PROGRESS, ASSIGNEE) is Verdict.OK
    assert check(Action.RESOLVE, Status.IN_PROGRESS, MEMBER) is Verdict.FORBIDDEN
    assert check(Action.RESOLVE, Status.QUEUED, MEMBER) is Verdict.FORBIDDEN
    assert check(Action.RESOLVE, Status.QUEUED, SUPERVISOR) is Verdict.OK


def test_transfer_has_no_hop_limit_in_the_machine():
    # A transferred ticket is back in routing, from where it can be transferred again.
    assert target_status(Action.TRANSFER, Status.IN_PROGRESS) is Status.QUEUED
    assert check(Action.TRANSFER, Status.QUEUED, SUPERVISOR) is Verdict.OK


def test_allowed_actions_for_an_assignee_in_progress():
    assert allowed_actions(Status.IN_PROGRESS, ASSIGNEE) == {
        Action.COMMENT,
        Action.TRANSFER,
        Action.PENDING,
        Action.RESOLVE,
    }


def test_pending_resumes_to_in_progress():
    assert allowed_actions(Status.PENDING, ASSIGNEE) >= {Action.RESUME, Action.RESOLVE}
    assert target_status(Action.RESUME, Status.PENDING) is Status.IN_PROGRESS


def test_an_outsider_sees_nothing_to_do():
    for status in Status:
        assert allowed_actions(status, AGENT) == frozenset()


def test_every_action_has_a_transition_table():
    assert set(TRANSITIONS) == set(Action)
