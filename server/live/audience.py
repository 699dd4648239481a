"""Who is connected, indexed by what they may see, so an event reaches its recipients
without asking every connected client (with 1,000 clients that was most of the hub's work)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator

from .feed import Item
from .subscriber import Subscriber


class Audience:
    def __init__(self) -> None:
        self._all: set[Subscriber] = set()
        self._supervisors: set[Subscriber] = set()
        self._by_group: defaultdict[int, set[Subscriber]] = defaultdict(set)
        self._by_user: defaultdict[int, set[Subscriber]] = defaultdict(set)
        self._indexed: dict[Subscriber, tuple[bool, frozenset[int]]] = {}

    def __len__(self) -> int:
        return len(self._all)

    def __contains__(self, sub: object) -> bool:
        return sub in self._all

    def __iter__(self) -> Iterator[Subscriber]:
        return iter(list(self._all))

    def add(self, sub: Subscriber) -> None:
        self._all.add(sub)
        self._by_user[sub.user_id].add(sub)
        self._index(sub)

    def remove(self, sub: Subscriber) -> None:
        if sub not in self._all:
            return
        self._unindex(sub)
        self._all.discard(sub)
        self._discard(self._by_user, sub.user_id, sub)

    def of_user(self, user_id: int) -> list[Subscriber]:
        return list(self._by_user.get(user_id, ()))

    def reindex(self, sub: Subscriber) -> None:
        """After the subscriber's role or groups changed."""
        if sub in self._all:
            self._unindex(sub)
            self._index(sub)

    def recipients(self, item: Item) -> Iterable[Subscriber]:
        if item.public:
            return list(self._all)
        found = set(self._supervisors)
        for group_id in item.audience_groups:
            found |= self._by_group.get(group_id, set())
        for user_id in item.audience_users:
            found |= self._by_user.get(user_id, set())
        return found

    def _index(self, sub: Subscriber) -> None:
        groups = frozenset(sub.group_ids)
        self._indexed[sub] = (sub.role.supervises, groups)
        if sub.role.supervises:
            self._supervisors.add(sub)
        for group_id in groups:
            self._by_group[group_id].add(sub)

    def _unindex(self, sub: Subscriber) -> None:
        supervises, groups = self._indexed.pop(sub, (False, frozenset()))
        if supervises:
            self._supervisors.discard(sub)
        for group_id in groups:
            self._discard(self._by_group, group_id, sub)

    @staticmethod
    def _discard(index: defaultdict[int, set[Subscriber]], key: int, sub: Subscriber) -> None:
        members = index.get(key)
        if members is not None:
            members.discard(sub)
            if not members:
                del index[key]
