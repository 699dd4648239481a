"""The administrator's webhooks: endpoints as the server has them, the chosen endpoint's
deliveries and dead letters, and the changes (register, enable/disable, rotate the secret,
remove, redeliver). A secret arrives once, in the answer to a register or a rotation."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from ticketdesk.common.models import (
    DeliveriesPage,
    DeliveryPublic,
    RedeliverResult,
    WebhookCreate,
    WebhookPublic,
    WebhookWithSecret,
)

from ..net.api import ApiReply
from .newest import NewestAnswer
from .session import ClientSession

PAGE = 200


class WebhookList(QObject):
    changed = Signal()
    """The endpoints were read again (after a load or any change)."""
    deliveries_changed = Signal()
    """`deliveries` / `dead` of the chosen endpoint were read again."""

    def __init__(self, session: ClientSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.endpoints: list[WebhookPublic] = []
        self.endpoint_id: int | None = None
        self.deliveries: list[DeliveryPublic] = []
        self.dead: list[DeliveryPublic] = []
        self._endpoint_reads = NewestAnswer()
        self._latest_reads = NewestAnswer()
        self._dead_reads = NewestAnswer()

    def load(self) -> ApiReply:
        reply = self._endpoint_reads.asked(self._session.api.get(
            "/webhooks", parse=lambda body: [WebhookPublic.model_validate(w) for w in body]))
        reply.succeeded.connect(self._loaded)
        return reply

    def _loaded(self, endpoints: list[WebhookPublic]) -> None:
        if not self._endpoint_reads.is_newest(self.sender()):
            return  # a read made before one already shown
        self.endpoints = endpoints
        self.changed.emit()
        if self.endpoint_id is not None:
            self.load_deliveries(self.endpoint_id)

    def load_deliveries(self, endpoint_id: int | None) -> ApiReply | None:
        """Read the endpoint's latest deliveries and its dead letters (None: show none)."""
        self.endpoint_id = endpoint_id
        if endpoint_id is None:
            self.deliveries, self.dead = [], []
            self.deliveries_changed.emit()
            return None
        parse = DeliveriesPage.model_validate
        latest = self._latest_reads.asked(self._session.api.get(
            f"/webhooks/{endpoint_id}/deliveries", params={"limit": PAGE}, parse=parse))
        dead = self._dead_reads.asked(self._session.api.get(
            f"/webhooks/{endpoint_id}/deliveries", params={"limit": PAGE, "state": "dead"},
            parse=parse))
        # Bound methods, never lambdas: a reply's answer may come after this state was
        # deleted (the window closed), and Qt drops the connection to a deleted object's
        # bound slot; a lambda would run and emit a signal of the deleted object ("Signal
        # source has been deleted"). Each reply carries the endpoint it asked about.
        for reply, slot in ((latest, self._got_latest), (dead, self._got_dead)):
            reply.setProperty("endpoint_id", endpoint_id)
            reply.succeeded.connect(slot)
        return dead

    def _answer_counts(self, reads: NewestAnswer) -> bool:
        """Whether the reply being handled asked about the endpoint still chosen, and
        after the read whose answer is shown."""
        reply = self.sender()
        return (reply is not None and reply.property("endpoint_id") == self.endpoint_id
                and reads.is_newest(reply))

    def _got_latest(self, page: DeliveriesPage) -> None:
        if self._answer_counts(self._latest_reads):  # else another endpoint chosen, or stale
            self.deliveries = page.data
            self.deliveries_changed.emit()

    def _got_dead(self, page: DeliveriesPage) -> None:
        if self._answer_counts(self._dead_reads):
            self.dead = page.data
            self.deliveries_changed.emit()

    def _reload(self, _result: object) -> None:
        self.load()

    def create(self, data: WebhookCreate) -> ApiReply:
        """Succeeds with the `WebhookWithSecret` (its secret shown once)."""
        reply = self._session.api.post("/webhooks", data.model_dump(mode="json"),
                                       parse=WebhookWithSecret.model_validate)
        reply.succeeded.connect(self._reload)
        return reply

    def set_enabled(self, endpoint_id: int, enabled: bool) -> ApiReply:
        reply = self._session.api.request("PATCH", f"/webhooks/{endpoint_id}",
                                          body={"enabled": enabled},
                                          parse=WebhookPublic.model_validate)
        reply.succeeded.connect(self._reload)
        return reply

    def rotate(self, endpoint_id: int) -> ApiReply:
        reply = self._session.api.post(f"/webhooks/{endpoint_id}/rotate-secret",
                                       parse=WebhookWithSecret.model_validate)
        reply.succeeded.connect(self._reload)
        return reply

    def remove(self, endpoint_id: int) -> ApiReply:
        reply = self._session.api.request("DELETE", f"/webhooks/{endpoint_id}")
        if self.endpoint_id == endpoint_id:
            self.load_deliveries(None)
        reply.succeeded.connect(self._reload)
        return reply

    def redeliver(self, endpoint_id: int, delivery_ids: list[int] | None) -> ApiReply:
        """Dead letters again (the listed ones, or all); succeeds with `RedeliverResult`."""
        body = {} if delivery_ids is None else {"deliveries": delivery_ids}
        reply = self._session.api.post(f"/webhooks/{endpoint_id}/redeliver", body,
                                       parse=RedeliverResult.model_validate)
        reply.succeeded.connect(self._reload)
        return reply
