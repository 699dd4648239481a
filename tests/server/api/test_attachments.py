"""Attachments over the real API: stored streamed in PostgreSQL, sniffed, limited, permitted
as their ticket is, every one an event."""

from __future__ import annotations

import contextlib
import os
import socket
import threading
import time
import zlib
from concurrent.futures import ThreadPoolExecutor

import psutil
import pytest

from tests.server.api.test_api_keys import as_key, make_key
from tests.support import table_counts
from ticketdesk.common import limits
from ticketdesk.server.services.attachments import CHUNK_BYTES

LIMIT = limits.ATTACHMENT_MAX_BYTES


def png(width: int = 4, height: int = 3) -> bytes:
    """A real (tiny) PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return len(data).to_bytes(4, "big") + body + zlib.crc32(body).to_bytes(4, "big")

    rows = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + b"\x08\x02\x00\x00\x00"
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows))
            + chunk(b"IEND", b""))


def upload(client, ticket_id, content, name="截图.png", content_type="text/plain", **params):
    return client.post(f"/tickets/{ticket_id}/attachments", json=None, content=content,
                       params={"name": name, **params},
                       headers={"Content-Type": content_type})


def test_a_file_is_stored_sniffed_listed_downloaded_and_recorded(org):
    ticket = org.new_ticket("hl1")
    picture = png()
    r = upload(org.as_("hl1"), ticket["id"], picture)  # the client's content type is not taken
    assert r.status_code == 201, r.text
    made = r.json()
    assert made["content_type"] == "image/png" and made["size"] == len(picture)
    assert made["name"] == "截图.png" and made["created_by_name"] == "HL1"

    listed = org.as_("as1").ok("GET", f"/tickets/{ticket['id']}/attachments")["data"]
    assert [a["id"] for a in listed] == [made["id"]]
    got = org.as_("as1").get(f"/tickets/{ticket['id']}/attachments/{made['id']}")
    assert got.status_code == 200 and got.content == picture
    assert got.headers["content-type"] == "image/png"
    assert got.headers["x-content-type-options"] == "nosniff"
    assert "filename*=UTF-8''%E6%88%AA%E5%9B%BE.png" in got.headers["content-disposition"]

    detail = org.as_("hl1").ok("GET", f"/tickets/{ticket['id']}")
    attached = [e for e in detail["events"] if e["kind"] == "attached"]
    assert len(attached) == 1 and attached[0]["data"]["attachment_id"] == made["id"]
    assert attached[0]["data"]["name"] == "截图.png"
    assert detail["version"] == ticket["version"] + 1
    # Found by its name in the audit search, and the ticket by it in the ticket search.
    found = org.admin.ok("GET", "/events?q=截图")["data"]
    assert [e["kind"] for e in found] == ["attached"]


def test_a_file_can_belong_to_a_comment(org, refused):
    ticket = org.new_ticket("hl1")
    detail = org.as_("hl1").ok("POST", f"/tickets/{ticket['id']}/comments", {"body": "见附件"},
                               status=201)
    comment = next(e for e in detail["events"] if e["kind"] == "commented")
    r = upload(org.as_("hl1"), ticket["id"], b"order list\n", name="list.txt",
               comment=comment["id"])
    assert r.status_code == 201 and r.json()["comment_id"] == comment["id"]
    assert r.json()["content_type"] == "text/plain"
    created = next(e for e in detail["events"] if e["kind"] == "created")
    refused(org.as_("hl1"), "POST", f"/tickets/{ticket['id']}/attachments",
            params={"name": "x.txt", "comment": created["id"]}, content=b"x",
            status=422, code="unknown_comment")


def test_over_the_limit_is_413_and_nothing_is_stored(org, refused):
    ticket = org.new_ticket("hl1")
    client = org.as_("hl1")
    path = f"/tickets/{ticket['id']}/attachments"
    big = png() + b"\x00" * (LIMIT + 1 - len(png()))
    # Declared too large: refused before the body is read.
    error = refused(client, "POST", path, params={"name": "big.png"}, content=big,
                    status=413, code="payload_too_large")
    assert error["details"]["limit"] == LIMIT

    def pieces():  # chunked: no Content-Length to judge by, so it is counted as it comes
        yield big[: LIMIT // 2]
        yield big[LIMIT // 2:]

    refused(client, "POST", path, params={"name": "big.png"}, content=pieces(),
            status=413, code="payload_too_large")
    # Exactly at the limit is fine.
    r = upload(client, ticket["id"], big[:LIMIT], name="limit.png")
    assert r.status_code == 201 and r.json()["size"] == LIMIT


def test_a_lying_content_length_stores_only_what_it_declared(org, server):
    """HTTP framing ends the body at the declared length; what follows is not a request."""
    ticket = org.new_ticket("hl1")
    token = org.as_("hl1").token
    body = png()
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as conn:
        conn.sendall(
            f"POST /api/v1/tickets/{ticket['id']}/attachments?name=a.png HTTP/1.1\r\n"
            f"Host: x\r\nAuthorization: Bearer {token}\r\nContent-Length: {len(body)}\r\n"
            "Connection: close\r\n\r\n".encode() + body + b"\x00" * 300_000)
        answer = b""
        with contextlib.suppress(ConnectionResetError):  # it closes on the unread rest
            while chunk := conn.recv(65536):
                answer += chunk
    # The bytes past the declared end are a malformed next request (400); the upload itself
    # is stored as declared, or not at all if the connection went first — never more.
    assert b" 500 " not in answer.split(b"\r\n", 1)[0]
    deadline = time.monotonic() + 0.5
    while not (listed := org.as_("hl1").ok("GET", f"/tickets/{ticket['id']}/attachments")[
            "data"]) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [a["size"] for a in listed] in ([], [len(body)])


def test_types_not_allowed_empty_files_and_bad_names_are_refused(org, refused):
    ticket = org.new_ticket("hl1")
    client = org.as_("hl1")
    path = f"/tickets/{ticket['id']}/attachments"
    error = refused(client, "POST", path, params={"name": "setup.png"},
                    content=b"MZ\x90\x00" + b"\x00" * 5000, status=415,
                    code="unsupported_media_type")
    assert error["details"]["content_type"] == "application/x-msdownload"
    refused(client, "POST", path, params={"name": "a.txt"}, content=b"", status=422,
            code="empty_file")
    refused(client, "POST", path, params={"name": "a\x00.png"}, content=png(), status=422)
    refused(client, "POST", path, params={"name": "x" * 300 + ".png"}, content=png(),
            status=422, code="invalid_name")
    refused(client, "POST", path, params={"name": "photo\u202egnp.exe"}, content=png(),
            status=422, code="invalid_name")
    refused(client, "POST", path, params={"name": "../"}, content=png(), status=422,
            code="invalid_name")
    # A path keeps only its last part.
    r = upload(client, ticket["id"], png(), name="..\\..\\Windows\\截图 1.png")
    assert r.status_code == 201 and r.json()["name"] == "截图 1.png"


def test_permissions_are_the_tickets(org, refused):
    ticket = org.new_ticket("hl1")  # in 售后, created by hl1: hl2 (热线) may not see it
    made = upload(org.as_("hl1"), ticket["id"], png()).json()
    path = f"/tickets/{ticket['id']}/attachments"
    refused(org.as_("hl2"), "GET", f"{path}/{made['id']}", status=404)
    refused(org.as_("hl2"), "GET", path, status=404)
    refused(org.as_("hl2"), "POST", path, params={"name": "a.png"}, content=png(), status=404)
    refused(org.as_("hl1"), "POST", "/tickets/999999/attachments", params={"name": "a.png"},
            content=png(), status=404)
    refused(org.as_("hl1"), "GET", f"{path}/{made['id'] + 1}", status=404)
    reader = as_key(org, make_key(org, ["tickets:read"]))
    assert reader.get(f"{path}/{made['id']}").content == png()
    refused(reader, "POST", path, params={"name": "a.png"}, content=png(), status=403,
            code="scope_required")
    # A key that writes tickets attaches to the ones it may see: those it created.
    writer = as_key(org, make_key(org, ["tickets:write"], account="crm"))
    own = writer.ok("POST", "/tickets", {"type": "refund", "title": "CRM",
                                         "fields": {"order_no": "TD1", "amount": 1,
                                                    "reason": "其他"}}, status=201)
    r = upload(writer, own["id"], png(), name="from-crm.png")
    assert r.status_code == 201 and r.json()["created_by_name"]
    refused(writer, "POST", path, params={"name": "a.png"}, content=png(), status=404)
    refused(writer, "GET", f"{path}/{made['id']}", status=403, code="scope_required")
    # A closed ticket takes no more files (as it takes no comments).
    org.admin.ok("POST", f"/tickets/{ticket['id']}/resolve", {})
    org.admin.ok("POST", f"/tickets/{ticket['id']}/close", {})
    refused(org.admin, "POST", path, params={"name": "a.png"}, content=png(), status=409)


def test_concurrent_uploads_to_one_ticket_all_land(org):
    ticket = org.new_ticket("hl1")
    clients = [org.as_(name) for name in ("hl1", "as1", "as2", "sup", "admin")
               if name != "admin"] + [org.admin]
    files = [png(4 + n, 3) + os.urandom(300_000 * n) for n in range(len(clients) * 2)]

    def send(n: int) -> int:
        r = upload(clients[n % len(clients)], ticket["id"], files[n], name=f"{n}.png")
        assert r.status_code == 201, r.text
        return r.json()["id"]

    with ThreadPoolExecutor(len(files)) as pool:
        ids = list(pool.map(send, range(len(files))))
    assert len(set(ids)) == len(files)
    detail = org.admin.ok("GET", f"/tickets/{ticket['id']}")
    assert detail["version"] == ticket["version"] + len(files)
    assert sum(e["kind"] == "attached" for e in detail["events"]) == len(files)
    for n, attachment_id in enumerate(ids):
        got = org.admin.get(f"/tickets/{ticket['id']}/attachments/{attachment_id}")
        assert got.content == files[n]


class PeakRss(threading.Thread):
    """The server process's resident memory, sampled every few milliseconds."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.process = psutil.Process(pid)
        self.start_rss = self.peak = self.process.memory_info().rss
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.wait(0.005):
            self.peak = max(self.peak, self.process.memory_info().rss)

    def growth(self) -> int:
        self._done.set()
        self.join()
        return self.peak - self.start_rss


