"""The studio's server over HTTP: the token on every request, requests validated, no path or SQL
taken from the page, one request's error a message while the server goes on, a page's newer
query cancelling its earlier one on the engine."""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

import segdsl
from segdsl.runtime import analytics
from segdsl.runtime.engines import DuckDBDatabase
from segdsl.semantics.schema import Schema
from segdsl.studio import answers
from segdsl.studio.answers import Cancelled, Connections
from tests.studio.conftest import TOKEN, Served, make_studio, post, serving

CONDITION = {"text": "purchases >= 2", "opened": None}


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: Any) -> None:
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, headers=headers or {}), timeout=30) as found:
            return found.status, dict(found.headers), found.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_every_request_needs_the_token(served: Served) -> None:
    for path in ("/", "/static/studio.js", "/static/index.html"):
        assert get(served.url + path)[0] == 403
        assert get(served.url + path, {"X-Segdsl-Token": "a guess"})[0] == 403
    assert post(served.url, "state", {}, token=None)[0] == 403
    assert post(served.url, "state", {}, token="a guess")[0] == 403
    assert post(served.url, "state", {})[0] == 200
    # The printed address sets the cookie and leads to the page without the token in it.
    status, headers, _ = get(served.address)
    assert status == 303 and headers["location"] == "/"
    cookie = headers["set-cookie"]
    assert TOKEN in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie
    status, _, page = get(served.url + "/", {"Cookie": cookie.split(";")[0]})
    assert status == 200 and b"segdsl studio" in page
    assert get(served.url + "/", {"Cookie": f"{cookie.split('=')[0]}=a guess"})[0] == 403


@pytest.mark.parametrize(
    ("endpoint", "body", "message"),
    [
        (
            "answer",
            {"client": "p1", "buffer": CONDITION, "sql": "DROP"},
            "unexpected field 'sql'",
        ),
        ("open", {"file": "../../etc/passwd", "name": "vip"}, "'file' is not an id"),
        ("open", {"file": "/etc/passwd", "name": "vip"}, "'file' is not an id"),
        ("analyze", {"client": "p 1", "buffer": CONDITION}, "'client' is not a page id"),
        (
            "analyze",
            {"client": "p1", "buffer": {"text": 42, "opened": None}},
            "'text' is not a string",
        ),
        (
            "sample",
            {"client": "p1", "buffer": CONDITION, "dialect": "oracle"},
            "'dialect' is not one of",
        ),
        (
            "complete",
            {"client": "p1", "buffer": CONDITION, "position": {"line": -1, "column": 0}},
            "'line' is not a whole number",
        ),
        ("file", {"client": "p1", "file": "f1", "part": "everything"}, "'part' is not one of"),
        ("history", {"client": "p1", "file": "../f1"}, "'file' is not an id"),
        ("cancel", {"client": "p1", "kind": "save"}, "'kind' is not one of"),
        ("state", [], "the request is not a JSON object"),
    ],
)
def test_requests_are_validated(served: Served, endpoint: str, body: object, message: str) -> None:
    status, answer = post(served.url, endpoint, body)
    assert status == 400
    assert answer["error"].startswith(message)


def test_files_are_the_loaded_ones_by_id(served: Served) -> None:
    status, answer = post(served.url, "open", {"file": "f9", "name": "vip"})
    assert (status, answer["error"]) == (409, "no file 'f9' is loaded")
    status, answer = post(served.url, "open", {"file": "f1", "name": "nobody"})
    assert status == 409 and "has no definition 'nobody'" in answer["error"]
    assert post(served.url, "state", b"not json")[0] == 400
    assert post(served.url, "state", b"{" * (5 * 1024 * 1024))[0] == 413


