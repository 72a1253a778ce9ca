"""A small example shop (the demo's generator, anchored today), and a studio serving it from a
thread with a copy of examples/shop/segments.seg that each test may change."""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import segdsl
from segdsl.demo.builder import build_demo_database
from segdsl.runtime.engines import Database, connect
from segdsl.semantics.schema import Schema
from segdsl.service import Settings

pytest.importorskip("starlette", reason="the studio needs the `studio` extra")

from segdsl.studio.answers import Connections
from segdsl.studio.server import Studio, create_app, listening_socket
from segdsl.studio.workspace import Workspace

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "shop"
CUSTOMERS = 3000
TOKEN = "the-token-of-this-test-studio"


@pytest.fixture(scope="session")
def shop_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("studio-shop") / "shop.duckdb"
    today = dt.datetime.now(dt.UTC).replace(tzinfo=None, hour=0, minute=0, second=0, microsecond=0)
    build_demo_database(path, customers=CUSTOMERS, seed=7, anchor=today)
    return path


@pytest.fixture(scope="session")
def schema() -> Schema:
    return segdsl.load_schema(EXAMPLE / "schema.yaml")


@pytest.fixture
def project(tmp_path: Path, shop_db: Path) -> Path:
    """A project folder: the example's schema and segments, and its database."""
    folder = tmp_path / "shop"
    folder.mkdir()
    for name in ("schema.yaml", "segments.seg"):
        shutil.copy(EXAMPLE / name, folder / name)
    (folder / "segdsl.toml").write_text(
        f'schema = "schema.yaml"\ndb = "{shop_db}"\ndialect = "duckdb"\n', encoding="utf-8"
    )
    return folder


def make_studio(project: Path, schema: Schema, open_database: Callable[[], Database]) -> Studio:
    workspace = Workspace([project / "segments.seg"], schema, Settings(), project)
    connections = Connections(open_database)
    label = connections.prepare()
    return Studio(workspace, connections, schema, "duckdb", label, TOKEN)


@contextlib.contextmanager
def serving(studio: Studio) -> Iterator[str]:
    """The studio's server on a free port of 127.0.0.1, in a thread; its address."""
    import uvicorn

    sock = listening_socket("127.0.0.1", 0)
    server = uvicorn.Server(uvicorn.Config(create_app(studio), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the studio did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(30)
        studio.connections.close()


@dataclass
class Served:
    url: str
    studio: Studio
    segments: Path

    @property
    def address(self) -> str:
        """The address `segdsl studio` prints: with the token."""
        return f"{self.url}/?token={TOKEN}"


@pytest.fixture
def served(project: Path, schema: Schema, shop_db: Path) -> Iterator[Served]:
    studio = make_studio(project, schema, lambda: connect(str(shop_db), 30, schema))
    with serving(studio) as url:
        yield Served(url, studio, project / "segments.seg")


def post(url: str, endpoint: str, body: object, token: str | None = TOKEN) -> tuple[int, Any]:
    """A request to an endpoint, as the page makes it (with the token in the header)."""
    import json
    import urllib.error
    import urllib.request

    headers = {"Content-Type": "application/json"}
    if token is not None:
        headers["X-Segdsl-Token"] = token
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    request = urllib.request.Request(f"{url}/api/{endpoint}", data, headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())
