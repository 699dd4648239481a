"""The choice of agent, as pure rules; a property test checks them on random offices."""

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from ticketdesk.server.services.assignment.policy import (
    Agent,
    Rule,
    Ticket,
    assign_in_order,
    choose,
)

T0 = datetime(2026, 11, 25, 2, tzinfo=UTC)


def agent(id, load=0, capacity=5, online=True, last=None):
    return Agent(id=id, online=online, load=load, capacity=capacity, last_assigned_at=last)


def test_order_owner_first_when_eligible():
    agents = [agent(1), agent(2, load=3)]
    choice = choose(Ticket(10, order_owner_id=2, previous_handler_id=1), agents)
    assert (choice.agent_id, choice.rule) == (2, Rule.ORDER_OWNER)


def test_order_owner_skipped_when_offline_or_full():
    for owner in (agent(2, online=False), agent(2, load=5)):
        choice = choose(
            Ticket(10, order_owner_id=2, previous_handler_id=3),
            [agent(1, load=2), owner, agent(3, load=4)],
        )
        assert (choice.agent_id, choice.rule) == (3, Rule.PREVIOUS_HANDLER)


def test_least_loaded_by_ratio_then_longest_wait():
    agents = [
        agent(1, load=2, capacity=4),
        agent(2, load=1, capacity=4, last=T0),
        agent(3, load=1, capacity=4, last=T0 - timedelta(minutes=5)),
        agent(4, load=2, capacity=8, last=T0 + timedelta(minutes=1)),
    ]
    choice = choose(Ticket(10), agents)
    assert (choice.agent_id, choice.rule) == (3, Rule.LEAST_LOADED)
    assert [c["id"] for c in choice.candidates] == [3, 2, 4, 1]


def test_never_assigned_has_waited_longest():
    choice = choose(Ticket(10), [agent(1, last=T0), agent(2)])
    assert choice.agent_id == 2


def test_nobody_eligible():
    assert choose(Ticket(10), [agent(1, online=False), agent(2, load=5)]) is None
    assert choose(Ticket(10), []) is None


def test_lapsed_agent_passed_over_unless_alone():
    assert choose(Ticket(10, lapsed=frozenset({1})), [agent(1), agent(2, load=4)]).agent_id == 2
    assert choose(Ticket(10, lapsed=frozenset({1})), [agent(1), agent(2, load=5)]).agent_id == 1
    # even when they own the order
    assert (
        choose(Ticket(10, order_owner_id=1, lapsed=frozenset({1})), [agent(1), agent(2)]).agent_id
        == 2
    )


def test_assigning_a_queue_spreads_and_stops_when_full():
    agents = {1: agent(1, capacity=2), 2: agent(2, capacity=1)}
    choices, after = assign_in_order([Ticket(i) for i in range(10, 15)], agents, T0)
    assert [(t.id, c.agent_id) for t, c in choices] == [(10, 1), (11, 2), (12, 1)]
    assert after[1].load == 2 and after[2].load == 1 and after[1].last_assigned_at == T0


# ---------------------------------------------------------------- property


agents_st = st.lists(
    st.builds(
        Agent,
        id=st.integers(1, 30),
        online=st.booleans(),
        load=st.integers(0, 6),
        capacity=st.integers(0, 6),
        last_assigned_at=st.none() | st.integers(0, 100).map(lambda m: T0 + timedelta(minutes=m)),
    ),
    max_size=12,
    unique_by=lambda a: a.id,
)
ticket_st = st.builds(
    Ticket,
    id=st.integers(1, 1000),
    order_owner_id=st.none() | st.integers(1, 30),
    previous_handler_id=st.none() | st.integers(1, 30),
    lapsed=st.frozensets(st.integers(1, 30), max_size=3),
)


@given(ticket_st, agents_st)
def test_choice_is_always_eligible_and_the_one_the_rules_say(ticket, agents):
    choice = choose(ticket, agents)
    eligible = [a for a in agents if a.online and a.load < a.capacity]
    if not eligible:
        assert choice is None
        return
    chosen = next(a for a in agents if a.id == choice.agent_id)
    assert chosen in eligible
    fresh = [a for a in eligible if a.id not in ticket.lapsed]
    allowed = fresh or eligible
    assert chosen in allowed
    ids = {a.id for a in allowed}
    if ticket.order_owner_id in ids:
        assert (chosen.id, choice.rule) == (ticket.order_owner_id, Rule.ORDER_OWNER)
    elif ticket.previous_handler_id in ids:
        assert (chosen.id, choice.rule) == (ticket.previous_handler_id, Rule.PREVIOUS_HANDLER)
    else:
        assert choice.rule is Rule.LEAST_LOADED
        for other in allowed:
            mine = chosen.load * other.capacity
            theirs = other.load * chosen.capacity
            assert mine <= theirs  # no one is less loaded
            if mine == theirs:  # ties go to whoever waited longest
                assert chosen.waited_key() <= other.waited_key()


@given(st.lists(ticket_st, max_size=20, unique_by=lambda t: t.id), agents_st)
def test_a_queue_never_pushes_anyone_over_capacity(tickets, agents):
    choices, after = assign_in_order(tickets, {a.id: a for a in agents}, T0)
    for a in agents:
        given_now = sum(1 for _, c in choices if c.agent_id == a.id)
        assert after[a.id].load == a.load + given_now
        if given_now:
            assert a.online and after[a.id].load <= a.capacity