def test_an_error_is_the_request_s_answer_and_the_server_goes_on(
    served: Served, monkeypatch: pytest.MonkeyPatch
) -> None:
    status, answer = post(served.url, "format", {"buffer": {"text": "purchases >", "opened": None}})
    assert status == 422 and answer["problems"][0]["code"].startswith("E1")

    def broken(*_args: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(answers, "count", broken)
    request = {"client": "p1", "buffer": CONDITION}
    status, answer = post(served.url, "answer", request)
    assert (status, answer["error"]) == (500, "internal error: RuntimeError: a bug")
    monkeypatch.undo()
    status, answer = post(served.url, "answer", request)
    assert status == 200 and answer["ready"] and answer["counts"][0]["count"] > 0


def test_the_answer_counts_as_segdsl_run_does(served: Served, schema: Schema) -> None:
    status, answer = post(served.url, "answer", {"client": "p1", "buffer": CONDITION})
    assert status == 200 and answer["ready"]
    db = served.studio.database
    expected = segdsl.sizes({"c": "purchases >= 2"}, schema, db)
    assert answer["counts"] == [
        {
            "name": "condition",
            "count": expected.counts["c"],
            "share": expected.counts["c"] / expected.total,
        }
    ]
    assert answer["total"] == expected.total
    # The sample and the SQL come after the count, in a request of their own.
    request = {"client": "p1", "buffer": CONDITION, "dialect": "postgres"}
    status, answer = post(served.url, "sample", request)
    assert status == 200 and answer["ready"]
    assert answer["sql"] == segdsl.compile_sql(
        "purchases >= 2", schema, dialect="postgres", pretty=True
    )
    sample = answer["sample"]
    assert sample["columns"][0] == "customer_id" and "email" not in sample["columns"]
    assert sample["withheld"] == ["email"] and len(sample["rows"]) == 10


class GatedDatabase(DuckDBDatabase):
    """A DuckDB database whose queries that have `gate` in their SQL (by default, those of
    `purchases = 4242`) wait until they are interrupted, as a long query would."""

    def __init__(self, path: str, gate: str = "4242") -> None:
        super().__init__(path, 30)
        self.gate = gate
        self.waiting = threading.Event()
        self.interrupted = threading.Event()

    def _execute(self, sql: str) -> Any:
        if self.gate in sql:
            self.waiting.set()
            assert self.interrupted.wait(30), "never interrupted"
            raise RuntimeError("INTERRUPT Error: Interrupted!")
        return super()._execute(sql)

    def interrupt(self) -> None:
        self.interrupted.set()
        super().interrupt()


def test_a_newer_request_of_a_page_cancels_its_running_one(shop_db: Path, schema: Schema) -> None:
    opened: list[GatedDatabase] = []

    def open_database() -> GatedDatabase:
        opened.append(GatedDatabase(str(shop_db)))
        return opened[-1]

    connections = Connections(open_database, size=2)
    outcome: list[object] = []

    def first() -> None:
        try:
            with connections.run("page", "answer") as run:
                run.rows(segdsl.compile_expression("purchases = 4242", schema))
        except Cancelled:
            outcome.append("cancelled")

    thread = threading.Thread(target=first)
    thread.start()
    assert _wait_for(lambda: any(d.waiting.is_set() for d in opened))
    with connections.run("another page", "answer") as run:  # another page's: no effect
        assert run.rows(segdsl.compile_expression("purchases = 1", schema))
    assert not any(d.interrupted.is_set() for d in opened) and thread.is_alive()
    with connections.run("page", "answer") as run:
        assert run.rows(segdsl.compile_expression("purchases = 1", schema))
    thread.join(10)
    assert outcome == ["cancelled"]
    assert sum(d.interrupted.is_set() for d in opened) == 1
    connections.close()


def _wait_for(condition: Any, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def test_member_look_up(served: Served, schema: Schema) -> None:
    status, answer = post(served.url, "member", {"client": "p1", "key": "17"})
    assert status == 200 and answer["found"]
    assert answer["attributes"]["customer_id"] == 17 and "email" not in answer["attributes"]
    memberships = answer["files"][0]["memberships"]
    members = segdsl.run(
        "vip", schema, served.studio.database, module=segdsl.parse_file(served.segments)
    )
    vip = next(m for m in memberships if m["name"] == "vip")
    assert vip["member"] == (17 in members)
    assert post(served.url, "member", {"client": "p1", "key": "999999"})[1]["found"] is False
    answer = post(served.url, "member", {"client": "p1", "key": "abc"})[1]
    assert answer == {"found": False, "key": "abc", "note": "customer_id is a whole number"}


def test_why(served: Served, schema: Schema) -> None:
    request = {"client": "p1", "key": "17", "file": "f1", "name": "vip"}
    status, answer = post(served.url, "why", request)
    assert status == 200 and answer["text"].startswith("customer 17 is")
    status, answer = post(served.url, "why", {**request, "key": "999999"})
    assert status == 422 and answer["problems"][0]["code"] == "E609"
    status, answer = post(served.url, "why", {**request, "name": "nobody"})
    assert status == 409 and "'nobody' is not a segment or partition" in answer["error"]


def stream(url: str, endpoint: str, body: object) -> list[dict[str, Any]]:
    """A streamed answer's lines of JSON, read to its end."""
    request = urllib.request.Request(
        f"{url}/api/{endpoint}",
        json.dumps(body).encode(),
        {"Content-Type": "application/json", "X-Segdsl-Token": TOKEN},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=120) as response:
        assert response.headers["content-type"] == "application/x-ndjson"
        return [json.loads(line) for line in response.read().splitlines()]


def test_the_history_comes_instant_by_instant(served: Served, schema: Schema) -> None:
    lines = stream(served.url, "history", {"client": "p1", "file": "f1"})
    at = answers.history_instants(dt.datetime.now(dt.UTC).replace(tzinfo=None))
    assert [line["done"] for line in lines] == list(range(len(at) + 1))
    assert {line["total"] for line in lines} == {len(at)}
    # The whole span after two instants, then the months between.
    assert [line["at"][-1] for line in lines[1:3]] == [at[-1].isoformat()] * 2
    assert lines[2]["at"][0] == at[0].isoformat()
    assert lines[-1]["at"] == [instant.isoformat() for instant in at]
    assert lines[0]["html"] == "" and "<svg" in lines[-1]["html"]


def test_the_history_is_what_the_analytics_give(served: Served, schema: Schema) -> None:
    module = segdsl.check_file(served.segments, schema)
    at = answers.history_instants(dt.datetime.now(dt.UTC).replace(tzinfo=None))[-4:]
    history = answers.History(schema, module, "sizes", at)
    while not history.complete:
        with served.studio.connections.run("p1", "history") as run:
            history.step(run)
    measures = [analytics.Measure(name, s.condition) for name, s in module.segments.items()]
    with served.studio.connections.run("p1", "history") as run:
        expected = analytics.history(run.database, schema, measures, at)
    assert [history.found[index] for index in range(len(at))] == expected


def test_a_history_is_stopped_by_the_page(project: Path, schema: Schema, shop_db: Path) -> None:
    with (project / "segments.seg").open("a") as segments:
        segments.write("\nsegment slow = purchases = 4242\n")
    opened: list[GatedDatabase] = []

    def open_database() -> GatedDatabase:
        opened.append(GatedDatabase(str(shop_db)))
        return opened[-1]

    studio = make_studio(project, schema, open_database)
    with serving(studio) as url:
        lines: list[dict[str, Any]] = []
        reader = threading.Thread(
            target=lambda: lines.extend(stream(url, "history", {"client": "p1", "file": "f1"}))
        )
        reader.start()
        assert _wait_for(lambda: any(d.waiting.is_set() for d in opened))
        assert post(url, "cancel", {"client": "p2", "kind": "history"})[1] == {"stopped": False}
        assert post(url, "cancel", {"client": "p1", "kind": "history"})[1] == {"stopped": True}
        reader.join(30)
        assert lines[-1] == {"cancelled": True, "status": 200, "done": 0}
        assert [d.interrupted.is_set() for d in opened].count(True) == 1
        # The server goes on.
        assert post(url, "answer", {"client": "p1", "buffer": CONDITION})[1]["ready"]


def test_a_new_segment_over_http(served: Served) -> None:
    [file] = post(served.url, "state", {})[1]["files"]
    request = {"file": "f1", "version": file["version"], "description": ""}
    status, added = post(served.url, "add", {**request, "name": "some", "body": "purchases > 7"})
    assert status == 200 and added["text"] == "segment some = purchases > 7"
    assert added["definitions"][-1] == {"name": "some", "kind": "segment"}
    assert served.segments.read_text().endswith("\n\nsegment some = purchases > 7\n")
    # The version the page had is no longer the file's: refused, with the change.
    status, refused = post(served.url, "add", {**request, "name": "more", "body": "vip"})
    assert status == 409 and "changed on disk since the page loaded it" in refused["error"]
    assert "+segment some = purchases > 7" in refused["detail"]
    request["version"] = added["opened"]["version"]
    status, refused = post(served.url, "add", {**request, "name": "the x", "body": "vip"})
    assert status == 409 and refused["error"].startswith("'the x' cannot name a segment")
    status, refused = post(served.url, "add", {**request, "name": "x", "body": "vip >"})
    assert status == 422 and refused["problems"][0]["code"].startswith("E1")
