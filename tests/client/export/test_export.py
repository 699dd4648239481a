"""The export module: files read back with csv and openpyxl hold exactly the rows given,
formula-looking cells are neutralised, cancelling or failing leaves no file, and an export
of an API list streams the same query the screen asks."""

from __future__ import annotations

import csv
import io
import re
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import openpyxl
import pytest
from pytestqt.qtbot import QtBot

from tests.client.conftest import TIMEOUT_MS
from tests.support import Api
from ticketdesk.client import i18n
from ticketdesk.client.export import (
    ApiStream,
    ExportFetchError,
    ExportJob,
    ListSource,
    neutralise,
    write_file,
)
from ticketdesk.client.views.export_progress import start_export

COLUMNS = ["编号", "标题", "金额", "创建时间"]
WHEN = datetime(2026, 11, 25, 2, 30, tzinfo=UTC)
HOSTILE = [
    "=HYPERLINK(\"http://evil.example\",\"点我\")",
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\tTAB",
    "\rCR",
    "正常文本 = 不是公式",
]


def _read_csv(path: Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.reader(f))


def _read_xlsx(path: Path) -> list[list[object]]:
    book = openpyxl.load_workbook(path, read_only=True)
    rows = [list(r) for r in book.active.iter_rows(values_only=True)]
    book.close()
    return rows


def _local(moment: datetime) -> datetime:
    return moment.astimezone().replace(tzinfo=None)


def test_rows_round_trip_through_csv_and_xlsx(tmp_path: Path) -> None:
    rows = [[i, f"客户要求退款 {i}", 1299.5 + i, WHEN] for i in range(1, 1201)]
    rows.append([1201, None, -3, None])
    source = ListSource(COLUMNS, rows, page=500)
    assert write_file(tmp_path / "a.csv", source.columns, source.pages()) == 1201
    assert write_file(tmp_path / "a.xlsx", source.columns, source.pages()) == 1201

    text = _read_csv(tmp_path / "a.csv")
    assert text[0] == COLUMNS
    stamp = _local(WHEN).strftime("%Y-%m-%d %H:%M:%S")
    assert text[1] == ["1", "客户要求退款 1", "1300.5", stamp]
    assert text[-1] == ["1201", "", "-3", ""]
    assert len(text) == 1202

    sheet = _read_xlsx(tmp_path / "a.xlsx")
    assert sheet[0] == COLUMNS
    assert sheet[1] == [1, "客户要求退款 1", 1300.5, _local(WHEN)]
    assert sheet[-1] == [1201, None, -3, None]
    assert len(sheet) == 1202
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "a.xlsx"]  # no temp left


def test_formula_looking_cells_are_neutralised(tmp_path: Path) -> None:
    rows = [[i, text, None, None] for i, text in enumerate(HOSTILE)]
    expected = ["'" + t for t in HOSTILE[:-1]] + [HOSTILE[-1]]
    columns = ["=cmd|' /C calc'!A0", *COLUMNS[1:]]
    for name in ("h.csv", "h.xlsx"):
        write_file(tmp_path / name, columns, [rows])
    text = _read_csv(tmp_path / "h.csv")
    assert [r[1] for r in text[1:]] == expected
    assert text[0][0] == "'=cmd|' /C calc'!A0"
    book = openpyxl.load_workbook(tmp_path / "h.xlsx")  # not read-only: types are visible
    cells = [book.active.cell(row=r, column=2) for r in range(2, len(HOSTILE) + 2)]
    # XLSX stores a CR as the escape _x000D_, which Excel reads back as CR (openpyxl does not)
    assert [c.value.replace("_x000D_", "\r") for c in cells] == expected
    assert {c.data_type for c in cells} == {"s"}  # strings, never formulas
    assert book.active.cell(row=1, column=1).value == "'=cmd|' /C calc'!A0"
    assert neutralise("-") == "'-" and neutralise("a=b") == "a=b"


