"""A webhook receiver for the sync tests: an HTTP server on 127.0.0.1 (a thread) that records
every request and answers with faults planned per page, and what a receiver holds once it
applies the pages it got, each Idempotency-Key once."""

from __future__ import annotations

import csv
import json
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

# A planned answer: an HTTP status; (status, seconds): with a Retry-After header; "slow": take
# the page, but answer after the client's timeout; "hold": take the page and wait until
# `release` (the client is stopped meanwhile).
Fault = int | str | tuple[int, int]
Membership = dict[tuple[str, str], set[Any]]


@dataclass
class Request:
    key: str
    body: dict[str, Any]
    status: int  # what the receiver answered (or meant to, for "slow" and "hold")

    @property
    def page(self) -> tuple[int, int]:
        return (self.body["run_number"], self.body["page"])


@dataclass
class Receiver:
    """Faults by (run number, page): one entry per attempt, in order; then 200."""

    faults: dict[tuple[int, int], list[Fault]] = field(default_factory=dict)
    slow_seconds: float = 2.0
    requests: list[Request] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)
    held: threading.Event = field(default_factory=threading.Event)

    def taken(self) -> list[Request]:
        """The requests whose page the receiver took (answered 2xx, slow or held)."""
        return [r for r in self.requests if r.status < 300]

    def membership(self) -> Membership:
        """What the receiver holds: each page taken once (by Idempotency-Key), in order; a full
        run replaces the segments it covers."""
        held: Membership = {}
        seen: set[str] = set()
        replaced: set[str] = set()
        for request in self.taken():
            if request.key in seen:
                continue
            seen.add(request.key)
            body = request.body
            if body["mode"] == "full" and body["run"] not in replaced:
                replaced.add(body["run"])
                covered = {*body["segments"], *body["partitions"]}
                held = {group: keys for group, keys in held.items() if group[0] not in covered}
            for event in body["events"]:
                group = (event["segment"], event.get("label", ""))
                keys = held.setdefault(group, set())
                if event["event"] == "Segment Entered":
                    keys.add(event["key"])
                else:
                    keys.discard(event["key"])
        return {group: keys for group, keys in held.items() if keys}

    def events_of_run(self, number: int) -> list[dict[str, Any]]:
        """The events of a run, each page once."""
        pages: dict[int, list[dict[str, Any]]] = {}
        for request in self.taken():
            if request.body["run_number"] == number:
                pages.setdefault(request.body["page"], request.body["events"])
        return [event for page in sorted(pages) for event in pages[page]]

    def deliveries_per_key(self) -> Counter[str]:
        return Counter(request.key for request in self.taken())


def _handler(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # the name http.server calls
            length = int(self.headers.get("Content-Length", "0"))
            body = json.loads(self.rfile.read(length))
            key = self.headers.get("Idempotency-Key", "")
            planned = receiver.faults.get((body["run_number"], body["page"]), [])
            fault: Fault = planned.pop(0) if planned else 200
            status = fault if isinstance(fault, int) else 200
            retry_after = None
            if isinstance(fault, tuple):
                status, retry_after = fault
            receiver.requests.append(Request(key, body, status))
            if fault == "slow":
                time.sleep(receiver.slow_seconds)
            elif fault == "hold":
                receiver.held.set()
                receiver.release.wait(60)
            try:
                self.send_response(status)
                if retry_after is not None:
                    self.send_header("Retry-After", str(retry_after))
                self.send_header("Content-Length", "0")
                self.end_headers()
            except OSError:
                pass  # the client gave up waiting: the answer has nowhere to go

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@dataclass
class Server:
    receiver: Receiver
    url: str


def serve(receiver: Receiver) -> Iterator[Server]:
    """Serve `receiver` on 127.0.0.1 (an ephemeral port) for the duration of a fixture."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(receiver))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Server(receiver, f"http://127.0.0.1:{server.server_address[1]}/segments")
    finally:
        receiver.release.set()
        server.shutdown()
        server.server_close()


def membership_file(path: Path, partitions: set[str]) -> Membership:
    """The membership in a `segdsl run FILE --out F.csv` file, as a receiver holds it: a
    segment's column is 1 or 0, a partition's (named in `partitions`) the label."""
    held: Membership = {}
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle)
        _key_column, *names = next(rows)
        for row in rows:
            key = int(row[0])
            for name, value in zip(names, row[1:], strict=True):
                if name in partitions:
                    held.setdefault((name, value), set()).add(key)
                elif value == "1":
                    held.setdefault((name, ""), set()).add(key)
    return held


def difference(before: Membership, after: Membership) -> tuple[Membership, Membership]:
    """Who entered and who exited each group between two memberships."""
    groups = set(before) | set(after)
    entered = {g: after.get(g, set()) - before.get(g, set()) for g in groups}
    exited = {g: before.get(g, set()) - after.get(g, set()) for g in groups}
    return (
        {g: keys for g, keys in entered.items() if keys},
        {g: keys for g, keys in exited.items() if keys},
    )


def changes_of(events: list[dict[str, Any]]) -> tuple[Membership, Membership]:
    """Events as (entered, exited) groups."""
    entered: Membership = {}
    exited: Membership = {}
    for event in events:
        target = entered if event["event"] == "Segment Entered" else exited
        target.setdefault((event["segment"], event.get("label", "")), set()).add(event["key"])
    return entered, exited