def test_a_20_mib_file_goes_up_and_down_in_flat_memory(org, server, pg_url):
    ticket = org.new_ticket("hl1")
    client = org.as_("hl1")
    upload(client, ticket["id"], png() + os.urandom(1_000_000), name="warm-up.png")
    client.get(f"/tickets/{ticket['id']}/attachments/1")
    content = png() + os.urandom(LIMIT - len(png()))
    watch = PeakRss(server.proc.pid)
    watch.start()
    r = upload(client, ticket["id"], content, name="big.png")
    assert r.status_code == 201, r.text
    with client.http.stream("GET", f"/tickets/{ticket['id']}/attachments/{r.json()['id']}",
                            headers={"Authorization": f"Bearer {client.token}"}) as got:
        received = b"".join(got.iter_bytes())
    grew = watch.growth()
    assert received == content
    # Held whole, the file alone would be 20 MiB (and several copies of it on the way).
    assert grew < 8 * 2**20, f"the server grew by {grew / 2**20:.1f} MiB"
    warm_up = len(png()) + 1_000_000
    pieces = -(-warm_up // CHUNK_BYTES) + LIMIT // CHUNK_BYTES  # stored in pieces, none whole
    assert table_counts(pg_url)["attachment_chunks"] == pieces


@pytest.mark.parametrize("name", ["report.pdf", "报告.PDF"])
def test_the_openapi_document_describes_the_upload(org, name):
    doc = org.admin.http.get("/openapi.json").json()
    op = doc["paths"]["/api/v1/tickets/{ticket_id}/attachments"]["post"]
    assert "application/octet-stream" in op["requestBody"]["content"]
    assert {"413", "415"} <= set(op["responses"])
    r = upload(org.as_("hl1"), org.new_ticket("hl1")["id"], b"%PDF-1.4\n%\xe2\xe3\n", name=name)
    assert r.json()["content_type"] == "application/pdf"