class EndlessSource:
    """Pages forever, one at a time when the test lets it: a large export under way."""

    columns = COLUMNS
    total = None

    def __init__(self) -> None:
        self.served = threading.Semaphore(0)

    def pages(self) -> Iterator[list[list[object]]]:
        n = 0
        while True:
            yield [[n + i, "行", i, WHEN] for i in range(100)]
            n += 100
            self.served.release()


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_cancelling_leaves_no_file(qtbot: QtBot, tmp_path: Path, suffix: str) -> None:
    target = tmp_path / f"big.{suffix}"
    source = EndlessSource()
    job = ExportJob(source, target)
    progress: list[int] = []
    job.progress.connect(lambda rows, total: progress.append(rows))
    with qtbot.waitSignal(job.cancelled, timeout=TIMEOUT_MS):
        job.start()
        assert source.served.acquire(timeout=10)  # rows are being written
        qtbot.waitUntil(lambda: bool(progress), timeout=TIMEOUT_MS)
        job.cancel()
    assert job.wait(10)
    assert list(tmp_path.iterdir()) == []


def test_an_existing_file_survives_a_cancelled_export(qtbot: QtBot, tmp_path: Path) -> None:
    target = tmp_path / "report.csv"
    target.write_text("last week's report")
    job = ExportJob(EndlessSource(), target)
    with qtbot.waitSignal(job.cancelled, timeout=TIMEOUT_MS):
        job.start()
        job.cancel()
    assert job.wait(10)
    assert target.read_text() == "last week's report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.csv"]


def test_progress_dialog_reports_and_closes(qtbot: QtBot, tmp_path: Path) -> None:
    rows = [[i, "标题", i, WHEN] for i in range(3000)]
    dialog = start_export(ListSource(COLUMNS, rows, page=250), tmp_path / "r.xlsx")
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.done, timeout=TIMEOUT_MS) as done:
        pass
    assert done.args == [str(tmp_path / "r.xlsx")]
    assert dialog.bar.maximum() == 3000 and dialog.bar.value() == 3000
    assert not dialog.isVisible()
    assert len(_read_xlsx(tmp_path / "r.xlsx")) == 3001


def _stream(client, params: dict, row=None, **extra) -> ApiStream:
    return ApiStream(client.base_url, client.token, "/tickets/export", params,
                     columns=["#", "title", "status"], fields=["id", "title", "status"],
                     row=row or list, **extra)


def test_a_streamed_export_holds_the_screens_rows(qtbot: QtBot, org, tmp_path: Path) -> None:
    for i in range(5):
        org.new_ticket("hl1", title=f"@SUM(A{i}) 换货\n第二行", group="热线")
    org.new_ticket("as1", title="别的小组", group="售后")
    sup = org.as_("sup")
    params = {"group": [org.groups["热线"]], "status": ["queued"], "cursor": "ignored"}
    page = sup.get("/tickets", params={**params, "cursor": None, "limit": 50}).json()
    screen = [[t["id"], neutralise(t["title"]), t["status"]] for t in page["data"]]
    assert len(screen) == 5
    source = _stream(sup, params)
    progress: list[tuple[int, int]] = []
    for name in ("s.csv", "s.xlsx"):
        job = ExportJob(source, tmp_path / name)
        job.progress.connect(lambda rows, total: progress.append((rows, total)))
        with qtbot.waitSignal(job.finished, timeout=TIMEOUT_MS):
            job.start()
        assert job.wait(10) and job.rows == 5
    assert source.total == 5 and progress[-1] == (5, 5)
    assert [[int(r[0]), r[1], r[2]] for r in _read_csv(tmp_path / "s.csv")[1:]] == screen
    assert _read_xlsx(tmp_path / "s.xlsx")[1:] == screen


