"""The assignment rules, in one place: who may take a ticket now (eligibility, capacity), who
is chosen (``policy``, pure), a group's round (``engine.dispatch_group``) and the offer made in
the very transaction that queues a ticket (``engine.offer_now``). ``server/dispatch`` is only
the loop that wakes the engine; the advisory locks live with the store (``store/locks``)."""