def test_cancelling_mid_stream_leaves_no_file(qtbot: QtBot, org, tmp_path: Path) -> None:
    for i in range(4):
        org.new_ticket("hl1", title=f"第{i}单", group="热线")
    jobs: list[ExportJob] = []

    def row(values: list) -> list:
        if len(seen) == 2:  # two rows in: the person presses Cancel
            jobs[0].cancel()
        seen.append(values)
        return values

    seen: list[list] = []
    jobs.append(ExportJob(_stream(org.as_("sup"), {}, row=row), tmp_path / "c.xlsx"))
    with qtbot.waitSignal(jobs[0].cancelled, timeout=TIMEOUT_MS):
        jobs[0].start()
    assert jobs[0].wait(10)
    assert list(tmp_path.iterdir()) == []
    # The server gave its export slot back: the next exports run.
    for name in ("d.csv", "e.csv", "f.csv"):
        job = ExportJob(_stream(org.as_("sup"), {}), tmp_path / name)
        with qtbot.waitSignal(job.finished, timeout=TIMEOUT_MS):
            job.start()
        assert job.wait(10) and job.rows == 4


def test_a_refused_stream_fails_and_leaves_no_file(qtbot: QtBot, org, tmp_path: Path) -> None:
    for source, status in ((_stream(Api(org.admin.base_url, "not-a-token"), {}), "401"),
                           (_stream(org.as_("sup"), {"status": "lost"}), "422")):
        job = ExportJob(source, tmp_path / "x.xlsx")
        with qtbot.waitSignal(job.failed, timeout=TIMEOUT_MS) as failed:
            job.start()
        assert failed.args[0].startswith(status)
        assert list(tmp_path.iterdir()) == []


HEADER = b'{"columns":["id","title","status","group_id"],"total":3}\n'
ROWS = b'[3,"c","queued",1]\n[2,"b\\n2","resolved",1]\n[1,"=a","queued",2]\n'


def _parse(data: bytes, fields: list[str]) -> ApiStream:
    source = ApiStream("http://127.0.0.1:9", None, "/tickets/export", {},
                       columns=fields, fields=fields, row=list)
    source.READ_BYTES = 7  # lines split across reads, as a slow network splits them
    source.pages = lambda: source._rows(io.BytesIO(data))  # type: ignore[method-assign]
    return source


def test_a_stream_is_read_whole_or_not_at_all(tmp_path: Path) -> None:
    """The bytes of a stream as the server sends them: in any column order; cut short or
    ended by the server's error line, the export fails and leaves no file."""
    whole = _parse(HEADER + ROWS + b'{"end":true,"rows":3}\n', ["id", "status", "title"])
    assert write_file(tmp_path / "w.csv", whole.columns, whole.pages()) == 3
    assert whole.total == 3
    assert _read_csv(tmp_path / "w.csv")[1:] == [
        ["3", "queued", "c"], ["2", "resolved", "b\n2"], ["1", "queued", "'=a"]]
    for data, message in (
        (HEADER + ROWS, "cut short after 3 rows"),
        (HEADER + ROWS[:30], "cut short after 1 rows"),
        (HEADER + ROWS + b'{"error":{"code":"export_failed","message":"stopped"}}\n', "stopped"),
        (b'{"columns":["id"],"total":0}\n{"end":true,"rows":0}\n', "other columns"),
        (b"<html>proxy error</html>\n", "not readable"),
    ):
        source = _parse(data, ["id", "title"])
        with pytest.raises(ExportFetchError, match=message):
            write_file(tmp_path / "x.xlsx", source.columns, source.pages())
        assert sorted(p.name for p in tmp_path.iterdir()) == ["w.csv"]


def test_a_failed_stream_says_why_in_the_users_language(qapp, tmp_path: Path) -> None:
    """The progress dialog shows these reasons ("Export failed: …"): in Chinese for a
    Chinese desk, not English."""
    translators = i18n.Translators()
    translators.install(qapp, "zh_CN")
    try:
        for data in (HEADER + ROWS, b'{"columns":["id"],"total":0}\n',
                     b"<html>proxy error</html>\n", HEADER + b'{"error":{}}\n'):
            source = _parse(data, ["id", "title"])
            with pytest.raises(ExportFetchError) as failed:
                write_file(tmp_path / "x.csv", source.columns, source.pages())
            assert re.search(r"[\u4e00-\u9fff]", str(failed.value)), str(failed.value)
    finally:
        translators.remove(qapp)
        i18n.Translators().install(qapp, "en")
